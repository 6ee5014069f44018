"""Settings from the environment (`MODELREG_*`), with embedded defaults that need no config."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
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
    blob_chunk_bytes: int = Field(
        default=1 << 20, description="Plaintext bytes per encrypted chunk."
    )
    keyfile: Path | None = Field(default=None, description="Local key-encryption keyfile.")
    token_default_ttl_days: int = 90
    db_pool_size: int = 10

    @property
    def blob_root(self) -> Path:
        """Directory of the local encrypted blob store."""
        return self.home / "artifacts"

    @property
    def keyfile_path(self) -> Path:
        """Keyfile of the local key provider."""
        return self.keyfile or self.home / "keys" / "kek.json"

    def resolved_database_url(self) -> str:
        """The database URL with embedded default and the psycopg 3 driver made explicit."""
        url = self.database_url or f"sqlite:///{self.home / 'modelreg.db'}"
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url
