"""Re-encrypting stored personal data: key rotation and encrypting plaintext rows.

``rotate`` walks every table with encrypted columns in id order, one transaction per batch:
values not encrypted with the keyring's primary key are decrypted (with any key of the keyring)
and encrypted again with the primary; plaintext values (not starting with ``v1:``: rows from
before encryption at rest, or written by raw SQL) are encrypted; keyed hashes are recomputed with
the primary key. Rows already current are left alone, so running it twice changes nothing.

Works on raw SQL so that the same code serves the ``0002`` data migration (before the models
match the tables) and ``junxiu keys rotate``.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from core import crypto
from core.crypto import Keyring
from core.db import placeholders
from core.models.fields import EncryptedTextField
from core.models.retiree import canonical_id_number

BATCH = 500


@dataclass(frozen=True)
class KeyedHash:
    """A column holding the keyed hash of (the normalised value of) an encrypted column."""

    column: str
    source: str
    normalise: Callable[[str], str] = canonical_id_number


@dataclass(frozen=True)
class EncryptedTable:
    table: str
    columns: tuple[str, ...]
    hashes: tuple[KeyedHash, ...] = ()


#: keyed-hash columns by table (the hashed column must be encrypted too)
KEYED_HASHES: dict[str, tuple[KeyedHash, ...]] = {
    "core_retiree": (KeyedHash("id_number_hash", "id_number"),),
}


@dataclass
class TableResult:
    table: str
    rows: int = 0
    reencrypted: int = 0
    encrypted_plaintext: int = 0
    hashes_updated: int = 0
    rows_updated: int = 0


Progress = Callable[[TableResult], None]


def encrypted_tables() -> list[EncryptedTable]:
    """Every table of the loaded apps with encrypted columns (core and plugins)."""
    tables = []
    for app in Tortoise.apps.values():
        for model in app.values():
            meta = model._meta
            columns = tuple(
                meta.fields_db_projection[name]
                for name, f in meta.fields_map.items()
                if isinstance(f, EncryptedTextField)
            )
            if columns:
                tables.append(EncryptedTable(meta.db_table, columns, KEYED_HASHES.get(meta.db_table, ())))
    return sorted(tables, key=lambda t: t.table)


async def _batch(
    client: BaseDBAsyncClient, ring: Keyring, spec: EncryptedTable, after: int, result: TableResult
) -> int | None:
    """Process the next batch of rows with id > ``after``; the last id, or None when done."""
    columns = ", ".join(f'"{c}"' for c in (*spec.columns, *(h.column for h in spec.hashes)))
    rows = await client.execute_query_dict(
        f'SELECT "id", {columns} FROM "{spec.table}" WHERE "id" > {int(after)} ORDER BY "id" LIMIT {BATCH}'
    )
    for row in rows:
        changes: dict[str, str] = {}
        plain: dict[str, str | None] = {}
        for column in spec.columns:
            value = row[column]
            if value is None:
                plain[column] = None
                continue
            if crypto.is_encrypted(value):
                plain[column] = ring.decrypt(value)
                if crypto.encrypted_key_id(value) != ring.primary.id:
                    changes[column] = ring.encrypt(plain[column])
                    result.reencrypted += 1
            else:
                plain[column] = value
                changes[column] = ring.encrypt(value)
                result.encrypted_plaintext += 1
        for keyed in spec.hashes:
            source = plain[keyed.source]
            digest = None if source is None else ring.keyed_hash(keyed.normalise(source))
            if row[keyed.column] != digest:
                changes[keyed.column] = digest  # type: ignore[assignment]
                result.hashes_updated += 1
        if changes:
            marks = placeholders(client, len(changes) + 1)
            assignments = ", ".join(f'"{c}" = {m}' for c, m in zip(changes, marks, strict=False))
            await client.execute_query(
                f'UPDATE "{spec.table}" SET {assignments} WHERE "id" = {marks[-1]}', [*changes.values(), row["id"]]
            )
            result.rows_updated += 1
    result.rows += len(rows)
    return rows[-1]["id"] if len(rows) == BATCH else None


async def reencrypt_table(
    ring: Keyring,
    spec: EncryptedTable,
    client: BaseDBAsyncClient | None = None,
    progress: Progress | None = None,
) -> TableResult:
    """One table, batch by batch: each batch in its own transaction unless ``client`` is given
    (then everything runs on it, e.g. inside a migration's transaction)."""
    result = TableResult(spec.table)
    after: int | None = 0
    while after is not None:
        if client is not None:
            after = await _batch(client, ring, spec, after, result)
        else:
            async with in_transaction("default") as connection:
                after = await _batch(connection, ring, spec, after, result)
        if progress:
            progress(result)
    return result


async def rotate(ring: Keyring, progress: Progress | None = None) -> list[TableResult]:
    """Bring every encrypted column and keyed hash of the open database to ``ring.primary``."""
    return [await reencrypt_table(ring, spec, progress=progress) for spec in encrypted_tables()]


async def encrypt_existing(client: BaseDBAsyncClient, tables: Sequence[EncryptedTable]) -> None:
    """Data migration step: encrypt plaintext rows and fill keyed hashes with the configured
    keyring. A database without rows needs no key."""
    for spec in tables:
        rows = await client.execute_query_dict(f'SELECT COUNT(*) AS "n" FROM "{spec.table}"')
        if rows[0]["n"]:
            await reencrypt_table(crypto.current(), spec, client=client)
