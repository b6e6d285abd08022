"""The world of the core's matrices: every installed plugin (built-in and example) enabled and
holding records, which its ``<plugin>_world.py`` beside its own tests creates
(``populate``, and ``publish`` for what a province publishes to its line)."""

import importlib
from types import ModuleType

from core.settings import Settings
from core.testing import GraphQLClient, Populate, Publish, World, build_world, make_client
from core.testing.database import installed_plugins

#: the built-in and example plugins together: the matrices cover every contributed field
EVERY_PLUGIN = installed_plugins()


def plugin_worlds(names: list[str]) -> list[ModuleType]:
    """The ``<plugin>_world`` modules (their folders are on pytest's ``pythonpath``)."""
    return [importlib.import_module(f"{name}_world") for name in names]


def id_types(names: list[str]) -> dict[str, str]:
    """The plugins' ID input fields whose name does not say their node type."""
    return {
        field: type_name
        for world in plugin_worlds(names)
        for field, type_name in getattr(world, "ID_TYPES", {}).items()
    }


def callbacks(names: list[str]) -> tuple[list[Populate], list[Publish]]:
    """The plugins' ``populate`` callbacks, and ``publish`` of those that have one."""
    worlds = plugin_worlds(names)
    return [world.populate for world in worlds], [world.publish for world in worlds if hasattr(world, "publish")]


async def plugin_world(admin: GraphQLClient, *names: str) -> World:
    """The kit's world with the records of the plugins ``names``."""
    return await build_world(admin, *callbacks(list(names)))


async def every_plugin_world() -> World:
    """The world with every installed plugin enabled and holding records."""
    return await plugin_world(await make_client(Settings(plugins=EVERY_PLUGIN)), *EVERY_PLUGIN)
