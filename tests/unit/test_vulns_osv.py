"""Loading the OSV fixture set from a folder and a zip; validation, severity, withdrawal."""

from __future__ import annotations

import contextlib
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelreg.vulns.osv import (
    AdvisoryError,
    AdvisoryImportError,
    load_advisories,
    normalise_ecosystem,
    parse_advisory,
    parse_severity,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "osv"
LIVE_IDS = {
    "PYSEC-2023-9001",
    "GHSA-2f3x-9q7m-hv4w",
    "PYSEC-2024-9002",
    "GHSA-8r4v-x6pj-c9q2",
    "GHSA-5v6w-q3cf-7jmx",
    "PYSEC-2021-9004",
}


def _minimal(**extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": "PYSEC-0000-1",
        "modified": "2024-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "Demo_Pkg"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}],
            }
        ],
    }
    doc.update(extra)
    return doc


def test_load_folder() -> None:
    index, report = load_advisories(FIXTURES)
    assert len(index) == len(LIVE_IDS)
    assert all(i in index for i in LIVE_IDS)
    assert "PYSEC-2022-9003" not in index  # withdrawn
    assert report.loaded == len(LIVE_IDS)
    assert report.withdrawn == 1
    assert report.skipped_non_json == 1  # README.md
    assert report.invalid == 0
    assert any("README.md" in w for w in report.warnings)
    assert index.lookup("PyPI", "numpy") == []
    assert [a.id for a, _ in index.lookup("PyPI", "Requests")] == ["PYSEC-2023-9001"]
    assert [a.id for a, _ in index.lookup("PyPI", "zope-interface")] == ["PYSEC-2021-9004"]
    assert [a.id for a, _ in index.lookup("PyPI", "ZOPE.Interface")] == ["PYSEC-2021-9004"]
    assert [a.id for a, _ in index.lookup("npm", "lodash")] == ["GHSA-2f3x-9q7m-hv4w"]


def test_load_zip_with_non_json_and_bad_entries(tmp_path: Path) -> None:
    archive = tmp_path / "osv-export.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(FIXTURES.glob("*.json")):
            zf.write(path, f"PyPI/{path.name}")
        zf.writestr("PyPI/", "")
        zf.writestr("LICENSE", "CC-BY-4.0")
        zf.writestr("notes/readme.txt", "hello")
        zf.writestr("broken.json", "{not json")
        zf.writestr("invalid.json", json.dumps({"id": "X-1"}))  # no modified
        zf.writestr("huge.json", "[" + " " * 5000 + "]")
        zf.writestr("list.json", json.dumps([_minimal(id="X-2"), _minimal(id="X-3")]))
    index, report = load_advisories(archive, max_file_bytes=4096)
    assert report.skipped_non_json == 2
    assert report.invalid == 3
    assert {"X-2", "X-3"} <= {a.id for a, _ in index.lookup("PyPI", "demo-pkg")}
    assert all(i in index for i in LIVE_IDS)
    assert len(index) == len(LIVE_IDS) + 2
    assert report.withdrawn == 1
    warnings = "\n".join(report.warnings)
    assert "broken.json: invalid JSON" in warnings
    assert "huge.json" in warnings and "limit" in warnings
    assert "LICENSE: skipped" in warnings


def test_import_errors(tmp_path: Path) -> None:
    with pytest.raises(AdvisoryImportError, match="no such"):
        load_advisories(tmp_path / "missing")
    bogus = tmp_path / "bogus.zip"
    bogus.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(AdvisoryImportError, match="zip"):
        load_advisories(bogus)
    with pytest.raises(AdvisoryImportError, match="entries"):
        load_advisories(FIXTURES, max_entries=3)
    with pytest.raises(AdvisoryImportError, match="total"):
        load_advisories(FIXTURES, max_total_bytes=1000)


