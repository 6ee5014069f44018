"""Settings from the environment (`MODELREG_*`), with embedded defaults that need no config."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_home() -> Path:
    """Return the data directory used when MODELREG_HOME is not set."""
    return Path.home() / ".modelreg"


class Settings(BaseSettings):
    """Every knob of a modelreg process; production values are plain settings, not code."""

    model_config = SettingsConfigDict(env_prefix="MODELREG_", extra="ignore")

    home: Path = Field(
        default_factory=default_home, description="Data directory for embedded mode."
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; SQLite under MODELREG_HOME when unset. "
        "postgresql://… uses psycopg 3.",
    )
    host: str = "127.0.0.1"
    port: int = 8740
    max_artifact_bytes: int = Field(
        default=50 * 1024**3, description="Largest artifact accepted; 413 past it."
    )
    stale_upload_seconds: int = Field(
        default=6 * 3600,
        gt=0,
        description="An upload temp file untouched this long is abandoned and swept; an "
        "active upload rewrites it with every piece it receives.",
    )
    temp_sweep_interval_seconds: int = Field(
        default=600, gt=0, description="How often the worker sweeps abandoned upload temp files."
    )
    blob_chunk_bytes: int = Field(
        default=1 << 20, description="Plaintext bytes per encrypted chunk."
    )
    keyfile: Path | None = Field(default=None, description="Local key-encryption keyfile.")
    key_provider: Literal["local", "aws-kms"] = Field(
        default="local", description="Who wraps data keys: the local keyfile or AWS KMS."
    )
    kms_key_id: str | None = Field(
        default=None, description="KMS key id, ARN or alias that wraps new data keys (aws-kms)."
    )
    aws_region: str | None = Field(
        default=None, description="AWS region of the KMS key; boto3's default chain when unset."
    )
    kms_endpoint_url: str | None = Field(
        default=None, description="KMS endpoint override, e.g. a VPC endpoint (aws-kms)."
    )
    token_default_ttl_days: int = 90
    security_block_severity: Literal["critical", "high", "medium", "low"] = Field(
        default="high",
        description="Open findings at or above this severity block promotion, deployment "
        "and (when enforced) download.",
    )
    enforce_download_gate: bool = Field(
        default=False,
        description="Refuse downloads of versions with blocking findings (owners and "
        "security architects excepted).",
    )
    advisory_max_age_days: int = Field(
        default=7,
        ge=1,
        description="An advisory database imported longer ago than this is stale: a finding "
        "on every vulnerability check and `scans.advisories.stale` in the policy input.",
    )
    scan_timeout_seconds: float = Field(
        default=600.0, description="Wall-clock limit of one artifact scan."
    )
    scan_memory_mb: int = Field(default=1024, description="Address-space limit of the scanner.")
    worker_lease_seconds: int = Field(
        default=120, description="How long a worker holds a job before another may take it."
    )
    db_pool_size: int = 10

    @model_validator(mode="after")
    def _kms_needs_a_key(self) -> Self:
        if self.key_provider == "aws-kms" and not self.kms_key_id:
            raise ValueError("MODELREG_KEY_PROVIDER=aws-kms needs MODELREG_KMS_KEY_ID")
        return self

    @property
    def blob_root(self) -> Path:
        """Directory of the local encrypted blob store."""
        return self.home / "artifacts"

    @property
    def keyfile_path(self) -> Path:
        """Keyfile of the local key provider."""
        return self.keyfile or self.home / "keys" / "kek.json"

    @property
    def attestation_key_path(self) -> Path:
        """The registry's ECDSA P-256 attestation signing key (PEM, created 0600 on first use)."""
        return self.home / "keys" / "attestation.pem"

    def resolved_database_url(self) -> str:
        """The database URL with embedded default and the psycopg 3 driver made explicit."""
        url = self.database_url or f"sqlite:///{self.home / 'modelreg.db'}"
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url
