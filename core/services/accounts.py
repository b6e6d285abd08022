"""Accounts, roles, login sessions and API tokens."""

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable, Sequence

from tortoise.transactions import atomic

from core import audit
from core.db import placeholders
from core.errors import ErrorCode, ServiceError
from core.host import active_settings
from core.models import AccessToken, Agency, Retiree, RoleGrant, Staff, UserAccount
from core.models.base import save_versioned
from core.models.enums import AccountKind, AgencyKind, AuditAction, AuditOutcome, TokenKind
from core.passwords import check_policy, hash_password, verify_password
from core.permissions import (
    ACCOUNT_WRITE,
    RETIREE,
    ROLE_GRANT,
    ROLES,
    SYSTEM_ADMIN,
    registry,
)
from core.principal import Principal, PrincipalKind
from core.services import login_throttle
from core.services.common import get_visible
from core.validation import check_lengths

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,49}$")
TOKEN_PREFIX = "jx_"
#: which built-in roles an account kind may hold
_ROLES_FOR_KIND = {
    AccountKind.ADMIN: set(ROLES),
    AccountKind.DEPARTMENT: set(ROLES) - {SYSTEM_ADMIN, RETIREE},
    AccountKind.STAFF: set(ROLES) - {SYSTEM_ADMIN, RETIREE},
    AccountKind.RETIREE: {RETIREE},
}


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


async def account_agency(account: UserAccount) -> Agency | None:
    """The agency whose subtree an account acts in; None for administrators (everything)."""
    if account.staff_id is not None:
        return await Agency.get(staff__id=account.staff_id)
    if account.department_id is not None:
        return await Agency.get(id=account.department_id)
    if account.retiree_id is not None:
        return await Agency.get(retirees__id=account.retiree_id)
    return None


async def roles_of(account: UserAccount) -> list[str]:
    return [grant.role for grant in await RoleGrant.filter(user_id=account.id).order_by("role")]


async def _visible_account(principal: Principal, user_id: int, field: str = "userId") -> UserAccount:
    """An account the principal may manage: within its subtree (NOT_FOUND otherwise)."""
    return await get_visible(UserAccount, user_id, principal, field)


def _may_hold(kind: AccountKind, role: str) -> bool:
    """Built-in roles by ``_ROLES_FOR_KIND``; a plugin's roles (work within an agency) by every
    account but a retiree's."""
    if role in ROLES:
        return role in _ROLES_FOR_KIND[kind]
    return kind is not AccountKind.RETIREE


def _check_grantable(principal: Principal, account: UserAccount, role: str) -> None:
    if role not in registry().roles:
        raise ServiceError(ErrorCode.INVALID_VALUE, f"没有角色 {role}", "role")
    if not _may_hold(account.kind, role):
        raise ServiceError(ErrorCode.INVALID_VALUE, "该类型账户不能持有此角色", "role")
    if principal.kind is not PrincipalKind.SYSTEM and not registry().of_role(role) <= principal.permissions:
        raise ServiceError(ErrorCode.FORBIDDEN, "只能授予本人已有权限范围内的角色", "role")


