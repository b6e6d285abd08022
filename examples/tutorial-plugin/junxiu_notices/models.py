"""Tortoise models of the ``notices`` app (tables prefixed ``notices_``)."""

from tortoise import fields

from core.api import Versioned


class Notice(Versioned):
    """通知公告: a record an agency keeps, optionally about one of its retirees."""

    id = fields.IntField(primary_key=True)
    agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency",
        related_name="notices_notices",
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    retiree: fields.ForeignKeyNullableRelation["Retiree"] = fields.ForeignKeyField(  # noqa: F821
        "core.Retiree",
        related_name="notices_notices",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    title = fields.CharField(max_length=100)
    body = fields.TextField()
    published_on = fields.DateField(db_index=True)

    class Meta:
        table = "notices_notice"
        ordering = ["-published_on", "-id"]


__all__ = ["Notice"]
