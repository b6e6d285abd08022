"""The public plugin API. What a plugin may import from the core is exactly what this module
and ``core.hookspecs`` export; anything else is internal and may change without notice.
"""

from typing import TypeVar

from pydantic import BaseModel

from core import PLUGIN_API
from core.clock import today
from core.errors import ErrorCode, ServiceError
from core.hookspecs import hookimpl
from core.host import active_host
from core.migration_ops import AlterFieldExceptSqlite, SqliteIndexes
from core.models import Agency, FamilyMember, Retiree, RetireeAward, Staff, enums

# due items and attachments
from core.plugin import (  # noqa: E402,I001
    AttachmentTarget,
    CommandRegistration,
    DueItem,
    DueItemSource,
    GraphQLContribution,
    LoaderRegistration,
    ModelRegistration,
    NoSettings,
    Permission,
    PluginSpec,
    ScopeRule,
    TypeExtension,
)
from core.principal import SYSTEM, Principal
from core.runtime import command_session
from core.schema.context import RequestContext
from core.schema.loaders import by_id_loader, children_loader
from core.schema.node import ModelNode
from core.schema.pagination import DEFAULT_PAGE_SIZE, Connection, paginate, paginate_sequence
from core.schema.payload import ANYONE, SIGNED_IN, UserError, decode_id, input_values, mutation, run_mutation
from core.schema.refs import AgencyRef, RetireeRef, StaffMemberRef
from core.schema.relations import loaded_field
from core.schema.sensitive import mask_address, mask_id_number, mask_phone, reveals, sensitive, sensitive_field
from core.scope import scoped
from core.services.common import check_version, get_visible, lock_visible
from core.validation import check_lengths, require_text

S = TypeVar("S", bound=BaseModel)


def plugin_settings(name: str, model: type[S]) -> S:
    """The validated settings of the enabled plugin ``name``, as its settings model."""
    host = active_host()
    if host is None:
        raise RuntimeError("没有活动的插件宿主：先由 create_app 或 core.host.activate 启用")
    settings = host.plugin(name).settings
    if not isinstance(settings, model):
        raise TypeError(f"插件 '{name}' 的设置不是 {model.__name__}")
    return settings


__all__ = [
    "ANYONE",
    "AlterFieldExceptSqlite",
    "SqliteIndexes",
    "DEFAULT_PAGE_SIZE",
    "PLUGIN_API",
    "SIGNED_IN",
    "SYSTEM",
    "Agency",
    "AgencyRef",
    "CommandRegistration",
    "Connection",
    "ErrorCode",
    "FamilyMember",
    "GraphQLContribution",
    "LoaderRegistration",
    "ModelNode",
    "ModelRegistration",
    "NoSettings",
    "Permission",
    "PluginSpec",
    "Principal",
    "RequestContext",
    "Retiree",
    "RetireeAward",
    "RetireeRef",
    "ScopeRule",
    "ServiceError",
    "Staff",
    "StaffMemberRef",
    "TypeExtension",
    "UserError",
    "by_id_loader",
    "check_lengths",
    "check_version",
    "command_session",
    "children_loader",
    "decode_id",
    "enums",
    "get_visible",
    "hookimpl",
    "input_values",
    "loaded_field",
    "mutation",
    "lock_visible",
    "mask_address",
    "mask_id_number",
    "mask_phone",
    "paginate",
    "paginate_sequence",
    "plugin_settings",
    "require_text",
    "reveals",
    "run_mutation",
    "scoped",
    "sensitive",
    "sensitive_field",
    "today",
    # due items and attachments
    "AttachmentTarget",
    "DueItem",
    "DueItemSource",
]
