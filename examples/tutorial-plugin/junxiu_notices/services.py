"""Business rules of notices. Resolvers and tests call these, never the models directly."""

import datetime as dt

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core.api import Principal, check_lengths, require_active_agency, require_text, scoped, today
from junxiu_notices.models import Notice
from junxiu_notices.permissions import PUBLISH


def notices_query(
    principal: Principal,
    *,
    published_from: dt.date | None = None,
    published_to: dt.date | None = None,
    search: str | None = None,
) -> QuerySet[Notice]:
    """The notices in the principal's scope that meet every condition given, newest first."""
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
    principal: Principal, agency_id: int, title: str, body: str, published_on: dt.date | None = None
) -> Notice:
    """Publish a notice of an agency in the principal's scope (published today by default).

    Runs inside the transaction ``run_mutation`` opens; a ``ServiceError`` becomes a userError.
    """
    principal.require(PUBLISH)
    # a closed or merged agency publishes nothing (AGENCY_INACTIVE)
    agency = await require_active_agency(principal, agency_id, "agencyId")
    values = {"title": require_text(title, "title"), "body": require_text(body, "body")}
    check_lengths(Notice, values)
    return await Notice.create(agency=agency, published_on=published_on or today(), **values)
