"""The benchmark's data generator (bench/datagen.py): deterministic and valid for the app; and
a prepared database serves the scenarios. The load runs themselves (wrk, PostGraphile) are not
part of the test suite (see bench/README.md)."""

import json
import os
import subprocess
import sys

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


def test_rounds_merge_to_medians_with_errors_summed() -> None:
    from bench.__main__ import median_of

    def round_(rps: float, errors: int, memory: float) -> dict:
        return {"_peak_memory_mib": memory, "Q2": {"rps_c10": rps, "p50_ms_c1": 100 / rps, "p99_ms_c1": 1.0,
                                                   "cpu_ms_per_request": 2.0, "errors": errors, "requests": 10,
                                                   "sql_per_request": 5.0}}

    merged = median_of([round_(50, 0, 100), round_(70, 1, 120), round_(40, 0, 90)])
    assert merged["_peak_memory_mib"] == 120
    assert merged["Q2"]["rps_c10"] == 50 and merged["Q2"]["p50_ms_c1"] == 2.0
    assert merged["Q2"]["errors"] == 1 and merged["Q2"]["requests"] == 30 and merged["Q2"]["sql_per_request"] == 5.0
    assert [r["rps_c10"] for r in merged["Q2"]["rounds"]] == [50, 70, 40]


def test_a_prepared_database_serves_the_scenarios(tmp_path) -> None:
    # the harness's own steps, each in its own process as the harness runs them: prepare a small
    # SQLite database (migrations, bulk load, an account and its token), then serve Q2 in-process
    summary = tmp_path / "prepare.json"
    subprocess.run([sys.executable, "-m", "bench.prepare", "sqlite", "600", str(summary)], check=True,
                   capture_output=True, timeout=300)
    prepared = json.loads(summary.read_text())
    assert prepared["rows"]["core_retiree"] == 600 and prepared["token"].startswith("jx_")
    served = subprocess.run([sys.executable, "-m", "bench.profile_q2", prepared["url"], "Q2", "3"], check=True,
                            capture_output=True, text=True, timeout=300, env={**os.environ, "BENCH_TIME_ONLY": "1"})
    assert "CPU" in served.stdout
