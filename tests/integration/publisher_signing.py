"""Test helper: sign a version's files as a publisher would, with model-signing and a fresh key."""

from __future__ import annotations

import tempfile
from pathlib import Path

import model_signing.signing
from api_support import Api
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from modelreg.domain.access import Role
from modelreg.signing import key_id


def publisher_bundle(key: ec.EllipticCurvePrivateKey, files: dict[str, bytes]) -> bytes:
    """A real model-signing bundle over `files`, made the way `model_signing sign key` makes it."""
    with tempfile.TemporaryDirectory(prefix="modelreg-test-sign-") as tmp:
        root = Path(tmp) / "model"
        for path, data in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
        key_file = Path(tmp) / "signer.pem"
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        sig = Path(tmp) / "model.sig"
        model_signing.signing.Config().use_elliptic_key_signer(private_key=key_file).sign(  # type: ignore[no-untyped-call]
            root, sig
        )
        return sig.read_bytes()


def publish_signature(
    api: Api, owner: dict[str, str], version_url: str, files: dict[str, bytes]
) -> str:
    """Trust a fresh publisher key (as a security architect) and upload its signature of `files`.

    Returns the trusted signer's name. Call before the version's scans run.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    name = f"publisher-{key_id(key.public_key())[:12]}"
    security = api.user(f"security-{name}", Role.SECURITY_ARCHITECT)
    added = api.http.post(
        "/api/v1/security/trusted-signers",
        json={"name": name, "kind": "key", "public_key_pem": pem},
        headers=security,
    )
    assert added.status_code == 201, added.text
    uploaded = api.http.put(
        version_url + "/signature", content=publisher_bundle(key, files), headers=owner
    )
    assert uploaded.status_code == 201, uploaded.text
    return name
