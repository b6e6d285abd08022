"""Tortoise models of the ``notices`` app (tables prefixed ``notices_``)."""

from tortoise import fields
from tortoise.models import Model


class Notice(Model):
    """A notice an agency published (通知公告)."""

    id = fields.IntField(primary_key=True)
    agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="notices", on_delete=fields.RESTRICT
    )
    title = fields.CharField(max_length=100)
    body = fields.TextField()
    published_on = fields.DateField(db_index=True)

    class Meta:
        table = "notices_notice"
        ordering = ["-published_on", "-id"]


__all__ = ["Notice"]
