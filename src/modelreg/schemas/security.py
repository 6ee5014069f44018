"""Documents of scans, findings, exceptions, SBOMs, license lists, deploy checks, notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from modelreg.schemas.common import Rfc3339, Schema

Severity = Literal["critical", "high", "medium", "low", "info"]


class FindingRead(Schema):
    """One finding of the latest scan results, with whether it is excepted and blocks."""

    id: str = Field(description="Stable id; the same finding on the same digest keeps it.")
    scanner: str = Field(description="`artifact`, `license`, `vulnerability` or `signature`.")
    category: str
    rule: str
    severity: Severity
    path: str
    message: str = Field(description="What was found and what to do about it.")
    details: dict[str, Any]
    excepted: bool
    exception_id: str | None
    blocking: bool = Field(description="Open and at or above the configured blocking severity.")


class ScannerState(Schema):
    """The latest result of one scanner for the current digest."""

    status: Literal["completed", "error"]
    scanner_version: str
    database_version: str | None
    finished_at: datetime


class PendingJob(Schema):
    """A scan job that has not finished."""

    id: str
    kind: str
    state: str
    created_at: datetime


class ScanQueueState(Schema):
    """Whether anyone is running the version's unfinished jobs, so waiting differs from stuck."""

    state: Literal["queued", "running"]
    queued_since: datetime = Field(description="When the oldest unfinished job was queued.")
    workers_alive: int
    worker_alive: bool = Field(description="False: no worker has sent a heartbeat lately.")
    detail: str = Field(examples=["scan queued for 12 minutes, no worker alive: start …"])


class ScanResultSummary(Schema):
    """One stored scan result (append-only history)."""

    id: str
    scan_id: str = Field(description="Results stored by the same job share it.")
    scanner: str
    scanner_version: str
    database_version: str | None
    version_digest: str
    status: Literal["completed", "error"]
    trigger: str
    finished_at: datetime
    finding_count: int
    errors: list[dict[str, Any]]


class ScanResultRead(ScanResultSummary):
    """One stored scan result with its findings and details."""

    findings: list[dict[str, Any]]
    details: dict[str, Any]


class SecurityStatus(Schema):
    """A version's security state: what the policy sees, every finding, and the history."""

    model: str
    version: str
    digest: str
    status: Literal["complete", "pending", "partial", "failed", "none"]
    counts: dict[str, int] = Field(description="Open findings per severity.")
    license: dict[str, Any]
    signature: dict[str, Any]
    recheck_pending: bool = Field(
        description="A re-check is queued or running; until it settles, the state above is "
        "that of the last completed scan."
    )
    advisories: dict[str, Any] = Field(
        description="The advisory database the vulnerability verdict used: database_version, "
        "imported_at, age_days, stale, empty."
    )
    scanners: dict[str, ScannerState]
    pending_jobs: list[PendingJob]
    queue: ScanQueueState | None = Field(
        default=None, description="Where the pending jobs stand; null when none is pending."
    )
    findings: list[FindingRead]
    history: list[ScanResultSummary]


class ScanRequested(Schema):
    """A queued scan job."""

    job_id: str


class ExceptionCreate(Schema):
    """Accept one finding on the version's current digest for a limited time."""

    finding_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(
        min_length=10,
        max_length=4000,
        pattern=r"^\s*\S[\s\S]{8,}\S\s*$",
        description="The accepted risk and why (at least 10 characters besides spaces).",
    )
    expires_at: Rfc3339 = Field(
        description="At most 90 days ahead (RFC 3339); it expires by itself."
    )


class ExceptionRead(Schema):
    """A granted exception and whether it is still in force."""

    id: str
    finding_id: str
    version_digest: str
    reason: str
    granted_by: str = Field(description="User id of the security architect who granted it.")
    granted_by_name: str | None = Field(default=None, description="Their username, when read.")
    granted_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    revoked_by: str | None
    revoked_by_name: str | None = Field(default=None, description="Username of the revoker.")
    state: Literal["active", "expired", "revoked"]


class LicenseLists(Schema):
    """License lists: SPDX ids or `LicenseRef-…`; a trailing `*` matches a prefix."""

    allow: list[str] = Field(max_length=1000)
    deny: list[str] = Field(max_length=1000)
    review: list[str] = Field(max_length=1000)


class LicensePolicyRead(LicenseLists):
    """The lists in force; number 0 is the built-in default."""

    number: int


class ContainerSbomRead(Schema):
    """An uploaded container SBOM (its document is at GET …/container-sbom?document=true)."""

    id: str
    format: Literal["cyclonedx", "spdx"]
    sha256: str
    component_count: int
    uploaded_at: datetime
    uploaded_by: str


class DeployCheck(Schema):
    """The digest about to be deployed and where."""

    digest: str = Field(pattern=r"^(sha256:)?[0-9a-f]{64}$", description="Version digest.")
    target: str = Field(
        min_length=1, max_length=200, description="Deployment target, e.g. `prod-eu-1`."
    )
    stage: Literal["staging", "production"] = Field(
        default="production",
        description="The tier the target belongs to; a version must have reached it, and that "
        "stage's rules are evaluated. Defaults to the strictest.",
    )


class DeployVerdict(Schema):
    """Whether the version may be deployed now, and why not."""

    allowed: bool
    model: str
    version: str
    digest: str
    stage: str = Field(description="The version's current stage.")
    target: str
    target_stage: Literal["staging", "production"]
    reasons: list[str]
    outcome: Literal["pass", "blocked"]
    policy_digest: str
    input_digest: str
    results: list[dict[str, Any]] = Field(description="The rules that did not pass.")


class AdvisoryStatus(Schema):
    """The local advisory mirror."""

    database_version: str | None
    advisories: int
    imported_at: datetime | None
    source: str | None = None


class NotificationRead(Schema):
    """Something a team must look at."""

    id: str
    kind: str
    audience: str
    severity: str
    subject: str
    title: str
    details: dict[str, Any]
    created_at: datetime
