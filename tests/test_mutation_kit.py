"""The mutation and error kit: a mutation declared through the kit gets a produced payload and
decoded IDs (through GraphQL); plugins' error codes join the schema's ``ErrorCode`` only while
the plugin is enabled; a code without the plugin's prefix is refused at start-up."""

import base64
import dataclasses
from importlib.metadata import EntryPoint
from types import SimpleNamespace
from typing import Any

import junxiu_notices
import pytest
import strawberry

from core.api import ErrorCodeRegistration, hookimpl, mutation, payload, refers
from core.errors import collect_error_codes
from core.host import ENTRY_POINT_GROUP, Discovered, PluginError, PluginHost
from core.settings import Settings
from core.testing import make_client, province

ERROR_CODES = '{ __type(name: "ErrorCode") { enumValues { name description } } }'
PAYLOAD_FIELDS = 'query ($name: String!) { __type(name: $name) { fields { name type { name ofType { name } } } } }'
CREATE_STAFF = """mutation ($input: CreateStaffMemberInput!) { createStaffMember(input: $input) {
  staffMember { id name phone version agency { name } } userErrors { field code message } } }"""
UPDATE_STAFF = """mutation ($input: UpdateStaffMemberInput!) { updateStaffMember(input: $input) {
  staffMember { id name phone version } userErrors { field code message } } }"""
CREATE_PLAN = """mutation ($input: CreateSanatoriumPlanInput!) { createSanatoriumPlan(input: $input) {
  sanatoriumPlan { id } userErrors { field code } } }"""


def global_id(type_name: str, key: int | str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


async def test_a_declared_mutation_gets_a_produced_payload_and_decoded_ids(gql):
    tree = await province(gql)
    produced = (await gql(PAYLOAD_FIELDS, {"name": "StaffMemberPayload"}))["__type"]["fields"]
    assert [(f["name"], f["type"]["name"] or f["type"]["ofType"]["name"]) for f in produced] == [
        ("staffMember", "StaffMember"), ("userErrors", None),
    ]

    values = {"name": "钱工作", "gender": "FEMALE", "employment": "CONTRACT", "phone": "13800000000"}
    created = await gql.mutate(CREATE_STAFF, {**values, "agencyId": tree["first"]["id"]})
    assert created["userErrors"] == [] and created["staffMember"]["agency"]["name"] == "南京市第一军休所"

    # IDs are decoded by the kit, the refusal naming the field in GraphQL spelling
    for agency_id, code in [
        ("not-an-id", "INVALID_ID"),
        (created["staffMember"]["id"], "INVALID_ID"),  # a StaffMember's ID where an Agency's is wanted
        (global_id("Agency", 10**12), "NOT_FOUND"),  # a number no row can have
    ]:
        refused = await gql.mutate(CREATE_STAFF, {**values, "agencyId": agency_id})
        assert refused["staffMember"] is None
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("agencyId", code)]

    # fields the client leaves out are not passed: the phone stays as it was
    staff = created["staffMember"]
    updated = await gql.mutate(UPDATE_STAFF, {"id": staff["id"], "version": staff["version"], "name": "钱同志"})
    assert updated["userErrors"] == [] and updated["staffMember"]["name"] == "钱同志"
    assert updated["staffMember"]["phone"] == staff["phone"] and updated["staffMember"]["version"] == staff["version"] + 1
    # a renamed argument (input ``id`` → service ``staff_id``) refused under the input's name
    stale = await gql.mutate(UPDATE_STAFF, {"id": tree["first"]["id"], "version": 1, "name": "某"})
    assert [(e["field"], e["code"]) for e in stale["userErrors"]] == [("id", "INVALID_ID")]


async def test_ids_in_nested_inputs_are_decoded_with_their_path(db):
    client = await make_client(Settings(plugins=["sanatorium"]))
    tree = await province(client)
    plan = {"ownerId": tree["dept"]["id"], "year": 2030, "tier": "PROVINCIAL", "title": "计划", "totalQuota": 5}
    quotas = [{"agencyId": tree["city"]["id"], "quota": 1}, {"agencyId": "bogus", "quota": 1}]
    refused = await client.mutate(CREATE_PLAN, {**plan, "quotas": quotas})
    assert refused["userErrors"] == [{"field": "quotas.1.agencyId", "code": "INVALID_ID"}]
    created = await client.mutate(CREATE_PLAN, {**plan, "quotas": quotas[:1]})
    assert created["userErrors"] == [] and created["sanatoriumPlan"]["id"]


def test_an_input_that_does_not_fit_its_service_is_refused_when_declared():
    async def close(principal: Any, agency_id: int) -> None: ...

    @strawberry.input(description="撤销")
    class CloseInput:
        id: strawberry.ID = refers("Agency", "机构")  # reaches no parameter: ``to="agency_id"`` is missing

    with pytest.raises(TypeError, match="CloseInput.id reaches no parameter of"):
        mutation("撤销", requires="core.agency.write", service=close, input=CloseInput,
                 payload=payload("Close", "agency", str, "机构"))


