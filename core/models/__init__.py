"""Tortoise models of the ``core`` app."""

from core.models.account import AccessToken, AuditEvent, LoginThrottle, RoleGrant, UserAccount
from core.models.agency import Agency
from core.models.attachment import Attachment
from core.models.retiree import FamilyMember, Retiree, RetireeAward, RetireeTransfer
from core.models.staff import Staff, StaffAppraisal, StaffRotation, StaffTraining

__all__ = [
    "AccessToken",
    "AuditEvent",
    "LoginThrottle",
    "RoleGrant",
    "UserAccount",
    "Agency",
    "Attachment",
    "FamilyMember",
    "Retiree",
    "RetireeAward",
    "RetireeTransfer",
    "Staff",
    "StaffAppraisal",
    "StaffRotation",
    "StaffTraining",
]
