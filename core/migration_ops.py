"""Migration operations the plugins' migrations use where tortoise's own fall short.

tortoise alters a SQLite column by rebuilding the table, which drops its other indexes and,
through ON DELETE CASCADE, child rows; SQLite does not enforce column types anyway, so such
changes are recorded in the migration state only, and indexes are created directly. And
tortoise renames a model with relations in its migration state badly (see
``RenameRelatedModel``)."""

from typing import Any

from tortoise.migrations import operations as ops
from tortoise.migrations.schema_generator.state import State, get_related_models_recursive


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


class RenameRelatedModel(ops.RenameModel):
    """``RenameModel`` for a model with relations (a table given in ``Meta.table`` keeps its
    name, so the database is untouched). tortoise 1.1 re-renders only the renamed model in the
    migration state, so the models it relates to keep the backward relations of its old class
    and the next render fails with "backward relation … duplicates"; here every model it
    relates to, directly or not, is rendered afresh from its state."""

    def state_forward(self, app_label: str, state: State) -> None:
        related = get_related_models_recursive(state.apps.get_model(app_label, self.old_name))
        for label, name in related:
            state.apps.unregister_model(label, name)
        super().state_forward(app_label, state)
        state.reload_models(related)