async def _codes(client: Any) -> dict[str, str]:
    values = (await client(ERROR_CODES))["__type"]["enumValues"]
    return {value["name"]: value["description"] for value in values}


async def test_plugin_error_codes_join_the_enum_only_while_enabled(db):
    core_only = await make_client(Settings(plugins=[]))
    with_sanatorium = await make_client(Settings(plugins=["sanatorium"]))
    both = await make_client(Settings(plugins=["sanatorium", "university"]))

    core_codes = await _codes(core_only)  # asked after the other schemas were built
    assert not [code for code in core_codes if code.startswith(("SANATORIUM_", "UNIVERSITY_"))]
    assert "NOT_FOUND" in core_codes and "批次" not in "".join(core_codes.values())
    assert set(await _codes(with_sanatorium)) - set(core_codes) == {"SANATORIUM_QUOTA_NOT_ALLOTTED"}
    added = {code: text for code, text in (await _codes(both)).items() if code not in core_codes}
    assert set(added) == {"SANATORIUM_QUOTA_NOT_ALLOTTED", "UNIVERSITY_SESSIONS_OVERLAP"}
    assert all(text for text in added.values())

    # a core schema built before the plugin's still reports its own codes
    refused = await core_only.mutate(CREATE_STAFF, {"agencyId": "x", "name": "某", "gender": "MALE", "employment": "CONTRACT"})
    assert refused["userErrors"][0]["code"] == "INVALID_ID"


@hookimpl
def _unprefixed_codes() -> list[ErrorCodeRegistration]:
    return [ErrorCodeRegistration("QUOTA_GONE", "名额没了")]


#: a plugin whose error code lacks its ``UNPREFIXED_`` prefix
unprefixed = SimpleNamespace(
    PLUGIN=dataclasses.replace(junxiu_notices.PLUGIN, name="unprefixed", label="无前缀"),
    __name__="fixtures.unprefixed",
    register_error_codes=_unprefixed_codes,
)


def test_an_error_code_without_the_plugins_prefix_is_refused_at_start_up():
    entry = EntryPoint(name="unprefixed", value="test_mutation_kit:unprefixed", group=ENTRY_POINT_GROUP)
    settings = Settings(plugins=["unprefixed"])
    with pytest.raises(PluginError) as refused:  # the host's registration checkpoint, before any app
        PluginHost(settings, installed={"unprefixed": Discovered("unprefixed", entry, "fixtures")})
    assert "插件 'unprefixed' 的错误代码 'QUOTA_GONE' 须带插件前缀" in str(refused.value)
    assert "UNPREFIXED_" in str(refused.value)


@hookimpl
def _misregistered_codes() -> list[ErrorCodeRegistration]:
    return [
        ErrorCodeRegistration("STAFF_QUOTA_EXCEEDED", "与核心重名"),
        ErrorCodeRegistration("STAFF_lower", "小写"),
        ErrorCodeRegistration("STAFF_NO_CHINESE", "no Chinese"),
        ErrorCodeRegistration("STAFF_QUOTA_FULL", "名额已满"),
    ]


#: a plugin named ``staff`` whose codes clash with the core's, break the spelling or lack Chinese
misregistered = SimpleNamespace(
    PLUGIN=dataclasses.replace(junxiu_notices.PLUGIN, name="staff", label="错误代码有误"),
    __name__="fixtures.misregistered",
    register_error_codes=_misregistered_codes,
)


def test_error_code_registrations_are_checked_one_line_per_problem():
    entry = EntryPoint(name="staff", value="test_mutation_kit:misregistered", group=ENTRY_POINT_GROUP)
    with pytest.raises(PluginError) as refused:
        PluginHost(Settings(plugins=["staff"]), installed={"staff": Discovered("staff", entry, "fixtures")})
    assert str(refused.value).splitlines() == [
        "错误代码冲突：'STAFF_QUOTA_EXCEEDED' 同时由 core 与 staff 定义（须改用另一名称）",
        "插件 'staff' 的错误代码 'STAFF_lower' 须带插件前缀，形如 STAFF_<名称>（改名后重试）",
        "插件 'staff' 的错误代码 STAFF_NO_CHINESE 须有中文说明（客户端读到的就是它）",
    ]


def test_the_schema_enum_holds_the_core_codes_and_the_accepted_plugin_codes():
    codes = collect_error_codes([("a", [ErrorCodeRegistration("A_B_FULL", "满了")])])
    assert codes["A_B_FULL"] == "满了" and codes["NOT_FOUND"] and list(codes)[-1] == "A_B_FULL"