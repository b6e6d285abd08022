"""Business rules of notices. Resolvers and tests call these, never the models directly."""

import datetime as dt

from core.api import Agency, Principal, check_lengths, get_visible, require_text, today
from junxiu_notices.models import Notice


async def publish_notice(
    principal: Principal, agency_id: int, title: str, body: str, published_on: dt.date | None = None
) -> Notice:
    """Publish a notice of an agency in the principal's scope (published today by default).

    Runs inside the transaction ``run_mutation`` opens; a ``ServiceError`` becomes a userError.
    """
    from junxiu_notices import PUBLISH

    principal.require(PUBLISH)
    agency = await get_visible(Agency, agency_id, principal, "agencyId")
    values = {"title": require_text(title, "title"), "body": require_text(body, "body")}
    check_lengths(Notice, values)
    return await Notice.create(agency=agency, published_on=published_on or today(), **values)
