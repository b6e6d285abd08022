from tortoise import migrations
from tortoise.migrations import operations as ops
from core.models.enums import AccountKind, AuditAction, AuditOutcome, TokenKind
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0002_encrypt_personal_data')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('occurred_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('action', fields.CharEnumField(db_index=True, description='MUTATION: MUTATION\nROLE_CHANGE: ROLE_CHANGE\nSENSITIVE_READ: SENSITIVE_READ\nLOGIN: LOGIN\nLOGIN_FAILED: LOGIN_FAILED\nLOGOUT: LOGOUT', enum_type=AuditAction, max_length=14)),
                ('outcome', fields.CharEnumField(default=AuditOutcome.SUCCEEDED, description='SUCCEEDED: SUCCEEDED\nREFUSED: REFUSED', enum_type=AuditOutcome, max_length=9)),
                ('error_code', fields.CharField(default='', max_length=40)),
                ('operation', fields.CharField(default='', max_length=100)),
                ('principal_name', fields.CharField(default='', max_length=50)),
                ('principal_kind', fields.CharField(default='', max_length=20)),
                ('user_id', fields.IntField(null=True, db_index=True)),
                ('client_address', fields.CharField(default='', max_length=64)),
                ('target_type', fields.CharField(default='', max_length=50)),
                ('target_id', fields.IntField(null=True)),
                ('field_names', fields.TextField(default='', unique=False)),
                ('actor_agency', fields.ForeignKeyField('core.Agency', source_field='actor_agency_id', null=True, db_constraint=False, to_field='id', related_name=False, on_delete=OnDelete.NO_ACTION)),
            ],
            options={'table': 'core_audit_event', 'app': 'core', 'pk_attr': 'id', 'table_description': 'Append-only record of a write, an unmasked read of sensitive data, or a login.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='UserAccount',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=50)),
                ('display_name', fields.CharField(default='', max_length=50)),
                ('kind', fields.CharEnumField(description='ADMIN: ADMIN\nDEPARTMENT: DEPARTMENT\nSTAFF: STAFF\nRETIREE: RETIREE', enum_type=AccountKind, max_length=10)),
                ('password_hash', fields.CharField(max_length=255)),
                ('staff', fields.ForeignKeyField('core.Staff', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('department', fields.ForeignKeyField('core.Agency', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('retiree', fields.ForeignKeyField('core.Retiree', source_field='retiree_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('active', fields.BooleanField(default=True)),
                ('failed_logins', fields.IntField(default=0)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('password_changed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'core_user_account', 'app': 'core', 'pk_attr': 'id', 'table_description': 'A person or integration that logs in. Its scope comes from what it is linked to:'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AccessToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('core.UserAccount', source_field='user_id', db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='SESSION: SESSION\nAPI: API', enum_type=TokenKind, max_length=7)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(default='', max_length=100)),
                ('permissions', fields.TextField(default='', unique=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'core_access_token', 'app': 'core', 'pk_attr': 'id', 'table_description': 'A bearer token. Only its SHA-256 is stored, the token itself is shown once.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RoleGrant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('core.UserAccount', source_field='user_id', db_constraint=True, to_field='id', related_name='grants', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharField(max_length=50)),
                ('granted_by', fields.CharField(default='', max_length=50)),
                ('granted_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'core_role_grant', 'app': 'core', 'unique_together': (('user', 'role'),), 'pk_attr': 'id', 'table_description': 'A built-in role held by an account.'},
            bases=['Model'],
        ),
    ]
