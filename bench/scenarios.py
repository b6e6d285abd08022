"""The benchmark scenarios: the GraphQL documents junxiu serves, the equivalent PostGraphile v4
documents, and the request the raw-SQL lower bound answers with the same JSON.

Q1  one retiree by id with its agency
Q2  ``retirees(first: 100)``: 8 scalars, agency and caretaker
Q3  ``agencies(first: 20)`` (institutes) each with ``retirees(first: 10)``
Q4  three levels with plugin fields: retirees → sanatorium nominations → batch
M1  ``createRetiree``
Growth scenarios (run at every scale): Q1, Q2, Q2 deep (the page after the middle row, which is
where offset pagination pays) and S1, a filtered search (category and birth years).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

RETIREE_SCALARS = "name gender birthDate category status ethnicity nativePlace archiveNumber"

JUNXIU = {
    "Q1": "query Q1($id: ID!) { retiree(id: $id) { id name gender birthDate category status "
          "agency { id name } } }",
    "Q2": "query Q2($after: String) { retirees(first: 100, after: $after) { edges { node { id "
          + RETIREE_SCALARS + " agency { id name } caretaker { id name } } } pageInfo { hasNextPage endCursor } } }",
    "Q3": "query Q3 { agencies(first: 20, filter: {kind: INSTITUTE}, orderBy: ID) { edges { node { id name "
          "retirees(first: 10) { edges { node { id name birthDate } } } } } } }",
    "Q4": "query Q4 { retirees(first: 20) { edges { node { id name agency { id name } "
          "sanatoriumNominations { id status batch { id name startsOn } } } } } }",
    "S1": "query S1 { retirees(first: 20, filter: {category: LIXIU, birthYearFrom: 1930, birthYearTo: 1932}) "
          "{ edges { node { id name birthDate } } } }",
    "M1": "mutation M1($input: CreateRetireeInput!) { createRetiree(input: $input) { retiree { id name } "
          "userErrors { field message code } } }",
}

POSTGRAPHILE = {
    "Q1": "query Q1($id: Int!) { coreRetireeById(id: $id) { id name gender birthDate category status "
          "coreAgencyByAgencyId { id name } } }",
    "Q2": "query Q2($after: Cursor) { allCoreRetirees(first: 100, after: $after, orderBy: PRIMARY_KEY_ASC) "
          "{ nodes { id " + RETIREE_SCALARS
          + " coreAgencyByAgencyId { id name } coreStaffByCaretakerId { id name } }"
          " pageInfo { hasNextPage endCursor } } }",
    "Q3": "query Q3 { allCoreAgencies(first: 20, condition: {kind: \"INSTITUTE\"}, orderBy: PRIMARY_KEY_ASC) "
          "{ nodes { id name coreRetireesByAgencyId(first: 10, orderBy: PRIMARY_KEY_ASC) "
          "{ nodes { id name birthDate } } } } }",
    "Q4": "query Q4 { allCoreRetirees(first: 20, orderBy: PRIMARY_KEY_ASC) { nodes { id name "
          "coreAgencyByAgencyId { id name } sanatoriumNominationsByRetireeId(orderBy: PRIMARY_KEY_ASC) "
          "{ nodes { id status sanatoriumBatchByBatchId { id name startsOn } } } } } }",
    "S1": "query S1 { allCoreRetirees(first: 20, orderBy: PRIMARY_KEY_ASC, filter: {category: {equalTo: \"LIXIU\"}, "
          "birthDate: {greaterThanOrEqualTo: \"1930-01-01\", lessThanOrEqualTo: \"1932-12-31\"}}) "
          "{ nodes { id name birthDate } } }",
    "M1": "mutation M1($input: CreateCoreRetireeInput!) { createCoreRetiree(input: $input) "
          "{ coreRetiree { id name } } }",
}

#: scenarios in the side-by-side table, and those of the cost-growth table
MAIN = ["Q1", "Q2", "Q3", "Q4", "M1"]
GROWTH = ["Q1", "Q2", "Q2deep", "S1"]


def global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def postgraphile_cursor(pk: int) -> str:
    return base64.b64encode(json.dumps(["primary_key_asc", [pk]]).encode()).decode()


@dataclass
class Request:
    path: str
    body: dict[str, Any]


def junxiu_request(name: str, retirees: int, deep_cursor: str | None = None) -> Request:
    base = "Q2" if name == "Q2deep" else name
    variables: dict[str, Any] = {}
    if base == "Q1":
        variables = {"id": global_id("Retiree", retirees // 2)}
    elif name == "Q2deep":
        variables = {"after": deep_cursor}
    return Request("/graphql", {"query": JUNXIU[base], "variables": variables})


def postgraphile_request(name: str, retirees: int) -> Request:
    base = "Q2" if name == "Q2deep" else name
    variables: dict[str, Any] = {}
    if base == "Q1":
        variables = {"id": retirees // 2}
    elif name == "Q2deep":
        variables = {"after": postgraphile_cursor(retirees // 2)}
    return Request("/graphql", {"query": POSTGRAPHILE[base], "variables": variables})


def raw_request(name: str, retirees: int) -> Request:
    variables: dict[str, Any] = {}
    if name == "Q1":
        variables = {"id": retirees // 2}
    elif name == "Q2deep":
        variables = {"after": retirees // 2}
    return Request(f"/raw/{name}", variables)


# M1 bodies are made per request by the load generator (bench/wrk/m1.lua): every retiree needs
# a new valid ID number. These templates hold the fixed part; the Lua script fills in
# __IDNUMBER__, __BIRTH__, __HASH__.
M1_INPUT = {
    "agencyId": "__AGENCY__", "name": "测试员", "gender": "MALE", "birthDate": "__BIRTH__",
    "idNumber": "__IDNUMBER__", "category": "TUIXIU",
}
