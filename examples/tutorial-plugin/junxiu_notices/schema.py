"""GraphQL of notices:

- ``Notice``, the type of a record;
- ``notices``, the connection of the records in scope;
- ``NoticeFilter``, its filter input;
- ``createNotice``, the mutation that records one;
- ``Retiree.notices``, the records about a retiree (a field added to a core type).

Resolvers only translate GraphQL to service calls; the mutation is declared, not written: the
kit decodes the IDs, calls the service in a transaction and fills the payload it produced.
"""

import datetime as dt

import strawberry
from strawberry.types import Info

from core.api import (
    DEFAULT_PAGE_SIZE,
    AgencyRef,
    Connection,
    ModelNode,
    RetireeRef,
    input_values,
    loaded_field,
    mutation,
    paginate,
    payload,
    refers,
)
from junxiu_notices import models, services
from junxiu_notices.loaders import BY_AGENCY, BY_RETIREE
from junxiu_notices.permissions import PUBLISH


@strawberry.type(description="通知公告")
class Notice(ModelNode):
    __model__ = models.Notice

    title: str = strawberry.field(description="标题")
    body: str = strawberry.field(description="正文")
    published_on: dt.date = strawberry.field(description="发布日期")
    version: int = strawberry.field(description="版本号（每次修改加一）")
    created_at: dt.datetime = strawberry.field(description="登记时间")

    agency: AgencyRef | None = loaded_field("core.agency", "agency_id", "所属机构")
    retiree: RetireeRef | None = loaded_field("core.retiree", "retiree_id", "涉及的军休干部（可空）")


@strawberry.type(description="军休干部的通知公告字段")
class RetireeNoticesExtension:
    notices: list[Notice] = loaded_field(
        BY_RETIREE,
        "id",
        "涉及该军休干部的通知公告（日期新的在前）",
    )


@strawberry.type(description="机构的通知公告字段")
class AgencyNoticesExtension:
    notices: list[Notice] = loaded_field(BY_AGENCY, "id", "该机构发布的通知公告（新的在前）")


@strawberry.input(description="通知公告筛选条件（各条件同时满足）")
class NoticeFilter:
    published_from: dt.date | None = strawberry.field(default=None, description="发布日期不早于")
    published_to: dt.date | None = strawberry.field(default=None, description="发布日期不晚于")
    search: str | None = strawberry.field(default=None, description="标题或正文包含的文字")


@strawberry.input(description="发布一条通知公告")
class PublishNoticeInput:
    agency_id: strawberry.ID = refers("Agency", "所属机构的 ID")
    title: str = strawberry.field(description="标题（不超过 100 字）")
    body: str = strawberry.field(description="正文")
    retiree_id: strawberry.ID | None = refers(
        "Retiree",
        "涉及的军休干部 ID（须属该机构或其下级机构），省略则不涉及个人",
        default=strawberry.UNSET,
    )
    published_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="发布日期，默认今天")


PublishNoticePayload = payload(
    "PublishNotice",
    "notice",
    Notice,
    "通知公告",
)


@strawberry.type
class NoticesQuery:
    @strawberry.field(description="通知公告列表（在可见范围内，日期新的在前）")
    async def notices(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: NoticeFilter | None = None,
    ) -> Connection[Notice]:
        criteria = input_values(filter) if filter else {}
        queryset = services.notices_query(info.context.principal, **criteria)
        return await paginate(queryset, first, after, info)


@strawberry.type
class NoticesMutation:
    publish_notice = mutation(
        "发布通知公告",
        requires=PUBLISH,
        service=services.publish_notice,
        input=PublishNoticeInput,
        payload=PublishNoticePayload,
    )
