"""Permissions and the built-in roles made of them. Plugins add permissions through the
``register_permissions`` hook; every permission names the roles that hold it."""

from collections.abc import Iterable
from dataclasses import dataclass

from core.host import PluginError, PluginHost
from core.plugin import Permission

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
    """Every permission of an instance (core and enabled plugins) and what each role holds."""

    def __init__(self, permissions: Iterable[tuple[str, Permission]]) -> None:
        self.permissions: dict[str, Permission] = {}
        owners: dict[str, str] = {}
        for owner, permission in permissions:
            if permission.code in owners:
                raise PluginError(f"权限冲突：{permission.code} 同时由 {owners[permission.code]} 与 {owner} 定义")
            unknown = set(permission.roles) - set(ROLES)
            if unknown:
                raise PluginError(f"{owner} 的权限 {permission.code} 指向不存在的角色 {sorted(unknown)}")
            owners[permission.code] = owner
            self.permissions[permission.code] = permission

    @classmethod
    def for_host(cls, host: PluginHost) -> "PermissionRegistry":
        contributed = [(name, p) for name, perms in host.contributions("register_permissions") for p in perms]
        return cls([*(("core", p) for p in CORE_PERMISSIONS), *contributed])

    def of_role(self, role: str) -> frozenset[str]:
        if role == SYSTEM_ADMIN:
            return frozenset(self.permissions)
        return frozenset(code for code, p in self.permissions.items() if role in p.roles)

    def of_roles(self, roles: Iterable[str]) -> frozenset[str]:
        return frozenset().union(*(self.of_role(role) for role in roles))


_active = PermissionRegistry(("core", p) for p in CORE_PERMISSIONS)


def configure(registry: PermissionRegistry) -> None:
    global _active
    _active = registry


def registry() -> PermissionRegistry:
    return _active
