"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production).

On SQLite, write transactions start with BEGIN IMMEDIATE: the write lock is taken up front, so two
processes never both read and then fail to upgrade (SQLITE_BUSY deadlock); readers use plain BEGIN
under WAL and never block writers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from modelreg.domain.errors import Unavailable

_WRITE = "modelreg_write"
_AUTOCOMMIT = "modelreg_autocommit"
T = TypeVar("T")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it otherwise).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        if options.get(_AUTOCOMMIT, False):
            # Each statement is its own transaction: pysqlite runs with isolation_level None.
            return
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(_WRITE, False) else "BEGIN")


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """Create an engine for `url`, creating the SQLite file's directory when needed."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=pool_size,
            max_overflow=pool_size,
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, future=True
    )


def _read_engine(engine: Engine) -> Engine:
    if engine.dialect.name == "sqlite":
        # pysqlite's AUTOCOMMIT level would reset the connection's isolation_level on return
        # to the pool; our own option just skips the BEGIN that reads otherwise get.
        return engine.execution_options(**{_AUTOCOMMIT: True})
    # Its own small pool, always in autocommit (no per-checkout switching) and without
    # pre-ping: `Database.read_once` retries instead.
    return create_engine(
        engine.url, pool_size=5, max_overflow=10, isolation_level="AUTOCOMMIT", future=True
    )


class Database:
    """Owns the engine; hands out read and write sessions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(
            bind=engine.execution_options(**{_WRITE: True}), expire_on_commit=False
        )
        self._reads = _read_engine(engine)

    @classmethod
    def from_url(cls, url: str, *, pool_size: int = 10) -> Database:
        """Build a Database for a SQLAlchemy URL."""
        return cls(make_engine(url, pool_size=pool_size))

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; closing it ends (rolls back) its transaction."""
        with self._read() as session:
            yield session

    @property
    def engines(self) -> tuple[Engine, ...]:
        """Every engine this database uses (the one-statement reads may have their own)."""
        return (self.engine,) if self.dialect == "sqlite" else (self.engine, self._reads)

    def read_once(self, read: Callable[[Connection], T]) -> T:
        """Run a read that is ONE statement (or several whose mutual consistency does not
        matter) on a connection outside any transaction, and return its result.

        One statement sees one snapshot on both dialects, so such a read needs no BEGIN and
        ROLLBACK (round trips on PostgreSQL) and no ORM session. On PostgreSQL these
        connections also skip the pool's pre-ping: a read is idempotent, so one that finds
        its pooled connection dead (the server restarted) is simply run again on a new one.
        """
        for attempt in (1, 2):
            try:
                with self._reads.connect() as conn:
                    return read(conn)
            except DBAPIError as exc:
                if attempt == 2 or not exc.connection_invalidated:
                    raise
        raise AssertionError("unreachable")

    def write_session(self) -> Session:
        """A session whose transaction takes the write lock up front (SQLite)."""
        return self._write()

    def check(self) -> None:
        """Readiness: the database answers a trivial query."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:  # any driver error means "not ready"
            raise Unavailable(f"database unreachable: {type(exc).__name__}") from exc

    def dispose(self) -> None:
        """Close pooled connections."""
        for engine in self.engines:
            engine.dispose()
