"""Indexes on nomination → retiree and nomination → batch (the loaders of Retiree.sanatoriumNominations
and SanatoriumBatch.nominations)."""

from tortoise import migrations
from tortoise.fields.base import OnDelete
from tortoise import fields


from core.api import AlterFieldExceptSqlite, SqliteIndexes


class Migration(migrations.Migration):
    dependencies = [('core', '0004_foreign_key_indexes'), ('sanatorium', '0001_initial')]

    initial = False

    operations = [
        AlterFieldExceptSqlite(
            model_name='SanatoriumNomination',
            name='batch',
            field=fields.ForeignKeyField('sanatorium.SanatoriumBatch', source_field='batch_id', db_index=True, db_constraint=True, to_field='id', related_name='nominations', on_delete=OnDelete.RESTRICT),
        ),
        AlterFieldExceptSqlite(
            model_name='SanatoriumNomination',
            name='retiree',
            field=fields.ForeignKeyField('core.Retiree', source_field='retiree_id', db_index=True, db_constraint=True, to_field='id', related_name='sanatorium_nominations', on_delete=OnDelete.RESTRICT),
        ),
        SqliteIndexes([('sanatorium_nomination', 'batch_id'), ('sanatorium_nomination', 'retiree_id')]),
    ]
