"""The benchmark's data generator (bench/datagen.py): deterministic and valid for the app.
The benchmark itself is not part of the test suite (see bench/README.md)."""

from bench import datagen
from core import crypto
from core.models.retiree import canonical_id_number
from core.validation import normalize_id_number

ENCRYPTED = {"id_number", "phone", "address"}


def _plain(ds: datagen.Dataset) -> dict[str, list[dict]]:
    return {table: [{k: v for k, v in row.items() if k not in ENCRYPTED} for row in rows]
            for table, rows in ds.tables.items()}


def test_generator_is_deterministic_and_rows_are_valid() -> None:
    ring = crypto.Keyring.from_keys(crypto.decode_key(datagen.BENCH_DATA_KEY, "bench key"))
    first, second = datagen.generate(600, ring=ring), datagen.generate(600, ring=ring)
    assert _plain(first) == _plain(second)
    assert first.counts()["core_retiree"] == 600 and first.counts()["sanatorium_nomination"] > 0
    agencies = {row["id"]: row for row in first.tables["core_agency"]}
    numbers = set()
    for row in first.tables["core_retiree"]:
        number = ring.decrypt(row["id_number"])
        assert normalize_id_number(number) == number
        assert number[6:14] == row["birth_date"].strftime("%Y%m%d")
        assert (int(number[16]) % 2 == 1) == (row["gender"] == "MALE")
        assert row["id_number_hash"] == ring.keyed_hash(canonical_id_number(number))
        assert agencies[row["agency_id"]]["path"].endswith(f"/{row['agency_id']}/")
        numbers.add(number)
    assert len(numbers) == 600
    assert datagen.scale_value("10k") == 10_000 and datagen.scale_value("1M") == 1_000_000


def test_batches_are_non_empty_and_their_size_does_not_change_the_rows() -> None:
    ring = crypto.Keyring.from_keys(crypto.decode_key(datagen.BENCH_DATA_KEY, "bench key"))
    small = list(datagen.batches(600, ring=ring, size=64))
    assert all(rows for _, rows in small)
    assert sum(table == "core_retiree" for table, _ in small) == 10  # 600 retirees, 64 a batch
    whole = datagen.generate(600, ring=ring)
    assert _plain(datagen.generate(600, ring=ring, size=64)) == _plain(whole)
