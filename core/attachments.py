"""Attachments: files (minutes, photos, scans, invoices) attached to records of the types the
core and the plugins declare (``register_attachment_targets``).

A file is written to a temporary file under the instance's attachments folder while it is read
(counting its size, hashing it, then recognising its type from its content, never from the
client's claim), moved into place, named by its SHA-256, only after the row that describes it
committed, and removed when that transaction rolls back. Whoever can read the record reads its
attachments (sensitive targets also need ``core.sensitive.read``); whoever can write it and
holds ``core.attachment.write`` adds and removes them."""

import hashlib
import os
import tempfile
import zipfile
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tortoise.queryset import QuerySet

from core.errors import ErrorCode, ServiceError
from core.host import PluginError, PluginHost
from core.models import Attachment, Retiree
from core.permissions import ATTACHMENT_WRITE, RETIREE_WRITE, SENSITIVE_READ
from core.plugin import AttachmentTarget
from core.principal import Principal
from core.services.common import get_visible
from core.settings import AttachmentType, Settings
from core.validation import check_lengths

#: core records that accept attachments: a retiree's documents are personal, often health data
CORE_TARGETS = (AttachmentTarget("Retiree", Retiree, RETIREE_WRITE, sensitive=True),)
CHUNK = 64 * 1024
#: the characters besides printable ones a plain-text attachment may hold
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f"}


def attachment_targets(contributed: Iterable[tuple[str, AttachmentTarget]]) -> dict[str, AttachmentTarget]:
    """The targets by GraphQL type name; a type two contributors both declare is refused."""
    owners: dict[str, str] = {}
    targets: dict[str, AttachmentTarget] = {}
    for owner, target in (*(("core", t) for t in CORE_TARGETS), *contributed):
        if target.type_name in owners:
            raise PluginError(f"附件对象冲突：{target.type_name} 同时由 {owners[target.type_name]} 与 {owner} 声明")
        owners[target.type_name] = owner
        targets[target.type_name] = target
    return targets


def attachments_folder(settings: Settings) -> Path:
    """``attachments_dir``, or ``attachments/`` next to the SQLite database file."""
    if settings.attachments_dir:
        return Path(settings.attachments_dir)
    prefix = "sqlite://"
    database = settings.database_url[len(prefix):] if settings.database_url.startswith(prefix) else ""
    if database and database != ":memory:":
        return Path(database).parent / "attachments"
    return Path("attachments")


def sniff(path: Path) -> AttachmentType | None:
    """The type of the file at ``path`` judged by its content, or None if it is none of ours."""
    with path.open("rb") as file:
        head = file.read(8)
    if head.startswith(b"%PDF-"):
        return AttachmentType.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return AttachmentType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttachmentType.PNG
    if head.startswith(b"PK\x03\x04"):
        return _office(path)
    return AttachmentType.TEXT if _is_text(path) else None


def _office(path: Path) -> AttachmentType | None:
    """A DOCX or XLSX file: an Office Open XML package with its main part."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return AttachmentType.DOCX
    if "xl/workbook.xml" in names:
        return AttachmentType.XLSX
    return None


def _is_text(path: Path) -> bool:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return bool(text) and all(char.isprintable() or char in _TEXT_CONTROLS for char in text)


def _filename(raw: str | None) -> str:
    """The client's file name without directories or control characters, at most 200 characters."""
    name = "".join(char for char in Path(raw or "").name if char.isprintable()).strip()
    return (name or "附件")[-200:]


@dataclass(frozen=True)
class StagedFile:
    temp: Path
    sha256: str
    size: int
    content_type: AttachmentType
    filename: str


@dataclass
class Staging:
    """The files one request received, kept as temporary files until ``place`` moves them into
    the store (after the transaction committed); whatever is left is removed when the block ends."""

    store: "AttachmentStore"
    files: list[StagedFile] = field(default_factory=list)
    temps: list[Path] = field(default_factory=list)

    async def receive(self, upload: Any, field_name: str) -> StagedFile:
        if not hasattr(upload, "read"):
            raise ServiceError(
                ErrorCode.INVALID_VALUE, "文件须以 multipart 请求上传（GraphQL 多部分请求规范）", field_name
            )
        incoming = self.store.folder / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=incoming)
        temp = Path(name)
        self.temps.append(temp)
        digest, size = hashlib.sha256(), 0
        with os.fdopen(descriptor, "wb") as file:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > self.store.max_bytes:
                    raise ServiceError(
                        ErrorCode.ATTACHMENT_TOO_LARGE, f"附件不得超过 {self.store.max_bytes} 字节", field_name
                    )
                digest.update(chunk)
                file.write(chunk)
        kind = sniff(temp) if size else None
        if kind is None or kind not in self.store.types:
            accepted = "、".join(sorted(kind.name for kind in self.store.types))
            raise ServiceError(ErrorCode.ATTACHMENT_TYPE_REFUSED, f"附件类型不被接受：只接受 {accepted}", field_name)
        staged = StagedFile(temp, digest.hexdigest(), size, kind, _filename(getattr(upload, "filename", "")))
        self.files.append(staged)
        return staged

    def place(self) -> None:
        """Move the received files into the store (a file already there has the same content)."""
        for staged in self.files:
            final = self.store.path_of(staged.sha256)
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():
                staged.temp.unlink(missing_ok=True)
            else:
                os.replace(staged.temp, final)
        self.files.clear()

    def discard(self) -> None:
        for temp in self.temps:
            temp.unlink(missing_ok=True)
        self.temps.clear()
        self.files.clear()


