"""Attachments through GraphQL multipart requests: stored by content hash under the configured
folder, types recognised by content, size limited, scoped and audited; a refused upload leaves
no file behind."""

import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sanatorium_helpers import CREATE_BATCH, CREATE_PLAN, CREATE_SITE

from core import clock
from core.settings import Settings
from core.testing import (
    MERIT,
    FilePart,
    GraphQLClient,
    create_retiree,
    create_staff,
    login_token,
    make_client,
    province,
)

ATTACH = """mutation ($input: AttachFileInput!) { attachFile(input: $input) {
  attachment { id recordId filename contentType size sha256 description uploadedBy downloadUrl }
  userErrors { field code message } } }"""
REMOVE = """mutation ($input: RemoveAttachmentInput!) { removeAttachment(input: $input) {
  attachment { id } userErrors { field code message } } }"""
LIST = """query ($id: ID!) { attachments(recordId: $id) { totalCount edges { node { id filename } } } }"""
ACCOUNT = """mutation ($input: CreateUserAccountInput!) { createUserAccount(input: $input) {
  userAccount { id } userErrors { code message } } }"""
PASSWORD = "Attach-Passw0rd-1"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
MAX = 1000


def office(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<document/>")
    return buffer.getvalue()


def stored_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "attachments"


@pytest.fixture
async def world(db: dict[str, Any], folder: Path) -> Any:
    admin = await make_client(Settings(plugins=["sanatorium"], attachments_dir=str(folder), attachment_max_bytes=MAX))
    tree = await province(admin)
    retiree = await create_retiree(admin, tree["first"]["id"], awards=MERIT)  # eligible for sanatorium stays
    tokens = {}
    for name, agency, role in (("manager", "first", "AGENCY_MANAGER"), ("staff", "first", "AGENCY_STAFF"),
                               ("outsider", "second", "AGENCY_MANAGER")):
        staff = await create_staff(admin, tree[agency]["id"], name=f"{name}员工")
        payload = await admin.mutate(ACCOUNT, {"username": name, "password": PASSWORD, "kind": "STAFF",
                                               "staffId": staff["id"], "roles": [role]})
        assert payload["userErrors"] == []
        tokens[name] = await login_token(name, PASSWORD)
    yield {"admin": admin, "tree": tree, "retiree": retiree["id"],
           **{name: admin.as_user(token) for name, token in tokens.items()}, "tokens": tokens}
    await admin.http.aclose()


async def download(client: GraphQLClient, url: str) -> Any:
    return await client.http.get(url, headers={"Authorization": f"Bearer {client.token}"})


async def test_an_upload_is_stored_by_its_hash_listed_downloaded_and_audited(world: Any, folder: Path) -> None:
    manager = world["manager"]
    payload = await manager.mutate(ATTACH, {"recordId": world["retiree"], "description": "体检报告",
                                            "file": FilePart("../../体检报告.pdf", PDF, "image/png")})
    assert payload["userErrors"] == []
    attachment = payload["attachment"]
    digest = hashlib.sha256(PDF).hexdigest()
    # the content decides the type, not the client's claim; the name loses its directories
    assert attachment | {"id": None, "downloadUrl": None} == {
        "id": None, "recordId": world["retiree"], "filename": "体检报告.pdf", "contentType": "application/pdf",
        "size": len(PDF), "sha256": digest, "description": "体检报告", "uploadedBy": "manager", "downloadUrl": None,
    }
    assert stored_files(folder) == [folder / digest[:2] / digest]
    listed = await manager(LIST, {"id": world["retiree"]})
    assert listed["attachments"]["totalCount"] == 1
    assert listed["attachments"]["edges"][0]["node"] == {"id": attachment["id"], "filename": "体检报告.pdf"}
    response = await download(manager, attachment["downloadUrl"])
    assert response.status_code == 200 and response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    events = await world["admin"]("""{ auditEvents(first: 20) { edges { node {
      action operation outcome principalName targetType } } } }""")
    seen = [e["node"] for e in events["auditEvents"]["edges"] if e["node"]["targetType"] == "Attachment"]
    assert {"action": "MUTATION", "operation": "attachFile", "outcome": "SUCCEEDED", "principalName": "manager",
            "targetType": "Attachment"} in seen
    assert {"action": "DOWNLOAD", "operation": "downloadAttachment", "outcome": "SUCCEEDED",
            "principalName": "manager", "targetType": "Attachment"} in seen


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("照片.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
    ("照片.png", PNG, "image/png"),
    ("纪要.docx", office("word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("台账.xlsx", office("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("纪要.txt", "会议纪要：\n一、学习文件\n".encode(), "text/plain"),
])
async def test_each_accepted_type_is_recognised_by_its_content(world: Any, name: str, content: bytes, expected: str) -> None:
    payload = await world["manager"].mutate(ATTACH, {"recordId": world["retiree"], "file": FilePart(name, content)})
    assert payload["userErrors"] == [] and payload["attachment"]["contentType"] == expected


@pytest.mark.parametrize(("content", "code"), [
    (b"MZ\x90\x00" + b"\x00" * 40, "ATTACHMENT_TYPE_REFUSED"),  # a program, whatever its name says
    (office("other/part.xml"), "ATTACHMENT_TYPE_REFUSED"),  # a zip that is no DOCX or XLSX
    (b"text with a NUL\x00 byte", "ATTACHMENT_TYPE_REFUSED"),
    (b"", "ATTACHMENT_TYPE_REFUSED"),
    (PDF + b"x" * MAX, "ATTACHMENT_TOO_LARGE"),
])
async def test_a_refused_file_gets_its_code_and_leaves_nothing_behind(
    world: Any, folder: Path, content: bytes, code: str
) -> None:
    payload = await world["manager"].mutate(ATTACH, {"recordId": world["retiree"],
                                                     "file": FilePart("报告.pdf", content, "application/pdf")})
    assert payload["userErrors"] == [{"field": "file", "code": code, "message": payload["userErrors"][0]["message"]}]
    assert payload["attachment"] is None
    assert stored_files(folder) == []
    assert (await world["admin"](LIST, {"id": world["retiree"]}))["attachments"]["totalCount"] == 0


async def test_the_instance_chooses_the_accepted_types(db: dict[str, Any], folder: Path) -> None:
    admin = await make_client(Settings(plugins=[], attachments_dir=str(folder), attachment_types=["application/pdf"]))
    retiree = (await create_retiree(admin, (await province(admin))["first"]["id"]))["id"]
    refused = await admin.mutate(ATTACH, {"recordId": retiree, "file": FilePart("照片.png", PNG)})
    assert [e["code"] for e in refused["userErrors"]] == ["ATTACHMENT_TYPE_REFUSED"]
    accepted = await admin.mutate(ATTACH, {"recordId": retiree, "file": FilePart("报告.pdf", PDF)})
    assert accepted["userErrors"] == []
    await admin.http.aclose()


async def test_records_out_of_scope_or_of_other_types_are_not_found(world: Any, folder: Path) -> None:
    outsider = world["outsider"]
    refused = await outsider.mutate(ATTACH, {"recordId": world["retiree"], "file": FilePart("a.pdf", PDF)})
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("recordId", "NOT_FOUND")]
    agency = await world["manager"].mutate(ATTACH, {"recordId": world["tree"]["first"]["id"], "file": FilePart("a.pdf", PDF)})
    assert [(e["field"], e["code"]) for e in agency["userErrors"]] == [("recordId", "NOT_FOUND")]
    assert stored_files(folder) == []
    made = await world["manager"].mutate(ATTACH, {"recordId": world["retiree"], "file": FilePart("a.pdf", PDF)})
    body = await outsider.raw(LIST, {"id": world["retiree"]})
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (await download(outsider, made["attachment"]["downloadUrl"])).status_code == 404
    assert (await download(world["admin"].as_user(None), made["attachment"]["downloadUrl"])).status_code == 401
    removed = await outsider.mutate(REMOVE, {"id": made["attachment"]["id"]})
    assert [(e["field"], e["code"]) for e in removed["userErrors"]] == [("id", "NOT_FOUND")]
    refused_events = await world["admin"]("""{ auditEvents(first: 50, filter: {action: DOWNLOAD}) { edges { node {
      outcome errorCode principalName } } } }""")
    assert {"outcome": "REFUSED", "errorCode": "NOT_FOUND", "principalName": "outsider"} in [
        e["node"] for e in refused_events["auditEvents"]["edges"]
    ]


async def test_health_scans_of_a_nomination_need_the_sensitive_permission_to_be_read(world: Any) -> None:
    """sanatorium declares nominations a sensitive target: staff (no core.sensitive.read)
    upload a health-check scan but neither list nor download it; the manager does both."""
    admin = world["admin"]
    nomination = await _nomination(admin, world["tree"], world["retiree"])
    uploaded = await world["staff"].mutate(ATTACH, {"recordId": nomination, "file": FilePart("体检.pdf", PDF)})
    assert uploaded["userErrors"] == []
    body = await world["staff"].raw(LIST, {"id": nomination})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await download(world["staff"], uploaded["attachment"]["downloadUrl"])).status_code == 403
    assert (await world["manager"](LIST, {"id": nomination}))["attachments"]["totalCount"] == 1
    assert (await download(world["manager"], uploaded["attachment"]["downloadUrl"])).content == PDF


