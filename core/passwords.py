"""Password hashing (argon2) and the password policy."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.errors import ErrorCode, ServiceError

_hasher = PasswordHasher()
_CLASSES = (str.isupper, str.islower, str.isdigit, lambda c: not c.isalnum())
#: verified against when the account does not exist, so both cases cost the same time
_DUMMY_HASH = _hasher.hash("junxiu-dummy-password")


def set_hashing_cost(*, time_cost: int, memory_cost: int, parallelism: int) -> None:
    """Hash (and verify unknown accounts) with these argon2 parameters from now on. Test
    sessions lower them (``core.testing``): hashing dozens of passwords at production cost
    would dominate the run, and argon2's strength is not what those tests check."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    _DUMMY_HASH = _hasher.hash("junxiu-dummy-password")


def check_policy(password: str, min_length: int, min_classes: int, field: str = "password") -> None:
    if len(password) < min_length:
        raise ServiceError(ErrorCode.WEAK_PASSWORD, f"密码至少 {min_length} 个字符", field)
    if len(password) > 128:
        raise ServiceError(ErrorCode.TOO_LONG, "密码不能超过 128 个字符", field)
    classes = sum(any(test(c) for c in password) for test in _CLASSES)
    if classes < min_classes:
        raise ServiceError(
            ErrorCode.WEAK_PASSWORD, f"密码须包含大写字母、小写字母、数字、符号中的至少 {min_classes} 类", field
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
