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
    """110101********123X: region and last four stay, so staff can tell people apart."""
    return value[:6] + "*" * 8 + value[-4:] if len(value) == 18 else "*" * len(value)


def mask_phone(value: str) -> str:
    return value[:3] + "****" + value[-4:] if len(value) >= 11 else "*" * len(value)


def mask_address(value: str) -> str:
    return value[:6] + "****" if value else value


def reveals(info: Info, root: Any, field: str) -> bool:
    """Whether the principal may see ``field`` of ``root`` unmasked (noting the read if so)."""
    if not info.context.principal.can(SENSITIVE_READ):
        return False
    info.context.note_sensitive_read(type(root).__name__, root.pk, field)
    return True


def sensitive_field(attribute: str, mask: Callable[[str], str], description: str) -> Any:
    """A string field that is masked unless the principal may read sensitive data."""

    def resolve(root: Any, info: Info) -> str:
        value: str = getattr(root, attribute)
        if not value or reveals(info, root, attribute):
            return value
        return mask(value)

    return sensitive(f"{description}（敏感个人信息，无权限时脱敏）", resolver=resolve)
