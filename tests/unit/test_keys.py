"""LocalKeyfileProvider: keyfile creation and permissions, wrapping with context, rotation."""

from __future__ import annotations

import base64
import json
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from modelreg.domain.errors import Conflict, IntegrityFailure, InvalidInput, NotFound, Unavailable
from modelreg.security.keys import LocalKeyfileProvider, WrappedKey

DATA_KEY = bytes(range(32))
CONTEXT = bytes(32)  # the blob store passes a content address


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_creates_owner_only_keyfile_and_directory(tmp_path: Path) -> None:
    path = tmp_path / "secrets" / "kek.json"
    provider = LocalKeyfileProvider(path)

    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    content = json.loads(path.read_text())
    assert content["current"] == provider.current_kek_id()
    assert list(content["keys"]) == [provider.current_kek_id()]
    assert len(base64.b64decode(content["keys"][provider.current_kek_id()])) == 32


def test_existing_keyfile_is_reused(tmp_path: Path) -> None:
    path = tmp_path / "kek.json"
    first = LocalKeyfileProvider(path)
    before = path.read_bytes()

    second = LocalKeyfileProvider(path)

    assert second.current_kek_id() == first.current_kek_id()
    assert path.read_bytes() == before
    assert second.unwrap(first.wrap(DATA_KEY, CONTEXT), CONTEXT) == DATA_KEY


def test_wrap_round_trip_uses_fresh_nonces(tmp_path: Path) -> None:
    provider = LocalKeyfileProvider(tmp_path / "kek.json")

    one, two = provider.wrap(DATA_KEY, CONTEXT), provider.wrap(DATA_KEY, CONTEXT)

    assert one.kek_id == two.kek_id == provider.current_kek_id()
    assert len(one.ciphertext) == 12 + 32 + 16
    assert one.ciphertext != two.ciphertext
    assert DATA_KEY not in one.ciphertext
    assert provider.unwrap(one, CONTEXT) == provider.unwrap(two, CONTEXT) == DATA_KEY


def test_unwrap_needs_the_same_context(tmp_path: Path) -> None:
    provider = LocalKeyfileProvider(tmp_path / "kek.json")
    wrapped = provider.wrap(DATA_KEY, b"\x01" * 32)

    with pytest.raises(IntegrityFailure, match="another blob"):
        provider.unwrap(wrapped, b"\x02" * 32)


@pytest.mark.parametrize("bad_mode", [0o644, 0o640, 0o604, 0o660])
def test_refuses_keyfile_accessible_by_others(tmp_path: Path, bad_mode: int) -> None:
    path = tmp_path / "kek.json"
    LocalKeyfileProvider(path)
    path.chmod(bad_mode)

    with pytest.raises(Unavailable, match="chmod 600"):
        LocalKeyfileProvider(path)


