"""The signature scanner with real keys, certificates, model-signing bundles and files."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import model_signing.signing
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from modelreg.domain.security_findings import SIGNATURE
from modelreg.services.signature_check import TrustedSigner, check_signature
from modelreg.signing import key_id


def _private_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _public_pem(key: ec.EllipticCurvePrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@pytest.fixture
def files(tmp_path: Path) -> Path:
    root = tmp_path / "files"
    (root / "weights").mkdir(parents=True)
    (root / "config.json").write_text('{"layers": 2}')
    (root / "weights" / "model.bin").write_bytes(b"\x01\x02" * 1000)
    return root


@pytest.fixture
def key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _sign(tmp_path: Path, files: Path, key: ec.EllipticCurvePrivateKey) -> str:
    key_path = tmp_path / "signer.pem"
    key_path.write_bytes(_private_pem(key))
    sig = tmp_path / "model.sig"
    model_signing.signing.Config().use_elliptic_key_signer(private_key=key_path).sign(  # type: ignore[no-untyped-call]
        files, sig
    )
    return sig.read_text()


@pytest.fixture
def bundle(tmp_path: Path, files: Path, key: ec.EllipticCurvePrivateKey) -> str:
    return _sign(tmp_path, files, key)


def _key_signer(name: str, key: ec.EllipticCurvePrivateKey) -> TrustedSigner:
    return TrustedSigner(name=name, kind="key", public_key_pem=_public_pem(key))


def test_valid_signature_names_the_signer(
    files: Path, bundle: str, key: ec.EllipticCurvePrivateKey
) -> None:
    other = ec.generate_private_key(ec.SECP384R1())
    result = check_signature(
        files, bundle, [_key_signer("other", other), _key_signer("release", key)]
    )
    assert result.scanner == SIGNATURE
    assert result.status == "completed"
    assert result.findings == []
    assert result.details["status"] == "verified"
    assert result.details["signer"] == "release"
    assert result.details["method"] == "key"
    assert result.details["key_fingerprint"] == key_id(key.public_key())
    assert result.details["signed_files"] == 2
    assert result.details["reason"] is None
    assert len(result.details["bundle_sha256"]) == 64


def test_tampered_file_is_an_invalid_critical_finding(
    files: Path, bundle: str, key: ec.EllipticCurvePrivateKey
) -> None:
    (files / "weights" / "model.bin").write_bytes(b"\x01\x03" * 1000)
    result = check_signature(files, bundle, [_key_signer("release", key)])
    assert result.details["status"] == "invalid"
    assert "model.bin" in result.details["reason"]
    [finding] = result.findings
    assert finding["rule"] == "signature-invalid"
    assert finding["severity"] == "critical"
    assert finding["category"] == "signature"
    assert finding["scanner"] == SIGNATURE


def test_added_file_is_invalid(files: Path, bundle: str, key: ec.EllipticCurvePrivateKey) -> None:
    (files / "extra.py").write_text("import os\n")
    result = check_signature(files, bundle, [_key_signer("release", key)])
    assert result.details["status"] == "invalid"
    assert "extra.py" in result.details["reason"]


def test_altered_signature_bytes_are_invalid(
    files: Path, bundle: str, key: ec.EllipticCurvePrivateKey
) -> None:
    document = json.loads(bundle)
    sig = bytearray(base64.b64decode(document["dsseEnvelope"]["signatures"][0]["sig"]))
    sig[-1] ^= 0x01
    document["dsseEnvelope"]["signatures"][0]["sig"] = base64.b64encode(bytes(sig)).decode()
    result = check_signature(files, json.dumps(document), [_key_signer("release", key)])
    assert result.details["status"] == "invalid"
    assert [f["rule"] for f in result.findings] == ["signature-invalid"]


def test_unknown_key_is_untrusted_high(files: Path, bundle: str) -> None:
    stranger = ec.generate_private_key(ec.SECP256R1())
    result = check_signature(files, bundle, [_key_signer("stranger", stranger)])
    assert result.details["status"] == "untrusted"
    assert result.details["signer"] == ""
    [finding] = result.findings
    assert finding["rule"] == "signature-untrusted"
    assert finding["severity"] == "high"


def test_no_trusted_signers_is_untrusted(files: Path, bundle: str) -> None:
    result = check_signature(files, bundle, [])
    assert result.details["status"] == "untrusted"
    assert [f["rule"] for f in result.findings] == ["signature-untrusted"]


def test_missing_bundle_has_no_finding(files: Path, key: ec.EllipticCurvePrivateKey) -> None:
    result = check_signature(files, None, [_key_signer("release", key)])
    assert result.details["status"] == "missing"
    assert result.details["bundle_sha256"] is None
    assert result.findings == []


@pytest.mark.parametrize(
    "garbage",
    [
        "not json",
        "[]",
        "{}",
        '{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",'
        ' "verificationMaterial": {"publicKey": {"hint": "00"}}, "dsseEnvelope": {}}',
        '{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",'
        ' "verificationMaterial": {"publicKey": 7}, "dsseEnvelope": {}}',
        '{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",'
        ' "verificationMaterial": {"x509CertificateChain": {"certificates": [{"rawBytes": "!"}]}},'
        ' "dsseEnvelope": {}}',
    ],
)
def test_garbage_bundle_never_raises(
    files: Path, key: ec.EllipticCurvePrivateKey, garbage: str
) -> None:
    result = check_signature(files, garbage, [_key_signer("release", key)])
    assert result.details["status"] in {"invalid", "untrusted"}
    assert result.details["reason"]
    assert len(result.findings) == 1


def test_signature_file_is_not_written_into_the_files(
    files: Path, bundle: str, key: ec.EllipticCurvePrivateKey
) -> None:
    before = sorted(p.relative_to(files) for p in files.rglob("*"))
    check_signature(files, bundle, [_key_signer("release", key)])
    assert sorted(p.relative_to(files) for p in files.rglob("*")) == before


# --- certificates -----------------------------------------------------------------------------


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[ec.EllipticCurvePrivateKey, x509.Certificate] | None,
    email: str | None = None,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer[1].subject if issuer else _name(subject))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=10))
        .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=issuer is not None,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=issuer is None,
                crl_sign=issuer is None,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if email:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
        )
    return builder.sign(issuer[0] if issuer else key, hashes.SHA256())


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture
def ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    return key, _certificate("test CA", key, None)


@pytest.fixture
def cert_bundle(
    tmp_path: Path, files: Path, ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate]
) -> str:
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = _certificate("publisher", leaf_key, ca, "publisher@example.com")
    (tmp_path / "leaf.key").write_bytes(_private_pem(leaf_key))
    (tmp_path / "leaf.pem").write_text(_pem(leaf))
    (tmp_path / "chain.pem").write_text(_pem(ca[1]))
    sig = tmp_path / "model-cert.sig"
    model_signing.signing.Config().use_certificate_signer(  # type: ignore[no-untyped-call]
        private_key=tmp_path / "leaf.key",
        signing_certificate=tmp_path / "leaf.pem",
        certificate_chain=[tmp_path / "chain.pem"],
    ).sign(files, sig)
    return sig.read_text()


def _cert_signer(name: str, ca_pem: str, identity: str) -> TrustedSigner:
    return TrustedSigner(name=name, kind="certificate", ca_pem=ca_pem, identity=identity)


def test_certificate_signature_verified(
    files: Path, cert_bundle: str, ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate]
) -> None:
    result = check_signature(
        files, cert_bundle, [_cert_signer("publishers", _pem(ca[1]), "publisher@example.com")]
    )
    assert result.details["status"] == "verified", result.details
    assert result.details["signer"] == "publishers"
    assert result.details["method"] == "certificate"
    assert result.details["identity"] == "publisher@example.com"


def test_certificate_identity_not_trusted(
    files: Path, cert_bundle: str, ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate]
) -> None:
    result = check_signature(
        files, cert_bundle, [_cert_signer("others", _pem(ca[1]), "someone@example.com")]
    )
    assert result.details["status"] == "untrusted"
    assert "publisher@example.com" in result.details["reason"]


def test_certificate_from_another_ca_is_untrusted(files: Path, cert_bundle: str) -> None:
    other_key = ec.generate_private_key(ec.SECP256R1())
    other_ca = _certificate("other CA", other_key, None)
    result = check_signature(
        files, cert_bundle, [_cert_signer("imposter", _pem(other_ca), "publisher@example.com")]
    )
    assert result.details["status"] == "untrusted", result.details
    assert [f["rule"] for f in result.findings] == ["signature-untrusted"]


def test_certificate_signature_over_tampered_file_is_invalid(
    files: Path, cert_bundle: str, ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate]
) -> None:
    (files / "config.json").write_text('{"layers": 3}')
    result = check_signature(
        files, cert_bundle, [_cert_signer("publishers", _pem(ca[1]), "publisher@example.com")]
    )
    assert result.details["status"] == "invalid"
    assert [f["severity"] for f in result.findings] == ["critical"]


def test_a_file_model_signing_skipped_is_not_covered(
    tmp_path: Path, files: Path, key: ec.EllipticCurvePrivateKey
) -> None:
    # model-signing leaves git files out of the signature and out of its own verification.
    (files / ".gitattributes").write_text("*.bin filter=lfs\n")
    bundle = _sign(tmp_path, files, key)
    result = check_signature(files, bundle, [_key_signer("release", key)])
    assert result.details["status"] == "invalid"
    assert ".gitattributes" in result.details["reason"]
    assert [f["rule"] for f in result.findings] == ["signature-invalid"]