async def _nomination(admin: GraphQLClient, tree: dict[str, Any], retiree: str) -> str:
    starts = clock.today() + dt.timedelta(days=20)
    plan = await admin.mutate(CREATE_PLAN, {"ownerId": tree["dept"]["id"], "year": starts.year, "tier": "PROVINCIAL",
                                                "title": "省级疗养", "totalQuota": 5})
    site = await admin.mutate(CREATE_SITE, {"ownerId": tree["dept"]["id"], "name": "疗养院", "beds": 10})
    batch = await admin.mutate(CREATE_BATCH, {
        "planId": plan["sanatoriumPlan"]["id"], "siteId": site["sanatoriumSite"]["id"], "name": "批次",
        "startsOn": starts.isoformat(), "endsOn": starts.isoformat(), "capacity": 5,
    })
    made = await admin.mutate("""mutation ($input: NominateSanatoriumCandidateInput!) {
      nominateSanatoriumCandidate(input: $input) { sanatoriumNomination { id } userErrors { code message } } }""",
                              {"batchId": batch["sanatoriumBatch"]["id"], "retireeId": retiree, "submit": False})
    assert made["userErrors"] == [], made
    return made["sanatoriumNomination"]["id"]


async def test_removing_keeps_a_file_another_attachment_still_uses(world: Any, folder: Path) -> None:
    manager = world["manager"]
    first = await manager.mutate(ATTACH, {"recordId": world["retiree"], "file": FilePart("a.pdf", PDF)})
    second = await manager.mutate(ATTACH, {"recordId": world["retiree"], "file": FilePart("b.pdf", PDF)})
    assert len(stored_files(folder)) == 1  # one content, stored once
    assert (await manager.mutate(REMOVE, {"id": first["attachment"]["id"]}))["userErrors"] == []
    assert len(stored_files(folder)) == 1
    assert (await download(manager, second["attachment"]["downloadUrl"])).content == PDF
    assert (await download(manager, first["attachment"]["downloadUrl"])).status_code == 404
    assert (await manager.mutate(REMOVE, {"id": second["attachment"]["id"]}))["userErrors"] == []
    assert stored_files(folder) == []


