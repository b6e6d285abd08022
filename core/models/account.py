from tortoise import fields
from tortoise.models import Model

from core.models.base import Versioned
from core.models.enums import AccountKind, AuditAction, AuditOutcome, TokenKind


class UserAccount(Versioned):
    """A person or integration that logs in. Its scope comes from what it is linked to:
    a staff member's agency, a department, or a retiree (administrators have none)."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=50, unique=True)
    display_name = fields.CharField(max_length=50, default="")
    kind = fields.CharEnumField(AccountKind)
    password_hash = fields.CharField(max_length=255)
    staff: fields.ForeignKeyNullableRelation["Staff"] = fields.ForeignKeyField(  # noqa: F821
        "core.Staff", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    department: fields.ForeignKeyNullableRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    retiree: fields.ForeignKeyNullableRelation["Retiree"] = fields.ForeignKeyField(  # noqa: F821
        "core.Retiree", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    active = fields.BooleanField(default=True)
    failed_logins = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    last_login_at = fields.DatetimeField(null=True)
    password_changed_at = fields.DatetimeField(null=True)

    staff_id: int | None
    department_id: int | None
    retiree_id: int | None

    class Meta:
        table = "core_user_account"
        ordering = ["id"]


class LoginThrottle(Model):
    """Login attempts counted per typed username, whether an account has that name or not (so
    unknown names behave as real ones): one row per (username, client address), and one per
    username across all addresses (``client_address`` ``*``)."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=50)
    client_address = fields.CharField(max_length=64)
    # attempts since the last successful login, counted before the password is verified
    attempts = fields.IntField(default=0)
    last_attempt_at = fields.DatetimeField(null=True, db_index=True)
    locked_until = fields.DatetimeField(null=True)

    class Meta:
        table = "core_login_throttle"
        unique_together = (("username", "client_address"),)
        ordering = ["id"]


class RoleGrant(Model):
    """A built-in role held by an account."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[UserAccount] = fields.ForeignKeyField(
        "core.UserAccount", related_name="grants", on_delete=fields.CASCADE
    )
    role = fields.CharField(max_length=50)
    granted_by = fields.CharField(max_length=50, default="")
    granted_at = fields.DatetimeField(auto_now_add=True)

    user_id: int

    class Meta:
        table = "core_role_grant"
        unique_together = (("user", "role"),)
        ordering = ["id"]


class AccessToken(Model):
    """A bearer token. Only its SHA-256 is stored, the token itself is shown once."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[UserAccount] = fields.ForeignKeyField(
        "core.UserAccount", related_name="tokens", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(TokenKind)
    token_hash = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=100, default="")
    # API tokens carry a subset of their account's permissions (space separated)
    permissions = fields.TextField(default="")
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int

    class Meta:
        table = "core_access_token"
        ordering = ["id"]


class AuditEvent(Model):
    """Append-only record of a write, an unmasked read of sensitive data, or a login.
    Holds field names, never sensitive values. Nothing in the API updates or deletes it."""

    id = fields.BigIntField(primary_key=True)
    occurred_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    action = fields.CharEnumField(AuditAction, db_index=True)
    outcome = fields.CharEnumField(AuditOutcome, default=AuditOutcome.SUCCEEDED)
    error_code = fields.CharField(max_length=40, default="")
    operation = fields.CharField(max_length=100, default="")
    principal_name = fields.CharField(max_length=50, default="")
    principal_kind = fields.CharField(max_length=20, default="")
    user_id = fields.IntField(null=True, db_index=True)
    client_address = fields.CharField(max_length=64, default="")
    target_type = fields.CharField(max_length=50, default="")
    target_id = fields.IntField(null=True)
    field_names = fields.TextField(default="")
    # the actor's agency, so auditors see the events of their own subtree (none: administrators)
    actor_agency: fields.ForeignKeyNullableRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name=False, null=True, db_constraint=False, on_delete=fields.NO_ACTION
    )

    actor_agency_id: int | None

    class Meta:
        table = "core_audit_event"
        ordering = ["id"]
