"""GraphQL for accounts, login sessions, API tokens, roles and the audit log."""

import datetime as dt

import strawberry
from strawberry.types import Info

from core import audit
from core.errors import ServiceError
from core.models import AuditEvent as AuditEventModel
from core.models import UserAccount as UserAccountModel
from core.models.enums import AccountKind, AuditAction, AuditOutcome, TokenKind
from core.permissions import ACCOUNT_WRITE, ROLE_GRANT, registry
from core.schema.mutations import ROW_NUMBER, mutation, payload, payload_of, refers
from core.schema.node import ModelNode
from core.schema.pagination import DEFAULT_PAGE_SIZE, Connection, paginate
from core.schema.payload import ANYONE, SIGNED_IN, decode_id, user_errors
from core.schema.refs import AgencyRef, RetireeRef, StaffMemberRef
from core.schema.relations import loaded_field
from core.schema.todo import TodoItem, todo
from core.scope import scoped
from core.services import accounts as service
from core.services.common import get_visible


@strawberry.type(description="角色（内置角色或已启用插件的角色）")
class Role:
    code: str = strawberry.field(description="角色代码，如 AGENCY_MANAGER、UNIVERSITY_TEACHER")
    label: str = strawberry.field(description="中文名称")
    permissions: list[str] = strawberry.field(description="角色包含的权限（含已启用插件的权限）")


@strawberry.type(description="权限")
class PermissionInfo:
    code: str = strawberry.field(description="权限代码，如 core.retiree.write")
    label: str = strawberry.field(description="中文说明")


@strawberry.type(name="UserAccount", description="登录账户")
class UserAccountType(ModelNode):
    __model__ = UserAccountModel

    username: str = strawberry.field(description="用户名")
    display_name: str = strawberry.field(description="显示名称")
    kind: AccountKind = strawberry.field(description="账户类型")
    active: bool = strawberry.field(description="是否启用")
    last_login_at: dt.datetime | None = strawberry.field(description="最近登录时间")
    locked_until: dt.datetime | None = strawberry.field(description="锁定至（连续登录失败后）")

    @strawberry.field(description="持有的角色代码")
    async def roles(self) -> list[str]:
        return await service.roles_of(self)  # type: ignore[arg-type]

    staff_member: StaffMemberRef | None = loaded_field("core.staff", "staff_id", "关联的工作人员（工作人员用户）")

    department: AgencyRef | None = loaded_field("core.agency", "department_id", "关联的部门（部门用户）")

    retiree: RetireeRef | None = loaded_field("core.retiree", "retiree_id", "关联的军休干部（军休干部自助用户）")


@strawberry.type(description="API 令牌（令牌本身只在创建时显示一次）")
class ApiToken:
    id: strawberry.ID = strawberry.field(description="令牌编号（用于收回）")
    name: str = strawberry.field(description="用途说明")
    kind: TokenKind = strawberry.field(description="类型")
    expires_at: dt.datetime = strawberry.field(description="到期时间")
    revoked_at: dt.datetime | None = strawberry.field(description="收回时间")

    @strawberry.field(description="令牌持有的权限")
    def permissions(self) -> list[str]:
        return self.permissions.split()  # type: ignore[attr-defined]  # self is the AccessToken row


@strawberry.type(description="审计事件（只读，只增不改）")
class AuditEvent:
    id: strawberry.ID = strawberry.field(description="事件编号")
    occurred_at: dt.datetime = strawberry.field(description="发生时间")
    action: AuditAction = strawberry.field(description="事件类型")
    outcome: AuditOutcome = strawberry.field(description="结果")
    error_code: str = strawberry.field(description="被拒绝时的错误代码")
    operation: str = strawberry.field(description="操作（变更名称，如 updateRetiree）")
    principal_name: str = strawberry.field(description="操作者")
    principal_kind: str = strawberry.field(description="操作者类型")
    client_address: str = strawberry.field(description="客户端地址")
    target_type: str = strawberry.field(description="对象类型")
    target_id: int | None = strawberry.field(description="对象编号")

    @strawberry.field(description="涉及的字段名（不含取值）")
    def field_names(self) -> list[str]:
        return [name for name in self.field_names.split(",") if name]  # type: ignore[attr-defined]


@strawberry.input(description="审计事件筛选条件")
class AuditEventFilter:
    action: AuditAction | None = strawberry.field(default=None, description="事件类型")
    operation: str | None = strawberry.field(default=None, description="操作名称")
    principal_name: str | None = strawberry.field(default=None, description="操作者用户名")
    since: dt.datetime | None = strawberry.field(default=None, description="不早于")
    until: dt.datetime | None = strawberry.field(default=None, description="早于")


