"""The agency tree, read from the materialised ``Agency.path`` ("/1/4/9/": the root first,
the agency itself last). Plugins use these instead of parsing paths themselves."""

from core.models import Agency
from core.models.enums import AgencyKind, DepartmentLevel


def _path(node: Agency | str) -> str:
    return node if isinstance(node, str) else node.path


def line_ids(node: Agency | str) -> list[int]:
    """The ids on an agency's path: the root first, the agency itself last."""
    return [int(part) for part in _path(node).strip("/").split("/") if part.isdigit()]


def is_within(node: Agency | str, ancestor: Agency | str) -> bool:
    """Whether ``node`` is ``ancestor`` or lies below it (agencies or their paths)."""
    return _path(node).startswith(_path(ancestor))


async def ancestors(agency: Agency, *, up_to: Agency | None = None) -> list[Agency]:
    """The agencies from ``agency`` (included) up to the root, nearest first; stops at
    ``up_to`` (included) when ``agency`` lies within it."""
    ids = line_ids(agency)
    if up_to is not None and up_to.id in ids:
        ids = ids[ids.index(up_to.id):]
    rows = {row.id: row for row in await Agency.filter(id__in=ids)}
    return [rows[pk] for pk in reversed(ids) if pk in rows]


def matches(agency: Agency, level: DepartmentLevel | AgencyKind) -> bool:
    """Whether ``agency`` is a department of ``level`` (a ``DepartmentLevel``) or an agency of
    kind ``level`` (an ``AgencyKind``)."""
    if isinstance(level, DepartmentLevel):
        return agency.kind is AgencyKind.DEPARTMENT and agency.level is level
    return agency.kind is level


async def managing_agency(agency: Agency, level: DepartmentLevel | AgencyKind) -> Agency | None:
    """The nearest agency on ``agency``'s line (itself included) at ``level``: the county
    department over an institute (``DepartmentLevel.COUNTY``), a station's institute
    (``AgencyKind.INSTITUTE``); ``None`` when the line has none."""
    return next((row for row in await ancestors(agency) if matches(row, level)), None)
