"""GraphQL of attachments: ``attachments(recordId:)``, ``attachFile`` (a GraphQL multipart
request) and ``removeAttachment``; files are downloaded at ``GET /attachments/{id}``."""

import datetime as dt
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload
from strawberry.types import Info

from core import attachments as service
from core.attachments import AttachmentStore
from core.models import Attachment as AttachmentModel
from core.permissions import ATTACHMENT_WRITE
from core.schema.mutations import mutation, payload
from core.schema.pagination import DEFAULT_PAGE_SIZE, Connection, paginate
from core.schema.payload import decode_id, parse_global_id, run_mutation


def store_of(info: Info) -> AttachmentStore:
    store: AttachmentStore = info.context.request.app.state.attachments
    return store


@strawberry.type(description="附件：附在某条记录上的文件（会议记录、照片、扫描件、发票等）")
class Attachment:
    @strawberry.field(description="附件的全局 ID")
    def id(self, root: strawberry.Parent[AttachmentModel]) -> strawberry.ID:
        return strawberry.ID(str(relay.GlobalID("Attachment", str(root.pk))))

    @strawberry.field(description="所附记录的全局 ID（可用于 node(id:)）")
    def record_id(self, root: strawberry.Parent[AttachmentModel]) -> strawberry.ID:
        return strawberry.ID(str(relay.GlobalID(root.record_type, str(root.record_id))))

    filename: str = strawberry.field(description="文件名（上传时的名称）")
    content_type: str = strawberry.field(description="文件类型（按内容识别的 MIME 类型）")
    size: int = strawberry.field(description="字节数")
    sha256: str = strawberry.field(description="内容的 SHA-256（十六进制）")
    description: str = strawberry.field(description="说明")
    uploaded_by: str = strawberry.field(description="上传者")
    uploaded_at: dt.datetime = strawberry.field(description="上传时间")

    @strawberry.field(description="下载地址（GET，带同样的 Authorization 请求头）")
    def download_url(self, root: strawberry.Parent[AttachmentModel]) -> str:
        return f"/attachments/{root.pk}"


@strawberry.input(description="上传附件：以 GraphQL 多部分请求（multipart/form-data）提交")
class AttachFileInput:
    record_id: strawberry.ID = strawberry.field(description="所附记录的全局 ID（须为接受附件的类型，本人可读可写）")
    file: Upload = strawberry.field(description="文件（PDF、JPEG、PNG、DOCX、XLSX 或纯文本，按内容识别）")
    description: str = strawberry.field(default="", description="说明")


@strawberry.input(description="删除附件")
class RemoveAttachmentInput:
    id: strawberry.ID = strawberry.field(description="附件 ID")


AttachFilePayload = payload("AttachFile", "attachment", Attachment, "附件")
RemoveAttachmentPayload = payload("RemoveAttachment", "attachment", Attachment, "附件")


@strawberry.type
class AttachmentQuery:
    @strawberry.field(description="一条记录的附件（本人可读的记录；健康等敏感附件另须查看敏感信息的权限）")
    async def attachments(
        self,
        info: Info,
        record_id: Annotated[strawberry.ID, strawberry.argument(description="记录的全局 ID")],
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> Connection[Attachment]:
        record = parse_global_id(record_id, "recordId")
        found = await service.attachments_of(info.context.principal, store_of(info), record)
        return await paginate(found, first, after)


@strawberry.type
class AttachmentMutation:
    @mutation(description="为记录上传附件（multipart 请求；文件在事务提交后才存入附件目录）", requires=ATTACHMENT_WRITE)
    async def attach_file(self, info: Info, input: AttachFileInput) -> AttachFilePayload:  # type: ignore[valid-type]
        # hand-written: the file is placed in the store only after the transaction commits
        async with store_of(info).staging() as staging:

            async def call() -> Any:
                record = parse_global_id(input.record_id, "recordId")
                return await service.attach_file(info.context.principal, staging, record, input.file, input.description)

            payload = await run_mutation(info, input, call, AttachFilePayload, "attachment")
            if not payload.user_errors:
                staging.place()
        return payload

    @mutation(description="删除附件（文件不再被任何附件使用时一并删除）", requires=ATTACHMENT_WRITE)
    async def remove_attachment(self, info: Info, input: RemoveAttachmentInput) -> RemoveAttachmentPayload:  # type: ignore[valid-type]
        # hand-written: the file is released from the store after the transaction commits
        store = store_of(info)

        async def call() -> Any:
            attachment_id = decode_id(input.id, "Attachment", "id")
            return await service.remove_attachment(info.context.principal, store, attachment_id)

        payload = await run_mutation(info, input, call, RemoveAttachmentPayload, "attachment")
        if payload.attachment is not None:
            await store.release(payload.attachment.sha256)  # type: ignore[attr-defined]
        return payload
