"""What a plugin declares (``PluginSpec``) and the typed objects its hooks return."""

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    import typer

    from core.principal import Principal
    from core.schema.context import RequestContext


class NoSettings(BaseModel):
    """Settings model of a plugin that has none."""


@dataclass(frozen=True)
class PluginSpec:
    """A plugin module exposes one of these as ``PLUGIN``.

    ``name`` is snake_case and doubles as the tortoise app label and table prefix;
    ``core_versions`` is a version specifier (PEP 440, such as ``">=0.1,<0.3"``) naming the
    core versions the plugin works with: start-up refuses it on any other core.
    """

    name: str
    label: str
    version: str
    core_versions: str
    requires: tuple[str, ...] = ()
    settings: type[BaseModel] = NoSettings
    description: str = ""


@dataclass(frozen=True)
class ModelRegistration:
    """Tortoise models of a plugin: model modules and the migrations package."""

    modules: Sequence[str]
    migrations: str


@dataclass(frozen=True)
class TypeExtension:
    """Fields of ``fields``, a ``@strawberry.type`` class, are added to the core type named
    ``target`` (``Agency``, ``Retiree`` or ``StaffMember``). Its resolvers receive the
    tortoise row of the core model as ``self``; a field name any other contributor uses is a
    start-up error."""

    target: str
    fields: type


@dataclass(frozen=True)
class GraphQLContribution:
    """A plugin's part of the unified schema; every name must be unique across contributors."""

    query: type | None = None
    mutation: type | None = None
    types: Sequence[type] = ()
    extensions: Sequence[TypeExtension] = ()


@dataclass(frozen=True)
class LoaderRegistration:
    """A per-request DataLoader, reachable as ``info.context.loaders[name]``."""

    name: str
    factory: Callable[["RequestContext"], Any]


@dataclass(frozen=True)
class Permission:
    """A permission string (``<plugin>.<action>``) with its Chinese label; ``roles`` names
    the built-in roles that hold it (system administrators hold every permission)."""

    code: str
    label: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommandRegistration:
    """A typer sub-application mounted as ``junxiu <name> ...``."""

    name: str
    app: "typer.Typer"
    help: str = ""


@dataclass(frozen=True)
class ScopeRule:
    """How scoping filters a model. ``agency_path`` is a lookup such as ``"retiree__agency"``
    from the model to ``core.Agency`` (several lookups: a row is in scope by any of them);
    ``retiree_path`` (such as ``"retiree_id"``) names the retiree a row belongs to (without
    it, retiree users reach no row); several lookups reach a row by any of them, and one
    through a related table (``"branch__posts__holder_retiree_id"``: the branch whose post the
    retiree holds) is matched in a subquery, so a row never repeats; ``read_permission`` is
    needed to read any row; ``public`` rows are catalog data (e.g. classes on offer) that every
    principal with the read permission sees, whatever its scope. Public models must hold no
    personal data. ``public_filter`` (tortoise lookups, e.g. ``{"published": True}``) narrows
    what is public: rows outside it (drafts) are scoped like any other row.
    ``shared_path`` (such as ``"owner"``) names an agency that publishes the
    row to its whole subtree: principals of that agency *and of every agency below it* read
    the row (an annual plan a department publishes to the agencies that nominate for it),
    while other branches of the tree and other provinces do not."""

    model: type
    agency_path: str | tuple[str, ...]
    retiree_path: str | tuple[str, ...] | None = None
    read_permission: str | None = None
    public: bool = False
    public_filter: Mapping[str, Any] | None = None
    shared_path: str | None = None


@dataclass(frozen=True)
class PluginContext:
    """What the host knows of one enabled plugin, passed to any of its hooks that declares a
    ``context`` parameter: its name and its validated settings (an instance of
    ``PluginSpec.settings``)."""

    name: str
    settings: BaseModel


@dataclass(frozen=True)
class RoleRegistration:
    """A role a plugin contributes: ``code`` is ``<PLUGIN>_<NAME>`` (upper snake, such as
    ``UNIVERSITY_TEACHER``), ``permissions`` are codes of the plugin's own permissions and the
    core's (``core.…``). It is granted and revoked like a built-in role."""

    code: str
    label: str
    permissions: tuple[str, ...]


__all__ = [
    "AttachmentTarget",
    "CommandRegistration",
    "DueItem",
    "DueItemSource",
    "GraphQLContribution",
    "LoaderRegistration",
    "ModelRegistration",
    "NoSettings",
    "Permission",
    "PluginContext",
    "PluginSpec",
    "RoleRegistration",
    "ScopeRule",
    "TypeExtension",
]


@dataclass(frozen=True)
class ErrorCodeRegistration:
    """An error code a plugin's services raise (``ServiceError(registration, …)``), merged
    into the schema's ``ErrorCode`` enum while the plugin is enabled. ``code`` is upper snake
    case prefixed with the plugin's name (``SANATORIUM_QUOTA_NOT_ALLOTTED``); ``description``
    is the Chinese line clients read."""

    code: str
    description: str


__all__ += ["ErrorCodeRegistration"]


# --- due items and attachments (core/todo.py, core/attachments.py) ---------------------------


@dataclass(frozen=True)
class DueItem:
    """Something the principal must do by ``due_on``: ``record`` is the tortoise row it
    concerns (a row of a model whose GraphQL type is a node, so clients reach it through
    ``node(id:)``). Whether it is overdue follows from ``due_on`` and today."""

    title: str
    due_on: dt.date
    record: Any
    detail: str = ""


@dataclass(frozen=True)
class DueItemSource:
    """What falls due in a plugin. ``name`` carries the plugin's prefix
    (``sanatorium.pending_reviews``); ``query(principal, today)`` returns the principal's open
    items. The core keeps only items whose record the principal can read (``scoped``)."""

    name: str
    label: str
    query: Callable[["Principal", dt.date], Awaitable[Sequence[DueItem]]]


@dataclass(frozen=True)
class AttachmentTarget:
    """Records of ``model`` (GraphQL type ``type_name``, a node) accept attachments from
    principals who can read the record and hold ``write_permission``. ``sensitive`` files
    (health-check scans) are listed and downloaded only with ``core.sensitive.read`` too."""

    type_name: str
    model: type
    write_permission: str
    sensitive: bool = False
