"""Migration operations that keep SQLite tables intact. tortoise alters a SQLite column by
rebuilding the table, which drops its other indexes and, through ON DELETE CASCADE, child
rows; SQLite does not enforce column types anyway, so such changes are recorded in the
migration state only, and indexes are created directly."""

from typing import Any

from tortoise.migrations import operations as ops


def _sqlite(state_editor: Any) -> bool:
    return state_editor is not None and state_editor.client.capabilities.dialect == "sqlite"


class AlterFieldExceptSqlite(ops.AlterField):
    """``AlterField`` whose SQL runs everywhere but on SQLite."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:  # type: ignore[no-untyped-def]
        if not _sqlite(state_editor):
            await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:  # type: ignore[no-untyped-def]
        if not _sqlite(state_editor):
            await super().database_backward(app_label, old_state, new_state, state_editor)


class SqliteIndexes(ops.RunSQL):
    """Indexes created on SQLite only (``CREATE INDEX IF NOT EXISTS``), where
    ``AlterFieldExceptSqlite`` skipped the column change that would have made them."""

    def __init__(self, indexes: list[tuple[str, str]]) -> None:
        super().__init__(
            [f'CREATE INDEX IF NOT EXISTS "idx_{t}_{c}" ON "{t}" ("{c}")' for t, c in indexes],
            [f'DROP INDEX IF EXISTS "idx_{t}_{c}"' for t, c in indexes],
        )

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:  # type: ignore[no-untyped-def]
        if _sqlite(state_editor):
            await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:  # type: ignore[no-untyped-def]
        if _sqlite(state_editor):
            await super().database_backward(app_label, old_state, new_state, state_editor)
