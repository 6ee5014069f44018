"""Security scans of versions: running them (worker side) and reading their results (API side).

A full scan decrypts the version's files into a private temporary directory, runs every scanner
and stores one append-only result per scanner, the ML-BOM, the job's completion, the audit
event and any notification in one transaction. Re-scans triggered by new advisories or a new
license policy re-run only the affected scanner from the stored inventory.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from modelreg.domain.access import Principal, Role
from modelreg.domain.cards import build_sections
from modelreg.domain.errors import NotFound, WrongState
from modelreg.domain.ids import new_id
from modelreg.domain.security_findings import ARTIFACT, ScannerResult, printable
from modelreg.services import jobs
from modelreg.services.advisories import database_state, index_for
from modelreg.services.cards import CardService
from modelreg.services.catalog import load_model, require_change, resolve_version, version_subject
from modelreg.services.jobs import ClaimedJob, JobQueue
from modelreg.services.license_check import LicenseInputs, license_result, license_sources
from modelreg.services.license_policy import current_policy
from modelreg.services.notifications import notify_blocking
from modelreg.services.promotions import PromotionService
from modelreg.services.scan_pipeline import (
    dependencies,
    dependency_from_dict,
    dependency_to_dict,
    scan_files,
    vulnerability_result,
)
from modelreg.services.security_state import (
    latest_results,
    read_state,
    record_current_findings,
)
from modelreg.services.signature_check import TrustedSigner, check_signature
from modelreg.services.signatures import active_signers, latest_bundle
from modelreg.services.uow import Transactions, UnitOfWork
from modelreg.services.version_files import materialize
from modelreg.services.versions import manifest_of
from modelreg.services.workers import scan_queue_state
from modelreg.storage.blobs import BlobStore
from modelreg.storage.tables import (
    ContainerSbomRow,
    MlBomRow,
    ModelRow,
    ScanResultRow,
    VersionRow,
)
from modelreg.storage.types import utcnow
from modelreg.vulns import Dependency, ManifestError, parse_manifest_bytes


@dataclass(frozen=True)
class ScanLimitsConfig:
    """Limits of the artifact scanner's child process."""

    timeout_s: float
    memory_mb: int


