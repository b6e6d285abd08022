"""A composite index for the commonest portal search, category with a birth-year range: at 1M
retirees SQLite otherwise walks the birth-date index and reads every row of the range (about 80k)
to check the category (docs/performance.md)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('core', '0004_foreign_key_indexes')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Retiree',
            index=Index(fields=['category', 'birth_date']),
        ),
    ]
