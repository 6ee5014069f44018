"""Matching against the fixture set: range boundaries, versions lists, unpinned and unparsable."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelreg.vulns.manifests import Dependency, parse_manifest_bytes
from modelreg.vulns.matching import match, range_includes, scan
from modelreg.vulns.osv import AdvisoryIndex, AffectedRange, Event, load_advisories, parse_advisory
from modelreg.vulns.versions import parse_semver

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "osv"


@pytest.fixture(scope="module")
def index() -> AdvisoryIndex:
    idx, _ = load_advisories(FIXTURES)
    return idx


def _dep(ecosystem: str, name: str, version: str | None) -> Dependency:
    return Dependency(ecosystem, name, version, "requirements.txt", True)  # type: ignore[arg-type]


def _ids(index: AdvisoryIndex, ecosystem: str, name: str, version: str) -> list[str]:
    return [f.advisory_id for f in match([_dep(ecosystem, name, version)], index)]


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("2.2.1", False),
        ("2.3.0", True),  # introduced is inclusive
        ("2.3.0rc1", False),
        ("2.30.0", True),
        ("2.31.0rc1", True),
        ("2.31.0", False),  # fixed is exclusive
        ("2.31", False),  # PEP 440 equality
        ("2.32.3", False),
    ],
)
def test_requests_introduced_fixed(index: AdvisoryIndex, version: str, affected: bool) -> None:
    assert _ids(index, "PyPI", "requests", version) == (["PYSEC-2023-9001"] if affected else [])


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("0.9", False),
        ("1.0", True),
        ("1.26.17", True),  # last_affected is inclusive
        ("1.26.17.post1", False),
        ("1.26.18", False),
        ("1.99", False),
        ("2.0.0", True),
        ("2.0.6", True),
        ("2.0.7", False),
        ("2.2.0", False),
    ],
)
def test_urllib3_two_intervals(index: AdvisoryIndex, version: str, affected: bool) -> None:
    assert _ids(index, "PyPI", "urllib3", version) == (["PYSEC-2024-9002"] if affected else [])


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("0.0.1", True),  # introduced "0"
        ("4.17.20", True),
        ("4.17.21-rc.1", True),
        ("4.17.21", False),
        ("4.17.22", False),
        ("v4.17.15", True),
    ],
)
def test_lodash_semver(index: AdvisoryIndex, version: str, affected: bool) -> None:
    assert _ids(index, "npm", "lodash", version) == (["GHSA-2f3x-9q7m-hv4w"] if affected else [])


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("0.2.3", True),
        ("0.2.4", False),
        ("0.9.0", False),
        ("1.0.0", True),
        ("1.2.5", True),
        ("1.2.6", False),
        ("1.2.5-beta", True),
    ],
)
def test_minimist_last_affected(index: AdvisoryIndex, version: str, affected: bool) -> None:
    assert _ids(index, "npm", "minimist", version) == (["GHSA-5v6w-q3cf-7jmx"] if affected else [])


@pytest.mark.parametrize(
    ("version", "affected"),
    [("5.1", True), ("5.1.0", True), ("5.3", True), ("5.3.1", False), ("5.0", False)],
)
def test_versions_list(index: AdvisoryIndex, version: str, affected: bool) -> None:
    assert _ids(index, "PyPI", "pyyaml", version) == (["GHSA-8r4v-x6pj-c9q2"] if affected else [])


def test_withdrawn_ignored(index: AdvisoryIndex) -> None:
    assert _ids(index, "PyPI", "numpy", "1.0.0") == []


def test_ecosystems_do_not_cross(index: AdvisoryIndex) -> None:
    assert _ids(index, "npm", "requests", "2.30.0") == []
    assert _ids(index, "PyPI", "lodash", "4.17.20") == []
    assert _ids(index, "conda", "requests", "2.30.0") == []


def test_finding_fields(index: AdvisoryIndex) -> None:
    [finding] = match([_dep("PyPI", "requests", "2.30.0")], index)
    assert finding.advisory_id == "PYSEC-2023-9001"
    assert finding.aliases == ("CVE-2023-99901", "GHSA-7q3m-gw4x-cf2r")
    assert finding.package == "requests"
    assert finding.ecosystem == "PyPI"
    assert finding.installed_version == "2.30.0"
    assert finding.fixed_versions == ["2.31.0"]
    assert (finding.severity, finding.score) == ("medium", 6.1)
    assert finding.summary.startswith("Requests forwards")
    assert finding.source_path == "requirements.txt"

    [u1] = match([_dep("PyPI", "urllib3", "2.0.6")], index)
    assert u1.fixed_versions == ["2.0.7"]
    assert (u1.severity, u1.score) == ("medium", None)  # CVSS v4 only → database severity
    [u2] = match([_dep("PyPI", "urllib3", "1.26.17")], index)
    assert u2.fixed_versions == ["2.0.7"]  # the only fixed release above the installed one
    [m] = match([_dep("npm", "minimist", "1.2.5")], index)
    assert m.fixed_versions == []  # 0.2.4 is below the installed version
    assert m.severity == "unknown"
    [y] = match([_dep("PyPI", "pyyaml", "5.3")], index)
    assert (y.fixed_versions, y.severity) == ([], "critical")


def test_manifest_to_findings(index: AdvisoryIndex) -> None:
    text = b"Requests==2.30.0\nzope.interface==5.3.0\nPyYAML>=5\nurllib3===not-a-version\n"
    deps = parse_manifest_bytes("requirements.txt", text, source_path="model/requirements.txt")
    report = scan(deps.dependencies, index)
    assert sorted(f.advisory_id for f in report.findings) == ["PYSEC-2021-9004", "PYSEC-2023-9001"]
    assert [d.name for d in report.unpinned] == ["pyyaml"]
    assert len(report.notes) == 1
    assert "unparsable installed version 'not-a-version'" in report.notes[0].reason
    assert report.notes[0].advisory_id == "PYSEC-2024-9002"
    assert all(f.source_path == "model/requirements.txt" for f in report.findings)
    # High before medium.
    assert [f.severity for f in report.findings] == ["high", "medium"]


def test_duplicate_affected_entries_give_one_finding() -> None:
    doc = {
        "id": "PYSEC-0000-2",
        "modified": "2024-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "Demo"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2"}]}],
            },
            {"package": {"ecosystem": "PyPI", "name": "demo"}, "versions": ["1.0"]},
        ],
    }
    idx = AdvisoryIndex()
    idx.add(parse_advisory(doc))
    findings = match([_dep("PyPI", "demo", "1.0")], idx)
    assert len(findings) == 1


def _rng(*events: tuple[str, str], kind: str = "ECOSYSTEM") -> AffectedRange:
    return AffectedRange(kind, tuple(Event(k, v) for k, v in events))  # type: ignore[arg-type]


def test_range_semantics_unsorted_events_and_limit() -> None:
    rng = _rng(("fixed", "3.0"), ("introduced", "2.0"), ("fixed", "1.5"), ("introduced", "1.0"))
    assert [range_includes(rng, "PyPI", v) for v in ("0.9", "1.0", "1.5", "2.0", "2.9", "3.0")] == [
        False,
        True,
        False,
        True,
        True,
        False,
    ]
    adjacent = _rng(("introduced", "1.0"), ("fixed", "2.0"), ("introduced", "2.0"), ("fixed", "3"))
    assert range_includes(adjacent, "PyPI", "2.0")
    limited = _rng(("introduced", "0"), ("limit", "2.0.0"), kind="SEMVER")
    assert range_includes(limited, "npm", "1.9.9")
    assert not range_includes(limited, "npm", "2.0.0")
    with pytest.raises(ValueError, match="unparsable"):
        range_includes(_rng(("introduced", "banana")), "PyPI", "1.0")


def test_git_ranges_are_not_evaluated() -> None:
    doc = {
        "id": "OSV-0000-3",
        "modified": "2024-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "demo"},
                "ranges": [{"type": "GIT", "repo": "https://x", "events": [{"introduced": "0"}]}],
            }
        ],
    }
    idx = AdvisoryIndex()
    idx.add(parse_advisory(doc))
    assert match([_dep("PyPI", "demo", "1.0")], idx) == []


def test_conda_best_effort() -> None:
    doc = {
        "id": "OSV-0000-4",
        "modified": "2024-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"ecosystem": "conda", "name": "NumPy"},
                "ranges": [
                    {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.22"}]}
                ],
            }
        ],
    }
    idx = AdvisoryIndex()
    idx.add(parse_advisory(doc))
    assert len(match([_dep("conda", "numpy", "1.21.6")], idx)) == 1
    assert match([_dep("conda", "numpy", "1.26.4")], idx) == []


SEMVER_ORDER = [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
    "1.0.1",
    "1.1.0",
    "2.0.0",
]


def test_semver_precedence() -> None:
    keys = [parse_semver(v) for v in SEMVER_ORDER]
    assert all(k is not None for k in keys)
    assert keys == sorted(keys)  # type: ignore[type-var]
    assert len(set(keys)) == len(keys)
    assert parse_semver("1.0.0+build.5") == parse_semver("1.0.0")
    for bad in ("1.0", "01.0.0", "1.0.0-", "latest", "1.0.0-01"):
        assert parse_semver(bad) is None


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_semver_range_boundaries(major: int, minor: int, patch: int) -> None:
    rng = _rng(("introduced", "10.0.0"), ("fixed", "20.5.0"), kind="SEMVER")
    version = f"{major}.{minor}.{patch}"
    expected = (10, 0, 0) <= (major, minor, patch) < (20, 5, 0)
    assert range_includes(rng, "npm", version) is expected
