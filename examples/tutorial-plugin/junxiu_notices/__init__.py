"""junxiu-notices：通知公告插件。

Records of 通知公告 that an agency keeps, each optionally about one of its retirees. Imports
from the core only through ``core.api``. This module only registers: the plugin spec and the
hook implementations, some imported from the module that owns what they register.
"""

import datetime as dt
from collections.abc import Sequence

from core.api import (
    DueItemSource,
    ErrorCodeRegistration,
    GraphQLContribution,
    ModelRegistration,
    PluginSpec,
    Principal,
    Retiree,
    ScopeRule,
    TypeExtension,
    hookimpl,
)

# hooks that live beside what they register: importing them here is what registers them
from junxiu_notices.loaders import register_loaders  # noqa: F401
from junxiu_notices.permissions import READ, register_permissions  # noqa: F401
from junxiu_notices.settings import NoticesSettings

PLUGIN = PluginSpec(
    name="notices",
    label="通知公告",
    version="0.1.0",
    core_versions=">=0.1,<0.3",
    settings=NoticesSettings,
    description="通知公告：机构登记的记录，每条可涉及本机构的一名军休干部",
)


@hookimpl
def register_models() -> ModelRegistration:
    return ModelRegistration(
        modules=["junxiu_notices.models"],
        migrations="junxiu_notices.migrations",
    )


@hookimpl
def register_scope_rules() -> Sequence[ScopeRule]:
    from junxiu_notices.models import Notice

    return [
        ScopeRule(
            Notice,
            agency_path="agency",
            retiree_path="retiree_id",  # a retiree reads the records about themself
            read_permission=READ,
        ),
    ]


@hookimpl
def register_graphql() -> GraphQLContribution:
    from junxiu_notices import schema

    return GraphQLContribution(
        query=schema.NoticesQuery,
        mutation=schema.NoticesMutation,
        types=[schema.Notice],
        extensions=[
            TypeExtension(target="Retiree", fields=schema.RetireeNoticesExtension),
            TypeExtension(target="Agency", fields=schema.AgencyNoticesExtension),
        ],
    )


@hookimpl
def register_error_codes() -> Sequence[ErrorCodeRegistration]:
    from junxiu_notices.errors import ERROR_CODES

    return ERROR_CODES


@hookimpl
async def load_demo_data(principal: Principal, seed: int) -> None:
    from junxiu_notices.demo import load_demo

    await load_demo(principal, seed)


# --8<-- [start:retiree_deceased]
@hookimpl
async def retiree_deceased(retiree: Retiree, died_on: dt.date, principal: Principal) -> None:
    from junxiu_notices.services import withdraw_notices_after

    await withdraw_notices_after(retiree.id, died_on)
    # --8<-- [end:retiree_deceased]


# --8<-- [start:register_due_items]
@hookimpl
def register_due_items() -> Sequence[DueItemSource]:
    from junxiu_notices.due import upcoming_notices

    return [DueItemSource("notices.upcoming", "即将发布的通知公告", upcoming_notices)]
    # --8<-- [end:register_due_items]
