"""The composition root: builds every service from settings. API, CLI and worker all use it."""

from __future__ import annotations

from dataclasses import dataclass

from modelreg.config import Settings
from modelreg.security.keys import LocalKeyfileProvider
from modelreg.services.artifacts import ArtifactService
from modelreg.services.audit import AuditService
from modelreg.services.cards import CardService
from modelreg.services.decisions import DecisionService
from modelreg.services.identity import IdentityService
from modelreg.services.lineage import LineageService
from modelreg.services.models import ModelService
from modelreg.services.policies import PolicyService
from modelreg.services.promotions import PromotionService
from modelreg.services.stage_history import StageHistoryService
from modelreg.services.uow import Transactions
from modelreg.services.versions import VersionService
from modelreg.storage.blobs import BlobStore, LocalEncryptedBlobStore
from modelreg.storage.db import Database
from modelreg.storage.search import text_search_for


@dataclass
class Registry:
    """Every service of one modelreg process, sharing one database and blob store."""

    settings: Settings
    db: Database
    blobs: BlobStore
    identity: IdentityService
    models: ModelService
    versions: VersionService
    artifacts: ArtifactService
    lineage: LineageService
    cards: CardService
    audit: AuditService
    policies: PolicyService
    promotions: PromotionService
    decisions: DecisionService
    stage_history: StageHistoryService

    def close(self) -> None:
        """Release database connections."""
        self.db.dispose()


def build_database(settings: Settings) -> Database:
    """The database named by the settings."""
    return Database.from_url(settings.resolved_database_url(), pool_size=settings.db_pool_size)


def build_registry(settings: Settings, db: Database | None = None) -> Registry:
    """Wire services for `settings` (the database must already be migrated)."""
    db = db or build_database(settings)
    tx = Transactions(db)
    search = text_search_for(db.dialect)
    blobs = LocalEncryptedBlobStore(
        settings.blob_root,
        LocalKeyfileProvider(settings.keyfile_path),
        chunk_size=settings.blob_chunk_bytes,
    )
    policies = PolicyService(tx)
    return Registry(
        settings=settings,
        db=db,
        blobs=blobs,
        identity=IdentityService(tx),
        models=ModelService(tx, search),
        versions=VersionService(tx, search),
        artifacts=ArtifactService(tx, blobs, max_bytes=settings.max_artifact_bytes),
        lineage=LineageService(tx),
        cards=CardService(tx),
        audit=AuditService(tx),
        policies=policies,
        promotions=PromotionService(tx, policies),
        decisions=DecisionService(tx),
        stage_history=StageHistoryService(tx),
    )