async def test_uploads_need_the_preflight_header_and_fit_the_upload_body_limit(world: Any, folder: Path) -> None:
    operations = '{"query": "mutation ($f: Upload!) { attachFile(input: {recordId: \\"x\\", file: $f}) { userErrors { code } } }", "variables": {"f": null}}'
    form = {"operations": operations, "map": '{"0": ["variables.f"]}'}
    forged = await world["manager"].post(data=form, files={"0": ("a.pdf", PDF, "application/pdf")})
    assert forged.status_code == 400 and "Apollo-Require-Preflight" in forged.json()["errors"][0]["message"]
    huge = await world["manager"].post(data=form, files={"0": ("a.pdf", b"%PDF-" + b"x" * 200_000, "application/pdf")},
                                       headers={"Apollo-Require-Preflight": "true"})
    assert huge.status_code == 413 and huge.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    as_json = await world["manager"].raw(ATTACH, {"input": {"recordId": world["retiree"], "file": "不是文件"}})
    assert [e["code"] for e in as_json["data"]["attachFile"]["userErrors"]] == ["INVALID_VALUE"]
    assert stored_files(folder) == []


def test_a_target_must_be_a_node_type_of_its_model_and_declared_once() -> None:
    from core.attachments import AttachmentStore, attachment_targets
    from core.host import PluginError, PluginHost
    from core.models import Agency, Retiree
    from core.plugin import AttachmentTarget
    from core.schema.build import build_schema

    with pytest.raises(PluginError, match="Retiree 同时由 core 与 meals 声明"):
        attachment_targets([("meals", AttachmentTarget("Retiree", Retiree, "meals.order"))])
    schema = build_schema(PluginHost(Settings(plugins=[])))
    misnamed = AttachmentStore(Path("."), 1, frozenset(), {"Agency": AttachmentTarget("Agency", Retiree, "x")})
    with pytest.raises(PluginError, match="附件对象 Agency 不是架构中以 Retiree 为模型的节点类型"):
        misnamed.check_types(schema)
    AttachmentStore(Path("."), 1, frozenset(), {"Agency": AttachmentTarget("Agency", Agency, "x")}).check_types(schema)


async def test_a_plugin_not_enabled_declares_no_target(world: Any, folder: Path) -> None:
    nomination = await _nomination(world["admin"], world["tree"], world["retiree"])
    core_only = await make_client(Settings(plugins=[], attachments_dir=str(folder)))
    try:
        refused = await core_only.mutate(ATTACH, {"recordId": nomination, "file": FilePart("体检.pdf", PDF)})
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("recordId", "NOT_FOUND")]
    finally:
        await core_only.http.aclose()
    assert stored_files(folder) == []
