"""Small plugins the host tests install through hand-made entry points."""

from core.api import PluginSpec


class PluginObject:
    """A stand-in plugin module: pluggy registers any object with hook functions."""

    def __init__(self, spec: PluginSpec, **hooks: object) -> None:
        self.PLUGIN = spec
        self.__name__ = f"fixture_plugins.{spec.name}"
        for name, function in hooks.items():
            setattr(self, name, function)


def spec(name: str, **values: object) -> PluginSpec:
    return PluginSpec(name=name, label=name, version="1.0", core_versions=">=0.1,<0.3", **values)  # type: ignore[arg-type]
