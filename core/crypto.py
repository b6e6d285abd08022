"""Encryption at rest for sensitive personal data (ID numbers, phones, addresses).

Values are encrypted with AES-256-GCM and a random 96-bit nonce each; the stored text is
``v1:<key id>:<base64(nonce + ciphertext)>`` so a row tells which key encrypted it. A keyed hash
(HMAC-SHA256 of the normalised value) allows exact lookup and uniqueness without decrypting.

The master key never lives in the database or the repository: it comes from the settings
(``data_key`` / ``JUNXIU_DATA_KEY``, or the file ``data_key_file``); ``old_data_keys`` are still
accepted for decryption while keys are rotated. Separate encryption and MAC subkeys are derived
from each master key with HKDF. The process-wide keyring is set up once with ``configure``.

Nothing here logs or puts plaintext or key material in an error message.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

if TYPE_CHECKING:
    from core.settings import Settings

VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
#: what an encrypted value looks like; anything else is plaintext (not yet encrypted)
STORED = re.compile(r"^v1:([0-9a-f]{8}):([A-Za-z0-9+/]+={0,2})$")


class CryptoError(Exception):
    """A key or encrypted-value problem; the message never contains plaintext or keys."""


class MissingKeyError(CryptoError):
    pass


class DecryptionError(CryptoError):
    pass


def _subkey(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(master)


def key_id(master: bytes) -> str:
    """First 8 hex characters of the SHA-256 of the master key."""
    return hashlib.sha256(master).hexdigest()[:8]


@dataclass(frozen=True, repr=False)
class DataKey:
    """One master key with its derived subkeys."""

    id: str
    _aead: AESGCM
    _mac: bytes

    @classmethod
    def from_bytes(cls, master: bytes) -> DataKey:
        if len(master) != KEY_BYTES:
            raise CryptoError(f"数据密钥须为 {KEY_BYTES} 字节（base64 编码）")
        return cls(key_id(master), AESGCM(_subkey(master, b"junxiu-enc")), _subkey(master, b"junxiu-mac"))

    def __repr__(self) -> str:
        return f"DataKey({self.id})"


def decode_key(text: str, source: str) -> bytes:
    """A base64 master key; ``source`` names where it came from for the error message."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise CryptoError(f"{source} 不是有效的 base64 数据密钥") from None
    if len(raw) != KEY_BYTES:
        raise CryptoError(f"{source} 须为 {KEY_BYTES} 字节的 base64 数据密钥")
    return raw


def encode_key(master: bytes) -> str:
    return base64.b64encode(master).decode("ascii")


def generate_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def read_key_file(path: str | Path) -> bytes:
    path = Path(path)
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise MissingKeyError(f"密钥文件 {path} 不存在") from None
    except (OSError, UnicodeDecodeError):
        raise CryptoError(f"无法读取密钥文件 {path}") from None
    return decode_key(text, f"密钥文件 {path}")


def write_key_file(path: str | Path, master: bytes | None = None) -> bytes:
    """Write a new key (random unless given) readable by the owner only; never overwrites."""
    master = master if master is not None else generate_key()
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CryptoError(f"{path} 已存在，不会覆盖") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(encode_key(master) + "\n")
    os.chmod(path, 0o600)  # whatever the umask
    return master


@dataclass(frozen=True, repr=False)
class Keyring:
    """The primary key (encrypts, hashes) and older keys still accepted for decryption."""

    primary: DataKey
    keys: dict[str, DataKey] = field(default_factory=dict)

    @classmethod
    def from_keys(cls, primary: bytes, old: Iterable[bytes] = ()) -> Keyring:
        first = DataKey.from_bytes(primary)
        keys = {first.id: first}
        for raw in old:
            key = DataKey.from_bytes(raw)
            keys.setdefault(key.id, key)
        return cls(first, keys)

    def __repr__(self) -> str:
        return f"Keyring(primary={self.primary.id}, keys={sorted(self.keys)})"

    def encrypt(self, text: str) -> str:
        header = f"{VERSION}:{self.primary.id}"
        nonce = os.urandom(NONCE_BYTES)
        sealed = self.primary._aead.encrypt(nonce, text.encode("utf-8"), header.encode("ascii"))
        return f"{header}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, stored: str) -> str:
        match = STORED.match(stored)
        if not match:
            raise DecryptionError("不是加密值（格式应为 v1:<密钥编号>:<密文>）")
        kid, body = match.groups()
        key = self.keys.get(kid)
        if key is None:
            raise DecryptionError(
                f"数据由密钥 {kid} 加密，但当前配置中没有该密钥（已配置：{', '.join(sorted(self.keys))}）"
            )
        blob = base64.b64decode(body)
        try:
            plain = key._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], f"{VERSION}:{kid}".encode("ascii"))
        except (InvalidTag, ValueError):
            raise DecryptionError(f"用密钥 {kid} 解密失败：密文已损坏或密钥不符") from None
        return plain.decode("utf-8")

    def keyed_hash(self, normalised: str) -> str:
        """HMAC-SHA256 (hex) with the primary key's MAC subkey."""
        return hmac.new(self.primary._mac, normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def is_encrypted(value: object) -> bool:
    return isinstance(value, str) and STORED.match(value) is not None


def encrypted_key_id(value: str) -> str | None:
    match = STORED.match(value)
    return match.group(1) if match else None


_keyring: Keyring | None = None

NO_KEY = "未配置数据密钥：请设置 data_key_file（或环境变量 JUNXIU_DATA_KEY），可用 `junxiu keys generate` 生成"


def key_material(settings: Settings) -> tuple[bytes, list[bytes]]:
    """The primary key the settings give (``data_key`` if set, else ``data_key_file``) and the
    ``old_data_keys``."""
    if settings.data_key is not None:
        primary = decode_key(settings.data_key.get_secret_value(), "data_key（JUNXIU_DATA_KEY）")
    else:
        path = Path(settings.data_key_file)
        if not path.is_file():
            raise MissingKeyError(f"{NO_KEY}（密钥文件 {path} 不存在）")
        primary = read_key_file(path)
    old = [
        decode_key(key.get_secret_value(), f"old_data_keys 第 {index} 项")
        for index, key in enumerate(settings.old_data_keys, 1)
    ]
    return primary, old


def keyring_from_settings(settings: Settings) -> Keyring:
    primary, old = key_material(settings)
    return Keyring.from_keys(primary, old)


def configure(settings: Settings) -> Keyring:
    """Set up the process-wide keyring from the settings (at start-up)."""
    return use(keyring_from_settings(settings))


def use(ring: Keyring | None) -> Keyring | None:
    """Install ``ring`` as the process-wide keyring (None removes it); returns it."""
    global _keyring
    _keyring = ring
    return ring


def current() -> Keyring:
    if _keyring is None:
        raise MissingKeyError(NO_KEY)
    return _keyring


def configured() -> bool:
    return _keyring is not None


def encrypt(text: str) -> str:
    return current().encrypt(text)


def decrypt(stored: str) -> str:
    return current().decrypt(stored)


def keyed_hash(normalised: str) -> str:
    return current().keyed_hash(normalised)
