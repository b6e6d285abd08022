"""A plugin whose registration reads its own validated settings from the hook's ``context``."""

from collections.abc import Sequence

from pydantic import BaseModel

from core.api import Permission, PluginContext, PluginSpec, hookimpl


class ConfiguredSettings(BaseModel):
    label: str = "查看"


PLUGIN = PluginSpec(
    name="configured", label="可配置", version="1.0", core_versions=">=0.1,<0.3", settings=ConfiguredSettings
)


@hookimpl
def register_permissions(context: PluginContext) -> Sequence[Permission]:
    assert isinstance(context.settings, ConfiguredSettings)
    return [Permission(f"{context.name}.read", context.settings.label)]
