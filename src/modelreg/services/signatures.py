"""Trusted signers, uploaded model signatures, and a version's verification summary.

Security architects decide whose model-signing signatures count (trusted signers). Owners upload
a signature bundle with a version; the signature scanner (`signature_check`) verifies it against
the active signers when the version is sealed, and its result feeds the policy input. The
verification summary adds the registry's own attestations, re-verified on every read.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any, Literal

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from sqlalchemy import select
from sqlalchemy.orm import Session

from modelreg.domain.access import Principal
from modelreg.domain.errors import (
    AlreadyExists,
    NotFound,
    PayloadTooLarge,
    WrongState,
    invalid,
)
from modelreg.domain.ids import new_id
from modelreg.domain.manifest import manifest_digest
from modelreg.domain.security_findings import SIGNATURE, StoredResult
from modelreg.schemas.common import has_nul
from modelreg.schemas.signatures import (
    AttestationKeyRead,
    AttestationRead,
    RegistrySignatureRead,
    SignatureCheckRead,
    SignatureRead,
    TrustedSignerCreate,
    TrustedSignerRead,
    VerificationRead,
)
from modelreg.services.attestations import (
    RegistryKeySource,
    check_attestation,
    registry_signature,
    registry_signature_problem,
)
from modelreg.services.catalog import load_model, require_change, resolve_version, version_subject
from modelreg.services.jobs import SIGNATURE_SCAN, enqueue
from modelreg.services.signature_check import (
    MISSING,
    STATUSES,
    UNTRUSTED,
    VERIFIED,
    TrustedSigner,
)
from modelreg.services.uow import Transactions, UnitOfWork
from modelreg.services.versions import manifest_of
from modelreg.signing import key_id
from modelreg.storage.tables import (
    AttestationRow,
    ModelRow,
    ScanResultRow,
    TrustedSignerRow,
    VersionRow,
    VersionSignatureRow,
)
from modelreg.storage.types import utcnow

MAX_BUNDLE_BYTES = 1 << 20
BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json"
# model-signing accepts exactly these curves (OpenSSL names, and how people call them).
CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
_KEY_KINDS: tuple[tuple[type[Any], str], ...] = (
    (rsa.RSAPublicKey, "RSA"),
    (dsa.DSAPublicKey, "DSA"),
    (ed25519.Ed25519PublicKey, "Ed25519"),
    (ed448.Ed448PublicKey, "Ed448"),
)


# --- validation -------------------------------------------------------------------------------


def _ecdsa_key(pem: str) -> ec.EllipticCurvePublicKey:
    """Parse a trusted key, refusing everything model-signing cannot verify with."""
    try:
        key = serialization.load_pem_public_key(pem.encode("utf-8"))
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise invalid(
            "public_key_pem",
            "is not a PEM public key: send the '-----BEGIN PUBLIC KEY-----' block "
            "(e.g. from `openssl ec -in signer.pem -pubout`)",
        ) from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        kind = next((label for cls, label in _KEY_KINDS if isinstance(key, cls)), "this kind of")
        raise invalid(
            "public_key_pem",
            f"{kind} keys are not supported: model-signing signs and verifies only with ECDSA "
            f"keys on {', '.join(CURVES.values())}",
        )
    if key.curve.name not in CURVES:
        raise invalid(
            "public_key_pem",
            f"ECDSA curve {key.curve.name} is not supported by model-signing: use "
            f"{', '.join(CURVES.values())}",
        )
    return key


def _ca_certificates(pem: str) -> list[x509.Certificate]:
    try:
        certs = x509.load_pem_x509_certificates(pem.encode("utf-8"))
    except ValueError:
        certs = []
    if not certs:
        raise invalid(
            "ca_pem",
            "holds no PEM certificate: send one or more '-----BEGIN CERTIFICATE-----' blocks "
            "of the CA(s) that issue signing certificates",
        )
    return certs


def _check_identity(identity: str) -> None:
    if not (_EMAIL.match(identity) or _URI.match(identity)):
        raise invalid(
            "identity",
            "must be the e-mail address or URI that signing certificates name in their "
            "Subject Alternative Name, e.g. release@example.com or "
            "https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main",
        )


def _normalised(data: TrustedSignerCreate) -> TrustedSignerCreate:
    """Check the fields of the signer's kind; keys are stored in canonical PEM form."""
    if data.kind == "key":
        for field in ("ca_pem", "identity"):
            if getattr(data, field) is not None:
                raise invalid(field, "only certificate signers have this; leave it out for a key")
        if not data.public_key_pem:
            raise invalid("public_key_pem", "a key signer needs its ECDSA public key (PEM)")
        key = _ecdsa_key(data.public_key_pem)
        pem = key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")
        return data.model_copy(update={"public_key_pem": pem})
    if data.public_key_pem is not None:
        raise invalid(
            "public_key_pem",
            "a certificate signer is trusted through ca_pem and identity; leave the key out "
            "(or add a signer of kind key)",
        )
    if not data.ca_pem:
        raise invalid("ca_pem", "a certificate signer needs the PEM certificate(s) of its CA")
    if not data.identity:
        raise invalid("identity", "a certificate signer needs the identity it signs as")
    _ca_certificates(data.ca_pem)
    _check_identity(data.identity)
    return data


