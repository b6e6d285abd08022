"""Expected failures of services, reported to GraphQL clients as ``userErrors``.

The core's codes are an ``ErrorCode`` string enum; plugins add codes of their own, prefixed
with their name (``SANATORIUM_…``), through ``register_error_codes``. The GraphQL enum
``ErrorCode`` is built per schema from the core's codes and those of the enabled plugins
(``error_code_enum``), so a core-only schema carries no plugin code.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

import strawberry

#: the core's codes and their Chinese descriptions; plugin features are not named here
CORE_ERROR_CODES: Mapping[str, str] = {
    "INVALID_VALUE": "取值不合法或超出范围",
    "REQUIRED": "缺少必填项",
    "TOO_LONG": "字符串超过长度上限",
    "INVALID_ID": "全局 ID 格式错误或类型不符",
    "NOT_FOUND": "记录不存在或不在可见范围内",
    "INVALID_ID_NUMBER": "身份证号不符合 GB 11643（格式、出生日期或校验码）",
    "DUPLICATE_ID_NUMBER": "身份证号已由本人可见范围内的军休干部登记（仅对可查看敏感信息的用户）",
    "ID_NUMBER_UNAVAILABLE": "身份证号无法登记：不说明原因，请联系上级机构核实（见安全文档“身份证号查重”）",
    "RATE_LIMITED": "操作过于频繁，请稍后再试（如一小时内多次登记无法登记的身份证号）",
    "DUPLICATE": "与已有记录重复",
    "STAFF_QUOTA_EXCEEDED": "在编人员将超过机构编制员额",
    "AGENCY_NOT_EMPTY": "机构仍有军休干部、工作人员或下级机构，不能撤销",
    "AGENCY_INACTIVE": "目标机构已撤销或已合并，不能接收",
    "INVALID_HIERARCHY": "机构层级关系不合法（如移到自身下级之下）",
    "STALE_VERSION": "记录已被他人修改，请刷新后重试（乐观锁版本不符）",
    "QUOTA_EXCEEDED": "名额已用完（总名额，或分配给某一机构的名额）",
    "CAPACITY_EXCEEDED": "容量已满（可容纳的人数或数量已占满）",
    "SCHEDULE_CONFLICT": "与同一人已有安排的时间冲突",
    "DATE_ORDER": "日期先后顺序不合理",
    "INVALID_TRANSITION": "当前状态下不允许该操作",
    "FORBIDDEN": "无权执行该操作",
    "UNAUTHENTICATED": "登录已失效：令牌已撤销或过期，或账户已停用（如同一请求中先退出登录再变更）",
    "LIMIT_REACHED": "已达数量上限（如每人每期可办理的次数）",
    "INVALID_CREDENTIALS": "用户名或密码错误",
    "ACCOUNT_LOCKED": "连续登录失败次数过多，账户暂时锁定",
    "LOGIN_THROTTLED": "从同一地址登录同一用户名失败次数过多，该地址暂时不能登录此用户名",
    "WEAK_PASSWORD": "密码不符合密码策略",
    "ATTACHMENT_TOO_LARGE": "附件超过大小上限（设置 attachment_max_bytes）",
    "ATTACHMENT_TYPE_REFUSED": "附件类型不被接受（按文件内容识别，见设置 attachment_types）",
}


#: the core's codes as a string enum (``ErrorCode.NOT_FOUND == "NOT_FOUND"``), made from the
#: table above so that each code is written once
ErrorCode = StrEnum("ErrorCode", [(code, code) for code in CORE_ERROR_CODES])  # type: ignore[misc]


ERROR_CODE_DESCRIPTION = "业务错误代码：稳定不变，客户端可据此分支处理（核心的代码与已启用插件以其名为前缀的代码）"


def error_code_enum(codes: Mapping[str, str]) -> Any:
    """The GraphQL enum ``ErrorCode`` of one schema: ``codes`` maps each code to its Chinese
    description. Built with the functional ``Enum`` API, as the plugin set differs between
    schemas; values are the code strings, so a core member or a plugin's code string both
    serialise to it."""
    members = {code: strawberry.enum_value(code, description=text) for code, text in codes.items()}
    return strawberry.enum(Enum("ErrorCode", members), description=ERROR_CODE_DESCRIPTION)  # type: ignore[misc]


def collect_error_codes(contributions: Iterable[tuple[str, Iterable[Any]]]) -> dict[str, str]:
    """The core's codes followed by every plugin's; ``contributions`` are (plugin name, the
    ``ErrorCodeRegistration``s the host's registration checkpoint accepted: prefixed, unique,
    described in Chinese)."""
    codes = dict(CORE_ERROR_CODES)
    for _, registrations in contributions:
        codes.update((registration.code, registration.description) for registration in registrations)
    return codes


@dataclass
class ServiceError(Exception):
    """A rule refused the operation; ``field`` names the input field in GraphQL spelling.

    ``code`` is an ``ErrorCode`` or a plugin's code (its ``ErrorCodeRegistration`` or the
    code string); it is kept as the code string."""

    code: str
    message: str
    field: str | None = None
    #: (type name, primary key, field) of another record's sensitive field the refusal itself
    #: tells something about: the refusal is audited as a read of it
    discloses: tuple[str, int, str] | None = None

    def __post_init__(self) -> None:
        code: Any = self.code
        self.code = code if isinstance(code, str) else code.code

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
