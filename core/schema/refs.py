"""Lazy references to the public core types: use these in annotations, never the base classes,
so that fields resolve to the type merged with every plugin's extensions."""

from typing import Annotated

import strawberry

AgencyRef = Annotated["Agency", strawberry.lazy("core.schema.registry")]
RetireeRef = Annotated["Retiree", strawberry.lazy("core.schema.registry")]
StaffMemberRef = Annotated["StaffMember", strawberry.lazy("core.schema.registry")]
