"""Plugins that must be refused at start, each for one reason (the registration checkpoint's cases)."""

import strawberry
import typer

from core.api import (
    CommandRegistration,
    GraphQLContribution,
    LoaderRegistration,
    Permission,
    PluginSpec,
    Retiree,
    RoleRegistration,
    ScopeRule,
    TypeExtension,
    hookimpl,
)
from fixture_plugins import PluginObject, spec

old_api = PluginObject(PluginSpec(name="old_api", label="旧接口", version="1.0", core_versions=">=9.0"))
needs_other = PluginObject(spec("needs_other", requires=("absent",)))


@strawberry.type
class _NameAgain:
    @strawberry.field(description="与核心字段同名")
    def name(self) -> str:
        return "clash"


@hookimpl
def _clashing_graphql() -> GraphQLContribution:
    return GraphQLContribution(extensions=[TypeExtension(target="Retiree", fields=_NameAgain)])


clash = PluginObject(spec("clash"), register_graphql=_clashing_graphql)


@hookimpl
def _models_as_dict() -> dict[str, str]:
    return {"modules": "misfits.models"}


#: register_models returns a dict instead of a ModelRegistration
wrong_type = PluginObject(spec("wrong_type"), register_models=_models_as_dict)


@hookimpl
def _permission_strings() -> list[str]:
    return ["wrong_items.read"]


#: register_permissions returns strings instead of Permission objects
wrong_items = PluginObject(spec("wrong_items"), register_permissions=_permission_strings)


@hookimpl
def _bare_loaders() -> list[LoaderRegistration]:
    return [LoaderRegistration("orders", lambda context: None)]


@hookimpl
def _bare_permissions() -> list[Permission]:
    return [Permission("read", "查看")]


@hookimpl
def _bare_roles() -> list[RoleRegistration]:
    return [RoleRegistration("CLERK", "文书", ())]


@hookimpl
def _bare_commands() -> list[CommandRegistration]:
    return [CommandRegistration("export", typer.Typer())]


#: every name it contributes lacks the plugin's prefix: four problems, reported at once
unprefixed = PluginObject(
    spec("unprefixed"),
    register_loaders=_bare_loaders,
    register_permissions=_bare_permissions,
    register_roles=_bare_roles,
    register_commands=_bare_commands,
)


@hookimpl
def _secretary() -> list[RoleRegistration]:
    return [RoleRegistration("CLUB_LIFE_SECRETARY", "俱乐部秘书", ())]


#: two plugins whose prefixes both fit one role code: the second is refused, naming the first
# (not "party": that name is the built-in party plugin's)
club = PluginObject(spec("club"), register_roles=_secretary)
club_life = PluginObject(spec("club_life"), register_roles=_secretary)


@hookimpl
def _loaders_list() -> list[LoaderRegistration]:
    return []


#: ``register_loader`` and ``register_permission`` (singular) are no hooks
misspelled = PluginObject(spec("misspelled"), register_loader=_loaders_list, register_permission=_loaders_list)


@hookimpl
def _public_retirees() -> list[ScopeRule]:
    return [ScopeRule(Retiree, "", public=True)]


#: tries to make retirees public by replacing the core's rule
core_rule = PluginObject(spec("core_rule"), register_scope_rules=_public_retirees)


@hookimpl
def _poached_rule() -> list[ScopeRule]:
    from junxiu_meals.models import MealOrder

    return [ScopeRule(MealOrder, "retiree__agency", public=True)]


#: declares a rule for a model of another plugin (meals)
poacher = PluginObject(spec("poacher"), register_scope_rules=_poached_rule)


@hookimpl
def _failing_graphql() -> GraphQLContribution:
    raise RuntimeError("schema module missing")


#: a registration hook that raises
raises = PluginObject(spec("raises"), register_graphql=_failing_graphql)


@hookimpl
def _chairman_permission() -> list[Permission]:
    return [Permission("dangling.read", "查看", ("CHAIRMAN",))]


@hookimpl
def _clerk_role() -> list[RoleRegistration]:
    return [RoleRegistration("DANGLING_CLERK", "文书", ("dangling.sign", "meals.order"))]


#: a permission for a built-in role that does not exist; a role with a permission that does not
#: exist and one of another plugin's
dangling = PluginObject(spec("dangling"), register_permissions=_chairman_permission, register_roles=_clerk_role)
