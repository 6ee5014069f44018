"""Hardening of version identities and artifact paths: SemVer precedence, path rules over HTTP."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from api_support import MODEL, Api, assert_problem

from modelreg.domain.access import Principal, Role
from modelreg.domain.errors import ModelregError
from modelreg.domain.ids import new_id
from modelreg.schemas.models import ModelCreate, RiskTier
from modelreg.schemas.versions import VersionCreate
from modelreg.storage import migrate
from modelreg.storage.blobs import StaleTempSweep
from modelreg.wiring import Registry

V = "/api/v1/models/fraud/credit-scorer/versions"


@pytest.fixture
def model(api: Api, owner: dict[str, str]) -> None:
    assert api.http.post("/api/v1/models", json=MODEL, headers=owner).status_code == 201


# --- SemVer precedence -----------------------------------------------------------------------


@pytest.mark.usefixtures("model")
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("1.2.3", "1.2.3+build.5"),
        ("1.2.3+build.5", "1.2.3+build.6"),
        ("2.0.0-rc.1+a", "2.0.0-rc.1"),
    ],
)
def test_version_of_equal_precedence_is_refused(
    api: Api, owner: dict[str, str], first: str, second: str
) -> None:
    assert api.http.post(V, json={"version": first}, headers=owner).status_code == 201
    problem = assert_problem(
        api.http.post(V, json={"version": second}, headers=owner), 409, "already-exists"
    )
    assert f"credit-scorer@{first}'" in problem["detail"]
    assert "precedence" in problem["detail"]
    listed = [x["version"] for x in api.http.get(V, headers=owner).json()["items"]]
    assert listed == [first]


@pytest.mark.usefixtures("model")
def test_versions_of_different_precedence_still_coexist(api: Api, owner: dict[str, str]) -> None:
    for v in ["1.2.3-rc.1+b1", "1.2.3+b1", "1.2.4+b1", "1.2.3-rc.1.1"]:
        assert api.http.post(V, json={"version": v}, headers=owner).status_code == 201
    assert api.http.get(f"{V}/latest", headers=owner).json()["version"] == "1.2.4+b1"


def _owner(registry: Registry) -> Principal:
    created = registry.identity.create_user(
        actor="system", username="alice", roles=frozenset({Role.MODEL_OWNER})
    )
    principal = Principal(created.id, "alice", frozenset({Role.MODEL_OWNER}))
    registry.models.create_model(
        principal, ModelCreate(group="g", name="m", risk_tier=RiskTier.LOW, license="MIT")
    )
    return principal


def test_parallel_creation_of_equal_precedence_keeps_one(registry: Registry) -> None:
    owner = _owner(registry)

    def create(build: int) -> str:
        try:
            registry.versions.create_version(
                owner, "g", "m", VersionCreate(version=f"3.0.0+build.{build}")
            )
        except ModelregError as exc:
            return str(exc.status)
        return "created"

    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(create, range(6)))
    assert sorted(outcomes) == ["409"] * 5 + ["created"]
    with registry.db.engine.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM model_versions")).scalar_one()
    assert count == 1


def test_upgrade_keeps_preexisting_equal_precedence_duplicates(registry: Registry) -> None:
    owner = _owner(registry)
    registry.versions.create_version(owner, "g", "m", VersionCreate(version="1.0.0+old"))
    engine = registry.db.engine
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        # Back to just before the precedence revision, whatever revisions follow it.
        command.downgrade(cfg, "0004")
    versions = sa.Table("model_versions", sa.MetaData(), autoload_with=engine)
    with engine.begin() as conn:
        row = dict(conn.execute(sa.select(versions)).mappings().one())
        row.pop("search_tsv", None)  # PostgreSQL's generated full-text column
        # What an older release allowed: the same precedence again, created later.
        for suffix, second in (("+new", 1), ("", 2)):
            conn.execute(
                versions.insert().values(
                    {
                        **row,
                        "id": new_id(),
                        "version": f"1.0.0{suffix}",
                        "sort_key": row["sort_key"].partition("+")[0] + suffix,
                        "created_at": row["created_at"] + timedelta(seconds=second),
                    }
                )
            )
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    with engine.connect() as conn:
        kept = conn.execute(
            sa.text("SELECT version, precedence FROM model_versions ORDER BY version")
        ).all()
    by_version = {v: p for v, p in kept}
    assert by_version["1.0.0+old"] == "000000000001.000000000000.000000000000~"
    assert by_version["1.0.0"] is None and by_version["1.0.0+new"] is None
    with pytest.raises(ModelregError) as refused:
        registry.versions.create_version(owner, "g", "m", VersionCreate(version="1.0.0+newest"))
    assert "1.0.0+old" in refused.value.detail


# --- stale upload temp files ------------------------------------------------------------------

SIX_HOURS = 6 * 3600


def _abandoned_upload(registry: Registry, age_seconds: float) -> Path:
    """The temp file a crashed upload leaves behind, last written `age_seconds` ago."""
    temp = registry.settings.blob_root / "tmp" / f"upload-{new_id()}.part"
    temp.write_bytes(b"half an upload")
    old = time.time() - age_seconds
    os.utime(temp, (old, old))
    return temp


def test_worker_sweeps_abandoned_upload_temp_files_while_running(registry: Registry) -> None:
    assert registry.settings.stale_upload_seconds == SIX_HOURS
    stale = _abandoned_upload(registry, SIX_HOURS + 60)
    recent = _abandoned_upload(registry, SIX_HOURS - 600)
    active = registry.artifacts.new_writer()  # in flight: it keeps writing
    active.write(b"first piece")
    stop = threading.Event()
    worker = threading.Thread(target=registry.worker("sweeper").run_forever, args=(stop,))
    worker.start()
    try:
        for _ in range(300):  # a bound on polling, not an assertion on time
            if not stale.exists():
                break
            time.sleep(0.1)
    finally:
        stop.set()
        worker.join()
    assert not stale.exists()
    assert recent.exists()
    active.write(b"second piece")
    assert active.commit().size == len(b"first piecesecond piece")


def test_sweep_runs_at_most_once_per_interval(registry: Registry) -> None:
    now = [1000.0]
    sweep = StaleTempSweep(registry.blobs, older_than=SIX_HOURS, every=600, clock=lambda: now[0])
    first = _abandoned_upload(registry, SIX_HOURS + 1)
    assert sweep() == 1 and not first.exists()
    second = _abandoned_upload(registry, SIX_HOURS + 1)
    now[0] += 599
    assert sweep() == 0 and second.exists()
    now[0] += 1
    assert sweep() == 1 and not second.exists()


# --- artifact paths over HTTP --------------------------------------------------------------


@pytest.fixture
def draft(api: Api, owner: dict[str, str], model: None) -> str:
    assert api.http.post(V, json={"version": "1.0.0"}, headers=owner).status_code == 201
    return f"{V}/1.0.0/artifacts"


@pytest.mark.parametrize("raw", ["%ff.bin", "%fe.bin", "x/%c0%ae", "%ed%a0%80"])
def test_invalid_utf8_paths_are_refused_not_merged(
    api: Api, owner: dict[str, str], draft: str, raw: str
) -> None:
    problem = assert_problem(
        api.http.put(f"{draft}/{raw}", content=b"one", headers=owner), 422, "invalid-input"
    )
    assert "is not valid UTF-8" in problem["detail"]
    assert_problem(api.http.get(f"{draft}/{raw}", headers=owner), 422, "invalid-input")
    assert api.http.get(draft, headers=owner).json() == []


def test_composed_and_decomposed_paths_are_one_artifact(
    api: Api, owner: dict[str, str], draft: str
) -> None:
    composed, decomposed = "mod%C3%A8le.bin", "mode%CC%80le.bin"
    assert api.http.put(f"{draft}/{decomposed}", content=b"v1", headers=owner).status_code == 201
    assert api.http.put(f"{draft}/{composed}", content=b"v2", headers=owner).status_code == 201
    assert [a["path"] for a in api.http.get(draft, headers=owner).json()] == ["mod\u00e8le.bin"]
    assert api.http.get(f"{draft}/{decomposed}", headers=owner).content == b"v2"


@pytest.mark.parametrize("path", ["CON", "nul.txt", "w/Com3.bin", "a.", "b ", "x:y"])
def test_unportable_names_are_refused(
    api: Api, owner: dict[str, str], draft: str, path: str
) -> None:
    assert_problem(
        api.http.put(f"{draft}/{path}", content=b"x", headers=owner), 422, "invalid-input"
    )


def test_case_insensitive_collisions_are_refused_naming_the_artifact(
    api: Api, owner: dict[str, str], draft: str
) -> None:
    assert api.http.put(f"{draft}/Weights/Model.bin", content=b"a", headers=owner).is_success
    for clash in ["weights/model.bin", "WEIGHTS", "Weights/Model.bin/x"]:
        problem = assert_problem(
            api.http.put(f"{draft}/{clash}", content=b"b", headers=owner), 409, "conflict"
        )
        assert "'Weights/Model.bin'" in problem["detail"]
    # The exact path is a replacement, and another file in the same folder is fine.
    assert api.http.put(f"{draft}/Weights/Model.bin", content=b"c", headers=owner).is_success
    assert api.http.put(f"{draft}/weights/other.bin", content=b"d", headers=owner).is_success
    paths = [a["path"] for a in api.http.get(draft, headers=owner).json()]
    assert sorted(paths) == ["Weights/Model.bin", "weights/other.bin"]


def test_artifacts_stored_before_the_portability_rules_stay_readable(
    api: Api, owner: dict[str, str], draft: str
) -> None:
    """An older release accepted device names: such versions still read, downloads included."""
    from modelreg.storage.tables import ArtifactRow

    assert api.http.put(f"{draft}/ok.bin", content=b"old", headers=owner).is_success
    with api.registry.db.engine.begin() as conn:
        conn.execute(sa.update(ArtifactRow).values(path="NUL.txt"))
    version = api.http.get(draft.removesuffix("/artifacts"), headers=owner)
    assert version.status_code == 200, version.text
    assert [f["path"] for f in version.json()["manifest"]] == ["NUL.txt"]
    got = api.http.get(f"{draft}/NUL.txt", headers=owner)
    assert got.status_code == 200 and got.content == b"old"
    # New uploads still follow the rules.
    refused = api.http.put(f"{draft}/CON.bin", content=b"x", headers=owner)
    assert_problem(refused, 422, "invalid-input")
