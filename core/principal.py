"""The acting principal every service call receives, so scoping is decided in one place."""

from dataclasses import dataclass, field
from enum import Enum


class PrincipalKind(Enum):
    SYSTEM = "SYSTEM"
    STAFF = "STAFF"
    DEPARTMENT = "DEPARTMENT"
    RETIREE = "RETIREE"


@dataclass(frozen=True)
class Principal:
    """Who acts. ``agency_path`` (the materialised path of the principal's agency) roots the
    subtree a staff or department principal may reach; a retiree principal reaches
    ``retiree_id`` only."""

    kind: PrincipalKind
    name: str
    agency_path: str | None = None
    retiree_id: int | None = None
    permissions: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_system(self) -> bool:
        return self.kind is PrincipalKind.SYSTEM


#: Used by the CLI, the demo loader and, until accounts exist, the HTTP API.
SYSTEM = Principal(kind=PrincipalKind.SYSTEM, name="system")
