from tortoise import migrations
from tortoise.migrations import operations as ops
from plugins.party.models import LetterDirection, LetterStatus, MemberStatus, OrganisationKind, OrganisationStatus, PostKind
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0008_staff_political_status')]

    initial = True

    operations = [
        ops.CreateModel(
            name='PartyOrganisation',
            fields=[
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('kind', fields.CharEnumField(db_index=True, description='COMMITTEE: COMMITTEE\nGENERAL_BRANCH: GENERAL_BRANCH\nBRANCH: BRANCH\nGROUP: GROUP', enum_type=OrganisationKind, max_length=14)),
                ('status', fields.CharEnumField(default=OrganisationStatus.PREPARING, db_index=True, description='PREPARING: PREPARING\nACTIVE: ACTIVE\nDISSOLVED: DISSOLVED', enum_type=OrganisationStatus, max_length=9)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', null=True, db_constraint=True, to_field='id', related_name='party_organisations', on_delete=OnDelete.RESTRICT)),
                ('parent', fields.ForeignKeyField('party.PartyOrganisation', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('superior_name', fields.CharField(default='', max_length=100)),
                ('established_on', fields.DateField(null=True)),
            ],
            options={'table': 'party_organisation', 'app': 'party', 'pk_attr': 'id', 'table_description': 'A party organisation: 党委, 党总支, 党支部 or 党小组, optionally of an agency.'},
            bases=['Versioned'],
        ),
        ops.CreateModel(
            name='PartyMember',
            fields=[
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('retiree', fields.ForeignKeyField('core.Retiree', source_field='retiree_id', null=True, db_constraint=True, to_field='id', related_name='party_memberships', on_delete=OnDelete.RESTRICT)),
                ('staff', fields.ForeignKeyField('core.Staff', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='party_memberships', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=50)),
                ('branch', fields.ForeignKeyField('party.PartyOrganisation', source_field='branch_id', db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.RESTRICT)),
                ('group', fields.ForeignKeyField('party.PartyOrganisation', source_field='group_id', null=True, db_constraint=True, to_field='id', related_name='group_members', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(db_index=True, description='FORMAL: FORMAL\nPROBATIONARY: PROBATIONARY\nFLOWING_IN: FLOWING_IN\nFLOWING_OUT: FLOWING_OUT\nSUSPENDED: SUSPENDED\nENDED: ENDED', enum_type=MemberStatus, max_length=12)),
                ('joined_on', fields.DateField()),
                ('joined_month', fields.SmallIntField(db_index=True)),
                ('confirmed_on', fields.DateField(null=True)),
                ('ended_on', fields.DateField(null=True)),
                ('end_reason', fields.CharField(default='', max_length=200)),
            ],
            options={'table': 'party_member', 'app': 'party', 'pk_attr': 'id', 'table_description': "One person's membership in a branch: a retiree or a staff member (never both)."},
            bases=['Versioned'],
        ),
        ops.CreateModel(
            name='PartyCommitteePost',
            fields=[
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation', fields.ForeignKeyField('party.PartyOrganisation', source_field='organisation_id', db_constraint=True, to_field='id', related_name='posts', on_delete=OnDelete.RESTRICT)),
                ('member', fields.ForeignKeyField('party.PartyMember', source_field='member_id', db_constraint=True, to_field='id', related_name='posts', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='SECRETARY: SECRETARY\nDEPUTY_SECRETARY: DEPUTY_SECRETARY\nORGANIZATION: ORGANIZATION\nPROPAGANDA: PROPAGANDA\nDISCIPLINE: DISCIPLINE', enum_type=PostKind, max_length=16)),
                ('holder_retiree', fields.ForeignKeyField('core.Retiree', source_field='holder_retiree_id', null=True, db_constraint=True, to_field='id', related_name='party_posts_held', on_delete=OnDelete.RESTRICT)),
                ('term_starts_on', fields.DateField()),
                ('term_ends_on', fields.DateField(db_index=True)),
                ('ended_on', fields.DateField(null=True)),
            ],
            options={'table': 'party_committee_post', 'app': 'party', 'pk_attr': 'id', 'table_description': "A committee post held by a member for a term, the term's end is the 换届 due date."},
            bases=['Versioned'],
        ),
        ops.CreateModel(
            name='PartyTransferLetter',
            fields=[
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('direction', fields.CharEnumField(description='OUTGOING: OUTGOING\nINCOMING: INCOMING', enum_type=LetterDirection, max_length=8)),
                ('status', fields.CharEnumField(default=LetterStatus.ISSUED, db_index=True, description='ISSUED: ISSUED\nREPORTED: REPORTED\nRECEIPTED: RECEIPTED\nEXPIRED: EXPIRED', enum_type=LetterStatus, max_length=9)),
                ('retiree', fields.ForeignKeyField('core.Retiree', source_field='retiree_id', db_constraint=True, to_field='id', related_name='party_transfer_letters', on_delete=OnDelete.RESTRICT)),
                ('member', fields.ForeignKeyField('party.PartyMember', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name='transfer_letters', on_delete=OnDelete.RESTRICT)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='party_transfer_letters', on_delete=OnDelete.RESTRICT)),
                ('to_agency', fields.ForeignKeyField('core.Agency', source_field='to_agency_id', null=True, db_constraint=True, to_field='id', related_name='party_incoming_letters', on_delete=OnDelete.RESTRICT)),
                ('number', fields.CharField(default='', max_length=50)),
                ('from_name', fields.CharField(max_length=100)),
                ('to_name', fields.CharField(max_length=100)),
                ('to_organisation', fields.ForeignKeyField('party.PartyOrganisation', source_field='to_organisation_id', null=True, db_constraint=True, to_field='id', related_name='incoming_letters', on_delete=OnDelete.RESTRICT)),
                ('issued_on', fields.DateField()),
                ('valid_until', fields.DateField(db_index=True)),
                ('reported_on', fields.DateField(null=True)),
                ('receipted_on', fields.DateField(null=True)),
            ],
            options={'table': 'party_transfer_letter', 'app': 'party', 'pk_attr': 'id', 'table_description': "An introduction letter (组织关系介绍信) moving a member's party relationship, handled by an"},
            bases=['Versioned'],
        ),
    ]
