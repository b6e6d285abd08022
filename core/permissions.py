"""Permissions and the built-in roles made of them. Plugins add permissions through the
``register_permissions`` hook (every permission names the built-in roles that hold it) and
roles of their own through ``register_roles`` (a role names the permissions it holds)."""

from collections.abc import Iterable
from dataclasses import dataclass

from core.current import current_host
from core.plugin import Permission, RoleRegistration

SYSTEM_ADMIN = "SYSTEM_ADMIN"
DEPARTMENT_ADMIN = "DEPARTMENT_ADMIN"
AGENCY_MANAGER = "AGENCY_MANAGER"
AGENCY_STAFF = "AGENCY_STAFF"
RETIREE = "RETIREE"
PORTAL_READONLY = "PORTAL_READONLY"


@dataclass(frozen=True)
class Role:
    code: str
    label: str


ROLES = {
    role.code: role
    for role in (
        Role(SYSTEM_ADMIN, "系统管理员"),
        Role(DEPARTMENT_ADMIN, "部门管理员"),
        Role(AGENCY_MANAGER, "机构负责人"),
        Role(AGENCY_STAFF, "机构工作人员"),
        Role(RETIREE, "军休干部本人"),
        Role(PORTAL_READONLY, "只读门户"),
    )
}

_MANAGERS = (DEPARTMENT_ADMIN, AGENCY_MANAGER)
_WORKERS = (DEPARTMENT_ADMIN, AGENCY_MANAGER, AGENCY_STAFF)

AGENCY_READ = "core.agency.read"
AGENCY_WRITE = "core.agency.write"
RETIREE_READ = "core.retiree.read"
RETIREE_WRITE = "core.retiree.write"
SENSITIVE_READ = "core.sensitive.read"
STAFF_READ = "core.staff.read"
STAFF_WRITE = "core.staff.write"
ACCOUNT_READ = "core.account.read"
ACCOUNT_WRITE = "core.account.write"
ROLE_GRANT = "core.role.grant"
AUDIT_READ = "core.audit.read"
ATTACHMENT_WRITE = "core.attachment.write"

CORE_PERMISSIONS = (
    Permission(AGENCY_READ, "查看机构", (*_WORKERS, PORTAL_READONLY)),
    Permission(AGENCY_WRITE, "新建、调整、合并、撤销机构", (DEPARTMENT_ADMIN,)),
    Permission(RETIREE_READ, "查看军休干部", (*_WORKERS, RETIREE, PORTAL_READONLY)),
    Permission(RETIREE_WRITE, "登记和办理军休干部事项", _WORKERS),
    Permission(SENSITIVE_READ, "查看未脱敏的身份证号、电话、住址和健康信息", (*_MANAGERS, RETIREE)),
    Permission(STAFF_READ, "查看工作人员", _WORKERS),
    Permission(STAFF_WRITE, "管理工作人员", _MANAGERS),
    Permission(ACCOUNT_READ, "查看账户", _MANAGERS),
    Permission(ACCOUNT_WRITE, "创建和停用账户", _MANAGERS),
    Permission(ROLE_GRANT, "在本人范围与权限内授予、收回角色", _MANAGERS),
    Permission(AUDIT_READ, "查看审计日志", _MANAGERS),
    Permission(ATTACHMENT_WRITE, "为可写的记录上传、删除附件（仍须该记录的写权限）", _WORKERS),
)


class PermissionRegistry:
    """Every permission and role of one instance (core and enabled plugins) and what each role
    holds. The host builds it from what its checkpoint accepted; ``registry()`` returns the
    current host's."""

    def __init__(self, permissions: Iterable[Permission], roles: Iterable[RoleRegistration] = ()) -> None:
        self.permissions: dict[str, Permission] = {p.code: p for p in permissions}
        self.roles: dict[str, Role] = dict(ROLES)
        self._plugin_roles: dict[str, frozenset[str]] = {}
        for role in roles:
            self.roles[role.code] = Role(role.code, role.label)
            self._plugin_roles[role.code] = frozenset(role.permissions)

    def of_role(self, role: str) -> frozenset[str]:
        if role == SYSTEM_ADMIN:
            return frozenset(self.permissions)
        if role in self._plugin_roles:
            return self._plugin_roles[role]
        return frozenset(code for code, p in self.permissions.items() if role in p.roles)

    def of_roles(self, roles: Iterable[str]) -> frozenset[str]:
        return frozenset().union(*(self.of_role(role) for role in roles))


CORE_REGISTRY = PermissionRegistry(CORE_PERMISSIONS)


def registry() -> PermissionRegistry:
    """The permissions and roles of the current host (the core's alone outside of any)."""
    host = current_host()
    return host.permissions if host is not None else CORE_REGISTRY
