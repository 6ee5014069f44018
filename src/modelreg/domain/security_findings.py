"""Security findings: stable ids, severities, what blocks, and the `scans` policy input.

Every scanner (artifact files, licenses, vulnerabilities, signatures) reports findings in one
shape. A finding's id is a digest of what it is about (scanner, rule, path and a key such as the
advisory id), not of when it was found, so a re-scan of the same version digest yields the same
ids and a security exception granted for a finding keeps applying to it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

SEVERITIES = ("critical", "high", "medium", "low", "info")
_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}

# The four scanners whose latest results together make up a version's security state.
ARTIFACT, LICENSE, VULNERABILITY, SIGNATURE = "artifact", "license", "vulnerability", "signature"
SCANNERS = (ARTIFACT, LICENSE, VULNERABILITY, SIGNATURE)

# Categories a rule can select on, e.g. `f.category == "unsafe_serialization"`.
CATEGORIES = (
    "unsafe_serialization",
    "format",
    "archive",
    "secret",
    "license",
    "vulnerability",
    "signature",
    "scan_error",
)

COMPLETED, ERROR = "completed", "error"


def severity_rank(severity: str) -> int:
    """0 for info up to 4 for critical; unknown severities rank as medium (fail towards review)."""
    return _RANK.get(severity, _RANK["medium"])


def at_least(severity: str, threshold: str) -> bool:
    """True when `severity` is `threshold` or worse."""
    return severity_rank(severity) >= severity_rank(threshold)


def executes_code(finding: Mapping[str, Any]) -> bool:
    """True for a finding that loading the file runs code (a dangerous pickle global)."""
    return bool(finding["category"] == "unsafe_serialization" and finding["severity"] == "critical")


def finding_ranks(findings: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Severity rank per finding id, the highest where an id occurs twice (what search indexes:
    a finding blocks when its rank reaches the threshold's and no exception covers its id)."""
    ranks: dict[str, int] = {}
    for f in findings:
        key = str(f["id"])
        ranks[key] = max(ranks.get(key, 0), severity_rank(str(f["severity"])))
    return ranks


def finding_id(scanner: str, rule: str, path: str, key: str = "") -> str:
    """The stable id of a finding: the same finding on the same version keeps its id."""
    text = "\x1f".join((scanner, rule, path, key))
    return "f_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(value: Any) -> Any:
    """Escape control characters (NUL above all) that file contents put into scanner output:
    they would make the documents unreadable for API clients and terminals."""
    if isinstance(value, str):
        return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    if isinstance(value, dict):
        return {printable(k): printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable(v) for v in value]
    return value


def make_finding(
    scanner: str,
    category: str,
    rule: str,
    severity: str,
    path: str,
    message: str,
    *,
    key: str = "",
    details: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A finding as stored and returned by the API."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    return {
        "id": finding_id(scanner, rule, path, key),
        "scanner": scanner,
        "category": category,
        "rule": printable(rule),
        "severity": severity,
        "path": printable(path),
        "message": printable(message),
        "details": printable(dict(details or {})),
    }


@dataclass
class ScannerResult:
    """What one scanner concluded about one version digest."""

    scanner: str
    scanner_version: str
    status: str = COMPLETED
    findings: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    database_version: str | None = None


@dataclass(frozen=True)
class ActiveException:
    """An exception in force for one finding id."""

    id: str
    finding_id: str
    expires_at: datetime
    granted_by: str


@dataclass(frozen=True)
class StoredResult:
    """The latest stored result of one scanner for the digest being judged."""

    scanner: str
    status: str
    findings: Sequence[Mapping[str, Any]]
    errors: Sequence[Mapping[str, Any]]
    details: Mapping[str, Any]
    finished_at: datetime
    scanner_version: str
    database_version: str | None


def annotate(
    findings: Iterable[Mapping[str, Any]],
    exceptions: Mapping[str, ActiveException],
    block_severity: str,
) -> list[dict[str, Any]]:
    """Findings with `excepted` and `blocking` flags: blocking means at or above the threshold
    and not covered by an exception in force."""
    out = []
    for f in findings:
        exc = exceptions.get(str(f["id"]))
        item = dict(f)
        item["excepted"] = exc is not None
        item["exception_id"] = exc.id if exc else None
        item["blocking"] = exc is None and at_least(str(f["severity"]), block_severity)
        out.append(item)
    return out


def _status(latest: Mapping[str, StoredResult], pending: bool) -> str:
    if pending:
        return "pending"
    if not latest:
        return "none"
    if any(r.status == ERROR for r in latest.values()):
        return "failed"
    if all(s in latest for s in SCANNERS):
        return "complete"
    return "partial"