def _container_deps(s: Session, version_id: str) -> tuple[list[Dependency], str | None]:
    row = s.execute(
        select(ContainerSbomRow)
        .where(ContainerSbomRow.version_id == version_id)
        .order_by(ContainerSbomRow.uploaded_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None:
        return [], None
    name = "container.cdx.json" if row.format == "cyclonedx" else "container.spdx.json"
    try:
        parsed = parse_manifest_bytes(
            name, row.document.encode("utf-8"), kind="sbom", source_path="container-sbom"
        )
    except ManifestError:
        # Validated at upload; a document the dependency reader cannot use adds nothing.
        return [], row.id
    return parsed.dependencies, row.id


class ScanService:
    """Runs scan jobs and answers questions about scan results."""

    def __init__(
        self,
        tx: Transactions,
        blobs: BlobStore,
        cards: CardService,
        *,
        limits: ScanLimitsConfig,
        block_severity: str,
        advisory_max_age_days: int,
        promotions: PromotionService,
    ) -> None:
        self.tx = tx
        self.blobs = blobs
        self.cards = cards
        self.limits = limits
        self.block_severity = block_severity
        self.advisory_max_age_days = advisory_max_age_days
        self.promotions = promotions
        self.queue = JobQueue(tx)

    # -- requesting ------------------------------------------------------------------------

    def request_scan(self, principal: Principal, group: str, name: str, version: str) -> str:
        """Queue a full re-scan on demand (owners and security architects); returns the job id."""
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name)
            if Role.SECURITY_ARCHITECT not in principal.roles:
                require_change(s, principal, model)
            row = resolve_version(s, model, version)
            if row.sealed_at is None:
                raise WrongState(
                    f"'{model.full_name}@{row.version}' is not sealed: versions are scanned "
                    "when sealed (submit it for review, or seal it)"
                )
            job_id = jobs.enqueue(uow, jobs.SCAN, row.id, trigger="on_demand")
            if job_id is None:
                waiting = self.queue.pending_for(s, row.id)
                return next(j.id for j in waiting if j.kind == jobs.SCAN)
            uow.audit("scan.requested", version_subject(model, row), {"job_id": job_id})
            return job_id

    # -- running (worker) ------------------------------------------------------------------

    def run(self, job: ClaimedJob, worker: str) -> None:
        """Run one claimed job to completion (results stored with the job's completion)."""
        # Results are ordered by when their inputs were read, not when they were stored: a slow
        # job that read the old license lists must not outrank a re-check that read the new.
        started = utcnow()
        with self.tx.read() as s:
            version = s.get(VersionRow, job.version_id) if job.version_id else None
            if version is None or version.manifest_digest is None:
                self._finish(job, worker, started, None, None, [], None)
                return
            model = s.get(ModelRow, version.model_id)
            assert model is not None
            digest = version.manifest_digest
            previous = latest_results(s, version.id, digest)
        if job.kind == jobs.SCAN:
            results, bom = self._full_scan(model, version)
        elif job.kind == jobs.SIGNATURE_SCAN:
            results, bom = [self._signature_only(version)], None
        else:
            inventory = previous.get(ARTIFACT)
            if inventory is None:
                # Nothing scanned yet: do the whole scan, which includes this scanner.
                results, bom = self._full_scan(model, version)
            elif job.kind == jobs.VULNERABILITY_SCAN:
                results, bom = [self._vulnerabilities(version, inventory.details)], None
            else:
                results, bom = [self._licenses(model, version, inventory.details)], None
        self._finish(job, worker, started, model, version, results, bom)

    def _full_scan(
        self, model: ModelRow, version: VersionRow
    ) -> tuple[list[ScannerResult], dict[str, Any] | None]:
        with self._files(version) as (root, bundle, signers):
            artifact = scan_files(
                root, timeout_s=self.limits.timeout_s, memory_mb=self.limits.memory_mb
            )
            deps, manifest_problems = dependencies(root)
            sources = license_sources(root)
            signature = check_signature(root, bundle, signers)
        artifact.details["dependencies"] = [dependency_to_dict(d) for d in deps]
        artifact.details["manifest_findings"] = manifest_problems
        artifact.details["license_sources"] = sources
        vulns = self._vulnerabilities(version, artifact.details)
        licenses = self._licenses(model, version, artifact.details)
        bom = self._ml_bom(model, version, deps)
        return [artifact, licenses, vulns, signature], bom

    def _signature_only(self, version: VersionRow) -> ScannerResult:
        with self._files(version) as (root, bundle, signers):
            return check_signature(root, bundle, signers)

    @contextmanager
    def _files(self, version: VersionRow) -> Iterator[tuple[Path, str | None, list[TrustedSigner]]]:
        """The version's files decrypted into a private temp dir (removed afterwards), with the
        signature bundle and trusted signers read at the same moment."""
        with self.tx.read() as s:
            manifest = manifest_of(s, version.id)
            bundle = latest_bundle(s, version.id)
            signers = active_signers(s)
        with tempfile.TemporaryDirectory(prefix="modelreg-scan-") as tmp:
            root = Path(tmp) / "files"
            materialize(self.blobs, manifest, root)
            yield root, bundle, signers

    def _vulnerabilities(self, version: VersionRow, inventory: Mapping[str, Any]) -> ScannerResult:
        deps = [dependency_from_dict(d) for d in inventory.get("dependencies", [])]
        with self.tx.read() as s:
            container, sbom_id = _container_deps(s, version.id)
            deps += container
            database = database_state(s, self.advisory_max_age_days)
            index = index_for(s, deps)
        result = vulnerability_result(deps, index, database, inventory.get("manifest_findings", []))
        result.details["container_sbom_id"] = sbom_id
        return result

    def _licenses(
        self, model: ModelRow, version: VersionRow, inventory: Mapping[str, Any]
    ) -> ScannerResult:
        with self.tx.read() as s:
            policy, policy_number = current_policy(s)
            inputs = LicenseInputs.collect(s, model, version, inventory.get("license_sources", []))
        return license_result(inputs, policy, policy_number)

    def _ml_bom(
        self, model: ModelRow, version: VersionRow, deps: Sequence[Dependency]
    ) -> dict[str, Any] | None:
        # Imported here: only the worker builds ML-BOMs, and the libraries are slow to import.
        from modelreg.sbom.mlbom import (
            BomInput,
            BomValidationError,
            build_ml_bom,
            card_from_sections,
        )

        facts = self.cards.facts(model.group_name, model.name, version.version)
        links = facts.lineage
        bom_input = BomInput(
            model=model.full_name,
            version=version.version,
            digest=version.manifest_digest or "",
            created=version.sealed_at or utcnow(),
            description=model.description or None,
            license=model.license,
            task=model.task,
            framework=model.framework,
            owners=facts.owners,
            tags=facts.tags,
            files=[(a["path"], a["size"], a["sha256"]) for a in facts.artifacts],
            datasets=[
                {"uri": link["ref"], **link["attributes"]}
                for link in links
                if link["kind"] == "dataset"
            ],
            base_models=[link["ref"] for link in links if link["kind"] == "base_model"],
            dependencies=deps,
            card=card_from_sections(build_sections(facts)),
        )
        try:
            return build_ml_bom(bom_input)
        except BomValidationError:
            # Never store an invalid BOM; the scan itself still counts. GET …/sbom says why.
            return None

    def _finish(
        self,
        job: ClaimedJob,
        worker: str,
        started: datetime,
        model: ModelRow | None,
        version: VersionRow | None,
        results: list[ScannerResult],
        bom: dict[str, Any] | None,
    ) -> None:
        with self.tx.write(worker) as uow:
            held = self.queue.hold(uow.session, job.id, worker)
            if held is None:
                return  # another worker took the job over after our lease lapsed
            self.queue.complete(uow, held)
            if model is None or version is None:
                return
            self._store(uow, job, started, model, version, results, bom)

    def _store(
        self,
        uow: UnitOfWork,
        job: ClaimedJob,
        started: datetime,
        model: ModelRow,
        version: VersionRow,
        results: list[ScannerResult],
        bom: dict[str, Any] | None,
    ) -> None:
        s = uow.session
        digest = version.manifest_digest or ""
        now = utcnow()
        trigger = str(job.payload.get("trigger", job.kind))
        for r in results:
            s.add(
                ScanResultRow(
                    id=new_id(),
                    version_id=version.id,
                    version_digest=digest,
                    scan_id=job.id,
                    scanner=r.scanner,
                    scanner_version=r.scanner_version[:500],
                    database_version=r.database_version,
                    status=r.status,
                    trigger=trigger,
                    # File contents reach these texts: escape control characters once, here.
                    findings=printable(r.findings),
                    errors=printable(r.errors),
                    details=printable(r.details),
                    started_at=started,
                    finished_at=now,
                )
            )
        if bom is not None:
            s.add(
                MlBomRow(
                    id=new_id(),
                    version_id=version.id,
                    version_digest=digest,
                    document=json.dumps(bom, sort_keys=True),
                    generated_at=now,
                )
            )
        s.flush()
        record_current_findings(s, version.id)
        state = read_state(s, version, self.block_severity)
        blocking = state.blocking
        summary = {
            "job_id": job.id,
            "kind": job.kind,
            "digest": digest,
            "scanners": {r.scanner: r.status for r in results},
            "findings": len(state.findings),
            "blocking": [f["id"] for f in blocking][:50],
        }
        uow.audit("scan.completed", version_subject(model, version), summary)
        uow.emit(
            "scan.completed",
            {"model": model.full_name, "version": version.version, **summary},
        )
        if blocking:
            notify_blocking(uow, model, version, blocking, reason="scan")
        # Reviews in progress were judged on the previous results: judge them on these, in
        # the same transaction, so no approval is ever counted against outdated findings.
        self.promotions.rejudge_awaiting(uow, model, version, trigger="rescan", job_id=job.id)

    # -- reading ---------------------------------------------------------------------------

    def status(self, group: str, name: str, version: str) -> dict[str, Any]:
        """The version's security state (what the policy sees), every current finding, pending
        jobs and whether a worker is alive to run them, and every stored result, newest first,
        read in one transaction."""
        with self.tx.read() as s:
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            state = read_state(s, row, self.block_severity)
            waiting = self.queue.pending_for(s, row.id)
            pending = [
                {"id": j.id, "kind": j.kind, "state": j.state, "created_at": j.created_at}
                for j in waiting
            ]
            queue = scan_queue_state(s, waiting)
            history = list(
                s.execute(
                    select(ScanResultRow)
                    .where(ScanResultRow.version_id == row.id)
                    .order_by(ScanResultRow.finished_at.desc(), ScanResultRow.id.desc())
                ).scalars()
            )
        policy_view = state.policy_input()
        return {
            "model": model.full_name,
            "version": row.version,
            "digest": state.digest,
            "status": state.status,
            "counts": policy_view["counts"],
            "license": policy_view["license"],
            "signature": policy_view["signature"],
            "recheck_pending": state.recheck_pending,
            "advisories": policy_view["advisories"],
            "scanners": {
                scanner: {
                    "status": r.status,
                    "scanner_version": r.scanner_version,
                    "database_version": r.database_version,
                    "finished_at": r.finished_at,
                }
                for scanner, r in state.latest.items()
            },
            "pending_jobs": pending,
            "queue": queue,
            "findings": state.findings,
            "history": history,
        }

    def findings(self, group: str, name: str, version: str) -> list[dict[str, Any]]:
        """Every current finding of the version, flagged `excepted` and `blocking`."""
        with self.tx.read() as s:
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            return read_state(s, row, self.block_severity).findings

    def get_result(self, group: str, name: str, version: str, result_id: str) -> ScanResultRow:
        """One stored result of the version, or 404."""
        with self.tx.read() as s:
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            result = s.get(ScanResultRow, result_id)
            if result is None or result.version_id != row.id:
                raise NotFound(
                    f"'{model.full_name}@{row.version}' has no scan result {result_id!r} "
                    "(GET …/scans lists them)"
                )
            return result

    def ml_bom(self, group: str, name: str, version: str) -> tuple[str, str] | None:
        """The stored ML-BOM JSON of the version's current digest and when it was generated."""
        with self.tx.read() as s:
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            bom = s.execute(
                select(MlBomRow)
                .where(
                    MlBomRow.version_id == row.id,
                    MlBomRow.version_digest == (row.manifest_digest or ""),
                )
                .order_by(MlBomRow.generated_at.desc())
                .limit(1)
            ).scalar_one_or_none()
            if bom is None:
                return None
            return bom.document, _iso(bom.generated_at)


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
