"""Building the one documented input document that policy rules are evaluated over."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from modelreg.domain.access import Principal
from modelreg.domain.cards import ANNOTATED_SECTIONS
from modelreg.domain.manifest import build_manifest
from modelreg.domain.security_findings import SIGNATURE
from modelreg.services.catalog import owner_ids, pending_tier_changes
from modelreg.services.models import current_tags
from modelreg.services.security_state import read_state
from modelreg.services.signatures import signature_input
from modelreg.services.versions import manifest_of
from modelreg.storage.tables import LineageRow, ModelRow, VersionRow, VersionTagRow

_LINEAGE_GROUPS = {
    "dataset": "datasets",
    "code": "code",
    "training_run": "training_runs",
    "base_model": "base_models",
    "other": "other",
}


def _lineage(session: Session, version_id: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {g: [] for g in _LINEAGE_GROUPS.values()}
    rows = session.execute(
        select(LineageRow.kind, LineageRow.ref, LineageRow.attributes)
        .where(LineageRow.version_id == version_id)
        .order_by(LineageRow.id)
    ).all()
    for kind, ref, attrs in rows:
        entry = dict(attrs)
        if kind == "base_model":
            entry = {"ref": ref, "license": str(attrs.get("license", ""))}
        grouped[_LINEAGE_GROUPS[kind]].append(entry)
    return grouped


def _card(annotations: dict[str, Any], has_datasets: bool) -> dict[str, Any]:
    sections = {key: bool(annotations.get(key)) for key, _ in ANNOTATED_SECTIONS}
    # The generated card fills "training data" from lineage when it was not written by hand.
    sections["training_data"] = sections["training_data"] or has_datasets
    return {"sections": sections, "missing": sorted(k for k, v in sections.items() if not v)}


def build_input(
    session: Session,
    *,
    model: ModelRow,
    version: VersionRow,
    target_stage: str,
    requester: Principal | dict[str, Any],
    approvals: list[dict[str, Any]],
    approval_status: dict[str, Any],
    block_severity: str,
    risk_tier: str | None = None,
) -> dict[str, Any]:
    """The input document of a decision (see docs/governance.md for every field).

    `risk_tier` is the tier being judged (a promotion's highest since its request); it
    defaults to the model's current tier.
    """
    files = build_manifest(manifest_of(session, version.id))
    lineage = _lineage(session, version.id)
    version_tags = dict(
        session.execute(
            select(VersionTagRow.key, VersionTagRow.value).where(
                VersionTagRow.version_id == version.id
            )
        ).all()
    )
    pending = pending_tier_changes(session, [model.id]).get(model.id)
    state = read_state(session, version, block_severity)
    if isinstance(requester, Principal):
        requester = {"id": requester.user_id, "roles": sorted(r.value for r in requester.roles)}
    return {
        "target_stage": target_stage,
        "requester": requester,
        "model": {
            "group": model.group_name,
            "name": model.name,
            "full_name": model.full_name,
            "risk_tier": risk_tier or model.risk_tier,
            "pending_risk_tier": pending.to_tier if pending else "",
            "owners": sorted(owner_ids(session, model.id)),
            "tags": current_tags(session, model.id),
            "task": model.task or "",
            "framework": model.framework or "",
            "license": model.license or "",
        },
        "version": {
            "version": version.version,
            "stage": version.stage,
            "sealed": version.sealed_at is not None,
            "digest": version.manifest_digest or "",
            "is_prerelease": version.is_prerelease,
            "tags": version_tags,
            "metadata": version.metadata_json,
            "artifact_count": len(files),
            "total_size": sum(f["size"] for f in files),
        },
        "manifest": files,
        "lineage": lineage,
        "card": _card(version.annotations or {}, bool(lineage["datasets"])),
        "approvals": approvals,
        "approval_status": approval_status,
        "scans": state.policy_input(),
        "signature": signature_input(session, version, state.latest.get(SIGNATURE)),
        "evaluations": {},
    }
