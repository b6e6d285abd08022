"""An approval chain over the agency tree: who approves a record, in which order, and the
recording of each step.

The chain of a record runs from the agency it comes from (``origin``) up to the agency that
owns what is approved (``owner``), one step per configured level found on that line:

- the owner always gives the last approval, whatever levels are configured (a county plan's
  nomination ends at the county department even where counties are not a configured level);
- a station (军休服务站) never reviews for its institute or center: where one lies on the
  line, it takes the ``AGENCY`` step;
- one step per level, bottom-up; the owner's step takes its level from any agency below.

Steps are stored by the plugin in its own subclass of ``ApprovalStep`` (see
``core.models.approval``)."""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from core.errors import ErrorCode, ServiceError
from core.models import Agency
from core.models.approval import ApprovalDecision, ApprovalLevel, ApprovalStep
from core.models.enums import AgencyKind, DepartmentLevel
from core.principal import Principal
from core.tree import ancestors, is_within
from core.validation import check_lengths

StepT = TypeVar("StepT", bound=ApprovalStep)

_LEVEL_OF_DEPARTMENT = {
    DepartmentLevel.MINISTRY: ApprovalLevel.MINISTRY,
    DepartmentLevel.PROVINCE: ApprovalLevel.PROVINCE,
    DepartmentLevel.CITY: ApprovalLevel.CITY,
    DepartmentLevel.COUNTY: ApprovalLevel.COUNTY,
}
#: agencies a station belongs to: where one is on the line, it reviews instead of the station
_SERVICE_AGENCIES = (AgencyKind.INSTITUTE, AgencyKind.CENTER)


def approval_level(agency: Agency) -> ApprovalLevel:
    """Departments approve at their administrative level; institutes, centers and stations at
    the ``AGENCY`` level."""
    if agency.kind is AgencyKind.DEPARTMENT and agency.level is not None:
        return _LEVEL_OF_DEPARTMENT[agency.level]
    return ApprovalLevel.AGENCY


def as_level(value: Enum) -> ApprovalLevel:
    """The core level of a plugin's own enum member of the same value."""
    return ApprovalLevel(value.value)


@dataclass(frozen=True)
class ApprovalLink:
    """One step of a chain: the level and the agency whose staff approve at it."""

    level: ApprovalLevel
    agency: Agency


@dataclass(frozen=True)
class ApprovalChain:
    """The steps of one record's approval, bottom-up; the owner's is the last."""

    links: tuple[ApprovalLink, ...]

    @property
    def levels(self) -> list[ApprovalLevel]:
        return [link.level for link in self.links]

    @property
    def first(self) -> ApprovalLink:
        return self.links[0]

    def position(self, pending: ApprovalLevel) -> int:
        """The index of the step awaited at ``pending``; a level no longer on the chain (the
        settings or the tree changed meanwhile) falls to the owner's step."""
        levels = self.levels
        return levels.index(pending) if pending in levels else len(levels) - 1

    def awaiting(self, pending: ApprovalLevel) -> ApprovalLink:
        return self.links[self.position(pending)]

    def is_last(self, pending: ApprovalLevel) -> bool:
        return self.position(pending) == len(self.links) - 1

    def after(self, pending: ApprovalLevel) -> ApprovalLink | None:
        """The step that follows ``pending``; ``None`` after the owner's."""
        index = self.position(pending) + 1
        return self.links[index] if index < len(self.links) else None

    def authorize(
        self,
        principal: Principal,
        pending: ApprovalLevel,
        decision: ApprovalDecision,
        opinion: str,
        step_model: type[ApprovalStep],
        field: str,
    ) -> ApprovalLink:
        """The step ``principal`` may take now: FORBIDDEN unless it belongs to the agency
        awaited (a system principal may act for any); a refusal needs an opinion."""
        link = self.awaiting(pending)
        if not principal.is_system:
            if principal.agency_id is None:
                raise ServiceError(ErrorCode.FORBIDDEN, "审核人须属于某一机构或部门", field)
            if principal.agency_id != link.agency.id:
                raise ServiceError(
                    ErrorCode.FORBIDDEN, f"当前待{link.level.value}级审核，须由{link.agency.name}审核", field
                )
        if decision is ApprovalDecision.REJECT and not opinion.strip():
            raise ServiceError(ErrorCode.REQUIRED, "不同意时须填写审核意见", "opinion")
        check_lengths(step_model, {"opinion": opinion})
        return link

    async def record(
        self,
        principal: Principal,
        link: ApprovalLink,
        decision: ApprovalDecision,
        opinion: str,
        step_model: type[StepT],
        **target: Any,
    ) -> StepT:
        """Store the step taken at ``link`` (``target``: the foreign key of the record
        approved, e.g. ``nomination_id=…``)."""
        return await step_model.create(
            **target, level=link.level.value, decision=decision.value, opinion=opinion.strip(),
            reviewer_name=principal.name[:50], reviewer_user_id=principal.user_id,
            reviewer_agency_id=None if principal.is_system else principal.agency_id,
        )


def _reviewing(line: Sequence[Agency]) -> list[Agency]:
    """The line without its stations when an institute or center lies on it."""
    if any(agency.kind in _SERVICE_AGENCIES for agency in line):
        return [agency for agency in line if agency.kind is not AgencyKind.STATION]
    return list(line)


async def approval_chain(origin: Agency, owner: Agency, levels: Sequence[ApprovalLevel]) -> ApprovalChain:
    """The chain from ``origin`` up to ``owner``: the first agency of each of ``levels`` met
    on the way, then the owner (always last)."""
    line = _reviewing([agency for agency in await ancestors(origin, up_to=owner) if is_within(agency, owner)])
    owner_level = approval_level(owner)
    links: list[ApprovalLink] = []
    for agency in line:
        level = approval_level(agency)
        if agency.id == owner.id or level is owner_level or level not in levels:
            continue
        if all(level is not link.level for link in links):
            links.append(ApprovalLink(level, agency))
    links.append(ApprovalLink(owner_level, owner))
    return ApprovalChain(tuple(links))
