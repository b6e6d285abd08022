"""junxiu-tutorial-notices：通知公告插件（插件开发教程的示例）。

An agency publishes notices (通知公告); staff read those of the agencies in their scope.
Imports from the core only through ``core.api``.
"""

from collections.abc import Sequence

from core.api import (
    AGENCY_MANAGER,
    AGENCY_STAFF,
    DEPARTMENT_ADMIN,
    GraphQLContribution,
    LoaderRegistration,
    ModelRegistration,
    Permission,
    PluginSpec,
    ScopeRule,
    TypeExtension,
    children_loader,
    hookimpl,
)

PLUGIN = PluginSpec(
    name="notices",
    label="通知公告",
    version="0.1.0",
    core_versions=">=0.1,<0.3",
    description="机构发布通知公告，工作人员在可见范围内查看",
)
READ = "notices.read"
PUBLISH = "notices.publish"


@hookimpl
def register_models() -> ModelRegistration:
    return ModelRegistration(modules=["junxiu_notices.models"], migrations="junxiu_notices.migrations")


@hookimpl
def register_scope_rules() -> Sequence[ScopeRule]:
    from junxiu_notices.models import Notice

    return [ScopeRule(Notice, agency_path="agency", read_permission=READ)]


@hookimpl
def register_permissions() -> Sequence[Permission]:
    return [
        Permission(READ, "查看通知公告", (DEPARTMENT_ADMIN, AGENCY_MANAGER, AGENCY_STAFF)),
        Permission(PUBLISH, "发布通知公告", (DEPARTMENT_ADMIN, AGENCY_MANAGER)),
    ]


@hookimpl
def register_graphql() -> GraphQLContribution:
    from junxiu_notices import schema

    return GraphQLContribution(
        query=schema.NoticesQuery,
        mutation=schema.NoticesMutation,
        types=[schema.Notice],
        extensions=[TypeExtension(target="Agency", fields=schema.AgencyNoticesExtension)],
    )


@hookimpl
def register_loaders() -> Sequence[LoaderRegistration]:
    from junxiu_notices.models import Notice
    from junxiu_notices.schema import NOTICES_BY_AGENCY

    return [LoaderRegistration(NOTICES_BY_AGENCY, children_loader(Notice, "agency_id"))]
