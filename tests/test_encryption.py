"""Encryption at rest: ID numbers, phones and addresses are stored encrypted, found by keyed
hash, survive a key rotation; a missing or wrong key is a clear error without plaintext."""

import base64
import datetime as dt
import os
import re
import stat
from pathlib import Path

import pytest
from test_cli import junxiu
from tortoise import connections

from core import crypto
from core.crypto import DecryptionError, Keyring
from core.db import placeholders
from core.rotation import rotate
from core.testing import create_retiree, create_staff, province, retiree_input
from core.testing.factories import CREATE_RETIREE

DETAIL = """query ($id: ID!) { retiree(id: $id) { name idNumber phone address
  familyMembers { name phone } } }"""
LIST = """query ($filter: RetireeFilter) { retirees(filter: $filter, first: 100) { edges { node { name } } } }"""
STAFF = "query ($id: ID!) { staffMember(id: $id) { phone } }"
PHONE = "13912345678"
ADDRESS = "南京市玄武区中山东路 1 号"


async def raw(sql: str) -> list[dict]:
    return await connections.get("default").execute_query_dict(sql)


@pytest.fixture
def session_key() -> bytes:
    return crypto.decode_key(os.environ["JUNXIU_DATA_KEY"], "JUNXIU_DATA_KEY")


@pytest.fixture
def restore_keyring(session_key):
    """Tests that install another keyring get the session's back afterwards."""
    yield
    crypto.use(Keyring.from_keys(session_key))


async def _person(gql, agency_id: str, name: str = "张建国", **extra) -> tuple[dict, dict]:
    values = retiree_input(
        agency_id,
        name=name,
        phone=PHONE,
        address=ADDRESS,
        familyMembers=[{"name": "王秀英", "relation": "SPOUSE", "phone": "025-84561234"}],
        **extra,
    )
    payload = await gql.mutate(CREATE_RETIREE, values)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["retiree"], values


async def test_values_round_trip_and_are_stored_encrypted(gql):
    tree = await province(gql)
    retiree, values = await _person(gql, tree["first"]["id"])
    staff = await create_staff(gql, tree["first"]["id"], phone="13800001111")

    data = (await gql(DETAIL, {"id": retiree["id"]}))["retiree"]
    assert (data["idNumber"], data["phone"], data["address"]) == (values["idNumber"], PHONE, ADDRESS)
    assert data["familyMembers"] == [{"name": "王秀英", "phone": "025-84561234"}]
    assert (await gql(STAFF, {"id": staff["id"]}))["staffMember"]["phone"] == "13800001111"

    [row] = await raw("SELECT id_number, id_number_hash, phone, address FROM core_retiree")
    for column in ("id_number", "phone", "address"):
        assert row[column].startswith(f"v1:{crypto.current().primary.id}:"), column
    assert values["idNumber"] not in str(row) and PHONE not in str(row) and "中山东路" not in str(row)
    assert len(row["id_number_hash"]) == 64 and row["id_number_hash"] != values["idNumber"]
    [member] = await raw("SELECT phone FROM core_family_member")
    [worker] = await raw("SELECT phone FROM core_staff")
    assert member["phone"].startswith("v1:") and "84561234" not in member["phone"]
    assert worker["phone"].startswith("v1:") and "13800001111" not in worker["phone"]


async def test_same_id_number_gives_different_ciphertexts_but_is_a_duplicate(gql):
    tree = await province(gql)
    values = retiree_input(tree["first"]["id"])
    assert (await gql.mutate(CREATE_RETIREE, values))["userErrors"] == []
    ring = crypto.current()
    assert ring.encrypt(values["idNumber"]) != ring.encrypt(values["idNumber"])  # random nonce
    duplicate = await gql.mutate(CREATE_RETIREE, {**values, "name": "另一人", "idNumber": values["idNumber"].lower()})
    assert [(e["field"], e["code"]) for e in duplicate["userErrors"]] == [("idNumber", "DUPLICATE_ID_NUMBER")]
    other = await gql.mutate(CREATE_RETIREE, {**retiree_input(tree["second"]["id"]), "phone": PHONE})
    assert other["userErrors"] == []
    stored = (await raw("SELECT phone FROM core_retiree ORDER BY id"))[1]["phone"]
    assert PHONE not in stored and ring.decrypt(stored) == PHONE  # not the plaintext, and it decrypts back


