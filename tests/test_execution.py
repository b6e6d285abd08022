"""The execution shortcuts (core/schema/execution.py, core/schema/plan.py) answer exactly what
strawberry's own execution answers, take over the fields they are meant to, and leave masked
fields to their resolvers; a connection page reads only the columns its selection needs."""

import datetime as dt

import pytest
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from core.schema.execution import DirectExecutionContext
from core.schema.plan import execution_plan
from core.testing import create_retiree, create_staff, province

CARETAKER = "mutation ($input: AssignCaretakerInput!) { assignCaretaker(input: $input) { userErrors { code } } }"


def _plain_fields(schema, type_name: str) -> str:
    return " ".join(sorted(execution_plan(schema._schema).direct[type_name]))


@pytest.fixture
async def world(gql):
    agencies = await province(gql)
    institute = agencies["first"]["id"]
    caretaker = await create_staff(gql, institute)
    # nulls, enums, dates and a caretaker: the kinds of value a column holds
    cared_for = await create_retiree(gql, institute, retiredOn="1995-10-01", ethnicity="回族", category="LIXIU")
    assigned = await gql.mutate(CARETAKER, {"id": cared_for["id"], "staffId": caretaker["id"]})
    assert assigned["userErrors"] == []
    await create_retiree(gql, institute, name="王秀兰", birth=dt.date(1936, 2, 29), gender="FEMALE")
    return gql


def _schema(client):
    return client.app.state.schema


async def _both_ways(client, query: str) -> tuple[dict, dict]:
    schema = _schema(client)
    direct = await client.raw(query)
    schema.execution_context_class = StrawberryGraphQLCoreExecutionContext
    try:
        general = await client.raw(query)
    finally:
        schema.execution_context_class = DirectExecutionContext
    return direct, general


async def test_direct_and_general_execution_answer_the_same(world):
    schema = _schema(world)
    query = f"""{{
      retirees(first: 10) {{ edges {{ cursor node {{ {_plain_fields(schema, "Retiree")}
        idNumber phone agency {{ {_plain_fields(schema, "Agency")} parent {{ id name }} }}
        caretaker {{ {_plain_fields(schema, "StaffMember")} }} awards {{ level awardedOn }} }} }}
        pageInfo {{ hasNextPage endCursor }} totalCount }}
      agencies(first: 20) {{ edges {{ node {{ {_plain_fields(schema, "Agency")} }} }} }}
    }}"""
    direct, general = await _both_ways(world, query)
    assert "errors" not in direct, direct
    assert len(direct["data"]["retirees"]["edges"]) == 2
    assert direct == general


async def test_errors_take_the_general_path_and_keep_their_location(world):
    direct, general = await _both_ways(world, "{ ok: retirees(first: 1) { edges { node { name } } } "
                                              "refused: retirees(first: 1, after: \"garbage\") { edges { node { name } } } }")
    assert direct == general
    assert direct["data"] is None  # ``retirees`` is non-null: the error nulls the whole answer
    assert direct["errors"][0]["path"] == ["refused"] and direct["errors"][0]["locations"]


def _fields_executed(monkeypatch, context_class) -> list[str]:
    """The fields (``Type.field``) that go through ``context_class.execute_field`` from now on."""
    calls: list[str] = []
    execute_field = context_class.execute_field

    def counting(self, parent_type, source, field_details_list, path, position_context):
        calls.append(f"{parent_type.name}.{field_details_list[0].node.name.value}")
        return execute_field(self, parent_type, source, field_details_list, path, position_context)

    monkeypatch.setattr(context_class, "execute_field", counting)
    return calls


async def test_column_fields_skip_the_general_path(world, monkeypatch):
    calls = _fields_executed(monkeypatch, StrawberryGraphQLCoreExecutionContext)
    await world("{ retirees(first: 10) { edges { node { id name birthDate category idNumber agency { id } } } } }")
    assert "Retiree.idNumber" in calls  # masked: always through its resolver
    # columns, ids, the edge's node and the page's agencies (loaded for the whole page at once)
    assert not {"Retiree.id", "Retiree.name", "Retiree.birthDate", "Retiree.category", "Agency.id",
                "RetireeEdge.node", "Retiree.agency"} & set(calls)


PAGE = ("{ retirees(first: 10) { edges { cursor node { __typename id ...F who: name "
        "caretaker { name staffId: id } agency { id name kind } } } } } "
        "fragment F on Retiree { birthDate category gender ethnicity retiredOn }")


