"""Target of the lazy references to core types (``core.schema.refs``) and to ``ErrorCode``.

``build_schema`` sets ``Agency``, ``Retiree`` and ``StaffMember`` to the core type merged
with the plugins' type extensions, and ``ErrorCode`` to the enum of the core's and the
enabled plugins' error codes; before any build they are the plain core types and codes.

strawberry resolves a lazy reference by importing a module and reading an attribute, so this
switchboard has to be a module; it is read only while ``build_schema`` runs (which never
awaits), and what it resolved stays in that build's schema. The schema itself belongs to the
app (``app.state.schema``): apps of different plugin sets live side by side in one process.
"""

from core.errors import CORE_ERROR_CODES, error_code_enum
from core.schema.agency import AgencyBase as Agency
from core.schema.retiree import RetireeBase as Retiree
from core.schema.staff import StaffMemberBase as StaffMember

ErrorCode = error_code_enum(CORE_ERROR_CODES)

__all__ = ["Agency", "ErrorCode", "Retiree", "StaffMember"]
