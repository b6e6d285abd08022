from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0007_attachments')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Notice',
            fields=[
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_index=True, db_constraint=True, to_field='id', related_name='notices_notices', on_delete=OnDelete.RESTRICT)),
                ('retiree', fields.ForeignKeyField('core.Retiree', source_field='retiree_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='notices_notices', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=100)),
                ('body', fields.TextField(unique=False)),
                ('published_on', fields.DateField(db_index=True)),
            ],
            options={'table': 'notices_notice', 'app': 'notices', 'pk_attr': 'id', 'table_description': '通知公告: a record an agency keeps, optionally about one of its retirees.'},
            bases=['Versioned'],
        ),
    ]
