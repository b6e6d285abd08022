from tortoise import fields
from tortoise.models import Model


class Attachment(Model):
    """A file (minutes, photo, scan, invoice) attached to a record of any attachment target,
    named by its GraphQL type and primary key. The file lives on disk under the instance's
    attachments folder, named by its SHA-256 (identical files are stored once)."""

    id = fields.IntField(primary_key=True)
    record_type = fields.CharField(max_length=50)
    record_id = fields.IntField()
    filename = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=100)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64, db_index=True)
    description = fields.CharField(max_length=500, default="")
    uploaded_by = fields.CharField(max_length=50, default="")
    uploaded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "core_attachment"
        ordering = ["id"]
        indexes = (("record_type", "record_id"),)
