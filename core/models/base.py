"""Abstract bases shared by core and plugin models."""

from collections.abc import Iterable

from tortoise import fields
from tortoise.models import Model


class Versioned(Model):
    """A record people edit: an optimistic ``version`` (1 on creation, one more on every
    ``save_versioned``) and its creation and last-change times. Columns ``version``,
    ``created_at``, ``updated_at``: a model that inherits it declares none of them itself."""

    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        abstract = True


async def save_versioned(row: Versioned, changed: Iterable[str] | None = None) -> None:
    """Save ``row`` and bump its version: only the ``changed`` fields (with ``version`` and
    ``updated_at``) when given, the whole row when ``None``."""
    row.version += 1
    if changed is None:
        await row.save()
    else:
        await row.save(update_fields=[*changed, "version", "updated_at"])
