"""Permissions of the meal service; other modules import these codes, never spell them."""

from collections.abc import Sequence

from core.api import AGENCY_MANAGER, AGENCY_STAFF, DEPARTMENT_ADMIN, RETIREE, Permission, hookimpl

READ = "meals.read"
ORDER = "meals.order"


# --8<-- [start:register_permissions]
@hookimpl
def register_permissions() -> Sequence[Permission]:
    workers = (DEPARTMENT_ADMIN, AGENCY_MANAGER, AGENCY_STAFF)
    return [
        Permission(READ, "查看订餐", (*workers, RETIREE)),
        Permission(ORDER, "为军休干部订餐", workers),
    ]
    # --8<-- [end:register_permissions]
