"""The lower bound: a bare Starlette app answering the benchmark scenarios with hand-written SQL
through the raw driver (asyncpg, or the stdlib sqlite3 called synchronously) and producing the
same JSON junxiu returns (same keys, global IDs, enum names, ISO dates; checked byte for byte by
the harness before a run).

What it keeps of the real work: the bearer token is looked up (one indexed query joining token
and account, as every junxiu request must authenticate); createRetriee validates nothing beyond
what SQL enforces but encrypts the ID number, phone and address with ``core.crypto`` (AES-GCM)
and stores the keyed hash, as core does. No scoping (the principal is a system administrator, for
whom junxiu's scoping adds no condition), no audit, no GraphQL.

Run: ``uvicorn bench.rawsql_server:create_app --factory`` with BENCH_RAW_URL (a junxiu database
URL) and JUNXIU_DATA_KEY.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core import crypto
from core.models.retiree import canonical_id_number

SCALARS = "r.id, r.name, r.gender, r.birth_date, r.category, r.status, r.ethnicity, r.native_place, r.archive_number"
STATEMENTS = 0


def gid(type_name: str, pk: int) -> str:
    import base64

    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def cursor(offset: int) -> str:
    import base64

    return base64.b64encode(f"o:{offset}".encode()).decode()


def day(value: Any) -> str:
    return value if isinstance(value, str) else value.isoformat()


def dumps(data: Any) -> bytes:
    # the encoder junxiu's endpoint uses
    return orjson.dumps({"data": data})


class Database:
    """The few statements the scenarios need, for one dialect; ``$n`` placeholders become ``?``."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite = url.startswith("sqlite://")
        self.pool: Any = None
        self.conn: sqlite3.Connection | None = None

    async def open(self) -> None:
        if self.sqlite:
            self.conn = sqlite3.connect(self.url.removeprefix("sqlite://"), check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
        else:
            import asyncpg

            self.pool = await asyncpg.create_pool(self.url.replace("postgres://", "postgresql://", 1),
                                                  min_size=1, max_size=10)

    async def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.pool is not None:
            await self.pool.close()

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        global STATEMENTS
        STATEMENTS += 1
        if self.sqlite:
            assert self.conn is not None
            import re

            return self.conn.execute(re.sub(r"\$\d+", "?", sql), args).fetchall()
        return await self.pool.fetch(sql, *args)

    async def execute_insert(self, sql: str, *args: Any) -> int:
        global STATEMENTS
        STATEMENTS += 1
        if self.sqlite:
            assert self.conn is not None
            import re

            with self.conn:
                return self.conn.execute(re.sub(r"\$\d+", "?", sql), args).lastrowid or 0
        return await self.pool.fetchval(sql + " RETURNING id", *args)


def _in(ids: list[int]) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"


async def authenticate(db: Database, request: Request) -> bool:
    header = request.headers.get("authorization", "")
    raw = header.partition(" ")[2].strip()
    digest = hashlib.sha256(raw.encode()).hexdigest()
    rows = await db.fetch(
        "SELECT t.id FROM core_access_token t JOIN core_user_account a ON a.id = t.user_id "
        "WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND a.active", digest)
    return bool(rows)


def retiree_json(r: Any, agency: Any = None, caretaker: Any = None, full: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"id": gid("Retiree", r["id"]), "name": r["name"]}
    if full:
        out.update({"gender": r["gender"], "birthDate": day(r["birth_date"]), "category": r["category"],
                    "status": r["status"], "ethnicity": r["ethnicity"], "nativePlace": r["native_place"],
                    "archiveNumber": r["archive_number"]})
    return out


async def q1(db: Database, v: dict[str, Any]) -> Any:
    rows = await db.fetch(
        "SELECT r.id, r.name, r.gender, r.birth_date, r.category, r.status, a.id AS aid, a.name AS aname "
        "FROM core_retiree r JOIN core_agency a ON a.id = r.agency_id WHERE r.id = $1", int(v["id"]))
    if not rows:
        return {"retiree": None}
    r = rows[0]
    return {"retiree": {"id": gid("Retiree", r["id"]), "name": r["name"], "gender": r["gender"],
                        "birthDate": day(r["birth_date"]), "category": r["category"], "status": r["status"],
                        "agency": {"id": gid("Agency", r["aid"]), "name": r["aname"]}}}


async def q2(db: Database, v: dict[str, Any]) -> Any:
    after = int(v.get("after") or 0)
    rows = await db.fetch(
        f"SELECT {SCALARS}, a.id AS aid, a.name AS aname, s.id AS sid, s.name AS sname FROM core_retiree r "
        "JOIN core_agency a ON a.id = r.agency_id LEFT JOIN core_staff s ON s.id = r.caretaker_id "
        "WHERE r.id > $1 ORDER BY r.id LIMIT 101", after)
    page = rows[:100]
    edges = []
    for r in page:
        node = retiree_json(r)
        node["agency"] = {"id": gid("Agency", r["aid"]), "name": r["aname"]}
        node["caretaker"] = {"id": gid("StaffMember", r["sid"]), "name": r["sname"]} if r["sid"] else None
        edges.append({"node": node})
    return {"retirees": {"edges": edges, "pageInfo": {"hasNextPage": len(rows) > 100,
                                                      "endCursor": cursor(len(page) - 1) if page else None}}}


async def q3(db: Database, v: dict[str, Any]) -> Any:
    agencies = await db.fetch("SELECT id, name FROM core_agency WHERE kind = 'INSTITUTE' ORDER BY id LIMIT 21")
    agencies = agencies[:20]
    ids = [a["id"] for a in agencies]
    rows = await db.fetch(
        "SELECT id, name, birth_date, agency_id FROM (SELECT id, name, birth_date, agency_id, "
        "row_number() OVER (PARTITION BY agency_id ORDER BY id) AS n FROM core_retiree "
        f"WHERE agency_id IN ({_in(ids)})) t WHERE n <= 10 ORDER BY agency_id, id")
    by_agency: dict[int, list[Any]] = {}
    for r in rows:
        by_agency.setdefault(r["agency_id"], []).append(
            {"node": {"id": gid("Retiree", r["id"]), "name": r["name"], "birthDate": day(r["birth_date"])}})
    return {"agencies": {"edges": [
        {"node": {"id": gid("Agency", a["id"]), "name": a["name"], "retirees": {"edges": by_agency.get(a["id"], [])}}}
        for a in agencies]}}


async def q4(db: Database, v: dict[str, Any]) -> Any:
    rows = await db.fetch(
        "SELECT r.id, r.name, a.id AS aid, a.name AS aname FROM core_retiree r "
        "JOIN core_agency a ON a.id = r.agency_id ORDER BY r.id LIMIT 21")
    rows = rows[:20]
    nominations = await db.fetch(
        "SELECT n.id, n.status, n.retiree_id, b.id AS bid, b.name AS bname, b.starts_on FROM sanatorium_nomination n "
        f"JOIN sanatorium_batch b ON b.id = n.batch_id WHERE n.retiree_id IN ({_in([r['id'] for r in rows])}) "
        "ORDER BY n.id")
    by_retiree: dict[int, list[Any]] = {}
    for n in nominations:
        by_retiree.setdefault(n["retiree_id"], []).append({
            "id": gid("SanatoriumNomination", n["id"]), "status": n["status"],
            "batch": {"id": gid("SanatoriumBatch", n["bid"]), "name": n["bname"], "startsOn": day(n["starts_on"])}})
    return {"retirees": {"edges": [{"node": {
        "id": gid("Retiree", r["id"]), "name": r["name"], "agency": {"id": gid("Agency", r["aid"]), "name": r["aname"]},
        "sanatoriumNominations": by_retiree.get(r["id"], [])}} for r in rows]}}


async def s1(db: Database, v: dict[str, Any]) -> Any:
    rows = await db.fetch(
        "SELECT id, name, birth_date FROM core_retiree WHERE category = 'LIXIU' AND birth_date >= $1 "
        "AND birth_date <= $2 ORDER BY id LIMIT 21",
        *(("1930-01-01", "1932-12-31") if db.sqlite else (dt.date(1930, 1, 1), dt.date(1932, 12, 31))))
    return {"retirees": {"edges": [
        {"node": {"id": gid("Retiree", r["id"]), "name": r["name"], "birthDate": day(r["birth_date"])}}
        for r in rows[:20]]}}


async def m1(db: Database, v: dict[str, Any]) -> Any:
    i = v["input"]
    number = canonical_id_number(i["idNumber"])
    now = dt.datetime.now(dt.UTC)
    agency = int(__import__("base64").b64decode(i["agencyId"]).decode().split(":")[1])
    values: list[Any] = [
        agency, i["name"], i["gender"], dt.date.fromisoformat(i["birthDate"]), "汉族", "", crypto.encrypt(number),
        crypto.keyed_hash(number), crypto.encrypt(""), crypto.encrypt(""), i["category"], "PLA", "", "", "",
        "ACTIVE", "ACTIVE", "", 1, now, now,
    ]
    if db.sqlite:
        values = [x.isoformat(sep=" ") if isinstance(x, dt.datetime) else x.isoformat() if isinstance(x, dt.date)
                  else x for x in values]
    new_id = await db.execute_insert(
        "INSERT INTO core_retiree (agency_id, name, gender, birth_date, ethnicity, native_place, id_number, "
        "id_number_hash, phone, address, category, force, original_position, focus_tags, archive_number, "
        "archive_state, status, transferred_out_to, version, created_at, updated_at) VALUES "
        "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)", *values)
    return {"createRetiree": {"retiree": {"id": gid("Retiree", new_id), "name": i["name"]}, "userErrors": []}}


HANDLERS = {"Q1": q1, "Q2": q2, "Q2deep": q2, "Q3": q3, "Q4": q4, "S1": s1, "M1": m1}


def create_app() -> Starlette:
    from core.settings import Settings

    crypto.configure(Settings())
    db = Database(os.environ["BENCH_RAW_URL"])

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await db.open()
        yield
        await db.close()

    async def scenario(request: Request) -> Response:
        if not await authenticate(db, request):
            return Response(b'{"errors":[{"message":"unauthenticated"}]}', 401, media_type="application/json")
        variables = json.loads(await request.body() or b"{}")
        data = await HANDLERS[request.path_params["name"]](db, variables)
        return Response(dumps(data), media_type="application/json")

    async def statements(request: Request) -> Response:
        return Response(json.dumps({"statements": STATEMENTS}).encode(), media_type="application/json")

    return Starlette(routes=[Route("/raw/{name}", scenario, methods=["POST"]),
                             Route("/__bench/sql", statements)], lifespan=lifespan)
