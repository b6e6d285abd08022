"""Staff members' political status (政治面貌), which party-organisation life keeps in step with
party membership."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from core.models.enums import PoliticalStatus
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0007_attachments')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Staff',
            name='political_status',
            field=fields.CharEnumField(null=True, description='CPC_MEMBER: CPC_MEMBER\nCPC_PROBATIONARY: CPC_PROBATIONARY\nDEMOCRATIC_PARTY: DEMOCRATIC_PARTY\nMASSES: MASSES', enum_type=PoliticalStatus, max_length=16),
        ),
    ]
