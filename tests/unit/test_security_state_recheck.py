"""The `scans` state while a re-check is pending, and the advisory database's freshness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from modelreg.domain.security_findings import SCANNERS, VULNERABILITY, StoredResult, security_state

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def result(
    scanner: str, details: dict[str, Any] | None = None, db: str | None = None
) -> StoredResult:
    return StoredResult(scanner, "completed", [], [], details or {}, NOW, "1", db)


def state(latest: dict[str, StoredResult], *, pending: bool) -> dict[str, Any]:
    built = security_state("d" * 64, latest, {}, pending=pending, block_severity="high", now=NOW)
    return built.policy_input()


def test_a_recheck_of_a_completed_scan_is_judged_on_that_scan() -> None:
    complete = {name: result(name) for name in SCANNERS}
    scans = state(complete, pending=True)
    assert scans["status"] == "complete" and scans["recheck_pending"] is True
    assert state(complete, pending=False)["recheck_pending"] is False


def test_a_scan_that_never_completed_is_still_pending() -> None:
    partial = {VULNERABILITY: result(VULNERABILITY)}
    scans = state(partial, pending=True)
    assert scans["status"] == "pending" and scans["recheck_pending"] is False
    assert state({}, pending=True)["status"] == "pending"


def advisories(imported: datetime | None, *, empty: bool = False) -> dict[str, Any]:
    details = {
        "advisories": {
            "imported_at": imported.isoformat() if imported else None,
            "max_age_days": 7,
            "empty": empty,
        }
    }
    db = None if empty else "osv-x"
    scans = state({VULNERABILITY: result(VULNERABILITY, details, db)}, pending=False)
    document: dict[str, Any] = scans["advisories"]
    return document


def test_advisory_freshness_is_judged_when_read() -> None:
    fresh = advisories(NOW - timedelta(days=2))
    assert fresh == {
        "database_version": "osv-x",
        "imported_at": (NOW - timedelta(days=2)).isoformat(),
        "age_days": 2,
        "stale": False,
        "empty": False,
    }
    old = advisories(NOW - timedelta(days=7, hours=1))
    assert old["stale"] is True and old["age_days"] == 7
    empty = advisories(None, empty=True)
    assert empty["empty"] is True and empty["stale"] is True and empty["database_version"] == ""
    legacy = state({VULNERABILITY: result(VULNERABILITY, {}, "none")}, pending=False)
    assert legacy["advisories"]["empty"] is True
