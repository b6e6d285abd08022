"""What falls due in university: sessions held (today or before) whose attendance nobody
recorded, in the classes of the principal's agency subtree."""

import datetime as dt

from tortoise.expressions import Subquery

from core.api import DueItem, Principal, scoped
from plugins.university.models import EnrolmentStatus, UniversityAttendance, UniversitySession
from plugins.university.permissions import ATTENDANCE


async def unrecorded_attendance(principal: Principal, today: dt.date) -> list[DueItem]:
    """Past sessions of classes with enrolled retirees and no attendance row; a catalog of
    published classes is public, so the principal's own subtree is what makes them its work."""
    if principal.agency_path is None or not principal.can(ATTENDANCE):
        return []
    sessions = await (
        scoped(UniversitySession, principal)
        .filter(
            held_on__lte=today,
            university_class__campus__agency__path__startswith=principal.agency_path,
            university_class__enrolments__status=EnrolmentStatus.ENROLLED,
        )
        .exclude(id__in=Subquery(UniversityAttendance.all().values("session_id")))
        .distinct()
        .select_related("university_class")
    )
    return [
        DueItem(
            title=f"登记考勤：{session.university_class.name}",
            due_on=session.held_on,
            record=session,
            detail=f"{session.held_on:%Y-%m-%d} {session.starts_at}–{session.ends_at}",
        )
        for session in sessions
    ]
