from tortoise import migrations
from tortoise.migrations import operations as ops
from core.models.enums import FamilyRelation
from plugins.sanatorium.models import SanatoriumBatchStatus, SanatoriumDecision, SanatoriumFitness, SanatoriumNominationStatus, SanatoriumReviewLevel, SanatoriumTier
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0003_accounts_and_audit')]

    initial = True

    operations = [
        ops.CreateModel(
            name='SanatoriumPlan',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('owner', fields.ForeignKeyField('core.Agency', source_field='owner_id', db_constraint=True, to_field='id', related_name='sanatorium_plans', on_delete=OnDelete.RESTRICT)),
                ('year', fields.IntField(db_index=True)),
                ('tier', fields.CharEnumField(description='NATIONAL: NATIONAL\nPROVINCIAL: PROVINCIAL\nCITY: CITY\nCOUNTY: COUNTY', enum_type=SanatoriumTier, max_length=10)),
                ('title', fields.CharField(max_length=100)),
                ('total_quota', fields.IntField()),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'sanatorium_plan', 'app': 'sanatorium', 'unique_together': (('owner', 'year', 'tier'),), 'pk_attr': 'id', 'table_description': "A department's annual plan for one tier, with a total quota of retirees."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SanatoriumQuota',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('plan', fields.ForeignKeyField('sanatorium.SanatoriumPlan', source_field='plan_id', db_constraint=True, to_field='id', related_name='quotas', on_delete=OnDelete.CASCADE)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='sanatorium_quotas', on_delete=OnDelete.RESTRICT)),
                ('quota', fields.IntField()),
            ],
            options={'table': 'sanatorium_quota', 'app': 'sanatorium', 'unique_together': (('plan', 'agency'),), 'pk_attr': 'id', 'table_description': "The places of a plan allotted to one agency below the plan's owner (and its subtree)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SanatoriumSite',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('owner', fields.ForeignKeyField('core.Agency', source_field='owner_id', db_constraint=True, to_field='id', related_name='sanatorium_sites', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=100)),
                ('region', fields.CharField(default='', max_length=50)),
                ('address', fields.CharField(default='', max_length=200)),
                ('beds', fields.IntField()),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'sanatorium_site', 'app': 'sanatorium', 'pk_attr': 'id', 'table_description': 'A sanatorium (疗养地) a department sends retirees to.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SanatoriumBatch',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('plan', fields.ForeignKeyField('sanatorium.SanatoriumPlan', source_field='plan_id', db_constraint=True, to_field='id', related_name='batches', on_delete=OnDelete.RESTRICT)),
                ('site', fields.ForeignKeyField('sanatorium.SanatoriumSite', source_field='site_id', db_constraint=True, to_field='id', related_name='batches', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=100)),
                ('starts_on', fields.DateField(db_index=True)),
                ('ends_on', fields.DateField()),
                ('capacity', fields.IntField()),
                ('family_allowed', fields.BooleanField(default=False)),
                ('programme', fields.CharField(default='', max_length=500)),
                ('status', fields.CharEnumField(default=SanatoriumBatchStatus.PLANNED, db_index=True, description='PLANNED: PLANNED\nOPEN: OPEN\nCLOSED: CLOSED\nCOMPLETED: COMPLETED', enum_type=SanatoriumBatchStatus, max_length=9)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'sanatorium_batch', 'app': 'sanatorium', 'pk_attr': 'id', 'table_description': 'One batch (批次) of a plan at a site, with dates, capacity in persons and a programme.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SanatoriumNomination',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('batch', fields.ForeignKeyField('sanatorium.SanatoriumBatch', source_field='batch_id', db_constraint=True, to_field='id', related_name='nominations', on_delete=OnDelete.RESTRICT)),
                ('retiree', fields.ForeignKeyField('core.Retiree', source_field='retiree_id', db_constraint=True, to_field='id', related_name='sanatorium_nominations', on_delete=OnDelete.RESTRICT)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', description="the nominating agency (the retiree's when nominated), whose quota the place uses", db_constraint=True, to_field='id', related_name='sanatorium_nominations', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(default=SanatoriumNominationStatus.DRAFT, db_index=True, description='DRAFT: DRAFT\nNOMINATED: NOMINATED\nUNDER_REVIEW: UNDER_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED\nWITHDRAWN: WITHDRAWN\nATTENDED: ATTENDED\nNO_SHOW: NO_SHOW', enum_type=SanatoriumNominationStatus, max_length=12)),
                ('pending_level', fields.CharEnumField(null=True, description='AGENCY: AGENCY\nCOUNTY: COUNTY\nCITY: CITY\nPROVINCE: PROVINCE\nMINISTRY: MINISTRY', enum_type=SanatoriumReviewLevel, max_length=8)),
                ('recommendation', fields.CharField(default='', max_length=500)),
                ('reason', fields.CharField(default='', max_length=500)),
                ('fitness', fields.CharEnumField(default=SanatoriumFitness.PENDING, description='PENDING: PENDING\nFIT: FIT\nUNFIT: UNFIT', enum_type=SanatoriumFitness, max_length=7)),
                ('fitness_checked_on', fields.DateField(null=True)),
                ('fitness_note', fields.CharField(default='', max_length=500)),
                ('nominated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'sanatorium_nomination', 'app': 'sanatorium', 'pk_attr': 'id', 'table_description': 'A retiree nominated by their agency for a batch, through the review levels.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SanatoriumCompanion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('nomination', fields.ForeignKeyField('sanatorium.SanatoriumNomination', source_field='nomination_id', db_constraint=True, to_field='id', related_name='companions', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=50)),
                ('relation', fields.CharEnumField(description='SPOUSE: SPOUSE\nCHILD: CHILD\nPARENT: PARENT\nSIBLING: SIBLING\nOTHER: OTHER', enum_type=FamilyRelation, max_length=7)),
            ],
            options={'table': 'sanatorium_companion', 'app': 'sanatorium', 'pk_attr': 'id', 'table_description': 'A family member accompanying a nominated retiree (only where the batch allows family).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SanatoriumReview',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('nomination', fields.ForeignKeyField('sanatorium.SanatoriumNomination', source_field='nomination_id', db_constraint=True, to_field='id', related_name='reviews', on_delete=OnDelete.CASCADE)),
                ('level', fields.CharEnumField(description='AGENCY: AGENCY\nCOUNTY: COUNTY\nCITY: CITY\nPROVINCE: PROVINCE\nMINISTRY: MINISTRY', enum_type=SanatoriumReviewLevel, max_length=8)),
                ('decision', fields.CharEnumField(description='APPROVE: APPROVE\nREJECT: REJECT', enum_type=SanatoriumDecision, max_length=7)),
                ('opinion', fields.CharField(default='', max_length=500)),
                ('reviewer_name', fields.CharField(max_length=50)),
                ('reviewer_user_id', fields.IntField(null=True)),
                ('reviewer_agency', fields.ForeignKeyField('core.Agency', source_field='reviewer_agency_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('reviewed_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sanatorium_review', 'app': 'sanatorium', 'pk_attr': 'id', 'table_description': 'One review of a nomination at one level: reviewer, decision, opinion and time.'},
            bases=['Model'],
        ),
    ]
