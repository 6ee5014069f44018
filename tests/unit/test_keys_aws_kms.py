"""AwsKmsProvider against moto's in-process KMS (the stand-in for AWS; no real KMS is called)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from pydantic import ValidationError

from modelreg.config import Settings
from modelreg.domain.errors import Conflict, IntegrityFailure, InvalidInput, Unavailable
from modelreg.security.aws_kms import AwsKmsProvider
from modelreg.security.envelope import decode_key_record
from modelreg.security.keys import WrappedKey
from modelreg.storage.blobs import LocalEncryptedBlobStore
from modelreg.wiring import build_blob_store, build_key_provider

REGION = "eu-west-1"
DATA_KEY = bytes(range(32))
CONTEXT = hashlib.sha256(b"artifact").digest()


@pytest.fixture
def kms(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A moto KMS with fake credentials, so nothing can reach AWS."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        yield boto3.client("kms", region_name=REGION)


def new_key(kms: Any, **kwargs: Any) -> str:
    arn: str = kms.create_key(Description="modelreg test KEK", **kwargs)["KeyMetadata"]["Arn"]
    return arn


def test_wrap_round_trip_records_the_key_arn(kms: Any) -> None:
    arn = new_key(kms)
    kms.create_alias(AliasName="alias/modelreg", TargetKeyId=arn)
    provider = AwsKmsProvider("alias/modelreg", region=REGION)

    wrapped = provider.wrap(DATA_KEY, CONTEXT)

    assert provider.current_kek_id() == wrapped.kek_id == arn
    assert DATA_KEY not in wrapped.ciphertext
    assert provider.unwrap(wrapped, CONTEXT) == DATA_KEY
    provider.check()


def test_unwrap_refuses_another_context_and_tampering(kms: Any) -> None:
    provider = AwsKmsProvider(new_key(kms), region=REGION)
    wrapped = provider.wrap(DATA_KEY, CONTEXT)
    flipped = bytearray(wrapped.ciphertext)
    flipped[-5] ^= 1

    with pytest.raises(IntegrityFailure, match="another blob"):
        provider.unwrap(wrapped, hashlib.sha256(b"other").digest())
    with pytest.raises(IntegrityFailure):
        provider.unwrap(WrappedKey(wrapped.kek_id, bytes(flipped)), CONTEXT)
    # Real KMS answers IncorrectKeyException here; moto answers AccessDenied (Unavailable).
    with pytest.raises((IntegrityFailure, Unavailable)):
        provider.unwrap(WrappedKey(new_key(kms), wrapped.ciphertext), CONTEXT)


def test_rotate_to_another_key_and_rewrap_inside_kms(kms: Any) -> None:
    old, new = new_key(kms), new_key(kms)
    provider = AwsKmsProvider(old, region=REGION)
    wrapped = provider.wrap(DATA_KEY, CONTEXT)

    assert provider.rotate(new) == new
    rewrapped = provider.rewrap(wrapped, CONTEXT)

    assert (provider.current_kek_id(), rewrapped.kek_id) == (new, new)
    assert provider.unwrap(rewrapped, CONTEXT) == DATA_KEY
    assert provider.unwrap(wrapped, CONTEXT) == DATA_KEY  # the old key still unwraps
    assert provider.kek_ids() == [new]
    with pytest.raises(Conflict, match="current"):
        provider.retire(new)
    provider.retire(old)  # nothing to delete locally: KMS keys are managed in KMS
    with pytest.raises(IntegrityFailure):
        provider.rewrap(wrapped, hashlib.sha256(b"other").digest())


def test_rotate_without_target_keeps_the_configured_key(kms: Any) -> None:
    arn = new_key(kms)

    assert AwsKmsProvider(arn, region=REGION).rotate() == arn


def test_rotate_refuses_keys_that_cannot_wrap(kms: Any) -> None:
    provider = AwsKmsProvider(new_key(kms), region=REGION)
    disabled = new_key(kms)
    kms.disable_key(KeyId=disabled.rsplit("/", 1)[1])  # moto's disable_key takes no ARN
    signing = new_key(kms, KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P256")

    with pytest.raises(InvalidInput, match="state is Disabled"):
        provider.rotate(disabled)
    with pytest.raises(InvalidInput, match="not a symmetric encryption key"):
        provider.rotate(signing)
    with pytest.raises(Unavailable, match="NotFoundException"):
        provider.rotate("arn:aws:kms:eu-west-1:123456789012:key/does-not-exist")


def test_check_fails_cleanly_on_a_disabled_key(kms: Any) -> None:
    # Real KMS also refuses Encrypt with DisabledException (mapped to Unavailable); moto does
    # not model that, so only the health check is tested here.
    arn = new_key(kms)
    provider = AwsKmsProvider(arn, region=REGION)
    kms.disable_key(KeyId=arn.rsplit("/", 1)[1])

    with pytest.raises(Unavailable, match="Disabled"):
        provider.check()


def test_blob_store_rotation_through_kms(kms: Any, tmp_path: Path) -> None:
    old, new = new_key(kms), new_key(kms)
    settings = Settings(home=tmp_path, key_provider="aws-kms", kms_key_id=old, aws_region=REGION)
    keys = build_key_provider(settings)
    store = build_blob_store(settings, keys)
    assert isinstance(keys, AwsKmsProvider)
    assert isinstance(store, LocalEncryptedBlobStore)
    contents = [b"weights %d" % n for n in range(5)]
    addresses = []
    for data in contents:
        with store.writer() as writer:
            writer.write(data)
            addresses.append(writer.commit().sha256)
    assert store.kek_usage().by_kek == {old: 5}

    keys.rotate(new)
    result = store.rewrap()

    assert (result.rewrapped, result.failed) == ({old: 5}, ())
    assert store.kek_usage().by_kek == {new: 5}
    for sha, data in zip(addresses, contents, strict=True):
        assert b"".join(store.open_read(sha)) == data
        record = tmp_path / "artifacts" / "blobs" / sha[:2] / sha[2:4] / f"{sha}.key"
        assert decode_key_record(record.read_bytes()).kek_id == new
    store.retire_kek(old)


def test_unreachable_kms_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    # No moto here: a closed local port stands for a KMS endpoint that cannot be reached.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    provider = AwsKmsProvider("alias/any", region=REGION, endpoint_url="http://127.0.0.1:9")

    with pytest.raises(Unavailable, match="KMS describe_key failed"):
        provider.check()


def test_settings_need_a_kms_key_for_the_kms_provider() -> None:
    with pytest.raises(ValidationError, match="MODELREG_KMS_KEY_ID"):
        Settings(key_provider="aws-kms")
    assert Settings().key_provider == "local"
