"""A class's weekly timetable: slots (weekday, start, end), how they are checked, stored and
compared (a clash between classes, an overlap within one)."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.api import ErrorCode, ServiceError
from plugins.university.errors import SESSIONS_OVERLAP
from plugins.university.models import UniversityClass

WEEKDAY_LABELS = "一二三四五六日"


@dataclass(frozen=True)
class Slot:
    """One weekly slot of a class: weekday 1 (Monday) to 7 (Sunday), times as HH:MM."""

    weekday: int
    start: str
    end: str

    def overlaps(self, other: "Slot") -> bool:
        return self.weekday == other.weekday and self.start < other.end and other.start < self.end

    def label(self) -> str:
        return f"星期{WEEKDAY_LABELS[self.weekday - 1]} {self.start}–{self.end}"


def _slot(given: Mapping[str, Any]) -> Slot:
    return Slot(int(given["weekday"]), given["start"], given["end"])


def slots_of(row: UniversityClass) -> list[Slot]:
    return [_slot(s) for s in row.schedule]


def _check_time(value: str, field: str) -> str:
    try:
        parsed = dt.time.fromisoformat(value)
    except ValueError:
        raise ServiceError(ErrorCode.INVALID_VALUE, "时间格式应为 HH:MM", field) from None
    return parsed.strftime("%H:%M")


def _schedule(slots: Sequence[Mapping[str, Any]] | None) -> list[Slot]:
    if not slots:
        raise ServiceError(ErrorCode.REQUIRED, "至少安排一个每周上课时段", "schedule")
    checked: list[Slot] = []
    for index, slot in enumerate(map(_slot, slots)):
        prefix = f"schedule.{index}."
        if not 1 <= slot.weekday <= 7:
            raise ServiceError(ErrorCode.INVALID_VALUE, "星期应为 1（周一）到 7（周日）", prefix + "weekday")
        start, end = _check_time(slot.start, prefix + "start"), _check_time(slot.end, prefix + "end")
        if end <= start:
            raise ServiceError(ErrorCode.DATE_ORDER, "下课时间应晚于上课时间", prefix + "end")
        current = Slot(slot.weekday, start, end)
        if any(current.overlaps(other) for other in checked):
            raise ServiceError(SESSIONS_OVERLAP, "同一班级的上课时段互相重叠", prefix + "start")
        checked.append(current)
    return sorted(checked, key=lambda s: (s.weekday, s.start))


def apply_schedule(row: UniversityClass, slots: Sequence[Mapping[str, Any]] | None) -> None:
    """Check the slots (at least one, well-formed, none overlapping another) and store them,
    with the weekdays the catalogue filters on."""
    checked = _schedule(slots)
    row.schedule = [{"weekday": s.weekday, "start": s.start, "end": s.end} for s in checked]
    row.weekdays = "," + ",".join(sorted({str(s.weekday) for s in checked})) + ","
