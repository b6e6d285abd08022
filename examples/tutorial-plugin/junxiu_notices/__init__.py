"""junxiu-tutorial-notices：通知公告插件（插件开发教程的示例）。

An agency publishes notices (通知公告); staff read those of the agencies in their scope.
Imports from the core only through ``core.api``. This module only registers: the plugin spec
and the hook implementations, some imported from the module that owns what they register.
"""

from collections.abc import Sequence

from core.api import GraphQLContribution, ModelRegistration, PluginSpec, ScopeRule, TypeExtension, hookimpl

# hooks that live beside what they register: importing them here is what registers them
from junxiu_notices.loaders import register_loaders  # noqa: F401
from junxiu_notices.permissions import READ, register_permissions  # noqa: F401

PLUGIN = PluginSpec(
    name="notices",
    label="通知公告",
    version="0.1.0",
    core_versions=">=0.1,<0.3",
    description="机构发布通知公告，工作人员在可见范围内查看",
)


@hookimpl
def register_models() -> ModelRegistration:
    return ModelRegistration(modules=["junxiu_notices.models"], migrations="junxiu_notices.migrations")


@hookimpl
def register_scope_rules() -> Sequence[ScopeRule]:
    from junxiu_notices.models import Notice

    return [ScopeRule(Notice, agency_path="agency", read_permission=READ)]


@hookimpl
def register_graphql() -> GraphQLContribution:
    from junxiu_notices import schema

    return GraphQLContribution(
        query=schema.NoticesQuery,
        mutation=schema.NoticesMutation,
        types=[schema.Notice],
        extensions=[TypeExtension(target="Agency", fields=schema.AgencyNoticesExtension)],
    )
