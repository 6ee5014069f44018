"""The registry's manifest signature is what model-signing itself writes, and verifies both ways."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import model_signing.signing
import model_signing.verifying
import pytest

from modelreg.signing import RegistryKey
from modelreg.signing.registry_signatures import sign_manifest, verify_manifest_signature

FILES = {"b.bin": b"\x00\x01", "a/z.txt": b"zz", "a.b/c": b"", "weights/é.pt": b"w" * 99}


def _manifest(files: dict[str, bytes]) -> list[dict[str, Any]]:
    return [
        {"path": p, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
        for p, d in sorted(files.items())
    ]


def _payload(bundle: str) -> dict[str, Any]:
    raw = base64.b64decode(json.loads(bundle)["dsseEnvelope"]["payload"])
    statement: dict[str, Any] = json.loads(raw)
    return statement


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    root = tmp_path / "model"
    for path, data in FILES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    return root


def test_matches_model_signing_output_and_verifies_with_it(model_dir: Path, tmp_path: Path) -> None:
    key = RegistryKey.generate()
    key.save(tmp_path / "registry.pem")
    (tmp_path / "registry.pub").write_bytes(key.public_key_pem())
    reference = tmp_path / "reference.sig"
    model_signing.signing.Config().use_elliptic_key_signer(  # type: ignore[no-untyped-call]
        private_key=tmp_path / "registry.pem"
    ).set_hashing_config(
        model_signing.hashing.Config().set_ignored_paths(paths=[], ignore_git_paths=False)
    ).sign(model_dir, reference)
    ours = sign_manifest(key, "model", _manifest(FILES))

    theirs = json.loads(reference.read_text())
    mine = json.loads(ours)
    # Same bundle and statement; only the ECDSA signature (randomised) and payload key order
    # (model-signing's protobuf JSON does not fix it) may differ.
    assert _payload(ours) == _payload(reference.read_text())
    for bundle in (theirs, mine):
        bundle["dsseEnvelope"]["payload"] = bundle["dsseEnvelope"]["signatures"][0]["sig"] = ""
    assert mine == theirs
    assert base64.b64decode(json.loads(ours)["dsseEnvelope"]["payload"]).startswith(b'{\n  "_type"')

    signature = tmp_path / "ours.sig"
    signature.write_text(ours)
    model_signing.verifying.Config().use_elliptic_key_verifier(  # type: ignore[no-untyped-call]
        public_key=tmp_path / "registry.pub"
    ).verify(model_dir, signature)
    # The library's own bundle passes our manifest-only check too.
    verdict = verify_manifest_signature(
        reference.read_text(), key.public_key_pem(), "model", _manifest(FILES)
    )
    assert verdict.valid, verdict.reason


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("file", "differ from the manifest at b.bin"),
        ("extra", "differ from the manifest at new.bin"),
        ("key", "key hint"),
        ("subject", "names 'fraud/x@1.0.0'"),
        ("payload", "does not verify"),
    ],
)
def test_manifest_check_refuses_what_was_not_signed(change: str, reason: str) -> None:
    key = RegistryKey.generate()
    files = _manifest(FILES)
    bundle = sign_manifest(key, "fraud/x@1.0.0", files)
    public, subject = key.public_key_pem(), "fraud/x@1.0.0"
    if change == "file":
        files = [{**f, "sha256": "0" * 64} if f["path"] == "b.bin" else f for f in files]
    elif change == "extra":
        files = [*files, {"path": "new.bin", "size": 1, "sha256": "1" * 64}]
    elif change == "key":
        public = RegistryKey.generate().public_key_pem()
    elif change == "subject":
        subject = "fraud/x@2.0.0"
    else:
        doc = json.loads(bundle)
        statement = _payload(bundle)
        statement["predicate"]["resources"].pop()
        doc["dsseEnvelope"]["payload"] = base64.b64encode(json.dumps(statement).encode()).decode()
        bundle = json.dumps(doc)
    verdict = verify_manifest_signature(bundle, public, subject, files)
    assert not verdict.valid
    assert reason in (verdict.reason or "")
