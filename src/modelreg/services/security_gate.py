"""Gates at consumption: the deploy-time policy re-check and download enforcement."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from modelreg.domain.access import Principal, may_download_flagged
from modelreg.domain.canonical import canonical_json, sha256_hex
from modelreg.domain.errors import PermissionDenied
from modelreg.domain.manifest import manifest_digest
from modelreg.domain.security_findings import SecurityState, executes_code
from modelreg.policy import approval_status
from modelreg.policy.engine import outcome
from modelreg.services.attestations import RegistryKeySource, registry_signature_problem
from modelreg.services.catalog import load_model, owner_ids, resolve_version, version_subject
from modelreg.services.notifications import notify_blocking
from modelreg.services.policies import PolicyService, compiled_for, decide, result_reads
from modelreg.services.policy_input import build_input
from modelreg.services.promotions import PromotionService
from modelreg.services.security_state import read_state
from modelreg.services.uow import Transactions, UnitOfWork
from modelreg.services.versions import manifest_of
from modelreg.storage.blobs import BlobStore
from modelreg.storage.tables import ModelRow, StageHistoryRow, VersionRow

# Which deployment tiers a version in a stage may serve: production versions serve staging too.
SERVES = {"staging": ("staging",), "production": ("staging", "production")}


class SecurityGate:
    """Re-checks the policy when a version is deployed, and blocking findings on download."""

    def __init__(
        self,
        tx: Transactions,
        policies: PolicyService,
        keys: RegistryKeySource,
        blobs: BlobStore,
        *,
        enforce_downloads: bool,
    ):
        self.tx = tx
        self.policies = policies
        self.keys = keys
        self.blobs = blobs
        self.enforce_downloads = enforce_downloads

    def check_download(self, principal: Principal, group: str, name: str, version: str) -> None:
        """Refuse (403, naming why) a download of a version whose files execute code when
        loaded, always; with enforcement on, also one with blocking findings or an unfinished
        scan. Owners and security architects are exempt, and their download is audited."""
        with self.tx.read() as s:
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            exempt = may_download_flagged(principal, owner_ids(s, model.id))
            state = read_state(s, row, self.policies.block_severity)
        reason, findings = self._download_refusal(f"'{model.full_name}@{row.version}'", state)
        if reason is None:
            return
        details = {"findings": [f["id"] for f in findings[:20]], "scan_status": state.status}
        with self.tx.write(principal.user_id) as uow:
            # Audited, not notified: the scan that found the findings already told the security
            # team, and one notification per download would bury the others.
            uow.audit(
                "download.exempted" if exempt else "download.refused",
                version_subject(model, row),
                {**details, "reason": reason},
            )
        if not exempt:
            raise PermissionDenied(reason)

    def _download_refusal(
        self, ref: str, state: SecurityState
    ) -> tuple[str | None, list[dict[str, Any]]]:
        """Why a download of a version in `state` is refused to most users, with the findings."""
        executes = [f for f in state.findings if executes_code(f) and not f["excepted"]]
        if executes:
            first = executes[0]
            # Never optional: handing out a file that runs code when loaded is distributing
            # malware, whatever the wider download gate is set to.
            return (
                f"{ref} contains a file that executes code when loaded: {first['id']} "
                f"({first['severity']} {first['rule']} in {first['path']}: {first['message']});"
                " downloads are refused until it is replaced or a security architect grants an "
                "exception",
                executes,
            )
        if not self.enforce_downloads:
            return None, []
        blocking = state.blocking
        if blocking:
            first = blocking[0]
            return (
                f"{ref} has {len(blocking)} blocking security finding(s), e.g. {first['id']} "
                f"({first['severity']} {first['rule']} in {first['path']}: {first['message']});"
                " downloads are refused until it is fixed or a security architect grants an "
                "exception",
                blocking,
            )
        if state.status != "complete":
            # Unscanned bytes are unknown bytes: a malicious file must not slip out in the
            # window before its scan finishes, or forever when the scan fails.
            return (
                f"{ref} has not been completely scanned (scan status {state.status}); "
                "downloads are refused until every scanner has passed it",
                [],
            )
        return None, []

    def check_deployment(
        self,
        principal: Principal,
        group: str,
        name: str,
        version: str,
        digest: str,
        target: str,
        target_stage: str,
    ) -> dict[str, Any]:
        """Evaluate the active policy again for the digest being deployed (audited), and verify
        the registry's signature over the manifest of that digest."""
        registry_key = self.keys.get().public_key_pem()
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            reasons: list[str] = []
            wanted = digest.removeprefix("sha256:")
            if not row.manifest_digest:
                reasons.append("the version is not sealed, so it has no digest to deploy")
            elif wanted != row.manifest_digest:
                reasons.append(
                    f"digest {wanted} is not the registered digest {row.manifest_digest} of "
                    f"'{model.full_name}@{row.version}': deploy exactly what was approved"
                )
            if row.manifest_digest and wanted == row.manifest_digest:
                reasons.extend(self._signed_bytes_problems(uow, registry_key, model, row))
            if target_stage not in SERVES.get(row.stage, ()):
                reasons.append(
                    f"the version is in stage '{row.stage}'; a {target_stage} target needs a "
                    f"version promoted to {target_stage}"
                )
            evaluation, blocking = self._evaluate(uow, principal, model, row, target_stage)
            if evaluation["outcome"] != "pass":
                reasons.append("the active policy blocks this version now (see results)")
            allowed = not reasons
            result = {
                "allowed": allowed,
                "model": model.full_name,
                "version": row.version,
                "digest": row.manifest_digest or "",
                "stage": row.stage,
                "target": target,
                "target_stage": target_stage,
                "reasons": reasons,
                **evaluation,
            }
            uow.audit(
                "deployment.allowed" if allowed else "deployment.refused",
                version_subject(model, row),
                {
                    "digest": wanted,
                    "target": target,
                    "target_stage": target_stage,
                    "reasons": reasons,
                    "policy_digest": evaluation["policy_digest"],
                    "input_digest": evaluation["input_digest"],
                },
            )
            if not allowed and blocking:
                notify_blocking(uow, model, row, blocking, reason="deployment")
            return result

    def _signed_bytes_problems(
        self, uow: UnitOfWork, registry_key: bytes, model: ModelRow, row: VersionRow
    ) -> list[str]:
        """Why the stored files are not exactly what the registry signed (empty when they are).

        The bytes are not read here: each file is a blob named by its SHA-256 that the store
        verifies whenever it is read, so the signature over the manifest plus the presence of
        every named blob stands for the bytes.
        """
        entries = manifest_of(uow.session, row.id)
        if manifest_digest(entries) != row.manifest_digest:
            return ["the version's files no longer hash to its registered digest"]
        problem = registry_signature_problem(uow.session, registry_key, model, row, entries)
        if problem is not None:
            return [problem]
        absent = sorted(e.path for e in entries if not self.blobs.exists(e.sha256))
        if absent:
            return [f"the stored bytes of {', '.join(absent[:10])} are missing from the blob store"]
        return []

    def _evaluate(
        self,
        uow: UnitOfWork,
        principal: Principal,
        model: ModelRow,
        row: VersionRow,
        stage: str,
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The policy's verdict for `stage` now, and the blocking findings it saw."""
        s = uow.session
        policy_row = self.policies.ensure_active(uow)
        compiled = compiled_for(policy_row)
        # Approvals are those of the promotion that moved the version into its stage.
        entered = s.execute(
            select(StageHistoryRow.promotion_id)
            .where(StageHistoryRow.version_id == row.id, StageHistoryRow.stage == row.stage)
            .order_by(StageHistoryRow.entered_at.desc())
            .limit(1)
        ).scalar()
        approvals = PromotionService.approval_inputs(s, entered) if entered else []
        status = approval_status(compiled.document.approvals, stage, model.risk_tier, approvals)
        document = build_input(
            s,
            model=model,
            version=row,
            target_stage=stage,
            requester=principal,
            approvals=approvals,
            approval_status=status,
            block_severity=self.policies.block_severity,
        )
        raw = canonical_json(document, field="input")
        _, results = decide(compiled, json.loads(raw))
        verdict = {
            "outcome": outcome(results),
            "policy_digest": policy_row.digest,
            "input_digest": sha256_hex(raw),
            "results": [r.model_dump() for r in result_reads(results) if not r.passed],
        }
        return verdict, document["scans"]["blocking"]
