"""The hooks a plugin may implement. Each is documented in docs/plugin-dev/hooks.md, and a
test fails when that page and these signatures disagree.

Hooks that do I/O are ``async``: the host awaits what they return. Event hooks run inside
the transaction of the write that fired them; raising rolls the whole write back.

Every hook may also take ``context`` (the plugin's own ``PluginContext``: its name and validated
settings); like any argument it is passed only to implementations that declare it.
"""

import datetime as dt
from collections.abc import Sequence

import pluggy

from core.models import Agency, Retiree, Staff
from core.plugin import (
    AttachmentTarget,
    CommandRegistration,
    DueItemSource,
    ErrorCodeRegistration,
    GraphQLContribution,
    LoaderRegistration,
    ModelRegistration,
    Permission,
    PluginContext,
    RoleRegistration,
    ScopeRule,
)
from core.principal import Principal

PROJECT = "junxiu"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_models(context: PluginContext) -> ModelRegistration:
    """Declare the plugin's tortoise models and migrations package (app label = plugin name)."""


@hookspec
def register_scope_rules(context: PluginContext) -> Sequence[ScopeRule]:
    """Say how each plugin model reaches its agency, so every query of it is scoped."""


@hookspec
def register_graphql(context: PluginContext) -> GraphQLContribution:
    """Contribute types, root query and mutation fields and type extensions on core types."""


@hookspec
def register_loaders(context: PluginContext) -> Sequence[LoaderRegistration]:
    """Contribute per-request DataLoader factories."""


@hookspec
def register_permissions(context: PluginContext) -> Sequence[Permission]:
    """Declare the permissions the plugin checks."""


@hookspec
def register_roles(context: PluginContext) -> Sequence[RoleRegistration]:
    """Contribute roles (sets of the plugin's own and the core's permissions), granted like built-in ones."""


@hookspec
def register_commands(context: PluginContext) -> Sequence[CommandRegistration]:
    """Contribute ``junxiu`` CLI sub-commands."""


@hookspec
async def load_demo_data(principal: Principal, seed: int, context: PluginContext) -> None:
    """Add the plugin's demo records after the core demo data exists."""


@hookspec
async def startup(context: PluginContext) -> None:
    """Run once when the server or a CLI command has opened the database."""


@hookspec
async def shutdown(context: PluginContext) -> None:
    """Run once before the database is closed."""


@hookspec
async def retiree_received(retiree: Retiree, principal: Principal, context: PluginContext) -> None:
    """A retiree was received by an agency (Art. 11.1)."""


@hookspec
async def retiree_transferred(
    retiree: Retiree, from_agency: Agency, to_agency: Agency | None, principal: Principal, context: PluginContext
) -> None:
    """A retiree moved to ``to_agency``, or out of the system when it is ``None``."""


@hookspec
async def retiree_deceased(retiree: Retiree, died_on: dt.date, principal: Principal, context: PluginContext) -> None:
    """A retiree's death was recorded (Art. 11.6)."""


@hookspec
async def agency_merged(source: Agency, target: Agency, principal: Principal, context: PluginContext) -> None:
    """``source`` was merged into ``target``; its retirees and staff already moved."""


@hookspec
async def agency_closed(agency: Agency, principal: Principal, context: PluginContext) -> None:
    """An (empty) agency was closed."""


@hookspec
async def staff_left(staff: Staff, principal: Principal, context: PluginContext) -> None:
    """A staff member left; their caretaker assignments were already cleared."""


@hookspec
def register_error_codes() -> Sequence[ErrorCodeRegistration]:
    """Declare the plugin's own error codes (``<PLUGIN>_…``, with Chinese descriptions)."""


# --- due items and attachments -----------------------------------------------------------


@hookspec
def register_due_items() -> Sequence[DueItemSource]:
    """Declare what falls due in the plugin, listed by ``viewer { todo }``."""


@hookspec
def register_attachment_targets() -> Sequence[AttachmentTarget]:
    """Declare which of the plugin's record types accept attachments."""
