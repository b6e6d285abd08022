"""Masking of sensitive personal information (PIPL). Fields declared with
``sensitive_field`` show a masked value unless the principal holds ``core.sensitive.read``;
every unmasked read is noted for the audit log. Plugins use the same helpers."""

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.types import Info

from core.permissions import SENSITIVE_READ

#: the metadata key of a field that shows sensitive personal information (masked without the
#: permission) or, on a filter input, would reveal it (refused without the permission); the
#: masking matrix test finds every such field through it
SENSITIVE = "junxiu.sensitive"


def sensitive(description: str, **options: Any) -> Any:
    """``strawberry.field`` declared sensitive: for a resolver that masks with ``reveals``, or a
    filter input field the service refuses without ``core.sensitive.read``."""
    return strawberry.field(description=description, metadata={SENSITIVE: True}, **options)


def is_sensitive(field: Any) -> bool:
    """Whether a strawberry field is declared sensitive."""
    return bool((field.metadata or {}).get(SENSITIVE))


def mask_id_number(value: str) -> str:
    """Every character hidden. The birth date (digits 7–14) and the gender (digit 17) can be
    read unmasked elsewhere, and the region follows from the agency, so any digit more
    would leave fewer candidates than the security page allows (see 脱敏 there)."""
    return "*" * len(value)


#: a phone mask must hide at least this many digits: 10^4 candidates per masked number
PHONE_HIDDEN_DIGITS = 4


def mask_phone(value: str) -> str:
    """138****5678: the first three and last four characters stay when at least four digits
    are hidden between them; otherwise nothing stays."""
    if sum(char.isdigit() for char in value[3:-4]) >= PHONE_HIDDEN_DIGITS:
        return value[:3] + "****" + value[-4:]
    return "*" * len(value)


def mask_address(value: str) -> str:
    """Nothing stays: a district named in an address would locate the ID number's region.
    (Empty values never reach a mask: ``shown`` returns them as they are.)"""
    return "****"


def reveals(info: Info, root: Any, field: str) -> bool:
    """Whether the principal may see ``field`` of ``root`` unmasked (noting the read if so)."""
    if not info.context.principal.can(SENSITIVE_READ):
        return False
    info.context.note_sensitive_read(type(root).__name__, root.pk, field)
    return True


def shown(root: Any, info: Info, attribute: str, mask: Callable[[str], str]) -> str:
    """``attribute`` of ``root`` as the principal may see it: whole if it may read sensitive
    data (the read noted for the audit), masked otherwise; empty values stay empty."""
    value: str = getattr(root, attribute)
    if not value or reveals(info, root, attribute):
        return value
    return mask(value)


def sensitive_field(attribute: str, mask: Callable[[str], str], description: str) -> Any:
    """A string field that is masked unless the principal may read sensitive data. (The
    resolver only delegates to ``shown``: schema classes call this at import time, where a
    mutation run cannot reach, so the rule lives in a function called per request.)"""

    def resolve(root: Any, info: Info) -> str:
        return shown(root, info, attribute, mask)

    return sensitive(f"{description}（敏感个人信息，无权限时脱敏）", resolver=resolve)
