"""Deterministic benchmark data, written straight to the database with the raw driver.

The schema comes from core's own migrations (``core.db.apply_migrations`` with the sanatorium
plugin enabled), so the tables are exactly the app's. Rows are then bulk-inserted (asyncpg
``COPY`` on PostgreSQL, ``executemany`` on SQLite): the services path (``core.demo``) validates
and audits every write and is far too slow for 100k+ retirees.

The rows are still valid for the app: ID numbers carry a correct GB 11643 check character and
match the birth date and gender; ID numbers, phones and addresses are encrypted with
``core.crypto`` under the bench key, ``id_number_hash`` is the same keyed hash core computes,
agency paths are materialised ("/1/4/9/"). Everything is drawn from ``random.Random(seed)``, so
one scale and seed give the same rows every time (ciphertexts differ: AES-GCM nonces are random,
the plaintexts are the same). Rows come in batches of at most ``BATCH`` retirees (``batches``) and
are loaded as they come: memory holds a batch or two, not the dataset.

Shape, for N retirees: one province department, 13 city departments, one service centre per
city, N/500 institutes (军休所) spread over the centres, 10 staff per institute, retirees in
institutes (each with a caretaker from its staff), 0–3 awards each, and sanatorium data: 4 sites,
one plan per tier and year, one batch per 250 retirees, nominations for ~10% of retirees.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from core import crypto
from core.models.retiree import canonical_id_number
from core.validation import id_number_check_char

#: a fixed key for benchmark databases only (never a real instance's key)
BENCH_DATA_KEY = "YmVuY2gtZGF0YS1rZXktanVueGl1LTIwMjYtcGVyZiE="
SEED = 2026
CITIES = ["南京", "无锡", "徐州", "常州", "苏州", "南通", "连云港", "淮安", "盐城", "扬州", "镇江", "泰州", "宿迁"]
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = "国建军华明德志文平红玉英秀兰海云峰伟强光辉永长福庆荣学卫东新春立正成"
NOW = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
CATEGORIES = [("LIXIU", 0.08), ("TUIXIU", 0.62), ("TUIXIU_TO_LIXIU", 0.05), ("RETIRED_NCO", 0.25)]
AWARD_LEVELS = ["FIRST_CLASS_MERIT", "SECOND_CLASS_MERIT", "THIRD_CLASS_MERIT", "COMMENDATION"]


def scale_value(text: str) -> int:
    """"10k" → 10_000, "1M" → 1_000_000, "250" → 250."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


#: retirees per batch: their rows and awards (and later their nominations) are generated, loaded and
#: dropped together, so memory follows the batch, not the dataset (see ``batches``)
BATCH = 20_000

#: one table's next rows, in id order
Batch = tuple[str, list[dict[str, Any]]]


