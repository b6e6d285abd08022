"""One demo account per built-in role, in scopes a newcomer can tell apart."""

from dataclasses import dataclass

from core.models import Agency, Retiree, Staff
from core.models.enums import AccountKind, RetireeStatus, StaffStatus
from core.permissions import (
    AGENCY_MANAGER,
    AGENCY_STAFF,
    DEPARTMENT_ADMIN,
    PORTAL_READONLY,
    RETIREE,
    ROLES,
    SYSTEM_ADMIN,
)
from core.principal import Principal
from core.services.accounts import create_account

DEMO_PASSWORD = "Junxiu-Demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    scope: str

    def describe(self) -> str:
        return f"{self.username:<18} {ROLES[self.role].label:<8} {self.scope}"


async def load_demo_accounts(principal: Principal) -> list[DemoAccount]:
    nanjing_first = await Agency.get(name="南京市第一军队离休退休干部休养所")
    nanjing_second = await Agency.get(name="南京市第二军队离休退休干部休养所")
    suzhou = await Agency.get(name="苏州市退役军人事务局")
    wuxi = await Agency.get(name="无锡市退役军人事务局")
    manager = await Staff.filter(agency_id=nanjing_first.id, status=StaffStatus.ACTIVE).order_by("id").first()
    worker = await Staff.filter(agency_id=nanjing_second.id, status=StaffStatus.ACTIVE).order_by("id").first()
    retiree = await Retiree.filter(agency_id=nanjing_first.id, status=RetireeStatus.ACTIVE).order_by("id").first()
    assert manager and worker and retiree, "the core demo data must be loaded first"
    plans = [
        (DemoAccount("admin", SYSTEM_ADMIN, "全省（不受范围限制）"), {"kind": AccountKind.ADMIN}),
        (
            DemoAccount("suzhou.admin", DEPARTMENT_ADMIN, suzhou.name),
            {"kind": AccountKind.DEPARTMENT, "department_id": suzhou.id},
        ),
        (
            DemoAccount("nj1.manager", AGENCY_MANAGER, nanjing_first.name),
            {"kind": AccountKind.STAFF, "staff_id": manager.id},
        ),
        (
            DemoAccount("nj2.staff", AGENCY_STAFF, nanjing_second.name),
            {"kind": AccountKind.STAFF, "staff_id": worker.id},
        ),
        (
            DemoAccount("retiree.self", RETIREE, f"{retiree.name}本人"),
            {"kind": AccountKind.RETIREE, "retiree_id": retiree.id},
        ),
        (
            DemoAccount("wuxi.portal", PORTAL_READONLY, wuxi.name),
            {"kind": AccountKind.DEPARTMENT, "department_id": wuxi.id},
        ),
    ]
    for account, links in plans:
        await create_account(
            principal, username=account.username, password=DEMO_PASSWORD, roles=[account.role], **links
        )
    return [account for account, _ in plans]