@atomic()
async def create_account(
    principal: Principal,
    *,
    username: str,
    password: str,
    kind: AccountKind,
    display_name: str = "",
    staff_id: int | None = None,
    department_id: int | None = None,
    retiree_id: int | None = None,
    roles: Sequence[str] = (),
) -> UserAccount:
    principal.require(ACCOUNT_WRITE)
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise ServiceError(ErrorCode.INVALID_VALUE, "用户名为 3–50 位小写字母、数字及 . _ -", "username")
    check_lengths(UserAccount, {"display_name": display_name})
    settings = active_settings()
    check_policy(password, settings.password_min_length, settings.password_min_classes)
    links = {AccountKind.STAFF: staff_id, AccountKind.DEPARTMENT: department_id, AccountKind.RETIREE: retiree_id}
    if kind is AccountKind.ADMIN:
        if principal.kind not in (PrincipalKind.SYSTEM, PrincipalKind.ADMIN):
            raise ServiceError(ErrorCode.FORBIDDEN, "只有系统管理员可以创建系统管理员账户", "kind")
        if any(links.values()):
            raise ServiceError(ErrorCode.INVALID_VALUE, "系统管理员账户不关联人员或部门", "kind")
    else:
        for other_kind, value in links.items():
            if (other_kind is kind) != (value is not None):
                field = {AccountKind.STAFF: "staffId", AccountKind.DEPARTMENT: "departmentId"}.get(
                    other_kind, "retireeId"
                )
                message = "须关联对应记录" if other_kind is kind else "该类型账户不能关联此记录"
                raise ServiceError(
                    ErrorCode.REQUIRED if other_kind is kind else ErrorCode.INVALID_VALUE, message, field
                )
    if staff_id is not None:
        await get_visible(Staff, staff_id, principal, "staffId")
    if department_id is not None:
        department = await get_visible(Agency, department_id, principal, "departmentId")
        if department.kind is not AgencyKind.DEPARTMENT:
            raise ServiceError(ErrorCode.INVALID_VALUE, "部门用户须关联退役军人事务部门", "departmentId")
    if retiree_id is not None:
        await get_visible(Retiree, retiree_id, principal, "retireeId")
    if await UserAccount.filter(username=username).exists():
        raise ServiceError(ErrorCode.DUPLICATE, "用户名已被使用", "username")
    account = await UserAccount.create(
        username=username,
        display_name=display_name.strip(),
        kind=kind,
        password_hash=hash_password(password),
        staff_id=staff_id,
        department_id=department_id,
        retiree_id=retiree_id,
        password_changed_at=now(),
    )
    for role in dict.fromkeys(roles):
        _check_grantable(principal, account, role)
        await RoleGrant.create(user_id=account.id, role=role, granted_by=principal.name[:50])
    return account


@atomic()
async def grant_role(principal: Principal, user_id: int, role: str) -> UserAccount:
    principal.require(ROLE_GRANT)
    account = await _visible_account(principal, user_id)
    _check_grantable(principal, account, role)
    await RoleGrant.get_or_create(user_id=account.id, role=role, defaults={"granted_by": principal.name[:50]})
    return account


@atomic()
async def revoke_role(principal: Principal, user_id: int, role: str) -> UserAccount:
    principal.require(ROLE_GRANT)
    account = await _visible_account(principal, user_id)
    _check_grantable(principal, account, role)
    if account.id == principal.user_id and role in (SYSTEM_ADMIN,):
        raise ServiceError(ErrorCode.FORBIDDEN, "不能收回本人的系统管理员角色", "role")
    await RoleGrant.filter(user_id=account.id, role=role).delete()
    return account


@atomic()
async def set_account_active(principal: Principal, user_id: int, active: bool) -> UserAccount:
    principal.require(ACCOUNT_WRITE)
    account = await _visible_account(principal, user_id)
    if account.id == principal.user_id and not active:
        raise ServiceError(ErrorCode.FORBIDDEN, "不能停用本人账户", "userId")
    account.active = active
    await save_versioned(account, ["active"])
    if not active:
        await AccessToken.filter(user_id=account.id, revoked_at=None).update(revoked_at=now())
    return account


@atomic()
async def change_password(principal: Principal, current_password: str, new_password: str) -> UserAccount:
    """Change one's own password; the other sessions of the account are revoked."""
    account = await UserAccount.get_or_none(id=principal.user_id) if principal.user_id else None
    if account is None:
        raise ServiceError(ErrorCode.FORBIDDEN, "只有登录账户可以修改密码")
    if not verify_password(account.password_hash, current_password):
        raise ServiceError(ErrorCode.INVALID_CREDENTIALS, "当前密码错误", "currentPassword")
    await _set_password(account, new_password, "newPassword")
    await (
        AccessToken.filter(user_id=account.id, kind=TokenKind.SESSION, revoked_at=None)
        .exclude(id=principal.token_id)
        .update(revoked_at=now())
    )
    return account


@atomic()
async def reset_password(principal: Principal, user_id: int, new_password: str) -> UserAccount:
    """Set another account's password (e.g. forgotten); all its sessions end and it unlocks."""
    principal.require(ACCOUNT_WRITE)
    account = await _visible_account(principal, user_id)
    if account.kind is AccountKind.ADMIN and principal.kind not in (PrincipalKind.SYSTEM, PrincipalKind.ADMIN):
        raise ServiceError(ErrorCode.FORBIDDEN, "只有系统管理员可以重置系统管理员的密码", "userId")
    await _set_password(account, new_password, "newPassword")
    await login_throttle.unlock(account.username)
    await account.refresh_from_db(fields=["failed_logins", "locked_until"])
    await AccessToken.filter(user_id=account.id, kind=TokenKind.SESSION, revoked_at=None).update(revoked_at=now())
    return account


