from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0003_accounts_and_audit')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Notice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='notices', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=100)),
                ('body', fields.TextField(unique=False)),
                ('published_on', fields.DateField(db_index=True)),
            ],
            options={'table': 'notices_notice', 'app': 'notices', 'pk_attr': 'id', 'table_description': 'A notice an agency published (通知公告).'},
            bases=['Model'],
        ),
    ]
