"""Attachments (core/attachments.py) and the audit action of their downloads; the audit column's
change is its description only, so SQLite keeps its table (core/migration_ops.py)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from core.models.enums import AuditAction
from tortoise import fields
from tortoise.indexes import Index

from core.migration_ops import AlterFieldExceptSqlite

class Migration(migrations.Migration):
    dependencies = [('core', '0006_login_throttle')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Attachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('record_type', fields.CharField(max_length=50)),
                ('record_id', fields.IntField()),
                ('filename', fields.CharField(max_length=200)),
                ('content_type', fields.CharField(max_length=100)),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(db_index=True, max_length=64)),
                ('description', fields.CharField(default='', max_length=500)),
                ('uploaded_by', fields.CharField(default='', max_length=50)),
                ('uploaded_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'core_attachment', 'app': 'core', 'indexes': [Index(fields=['record_type', 'record_id'])], 'pk_attr': 'id', 'table_description': 'A file (minutes, photo, scan, invoice) attached to a record of any attachment target,'},
            bases=['Model'],
        ),
        AlterFieldExceptSqlite(
            model_name='AuditEvent',
            name='action',
            field=fields.CharEnumField(db_index=True, description='MUTATION: MUTATION\nROLE_CHANGE: ROLE_CHANGE\nSENSITIVE_READ: SENSITIVE_READ\nLOGIN: LOGIN\nLOGIN_FAILED: LOGIN_FAILED\nLOGOUT: LOGOUT\nDOWNLOAD: DOWNLOAD', enum_type=AuditAction, max_length=14),
        ),
    ]
