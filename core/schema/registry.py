"""Target of the lazy references to core types (``core.schema.refs``).

``build_schema`` sets ``Agency``, ``Retiree`` and ``StaffMember`` to the core type merged
with the plugins' type extensions; before any build they are the plain core types.
"""

from core.schema.agency import AgencyBase as Agency
from core.schema.retiree import RetireeBase as Retiree
from core.schema.staff import StaffMemberBase as StaffMember

__all__ = ["Agency", "Retiree", "StaffMember"]