def test_check_fails_when_keyfile_becomes_readable_or_vanishes(tmp_path: Path) -> None:
    path = tmp_path / "kek.json"
    provider = LocalKeyfileProvider(path)
    provider.check()

    path.chmod(0o644)
    with pytest.raises(Unavailable):
        provider.check()

    path.unlink()
    with pytest.raises(Unavailable):
        provider.check()


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[]",
        b'{"keys": {}}',
        b'{"current": "a", "keys": {"b": "' + base64.b64encode(bytes(32)) + b'"}}',
        b'{"current": "a", "keys": {"a": "' + base64.b64encode(bytes(16)) + b'"}}',
        b'{"current": "a", "keys": {"a": "%%%"}}',
        b'{"current": ["a"], "keys": {"a": "' + base64.b64encode(bytes(32)) + b'"}}',
    ],
)
def test_rejects_malformed_keyfile(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "kek.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)

    with pytest.raises(Unavailable, match="keyfile"):
        LocalKeyfileProvider(path)


def test_rotate_keeps_old_keys_and_rewrites_the_keyfile_atomically(tmp_path: Path) -> None:
    path = tmp_path / "kek.json"
    provider = LocalKeyfileProvider(path)
    old_id = provider.current_kek_id()
    old_wrapped = provider.wrap(DATA_KEY, CONTEXT)

    new_id = provider.rotate()

    assert new_id != old_id
    assert provider.current_kek_id() == new_id
    assert provider.kek_ids() == [old_id, new_id]
    assert provider.wrap(DATA_KEY, CONTEXT).kek_id == new_id
    assert provider.unwrap(old_wrapped, CONTEXT) == DATA_KEY
    assert mode(path) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kek.json"]  # no temp or lock file
    reloaded = LocalKeyfileProvider(path)
    assert reloaded.current_kek_id() == new_id
    assert reloaded.unwrap(old_wrapped, CONTEXT) == DATA_KEY


def test_rewrap_moves_a_data_key_to_the_current_kek(tmp_path: Path) -> None:
    provider = LocalKeyfileProvider(tmp_path / "kek.json")
    wrapped = provider.wrap(DATA_KEY, CONTEXT)
    new_id = provider.rotate()

    rewrapped = provider.rewrap(wrapped, CONTEXT)

    assert rewrapped.kek_id == new_id
    assert provider.unwrap(rewrapped, CONTEXT) == DATA_KEY
    with pytest.raises(IntegrityFailure):
        provider.rewrap(wrapped, b"\x09" * 32)  # the old wrap is verified first


def test_rotate_refuses_a_target(tmp_path: Path) -> None:
    provider = LocalKeyfileProvider(tmp_path / "kek.json")

    with pytest.raises(InvalidInput, match="KMS"):
        provider.rotate("arn:aws:kms:eu-west-1:111122223333:key/x")


def test_retire(tmp_path: Path) -> None:
    path = tmp_path / "kek.json"
    provider = LocalKeyfileProvider(path)
    old_id = provider.current_kek_id()
    wrapped = provider.wrap(DATA_KEY, CONTEXT)
    new_id = provider.rotate()

    with pytest.raises(Conflict, match="current"):
        provider.retire(new_id)
    with pytest.raises(NotFound):
        provider.retire("local-unknown")
    provider.retire(old_id)

    assert provider.kek_ids() == [new_id]
    assert json.loads(path.read_text())["keys"].keys() == {new_id}
    assert mode(path) == 0o600
    with pytest.raises(IntegrityFailure, match="not in keyfile"):
        provider.unwrap(wrapped, CONTEXT)


def test_other_processes_wrap_under_the_rotated_kek(tmp_path: Path) -> None:
    """A server that loaded the keyfile earlier must not keep wrapping under the old KEK."""
    path = tmp_path / "kek.json"
    server = LocalKeyfileProvider(path)
    cli = LocalKeyfileProvider(path)

    new_id = cli.rotate()

    assert server.current_kek_id() == new_id
    assert server.wrap(DATA_KEY, CONTEXT).kek_id == new_id


def test_concurrent_rotations_lose_no_kek(tmp_path: Path) -> None:
    path = tmp_path / "kek.json"
    LocalKeyfileProvider(path)
    providers = [LocalKeyfileProvider(path) for _ in range(4)]

    with ThreadPoolExecutor(4) as pool:
        created = list(pool.map(lambda p: [p.rotate() for _ in range(5)], providers))

    keyring = LocalKeyfileProvider(path).kek_ids()
    assert {kek for batch in created for kek in batch} <= set(keyring)
    assert len(keyring) == 1 + 20


def test_unwrap_picks_up_keys_added_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "kek.json"
    server = LocalKeyfileProvider(path)
    cli = LocalKeyfileProvider(path)
    cli.rotate()

    assert server.unwrap(cli.wrap(DATA_KEY, CONTEXT), CONTEXT) == DATA_KEY


def test_unwrap_unknown_kek_fails(tmp_path: Path) -> None:
    provider = LocalKeyfileProvider(tmp_path / "kek.json")
    wrapped = provider.wrap(DATA_KEY, CONTEXT)

    with pytest.raises(IntegrityFailure, match="local-unknown"):
        provider.unwrap(WrappedKey("local-unknown", wrapped.ciphertext), CONTEXT)


def test_unwrap_with_another_keyfile_fails(tmp_path: Path) -> None:
    wrapped = LocalKeyfileProvider(tmp_path / "a.json").wrap(DATA_KEY, CONTEXT)

    with pytest.raises(IntegrityFailure):
        LocalKeyfileProvider(tmp_path / "b.json").unwrap(wrapped, CONTEXT)


def test_unwrap_detects_tampering_and_relabelling(tmp_path: Path) -> None:
    provider = LocalKeyfileProvider(tmp_path / "kek.json")
    old_id = provider.current_kek_id()
    wrapped = provider.wrap(DATA_KEY, CONTEXT)
    new_id = provider.rotate()
    flipped = bytearray(wrapped.ciphertext)
    flipped[20] ^= 1

    with pytest.raises(IntegrityFailure):
        provider.unwrap(WrappedKey(old_id, bytes(flipped)), CONTEXT)
    with pytest.raises(IntegrityFailure):
        provider.unwrap(WrappedKey(old_id, wrapped.ciphertext[:27]), CONTEXT)
    # The kek_id is associated data: the same ciphertext under another id does not verify.
    with pytest.raises(IntegrityFailure):
        provider.unwrap(WrappedKey(new_id, wrapped.ciphertext), CONTEXT)
