"""The audit chain: one event per change, append-only in the database, tamper evident."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
from api_support import MODEL, Api
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from modelreg.domain.access import Role
from modelreg.wiring import Registry


def _populate(api: Api, owner: dict[str, str]) -> None:
    api.http.post("/api/v1/models", json=MODEL, headers=owner)
    for i in range(5):
        api.http.post(
            "/api/v1/models/fraud/credit-scorer/versions",
            json={"version": f"1.{i}.0"},
            headers=owner,
        )


def _tamper(registry: Registry, sql: str) -> None:
    """Change the table behind the application's back, bypassing the append-only triggers."""
    with registry.db.engine.begin() as conn:
        if registry.db.dialect == "sqlite":
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        conn.exec_driver_sql(sql)


def test_every_change_writes_one_event_without_personal_data(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    _populate(api, owner)
    events = api.http.get("/api/v1/audit/events", params={"limit": 1000}, headers=admin).json()
    actions = [e["action"] for e in events["items"]]
    assert actions.count("model.created") == 1 and actions.count("version.created") == 5
    alice = next(
        u for u in api.http.get("/api/v1/users", headers=admin).json() if u["username"] == "alice"
    )
    mine = next(e for e in events["items"] if e["action"] == "model.created")
    assert mine["actor"] == alice["id"]
    assert "alice" not in str(events)  # pseudonymous ids only
    seqs = [e["seq"] for e in events["items"]]
    assert seqs == list(range(1, len(seqs) + 1))
    assert all(
        e["prev_hash"] == p["hash"]
        for p, e in zip(events["items"], events["items"][1:], strict=False)
    )


def test_a_failed_change_writes_no_event(
    api: Api, owner: dict[str, str], registry: Registry
) -> None:
    api.http.post("/api/v1/models", json=MODEL, headers=owner)
    before = registry.audit.verify().head_seq
    assert api.http.post("/api/v1/models", json=MODEL, headers=owner).status_code == 409
    assert (
        api.http.post(
            "/api/v1/models/fraud/credit-scorer/versions",
            json={"version": "1.0", "lineage": []},
            headers=owner,
        ).status_code
        == 422
    )
    assert registry.audit.verify().head_seq == before


def test_filters_and_cursor(api: Api, owner: dict[str, str], admin: dict[str, str]) -> None:
    _populate(api, owner)
    subject = "version:fraud/credit-scorer@1.3.0"
    only = api.http.get("/api/v1/audit/events", params={"subject": subject}, headers=admin).json()
    assert [e["subject"] for e in only["items"]] == [subject]
    seen, cursor = [], None
    while True:
        params: dict[str, object] = {"limit": 2, "action": "version.created"}
        if cursor:
            params["cursor"] = cursor
        page = api.http.get("/api/v1/audit/events", params=params, headers=admin).json()
        seen += [e["seq"] for e in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 5 and seen == sorted(seen)
    future = api.http.get(
        "/api/v1/audit/events", params={"since": "2999-01-01T00:00:00Z"}, headers=admin
    ).json()
    assert future["items"] == []
    naive = api.http.get(
        "/api/v1/audit/events", params={"since": "2026-01-01T00:00:00"}, headers=admin
    )
    assert naive.status_code == 422


def test_owners_cannot_read_the_audit_log(api: Api, owner: dict[str, str]) -> None:
    assert api.http.get("/api/v1/audit/events", headers=owner).status_code == 403


def test_database_rejects_update_and_delete(
    api: Api, owner: dict[str, str], registry: Registry
) -> None:
    _populate(api, owner)
    for sql in (
        "UPDATE audit_events SET action = 'x' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 1",
    ):
        with pytest.raises(DBAPIError, match="append-only"), registry.db.engine.begin() as conn:
            conn.execute(text(sql))
    assert registry.audit.verify().ok


@pytest.mark.parametrize(
    ("sql", "broken"),
    [
        ("UPDATE audit_events SET details = '{\"x\": 2}' WHERE seq = 3", 3),
        ("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 2", 2),
        ("DELETE FROM audit_events WHERE seq = 4", 4),
        ("UPDATE audit_events SET seq = seq + 100 WHERE seq = 2", 2),
        ("DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)", -1),
    ],
    ids=["modify-details", "modify-actor", "delete-middle", "reorder", "delete-last"],
)
def test_verify_names_first_broken_seq(
    api: Api,
    owner: dict[str, str],
    admin: dict[str, str],
    registry: Registry,
    sql: str,
    broken: int,
) -> None:
    _populate(api, owner)
    before = api.http.get("/api/v1/audit/verify", headers=admin).json()
    assert before["ok"] is True
    if broken == -1:  # deleting the newest event breaks the link to the recorded head
        broken = before["head_seq"]
    _tamper(registry, sql)
    verdict = api.http.get("/api/v1/audit/verify", headers=admin).json()
    assert verdict["ok"] is False
    assert verdict["first_broken_seq"] == broken
    assert verdict["reason"]


def test_inserted_event_is_detected(api: Api, owner: dict[str, str], registry: Registry) -> None:
    """Even a forger who computes a correct hash cannot extend the chain past the recorded head."""
    from modelreg.domain.audit_chain import compute_hash, event_body

    _populate(api, owner)
    head = registry.audit.verify()
    seq, at = head.head_seq + 1, "2026-11-27T00:00:00.000000Z"
    body = event_body(seq, at, "forger", "model.created", "model:x/y", {}, head.head_hash)
    digest = compute_hash(head.head_hash, body)
    _tamper(
        registry,
        "INSERT INTO audit_events (seq, occurred_at, actor, action, subject, details,"
        f" prev_hash, hash) VALUES ({seq}, '{at}', 'forger', 'model.created', 'model:x/y',"
        f" '{{}}', '{head.head_hash}', '{digest}')",
    )
    verdict = registry.audit.verify()
    assert not verdict.ok and verdict.first_broken_seq == seq


def test_concurrent_processes_write_one_valid_chain(registry: Registry, settings) -> None:  # type: ignore[no-untyped-def]
    script = textwrap.dedent(
        """
        import sys
        from modelreg.config import Settings
        from modelreg.domain.access import Role
        from modelreg.wiring import build_registry
        reg = build_registry(Settings(home=sys.argv[1], database_url=sys.argv[2]))
        for i in range(15):
            reg.identity.create_user(actor="system", username=f"{sys.argv[3]}-{i}",
                                     roles=frozenset({Role.SRE}))
        """
    )
    url = settings.resolved_database_url()
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(settings.home), url, f"p{n}"])
        for n in range(4)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    verdict = registry.audit.verify()
    assert verdict.ok, verdict.reason
    assert verdict.head_seq == 60


