"""The append-only audit log: writes, unmasked reads of sensitive data, logins, role changes.
Records carry field names, never the values."""

import contextvars
from collections.abc import Iterable
from typing import Any

from core.models import AuditEvent
from core.models.enums import AuditAction, AuditOutcome
from core.principal import Principal

#: the client address of the request being served (set by the HTTP layer)
client_address: contextvars.ContextVar[str] = contextvars.ContextVar("client_address", default="")


def printable(text: str, limit: int) -> str:
    """Client-supplied text (a username typed at login) without control characters, which
    PostgreSQL refuses (NUL) and a log reader should never see."""
    return "".join(char for char in text if char.isprintable())[:limit]


def event(
    action: AuditAction,
    principal: Principal,
    *,
    operation: str = "",
    target_type: str = "",
    target_id: int | None = None,
    fields: Iterable[str] = (),
    outcome: AuditOutcome = AuditOutcome.SUCCEEDED,
    error_code: str = "",
) -> AuditEvent:
    """An unsaved audit record of ``principal`` doing ``action`` from the current client."""
    return AuditEvent(
        action=action,
        outcome=outcome,
        error_code=error_code,
        operation=printable(operation, 100),
        principal_name=printable(principal.name, 50),
        principal_kind=principal.kind.value,
        user_id=principal.user_id,
        client_address=client_address.get()[:64],
        target_type=target_type[:50],
        target_id=target_id,
        field_names=",".join(sorted(set(fields))),
        actor_agency_id=principal.agency_id,
    )


async def record(action: AuditAction, principal: Principal, **details: Any) -> AuditEvent:
    row = event(action, principal, **details)
    await row.save()
    return row