def _method(bundle: dict[str, Any]) -> Literal["key", "certificate", "keyless"]:
    material = bundle["verificationMaterial"]
    if "x509CertificateChain" in material:
        return "certificate"
    if "publicKey" in material:
        return "key"
    return "keyless"


def parse_bundle(body: bytes) -> dict[str, Any]:
    """Check that an upload looks like a model-signing Sigstore bundle; 422 says what to fix."""
    if len(body) > MAX_BUNDLE_BYTES:
        raise PayloadTooLarge(
            f"the signature bundle is {len(body)} bytes; at most {MAX_BUNDLE_BYTES} are accepted"
        )
    hint = "upload the signature file that `model_signing sign` wrote (e.g. model.sig)"
    try:
        bundle = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise invalid("bundle", f"is not UTF-8 text; {hint}") from None
    except ValueError as exc:
        raise invalid("bundle", f"is not JSON ({exc}); {hint}") from None
    except RecursionError:
        raise invalid("bundle", f"is nested too deeply to be a signature bundle; {hint}") from None
    if has_nul(bundle):
        raise invalid("bundle", f"contains NUL (\\u0000) characters; {hint}")
    if not isinstance(bundle, dict):
        raise invalid("bundle", f"must be a JSON object (a Sigstore bundle); {hint}")
    media_type = bundle.get("mediaType")
    if not isinstance(media_type, str) or not media_type.startswith(
        "application/vnd.dev.sigstore.bundle"
    ):
        raise invalid(
            "bundle.mediaType",
            f"is {media_type!r}; a Sigstore bundle has mediaType {BUNDLE_MEDIA_TYPE!r}: {hint}",
        )
    if not isinstance(bundle.get("verificationMaterial"), dict):
        raise invalid(
            "bundle.verificationMaterial",
            f"is missing: it names the key or certificate that signed; {hint}",
        )
    if not isinstance(bundle.get("dsseEnvelope"), dict):
        raise invalid(
            "bundle.dsseEnvelope",
            "is missing: model-signing signs an in-toto statement in a DSSE envelope; "
            f"a bundle without one is not a model signature; {hint}",
        )
    return bundle


# --- reads ------------------------------------------------------------------------------------


def _fingerprint(pem: str | None) -> str | None:
    if pem is None:
        return None
    key = serialization.load_pem_public_key(pem.encode("utf-8"))
    return key_id(key) if isinstance(key, ec.EllipticCurvePublicKey) else None


def _signer_read(row: TrustedSignerRow) -> TrustedSignerRead:
    subjects = (
        [c.subject.rfc4514_string() for c in _ca_certificates(row.ca_pem)] if row.ca_pem else []
    )
    return TrustedSignerRead(
        name=row.name,
        kind="key" if row.kind == "key" else "certificate",
        public_key_pem=row.public_key_pem,
        key_fingerprint=_fingerprint(row.public_key_pem),
        ca_pem=row.ca_pem,
        ca_subjects=subjects,
        identity=row.identity,
        active=row.revoked_at is None,
        created_at=row.created_at,
        created_by=row.created_by,
        revoked_at=row.revoked_at,
    )


def _signature_read(
    model: ModelRow, version: VersionRow, row: VersionSignatureRow
) -> SignatureRead:
    bundle = json.loads(row.bundle)
    return SignatureRead(
        model=model.full_name,
        version=version.version,
        sha256=row.sha256,
        size=len(row.bundle.encode("utf-8")),
        method=_method(bundle),
        uploaded_at=row.uploaded_at,
        uploaded_by=row.uploaded_by,
        bundle=bundle,
    )


def _registry_signature_read(
    session: Session, public_key_pem: bytes, model: ModelRow, version: VersionRow
) -> RegistrySignatureRead | None:
    row = registry_signature(session, version) if version.sealed_at is not None else None
    if row is None:
        return None
    problem = registry_signature_problem(
        session, public_key_pem, model, version, manifest_of(session, version.id)
    )
    return RegistrySignatureRead(
        model=model.full_name,
        version=version.version,
        digest=row.version_digest,
        keyid=row.keyid,
        sha256=row.sha256,
        created_at=row.created_at,
        valid=problem is None,
        reason=problem,
        bundle=json.loads(row.bundle),
    )


