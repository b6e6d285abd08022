"""Scoping: the one place that decides which rows a principal may reach. Every read in
services, loaders and ``node(id:)`` starts from ``scoped(Model, principal)``."""

from tortoise.models import Model
from tortoise.queryset import QuerySet

from core.models import (
    Agency,
    FamilyMember,
    Retiree,
    RetireeAward,
    RetireeTransfer,
    Staff,
    StaffAppraisal,
    StaffRotation,
    StaffTraining,
)
from core.plugin import ScopeRule
from core.principal import Principal

#: model -> lookup from the model to its Agency ("" for Agency itself)
_AGENCY_PATHS: dict[type[Model], str] = {
    Agency: "",
    Retiree: "agency",
    RetireeAward: "retiree__agency",
    FamilyMember: "retiree__agency",
    RetireeTransfer: "retiree__agency",
    Staff: "agency",
    StaffTraining: "staff__agency",
    StaffAppraisal: "staff__agency",
    StaffRotation: "staff__agency",
}
#: model -> lookup from the model to the Retiree it belongs to, for retiree principals
_RETIREE_PATHS: dict[type[Model], str] = {
    Retiree: "id",
    RetireeAward: "retiree_id",
    FamilyMember: "retiree_id",
    RetireeTransfer: "retiree_id",
}


def register_rules(rules: list[ScopeRule]) -> None:
    for rule in rules:
        _AGENCY_PATHS[rule.model] = rule.agency_path
        if rule.retiree_path is not None:
            _RETIREE_PATHS[rule.model] = rule.retiree_path


def agency_path_of(model: type[Model]) -> str:
    try:
        return _AGENCY_PATHS[model]
    except KeyError:
        raise LookupError(
            f"{model.__name__} 没有作用域规则：插件须通过 register_scope_rules 声明"
        ) from None


def scoped(model: type[Model], principal: Principal) -> QuerySet:
    """All rows of ``model`` that ``principal`` may reach."""
    path = agency_path_of(model)
    queryset = model.all()
    if principal.is_system:
        return queryset
    if principal.retiree_id is not None:
        retiree_path = _RETIREE_PATHS.get(model)
        if retiree_path is None:
            return queryset.none()
        return queryset.filter(**{retiree_path: principal.retiree_id})
    if principal.agency_path is None:
        return queryset.none()
    lookup = f"{path}__path__startswith" if path else "path__startswith"
    return queryset.filter(**{lookup: principal.agency_path})
