"""Commands that act on the configured database directly share these helpers.

Everything heavy (settings, the database stack, Alembic, the services) is imported inside
`local_registry`, so importing this module costs nothing and remote commands never pay for it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from modelreg.wiring import Registry


def fail(message: str) -> None:
    """Print an error to stderr and exit 2 (bad usage) without a traceback."""
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def local_registry() -> Registry:
    """Services on the configured database, migrated to the newest schema."""
    from modelreg.config import Settings
    from modelreg.storage import migrate
    from modelreg.wiring import build_database, build_registry

    settings = Settings()
    # The data directory holds the database (token hashes, the audit chain) and the keyfile.
    settings.home.mkdir(mode=0o700, parents=True, exist_ok=True)
    db = build_database(settings)
    migrate.upgrade(db.engine)
    return build_registry(settings, db)
