"""Login attempts counted per (username, client address) and per username, for every process of
an instance (docs/security.md)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0005_category_birth_date_index')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoginThrottle',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(max_length=50)),
                ('client_address', fields.CharField(max_length=64)),
                ('attempts', fields.IntField(default=0)),
                ('last_attempt_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'core_login_throttle', 'app': 'core', 'unique_together': (('username', 'client_address'),), 'pk_attr': 'id', 'table_description': 'Login attempts counted per typed username, whether an account has that name or not (so'},
            bases=['Model'],
        ),
    ]