@atomic()
async def unlock_account(principal: Principal, user_id: int) -> UserAccount:
    """Lift the login locks of an account, from every client address."""
    principal.require(ACCOUNT_WRITE)
    account = await _visible_account(principal, user_id)
    await login_throttle.unlock(account.username)
    await account.refresh_from_db(fields=["failed_logins", "locked_until"])
    return account


async def _set_password(account: UserAccount, password: str, field: str) -> None:
    settings = active_settings()
    check_policy(password, settings.password_min_length, settings.password_min_classes, field)
    account.password_hash = hash_password(password)
    account.password_changed_at = now()
    await save_versioned(account, ["password_hash", "password_changed_at"])


async def _issue(
    account: UserAccount, kind: TokenKind, name: str, permissions: Iterable[str], expires_at: dt.datetime
) -> tuple[str, AccessToken]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = await AccessToken.create(
        user_id=account.id,
        kind=kind,
        token_hash=token_hash(raw),
        name=name[:100],
        permissions=" ".join(sorted(permissions)),
        expires_at=expires_at,
    )
    return raw, token


async def login(username: str, password: str, client_address: str = "") -> tuple[str, AccessToken, UserAccount]:
    """A session token for valid credentials. Failures are counted per (username, client
    address) and per username (``login_throttle``). A name without an account, a wrong password
    and a disabled account cost the same (one argon2 verification) and answer the same."""
    typed = username.strip().lower()
    # a name no account can have is simply unknown (the column would refuse to compare it)
    account = await UserAccount.get_or_none(username=typed) if _USERNAME.match(typed) else None
    name = audit.printable(typed, 50)  # what the throttle counts under
    agency = await account_agency(account) if account is not None else None
    # attributed to the account's agency, so its managers see attempts on their accounts
    anonymous = Principal(
        kind=PrincipalKind.ANONYMOUS, name=username.strip()[:50] or "?", agency_id=agency.id if agency else None
    )
    failed = {"target_type": "UserAccount" if account else "", "target_id": account.id if account else None}
    refusal = await login_throttle.refusal(name, client_address) or await login_throttle.admit(name, client_address)
    if refusal is not None:
        await audit.record(
            AuditAction.LOGIN_FAILED,
            anonymous,
            operation="login",
            outcome=AuditOutcome.REFUSED,
            error_code=refusal.code,
            **failed,
        )
        raise refusal
    # verified even without an account (against a dummy hash), so timing tells nothing
    valid = verify_password(account.password_hash if account else None, password)
    if account is None or not account.active or not valid:
        await login_throttle.failed(name, client_address)
        await audit.record(
            AuditAction.LOGIN_FAILED,
            anonymous,
            operation="login",
            outcome=AuditOutcome.REFUSED,
            error_code=ErrorCode.INVALID_CREDENTIALS.value,
            **failed,
        )
        raise ServiceError(ErrorCode.INVALID_CREDENTIALS, "用户名或密码错误")
    await login_throttle.clear(name, client_address)
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = now()
    await account.save(update_fields=["failed_logins", "locked_until", "last_login_at"])
    settings = active_settings()
    raw, token = await _issue(
        account, TokenKind.SESSION, "登录会话", (), now() + dt.timedelta(hours=settings.session_hours)
    )
    principal = await authenticate(raw)
    assert principal is not None  # the token was issued just now
    await audit.record(AuditAction.LOGIN, principal, operation="login", target_type="UserAccount", target_id=account.id)
    return raw, token, account


async def logout(principal: Principal) -> None:
    if principal.token_id is None:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "当前不是令牌登录")
    await AccessToken.filter(id=principal.token_id).update(revoked_at=now())
    await audit.record(
        AuditAction.LOGOUT, principal, operation="logout", target_type="AccessToken", target_id=principal.token_id
    )


