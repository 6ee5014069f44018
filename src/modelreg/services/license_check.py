"""The license scanner: the version's own declarations and everything inherited from its base
models, judged against the license lists in force."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from modelreg.domain.security_findings import LICENSE, ScannerResult, make_finding
from modelreg.licensing import LicenseInput, LicensePolicy, evaluate, find_license_sources
from modelreg.storage.tables import LineageRow, ModelRow, ScanResultRow, VersionRow

SCANNER_VERSION = "modelreg.licensing==1"
# How deep base models are followed; lineage cycles are refused at link time, this bounds cost.
MAX_DEPTH = 20


def license_sources(root: Path) -> list[dict[str, str]]:
    """License declarations found in the files (LICENSE texts, Hugging Face card metadata)."""
    return [asdict(s) for s in find_license_sources(root)]


def _upstream_expression(session: Session, version_id: str) -> tuple[str, str] | None:
    """The combined expression of a registry base model's own latest license result."""
    row = session.execute(
        select(ScanResultRow.details)
        .where(ScanResultRow.version_id == version_id, ScanResultRow.scanner == LICENSE)
        .order_by(ScanResultRow.started_at.desc(), ScanResultRow.finished_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None:
        return None
    return str(row.get("expression", "")), "its latest license scan"


@dataclass
class LicenseInputs:
    """Everything the license verdict of one version is based on."""

    inputs: list[LicenseInput]

    @classmethod
    def collect(
        cls,
        session: Session,
        model: ModelRow,
        version: VersionRow,
        detected: list[dict[str, str]],
    ) -> LicenseInputs:
        """The model's declared license, detected files, and every base model's license."""
        inputs: list[LicenseInput] = []
        if model.license:
            inputs.append(LicenseInput("model", model.license))
        inputs += [LicenseInput(d["origin"], d["expression"]) for d in detected]
        inputs += _inherited(session, version.id)
        return cls(inputs)


def _inherited(session: Session, version_id: str) -> list[LicenseInput]:
    found: list[LicenseInput] = []
    frontier, seen = [version_id], {version_id}
    for _ in range(MAX_DEPTH):
        links = session.execute(
            select(LineageRow.ref, LineageRow.attributes, LineageRow.upstream_version_id).where(
                LineageRow.version_id.in_(frontier), LineageRow.kind == "base_model"
            )
        ).all()
        frontier = []
        for ref, attributes, upstream in links:
            origin = f"base-model:{ref}"
            if upstream is None:
                # External base model: only what the link declares (unknown = needs review).
                found.append(LicenseInput(origin, str((attributes or {}).get("license", ""))))
                continue
            if upstream in seen:
                continue
            seen.add(upstream)
            frontier.append(upstream)
            scanned = _upstream_expression(session, upstream)
            if scanned is not None and scanned[0]:
                found.append(LicenseInput(origin, scanned[0]))
                continue
            declared = session.execute(
                select(ModelRow.license)
                .join(VersionRow, VersionRow.model_id == ModelRow.id)
                .where(VersionRow.id == upstream)
            ).scalar_one_or_none()
            found.append(LicenseInput(origin, declared or ""))
        if not frontier:
            break
    return found


def license_result(inputs: LicenseInputs, policy: LicensePolicy, number: int) -> ScannerResult:
    """Judge the inputs; a denied license is a critical finding, one needing review is high."""
    verdict = evaluate(inputs.inputs, policy)
    findings: list[dict[str, Any]] = []
    for source in verdict.sources:
        if source["status"] == "allowed":
            continue
        denied = source["status"] == "denied"
        findings.append(
            make_finding(
                LICENSE,
                "license",
                "license-denied" if denied else "license-needs-review",
                "critical" if denied else "high",
                source["origin"],
                f"{source['origin']} declares {source['expression'] or 'no license'}: "
                f"{source['reason']}"
                + (
                    "; use a differently licensed model or ask security for an exception"
                    if denied
                    else "; a security architect must review it (exception) or add it to the "
                    "license lists"
                ),
                key=source["expression"],
                details=dict(source),
            )
        )
    if not verdict.sources:
        findings.append(
            make_finding(
                LICENSE,
                "license",
                "license-missing",
                "high",
                "(version)",
                "no license is declared by the model, a LICENSE file, the card metadata or the "
                "base models; set the model's license (SPDX) or add a LICENSE file",
            )
        )
    return ScannerResult(
        scanner=LICENSE,
        scanner_version=SCANNER_VERSION,
        database_version=f"license-policy-{number}",
        findings=findings,
        details=verdict.to_dict(),
    )
