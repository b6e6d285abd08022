"""Indexes on the foreign keys loaders and filters look up by (retiree → agency, caretaker; awards, family,
transfers → retiree; staff → agency): PostgreSQL does not index foreign keys by itself."""

from tortoise import migrations
from tortoise.fields.base import OnDelete
from tortoise import fields


from core.migration_ops import AlterFieldExceptSqlite, SqliteIndexes


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
