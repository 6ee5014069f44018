"""`modelreg verify`: re-check a version's files, signatures and attestations offline.

Everything is fetched first (manifest, signature bundles, attestations, and the files unless a
directory of pulled files is given); then every check runs locally, trusting nothing the server
computed: file hashes against the manifest, the version digest recomputed from the files, the
publisher's model signature against the given (or the registry's) trusted signers, and the
registry's seal-time model signature and each attestation against the pinned (or the fetched)
registry key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import sys
import tempfile
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from modelreg.cli.remote import _destination, _remote, _reports_errors
from modelreg.client import ApiError, Client
from modelreg.domain.errors import ModelregError
from modelreg.domain.manifest import ManifestEntry, manifest_digest
from modelreg.domain.names import VersionRef
from modelreg.schemas.signatures import (
    AttestationRead,
    RegistrySignatureRead,
    SignatureRead,
    TrustedSignerRead,
)
from modelreg.schemas.versions import ManifestEntry as ManifestLine

if TYPE_CHECKING:
    from modelreg.signing.model_signatures import SignatureVerdict

# modelreg.signing (model-signing, sigstore) is imported inside the checks that use it: it
# costs most of a second, and `modelreg verify --help` needs none of it.

PASS, FAIL = "✓", "✗"


@dataclass(frozen=True)
class Check:
    """One verified (or failed) claim, with the reason either way."""

    check: str
    ok: bool
    reason: str


@dataclass
class Report:
    """Every check of one run, and notes on what was trusted."""

    ref: str
    digest: str = ""
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, check: str, ok: bool, reason: str) -> None:
        """Record one check."""
        self.checks.append(Check(check, ok, reason))

    @property
    def ok(self) -> bool:
        """True when there were checks and every one passed."""
        return bool(self.checks) and all(c.ok for c in self.checks)


def _pull(client: Client, ref: VersionRef, manifest: list[ManifestLine], root: Path) -> None:
    """Download every file of the manifest into `root`, each checked against its SHA-256."""
    targets = [(entry, _destination(root, entry.path)) for entry in manifest]
    click.echo(f"pulling {len(targets)} file(s) of {ref} to verify them", err=True)
    for entry, target in targets:
        client.artifacts.download(ref, entry.path, target, expected_sha256=entry.sha256)


def _local_entries(root: Path) -> tuple[list[ManifestEntry], list[str]]:
    """Path, size and SHA-256 of every regular file under `root`, and what could not be read."""
    entries: list[ManifestEntry] = []
    problems: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            file = Path(folder) / name
            # The registry stores NFC names; macOS hands out decomposed ones.
            relative = unicodedata.normalize("NFC", file.relative_to(root).as_posix())
            if file.is_symlink() or not file.is_file():
                problems.append(f"{relative} is not a regular file")
                continue
            with file.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            try:
                entries.append(ManifestEntry(relative, file.stat().st_size, digest))
            except ModelregError as exc:
                problems.append(f"{relative}: {exc.detail}")
    return entries, problems


def _check_files(
    report: Report,
    manifest: list[ManifestLine],
    local: list[ManifestEntry],
    problems: list[str],
) -> None:
    expected = {e.path: (e.size, e.sha256) for e in manifest}
    found = {e.path: (e.size, e.sha256) for e in local}
    for path in sorted(expected.keys() - found.keys()):
        problems.append(f"{path} is missing")
    for path in sorted(found.keys() - expected.keys()):
        problems.append(f"{path} is not part of the version")
    for path in sorted(expected.keys() & found.keys()):
        if found[path] != expected[path]:
            problems.append(f"{path} differs from the manifest (size or SHA-256)")
    if problems:
        report.add("files", False, "; ".join(problems))
    else:
        report.add("files", True, f"{len(found)} file(s) match the manifest's sizes and SHA-256")


def _check_digest(report: Report, digest: str, server_digest: str, sealed: bool) -> None:
    if not sealed:
        report.add(
            "digest", False, "the version is not sealed: its digest is not final nor attested"
        )
    elif digest != server_digest:
        report.add(
            "digest",
            False,
            f"the files hash to sha256:{digest}, the registry names sha256:{server_digest}",
        )
    else:
        report.add("digest", True, f"sha256:{digest} recomputed from the files")


def _signed_paths(bundle: dict[str, Any]) -> set[str]:
    """The file paths the bundle's signed statement lists (empty when unreadable)."""
    try:
        payload = base64.b64decode(bundle["dsseEnvelope"]["payload"], validate=True)
        return {str(r["name"]) for r in json.loads(payload)["predicate"]["resources"]}
    except (KeyError, TypeError, ValueError, binascii.Error):
        return set()