def test_newest_modified_wins_and_later_withdrawal(tmp_path: Path) -> None:
    old = _minimal(id="X-1", summary="old", modified="2024-01-01T00:00:00Z")
    new = _minimal(id="X-1", summary="new", modified="2024-06-01T00:00:00Z")
    (tmp_path / "a.json").write_text(json.dumps(new))
    (tmp_path / "b.json").write_text(json.dumps(old))
    index, report = load_advisories(tmp_path)
    assert report.duplicates == 1
    assert [a.summary for a, _ in index.lookup("PyPI", "demo-pkg")] == ["new"]
    gone = _minimal(id="X-1", modified="2024-07-01T00:00:00Z", withdrawn="2024-07-01T00:00:00Z")
    (tmp_path / "c.json").write_text(json.dumps(gone))
    index, report = load_advisories(tmp_path)
    assert len(index) == 0 and report.withdrawn == 1


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        ([], "not a JSON object"),
        ({"modified": "x"}, "id"),
        ({"id": "X"}, "modified"),
        (_minimal(aliases="CVE-1"), "aliases"),
        (_minimal(affected={}), "affected"),
        (_minimal(affected=[{"package": {"name": "x"}}]), "ecosystem"),
        (_minimal(affected=[{"package": {"ecosystem": "PyPI", "name": ""}}]), "name"),
        (
            _minimal(
                affected=[
                    {"package": {"ecosystem": "PyPI", "name": "x"}, "ranges": [{"type": "X"}]}
                ]
            ),
            "events",
        ),
        (
            _minimal(
                affected=[
                    {
                        "package": {"ecosystem": "PyPI", "name": "x"},
                        "ranges": [{"type": "ECOSYSTEM", "events": [{"fixed": "1.0"}]}],
                    }
                ]
            ),
            "introduced",
        ),
        (
            _minimal(
                affected=[
                    {
                        "package": {"ecosystem": "PyPI", "name": "x"},
                        "ranges": [{"type": "ECOSYSTEM", "events": [{"patched": "1.0"}]}],
                    }
                ]
            ),
            "unknown event",
        ),
        (
            _minimal(affected=[{"package": {"ecosystem": "PyPI", "name": "x"}, "versions": [1]}]),
            "versions",
        ),
        (_minimal(withdrawn=True), "withdrawn"),
    ],
)
def test_invalid_advisories(doc: object, reason: str) -> None:
    with pytest.raises(AdvisoryError, match=reason):
        parse_advisory(doc)


def test_severity_sources() -> None:
    v3 = {
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]
    }
    sev = parse_severity(v3)
    assert (sev.rating, sev.score, sev.source) == ("critical", 9.8, "cvss_v3")

    v4 = {
        "type": "CVSS_V4",
        "score": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    }
    sev = parse_severity({"severity": [v4], "database_specific": {"severity": "MODERATE"}})
    assert (sev.rating, sev.score, sev.source) == ("medium", None, "database_specific")
    assert parse_severity({"severity": [v4]}).rating == "unknown"
    assert parse_severity({}).rating == "unknown"
    assert parse_severity({"database_specific": {"severity": "LOW"}}).rating == "low"
    assert parse_severity({"database_specific": {"severity": "weird"}}).rating == "unknown"

    bad = {"id": "X", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N"}]}
    bad["database_specific"] = {"severity": "HIGH"}
    from modelreg.vulns.osv import LoadReport

    report = LoadReport()
    sev = parse_severity(bad, report=report)
    assert sev.rating == "high" and sev.source == "database_specific"
    assert "invalid CVSS v3 vector" in report.warnings[0]


def test_fixture_severities() -> None:
    index, _ = load_advisories(FIXTURES)
    sev = {a.id: a.severity for key in _keys() for a, _ in index.lookup(*key)}
    assert (sev["PYSEC-2023-9001"].rating, sev["PYSEC-2023-9001"].score) == ("medium", 6.1)
    assert (sev["GHSA-2f3x-9q7m-hv4w"].rating, sev["GHSA-2f3x-9q7m-hv4w"].score) == ("high", 7.2)
    assert (sev["PYSEC-2024-9002"].rating, sev["PYSEC-2024-9002"].score) == ("medium", None)
    assert sev["GHSA-8r4v-x6pj-c9q2"].rating == "critical"
    assert sev["GHSA-5v6w-q3cf-7jmx"].rating == "unknown"
    assert (sev["PYSEC-2021-9004"].rating, sev["PYSEC-2021-9004"].score) == ("high", 7.5)


def _keys() -> list[tuple[str, str]]:
    return [
        ("PyPI", "requests"),
        ("npm", "lodash"),
        ("PyPI", "urllib3"),
        ("PyPI", "pyyaml"),
        ("npm", "minimist"),
        ("PyPI", "zope-interface"),
    ]


def test_folder_copy_with_nested_dirs(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "export" / "nested")
    index, report = load_advisories(tmp_path / "export")
    assert len(index) == len(LIVE_IDS)
    assert report.skipped_non_json == 1


def test_normalise_ecosystem() -> None:
    assert normalise_ecosystem("pypi") == "PyPI"
    assert normalise_ecosystem("NPM") == "npm"
    assert normalise_ecosystem("Debian:12") == "Debian:12"


_KEYS = [
    *("id", "modified", "withdrawn", "aliases", "summary", "details", "affected", "package"),
    *("ecosystem", "name", "ranges", "type", "events", "introduced", "fixed", "versions"),
    *("severity", "score", "database_specific", "last_affected", "limit"),
]
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from(["PyPI", "0", "1.0", "CVSS:3.1"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(_KEYS), children, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(_JSON)
def test_random_documents_only_raise_advisory_error(doc: object) -> None:
    with contextlib.suppress(AdvisoryError):
        parse_advisory(doc)