@strawberry.type(description="当前操作者")
class Viewer:
    name: str = strawberry.field(description="用户名")
    kind: str = strawberry.field(description="类型：ADMIN、DEPARTMENT、STAFF、RETIREE 或 SYSTEM")
    permissions: list[str] = strawberry.field(description="持有的权限")
    account: UserAccountType | None = strawberry.field(description="登录账户")
    todo: Connection[TodoItem] = strawberry.field(
        resolver=todo, description="待办事项：各启用插件中本人范围内到期与逾期的事项，按应办日期排序"
    )


@strawberry.input(description="登录")
class LoginInput:
    username: str = strawberry.field(description="用户名")
    password: str = strawberry.field(description="密码")


LoginPayload = payload_of(
    "Login", "登录结果：把 token 放进请求头 Authorization: Bearer <token>",
    ("token", str, "会话令牌（只显示这一次）"), ("expires_at", dt.datetime, "到期时间"),
)
LogoutPayload = payload_of("Logout", "退出登录的结果")


@strawberry.input(description="新建账户")
class CreateUserAccountInput:
    username: str = strawberry.field(description="用户名：3–50 位小写字母、数字及 . _ -")
    password: str = strawberry.field(description="初始密码（须符合密码策略）")
    kind: AccountKind = strawberry.field(description="账户类型")
    display_name: str = strawberry.field(default="", description="显示名称")
    staff_id: strawberry.ID | None = refers("StaffMember", "工作人员用户关联的工作人员", default=None)
    department_id: strawberry.ID | None = refers("Agency", "部门用户关联的部门", default=None)
    retiree_id: strawberry.ID | None = refers("Retiree", "自助用户关联的军休干部", default=None)
    roles: list[str] = strawberry.field(default_factory=list, description="授予的角色代码")


@strawberry.input(description="授予或收回角色")
class RoleChangeInput:
    user_id: strawberry.ID = refers("UserAccount", "账户 ID")
    role: str = strawberry.field(description="角色代码")


@strawberry.input(description="启用或停用账户（停用同时收回其全部令牌）")
class SetUserAccountActiveInput:
    user_id: strawberry.ID = refers("UserAccount", "账户 ID")
    active: bool = strawberry.field(description="是否启用")


@strawberry.input(description="修改本人密码（本账户的其他会话随即失效）")
class ChangePasswordInput:
    current_password: str = strawberry.field(description="当前密码")
    new_password: str = strawberry.field(description="新密码（须符合密码策略）")


@strawberry.input(description="重置他人密码（需 core.account.write；该账户全部会话失效并解除锁定）")
class ResetUserPasswordInput:
    user_id: strawberry.ID = refers("UserAccount", "账户 ID")
    new_password: str = strawberry.field(description="新密码（须符合密码策略）")


@strawberry.input(description="创建长期 API 令牌")
class CreateApiTokenInput:
    name: str = strawberry.field(description="用途说明，如“网络军休所门户”")
    permissions: list[str] = strawberry.field(description="令牌权限：账户已有权限的子集")
    expires_in_days: int = strawberry.field(default=90, description="有效天数")
    user_id: strawberry.ID | None = refers("UserAccount", "为哪个账户创建；默认本人", default=None)


@strawberry.input(description="收回 API 令牌")
class RevokeApiTokenInput:
    id: strawberry.ID = refers(ROW_NUMBER, "令牌编号", to="token_id")


UserAccountPayload = payload("UserAccount", "user_account", UserAccountType, "账户")
CreateApiTokenPayload = payload_of(
    "CreateApiToken", "创建 API 令牌的结果",
    ("token", str, "令牌（只显示这一次，请妥善保存）"), ("api_token", ApiToken, "令牌信息"),
)
RevokeApiTokenPayload = payload_of("RevokeApiToken", "收回 API 令牌的结果", ("api_token", ApiToken, "已收回的令牌"))


def _user_id(value: strawberry.ID, field: str = "userId") -> int:
    return decode_id(value, "UserAccount", field)


