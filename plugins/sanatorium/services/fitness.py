"""The health assessment before a stay (以休为主、安全第一): health data, masked on reading."""

import datetime as dt

from tortoise.transactions import atomic

from core.api import ErrorCode, Principal, ServiceError, check_lengths, save_versioned, today
from plugins.sanatorium.models import SanatoriumFitness, SanatoriumNomination
from plugins.sanatorium.permissions import NOMINATE
from plugins.sanatorium.services.common import S, locked_nomination, refuse


@atomic()
async def record_fitness(
    principal: Principal, nomination_id: int, fitness: SanatoriumFitness, checked_on: dt.date, note: str = ""
) -> SanatoriumNomination:
    """The assessment of a nomination not yet decided; the last review needs it to be FIT."""
    principal.require(NOMINATE)
    nomination = await locked_nomination(principal, nomination_id)
    if nomination.status not in (S.DRAFT, S.NOMINATED, S.UNDER_REVIEW):
        raise refuse(nomination, "登记健康评估")
    if fitness is SanatoriumFitness.PENDING:
        raise ServiceError(ErrorCode.INVALID_VALUE, "请给出评估结论", "fitness")
    if checked_on > today():
        raise ServiceError(ErrorCode.DATE_ORDER, "评估日期不能晚于今天", "checkedOn")
    check_lengths(SanatoriumNomination, {"fitness_note": note})
    nomination.fitness = fitness
    nomination.fitness_checked_on = checked_on
    nomination.fitness_note = note.strip()
    await save_versioned(nomination, ["fitness", "fitness_checked_on", "fitness_note"])
    return nomination
