"""Error codes of notices, prefixed ``NOTICES_``: meanings the core's generic
codes do not carry."""

from core.api import ErrorCodeRegistration

RETIREE_ELSEWHERE = ErrorCodeRegistration(
    "NOTICES_RETIREE_ELSEWHERE",
    "军休干部不在记录所属机构及其下级机构，不能为其登记通知公告",
)
ERROR_CODES = (RETIREE_ELSEWHERE,)
