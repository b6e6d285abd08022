"""Expected failures of services, reported to GraphQL clients as ``userErrors``."""

from dataclasses import dataclass
from enum import Enum

import strawberry


@strawberry.enum(description="业务错误代码：稳定不变，客户端可据此分支处理")
class ErrorCode(Enum):
    INVALID_VALUE = strawberry.enum_value("INVALID_VALUE", description="取值不合法或超出范围")
    REQUIRED = strawberry.enum_value("REQUIRED", description="缺少必填项")
    TOO_LONG = strawberry.enum_value("TOO_LONG", description="字符串超过长度上限")
    INVALID_ID = strawberry.enum_value("INVALID_ID", description="全局 ID 格式错误或类型不符")
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="记录不存在或不在可见范围内")
    INVALID_ID_NUMBER = strawberry.enum_value(
        "INVALID_ID_NUMBER", description="身份证号不符合 GB 11643（格式、出生日期或校验码）"
    )
    DUPLICATE_ID_NUMBER = strawberry.enum_value(
        "DUPLICATE_ID_NUMBER", description="身份证号已由本人可见范围内的军休干部登记（仅对可查看敏感信息的用户）"
    )
    ID_NUMBER_UNAVAILABLE = strawberry.enum_value(
        "ID_NUMBER_UNAVAILABLE",
        description="身份证号无法登记：不说明原因，请联系上级机构核实（见安全文档“身份证号查重”）",
    )
    RATE_LIMITED = strawberry.enum_value(
        "RATE_LIMITED", description="操作过于频繁，请稍后再试（如一小时内多次登记无法登记的身份证号）"
    )
    DUPLICATE = strawberry.enum_value("DUPLICATE", description="与已有记录重复")
    STAFF_QUOTA_EXCEEDED = strawberry.enum_value(
        "STAFF_QUOTA_EXCEEDED", description="在编人员将超过机构编制员额"
    )
    AGENCY_NOT_EMPTY = strawberry.enum_value(
        "AGENCY_NOT_EMPTY", description="机构仍有军休干部、工作人员或下级机构，不能撤销"
    )
    AGENCY_INACTIVE = strawberry.enum_value(
        "AGENCY_INACTIVE", description="目标机构已撤销或已合并，不能接收"
    )
    INVALID_HIERARCHY = strawberry.enum_value(
        "INVALID_HIERARCHY", description="机构层级关系不合法（如移到自身下级之下）"
    )
    STALE_VERSION = strawberry.enum_value(
        "STALE_VERSION", description="记录已被他人修改，请刷新后重试（乐观锁版本不符）"
    )
    QUOTA_EXCEEDED = strawberry.enum_value("QUOTA_EXCEEDED", description="名额已用完（总名额或分配给机构的名额）")
    CAPACITY_EXCEEDED = strawberry.enum_value("CAPACITY_EXCEEDED", description="容量已满（如批次床位）")
    SCHEDULE_CONFLICT = strawberry.enum_value(
        "SCHEDULE_CONFLICT", description="与同一人已有安排的时间冲突（如疗养批次重叠、上课时间重叠）"
    )
    DATE_ORDER = strawberry.enum_value("DATE_ORDER", description="日期先后顺序不合理")
    INVALID_TRANSITION = strawberry.enum_value(
        "INVALID_TRANSITION", description="当前状态下不允许该操作"
    )
    FORBIDDEN = strawberry.enum_value("FORBIDDEN", description="无权执行该操作")
    LIMIT_REACHED = strawberry.enum_value("LIMIT_REACHED", description="已达数量上限（如每学期报名班级数）")
    INVALID_CREDENTIALS = strawberry.enum_value("INVALID_CREDENTIALS", description="用户名或密码错误")
    ACCOUNT_LOCKED = strawberry.enum_value("ACCOUNT_LOCKED", description="连续登录失败次数过多，账户暂时锁定")
    LOGIN_THROTTLED = strawberry.enum_value(
        "LOGIN_THROTTLED", description="从同一地址登录同一用户名失败次数过多，该地址暂时不能登录此用户名"
    )
    WEAK_PASSWORD = strawberry.enum_value("WEAK_PASSWORD", description="密码不符合密码策略")
    # attachments (core/attachments.py)
    ATTACHMENT_TOO_LARGE = strawberry.enum_value(
        "ATTACHMENT_TOO_LARGE", description="附件超过大小上限（设置 attachment_max_bytes）"
    )
    ATTACHMENT_TYPE_REFUSED = strawberry.enum_value(
        "ATTACHMENT_TYPE_REFUSED", description="附件类型不被接受（按文件内容识别，见设置 attachment_types）"
    )


@dataclass
class ServiceError(Exception):
    """A rule refused the operation; ``field`` names the input field in GraphQL spelling."""

    code: ErrorCode
    message: str
    field: str | None = None
    #: (type name, primary key, field) of another record's sensitive field the refusal itself
    #: tells something about: the refusal is audited as a read of it
    discloses: tuple[str, int, str] | None = None

    def __str__(self) -> str:
        return f"{self.code.value}: {self.message}"