def active_signers(session: Session) -> list[TrustedSigner]:
    """The trusted signers not revoked, for the signature scanner."""
    rows = session.execute(
        select(TrustedSignerRow)
        .where(TrustedSignerRow.revoked_at.is_(None))
        .order_by(TrustedSignerRow.name)
    ).scalars()
    return [
        TrustedSigner(
            name=r.name,
            kind="key" if r.kind == "key" else "certificate",
            public_key_pem=r.public_key_pem,
            ca_pem=r.ca_pem,
            identity=r.identity,
        )
        for r in rows
    ]


def newest_signature(session: Session, version_id: str) -> VersionSignatureRow | None:
    """The newest uploaded signature of a version (the one that counts), if any."""
    return session.execute(
        select(VersionSignatureRow)
        .where(VersionSignatureRow.version_id == version_id)
        .order_by(VersionSignatureRow.uploaded_at.desc(), VersionSignatureRow.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def latest_bundle(session: Session, version_id: str) -> str | None:
    """The bundle text of the newest uploaded signature, for the signature scanner."""
    row = newest_signature(session, version_id)
    return row.bundle if row is not None else None


def signature_input(
    session: Session, version: VersionRow, scanned: StoredResult | None
) -> dict[str, Any]:
    """The `signature` object of the policy input: who signed the version's current digest.

    `registry_signed`: the registry's seal-time signature over this digest is stored (the deploy
    check also verifies it cryptographically). `publishers`: the trusted signer whose signature
    the signature scanner verified over these exact files, for the newest upload; a signature
    made with the registry's own key never counts as a publisher's.
    """
    registry = registry_signature(session, version) if version.sealed_at is not None else None
    publishers: list[str] = []
    details = scanned.details if scanned is not None else {}
    newest = newest_signature(session, version.id)
    if (
        details.get("status") == VERIFIED
        and newest is not None
        and details.get("bundle_sha256") == newest.sha256
        and (registry is None or details.get("key_fingerprint") != registry.keyid)
    ):
        publishers.append(str(details.get("signer") or ""))
    return {
        "registry_signed": registry is not None,
        "registry_keyid": registry.keyid if registry is not None else "",
        "publisher_signed": bool(publishers),
        "publishers": publishers,
    }


def current_digest(session: Session, version: VersionRow) -> str:
    """The sealed digest, or for a draft the digest its files have right now."""
    if version.sealed_at is not None and version.manifest_digest:
        return version.manifest_digest
    return manifest_digest(manifest_of(session, version.id))


def _signature_check(
    newest: VersionSignatureRow | None, scanned: ScanResultRow | None, sealed: bool
) -> SignatureCheckRead:
    details: dict[str, Any] = dict(scanned.details) if scanned is not None else {}
    scanned_at = scanned.finished_at if scanned is not None else None
    if newest is None:
        return SignatureCheckRead(
            status=MISSING,
            signer="",
            method="",
            identity=None,
            key_fingerprint=None,
            signed_files=0,
            reason="no signature was uploaded",
            bundle_sha256=None,
            scanned_at=scanned_at,
        )
    status = str(details.get("status", ""))
    if scanned is None or details.get("bundle_sha256") != newest.sha256 or status not in STATUSES:
        when = "when the scan job runs" if sealed else "when the version is sealed"
        reason = f"the newest signature has not been scanned yet; it is checked {when}"
        if scanned is not None and scanned.errors:
            reason = f"the signature scan failed: {scanned.errors[0].get('reason', '')}"
        return SignatureCheckRead(
            status="not_scanned",
            signer="",
            method="",
            identity=None,
            key_fingerprint=None,
            signed_files=0,
            reason=reason,
            bundle_sha256=newest.sha256,
            scanned_at=scanned_at,
        )
    return SignatureCheckRead(
        status=status,
        signer=str(details.get("signer") or ""),
        method=str(details.get("method") or ""),
        identity=details.get("identity"),
        key_fingerprint=details.get("key_fingerprint"),
        signed_files=int(details.get("signed_files") or 0),
        reason=details.get("reason"),
        bundle_sha256=newest.sha256,
        scanned_at=scanned_at,
    )


# --- the service ------------------------------------------------------------------------------


class SignatureService:
    """Use cases on trusted signers, version signatures and verification summaries."""

    def __init__(self, tx: Transactions, keys: RegistryKeySource) -> None:
        self.tx = tx
        self.keys = keys

    # -- trusted signers ---------------------------------------------------------------------

    def add_signer(self, principal: Principal, data: TrustedSignerCreate) -> TrustedSignerRead:
        """Trust a key or certificate identity; versions it may now verify are re-scanned."""
        data = _normalised(data)
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            if s.execute(
                select(TrustedSignerRow.id).where(TrustedSignerRow.name == data.name)
            ).first():
                raise AlreadyExists(
                    f"trusted signer {data.name!r} already exists (revoked signers keep their "
                    "name for the record); choose another name"
                )
            fingerprint = _fingerprint(data.public_key_pem)
            if fingerprint is not None and fingerprint == self.keys.get().keyid:
                # A publisher signature must come from someone other than the registry, or the
                # registry's own seal-time bundle, uploaded again, would pass for one.
                raise invalid(
                    "public_key_pem",
                    "is the registry's own signing key: the registry signs every sealed version "
                    "by itself; trust the key of the team that builds and publishes the model",
                )
            if fingerprint is not None:
                for other in s.execute(
                    select(TrustedSignerRow).where(
                        TrustedSignerRow.kind == "key", TrustedSignerRow.revoked_at.is_(None)
                    )
                ).scalars():
                    if _fingerprint(other.public_key_pem) == fingerprint:
                        raise AlreadyExists(
                            f"this key is already trusted as {other.name!r}",
                            extra={"signer": other.name},
                        )
            row = TrustedSignerRow(
                id=new_id(),
                name=data.name,
                kind=data.kind,
                public_key_pem=data.public_key_pem,
                ca_pem=data.ca_pem,
                identity=data.identity,
                created_at=utcnow(),
                created_by=principal.user_id,
            )
            s.add(row)
            read = _signer_read(row)
            rescans = self._rescan(
                uow, lambda d: d.get("status") == UNTRUSTED, trigger="signer_added"
            )
            uow.audit(
                "security.signer_added",
                f"trusted_signer:{row.name}",
                {
                    "kind": row.kind,
                    "key_fingerprint": read.key_fingerprint,
                    "identity": row.identity,
                    "ca_subjects": read.ca_subjects,
                    "rescans": rescans,
                },
            )
            uow.emit("security.signer_added", {"name": row.name, "kind": row.kind})
            return read

    def list_signers(self, *, include_revoked: bool = False) -> list[TrustedSignerRead]:
        """Trusted signers by name; revoked ones only when asked for."""
        with self.tx.read() as s:
            query = select(TrustedSignerRow).order_by(TrustedSignerRow.name)
            if not include_revoked:
                query = query.where(TrustedSignerRow.revoked_at.is_(None))
            return [_signer_read(r) for r in s.execute(query).scalars()]

    def revoke_signer(self, principal: Principal, name: str) -> TrustedSignerRead:
        """Stop trusting a signer; versions it verified are re-scanned."""
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            row = s.execute(
                select(TrustedSignerRow).where(TrustedSignerRow.name == name).with_for_update()
            ).scalar_one_or_none()
            if row is None:
                raise NotFound(f"trusted signer {name!r} does not exist")
            if row.revoked_at is not None:
                raise WrongState(f"trusted signer {name!r} was already revoked")
            row.revoked_at = utcnow()
            # While a re-scan is queued the version's scans are `pending` in the policy input,
            # so a signature by the revoked signer stops counting at once.
            rescans = self._rescan(uow, lambda d: d.get("signer") == name, trigger="signer_revoked")
            uow.audit(
                "security.signer_revoked",
                f"trusted_signer:{name}",
                {"kind": row.kind, "rescans": rescans},
            )
            uow.emit("security.signer_revoked", {"name": name})
            return _signer_read(row)

    @staticmethod
    def _rescan(
        uow: UnitOfWork, affected: Callable[[dict[str, Any]], bool], *, trigger: str
    ) -> int:
        """Queue signature scans of the versions whose newest signature result is affected."""
        newest: dict[str, dict[str, Any]] = {}
        for version_id, details in uow.session.execute(
            select(ScanResultRow.version_id, ScanResultRow.details)
            .where(ScanResultRow.scanner == SIGNATURE)
            .order_by(
                ScanResultRow.started_at.desc(),
                ScanResultRow.finished_at.desc(),
                ScanResultRow.id.desc(),
            )
        ):
            newest.setdefault(version_id, details)
        queued = 0
        for version_id, details in newest.items():
            if affected(details) and enqueue(uow, SIGNATURE_SCAN, version_id, trigger=trigger):
                queued += 1
        return queued

    # -- version signatures ------------------------------------------------------------------

    def upload(
        self, principal: Principal, group: str, name: str, version: str, body: bytes
    ) -> SignatureRead:
        """Store a signature bundle for a version (owners only); sealed versions are re-scanned."""
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name)
            require_change(s, principal, model)
            row = resolve_version(s, model, version, lock=True)
            bundle = parse_bundle(body)
            signature = VersionSignatureRow(
                id=new_id(),
                version_id=row.id,
                bundle=body.decode("utf-8"),
                sha256=hashlib.sha256(body).hexdigest(),
                uploaded_at=utcnow(),
                uploaded_by=principal.user_id,
            )
            s.add(signature)
            subject = version_subject(model, row)
            method = _method(bundle)
            queued = False
            if row.sealed_at is not None:
                # Unsealed versions are scanned in full (signature included) when sealed.
                queued = bool(enqueue(uow, SIGNATURE_SCAN, row.id, trigger="signature_uploaded"))
            uow.audit(
                "signature.uploaded",
                subject,
                {"sha256": signature.sha256, "method": method, "scan_queued": queued},
            )
            uow.emit(
                "signature.uploaded",
                {"model": model.full_name, "version": row.version, "sha256": signature.sha256},
            )
            return _signature_read(model, row, signature)

    def get(self, group: str, name: str, version: str) -> SignatureRead:
        """The newest signature uploaded for a version."""
        with self.tx.read() as s:
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            signature = newest_signature(s, row.id)
            if signature is None:
                raise NotFound(
                    f"version '{model.full_name}@{row.version}' has no signature; upload the "
                    "model-signing bundle with PUT .../signature"
                )
            return _signature_read(model, row, signature)

    def registry_signature(self, group: str, name: str, version: str) -> RegistrySignatureRead:
        """The registry's signature over a sealed version's manifest, re-verified now."""
        key_pem = self.keys.get().public_key_pem()
        with self.tx.read() as s:
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            read = _registry_signature_read(s, key_pem, model, row)
            if read is None:
                state = "has no registry signature" if row.sealed_at else "is not sealed yet"
                raise NotFound(
                    f"version '{model.full_name}@{row.version}' {state}; the registry signs a "
                    "version's manifest when it is sealed (POST .../seal or submitting it)"
                )
            return read

    # -- verification ------------------------------------------------------------------------

    def attestation_key(self) -> AttestationKeyRead:
        """The registry's public attestation key."""
        key = self.keys.get()
        return AttestationKeyRead(
            keyid=key.keyid,
            algorithm="ecdsa-p256-sha256",
            public_key_pem=key.public_key_pem().decode("ascii"),
        )

    def verification(self, group: str, name: str, version: str) -> VerificationRead:
        """Signature status and the attestations of a version, each re-verified now."""
        key = self.attestation_key()
        with self.tx.read() as s:
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            digest = current_digest(s, row)
            scanned = s.execute(
                select(ScanResultRow)
                .where(
                    ScanResultRow.version_id == row.id,
                    ScanResultRow.version_digest == digest,
                    ScanResultRow.scanner == SIGNATURE,
                )
                .order_by(
                    ScanResultRow.started_at.desc(),
                    ScanResultRow.finished_at.desc(),
                    ScanResultRow.id.desc(),
                )
                .limit(1)
            ).scalar_one_or_none()
            signature = _signature_check(
                newest_signature(s, row.id), scanned, row.sealed_at is not None
            )
            subject = f"{model.full_name}@{row.version}"
            attestations = []
            for a in s.execute(
                select(AttestationRow)
                .where(AttestationRow.version_id == row.id)
                .order_by(AttestationRow.created_at, AttestationRow.id)
            ).scalars():
                envelope = json.loads(a.envelope)
                valid, statement, reason = check_attestation(
                    envelope, key.public_key_pem.encode("ascii"), subject, digest
                )
                attestations.append(
                    AttestationRead(
                        id=a.id,
                        stage=a.stage,
                        promotion_id=a.promotion_id,
                        decision_id=a.decision_id,
                        keyid=a.keyid,
                        version_digest=a.version_digest,
                        created_at=a.created_at,
                        valid=valid,
                        reason=reason,
                        statement=statement,
                        envelope=envelope,
                    )
                )
            return VerificationRead(
                model=model.full_name,
                version=row.version,
                digest=digest,
                sealed=row.sealed_at is not None,
                signature=signature,
                registry_signature=_registry_signature_read(
                    s, key.public_key_pem.encode("ascii"), model, row
                ),
                attestations=attestations,
                attestation_key=key,
            )
