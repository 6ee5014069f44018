"""Match pinned dependencies against an `AdvisoryIndex`, with OSV range semantics.

A version is affected by an `affected[]` entry if it is listed in `versions`, or if any of its
`ECOSYSTEM`/`SEMVER` ranges includes it. A range is evaluated as the OSV schema specifies:
events sorted by version (`introduced: "0"` lowest), walked in order — `introduced` (<= v)
sets affected, `fixed` (<= v) and `last_affected` (< v) clear it — and, if `limit` events are
present, v must be below one of them. `GIT` ranges are not evaluated (no commit information).
Unpinned dependencies are not matched and are returned separately.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from modelreg.vulns.manifests import Dependency
from modelreg.vulns.osv import Advisory, AdvisoryIndex, Affected, AffectedRange, Severity
from modelreg.vulns.versions import canonical_version_string, version_key

__all__ = ["MatchNote", "MatchReport", "VulnFinding", "match", "range_includes", "scan"]

_TIE_ORDER = {"fixed": 0, "last_affected": 1, "limit": 2, "introduced": 3}
_SEVERITY_RANK = {"critical": 5, "high": 4, "medium": 3, "low": 2, "none": 1, "unknown": 0}


@dataclass(frozen=True, slots=True)
class VulnFinding:
    advisory_id: str
    aliases: tuple[str, ...]
    package: str
    ecosystem: str
    installed_version: str
    fixed_versions: list[str]
    severity: str  # none | low | medium | high | critical | unknown
    score: float | None
    summary: str
    source_path: str
    direct: bool = True


@dataclass(frozen=True, slots=True)
class MatchNote:
    dependency: Dependency
    advisory_id: str | None
    reason: str


@dataclass(slots=True)
class MatchReport:
    findings: list[VulnFinding] = field(default_factory=list)
    unpinned: list[Dependency] = field(default_factory=list)
    notes: list[MatchNote] = field(default_factory=list)  # unparsable versions and the like


class _Unparsable(Exception):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _key(range_type: str, ecosystem: str, text: str) -> Any:
    key = version_key(range_type, ecosystem, text)
    if key is None:
        raise _Unparsable(text)
    return key


def range_includes(rng: AffectedRange, ecosystem: str, version: str) -> bool:
    """Whether `version` is inside the OSV range; raises `ValueError` if a version is unparsable."""
    try:
        return _range_includes(rng, ecosystem, _key(rng.type, ecosystem, version))
    except _Unparsable as exc:
        raise ValueError(f"unparsable version {exc.text!r}") from None


def _range_includes(rng: AffectedRange, ecosystem: str, v: Any) -> bool:
    events: list[tuple[Any, int, str, bool]] = []  # (key, tie, kind, is_zero)
    limits: list[Any] = []
    for ev in rng.events:
        if ev.kind == "limit":
            if ev.version != "*":
                limits.append(_key(rng.type, ecosystem, ev.version))
            continue
        if ev.kind == "introduced" and ev.version == "0":
            events.append((None, -1, "introduced", True))
            continue
        events.append((_key(rng.type, ecosystem, ev.version), _TIE_ORDER[ev.kind], ev.kind, False))
    if limits and not any(v < limit for limit in limits):
        return False
    zeros = [e for e in events if e[3]]
    others = sorted((e for e in events if not e[3]), key=lambda e: (e[0], e[1]))
    affected = False
    for key, _tie, kind, is_zero in zeros + others:
        if kind == "introduced":
            if is_zero or v >= key:
                affected = True
        elif kind == "fixed":
            if v >= key:
                affected = False
        elif kind == "last_affected" and v > key:
            affected = False
    return affected


def _evaluate(
    dep: Dependency, version: str, advisory: Advisory, affected: Affected, report: MatchReport
) -> list[str] | None:
    """Fixed versions above the installed one if `dep` is affected, else None."""
    hit = canonical_version_string(dep.ecosystem, version) in affected.versions
    fixed: list[tuple[Any, str]] = []  # from ranges that include the version
    other_fixed: list[tuple[Any, str]] = []  # from the other ranges (for a `versions` hit)
    for rng in affected.ranges:
        if rng.type not in ("ECOSYSTEM", "SEMVER"):
            continue
        try:
            v = _key(rng.type, dep.ecosystem, version)
            included = _range_includes(rng, dep.ecosystem, v)
        except _Unparsable as exc:
            which = "installed" if exc.text == version else "advisory"
            report.notes.append(
                MatchNote(dep, advisory.id, f"unparsable {which} version {exc.text[:80]!r}")
            )
            continue
        upgrades: list[tuple[Any, str]] = []
        for ev in rng.events:
            if ev.kind != "fixed":
                continue
            key = version_key(rng.type, dep.ecosystem, ev.version)
            if key is not None and key > v:
                upgrades.append((key, ev.version))
        if included:
            hit = True
            fixed.extend(upgrades)
        else:
            other_fixed.extend(upgrades)
    if not hit:
        return None
    chosen = fixed if fixed else other_fixed
    try:
        ordered = [text for _, text in sorted(chosen, key=lambda item: item[0])]
    except TypeError:  # keys of different range types (SEMVER and ECOSYSTEM) in one entry
        ordered = [text for _, text in chosen]
    return list(dict.fromkeys(ordered))


def scan(deps: Iterable[Dependency], index: AdvisoryIndex) -> MatchReport:
    """Findings for pinned dependencies, unpinned dependencies, and notes."""
    report = MatchReport()
    seen: set[tuple[str, str, str, str, str]] = set()
    for dep in deps:
        if dep.version is None:
            report.unpinned.append(dep)
            continue
        for advisory, affected in index.lookup_normalised(dep.ecosystem, dep.name):
            marker = (advisory.id, dep.ecosystem, dep.name, dep.version, dep.source_path)
            if marker in seen:
                continue
            fixed = _evaluate(dep, dep.version, advisory, affected, report)
            if fixed is None:
                continue
            seen.add(marker)
            severity: Severity = affected.severity or advisory.severity
            report.findings.append(
                VulnFinding(
                    advisory_id=advisory.id,
                    aliases=advisory.aliases,
                    package=dep.name,
                    ecosystem=dep.ecosystem,
                    installed_version=dep.version,
                    fixed_versions=fixed,
                    severity=severity.rating,
                    score=severity.score,
                    summary=advisory.summary,
                    source_path=dep.source_path,
                    direct=dep.direct,
                )
            )
    report.findings.sort(
        key=lambda f: (-_SEVERITY_RANK.get(f.severity, 0), f.package, f.advisory_id, f.source_path)
    )
    return report


def match(deps: Iterable[Dependency], index: AdvisoryIndex) -> list[VulnFinding]:
    """Findings only; see `scan` for unpinned dependencies and unparsable-version notes."""
    return scan(deps, index).findings
