"""Permissions of notices; other modules import these codes, never spell them."""

from collections.abc import Sequence

from core.api import AGENCY_MANAGER, AGENCY_STAFF, DEPARTMENT_ADMIN, Permission, hookimpl

READ = "notices.read"
PUBLISH = "notices.publish"


@hookimpl
def register_permissions() -> Sequence[Permission]:
    return [
        Permission(READ, "查看通知公告", (DEPARTMENT_ADMIN, AGENCY_MANAGER, AGENCY_STAFF)),
        Permission(PUBLISH, "发布通知公告", (DEPARTMENT_ADMIN, AGENCY_MANAGER)),
    ]
