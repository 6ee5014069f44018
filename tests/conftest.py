"""Shared fixtures: service and API tests run on real SQLite and, if configured, real PostgreSQL.

Each test gets a fresh database cloned from a migrated template (a file copy on SQLite,
CREATE DATABASE ... TEMPLATE on PostgreSQL), so migrations run once per worker, not per test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from modelreg.config import Settings
from modelreg.storage import migrate
from modelreg.storage.db import make_engine
from modelreg.wiring import Registry, build_registry

PG_ENV = "MODELREG_TEST_DATABASE_URL"


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        return None
    return url.replace("postgresql+psycopg://", "postgresql://")


def _pg_reachable(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def pytest_configure(config: pytest.Config) -> None:
    """Fail early in CI when PostgreSQL is configured but unreachable, instead of skipping."""
    url = _pg_admin_url()
    if os.environ.get("CI") == "true":
        if not url:
            raise pytest.UsageError(f"CI=true needs {PG_ENV} so the suite runs on PostgreSQL")
        if not _pg_reachable(url):
            raise pytest.UsageError(f"CI=true and PostgreSQL at {url} is unreachable")


def _worker(request: pytest.FixtureRequest) -> str:
    return getattr(request.config, "workerinput", {}).get("workerid", "main")


def _pg_url_for(admin_url: str, database: str) -> str:
    return str(
        make_url(admin_url)
        .set(drivername="postgresql+psycopg", database=database)
        .render_as_string(hide_password=False)
    )


def _pg_exec(admin_url: str, sql: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database file to copy per test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated PostgreSQL template database for this worker."""
    admin = _pg_admin_url()
    if admin is None:
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV} to run these tests on it")
    if not _pg_reachable(admin):
        pytest.skip(f"PostgreSQL at {admin} is unreachable")
    # The process id keeps parallel pytest runs on one server (several checkouts) apart.
    name = f"modelreg_tpl_{_worker(request)}_{os.getpid()}"
    _pg_exec(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _pg_exec(admin, f"CREATE DATABASE {name}")
    engine = make_engine(_pg_url_for(admin, name))
    migrate.upgrade(engine)
    engine.dispose()
    yield name
    _pg_exec(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database of each backend."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "modelreg.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    template_name: str = request.getfixturevalue("pg_template")
    admin = _pg_admin_url()
    assert admin is not None
    name = f"modelreg_t_{uuid.uuid4().hex[:12]}"
    _pg_exec(admin, f"CREATE DATABASE {name} TEMPLATE {template_name}")
    yield _pg_url_for(admin, name)
    _pg_exec(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings for a registry under tmp_path on the parametrised database."""
    return Settings(
        home=tmp_path / "home",
        database_url=database_url,
        max_artifact_bytes=64 * 1024**2,
        blob_chunk_bytes=64 * 1024,
    )


@pytest.fixture
def registry(settings: Settings) -> Iterator[Registry]:
    """Wired services on a fresh database."""
    reg = build_registry(settings)
    yield reg
    reg.close()
