"""Business rules of notices: resolvers, the demo loader and tests call these."""

import datetime as dt

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core.api import (
    ErrorCode,
    Principal,
    Retiree,
    ServiceError,
    check_lengths,
    get_visible,
    is_within,
    plugin_settings,
    require_active_agency,
    require_text,
    scoped,
    today,
)
from junxiu_notices.errors import RETIREE_ELSEWHERE
from junxiu_notices.models import Notice
from junxiu_notices.permissions import PUBLISH
from junxiu_notices.settings import NoticesSettings


def notices_query(
    principal: Principal,
    *,
    published_from: dt.date | None = None,
    published_to: dt.date | None = None,
    search: str | None = None,
) -> QuerySet[Notice]:
    """The records in the principal's scope that meet every condition given, latest first."""
    queryset = scoped(Notice, principal)
    if published_from is not None:
        queryset = queryset.filter(published_on__gte=published_from)
    if published_to is not None:
        queryset = queryset.filter(published_on__lte=published_to)
    if search and search.strip():
        text = search.strip()
        queryset = queryset.filter(Q(title__icontains=text) | Q(body__icontains=text))
    return queryset.order_by("-published_on", "-id")


async def publish_notice(
    principal: Principal,
    agency_id: int,
    title: str,
    body: str,
    retiree_id: int | None = None,
    published_on: dt.date | None = None,
) -> Notice:
    """Publish a notice of an active agency in scope (today by default), addressed to one of the
    retirees of that agency or of those below it when ``retiree_id`` is given.

    Runs inside the transaction the mutation kit opens; a ``ServiceError`` becomes a userError.
    """
    principal.require(PUBLISH)
    agency = await require_active_agency(principal, agency_id, "agencyId")
    if retiree_id is not None:
        retiree = await get_visible(Retiree, retiree_id, principal, "retireeId")
        if not is_within(await retiree.agency, agency):
            raise ServiceError(RETIREE_ELSEWHERE, "该军休干部不在所选机构及其下级机构", "retireeId")
    published_on = published_on or today()
    days = plugin_settings("notices", NoticesSettings).max_days_ahead
    if published_on > today() + dt.timedelta(days=days):
        raise ServiceError(ErrorCode.DATE_ORDER, f"发布日期最多可晚于今天 {days} 天", "publishedOn")
    values = {"title": require_text(title, "title"), "body": require_text(body, "body")}
    check_lengths(Notice, values)
    return await Notice.create(
        agency=agency,
        retiree_id=retiree_id,
        published_on=published_on,
        **values,
    )


# --8<-- [start:withdraw_notices_after]
async def withdraw_notices_after(retiree_id: int, died_on: dt.date) -> int:
    """Withdraw the notices addressed to a retiree that are dated after their death; returns how
    many. Runs in the transaction that records the death (the ``retiree_deceased`` event)."""
    return await Notice.filter(retiree_id=retiree_id, published_on__gt=died_on).delete()
    # --8<-- [end:withdraw_notices_after]