def _verify_with_certificate_signers(
    root: Path, bundle_file: Path, signers: list[TrustedSignerRead]
) -> tuple[SignatureVerdict, str]:
    """Try each certificate signer on its own, so a CA vouches only for its own identity."""
    from modelreg.signing.model_signatures import SignatureVerdict, verify_model_signature

    verdict = SignatureVerdict(
        False, "certificate", None, 0, "the registry trusts no certificate signers"
    )
    for signer in signers:
        if not (signer.ca_pem and signer.identity):
            continue
        verdict = verify_model_signature(
            root,
            bundle_file,
            [],
            trusted_ca_certificates=[signer.ca_pem.encode()],
            trusted_identities=[signer.identity],
        )
        if verdict.valid:
            return verdict, f"trusted signer {signer.name} ({signer.identity}, registry list)"
    return verdict, ""


def _check_signature(
    report: Report,
    root: Path,
    bundle_file: Path,
    signature: SignatureRead | None,
    trusted_keys: list[bytes],
    signers: list[TrustedSignerRead],
) -> None:
    if signature is None:
        report.add("signature", False, "no model signature was uploaded for this version")
        return
    from modelreg.signing.model_signatures import verify_model_signature

    bundle_file.write_text(json.dumps(signature.bundle), encoding="utf-8")
    if trusted_keys:
        verdict = verify_model_signature(root, bundle_file, trusted_keys)
        who = f"trusted key {verdict.key_fingerprint} (--trusted-key)"
    elif signature.method == "certificate":
        verdict, who = _verify_with_certificate_signers(root, bundle_file, signers)
    else:
        verdict = verify_model_signature(
            root, bundle_file, [s.public_key_pem.encode() for s in signers if s.public_key_pem]
        )
        names = {s.key_fingerprint: s.name for s in signers if s.key_fingerprint}
        who = f"trusted signer {names.get(verdict.key_fingerprint or '', '?')} (registry list)"
    unsigned = sorted(
        {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        - _signed_paths(signature.bundle)
    )
    if verdict.valid and unsigned:
        # model-signing skips git files and --ignore-paths both when signing and verifying.
        report.add("signature", False, f"the signature does not cover {', '.join(unsigned)}")
    elif verdict.valid:
        report.add(
            "signature", True, f"{verdict.signed_files} file(s) signed by {who}, none changed"
        )
    else:
        report.add("signature", False, verdict.reason or "the signature does not verify")


def _check_registry_signature(
    report: Report,
    root: Path,
    bundle_file: Path,
    signature: RegistrySignatureRead | None,
    registry_key: bytes,
) -> None:
    """model-signing verifies the registry's seal-time signature over the local files."""
    from modelreg.signing.model_signatures import verify_model_signature  # heavy: sigstore

    if signature is None:
        report.add("registry signature", False, "the registry has not signed this version")
        return
    bundle_file.write_text(json.dumps(signature.bundle), encoding="utf-8")
    verdict = verify_model_signature(root, bundle_file, [registry_key])
    unsigned = sorted(
        {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        - _signed_paths(signature.bundle)
    )
    if verdict.valid and unsigned:
        report.add("registry signature", False, f"it does not cover {', '.join(unsigned)}")
    elif verdict.valid:
        report.add(
            "registry signature",
            True,
            f"{verdict.signed_files} file(s) signed by registry key {verdict.key_fingerprint}, "
            "none changed",
        )
    else:
        report.add("registry signature", False, verdict.reason or "the signature does not verify")


def _check_attestations(
    report: Report,
    attestations: list[AttestationRead],
    registry_key: bytes,
    subject: str,
    digest: str,
) -> None:
    if not attestations:
        report.add(
            "attestation",
            False,
            "the registry has attested nothing for this version (attestations are issued when "
            "it is promoted to staging or production)",
        )
        return
    from modelreg.signing import verify_envelope

    for attestation in attestations:
        verdict = verify_envelope(attestation.envelope, [registry_key])
        if not verdict.valid or verdict.statement is None:
            # Failing either way, so naming it by the server's (unsigned) label is harmless.
            name = f"attestation {attestation.stage}"
            report.add(name, False, verdict.reason or "the envelope does not verify")
            continue
        named = verdict.statement["subject"][0]
        predicate = verdict.statement["predicate"]
        # Only the signed statement is evidence: the server's stage label is not signed.
        name = f"attestation {predicate['stage']}"
        if predicate["stage"] != attestation.stage:
            report.add(
                name,
                False,
                f"the server labels it {attestation.stage!r} but the signed stage is "
                f"{predicate['stage']!r}",
            )
        elif named["name"] != subject:
            report.add(name, False, f"it attests {named['name']}, not {subject}")
        elif named["digest"]["sha256"] != digest:
            report.add(
                name,
                False,
                f"it attests sha256:{named['digest']['sha256']}, the files hash to sha256:{digest}",
            )
        else:
            report.add(
                name,
                True,
                f"signed by registry key {verdict.keyid}: decision {predicate['decisionId']}, "
                f"{len(predicate['approvers'])} approver(s), policy {predicate['policyDigest']}, "
                f"issued {predicate['issuedAt']}",
            )


def _print(report: Report, as_json: bool) -> None:
    if as_json:
        document = {
            "ref": report.ref,
            "digest": report.digest,
            "ok": report.ok,
            "checks": [asdict(c) for c in report.checks],
            "notes": report.notes,
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for c in report.checks:
        click.echo(f"{PASS if c.ok else FAIL} {c.check}: {c.reason}")
    click.echo(f"{report.ref}: {'verified' if report.ok else 'NOT verified'}")


@click.command("verify")
@click.argument("ref", metavar="GROUP/NAME@VERSION")
@click.option(
    "--dir",
    "directory",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Already-pulled files of the version (pulled into a temporary directory if omitted).",
)
@click.option(
    "--registry-key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Pinned PEM public key of the registry's attestations (else fetched from the server).",
)
@click.option(
    "--trusted-key",
    "trusted_key_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PEM ECDSA key of a trusted model signer; repeatable (else the registry's list).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_remote
@_reports_errors
def verify(
    ref: str,
    directory: Path | None,
    registry_key: Path | None,
    trusted_key_files: tuple[Path, ...],
    as_json: bool,
    url: str,
    token: str | None,
) -> None:
    """Verify a version's files, signatures and registry attestations; exit 0 only if all do.

    The files are hashed locally and the version digest recomputed from them; both signatures
    and every attestation are verified on this machine with model-signing and the registry key.
    """
    wanted = VersionRef.parse(ref)
    pinned = registry_key.read_bytes() if registry_key is not None else None
    trusted_keys = [path.read_bytes() for path in trusted_key_files]
    with tempfile.TemporaryDirectory(prefix="modelreg-verify-") as tmp:
        with Client(url, token) as client:
            version = client.versions.get(wanted)
            exact = VersionRef(wanted.model, version.version)
            try:
                signature: SignatureRead | None = client.signatures.get(exact)
            except ApiError as exc:
                if exc.status != 404:
                    raise
                signature = None
            summary = client.signatures.verification(exact)
            signers = [] if trusted_keys else client.signatures.trusted_signers()
            root = directory
            if root is None:
                root = Path(tmp) / "files"
                _pull(client, exact, version.manifest, root)

        report = Report(ref=str(exact))
        local, problems = _local_entries(root)
        report.digest = manifest_digest(local)
        _check_files(report, version.manifest, local, problems)
        _check_digest(report, report.digest, version.digest, version.sealed)
        if not trusted_keys:
            report.notes.append(
                f"trusting the registry's {len(signers)} signer(s) as fetched from the server; "
                "pass --trusted-key to verify against keys you hold"
            )
        # The bundle goes beside, not into, the files: model-signing would count it as a file.
        _check_signature(report, root, Path(tmp) / "model.sig", signature, trusted_keys, signers)
        if pinned is None:
            pinned = summary.attestation_key.public_key_pem.encode("ascii")
            report.notes.append(
                f"registry key {summary.attestation_key.keyid} was fetched from the server; "
                "pass --registry-key to pin it"
            )
        _check_registry_signature(
            report, root, Path(tmp) / "registry.sig", summary.registry_signature, pinned
        )
        _check_attestations(
            report, summary.attestations, pinned, f"{exact.model}@{exact.version}", report.digest
        )
    _print(report, as_json)
    if not report.ok:
        sys.exit(1)
