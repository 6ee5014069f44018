"""Result types shared by every scanner."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["critical", "high", "medium", "low", "info"]
SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low", "info")


@dataclass(frozen=True)
class Finding:
    """Something a scanner found; ``message`` says what it is and what to do about it."""

    scanner: str
    rule: str
    severity: Severity
    path: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scanner": self.scanner,
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
            "details": self.details,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        severity = str(data["severity"])
        if severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}")
        return cls(
            scanner=str(data["scanner"]),
            rule=str(data["rule"]),
            severity=severity,
            path=str(data["path"]),
            message=str(data["message"]),
            details=dict(data.get("details") or {}),
        )


@dataclass(frozen=True)
class ScanError:
    """A file (or the whole scan) could not be scanned; ``reason`` says why."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScanError:
        return cls(path=str(data["path"]), reason=str(data["reason"]))


@dataclass
class ScanReport:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    scanner_versions: dict[str, str] = field(default_factory=dict)
    files_scanned: int = 0
    bytes_scanned: int = 0

    def worst_severity(self) -> Severity | None:
        for sev in SEVERITIES:
            if any(f.severity == sev for f in self.findings):
                return sev
        return None

    def by_severity(self, *severities: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity in severities]

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "errors": [e.to_dict() for e in self.errors],
            "scanner_versions": dict(self.scanner_versions),
            "files_scanned": self.files_scanned,
            "bytes_scanned": self.bytes_scanned,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScanReport:
        return cls(
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
            errors=[ScanError.from_dict(e) for e in data.get("errors", [])],
            scanner_versions={str(k): str(v) for k, v in data.get("scanner_versions", {}).items()},
            files_scanned=int(data.get("files_scanned", 0)),
            bytes_scanned=int(data.get("bytes_scanned", 0)),
        )


@dataclass
class Collector:
    """Findings and errors accumulated while scanning one file (or archive member)."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)

    def add(
        self,
        scanner: str,
        rule: str,
        severity: Severity,
        path: str,
        message: str,
        **details: Any,
    ) -> None:
        self.findings.append(Finding(scanner, rule, severity, path, message, dict(details)))

    def error(self, path: str, reason: str) -> None:
        self.errors.append(ScanError(path, reason))
