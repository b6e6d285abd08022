"""Permissions of notices; other modules import these codes, never spell them."""

from collections.abc import Sequence

from core.api import AGENCY_MANAGER, AGENCY_STAFF, DEPARTMENT_ADMIN, RETIREE, Permission, hookimpl

READ = "notices.read"
PUBLISH = "notices.publish"


@hookimpl
def register_permissions() -> Sequence[Permission]:
    workers = (DEPARTMENT_ADMIN, AGENCY_MANAGER, AGENCY_STAFF)
    return [
        # a retiree reads only the records about themself (the scope rule's retiree_path)
        Permission(READ, "查看通知公告", (*workers, RETIREE)),
        Permission(PUBLISH, "发布通知公告", (DEPARTMENT_ADMIN, AGENCY_MANAGER)),
    ]
