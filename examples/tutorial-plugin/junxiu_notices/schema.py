"""GraphQL of notices: ``Notice``, ``notices``, ``publishNotice`` and the ``Agency.notices``
extension. Resolvers only translate GraphQL to service calls; the mutation is declared, not
written: the kit decodes ``agencyId``, calls the service and fills the produced payload."""

import datetime as dt

import strawberry
from strawberry.types import Info

from core.api import (
    DEFAULT_PAGE_SIZE,
    AgencyRef,
    Connection,
    ModelNode,
    input_values,
    loaded_field,
    mutation,
    paginate,
    payload,
    refers,
)
from junxiu_notices import services
from junxiu_notices.loaders import NOTICES_BY_AGENCY
from junxiu_notices.models import Notice as NoticeModel
from junxiu_notices.permissions import PUBLISH


@strawberry.type(description="通知公告")
class Notice(ModelNode):
    __model__ = NoticeModel

    title: str = strawberry.field(description="标题")
    body: str = strawberry.field(description="正文")
    published_on: dt.date = strawberry.field(description="发布日期")

    agency: AgencyRef | None = loaded_field("core.agency", "agency_id", "发布通知的机构")


@strawberry.type(description="机构的通知公告字段（由 notices 插件添加）")
class AgencyNoticesExtension:
    notices: list[Notice] = loaded_field(NOTICES_BY_AGENCY, "id", "该机构发布的通知公告（新的在前）")


@strawberry.input(description="通知公告筛选条件（各条件同时满足）")
class NoticeFilter:
    published_from: dt.date | None = strawberry.field(default=None, description="发布日期不早于")
    published_to: dt.date | None = strawberry.field(default=None, description="发布日期不晚于")
    search: str | None = strawberry.field(default=None, description="标题或正文包含的文字")


@strawberry.input(description="发布一条通知公告")
class PublishNoticeInput:
    agency_id: strawberry.ID = refers("Agency", "发布机构的 ID")
    title: str = strawberry.field(description="标题（不超过 100 字）")
    body: str = strawberry.field(description="正文")
    published_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="发布日期，默认今天")


PublishNoticePayload = payload("PublishNotice", "notice", Notice, "通知公告")


@strawberry.type
class NoticesQuery:
    @strawberry.field(description="通知公告列表（在可见范围内，新的在前）")
    async def notices(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: NoticeFilter | None = None,
    ) -> Connection[Notice]:
        criteria = input_values(filter) if filter else {}
        return await paginate(services.notices_query(info.context.principal, **criteria), first, after, info)


@strawberry.type
class NoticesMutation:
    publish_notice = mutation(
        "发布通知公告",
        requires=PUBLISH,
        service=services.publish_notice,
        input=PublishNoticeInput,
        payload=PublishNoticePayload,
    )
