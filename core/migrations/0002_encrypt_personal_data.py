"""Encryption at rest: ID numbers, phones and addresses become encrypted TEXT columns, and
``core_retiree.id_number_hash`` (keyed hash) replaces the unique index on the ID number.

Existing rows are encrypted and their hashes filled in by a data step, with the key configured
when ``junxiu migrate`` runs (an empty database needs none). The hash column is added nullable
(with its unique index), filled, then made NOT NULL.

On SQLite the column changes are recorded in the migration state only: tortoise 1.1 alters a
SQLite column by rebuilding the table, which drops the table's other indexes and, through
ON DELETE CASCADE, the rows of child tables (awards, family members). SQLite does not need them:
VARCHAR(n) already stores any text there (no length check). What stays on SQLite: the old
UNIQUE on ``id_number`` (harmless: every ciphertext differs) and no NOT NULL on
``id_number_hash`` (``Retiree.save`` always sets it; its unique index is created).
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from core.migration_ops import AlterFieldExceptSqlite
from core.models.fields import EncryptedCharField
from core.rotation import EncryptedTable, KeyedHash, encrypt_existing

TABLES = (
    EncryptedTable(
        "core_retiree", ("id_number", "phone", "address"), (KeyedHash("id_number_hash", "id_number"),)
    ),
    EncryptedTable("core_family_member", ("phone",)),
    EncryptedTable("core_staff", ("phone",)),
)
HASH_DESCRIPTION = "keyed hash of the ID number, for exact lookup and uniqueness (set by save)"


async def encrypt_rows(apps, schema_editor) -> None:
    await encrypt_existing(schema_editor.client, TABLES)


class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial')]

    initial = False

    operations = [
        AlterFieldExceptSqlite(
            model_name='FamilyMember',
            name='phone',
            field=EncryptedCharField(default='', max_length=30),
        ),
        AlterFieldExceptSqlite(
            model_name='Retiree',
            name='address',
            field=EncryptedCharField(default='', max_length=200),
        ),
        AlterFieldExceptSqlite(
            model_name='Retiree',
            name='id_number',
            field=EncryptedCharField(max_length=18),
        ),
        AlterFieldExceptSqlite(
            model_name='Retiree',
            name='phone',
            field=EncryptedCharField(default='', max_length=30),
        ),
        AlterFieldExceptSqlite(
            model_name='Staff',
            name='phone',
            field=EncryptedCharField(default='', max_length=30),
        ),
        ops.AddField(
            model_name='Retiree',
            name='id_number_hash',
            field=fields.CharField(null=True, unique=True, description=HASH_DESCRIPTION, max_length=64),
        ),
        ops.RunPython(encrypt_rows),
        AlterFieldExceptSqlite(
            model_name='Retiree',
            name='id_number_hash',
            field=fields.CharField(unique=True, description=HASH_DESCRIPTION, max_length=64),
        ),
    ]