def nonce(stored: str) -> bytes:
    match = crypto.STORED.match(stored)
    assert match, stored
    return base64.b64decode(match.group(2))[: crypto.NONCE_BYTES]


async def test_every_encrypted_value_has_its_own_nonce(gql):
    tree = await province(gql)
    ring = crypto.current()
    twice = (ring.encrypt(PHONE), ring.encrypt(PHONE))
    assert twice[0] != twice[1] and nonce(twice[0]) != nonce(twice[1])
    assert [ring.decrypt(value) for value in twice] == [PHONE, PHONE]
    await _person(gql, tree["first"]["id"], name="甲")
    await _person(gql, tree["second"]["id"], name="乙", birth=dt.date(1950, 2, 2))  # the same phone and address
    rows = await raw("SELECT id_number, phone, address FROM core_retiree ORDER BY id")
    values = [row[column] for row in rows for column in ("id_number", "phone", "address")]
    assert len(values) == 6 and all(crypto.is_encrypted(value) for value in values)
    # no two values share a nonce: not the fields of one record, not the same phone twice
    assert len({nonce(value) for value in values}) == 6
    assert rows[0]["phone"] != rows[1]["phone"] and [ring.decrypt(r["phone"]) for r in rows] == [PHONE, PHONE]


async def test_search_by_exact_id_number_uses_the_hash(gql):
    tree = await province(gql)
    _, first = await _person(gql, tree["first"]["id"], name="甲")
    await _person(gql, tree["first"]["id"], name="乙", birth=dt.date(1950, 2, 2))

    async def names(search: str) -> list[str]:
        data = await gql(LIST, {"filter": {"search": search}})
        return [edge["node"]["name"] for edge in data["retirees"]["edges"]]

    assert await names(first["idNumber"]) == ["甲"]
    assert await names(f"  {first['idNumber'].lower()} ") == ["甲"]
    assert await names(first["idNumber"][:10]) == []  # no partial matches on encrypted numbers
    assert await names("乙") == ["乙"]


async def test_rotation_moves_every_row_to_the_new_key(gql, session_key, restore_keyring):
    tree = await province(gql)
    retiree, values = await _person(gql, tree["first"]["id"])
    await create_staff(gql, tree["first"]["id"], phone="13800001111")
    old = Keyring.from_keys(session_key)
    new_key = crypto.generate_key()
    new = Keyring.from_keys(new_key, [session_key])

    results = {r.table: r for r in await rotate(new)}
    assert results["core_retiree"].reencrypted == 3 and results["core_retiree"].hashes_updated == 1
    assert results["core_family_member"].reencrypted == 1 and results["core_staff"].reencrypted == 1
    again = await rotate(new)  # idempotent
    assert sum(r.rows_updated for r in again) == 0

    [row] = await raw("SELECT id, id_number, phone, address FROM core_retiree")
    for column in ("id_number", "phone", "address"):
        assert crypto.encrypted_key_id(row[column]) == new.primary.id
    for table in ("core_family_member", "core_staff"):
        assert all(
            crypto.encrypted_key_id(r["phone"]) == new.primary.id for r in await raw(f"SELECT phone FROM {table}")
        )
    with pytest.raises(DecryptionError) as error:
        old.decrypt(row["id_number"])
    assert new.primary.id in str(error.value) and values["idNumber"] not in str(error.value)

    crypto.use(new)
    data = (await gql(LIST, {"filter": {"search": values["idNumber"]}}))["retirees"]["edges"]
    assert [edge["node"]["name"] for edge in data] == ["张建国"]
    detail = (await gql(DETAIL, {"id": retiree["id"]}))["retiree"]
    assert detail["idNumber"] == values["idNumber"] and detail["phone"] == PHONE
    # the new key alone (the old one dropped from the settings) reads everything
    crypto.use(Keyring.from_keys(new_key))
    assert (await gql(DETAIL, {"id": retiree["id"]}))["retiree"]["address"] == ADDRESS
    duplicate = await gql.mutate(CREATE_RETIREE, {**values, "name": "另一人"})
    assert [e["code"] for e in duplicate["userErrors"]] == ["DUPLICATE_ID_NUMBER"]