@dataclass
class Dataset:
    """Rows per table, in insertion order (parents first)."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


def _stamp(row: dict[str, Any]) -> dict[str, Any]:
    row.setdefault("version", 1)
    row["created_at"] = NOW
    row["updated_at"] = NOW
    return row


def _pick(rng: random.Random, pairs: list[tuple[str, float]]) -> str:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def id_number(region: str, birth: dt.date, seq: int, male: bool) -> str:
    """A valid 18-digit number: region, birth date, 3-digit sequence (odd for men), check."""
    seq = seq % 500 * 2 + (1 if male else 0)
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + id_number_check_char(body)


def _agency(rows: list[dict[str, Any]], id_: int, parent: dict[str, Any] | None, kind: str, level: str | None,
            name: str, code: str) -> dict[str, Any]:
    row = _stamp({
        "id": id_, "parent_id": parent["id"] if parent else None,
        "path": (parent["path"] if parent else "/") + f"{id_}/", "kind": kind, "level": level, "name": name,
        "division_code": code, "address": "", "phone": "", "legal_representative": "",
        "established_on": dt.date(1990, 1, 1), "staff_quota": None, "status": "ACTIVE",
        "merged_into_id": None, "closed_on": None,
    })
    rows.append(row)
    return row


def generate(retirees: int, seed: int = SEED, ring: crypto.Keyring | None = None, size: int = BATCH) -> Dataset:
    """Every row of ``batches`` in memory: for tests and small scales (prepare streams instead)."""
    ds = Dataset()
    for table, rows in batches(retirees, seed, ring, size):
        ds.tables.setdefault(table, []).extend(rows)
    return ds


def batches(retirees: int, seed: int = SEED, ring: crypto.Keyring | None = None,
            size: int = BATCH) -> Iterator[Batch]:
    """The dataset for ``retirees`` retirees (encrypting with ``ring``, default the bench key) as
    non-empty batches, parents before children, each table's rows in id order.

    Retirees with their awards, and later their nominations, come ``size`` retirees at a time; what
    stays in memory throughout is the agencies, staff ids and the set of ID numbers used (one int
    each). All draws come from one ``random.Random(seed)`` in one fixed order, so the batch size does
    not change the rows.
    """
    ring = ring or crypto.Keyring.from_keys(crypto.decode_key(BENCH_DATA_KEY, "bench key"))
    rng = random.Random(seed)
    agencies: list[dict[str, Any]] = []
    next_id = iter(range(1, 10**9))
    province = _agency(agencies, next(next_id), None, "DEPARTMENT", "PROVINCE", "江苏省退役军人事务厅", "320000")
    centres = []
    for index, city in enumerate(CITIES):
        code = f"32{index + 1:02d}00"
        bureau = _agency(agencies, next(next_id), province, "DEPARTMENT", "CITY", f"{city}市退役军人事务局", code)
        centres.append(_agency(agencies, next(next_id), bureau, "CENTER", None, f"{city}市军休服务管理中心", code))
    institutes = []
    for number in range(max(1, retirees // 500)):
        centre = centres[number % len(centres)]
        institutes.append(_agency(agencies, next(next_id), centre, "INSTITUTE", None,
                                  f"{centre['name'][:-6]}第{number // len(centres) + 1}军休所",
                                  centre["division_code"]))
    yield "core_agency", agencies
    staff: list[dict[str, Any]] = []
    staff_by_institute: dict[int, list[int]] = {}
    staff_id = 0
    for institute in institutes:
        for _ in range(10):
            staff_id += 1
            male = rng.random() < 0.5
            staff.append(_stamp({
                "id": staff_id, "agency_id": institute["id"], "name": rng.choice(SURNAMES) + rng.choice(GIVEN) * 2,
                "gender": "MALE" if male else "FEMALE", "birth_date": dt.date(rng.randint(1965, 2000), 1, 1),
                "phone": ring.encrypt(f"139{rng.randint(0, 10**8 - 1):08d}"), "position": "干事",
                "employment": "ESTABLISHED", "hire_channel": None, "veteran": rng.random() < 0.3,
                "military_family": False, "hired_on": dt.date(2015, 3, 1), "status": "ACTIVE", "left_on": None,
                "leaving_reason": "",
            }))
            staff_by_institute.setdefault(institute["id"], []).append(staff_id)
    yield "core_staff", staff
    del staff  # loaded: not kept through the retiree loop

    def institute_of(rid: int) -> dict[str, Any]:
        return institutes[(rid - 1) % len(institutes)]

    award_id = 0
    used: set[int] = set()  # the 17-digit bodies: the check character follows from them
    retiree_rows: list[dict[str, Any]] = []
    award_rows: list[dict[str, Any]] = []
    for rid in range(1, retirees + 1):
        institute = institute_of(rid)
        male = rng.random() < 0.85
        birth = dt.date(rng.randint(1928, 1965), rng.randint(1, 12), rng.randint(1, 28))
        attempt = 0
        while True:  # unique: region digits 5–6 and the sequence vary until unused
            number = id_number(f"{institute['division_code'][:4]}{(rid + attempt) % 97:02d}", birth,
                               rid // 97 + attempt, male)
            if int(number[:17]) not in used:
                break
            attempt += 1
        used.add(int(number[:17]))
        category = _pick(rng, CATEGORIES)
        enlisted = dt.date(birth.year + 18, rng.randint(1, 12), 1)
        retired = dt.date(min(birth.year + rng.randint(45, 60), 2024), rng.randint(1, 12), 1)
        tags = rng.choices(["", ",EMPTY_NEST,", ",LIVING_ALONE,", ",DISABLED,"], [0.7, 0.15, 0.1, 0.05])[0]
        retiree_rows.append(_stamp({
            "id": rid, "agency_id": institute["id"],
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            "gender": "MALE" if male else "FEMALE", "birth_date": birth, "ethnicity": "汉族",
            "native_place": rng.choice(CITIES), "id_number": ring.encrypt(number),
            "id_number_hash": ring.keyed_hash(canonical_id_number(number)),
            "phone": ring.encrypt(f"138{rng.randint(0, 10**8 - 1):08d}"),
            "address": ring.encrypt(f"{rng.choice(CITIES)}市建设路{rng.randint(1, 300)}号"),
            "education": None, "marital_status": "MARRIED", "category": category, "force": "PLA",
            "service_branch": "ARMY", "cadre_type": None, "enlisted_on": enlisted, "retired_on": retired,
            "handed_over_on": None, "received_on": None, "treatment_level": None, "original_position": "团职",
            "disability_cause": None, "disability_grade": None, "political_status": "CPC_MEMBER",
            "party_joined_on": None, "focus_tags": tags,
            "caretaker_id": rng.choice(staff_by_institute[institute["id"]]),
            "archive_number": f"DA{rid:08d}", "archive_state": "ACTIVE", "status": "ACTIVE", "died_on": None,
            "transferred_out_on": None, "transferred_out_to": "",
        }))
        for _ in range(rng.choices([0, 1, 2, 3], [0.4, 0.3, 0.2, 0.1])[0]):
            award_id += 1
            award_rows.append({
                "id": award_id, "retiree_id": rid, "awarded_on": dt.date(enlisted.year + rng.randint(1, 20), 8, 1),
                "level": rng.choice(AWARD_LEVELS), "period": "DURING_SERVICE", "wartime": rng.random() < 0.1,
                "awarding_body": "某军区", "citation": "",
            })
        if rid % size == 0 or rid == retirees:
            yield "core_retiree", retiree_rows
            if award_rows:
                yield "core_retiree_award", award_rows
            retiree_rows, award_rows = [], []
    yield "sanatorium_site", [
        _stamp({"id": site, "owner_id": province["id"], "name": f"第{site}疗养院", "region": "江苏", "address": "",
                "beds": 200})
        for site in range(1, 5)
    ]
    tiers = ["NATIONAL", "PROVINCIAL", "CITY", "COUNTY"]
    yield "sanatorium_plan", [
        _stamp({"id": plan, "owner_id": province["id"], "year": 2025, "tier": tier,
                "title": f"2025年度{tier}疗养计划", "total_quota": retirees})
        for plan, tier in enumerate(tiers, 1)
    ]
    batch_count = max(1, retirees // 250)
    sanatorium_batches = []
    for batch in range(1, batch_count + 1):
        start = dt.date(2025, 1, 1) + dt.timedelta(days=batch % 300)
        sanatorium_batches.append(_stamp({
            "id": batch, "plan_id": batch % 4 + 1, "site_id": batch % 4 + 1, "name": f"2025年第{batch}批",
            "starts_on": start, "ends_on": start + dt.timedelta(days=10), "capacity": 40, "family_allowed": False,
            "programme": "健康体检、红色教育", "status": "COMPLETED",
        }))
    yield "sanatorium_batch", sanatorium_batches
    nomination = 0
    nominations: list[dict[str, Any]] = []
    for rid in range(1, retirees + 1):
        if rng.random() < 0.1:
            nomination += 1
            nominations.append(_stamp({
                "id": nomination, "batch_id": rng.randint(1, batch_count), "retiree_id": rid,
                "agency_id": institute_of(rid)["id"], "status": "ATTENDED", "pending_level": None,
                "recommendation": "", "reason": "", "fitness": "FIT", "fitness_checked_on": dt.date(2024, 12, 1),
                "fitness_note": "", "nominated_at": NOW,
            }))
        if nominations and (rid % size == 0 or rid == retirees):
            yield "sanatorium_nomination", nominations
            nominations = []


# --- loading -----------------------------------------------------------------------------------

SEQUENCED = ["core_agency", "core_staff", "core_retiree", "core_retiree_award", "sanatorium_site",
             "sanatorium_plan", "sanatorium_batch", "sanatorium_nomination"]


async def load_postgres(url: str, batches: Iterable[Batch]) -> None:
    """COPY every batch, all in one transaction, then move the id sequences past the loaded rows."""
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        async with connection.transaction():
            for table, rows in batches:
                columns = list(rows[0])
                await connection.copy_records_to_table(
                    table, records=(tuple(r[c] for c in columns) for r in rows), columns=columns
                )
            for table in SEQUENCED:
                await connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


def _sqlite_value(value: Any) -> Any:
    # as tortoise's SQLite client stores them: ISO dates, datetimes with offset, booleans as ints
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def load_sqlite(path: str, batches: Iterable[Batch]) -> None:
    """Insert every batch in one transaction (foreign keys off: the batches come parents first anyway)."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        with connection:
            for table, rows in batches:
                columns = list(rows[0])
                sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
                connection.executemany(sql, (tuple(_sqlite_value(r[c]) for c in columns) for r in rows))
        connection.execute("ANALYZE")
    finally:
        connection.close()


def timed(label: str, timings: dict[str, float]) -> Any:
    class _Timer:
        def __enter__(self) -> None:
            self.start = time.perf_counter()

        def __exit__(self, *exc: Any) -> None:
            timings[label] = round(time.perf_counter() - self.start, 3)

    return _Timer()
