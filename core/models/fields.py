"""Model fields stored encrypted (see ``core.crypto``).

An encrypted field holds plaintext in Python and ``v1:<key id>:<ciphertext>`` in a TEXT column.
``max_length`` limits the plaintext (services check it), not the column. Such a column cannot
be searched or filtered in SQL (every value has its own nonce): filtering on it raises; look up
by a keyed-hash column instead (``Retiree.id_number_hash``).
"""

from typing import Any

from tortoise.fields import Field
from tortoise.models import Model
from tortoise.validators import MaxLengthValidator

from core import crypto


class EncryptedTextField(Field[str], str):  # type: ignore[misc]
    """Text encrypted at rest; ``max_length`` (optional) bounds the plaintext."""

    SQL_TYPE = "TEXT"
    indexable = False

    def __init__(self, max_length: int | None = None, **kwargs: Any) -> None:
        if kwargs.get("unique") or kwargs.get("db_index"):
            raise ValueError("加密字段不能建唯一约束或索引；请另设带键哈希列")
        self.max_length = max_length
        super().__init__(**kwargs)
        if max_length is not None:
            self.validators.append(MaxLengthValidator(max_length))

    @property
    def constraints(self) -> dict:
        return {"max_length": self.max_length} if self.max_length is not None else {}

    def to_db_value(self, value: Any, instance: "type[Model] | Model | None") -> Any:
        if isinstance(instance, type):  # a filter: ciphertexts never compare equal
            raise ValueError(f"加密字段 {self.model_field_name} 不能用于查询条件；请用带键哈希列查找")
        if value is None:
            return None
        value = str(value)
        self.validate(value)
        return crypto.encrypt(value)

    def to_python_value(self, value: Any) -> Any:
        # Called with database values and with plaintext passed to the model constructor.
        if isinstance(value, str) and crypto.is_encrypted(value):
            return crypto.decrypt(value)
        return value


class EncryptedCharField(EncryptedTextField):
    """An encrypted ``CharField``: ``max_length`` (required) bounds the plaintext."""

    def __init__(self, max_length: int, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)
