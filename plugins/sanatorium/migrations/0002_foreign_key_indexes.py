"""Indexes on nomination → retiree and nomination → batch (the loaders of Retiree.sanatoriumNominations
and SanatoriumBatch.nominations)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields


def _sqlite(state_editor) -> bool:
    return state_editor is not None and state_editor.client.capabilities.dialect == "sqlite"


class AlterFieldExceptSqlite(ops.AlterField):
    """``AlterField`` whose SQL is skipped on SQLite: tortoise rebuilds a SQLite table to alter a
    column, which drops its other indexes and, through ON DELETE CASCADE, child rows."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if not _sqlite(state_editor):
            await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if not _sqlite(state_editor):
            await super().database_backward(app_label, old_state, new_state, state_editor)


class SqliteIndexes(ops.RunSQL):
    """The same indexes on SQLite, created directly (``CREATE INDEX IF NOT EXISTS``)."""

    def __init__(self, indexes: list[tuple[str, str]]) -> None:
        super().__init__(
            [f'CREATE INDEX IF NOT EXISTS "idx_{t}_{c}" ON "{t}" ("{c}")' for t, c in indexes],
            [f'DROP INDEX IF EXISTS "idx_{t}_{c}"' for t, c in indexes],
        )

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if _sqlite(state_editor):
            await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if _sqlite(state_editor):
            await super().database_backward(app_label, old_state, new_state, state_editor)

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
