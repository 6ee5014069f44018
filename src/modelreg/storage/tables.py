"""ORM tables. Rows, not domain objects: services map them to read models.

The full-text index (SQLite FTS5 / PostgreSQL tsvector) and the append-only triggers are
dialect-specific and live in the migrations, not here (see storage/dialect_sql.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from modelreg.storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(36)


class Base(DeclarativeBase):
    """Declarative base with stable constraint names for migrations."""

    metadata = MetaData(naming_convention=NAMING)


class UserRow(Base):
    """A registry user; `id` is the pseudonymous subject id that the audit chain records."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class UserRoleRow(Base):
    """One role held by one user."""

    __tablename__ = "user_roles"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)


class TokenRow(Base):
    """An API token, stored only as the SHA-256 of its secret."""

    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    label: Mapped[str] = mapped_column(String(200), default="")


class ModelRow(Base):
    """A model: identity group/name plus descriptive, governance-relevant fields."""

    __tablename__ = "models"
    __table_args__ = (
        UniqueConstraint("group_name", "name", name="uq_models_group_name"),
        Index("ix_models_risk_group", "risk_tier", "group_name", "name"),
        Index("ix_models_created", "created_at", "id"),
        Index("ix_models_updated", "updated_at", "id"),
        Index("ix_models_framework", "framework"),
        # Facet counts and the task/license filters of search (revision 0009).
        Index("ix_models_task", "task"),
        Index("ix_models_license", "license"),
        Index("ix_models_stage_mask", "stage_mask"),
        # Covers services/model_filters.FACET_COLUMNS: facets read these, not the wide rows.
        Index(
            "ix_models_facets",
            "group_name",
            "risk_tier",
            "framework",
            "task",
            "license",
            "stage_mask",
            "id",
        ),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    group_name: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(129), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    risk_tier: Mapped[str] = mapped_column(String(16))
    task: Mapped[str | None] = mapped_column(String(100), nullable=True)
    framework: Mapped[str | None] = mapped_column(String(100), nullable=True)
    license: Mapped[str | None] = mapped_column(String(200), nullable=True)
    latest_version: Mapped[str | None] = mapped_column(String(128), nullable=True)
    latest_sort_key: Mapped[str | None] = mapped_column(
        String(255).with_variant(String(255, collation="C"), "postgresql"), nullable=True
    )
    # Only the full-text index reads it; deferred so list pages do not load it.
    search_text: Mapped[str] = mapped_column(Text, default="", deferred=True)
    # lifecycle.STAGE_BITS of the stages its versions are in; kept by database triggers on
    # model_versions (revision 0009), so no code path can leave it stale.
    stage_mask: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(ID)


class RiskTierChangeRow(Base):
    """A change of a model's risk tier: raised at once, or lowered only after MRC approval."""

    __tablename__ = "risk_tier_changes"
    __table_args__ = (Index("ix_risk_tier_changes_model", "model_id", "state", "requested_at"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    model_id: Mapped[str] = mapped_column(ForeignKey("models.id"))
    from_tier: Mapped[str] = mapped_column(String(16))
    to_tier: Mapped[str] = mapped_column(String(16))
    # pending → approved | rejected | withdrawn | superseded; a raise is `applied` at once.
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(ID)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[str | None] = mapped_column(ID, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    rationale: Mapped[str | None] = mapped_column(Text, nullable=True)


class ModelOwnerRow(Base):
    """A user who owns a model (may change it)."""

    __tablename__ = "model_owners"
    model_id: Mapped[str] = mapped_column(ForeignKey("models.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)


class ModelTagRow(Base):
    """A key → value tag on a model."""

    __tablename__ = "model_tags"
    __table_args__ = (Index("ix_model_tags_kv", "key", "value", "model_id"),)
    model_id: Mapped[str] = mapped_column(ForeignKey("models.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


class VersionRow(Base):
    """A semantic version of a model; `sort_key` orders by SemVer precedence as plain text."""

    __tablename__ = "model_versions"
    __table_args__ = (
        UniqueConstraint("model_id", "version", name="uq_model_versions_model_version"),
        # Equal precedence (1.0.0 vs 1.0.0+b1) is one version: `latest` must not depend on build
        # metadata. NULL only on duplicates that existed before revision 0008 (see there).
        Index("uq_model_versions_model_precedence", "model_id", "precedence", unique=True),
        Index("ix_model_versions_order", "model_id", "sort_key"),
        Index("ix_model_versions_stage", "stage", "model_id"),
        Index("ix_model_versions_created", "created_at", "id"),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    model_id: Mapped[str] = mapped_column(ForeignKey("models.id"))
    version: Mapped[str] = mapped_column(String(128))
    # Byte order is SemVer precedence only under a binary collation ("C" on PostgreSQL).
    sort_key: Mapped[str] = mapped_column(
        String(255).with_variant(String(255, collation="C"), "postgresql")
    )
    # sort_key without build metadata (SemVer.precedence_sort_key).
    precedence: Mapped[str | None] = mapped_column(
        String(255).with_variant(String(255, collation="C"), "postgresql"), nullable=True
    )
    is_prerelease: Mapped[bool] = mapped_column(Boolean)
    stage: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    metadata_json: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    annotations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    manifest_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sealed_by: Mapped[str | None] = mapped_column(ID, nullable=True)
    # Only the full-text index reads it; deferred so list pages do not load it.
    search_text: Mapped[str] = mapped_column(Text, default="", deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(ID)


class VersionTagRow(Base):
    """A key → value tag on a version."""

    __tablename__ = "version_tags"
    __table_args__ = (Index("ix_version_tags_kv", "key", "value", "version_id"),)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


class BlobRow(Base):
    """A stored, encrypted, content-addressed blob (plaintext SHA-256)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ArtifactRow(Base):
    """A file of a version: a path naming a blob."""

    __tablename__ = "artifacts"
    __table_args__ = (UniqueConstraint("version_id", "path", name="uq_artifacts_version_path"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    path: Mapped[str] = mapped_column(String(1024))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    media_type: Mapped[str] = mapped_column(String(200), default="application/octet-stream")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(ID)


class LineageRow(Base):
    """One upstream link of a version; `ref` is the normalised key that reverse queries match."""

    __tablename__ = "lineage"
    __table_args__ = (
        Index("ix_lineage_kind_ref", "kind", "ref"),
        Index("ix_lineage_version", "version_id"),
        Index("ix_lineage_upstream", "upstream_version_id"),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    kind: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str] = mapped_column(String(1024))
    digest: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    upstream_version_id: Mapped[str | None] = mapped_column(
        ForeignKey("model_versions.id"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEventRow(Base):
    """One link of the hash chain. Append-only: database triggers reject UPDATE and DELETE."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_subject", "subject", "seq"),
        Index("ix_audit_actor", "actor", "seq"),
        Index("ix_audit_action", "action", "seq"),
        Index("ix_audit_time", "occurred_at"),
    )
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    occurred_at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(512))
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHeadRow(Base):
    """The chain head (single row): its row lock orders writers across processes."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class AuthGenerationRow(Base):
    """A counter (single row) that triggers bump on every token, user or role change.

    API processes cache authenticated callers and compare this value on each request, so a
    revocation applies at once in every process (migration 0008 installs the triggers).
    """

    __tablename__ = "auth_generation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class OutboxRow(Base):
    """A domain event written with its change, for webhooks, notifications and jobs."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "dispatched_at", "id"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class IdempotencyRow(Base):
    """A creating request seen with an Idempotency-Key, and the response to replay."""

    __tablename__ = "idempotency_keys"
    principal_id: Mapped[str] = mapped_column(ID, primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    response_body: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PolicySetRow(Base):
    """One version of the policy set; exactly one is active. Rows are never changed but for
    `active`, so a decision can always be replayed with the policy it was made under."""

    __tablename__ = "policy_sets"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(ID)


class PromotionRow(Base):
    """A request to move a version to another stage, and where it stands."""

    __tablename__ = "promotions"
    __table_args__ = (
        Index("ix_promotions_version", "version_id", "created_at"),
        Index("ix_promotions_state", "state", "created_at"),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    from_stage: Mapped[str] = mapped_column(String(32))
    target_stage: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(32))
    rationale: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(ID)
    # Snapshots taken at request time: approvals are judged against what was requested, so
    # lowering the risk tier or leaving the owners list mid-review cannot open a loophole.
    risk_tier: Mapped[str] = mapped_column(String(16))
    owner_ids: Mapped[list[str]] = mapped_column(JSON)
    version_digest: Mapped[str] = mapped_column(String(64))
    policy_set_id: Mapped[str] = mapped_column(ForeignKey("policy_sets.id"))
    policy_digest: Mapped[str] = mapped_column(String(64))
    last_decision_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApprovalRow(Base):
    """One approver's immutable verdict on a promotion, bound to the digests it saw."""

    __tablename__ = "approvals"
    __table_args__ = (
        # One verdict per approver and role: the two-person rule (distinct people) is checked
        # by the policy's approval status, and this keeps parallel duplicates from counting.
        UniqueConstraint(
            "promotion_id", "approver_id", "role", name="uq_approvals_promotion_approver_role"
        ),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    promotion_id: Mapped[str] = mapped_column(ForeignKey("promotions.id"), index=True)
    approver_id: Mapped[str] = mapped_column(ID)
    role: Mapped[str] = mapped_column(String(32))
    decision: Mapped[str] = mapped_column(String(16))
    rationale: Mapped[str] = mapped_column(Text)
    version_digest: Mapped[str] = mapped_column(String(64))
    policy_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DecisionRow(Base):
    """A policy evaluation with everything needed to replay it: input, policy version, results."""

    __tablename__ = "decisions"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    promotion_id: Mapped[str] = mapped_column(ForeignKey("promotions.id"), index=True)
    trigger: Mapped[str] = mapped_column(String(32))
    input_json: Mapped[str] = mapped_column(Text)
    input_digest: Mapped[str] = mapped_column(String(64))
    policy_set_id: Mapped[str] = mapped_column(ForeignKey("policy_sets.id"))
    policy_digest: Mapped[str] = mapped_column(String(64))
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # Also inside input_json; kept beside it so reading a promotion need not parse the input.
    approval_status: Mapped[dict[str, Any]] = mapped_column(JSON)
    outcome: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(ID)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StageHistoryRow(Base):
    """Every stage a version entered: who, when, why, and on which decision."""

    __tablename__ = "stage_history"
    __table_args__ = (Index("ix_stage_history_version", "version_id", "entered_at"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    from_stage: Mapped[str | None] = mapped_column(String(32), nullable=True)
    stage: Mapped[str] = mapped_column(String(32))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(ID)
    rationale: Mapped[str] = mapped_column(Text, default="")
    promotion_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    decision_id: Mapped[str | None] = mapped_column(ID, nullable=True)


class JobRow(Base):
    """A unit of background work (scans), claimed by workers from the database so it survives
    restarts: a running job whose lease expired is claimed again."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_claim", "state", "run_after"),
        Index("ix_jobs_version", "version_id", "created_at"),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    version_id: Mapped[str | None] = mapped_column(ForeignKey("model_versions.id"), nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    run_after: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    worker: Mapped[str | None] = mapped_column(String(100), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class WorkerHeartbeatRow(Base):
    """One running worker process and when it last proved it is alive (operational state:
    rewritten every few seconds, removed when the worker stops, so it is not audited)."""

    __tablename__ = "worker_heartbeats"
    __table_args__ = (Index("ix_worker_heartbeats_last_seen", "last_seen"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime())


class ScanResultRow(Base):
    """One scanner's verdict on one version digest. Append-only: a re-scan adds a row."""

    __tablename__ = "scan_results"
    __table_args__ = (Index("ix_scan_results_version", "version_id", "finished_at"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    version_digest: Mapped[str] = mapped_column(String(64))
    scan_id: Mapped[str] = mapped_column(ID, index=True)
    scanner: Mapped[str] = mapped_column(String(32))
    scanner_version: Mapped[str] = mapped_column(String(500))
    database_version: Mapped[str | None] = mapped_column(String(100), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    trigger: Mapped[str] = mapped_column(String(32))
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CurrentFindingRow(Base):
    """One finding of a version's current security state, for versions not archived: derived
    from the latest result per scanner (security_state.latest_results) whenever results are
    stored, so search can ask "has blocking findings" without decoding scan JSON or reading
    versions. Exceptions and the blocking threshold are applied when reading, since both change
    without a scan (expiry, configuration)."""

    __tablename__ = "current_findings"
    __table_args__ = (Index("ix_current_findings_rank", "severity_rank", "model_id"),)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"), primary_key=True)
    finding_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    model_id: Mapped[str] = mapped_column(ForeignKey("models.id"))
    version_digest: Mapped[str] = mapped_column(String(64))
    # security_findings.severity_rank of the finding's severity (0 info … 4 critical).
    severity_rank: Mapped[int] = mapped_column(Integer)


class FindingExceptionRow(Base):
    """A time-limited exception for one finding on one version digest, granted by security."""

    __tablename__ = "finding_exceptions"
    __table_args__ = (Index("ix_finding_exceptions_version", "version_id", "finding_id"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    version_digest: Mapped[str] = mapped_column(String(64))
    finding_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    granted_by: Mapped[str] = mapped_column(ID)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(ID, nullable=True)


class NotificationRow(Base):
    """Something a team must look at (e.g. a security violation); append-only."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_audience", "audience", "created_at"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    audience: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(512))
    title: Mapped[str] = mapped_column(String(500))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class LicensePolicyRow(Base):
    """One version of the allow / deny / needs-review license lists; the newest is in force."""

    __tablename__ = "license_policies"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    allow: Mapped[list[str]] = mapped_column(JSON)
    deny: Mapped[list[str]] = mapped_column(JSON)
    review: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(ID)


class TrustedSignerRow(Base):
    """A key or certificate identity whose model signatures the registry trusts."""

    __tablename__ = "trusted_signers"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    public_key_pem: Mapped[str | None] = mapped_column(Text, nullable=True)
    ca_pem: Mapped[str | None] = mapped_column(Text, nullable=True)
    identity: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(ID)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class VersionSignatureRow(Base):
    """A model-signing signature (Sigstore bundle) uploaded for a version; the newest counts."""

    __tablename__ = "version_signatures"
    __table_args__ = (Index("ix_version_signatures_version", "version_id", "uploaded_at"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    bundle: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    uploaded_by: Mapped[str] = mapped_column(ID)


class ContainerSbomRow(Base):
    """A container SBOM (CycloneDX or SPDX JSON) uploaded with a version; the newest counts."""

    __tablename__ = "container_sboms"
    __table_args__ = (Index("ix_container_sboms_version", "version_id", "uploaded_at"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    format: Mapped[str] = mapped_column(String(32))
    document: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    component_count: Mapped[int] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    uploaded_by: Mapped[str] = mapped_column(ID)


class MlBomRow(Base):
    """The CycloneDX ML-BOM generated for a version digest (validated before it is stored)."""

    __tablename__ = "ml_boms"
    __table_args__ = (Index("ix_ml_boms_version", "version_id", "generated_at"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    version_digest: Mapped[str] = mapped_column(String(64))
    document: Mapped[str] = mapped_column(Text)
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AttestationRow(Base):
    """A registry-signed in-toto attestation (DSSE envelope) of an approved version."""

    __tablename__ = "attestations"
    __table_args__ = (Index("ix_attestations_version", "version_id", "created_at"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    version_digest: Mapped[str] = mapped_column(String(64))
    promotion_id: Mapped[str] = mapped_column(ID)
    decision_id: Mapped[str] = mapped_column(ID)
    stage: Mapped[str] = mapped_column(String(32))
    keyid: Mapped[str] = mapped_column(String(100))
    envelope: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RegistrySignatureRow(Base):
    """The registry's model-signing signature over a version's manifest, made when sealed."""

    __tablename__ = "registry_signatures"
    __table_args__ = (Index("ix_registry_signatures_version", "version_id", "created_at"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    version_digest: Mapped[str] = mapped_column(String(64))
    keyid: Mapped[str] = mapped_column(String(100))
    bundle: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AdvisoryRow(Base):
    """One OSV advisory of the local mirror, as imported."""

    __tablename__ = "advisories"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    modified: Mapped[str] = mapped_column(String(64))
    document: Mapped[str] = mapped_column(Text)


class AdvisoryPackageRow(Base):
    """A package an advisory affects: the lookup key for matching dependencies."""

    __tablename__ = "advisory_packages"
    __table_args__ = (Index("ix_advisory_packages_pkg", "ecosystem", "name"),)
    advisory_id: Mapped[str] = mapped_column(ForeignKey("advisories.id"), primary_key=True)
    ecosystem: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), primary_key=True)


class AdvisoryImportRow(Base):
    """One import of advisories; the newest one's `database_version` labels vulnerability scans."""

    __tablename__ = "advisory_imports"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    database_version: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(500))
    advisory_count: Mapped[int] = mapped_column(Integer)
    changed_count: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    imported_by: Mapped[str] = mapped_column(ID)