async def test_a_page_of_plain_fields_is_built_row_by_row(world, monkeypatch):
    calls = _fields_executed(monkeypatch, DirectExecutionContext)  # the shortcuts included
    direct, general = await _both_ways(world, PAGE)
    assert "errors" not in direct and direct == general
    edges = direct["data"]["retirees"]["edges"]
    # one retiree has a caretaker, one has none: both kinds of relation are in the page
    assert sorted(edge["node"]["caretaker"] is None for edge in edges) == [False, True]
    assert list(edges[0]["node"]) == ["__typename", "id", "birthDate", "category", "gender", "ethnicity",
                                      "retiredOn", "who", "caretaker", "agency"]  # the selection's order
    # the page's rows never went field by field, not even through the shortcuts
    assert calls[:2] == ["Query.retirees", "RetireeConnection.edges"]
    assert not [call for call in calls if call.split(".")[0] in {"RetireeEdge", "Retiree", "Agency", "StaffMember"}]


async def test_a_row_the_builder_cannot_answer_sends_its_list_the_general_way(world, monkeypatch):
    # a read that fails on one row: the list is completed field by field, where the general
    # resolver reads the same column, so the answer is still whole and the same
    schema = _schema(world)._schema
    plan = execution_plan(schema).direct["Retiree"]
    name = plan["name"]

    def refusing(row):
        if row.name == "王秀兰":
            raise ValueError("a value the shortcut cannot serialise")
        return name(row)

    monkeypatch.setitem(plan, "name", refusing)
    direct, general = await _both_ways(world, PAGE)
    assert "errors" not in direct and direct == general
    assert {edge["node"]["who"] for edge in direct["data"]["retirees"]["edges"]} >= {"王秀兰"}


def test_masked_and_resolved_fields_are_never_direct(world):
    schema = _schema(world)._schema
    plan = execution_plan(schema).direct
    assert {"name", "birthDate", "category", "id"} <= set(plan["Retiree"])
    masked = {"idNumber", "phone", "address", "disabilityGrade", "disabilityCause", "riskTier", "focusTags", "agency"}
    assert masked <= set(schema.get_type("Retiree").fields)  # real fields, so the check can fail
    assert not masked & set(plan["Retiree"])
    for type_name in ("FamilyMember", "StaffMember"):
        assert "phone" in schema.get_type(type_name).fields and "phone" not in plan.get(type_name, {}), type_name


async def test_a_page_reads_only_the_columns_its_selection_needs(world, sql_counter):
    page = ("{ retirees(first: 10) { edges { node { id ... on Retiree { ...F } agency { name } } } } } "
            "fragment F on Retiree { name category }")
    sql_counter.statements.clear()
    narrow = await world(page)
    statement = next(s for s in sql_counter.statements if '"core_retiree"' in s and "LIMIT" in s)
    assert '"name"' in statement and '"agency_id"' in statement
    assert '"id_number"' not in statement and '"birth_date"' not in statement  # nor decrypted
    direct, general = await _both_ways(world, page)
    assert narrow == direct["data"] == general["data"]


async def test_a_built_page_loads_only_the_columns_its_relations_select(world, sql_counter):
    page = "{ retirees(first: 10) { edges { node { name caretaker { name } agency { id name } } } } }"
    sql_counter.statements.clear()
    narrow = await world(page)
    staff = [s for s in sql_counter.statements if 'FROM "core_staff"' in s]
    agencies = [s for s in sql_counter.statements if 'FROM "core_agency"' in s and '"core_retiree"' not in s]
    assert len(staff) == len(agencies) == 1
    assert '"name"' in staff[0] and '"phone"' not in staff[0]  # nor decrypted
    assert '"name"' in agencies[0] and '"address"' not in agencies[0]
    direct, general = await _both_ways(world, page)
    assert narrow == direct["data"] == general["data"]
    assert sorted(edge["node"]["caretaker"] is None for edge in narrow["retirees"]["edges"]) == [False, True]
    # a page the builder cannot build (a masked field) loads whole rows, once
    sql_counter.statements.clear()
    await world(page.replace("name caretaker", "name idNumber caretaker"))
    staff = [s for s in sql_counter.statements if 'FROM "core_staff"' in s]
    assert len(staff) == 1 and '"phone"' in staff[0]


async def test_a_field_with_its_own_resolver_reads_whole_rows(world, sql_counter):
    # ``age`` is computed from several columns: the page must not guess which
    sql_counter.statements.clear()
    data = await world("{ retirees(first: 10) { edges { node { ...F } } } } fragment F on Retiree { name age }")
    ages = [edge["node"]["age"] for edge in data["retirees"]["edges"]]
    assert len(ages) == 2 and all(age > 80 for age in ages)
    statement = next(s for s in sql_counter.statements if '"core_retiree"' in s and "LIMIT" in s)
    assert '"birth_date"' in statement and '"died_on"' in statement
