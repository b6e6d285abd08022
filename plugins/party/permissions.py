"""The plugin's permission codes and its role. Other modules import these constants rather
than spelling the codes."""

from collections.abc import Sequence

from core.api import (
    AGENCY_MANAGER,
    AGENCY_READ,
    DEPARTMENT_ADMIN,
    RETIREE,
    RETIREE_READ,
    SENSITIVE_READ,
    STAFF_READ,
    Permission,
    RoleRegistration,
    hookimpl,
)

READ = "party.read"
MANAGE = "party.manage"
MEMBERS = "party.members"
MEETINGS = "party.meetings"


@hookimpl
def register_permissions() -> Sequence[Permission]:
    # party membership is political status, personal information: read by those who may read
    # personal information (managers; a retiree their own membership), not by all staff or portals
    return [
        Permission(READ, "查看党组织、党员与委员会（含政治面貌）", (DEPARTMENT_ADMIN, AGENCY_MANAGER, RETIREE)),
        Permission(MANAGE, "设立、成立党组织，任免委员会职务", (DEPARTMENT_ADMIN, AGENCY_MANAGER)),
        Permission(MEMBERS, "登记党员、调整党员状态与所在支部", (DEPARTMENT_ADMIN, AGENCY_MANAGER)),
        # a retiree reaches a branch only through a post held there: 书记、委员 record its meetings
        Permission(MEETINGS, "登记组织生活（会议、考勤）并提交审核", (DEPARTMENT_ADMIN, AGENCY_MANAGER, RETIREE)),
    ]


OFFICER = "PARTY_OFFICER"


@hookimpl
def register_roles() -> Sequence[RoleRegistration]:
    # a 党务干事 at an agency runs its party organisations and members, and so reads the retirees'
    # and staff's personal information membership is part of; nothing else of the core's
    return [
        RoleRegistration(
            OFFICER,
            "党务干事",
            (READ, MANAGE, MEMBERS, MEETINGS, AGENCY_READ, RETIREE_READ, STAFF_READ, SENSITIVE_READ),
        )
    ]
