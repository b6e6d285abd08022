"""Every DataLoader of the plugin, declared in one place: the names ``loaded_field`` and the
resolvers use, and the factories ``register_loaders`` gives the host (one set per request)."""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from core.api import LoaderRegistration, RequestContext, by_id_loader, children_loader, hookimpl, scoped
from plugins.university import services
from plugins.university.models import (
    EnrolmentStatus,
    UniversityAttendance,
    UniversityCampus,
    UniversityClass,
    UniversityCourse,
    UniversityEnrolment,
    UniversitySession,
    UniversityTerm,
)

CAMPUS, TERM, COURSE, CLASS = "university.campus", "university.term", "university.course", "university.class"
SESSION, ENROLMENT = "university.session", "university.enrolment"
SESSIONS_BY_CLASS, ENROLMENTS_BY_CLASS = "university.sessions_by_class", "university.enrolments_by_class"
ATTENDANCE_BY_SESSION = "university.attendance_by_session"
ENROLMENTS_BY_RETIREE = "university.enrolments_by_retiree"
CLASS_COUNTS, CLASS_RATES = "university.class_counts", "university.class_rates"
ENROLMENT_RATES, WAITLIST_POSITIONS = "university.enrolment_rates", "university.waitlist_positions"

Compute = Callable[[RequestContext, list[int]], Awaitable[dict[int, Any]]]


def _batch(compute: Compute) -> Callable[[RequestContext], DataLoader[int, Any]]:
    """A loader factory from ``compute(context, keys) -> {key: value}``."""

    def factory(context: RequestContext) -> DataLoader[int, Any]:
        async def load(keys: Sequence[int]) -> list[Any]:
            found = await compute(context, list(keys))
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    return factory


async def _class_counts(context: RequestContext, keys: list[int]) -> dict[int, Any]:
    return await services.class_counts(keys)


async def _class_rates(context: RequestContext, keys: list[int]) -> dict[int, Any]:
    return await services.class_attendance_rates(keys)


async def _enrolment_rates(context: RequestContext, keys: list[int]) -> dict[int, Any]:
    enrolments = await scoped(UniversityEnrolment, context.principal).filter(id__in=keys)
    return await services.enrolment_attendance_rates(enrolments)


async def _waitlist_positions(context: RequestContext, keys: list[int]) -> dict[int, Any]:
    mine = await UniversityEnrolment.filter(id__in=keys, status=EnrolmentStatus.WAITLISTED)
    queues: dict[int, list[int]] = defaultdict(list)
    waiting = await UniversityEnrolment.filter(
        university_class_id__in=list({e.university_class_id for e in mine}), status=EnrolmentStatus.WAITLISTED
    ).order_by("applied_at", "id")
    for row in waiting:
        queues[row.university_class_id].append(row.id)
    return {e.id: queues[e.university_class_id].index(e.id) + 1 for e in mine}


@hookimpl
def register_loaders() -> Sequence[LoaderRegistration]:
    return [
        LoaderRegistration(CAMPUS, by_id_loader(UniversityCampus)),
        LoaderRegistration(TERM, by_id_loader(UniversityTerm)),
        LoaderRegistration(COURSE, by_id_loader(UniversityCourse)),
        LoaderRegistration(CLASS, by_id_loader(UniversityClass)),
        LoaderRegistration(SESSION, by_id_loader(UniversitySession)),
        LoaderRegistration(ENROLMENT, by_id_loader(UniversityEnrolment)),
        LoaderRegistration(SESSIONS_BY_CLASS, children_loader(UniversitySession, "university_class_id")),
        LoaderRegistration(ENROLMENTS_BY_CLASS, children_loader(UniversityEnrolment, "university_class_id")),
        LoaderRegistration(ATTENDANCE_BY_SESSION, children_loader(UniversityAttendance, "session_id")),
        LoaderRegistration(ENROLMENTS_BY_RETIREE, children_loader(UniversityEnrolment, "retiree_id")),
        LoaderRegistration(CLASS_COUNTS, _batch(_class_counts)),
        LoaderRegistration(CLASS_RATES, _batch(_class_rates)),
        LoaderRegistration(ENROLMENT_RATES, _batch(_enrolment_rates)),
        LoaderRegistration(WAITLIST_POSITIONS, _batch(_waitlist_positions)),
    ]
