"""The permissions sanatorium defines and the built-in roles that hold them by default. Other
modules import these constants rather than spelling the codes."""

from collections.abc import Sequence

from core.api import AGENCY_MANAGER, AGENCY_STAFF, DEPARTMENT_ADMIN, PORTAL_READONLY, RETIREE, Permission, hookimpl

READ = "sanatorium.read"
PLAN = "sanatorium.plan"
NOMINATE = "sanatorium.nominate"
REVIEW = "sanatorium.review"


@hookimpl
def register_permissions() -> Sequence[Permission]:
    return [
        Permission(
            READ,
            "查看荣誉疗养计划、批次与推荐",
            (DEPARTMENT_ADMIN, AGENCY_MANAGER, AGENCY_STAFF, RETIREE, PORTAL_READONLY),
        ),
        Permission(PLAN, "管理疗养地、年度计划、名额与批次", (DEPARTMENT_ADMIN,)),
        Permission(NOMINATE, "推荐疗养人选、登记健康评估与参加情况", (DEPARTMENT_ADMIN, AGENCY_MANAGER, AGENCY_STAFF)),
        Permission(REVIEW, "按本级审核疗养推荐", (DEPARTMENT_ADMIN, AGENCY_MANAGER)),
    ]