async def test_rotation_encrypts_plaintext_rows(gql):
    tree = await province(gql)
    retiree = await create_retiree(gql, tree["first"]["id"])
    connection = connections.get("default")
    sql = "UPDATE core_retiree SET phone = {}, id_number_hash = {}".format(*placeholders(connection, 2))  # as an import might
    await connection.execute_query(sql, [PHONE, "stale"])
    results = {r.table: r for r in await rotate(crypto.current())}
    assert results["core_retiree"].encrypted_plaintext == 1 and results["core_retiree"].reencrypted == 0
    assert results["core_retiree"].hashes_updated == 1
    [row] = await raw("SELECT phone FROM core_retiree")
    assert row["phone"].startswith("v1:")
    assert (await gql(DETAIL, {"id": retiree["id"]}))["retiree"]["phone"] == PHONE


async def test_a_wrong_key_is_a_clear_error_without_plaintext(gql, restore_keyring):
    tree = await province(gql)
    retiree, values = await _person(gql, tree["first"]["id"])
    [row] = await raw("SELECT id_number FROM core_retiree")
    stranger = Keyring.from_keys(crypto.generate_key())
    crypto.use(stranger)
    body = await gql.raw(DETAIL, {"id": retiree["id"]})
    message = " ".join(error["message"] for error in body["errors"])
    assert "当前配置中没有该密钥" in message and crypto.encrypted_key_id(row["id_number"]) in message
    assert values["idNumber"] not in message and PHONE not in message
    # a tampered value under a known key id
    forged = crypto.current().encrypt(values["idNumber"])
    tampered = forged[:-6] + ("AAAA" if forged[-6:-2] != "AAAA" else "BBBB") + forged[-2:]
    with pytest.raises(DecryptionError, match="密文已损坏或密钥不符") as error:
        stranger.decrypt(tampered)
    assert values["idNumber"] not in str(error.value)
    with pytest.raises(DecryptionError):
        stranger.decrypt("not encrypted")


def test_keys_from_settings(tmp_path, monkeypatch):
    from core.settings import Settings

    monkeypatch.delenv("JUNXIU_DATA_KEY")
    monkeypatch.setenv("JUNXIU_CONFIG", str(tmp_path / "none.toml"))
    missing = Settings(data_key_file=str(tmp_path / "absent.key"))
    with pytest.raises(crypto.MissingKeyError, match="junxiu keys generate"):
        crypto.keyring_from_settings(missing)
    with pytest.raises(crypto.CryptoError, match="32"):
        crypto.keyring_from_settings(Settings(data_key="c2hvcnQ="))
    first, second = crypto.generate_key(), crypto.generate_key()
    crypto.write_key_file(tmp_path / "a.key", first)
    ring = crypto.keyring_from_settings(
        Settings(data_key_file=str(tmp_path / "a.key"), old_data_keys=crypto.encode_key(second))
    )
    assert ring.primary.id == crypto.key_id(first) and set(ring.keys) == {crypto.key_id(first), crypto.key_id(second)}
    assert crypto.encode_key(first) not in repr(ring) + repr(Settings(data_key=crypto.encode_key(first)))


