"""The acting principal every service call receives, so scoping and permissions are decided
in one place."""

from dataclasses import dataclass, field
from enum import Enum

from core.errors import ErrorCode, ServiceError


class PrincipalKind(Enum):
    SYSTEM = "SYSTEM"
    ADMIN = "ADMIN"
    DEPARTMENT = "DEPARTMENT"
    STAFF = "STAFF"
    RETIREE = "RETIREE"
    ANONYMOUS = "ANONYMOUS"


@dataclass(frozen=True)
class Principal:
    """Who acts. ``agency_path`` (the materialised path of the principal's agency) roots the
    subtree a staff or department principal may reach; a retiree principal reaches
    ``retiree_id`` only; system and administrators reach everything."""

    kind: PrincipalKind
    name: str
    agency_path: str | None = None
    agency_id: int | None = None
    #: the path of the agency the principal belongs to, retirees included: rows published to
    #: that agency's line (ScopeRule.shared_path) are readable
    home_path: str | None = None
    retiree_id: int | None = None
    permissions: frozenset[str] = field(default_factory=frozenset)
    user_id: int | None = None
    token_id: int | None = None

    @property
    def is_system(self) -> bool:
        """Unrestricted by scope and permissions (the CLI, the demo loader, administrators)."""
        return self.kind in (PrincipalKind.SYSTEM, PrincipalKind.ADMIN)

    @property
    def authenticated(self) -> bool:
        return self.kind is not PrincipalKind.ANONYMOUS

    def can(self, permission: str) -> bool:
        return self.kind is PrincipalKind.SYSTEM or permission in self.permissions

    def require(self, permission: str) -> None:
        if not self.can(permission):
            raise ServiceError(ErrorCode.FORBIDDEN, "无权执行该操作")


#: Used by the CLI and the demo loader.
SYSTEM = Principal(kind=PrincipalKind.SYSTEM, name="system")
ANONYMOUS = Principal(kind=PrincipalKind.ANONYMOUS, name="anonymous")
