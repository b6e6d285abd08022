"""``GET /attachments/{id}``: an attachment's file, served only to principals who can read the
record it belongs to (core/attachments.py), every request audited."""

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from core import audit
from core.attachments import AttachmentStore, readable_attachment
from core.endpoint import request_principal
from core.errors import ServiceError
from core.http import error_response
from core.models.enums import AuditAction, AuditOutcome

OPERATION = "downloadAttachment"


async def download(request: Request) -> Response:
    store: AttachmentStore = request.app.state.attachments
    audit.client_address.set(request.client.host if request.client else "")
    principal = await request_principal(request)
    if not principal.authenticated:
        return error_response("请先登录：请求头 Authorization: Bearer <令牌>", "UNAUTHENTICATED", 401)
    attachment_id = request.path_params["attachment_id"]
    try:
        row = await readable_attachment(principal, store, attachment_id)
    except ServiceError as refused:
        await audit.record(
            AuditAction.DOWNLOAD, principal, operation=OPERATION, target_type="Attachment", target_id=attachment_id,
            outcome=AuditOutcome.REFUSED, error_code=refused.code.value,
        )
        status = 403 if refused.code.value == "FORBIDDEN" else 404
        return error_response(refused.message, refused.code.value, status)
    path = store.path_of(row.sha256)
    if not path.is_file():
        return error_response("附件文件缺失，请联系管理员", "NOT_FOUND", 404)
    await audit.record(AuditAction.DOWNLOAD, principal, operation=OPERATION, target_type="Attachment", target_id=row.pk)
    response = FileResponse(path, media_type=row.content_type, filename=row.filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
