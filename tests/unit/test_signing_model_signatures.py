"""OpenSSF model-signing signatures verified offline with real keys, certificates and files."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import model_signing.signing
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from modelreg.signing import key_id
from modelreg.signing.model_signatures import verify_model_signature


def _private_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _public_pem(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    model = tmp_path / "model"
    (model / "weights").mkdir(parents=True)
    (model / "config.json").write_text('{"hidden": 16}')
    (model / "weights" / "part-0.bin").write_bytes(b"\x00\x01" * 500)
    (model / "tokenizer.txt").write_text("a b c\n")
    return model


@pytest.fixture
def signing_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture
def signed(tmp_path: Path, model_dir: Path, signing_key: ec.EllipticCurvePrivateKey) -> Path:
    key_path = tmp_path / "signer.pem"
    key_path.write_bytes(_private_pem(signing_key))
    sig = tmp_path / "model.sig"
    model_signing.signing.Config().use_elliptic_key_signer(private_key=key_path).sign(  # type: ignore[no-untyped-call]
        model_dir, sig
    )
    return sig


def test_valid_key_signature(
    model_dir: Path, signed: Path, signing_key: ec.EllipticCurvePrivateKey
) -> None:
    verdict = verify_model_signature(model_dir, signed, [_public_pem(signing_key)])
    assert verdict.valid, verdict.reason
    assert verdict.method == "key"
    assert verdict.reason is None
    assert verdict.signed_files == 3
    assert verdict.key_fingerprint == key_id(signing_key.public_key())


def test_valid_when_any_trusted_key_verifies(
    model_dir: Path, signed: Path, signing_key: ec.EllipticCurvePrivateKey
) -> None:
    other = ec.generate_private_key(ec.SECP384R1())
    verdict = verify_model_signature(
        model_dir, signed, [_public_pem(other), _public_pem(signing_key)]
    )
    assert verdict.valid, verdict.reason
    assert verdict.key_fingerprint == key_id(signing_key.public_key())


def test_modified_file_is_invalid(
    model_dir: Path, signed: Path, signing_key: ec.EllipticCurvePrivateKey
) -> None:
    (model_dir / "weights" / "part-0.bin").write_bytes(b"\x00\x02" * 500)
    verdict = verify_model_signature(model_dir, signed, [_public_pem(signing_key)])
    assert not verdict.valid
    assert verdict.reason is not None
    assert "do not match" in verdict.reason
    assert "part-0.bin" in verdict.reason


def test_added_file_is_invalid(
    model_dir: Path, signed: Path, signing_key: ec.EllipticCurvePrivateKey
) -> None:
    (model_dir / "extra.py").write_text("import os\n")
    verdict = verify_model_signature(model_dir, signed, [_public_pem(signing_key)])
    assert not verdict.valid
    assert verdict.reason is not None
    assert "extra.py" in verdict.reason


def test_removed_file_is_invalid(
    model_dir: Path, signed: Path, signing_key: ec.EllipticCurvePrivateKey
) -> None:
    (model_dir / "tokenizer.txt").unlink()
    verdict = verify_model_signature(model_dir, signed, [_public_pem(signing_key)])
    assert not verdict.valid
    assert verdict.reason is not None
    assert "tokenizer.txt" in verdict.reason


def test_wrong_key_is_invalid(model_dir: Path, signed: Path) -> None:
    stranger = ec.generate_private_key(ec.SECP256R1())
    verdict = verify_model_signature(model_dir, signed, [_public_pem(stranger)])
    assert not verdict.valid
    assert verdict.key_fingerprint is None
    assert verdict.reason == "signature was made by a key that is not trusted"


def test_tampered_signature_bytes_are_invalid(
    model_dir: Path, signed: Path, signing_key: ec.EllipticCurvePrivateKey
) -> None:
    bundle = json.loads(signed.read_text())
    sig = bytearray(base64.b64decode(bundle["dsseEnvelope"]["signatures"][0]["sig"]))
    sig[-1] ^= 0x01
    bundle["dsseEnvelope"]["signatures"][0]["sig"] = base64.b64encode(bytes(sig)).decode()
    signed.write_text(json.dumps(bundle))
    verdict = verify_model_signature(model_dir, signed, [_public_pem(signing_key)])
    assert not verdict.valid
    assert verdict.reason is not None


def test_rsa_key_is_skipped_with_note(
    model_dir: Path, signed: Path, signing_key: ec.EllipticCurvePrivateKey
) -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    verdict = verify_model_signature(
        model_dir, signed, [_public_pem(rsa_key), _public_pem(signing_key)]
    )
    assert verdict.valid, verdict.reason
    assert len(verdict.notes) == 1
    assert "ECDSA only" in verdict.notes[0]
    assert "RSA" in verdict.notes[0]


def test_only_rsa_keys_is_invalid(model_dir: Path, signed: Path) -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    verdict = verify_model_signature(model_dir, signed, [_public_pem(rsa_key)])
    assert not verdict.valid
    assert verdict.reason == "no usable trusted ECDSA public keys"
    assert verdict.notes


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        b"\xff\xfe\x00garbage",
        b"[]",
        b'{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json"}',
        b'{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",'
        b' "verificationMaterial": {"publicKey": {"hint": "x"}}, "dsseEnvelope": {}}',
        b'{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",'
        b' "verificationMaterial": {"publicKey": {}}, "dsseEnvelope":'
        b' {"payload": "!!", "payloadType": "x", "signatures": []}}',
    ],
)
def test_garbage_signature_is_invalid_without_exception(
    model_dir: Path, tmp_path: Path, signing_key: ec.EllipticCurvePrivateKey, content: bytes
) -> None:
    sig = tmp_path / "garbage.sig"
    sig.write_bytes(content)
    verdict = verify_model_signature(model_dir, sig, [_public_pem(signing_key)])
    assert not verdict.valid
    assert verdict.reason


def test_missing_signature_file(model_dir: Path, tmp_path: Path) -> None:
    verdict = verify_model_signature(model_dir, tmp_path / "absent.sig", [])
    assert not verdict.valid
    assert verdict.reason is not None
    assert "cannot be read" in verdict.reason


# --- certificate-based signatures -------------------------------------------------------------


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _make_ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("modelreg test CA"))
        .issuer_name(_name("modelreg test CA"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=2))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _make_leaf(
    ca_key: ec.EllipticCurvePrivateKey, ca_cert: x509.Certificate, email: str
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("ml-publisher"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=10))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture
def ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    return _make_ca()


@pytest.fixture
def cert_signed(
    tmp_path: Path, model_dir: Path, ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate]
) -> Path:
    ca_key, ca_cert = ca
    leaf_key, leaf_cert = _make_leaf(ca_key, ca_cert, "publisher@example.com")
    (tmp_path / "leaf.key").write_bytes(_private_pem(leaf_key))
    (tmp_path / "leaf.pem").write_bytes(_pem(leaf_cert))
    (tmp_path / "chain.pem").write_bytes(_pem(ca_cert))
    sig = tmp_path / "model-cert.sig"
    model_signing.signing.Config().use_certificate_signer(  # type: ignore[no-untyped-call]
        private_key=tmp_path / "leaf.key",
        signing_certificate=tmp_path / "leaf.pem",
        certificate_chain=[tmp_path / "chain.pem"],
    ).sign(model_dir, sig)
    return sig


def test_certificate_signature_valid_with_trusted_ca_and_identity(
    model_dir: Path,
    cert_signed: Path,
    ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate],
) -> None:
    verdict = verify_model_signature(
        model_dir,
        cert_signed,
        [],
        trusted_ca_certificates=[_pem(ca[1])],
        trusted_identities=["publisher@example.com"],
    )
    assert verdict.valid, verdict.reason
    assert verdict.method == "certificate"
    assert verdict.signer_identity == "publisher@example.com"
    assert verdict.signed_files == 3
    assert verdict.key_fingerprint is not None


def test_certificate_signature_untrusted_identity(
    model_dir: Path,
    cert_signed: Path,
    ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate],
) -> None:
    verdict = verify_model_signature(
        model_dir,
        cert_signed,
        [],
        trusted_ca_certificates=[_pem(ca[1])],
        trusted_identities=["someone-else@example.com"],
    )
    assert not verdict.valid
    assert verdict.reason is not None
    assert "publisher@example.com" in verdict.reason


def test_certificate_signature_untrusted_ca(model_dir: Path, cert_signed: Path) -> None:
    _, other_ca = _make_ca()
    verdict = verify_model_signature(
        model_dir,
        cert_signed,
        [],
        trusted_ca_certificates=[_pem(other_ca)],
        trusted_identities=["publisher@example.com"],
    )
    assert not verdict.valid
    assert verdict.method == "certificate"
    assert verdict.reason is not None
    assert "trusted CA" in verdict.reason


def test_certificate_signature_needs_configured_ca(model_dir: Path, cert_signed: Path) -> None:
    verdict = verify_model_signature(
        model_dir, cert_signed, [], trusted_identities=["publisher@example.com"]
    )
    assert not verdict.valid
    assert verdict.reason == "no trusted CA certificates configured"


def test_certificate_signature_tampered_model(
    model_dir: Path,
    cert_signed: Path,
    ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate],
) -> None:
    (model_dir / "config.json").write_text('{"hidden": 17}')
    verdict = verify_model_signature(
        model_dir,
        cert_signed,
        [],
        trusted_ca_certificates=[_pem(ca[1])],
        trusted_identities=["publisher@example.com"],
    )
    assert not verdict.valid
    assert verdict.reason is not None
    assert "config.json" in verdict.reason