@dataclass(frozen=True)
class AttachmentStore:
    """The attachments folder, limits and targets of one app."""

    folder: Path
    max_bytes: int
    types: frozenset[AttachmentType]
    targets: Mapping[str, AttachmentTarget]

    @classmethod
    def for_host(cls, host: PluginHost, schema: Any) -> "AttachmentStore":
        """The store of an app whose (strawberry) schema holds every target's node type."""
        contributed = [
            (name, target) for name, targets in host.contributions("register_attachment_targets") for target in targets
        ]
        settings = host.settings
        store = cls(
            attachments_folder(settings), settings.attachment_max_bytes, frozenset(settings.attachment_types),
            attachment_targets(contributed),
        )
        store.check_types(schema)
        return store

    def check_types(self, schema: Any) -> None:
        """Each target names a node type of ``schema`` backed by the target's model, so that
        its records' global IDs are the ones clients hold."""
        for target in self.targets.values():
            origin = getattr(schema.get_type_by_name(target.type_name), "origin", None)
            if getattr(origin, "__model__", None) is not target.model:
                raise PluginError(
                    f"附件对象 {target.type_name} 不是架构中以 {target.model.__name__} 为模型的节点类型"
                )

    def path_of(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / sha256

    @asynccontextmanager
    async def staging(self) -> AsyncIterator[Staging]:
        staging = Staging(self)
        try:
            yield staging
        finally:
            staging.discard()

    async def release(self, sha256: str) -> None:
        """Remove a file no attachment row names any more."""
        if not await Attachment.exists(sha256=sha256):
            self.path_of(sha256).unlink(missing_ok=True)

    def target(self, type_name: str, field_name: str) -> AttachmentTarget:
        target = self.targets.get(type_name)
        if target is None:
            raise ServiceError(ErrorCode.NOT_FOUND, f"{type_name} 类型的记录不接受附件", field_name)
        return target


# --- services --------------------------------------------------------------------------------


async def _writable(principal: Principal, store: AttachmentStore, type_name: str, pk: int, field_name: str) -> None:
    target = store.target(type_name, field_name)
    await get_visible(target.model, pk, principal, field_name)
    principal.require(target.write_permission)


async def _readable(principal: Principal, store: AttachmentStore, type_name: str, pk: int, field_name: str) -> None:
    target = store.target(type_name, field_name)
    await get_visible(target.model, pk, principal, field_name)
    if target.sensitive and not principal.can(SENSITIVE_READ):
        raise ServiceError(ErrorCode.FORBIDDEN, "该记录的附件含健康等敏感信息，须有查看敏感信息的权限", field_name)


async def attach_file(
    principal: Principal, staging: Staging, record: tuple[str, int], upload: Any, description: str = ""
) -> Attachment:
    """Attach the uploaded file to ``record`` (its GraphQL type name and primary key)."""
    principal.require(ATTACHMENT_WRITE)
    type_name, pk = record
    await _writable(principal, staging.store, type_name, pk, "recordId")
    description = description.strip()
    check_lengths(Attachment, {"description": description})
    staged = await staging.receive(upload, "file")
    return await Attachment.create(
        record_type=type_name, record_id=pk, filename=staged.filename, content_type=staged.content_type.value,
        size=staged.size, sha256=staged.sha256, description=description, uploaded_by=principal.name[:50],
    )


async def remove_attachment(principal: Principal, store: AttachmentStore, attachment_id: int) -> Attachment:
    """Remove an attachment; the caller releases its file once the removal committed."""
    principal.require(ATTACHMENT_WRITE)
    row = await Attachment.get_or_none(id=attachment_id)
    if row is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "附件不存在或不在可见范围内", "id")
    await _writable(principal, store, row.record_type, row.record_id, "id")
    await row.delete()
    return row


async def attachments_of(principal: Principal, store: AttachmentStore, record: tuple[str, int]) -> QuerySet[Attachment]:
    """The attachments of ``record`` (type name, primary key), which the principal must be able to read."""
    type_name, pk = record
    await _readable(principal, store, type_name, pk, "recordId")
    return Attachment.filter(record_type=type_name, record_id=pk).order_by("id")


async def readable_attachment(principal: Principal, store: AttachmentStore, attachment_id: int) -> Attachment:
    """An attachment of a record the principal can read (NOT_FOUND otherwise)."""
    row = await Attachment.get_or_none(id=attachment_id)
    if row is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "附件不存在或不在可见范围内", "id")
    await _readable(principal, store, row.record_type, row.record_id, "id")
    return row
