"""The catalogue's fixed parts: campuses, terms and courses, each run by an agency."""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tortoise.transactions import atomic

from core.api import (
    ErrorCode,
    Principal,
    ServiceError,
    accept,
    check_lengths,
    check_version,
    get_visible,
    require_active_agency,
    require_text,
    save_versioned,
)
from plugins.university.models import CampusKind, CourseCategory, UniversityCampus, UniversityCourse, UniversityTerm
from plugins.university.permissions import MANAGE

#: the fields of a term its managers change
TERM_FIELDS = frozenset({"name", "starts_on", "ends_on", "holidays"})
#: what a null clears a field to; a null on any other field is refused
TERM_CLEARED: dict[str, Any] = {"holidays": []}


@atomic()
async def create_campus(
    principal: Principal, agency_id: int, name: str, kind: CampusKind, address: str = ""
) -> UniversityCampus:
    """A campus at an agency in the principal's subtree."""
    principal.require(MANAGE)
    await require_active_agency(principal, agency_id, "agencyId")
    values = {"name": require_text(name, "name"), "address": address.strip()}
    check_lengths(UniversityCampus, values)
    return await UniversityCampus.create(agency_id=agency_id, kind=kind, **values)


def _holidays(term_start: dt.date, term_end: dt.date, holidays: Iterable[dt.date]) -> list[str]:
    days = sorted(set(holidays))
    for index, day in enumerate(days):
        if not term_start <= day <= term_end:
            raise ServiceError(ErrorCode.DATE_ORDER, f"停课日 {day} 不在学期内", f"holidays.{index}")
    return [day.isoformat() for day in days]


def _check_dates(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "学期结束日期不能早于开始日期", "endsOn")


@atomic()
async def create_term(
    principal: Principal,
    agency_id: int,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    holidays: Sequence[dt.date] = (),
) -> UniversityTerm:
    """A term organised by an agency in the principal's subtree; holidays lie within it."""
    principal.require(MANAGE)
    await require_active_agency(principal, agency_id, "agencyId")
    _check_dates(starts_on, ends_on)
    values = {"name": require_text(name, "name")}
    check_lengths(UniversityTerm, values)
    return await UniversityTerm.create(
        agency_id=agency_id,
        starts_on=starts_on,
        ends_on=ends_on,
        holidays=_holidays(starts_on, ends_on, holidays),
        **values,
    )


@atomic()
async def update_term(principal: Principal, term_id: int, version: int, values: Mapping[str, Any]) -> UniversityTerm:
    """Rename a term, move its dates or change its holidays (sessions already generated stay).
    A field left out stays as it is; a null clears the holidays and is refused elsewhere."""
    principal.require(MANAGE)
    term = await get_visible(UniversityTerm, term_id, principal, "id")
    await require_active_agency(principal, term.agency_id, "id")
    term = await UniversityTerm.filter(id=term_id).select_for_update().get()
    check_version(term, version)
    cleared = {name: TERM_CLEARED.get(name) if value is None else value for name, value in values.items()}
    values = accept(UniversityTerm, cleared, TERM_FIELDS, creating=False)
    if "name" in values:
        term.name = require_text(values["name"], "name")
        check_lengths(UniversityTerm, {"name": term.name})
    term.starts_on = values.get("starts_on", term.starts_on)
    term.ends_on = values.get("ends_on", term.ends_on)
    _check_dates(term.starts_on, term.ends_on)
    current = [dt.date.fromisoformat(day) for day in term.holidays]
    term.holidays = _holidays(term.starts_on, term.ends_on, values.get("holidays", current))
    await save_versioned(term)
    return term


@atomic()
async def create_course(
    principal: Principal, agency_id: int, name: str, category: CourseCategory, description: str = ""
) -> UniversityCourse:
    """A course of the curriculum offered by an agency in the principal's subtree."""
    principal.require(MANAGE)
    await require_active_agency(principal, agency_id, "agencyId")
    values = {"name": require_text(name, "name"), "description": description.strip()}
    check_lengths(UniversityCourse, values)
    return await UniversityCourse.create(agency_id=agency_id, category=category, **values)


async def move_agency_records(source_id: int, target_id: int) -> None:
    """After an agency merge its campuses, terms and courses belong to the target."""
    for model in (UniversityCampus, UniversityTerm, UniversityCourse):
        await model.filter(agency_id=source_id).update(agency_id=target_id)
