"""Scoping: the one place that decides which rows a principal may reach. Every read in
services, loaders and ``node(id:)`` starts from ``scoped(Model, principal)``: it applies the
model's read permission and the principal's subtree (or, for retirees, themselves)."""

from collections.abc import Mapping
from functools import reduce
from operator import or_
from types import MappingProxyType

from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from core.current import current_host
from core.models import (
    Agency,
    AuditEvent,
    FamilyMember,
    Retiree,
    RetireeAward,
    RetireeTransfer,
    Staff,
    StaffAppraisal,
    StaffRotation,
    StaffTraining,
    UserAccount,
)
from core.permissions import ACCOUNT_READ, AGENCY_READ, AUDIT_READ, RETIREE_READ, STAFF_READ
from core.plugin import ScopeRule
from core.principal import Principal
from core.tree import line_ids

#: the core's own rules; a host adds its plugins' rules for their own models beside them
CORE_RULES: Mapping[type[Model], ScopeRule] = MappingProxyType(
    {
        rule.model: rule
        for rule in (
            ScopeRule(Agency, "", read_permission=AGENCY_READ),
            ScopeRule(Retiree, "agency", retiree_path="id", read_permission=RETIREE_READ),
            ScopeRule(RetireeAward, "retiree__agency", retiree_path="retiree_id", read_permission=RETIREE_READ),
            ScopeRule(FamilyMember, "retiree__agency", retiree_path="retiree_id", read_permission=RETIREE_READ),
            ScopeRule(RetireeTransfer, "retiree__agency", retiree_path="retiree_id", read_permission=RETIREE_READ),
            ScopeRule(Staff, "agency", read_permission=STAFF_READ),
            ScopeRule(StaffTraining, "staff__agency", read_permission=STAFF_READ),
            ScopeRule(StaffAppraisal, "staff__agency", read_permission=STAFF_READ),
            ScopeRule(StaffRotation, "staff__agency", read_permission=STAFF_READ),
            ScopeRule(
                UserAccount,
                ("staff__agency", "department", "retiree__agency"),
                retiree_path="retiree_id",
                read_permission=ACCOUNT_READ,
            ),
            ScopeRule(AuditEvent, "actor_agency", read_permission=AUDIT_READ),
        )
    }
)


def _rule(model: type[Model]) -> ScopeRule:
    host = current_host()
    rules = host.scope_rules if host is not None else CORE_RULES
    try:
        return rules[model]
    except KeyError:
        raise LookupError(f"{model.__name__} 没有作用域规则：插件须通过 register_scope_rules 声明") from None


def read_permission(model: type[Model]) -> str | None:
    """The permission without which a principal reads no row of ``model`` (None: none needed)."""
    return _rule(model).read_permission


def _nothing(queryset: QuerySet) -> QuerySet:
    return queryset.filter(pk__isnull=True)


def _shared(rule: ScopeRule, home_path: str | None) -> Q | None:
    """Rows published by the principal's home agency or any agency above it."""
    if rule.shared_path is None or home_path is None:
        return None
    line = line_ids(home_path)
    lookup = f"{rule.shared_path}__id__in" if "__" in rule.shared_path else f"{rule.shared_path}_id__in"
    return Q(**{lookup: line})


def _retiree_reach(model: type[Model], rule: ScopeRule, retiree_id: int) -> list[Q]:
    """The rows a retiree reaches by each of the rule's retiree lookups; a lookup through another
    table is a subquery (on the `id` primary key every model here has), since a join through a
    reverse relation would repeat rows."""
    paths = rule.retiree_path if isinstance(rule.retiree_path, tuple) else (rule.retiree_path,)
    return [
        Q(**{path: retiree_id})
        if "__" not in path
        else Q(id__in=Subquery(model.filter(**{path: retiree_id}).values("id")))
        for path in paths
        if path is not None
    ]


def scoped(model: type[Model], principal: Principal) -> QuerySet:
    """All rows of ``model`` that ``principal`` may read."""
    rule = _rule(model)
    queryset = model.all()
    if rule.read_permission is not None and not principal.can(rule.read_permission):
        return _nothing(queryset)
    if principal.is_system or (rule.public and rule.public_filter is None):
        return queryset
    reachable: list[Q] = []
    if principal.retiree_id is not None:
        reachable.extend(_retiree_reach(model, rule, principal.retiree_id))
    elif principal.agency_path is not None:
        paths = rule.agency_path if isinstance(rule.agency_path, tuple) else (rule.agency_path,)
        for path in paths:
            lookup = f"{path}__path__startswith" if path else "path__startswith"
            reachable.append(Q(**{lookup: principal.agency_path}))
    # rows outside a public filter (drafts) are scoped like any other row
    if rule.public and rule.public_filter:
        reachable.append(Q(**rule.public_filter))
    shared = _shared(rule, principal.home_path or principal.agency_path)
    if shared is not None:
        reachable.append(shared)
    return queryset.filter(reduce(or_, reachable)) if reachable else _nothing(queryset)
