"""GraphQL of notices: ``Notice``, ``notices``, ``publishNotice`` and the ``Agency.notices``
extension. Resolvers only translate GraphQL to service calls."""

import datetime as dt
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from core.api import (
    DEFAULT_PAGE_SIZE,
    AgencyRef,
    Connection,
    ModelNode,
    UserError,
    decode_id,
    loaded_field,
    mutation,
    paginate,
    run_mutation,
    scoped,
)
from junxiu_notices import PUBLISH, services
from junxiu_notices.models import Notice as NoticeModel

NOTICES_BY_AGENCY = "notices.by_agency"


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


@strawberry.input(description="发布一条通知公告")
class PublishNoticeInput:
    agency_id: strawberry.ID = strawberry.field(description="发布机构的 ID")
    title: str = strawberry.field(description="标题（不超过 100 字）")
    body: str = strawberry.field(description="正文")
    published_on: dt.date | None = strawberry.field(default=None, description="发布日期，默认今天")


@strawberry.type(description="发布通知公告的结果")
class PublishNoticePayload:
    notice: Notice | None = strawberry.field(default=None, description="新发布的通知公告")
    user_errors: list[UserError] = strawberry.field(description="业务错误；为空表示成功")


@strawberry.type
class NoticesQuery:
    @strawberry.field(description="通知公告列表（在可见范围内，新的在前）")
    async def notices(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="本页条数（默认 20，最多 100）")] = DEFAULT_PAGE_SIZE,
        after: Annotated[str | None, strawberry.argument(description="从该游标之后开始")] = None,
    ) -> Connection[Notice]:
        queryset = scoped(NoticeModel, info.context.principal).order_by("-published_on", "-id")
        return await paginate(queryset, first, after, info)


@strawberry.type
class NoticesMutation:
    @mutation(description="发布通知公告", requires=PUBLISH)
    async def publish_notice(
        self, info: Info, input: Annotated[PublishNoticeInput, strawberry.argument(description="通知内容")]
    ) -> PublishNoticePayload:
        async def call() -> Any:
            return await services.publish_notice(
                info.context.principal,
                decode_id(input.agency_id, "Agency", "agencyId"),
                input.title,
                input.body,
                input.published_on,
            )

        return await run_mutation(info, input, call, PublishNoticePayload, "notice")
