from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from junxiu_meals.models import Meal, MealOrderStatus


class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='MealOrder',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('retiree', fields.ForeignKeyField('core.Retiree', source_field='retiree_id', db_constraint=True, to_field='id', related_name='meal_orders', on_delete=OnDelete.RESTRICT)),
                ('served_on', fields.DateField(db_index=True)),
                ('meal', fields.CharEnumField(description='LUNCH: LUNCH\nDINNER: DINNER', enum_type=Meal, max_length=6)),
                ('delivery', fields.BooleanField(default=False)),
                ('price', fields.DecimalField(max_digits=8, decimal_places=2)),
                ('status', fields.CharEnumField(default=MealOrderStatus.ORDERED, db_index=True, description='ORDERED: ORDERED\nCANCELLED: CANCELLED', enum_type=MealOrderStatus, max_length=9)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'meals_order', 'app': 'meals', 'pk_attr': 'id', 'table_description': 'One meal (lunch or dinner) ordered for one retiree on one day.'},
            bases=['Model'],
        ),
    ]