@pytest.mark.junxiu_db("sqlite", reason="one dialect is enough for the command itself")
def test_keys_generate_writes_a_private_file_once(tmp_path):
    env = {"JUNXIU_CONFIG": str(tmp_path / "none.toml")}
    target = tmp_path / "junxiu.key"
    result = junxiu("keys", "generate", "--output", str(target), env=env)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    master = crypto.read_key_file(target)
    assert crypto.key_id(master) in result.stdout and crypto.encode_key(master) not in result.stdout
    again = junxiu("keys", "generate", "--output", str(target), env=env)
    assert again.returncode == 1 and "不会覆盖" in again.stderr and "Traceback" not in again.stderr
    assert crypto.read_key_file(target) == master


@pytest.mark.junxiu_db("sqlite", reason="one dialect is enough for the command itself")
def test_commands_that_need_the_key_say_how_to_get_one(tmp_path):
    env = {
        "JUNXIU_CONFIG": str(tmp_path / "none.toml"),
        "JUNXIU_DATA_KEY_FILE": str(tmp_path / "absent.key"),
        "JUNXIU_DATABASE_URL": f"sqlite://{tmp_path / 'db.sqlite3'}",
    }
    result = junxiu("serve", env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "junxiu keys generate" in result.stderr


#: a value the first release stored with the key 00 01 … 1f: data written before an upgrade
#: must still decrypt, and the hash that searches it must not change (key derivation is data)
KNOWN_KEY = bytes(range(32))
KNOWN_STORED = "v1:630dcd29:qSjl3Rjh7OWs9kTQLRX/CODiw6P1aoI6nrHOz6eQyy+4Xfunj8GbAgG5UPnRIw=="
KNOWN_HASH = "260c64735157ec75dc38dfcc737ed513d8499b2e4e5464d928abdde38fd48033"


def test_values_stored_by_an_earlier_release_still_decrypt_and_hash_alike():
    ring = crypto.Keyring.from_keys(KNOWN_KEY)
    assert ring.primary.id == "630dcd29"
    assert ring.decrypt(KNOWN_STORED) == "320102194005010011"
    assert ring.keyed_hash("320102194005010011") == KNOWN_HASH
    assert ring.decrypt(ring.encrypt("张建国 13812345678")) == "张建国 13812345678"


def test_not_an_encrypted_value_and_an_unknown_key_are_refused_by_name():
    ring = crypto.Keyring.from_keys(KNOWN_KEY)
    with pytest.raises(crypto.DecryptionError, match=r"^不是加密值（格式应为 v1:<密钥编号>:<密文>）$"):
        ring.decrypt("13812345678")
    other = crypto.Keyring.from_keys(bytes(32))
    with pytest.raises(crypto.DecryptionError, match=r"^数据由密钥 630dcd29 加密，但当前配置中没有该密钥"):
        other.decrypt(KNOWN_STORED)


def test_key_files_are_private_never_overwritten_and_strictly_decoded(tmp_path):
    path = tmp_path / "junxiu.key"
    master = crypto.write_key_file(path)
    assert len(master) == crypto.KEY_BYTES and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert crypto.read_key_file(path) == master
    assert path.read_text(encoding="ascii").strip() == crypto.encode_key(master)
    with pytest.raises(crypto.CryptoError, match=f"^{path} 已存在，不会覆盖$"):
        crypto.write_key_file(path, KNOWN_KEY)
    with pytest.raises(crypto.MissingKeyError, match=f"^密钥文件 {tmp_path / 'none.key'} 不存在$"):
        crypto.read_key_file(tmp_path / "none.key")
    (tmp_path / "bad.key").write_text(crypto.encode_key(KNOWN_KEY)[:-2] + "!!", encoding="ascii")
    with pytest.raises(crypto.CryptoError, match=f"^密钥文件 {tmp_path / 'bad.key'} 不是有效的 base64 数据密钥$"):
        crypto.read_key_file(tmp_path / "bad.key")
    with pytest.raises(crypto.CryptoError, match=rf"^数据密钥须为 {crypto.KEY_BYTES} 字节（base64 编码）$"):
        crypto.DataKey.from_bytes(b"short")


def test_a_wrong_key_names_the_setting_it_came_from(tmp_path, monkeypatch):
    from core.settings import Settings

    monkeypatch.delenv("JUNXIU_DATA_KEY")
    monkeypatch.setenv("JUNXIU_CONFIG", str(tmp_path / "none.toml"))
    good, short = crypto.encode_key(KNOWN_KEY), "c2hvcnQ="

    def refusal(**settings: str) -> str:
        with pytest.raises(crypto.CryptoError) as error:
            crypto.keyring_from_settings(Settings(**settings))
        return str(error.value)

    assert refusal(data_key="不是密钥") == "data_key（JUNXIU_DATA_KEY） 不是有效的 base64 数据密钥"
    assert refusal(data_key=short) == "data_key（JUNXIU_DATA_KEY） 须为 32 字节的 base64 数据密钥"
    # old keys are counted from one, as an operator reads the list
    assert (
        refusal(data_key=good, old_data_keys=f"{good},{short}")
        == "old_data_keys 第 2 项 须为 32 字节的 base64 数据密钥"
    )
    assert (
        refusal(data_key=good, old_data_keys=f"{short},{good}")
        == "old_data_keys 第 1 项 须为 32 字节的 base64 数据密钥"
    )


def test_a_key_file_that_cannot_be_read_is_refused_by_name(tmp_path):
    with pytest.raises(crypto.CryptoError, match=f"^{re.escape(f'无法读取密钥文件 {tmp_path}')}$"):
        crypto.read_key_file(tmp_path)  # a directory
    garbled = tmp_path / "garbled.key"
    garbled.write_text("数据密钥", encoding="utf-8")  # not ASCII: never a base64 key
    with pytest.raises(crypto.CryptoError, match=f"^{re.escape(f'无法读取密钥文件 {garbled}')}$"):
        crypto.read_key_file(garbled)


def test_a_key_with_a_stray_character_inside_is_refused():
    # lenient base64 would skip the stray character and accept the rest as the key
    good = crypto.encode_key(KNOWN_KEY)
    for stray in ("!", "\n", " "):
        with pytest.raises(crypto.CryptoError, match="^data_key 不是有效的 base64 数据密钥$"):
            crypto.decode_key(good[:20] + stray + good[20:], "data_key")
    assert crypto.decode_key(f"  {good}\n", "data_key") == KNOWN_KEY  # surrounding blanks are not part of it


def test_the_key_id_of_a_stored_value_and_of_plaintext():
    assert crypto.encrypted_key_id(KNOWN_STORED) == "630dcd29"
    assert crypto.encrypted_key_id("13812345678") is None and not crypto.is_encrypted("13812345678")


def test_no_keyring_is_a_clear_error(restore_keyring):
    assert crypto.configured()
    crypto.use(None)
    assert not crypto.configured()
    with pytest.raises(crypto.MissingKeyError, match=f"^{re.escape(crypto.NO_KEY)}$"):
        crypto.encrypt(PHONE)


def test_an_unknown_key_lists_the_keys_configured():
    ring = crypto.Keyring.from_keys(bytes(32), [bytes([1]) * 32])
    configured = ", ".join(sorted(ring.keys))
    assert len(ring.keys) == 2
    with pytest.raises(crypto.DecryptionError) as error:
        ring.decrypt(KNOWN_STORED)
    assert str(error.value) == f"数据由密钥 630dcd29 加密，但当前配置中没有该密钥（已配置：{configured}）"


def test_a_key_file_is_private_from_its_creation(tmp_path, monkeypatch):
    # made private only after the key is in it, the file could be opened (and kept open) meanwhile
    path = tmp_path / "junxiu.key"
    seen = []
    chmod = os.chmod

    def watched(target, mode):
        seen.append((stat.S_IMODE(os.stat(target).st_mode), Path(target).read_text(encoding="ascii")))
        chmod(target, mode)

    monkeypatch.setattr(os, "chmod", watched)
    crypto.write_key_file(path, KNOWN_KEY)
    assert seen == [(0o600, crypto.encode_key(KNOWN_KEY) + "\n")]
