"""The composition root: builds every service from settings. API, CLI and worker all use it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from modelreg.config import Settings
from modelreg.security.keys import KeyProvider, LocalKeyfileProvider
from modelreg.services.advisories import AdvisoryService
from modelreg.services.artifacts import ArtifactService
from modelreg.services.attestations import RegistryKeySource
from modelreg.services.audit import AuditService
from modelreg.services.cards import CardService
from modelreg.services.container_sboms import ContainerSbomService
from modelreg.services.decisions import DecisionService
from modelreg.services.finding_exceptions import ExceptionService
from modelreg.services.health import ReadinessService
from modelreg.services.identity import IdentityService
from modelreg.services.jobs import JobQueue
from modelreg.services.license_policy import LicensePolicyService
from modelreg.services.lineage import LineageService
from modelreg.services.model_facets import ModelFacetService
from modelreg.services.models import ModelService
from modelreg.services.notifications import NotificationService
from modelreg.services.policies import PolicyService
from modelreg.services.promotions import PromotionService
from modelreg.services.risk_tiers import RiskTierService
from modelreg.services.scans import ScanLimitsConfig, ScanService
from modelreg.services.security_gate import SecurityGate
from modelreg.services.signatures import SignatureService
from modelreg.services.stage_history import StageHistoryService
from modelreg.services.uow import Transactions
from modelreg.services.versions import VersionService
from modelreg.services.workers import WorkerService
from modelreg.storage.blobs import BlobStore, LocalEncryptedBlobStore, StaleTempSweep
from modelreg.storage.db import Database
from modelreg.storage.search import text_search_for

if TYPE_CHECKING:
    from modelreg.worker.runner import Worker


@dataclass
class Registry:
    """Every service of one modelreg process, sharing one database and blob store."""

    settings: Settings
    db: Database
    blobs: BlobStore
    identity: IdentityService
    models: ModelService
    model_facets: ModelFacetService
    versions: VersionService
    artifacts: ArtifactService
    lineage: LineageService
    cards: CardService
    audit: AuditService
    policies: PolicyService
    promotions: PromotionService
    risk_tiers: RiskTierService
    decisions: DecisionService
    stage_history: StageHistoryService
    signatures: SignatureService
    jobs: JobQueue
    scans: ScanService
    advisories: AdvisoryService
    license_policy: LicensePolicyService
    exceptions: ExceptionService
    container_sboms: ContainerSbomService
    notifications: NotificationService
    security_gate: SecurityGate
    workers: WorkerService
    readiness: ReadinessService

    def worker(self, name: str | None = None) -> Worker:
        """A background worker running this registry's jobs."""
        from modelreg.worker.runner import Worker

        lease = timedelta(seconds=self.settings.worker_lease_seconds)
        sweep = StaleTempSweep(
            self.blobs,
            older_than=self.settings.stale_upload_seconds,
            every=self.settings.temp_sweep_interval_seconds,
        )
        return Worker(
            self.jobs,
            self.scans,
            name=name,
            lease=lease,
            housekeeping=sweep,
            heartbeats=self.workers,
        )

    def close(self) -> None:
        """Release database connections."""
        self.db.dispose()


def build_database(settings: Settings) -> Database:
    """The database named by the settings."""
    return Database.from_url(settings.resolved_database_url(), pool_size=settings.db_pool_size)


def build_key_provider(settings: Settings) -> KeyProvider:
    """The key provider named by `MODELREG_KEY_PROVIDER`."""
    if settings.key_provider == "aws-kms":
        # Imported here: boto3 comes with the optional `aws` extra only.
        from modelreg.security.aws_kms import AwsKmsProvider

        assert settings.kms_key_id is not None  # the settings validator guarantees it
        return AwsKmsProvider(
            settings.kms_key_id,
            region=settings.aws_region,
            endpoint_url=settings.kms_endpoint_url,
        )
    return LocalKeyfileProvider(settings.keyfile_path)


def build_blob_store(settings: Settings, keys: KeyProvider) -> LocalEncryptedBlobStore:
    """The local encrypted blob store, its data keys wrapped by `keys`."""
    return LocalEncryptedBlobStore(settings.blob_root, keys, chunk_size=settings.blob_chunk_bytes)


def build_registry(settings: Settings, db: Database | None = None) -> Registry:
    """Wire services for `settings` (the database must already be migrated)."""
    db = db or build_database(settings)
    tx = Transactions(db)
    search = text_search_for(db.dialect)
    blobs = build_blob_store(settings, build_key_provider(settings))
    policies = PolicyService(tx, block_severity=settings.security_block_severity)
    attestation_key = RegistryKeySource(settings.attestation_key_path)
    severity = settings.security_block_severity
    cards = CardService(tx)
    scan_limits = ScanLimitsConfig(settings.scan_timeout_seconds, settings.scan_memory_mb)
    promotions = PromotionService(tx, policies, attestation_key)
    risk_tiers = RiskTierService(tx, promotions)
    workers = WorkerService(tx)
    return Registry(
        settings=settings,
        db=db,
        blobs=blobs,
        identity=IdentityService(tx),
        models=ModelService(tx, search, risk_tiers, block_severity=severity),
        model_facets=ModelFacetService(tx, search, block_severity=severity),
        versions=VersionService(tx, search, attestation_key),
        artifacts=ArtifactService(tx, blobs, max_bytes=settings.max_artifact_bytes),
        lineage=LineageService(tx),
        cards=cards,
        audit=AuditService(tx),
        policies=policies,
        promotions=promotions,
        risk_tiers=risk_tiers,
        decisions=DecisionService(tx),
        stage_history=StageHistoryService(tx),
        signatures=SignatureService(tx, attestation_key),
        jobs=JobQueue(tx),
        scans=ScanService(
            tx,
            blobs,
            cards,
            limits=scan_limits,
            block_severity=severity,
            advisory_max_age_days=settings.advisory_max_age_days,
            promotions=promotions,
        ),
        advisories=AdvisoryService(tx, max_age_days=settings.advisory_max_age_days),
        license_policy=LicensePolicyService(tx),
        exceptions=ExceptionService(tx, block_severity=severity),
        container_sboms=ContainerSbomService(tx),
        notifications=NotificationService(tx),
        security_gate=SecurityGate(
            tx, policies, attestation_key, blobs, enforce_downloads=settings.enforce_download_gate
        ),
        workers=workers,
        readiness=ReadinessService(db, blobs, workers),
    )
