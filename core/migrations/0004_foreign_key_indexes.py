"""Indexes on the foreign keys loaders and filters look up by (retiree → agency, caretaker; awards, family,
transfers → retiree; staff → agency): PostgreSQL does not index foreign keys by itself."""

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
    dependencies = [('core', '0001_initial'), ('core', '0002_encrypt_personal_data'), ('core', '0003_accounts_and_audit')]

    initial = False

    operations = [
        AlterFieldExceptSqlite(
            model_name='FamilyMember',
            name='retiree',
            field=fields.ForeignKeyField('core.Retiree', source_field='retiree_id', db_index=True, db_constraint=True, to_field='id', related_name='family_members', on_delete=OnDelete.CASCADE),
        ),
        AlterFieldExceptSqlite(
            model_name='Retiree',
            name='agency',
            field=fields.ForeignKeyField('core.Agency', source_field='agency_id', db_index=True, db_constraint=True, to_field='id', related_name='retirees', on_delete=OnDelete.RESTRICT),
        ),
        AlterFieldExceptSqlite(
            model_name='Retiree',
            name='caretaker',
            field=fields.ForeignKeyField('core.Staff', source_field='caretaker_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='cared_retirees', on_delete=OnDelete.SET_NULL),
        ),
        AlterFieldExceptSqlite(
            model_name='RetireeAward',
            name='retiree',
            field=fields.ForeignKeyField('core.Retiree', source_field='retiree_id', db_index=True, db_constraint=True, to_field='id', related_name='awards', on_delete=OnDelete.CASCADE),
        ),
        AlterFieldExceptSqlite(
            model_name='RetireeTransfer',
            name='retiree',
            field=fields.ForeignKeyField('core.Retiree', source_field='retiree_id', db_index=True, db_constraint=True, to_field='id', related_name='transfers', on_delete=OnDelete.CASCADE),
        ),
        AlterFieldExceptSqlite(
            model_name='Staff',
            name='agency',
            field=fields.ForeignKeyField('core.Agency', source_field='agency_id', db_index=True, db_constraint=True, to_field='id', related_name='staff', on_delete=OnDelete.RESTRICT),
        ),
        SqliteIndexes([('core_family_member', 'retiree_id'), ('core_retiree', 'agency_id'), ('core_retiree', 'caretaker_id'), ('core_retiree_award', 'retiree_id'), ('core_retiree_transfer', 'retiree_id'), ('core_staff', 'agency_id')]),
    ]