@strawberry.type
class AccountQuery:
    @strawberry.field(description="当前操作者")
    async def viewer(self, info: Info) -> Viewer:
        principal = info.context.principal
        account = await UserAccountModel.get_or_none(id=principal.user_id) if principal.user_id else None
        return Viewer(
            name=principal.name, kind=principal.kind.value, permissions=sorted(principal.permissions), account=account
        )

    @strawberry.field(description="按 ID 取一个账户")
    async def user_account(self, info: Info, id: strawberry.ID) -> UserAccountType | None:
        try:
            return await get_visible(UserAccountModel, _user_id(id, "id"), info.context.principal)
        except ServiceError:
            return None

    @strawberry.field(description="账户列表（本人范围内）")
    async def user_accounts(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> Connection[UserAccountType]:
        return await paginate(scoped(UserAccountModel, info.context.principal).order_by("id"), first, after, info)

    @strawberry.field(description="角色及其权限：内置角色与已启用插件的角色")
    def roles(self) -> list[Role]:
        held = registry()
        return [Role(code=r.code, label=r.label, permissions=sorted(held.of_role(r.code))) for r in held.roles.values()]

    @strawberry.field(description="本实例的全部权限（核心与已启用插件）")
    def permissions(self) -> list[PermissionInfo]:
        return [PermissionInfo(code=p.code, label=p.label) for p in registry().permissions.values()]

    @strawberry.field(description="审计日志（需 core.audit.read；只含本人范围内操作者的事件，新事件在前）")
    async def audit_events(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: AuditEventFilter | None = None,
    ) -> Connection[AuditEvent]:
        queryset = scoped(AuditEventModel, info.context.principal)
        if filter is not None:
            for name, lookup in (
                ("action", "action"),
                ("operation", "operation"),
                ("principal_name", "principal_name"),
                ("since", "occurred_at__gte"),
                ("until", "occurred_at__lt"),
            ):
                value = getattr(filter, name)
                if value is not None:
                    queryset = queryset.filter(**{lookup: value})
        return await paginate(queryset.order_by("-id"), first, after, info)


@strawberry.type
class AccountMutation:
    @mutation(description="登录，取得会话令牌（未登录时唯一可用的操作）", requires=ANYONE)
    async def login(self, info: Info, input: LoginInput) -> LoginPayload:  # type: ignore[valid-type]
        # no principal and no transaction of its own: the service audits every attempt
        try:
            raw, token, _ = await service.login(input.username, input.password, audit.client_address.get())
        except ServiceError as error:
            return LoginPayload(user_errors=user_errors(error))
        return LoginPayload(token=raw, expires_at=token.expires_at, user_errors=[])

    @mutation(description="退出登录：收回当前令牌", requires=SIGNED_IN)
    async def logout(self, info: Info) -> LogoutPayload:  # type: ignore[valid-type]
        try:
            await service.logout(info.context.principal)
        except ServiceError as error:
            return LogoutPayload(user_errors=user_errors(error))
        return LogoutPayload(user_errors=[])

    create_user_account = mutation(
        "新建账户（需 core.account.write，关联对象须在本人范围内）", requires=ACCOUNT_WRITE,
        service=service.create_account, input=CreateUserAccountInput,
        payload=UserAccountPayload,
    )
    grant_role = mutation(
        "授予角色（只能在本人范围与权限内）", requires=ROLE_GRANT, action=AuditAction.ROLE_CHANGE,
        service=service.grant_role, input=RoleChangeInput,
        payload=UserAccountPayload,
    )
    revoke_role = mutation(
        "收回角色（只能在本人范围与权限内）", requires=ROLE_GRANT, action=AuditAction.ROLE_CHANGE,
        service=service.revoke_role, input=RoleChangeInput,
        payload=UserAccountPayload,
    )
    set_user_account_active = mutation(
        "启用或停用账户", requires=ACCOUNT_WRITE,
        service=service.set_account_active, input=SetUserAccountActiveInput,
        payload=UserAccountPayload,
    )
    change_password = mutation(
        "修改本人密码", requires=SIGNED_IN,
        service=service.change_password, input=ChangePasswordInput,
        payload=UserAccountPayload,
    )
    reset_user_password = mutation(
        "重置他人密码", requires=ACCOUNT_WRITE,
        service=service.reset_password, input=ResetUserPasswordInput,
        payload=UserAccountPayload,
    )
    revoke_api_token = mutation(
        "收回 API 令牌", requires=ACCOUNT_WRITE,
        service=service.revoke_token, input=RevokeApiTokenInput,
        payload=RevokeApiTokenPayload,
    )
    create_api_token = mutation(
        "创建长期 API 令牌（门户、大屏、系统集成）", requires=ACCOUNT_WRITE, on_self=SIGNED_IN,
        service=service.create_api_token, input=CreateApiTokenInput,
        payload=CreateApiTokenPayload,
    )