def _license_input(result: StoredResult | None) -> dict[str, Any]:
    if result is None:
        return {"status": "unknown", "expression": "", "denied": [], "needs_review": []}
    d = result.details
    return {
        "status": str(d.get("status", "unknown")),
        "expression": str(d.get("expression", "")),
        "denied": [str(x) for x in d.get("denied", [])],
        "needs_review": [str(x) for x in d.get("needs_review", [])],
    }


def _advisory_input(result: StoredResult | None, now: datetime) -> dict[str, Any]:
    """Which advisory database the vulnerability verdict rests on, and how old it is now."""
    if result is None:
        return {
            "database_version": "",
            "imported_at": "",
            "age_days": 0,
            "stale": False,
            "empty": False,
        }
    db = result.details.get("advisories", {})
    version = str(result.database_version or "none")
    # Results stored before freshness was recorded know only the database version.
    empty = bool(db.get("empty", version == "none"))
    imported = "" if empty else str(db.get("imported_at") or "")
    elapsed = now - datetime.fromisoformat(imported) if imported else timedelta(0)
    max_age = timedelta(days=int(db["max_age_days"])) if "max_age_days" in db else None
    # An empty database is as stale as one can be: a rule testing only `stale` still sees it.
    stale = empty or (max_age is not None and elapsed > max_age)
    age = max(elapsed.days, 0)
    return {
        "database_version": "" if empty else version,
        "imported_at": imported,
        "age_days": age,
        "stale": stale,
        "empty": empty,
    }


def _signature_input(result: StoredResult | None) -> dict[str, Any]:
    if result is None:
        return {"status": "unknown", "signer": "", "method": ""}
    d = result.details
    return {
        "status": str(d.get("status", "unknown")),
        "signer": str(d.get("signer", "")),
        "method": str(d.get("method", "")),
    }


@dataclass(frozen=True)
class SecurityState:
    """What is known about one version digest: the latest result of each scanner, every
    finding flagged `excepted`/`blocking`, and whether a scan is still to come.

    `pending` means no completed scan exists yet and one is coming; `recheck_pending` means a
    re-check is coming while a completed scan exists, which is what the state is judged on.
    """

    digest: str
    latest: Mapping[str, StoredResult]
    findings: list[dict[str, Any]]
    pending: bool
    recheck_pending: bool
    advisories: Mapping[str, Any]

    @property
    def status(self) -> str:
        """`complete`, `pending`, `partial`, `failed` or `none`."""
        return _status(self.latest, self.pending)

    @property
    def blocking(self) -> list[dict[str, Any]]:
        """Open findings at or above the blocking severity."""
        return [f for f in self.findings if f["blocking"]]

    def policy_input(self) -> dict[str, Any]:
        """The `scans` object of the policy input."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            if not f["excepted"]:
                counts[str(f["severity"])] += 1
        return {
            "status": self.status,
            "digest": self.digest,
            "counts": counts,
            "blocking": [_brief(f) for f in self.blocking],
            "findings": [_brief(f) for f in self.findings],
            "errors": [
                {
                    "scanner": name,
                    "path": str(e.get("path", "")),
                    "reason": str(e.get("reason", "")),
                }
                for name, r in sorted(self.latest.items())
                for e in r.errors
            ],
            "license": _license_input(self.latest.get(LICENSE)),
            "signature": _signature_input(self.latest.get(SIGNATURE)),
            "recheck_pending": self.recheck_pending,
            "advisories": dict(self.advisories),
        }


def security_state(
    digest: str,
    latest: Mapping[str, StoredResult],
    exceptions: Mapping[str, ActiveException],
    *,
    pending: bool,
    block_severity: str,
    now: datetime,
) -> SecurityState:
    """Combine stored results, exceptions in force and pending jobs into one state.

    A re-check (new license lists, new advisories, a re-scan) of a digest that has a completed
    scan does not make the state pending: until the re-check settles, the version is judged on
    its last completed scan, so a review in progress is not thrown away by the re-check.
    """
    findings = annotate(
        (f for r in latest.values() for f in r.findings), exceptions, block_severity
    )
    recheck = pending and _status(latest, pending=False) == "complete"
    return SecurityState(
        digest,
        latest,
        findings,
        pending=pending and not recheck,
        recheck_pending=recheck,
        advisories=_advisory_input(latest.get(VULNERABILITY), now),
    )


def _brief(f: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": str(f["id"]),
        "scanner": str(f["scanner"]),
        "category": str(f["category"]),
        "rule": str(f["rule"]),
        "severity": str(f["severity"]),
        "path": str(f["path"]),
        "message": str(f["message"]),
        "excepted": bool(f["excepted"]),
        "blocking": bool(f["blocking"]),
    }
