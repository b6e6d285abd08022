"""Plugins that must be refused at start, each for one reason."""

import strawberry

from core.api import GraphQLContribution, PluginSpec, TypeExtension, hookimpl


class _Module:
    """A stand-in plugin module: pluggy registers any object with hook functions."""

    def __init__(self, spec: PluginSpec, **hooks: object) -> None:
        self.PLUGIN = spec
        self.__name__ = f"misfits.{spec.name}"
        for name, function in hooks.items():
            setattr(self, name, function)


old_api = _Module(PluginSpec(name="old_api", label="旧接口", version="1.0", plugin_api=99))
needs_other = _Module(PluginSpec(name="needs_other", label="缺依赖", version="1.0", plugin_api=1, requires=("absent",)))


@strawberry.type
class _NameAgain:
    @strawberry.field(description="与核心字段同名")
    def name(self) -> str:
        return "clash"


@hookimpl
def _clashing_graphql() -> GraphQLContribution:
    return GraphQLContribution(extensions=[TypeExtension(target="Retiree", fields=_NameAgain)])


clash = _Module(PluginSpec(name="clash", label="冲突", version="1.0", plugin_api=1), register_graphql=_clashing_graphql)
