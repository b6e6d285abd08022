"""The public plugin API. What a plugin may import from the core is exactly what this module
and ``core.hookspecs`` export; anything else is internal and may change without notice.
"""

from typing import TypeVar

from pydantic import BaseModel

# plugin host v2: the core's version, the plugin context, plugin roles and the built-in roles
from core import __version__ as CORE_VERSION
from core.approvals import ApprovalChain, ApprovalLink, approval_chain, approval_level, as_level
from core.clock import today
from core.errors import ErrorCode, ServiceError
from core.hookspecs import hookimpl
from core.host import active_host
from core.migration_ops import AlterFieldExceptSqlite, RenameRelatedModel, SqliteIndexes
from core.models import Agency, FamilyMember, Retiree, RetireeAward, Staff, enums
from core.models.approval import ApprovalDecision, ApprovalLevel, ApprovalStep
from core.models.base import Versioned, save_versioned
from core.permissions import (
    AGENCY_MANAGER,
    AGENCY_READ,
    AGENCY_STAFF,
    DEPARTMENT_ADMIN,
    PORTAL_READONLY,
    RETIREE,
    RETIREE_READ,
    SENSITIVE_READ,
    STAFF_READ,
    SYSTEM_ADMIN,
)
from core.plugin import (
    AttachmentTarget,
    CommandRegistration,
    DueItem,
    DueItemSource,
    ErrorCodeRegistration,
    GraphQLContribution,
    LoaderRegistration,
    ModelRegistration,
    NoSettings,
    Permission,
    PluginContext,
    PluginSpec,
    RoleRegistration,
    ScopeRule,
    TypeExtension,
)
from core.principal import SYSTEM, Principal
from core.runtime import command_session
from core.schema.context import RequestContext
from core.schema.loaders import by_id_loader, children_loader
from core.schema.mutations import mutation, payload, payload_of, refers
from core.schema.node import ModelNode
from core.schema.pagination import DEFAULT_PAGE_SIZE, Connection, paginate, paginate_sequence
from core.schema.payload import ANYONE, SIGNED_IN, UserError, decode_id, input_values, run_mutation
from core.schema.refs import AgencyRef, RetireeRef, StaffMemberRef
from core.schema.relations import loaded_field
from core.schema.sensitive import mask_address, mask_id_number, mask_phone, reveals, sensitive, sensitive_field
from core.scope import scoped
from core.services.agencies import require_active_agency
from core.services.common import accept, check_version, get_visible, lock_visible
from core.tree import ancestors, is_within, line_ids, managing_agency
from core.validation import check_lengths, require_text

S = TypeVar("S", bound=BaseModel)


def plugin_settings(name: str, model: type[S]) -> S:
    """The validated settings of the enabled plugin ``name`` on the current host, as its
    settings model (for services at request time; hooks read ``context.settings``)."""
    host = active_host()
    if host is None:
        raise RuntimeError("没有当前的插件宿主：请求中由应用设置，命令行与测试中由 core.runtime.configure 设置")
    settings = host.plugin(name).settings
    if not isinstance(settings, model):
        raise TypeError(f"插件 '{name}' 的设置不是 {model.__name__}")
    return settings


__all__ = [
    "ANYONE",
    "AlterFieldExceptSqlite",
    "SqliteIndexes",
    "RenameRelatedModel",
    "DEFAULT_PAGE_SIZE",
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
    "accept",
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
    # plugin host v2
    "AGENCY_MANAGER",
    "AGENCY_READ",
    "AGENCY_STAFF",
    "CORE_VERSION",
    "DEPARTMENT_ADMIN",
    "PORTAL_READONLY",
    "PluginContext",
    "RETIREE",
    "RETIREE_READ",
    "SENSITIVE_READ",
    "STAFF_READ",
    "RoleRegistration",
    "SYSTEM_ADMIN",
    # building blocks
    "Versioned",
    "save_versioned",
    "ancestors",
    "is_within",
    "line_ids",
    "managing_agency",
    "require_active_agency",
    "ApprovalChain",
    "ApprovalDecision",
    "ApprovalLevel",
    "ApprovalLink",
    "ApprovalStep",
    "approval_chain",
    "approval_level",
    "as_level",
    "ErrorCodeRegistration",
    "payload",
    "payload_of",
    "refers",
    # due items and attachments
    "AttachmentTarget",
    "DueItem",
    "DueItemSource",
]