def test_concurrent_threads_write_one_valid_chain(registry: Registry) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def work(n: int) -> None:
        registry.identity.create_user(actor="system", username=f"t{n}", roles=frozenset({Role.SRE}))
        registry.identity.issue_token(
            actor="system", username=f"t{n}", expires_in=timedelta(days=1)
        )

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(work, range(40)))
    verdict = registry.audit.verify()
    assert verdict.ok and verdict.head_seq == 80


TRICKY_DETAILS: list[dict[str, object]] = [
    {"note": "caf\u00e9 \U0001f600 \u2028", "ctl": '\x00\x1f\x7f\b\t\n\f\r"\\/'},
    {"n": 2**53 - 1, "m": -(2**53 - 1), "f": 4.5, "big": 1e20, "tiny": 1e-7, "z": -0.0},
    {"nested": {"b": [1, {"d": None, "c": True}], "a": []}, "\ue000": 1, "\U0001f600": 2},
    {},
]


def _write(registry: Registry, details: list[dict[str, object]]) -> None:
    for d in details:
        with registry.audit.tx.write("tester") as uow:
            uow.audit("test.event", "model:x/y", d)


def test_chain_from_the_append_path_keeps_the_documented_hash(registry: Registry) -> None:
    """Hashes written now are those of the documented formula (rfc8785 itself), and verify."""
    import hashlib
    import json

    import rfc8785

    _write(registry, TRICKY_DETAILS)
    with registry.db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT seq, occurred_at, actor, action, subject, details, prev_hash, hash"
                " FROM audit_events ORDER BY seq"
            )
        ).all()
    assert len(rows) == len(TRICKY_DETAILS)
    for seq, at, actor, action, subject, details, prev, digest in rows:
        parsed = json.loads(details, parse_int=lambda s: int(s) if len(s) < 16 else float(s))
        body = {
            "seq": seq,
            "occurred_at": at,
            "actor": actor,
            "action": action,
            "subject": subject,
            "details": parsed,
            "prev_hash": prev,
        }
        assert digest == hashlib.sha256(prev.encode() + rfc8785.dumps(body)).hexdigest()
    verdict = registry.audit.verify()
    assert verdict.ok, verdict.reason
    assert verdict.checked == verdict.head_seq == len(TRICKY_DETAILS)


def test_respelled_details_verify_and_forged_spellings_break_at_their_seq(
    registry: Registry,
) -> None:
    import hashlib

    from modelreg.storage.audit_log import iter_chain

    _write(registry, [{"a": 1, "b": "x"}] * 4)
    with registry.audit.tx.read() as s:
        assert [r[0] for r in iter_chain(s, page_size=3)] == [1, 2, 3, 4]  # crosses pages
    # The same value spelled differently is still the hashed value: it verifies, as before.
    _tamper(registry, 'UPDATE audit_events SET details = \'{ "b": "x", "a": 1 }\' WHERE seq = 2')
    assert registry.audit.verify().ok
    # A forger hashes a non-canonical spelling of new details: event 3 itself is the break.
    with registry.db.engine.connect() as conn:
        seq, at, actor, action, subject, prev = conn.execute(
            text(
                "SELECT seq, occurred_at, actor, action, subject, prev_hash"
                " FROM audit_events WHERE seq = 3"
            )
        ).one()
    forged = '{"a": 2}'
    body = (
        f'{{"action":"{action}","actor":"{actor}","details":{forged},"occurred_at":"{at}",'
        f'"prev_hash":"{prev}","seq":{seq},"subject":"{subject}"}}'
    )
    digest = hashlib.sha256((prev + body).encode()).hexdigest()
    with registry.db.engine.begin() as conn:  # the triggers are off since the first _tamper
        conn.exec_driver_sql(
            f"UPDATE audit_events SET details = '{forged}', hash = '{digest}' WHERE seq = 3"
        )
    verdict = registry.audit.verify()
    assert (verdict.ok, verdict.first_broken_seq) == (False, 3)
    assert verdict.reason is not None and "does not match its hash" in verdict.reason
    # Reading skips gaps wider than a page: events 2 and 3 deleted, pages of one seq.
    with registry.db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_events WHERE seq IN (2, 3)")
    with registry.audit.tx.read() as s:
        assert [r[0] for r in iter_chain(s, page_size=1)] == [1, 4]
