"""Plugins whose event handlers record the order they run in, and which plugin context each got:
``early`` asks to run first (``tryfirst``), ``late`` last (``trylast``), the others run in
configuration order."""

from collections.abc import Awaitable, Callable

from core.api import PluginContext, Retiree, hookimpl
from fixture_plugins import PluginObject, spec

#: names of the plugins whose ``retiree_deceased`` ran, in order
calls: list[str] = []


def handler() -> Callable[..., Awaitable[None]]:
    """A fresh function per plugin: pluggy keeps a hook's options on the function itself."""

    # --8<-- [start:context]
    async def retiree_deceased(retiree: Retiree, context: PluginContext) -> None:
        calls.append(context.name)  # the plugin's own context: its name and settings
    # --8<-- [end:context]

    return retiree_deceased


# --8<-- [start:tryfirst]
early = PluginObject(spec("early"), retiree_deceased=hookimpl(tryfirst=True)(handler()))
late = PluginObject(spec("late"), retiree_deceased=hookimpl(trylast=True)(handler()))
# --8<-- [end:tryfirst]
plain_a = PluginObject(spec("plain_a"), retiree_deceased=hookimpl(handler()))
plain_b = PluginObject(spec("plain_b"), retiree_deceased=hookimpl(handler()))
