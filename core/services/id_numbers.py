"""The uniqueness of ID numbers without an existence oracle.

An ID number can be registered once in the whole system, so a refused registration tells
that the number is registered somewhere. Only a principal who may read ID numbers and can
see the other record learns which record it is (``DUPLICATE_ID_NUMBER``). Anyone else gets
``ID_NUMBER_UNAVAILABLE``, worded without confirming the number; each such refusal is
audited as a read of the other record's ID number, and a principal who collects
``UNAVAILABLE_PER_HOUR`` of them within an hour may set no ID number until the hour has
passed (``RATE_LIMITED``, whether or not the next number is registered), so the refusals
cannot be used to test numbers in bulk."""

import datetime as dt

from core.errors import ErrorCode, ServiceError
from core.models import AuditEvent, Retiree
from core.models.enums import AuditAction
from core.models.retiree import id_number_hash
from core.permissions import SENSITIVE_READ
from core.principal import Principal
from core.scope import scoped

#: refusals that confirm nothing, per principal within ``WINDOW``, before ID numbers are refused
UNAVAILABLE_PER_HOUR = 5
WINDOW = dt.timedelta(hours=1)


async def _recent_unavailable(principal: Principal) -> int:
    """The principal's ``ID_NUMBER_UNAVAILABLE`` refusals within the window, from the audit log
    (shared by every server process, kept across restarts)."""
    since = dt.datetime.now(dt.UTC) - WINDOW
    events = AuditEvent.filter(
        action=AuditAction.SENSITIVE_READ, error_code=ErrorCode.ID_NUMBER_UNAVAILABLE.value, occurred_at__gte=since
    )
    if principal.user_id is not None:
        events = events.filter(user_id=principal.user_id)
    else:
        events = events.filter(principal_name=principal.name, principal_kind=principal.kind.value)
    return await events.count()


async def check_unique_id_number(principal: Principal, row: Retiree) -> None:
    """Refuse ``row``'s ID number if another retiree has it, telling only what ``principal``
    may know (see the module's description)."""
    if await _recent_unavailable(principal) >= UNAVAILABLE_PER_HOUR:
        raise ServiceError(ErrorCode.RATE_LIMITED, "一小时内登记无法登记的身份证号次数过多，请稍后再试", "idNumber")
    clash = Retiree.filter(id_number_hash=id_number_hash(row.id_number))
    if row.id is not None:
        clash = clash.exclude(id=row.id)
    other = await clash.first().values_list("id", flat=True)
    if other is None:
        return
    if principal.can(SENSITIVE_READ) and await scoped(Retiree, principal).filter(id=other).exists():
        raise ServiceError(ErrorCode.DUPLICATE_ID_NUMBER, "该身份证号已登记", "idNumber")
    raise ServiceError(
        ErrorCode.ID_NUMBER_UNAVAILABLE, "该身份证号无法登记，请联系上级机构核实", "idNumber",
        discloses=("Retiree", other, "id_number"),
    )
