"""The scanners a worker runs over a version's decrypted files, each giving a ScannerResult.

Model files are only read by the artifact scanner, in a child process with memory and time
limits (`modelreg.scanning.runner`); nothing here loads or unpickles a model. Manifest parsing,
license detection and signature checks read small text/JSON files with size limits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from modelreg.domain.security_findings import (
    ARTIFACT,
    ERROR,
    VULNERABILITY,
    ScannerResult,
    make_finding,
)
from modelreg.scanning.findings import ScanReport
from modelreg.scanning.limits import ScanLimits
from modelreg.scanning.runner import scan_in_subprocess
from modelreg.services.advisories import AdvisoryDatabase
from modelreg.vulns import (
    AdvisoryIndex,
    Dependency,
    ManifestError,
    find_manifests,
    parse_manifest,
    scan,
)

# Library scanner names → finding categories that policy rules select on.
_CATEGORIES = {
    "modelreg.pickle": "unsafe_serialization",
    "modelscan": "unsafe_serialization",
    "modelreg.structure": "format",
    "modelreg.archive": "archive",
    "modelreg.secrets": "secret",
}
# OSV ratings → finding severities; an unrated advisory is treated as medium (needs a look).
_VULN_SEVERITY = {
    "critical": "critical",
    "high": "high",
    "medium": "medium",
    "low": "low",
    "none": "info",
    "unknown": "medium",
}


def _key(details: dict[str, Any]) -> str:
    return json.dumps(details, sort_keys=True, separators=(",", ":"), default=str)


def artifact_result(report: ScanReport, root: Path) -> ScannerResult:
    """Turn the file scanner's report into stored findings; unscannable files become findings
    (they may hide anything), a scan that did not finish becomes an error."""
    versions = ", ".join(f"{k}=={v}" for k, v in sorted(report.scanner_versions.items()))
    findings = [
        make_finding(
            ARTIFACT,
            _CATEGORIES.get(f.scanner, "format"),
            f.rule,
            f.severity,
            f.path,
            f.message,
            key=_key(f.details),
            details={"scanner": f.scanner, **f.details},
        )
        for f in report.findings
    ]
    whole_scan = [e for e in report.errors if e.path in (str(root), "")]
    for e in report.errors:
        if e in whole_scan:
            continue
        findings.append(
            make_finding(
                ARTIFACT,
                "scan_error",
                "unscannable-file",
                "high",
                e.path,
                f"could not be scanned: {e.reason}; fix or remove the file, or ask security "
                "for an exception",
                key=e.reason,
            )
        )
    return ScannerResult(
        scanner=ARTIFACT,
        scanner_version=versions or "modelreg.scanning",
        status=ERROR if whole_scan else "completed",
        findings=findings,
        errors=[{"path": "", "reason": e.reason} for e in whole_scan],
        details={"files_scanned": report.files_scanned, "bytes_scanned": report.bytes_scanned},
    )


def scan_files(root: Path, *, timeout_s: float, memory_mb: int) -> ScannerResult:
    """Run the artifact scanner over `root` in a limited child process."""
    report = scan_in_subprocess(root, ScanLimits(), timeout_s=timeout_s, memory_mb=memory_mb)
    return artifact_result(report, root)


def dependencies(root: Path) -> tuple[list[Dependency], list[dict[str, Any]]]:
    """Dependencies declared by the manifests among the files, and findings for unreadable ones."""
    deps: list[Dependency] = []
    problems: list[dict[str, Any]] = []
    for path in find_manifests([root]):
        rel = path.relative_to(root).as_posix()
        try:
            deps.extend(parse_manifest(path, source_path=rel).dependencies)
        except ManifestError as exc:
            problems.append(
                make_finding(
                    VULNERABILITY,
                    "scan_error",
                    "manifest-unreadable",
                    "medium",
                    rel,
                    f"dependency manifest could not be read ({exc}); its packages were not "
                    "checked for vulnerabilities",
                    key=str(exc),
                )
            )
    return deps, problems


def dependency_to_dict(dep: Dependency) -> dict[str, Any]:
    """A dependency as stored in the artifact scan's inventory."""
    return asdict(dep)


def dependency_from_dict(data: dict[str, Any]) -> Dependency:
    """The inverse of `dependency_to_dict`."""
    return Dependency(**data)


def _database_findings(database: AdvisoryDatabase) -> list[dict[str, Any]]:
    """An empty or stale advisory database is itself a finding: a clean vulnerability result
    read from it proves little. Below the default blocking severity on purpose (see
    docs/security.md, "Advisory database"): every new registry starts with an empty one."""
    if database.empty:
        return [
            make_finding(
                VULNERABILITY,
                "scan_error",
                "advisory-database-empty",
                "medium",
                "(advisory database)",
                "no advisories are loaded, so no dependency was checked for known "
                "vulnerabilities; load an OSV export with `modelreg advisories import` "
                "(the versions are re-checked automatically)",
            )
        ]
    if database.stale and database.imported_at is not None:
        return [
            make_finding(
                VULNERABILITY,
                "scan_error",
                "advisory-database-stale",
                "low",
                "(advisory database)",
                f"the advisory database {database.database_version} was imported "
                f"{database.imported_at:%Y-%m-%d}, more than {database.max_age_days} days "
                "before this check, so recent advisories are missing; import a fresh OSV "
                "export with `modelreg advisories import`",
                key=database.database_version or "",
            )
        ]
    return []


def vulnerability_result(
    deps: Sequence[Dependency],
    index: AdvisoryIndex,
    database: AdvisoryDatabase,
    extra_findings: Iterable[dict[str, Any]] = (),
) -> ScannerResult:
    """Match dependencies against the advisory index."""
    report = scan(deps, index)
    findings = list(extra_findings) + _database_findings(database)
    for v in report.findings:
        findings.append(
            make_finding(
                VULNERABILITY,
                "vulnerability",
                v.advisory_id,
                _VULN_SEVERITY.get(v.severity, "medium"),
                v.source_path,
                f"{v.package} {v.installed_version} is affected by {v.advisory_id}"
                + (f" ({v.summary})" if v.summary else "")
                + (
                    f"; upgrade to {' or '.join(v.fixed_versions)}"
                    if v.fixed_versions
                    else "; no fixed version is published"
                ),
                key=f"{v.ecosystem}:{v.package}:{v.installed_version}",
                details={
                    "advisory_id": v.advisory_id,
                    "aliases": list(v.aliases),
                    "package": v.package,
                    "ecosystem": v.ecosystem,
                    "installed_version": v.installed_version,
                    "fixed_versions": list(v.fixed_versions),
                    "cvss_score": v.score,
                    "osv_severity": v.severity,
                    "direct": v.direct,
                },
            )
        )
    return ScannerResult(
        scanner=VULNERABILITY,
        scanner_version="modelreg.vulns==1",
        database_version=database.database_version or "none",
        findings=findings,
        details={
            "dependencies": len(deps),
            "unpinned": len(report.unpinned),
            "advisory_database": database.database_version
            or "none (run `modelreg advisories import`)",
            "advisories": database.to_dict(),
        },
    )