@atomic()
async def create_api_token(
    principal: Principal, *, user_id: int | None, name: str, permissions: Sequence[str], expires_in_days: int
) -> tuple[str, AccessToken]:
    """A long-lived token for a portal or integration, holding a subset of the account's
    permissions (and of the creator's)."""
    settings = active_settings()
    target = user_id if user_id is not None else principal.user_id
    if target is None:
        raise ServiceError(ErrorCode.REQUIRED, "须指定账户", "userId")
    account = (
        await UserAccount.get(id=target) if target == principal.user_id else await _visible_account(principal, target)
    )
    if target != principal.user_id:
        principal.require(ACCOUNT_WRITE)
    if not name.strip():
        raise ServiceError(ErrorCode.REQUIRED, "不能为空", "name")
    check_lengths(AccessToken, {"name": name})
    days = expires_in_days
    if not 1 <= days <= settings.api_token_max_days:
        raise ServiceError(
            ErrorCode.INVALID_VALUE, f"有效天数应在 1 到 {settings.api_token_max_days} 之间", "expiresInDays"
        )
    held = registry().of_roles(await roles_of(account))
    if principal.kind is not PrincipalKind.SYSTEM:
        held &= principal.permissions
    wanted = set(permissions)
    if not wanted or not wanted <= held:
        raise ServiceError(ErrorCode.FORBIDDEN, "令牌权限须为账户（及本人）已有权限的非空子集", "permissions")
    return await _issue(account, TokenKind.API, name.strip(), wanted, now() + dt.timedelta(days=days))


@atomic()
async def revoke_token(principal: Principal, token_id: int) -> AccessToken:
    token = await AccessToken.get_or_none(id=token_id)
    others = token is not None and token.user_id != principal.user_id and principal.kind is not PrincipalKind.SYSTEM
    if token is None or (others and not principal.can(ACCOUNT_WRITE)):
        raise ServiceError(ErrorCode.NOT_FOUND, "令牌不存在或不在可见范围内", "id")
    if others:
        await _visible_account(principal, token.user_id, "id")
    if token.revoked_at is None:
        token.revoked_at = now()
        await token.save(update_fields=["revoked_at"])
    return token


#: a token with its account, the account's agency (as ``account_agency`` finds it) and one row
#: per role grant. Authentication runs before every request; as ORM queries it cost three
#: statements' worth of query building and model loading, far more than the database's work.
_PRINCIPAL_OF_TOKEN = """
SELECT t.id AS token_id, t.kind AS token_kind, t.permissions, t.expires_at, t.revoked_at,
       u.id AS user_id, u.username, u.kind AS account_kind, u.active, u.retiree_id,
       a.id AS agency_id, a.path AS agency_path, g.role
FROM core_access_token t
JOIN core_user_account u ON u.id = t.user_id
LEFT JOIN core_staff s ON s.id = u.staff_id
LEFT JOIN core_retiree r ON r.id = u.retiree_id
LEFT JOIN core_agency a ON a.id = COALESCE(s.agency_id, u.department_id, r.agency_id)
LEFT JOIN core_role_grant g ON g.user_id = u.id
WHERE t.token_hash = {}
"""


async def ensure_signed_in(principal: Principal) -> None:
    """Refuses a principal whose token was revoked or expired, or whose account was
    deactivated, after the request authenticated it: a mutation checks this in its own
    transaction, so that neither ``logout`` earlier in the same document nor another request
    can leave a write to a principal that no longer exists."""
    if principal.token_id is None:
        return
    token = await AccessToken.filter(id=principal.token_id).select_related("user").first()
    if token is None or token.revoked_at is not None or token.expires_at <= now() or not token.user.active:
        raise ServiceError(ErrorCode.UNAUTHENTICATED, "登录已失效，请重新登录")


async def authenticate(raw: str) -> Principal | None:
    """The principal of a bearer token, or None when it is unknown, expired or revoked."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    client = AccessToken._meta.db
    rows = await client.execute_query_dict(_PRINCIPAL_OF_TOKEN.format(placeholders(client, 1)[0]),
                                           [token_hash(raw)])
    if not rows:
        return None
    row = rows[0]
    expires_at = AccessToken._meta.fields_map["expires_at"].to_python_value(row["expires_at"])
    if row["revoked_at"] is not None or expires_at <= now() or not row["active"]:
        return None
    permissions = registry().of_roles(sorted(grant["role"] for grant in rows if grant["role"] is not None))
    if TokenKind(row["token_kind"]) is TokenKind.API:
        permissions &= frozenset(row["permissions"].split())
    kind = PrincipalKind(row["account_kind"])
    path = row["agency_path"]
    return Principal(
        kind=kind,
        name=row["username"],
        agency_path=path if kind is not PrincipalKind.RETIREE else None,
        agency_id=row["agency_id"],
        home_path=path,
        retiree_id=row["retiree_id"],
        permissions=permissions,
        user_id=row["user_id"],
        token_id=row["token_id"],
    )
