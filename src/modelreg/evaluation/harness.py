"""The one interface every harness implements, and the documents that cross the sandbox.

A harness receives a `HarnessRequest` (paths of the version's files and of the datasets, the
suite's configuration) and returns a `HarnessOutput` (metric values with intervals). It never
decides pass or fail: thresholds and verdicts are the suite's (`evaluation/verdicts.py`), applied
by the worker to what the harness measured. Requests and outputs travel as JSON between the
worker and the sandbox child, so both have `to_dict`/`from_dict`.

Harnesses are found by name through the `modelreg.harnesses` entry-point group, so a team can
ship its own in a package of theirs; the built-in ones are registered in pyproject.toml.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol

ENTRY_POINT_GROUP = "modelreg.harnesses"


class HarnessError(Exception):
    """The harness could not measure (bad config, unreadable model or data): the run fails
    with this message, which must say what to fix."""


@dataclass(frozen=True)
class DatasetInput:
    """One resolved dataset: where its decrypted bytes are, their format and declared schema."""

    name: str
    version: int | None
    digest: str
    path: str
    format: str  # csv | parquet | jsonl
    schema: dict[str, Any]  # {"columns": [...], "label": str | None, "sensitive": [...]}


@dataclass(frozen=True)
class EndpointInput:
    """An HTTP endpoint a harness may call (the only network the sandbox allows)."""

    url: str
    secret: str | None = None  # resolved from the suite's secret reference by the worker
    model: str | None = None


@dataclass(frozen=True)
class MetricRequest:
    """A metric the suite asks for; `sensitive_feature` only for fairness metrics."""

    name: str
    sensitive_feature: str | None = None


@dataclass(frozen=True)
class BootstrapSpec:
    """How intervals are computed: resamples (0 = none), seed, confidence level."""

    resamples: int = 1000
    seed: int = 0
    confidence: float = 0.95


@dataclass(frozen=True)
class HarnessRequest:
    """Everything a harness may read. Paths are inside the worker's private temp directory."""

    harness: str
    config: dict[str, Any]
    model_dir: str  # the version's files, decrypted; "" for harnesses that do not need them
    model_files: list[str]  # paths relative to model_dir
    datasets: list[DatasetInput]
    metrics: list[MetricRequest]
    bootstrap: BootstrapSpec = field(default_factory=BootstrapSpec)
    allow_pickle: bool = False  # security policy allows pickle/joblib and the scan is clean
    endpoint: EndpointInput | None = None
    judge_endpoint: EndpointInput | None = None
    imported_file: str | None = None  # importers: the uploaded results file

    def to_dict(self) -> dict[str, Any]:
        """The request as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HarnessRequest:
        """Rebuild a request sent by `to_dict`."""
        endpoint = data.get("endpoint")
        judge = data.get("judge_endpoint")
        return cls(
            harness=data["harness"],
            config=dict(data.get("config") or {}),
            model_dir=data.get("model_dir", ""),
            model_files=list(data.get("model_files") or []),
            datasets=[DatasetInput(**d) for d in data.get("datasets") or []],
            metrics=[MetricRequest(**m) for m in data.get("metrics") or []],
            bootstrap=BootstrapSpec(**(data.get("bootstrap") or {})),
            allow_pickle=bool(data.get("allow_pickle", False)),
            endpoint=EndpointInput(**endpoint) if endpoint else None,
            judge_endpoint=EndpointInput(**judge) if judge else None,
            imported_file=data.get("imported_file"),
        )

    @property
    def model_path(self) -> Path:
        """The directory holding the version's files."""
        return Path(self.model_dir)


@dataclass(frozen=True)
class MetricValue:
    """One measured metric. `lower`/`upper` bound its interval (None when not computed);
    `group` is set for per-group values of a fairness metric (then it is informational: only
    the value without a group is gated); `dataset` names the dataset it was computed on."""

    name: str
    value: float
    lower: float | None = None
    upper: float | None = None
    sensitive_feature: str | None = None
    group: str | None = None
    dataset: str | None = None
    samples: int | None = None


@dataclass
class HarnessOutput:
    """What a harness measured, the library versions it used, and details worth keeping
    (per-group tables, examples of failed prompts) as JSON-ready data."""

    metrics: list[MetricValue]
    library_versions: dict[str, str] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The output as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HarnessOutput:
        """Rebuild an output sent by `to_dict`."""
        return cls(
            metrics=[MetricValue(**m) for m in data.get("metrics") or []],
            library_versions=dict(data.get("library_versions") or {}),
            details=dict(data.get("details") or {}),
        )


class Harness(Protocol):
    """Measures metrics for one request; raises HarnessError for problems the user can fix."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        """Measure every metric the request asks for."""
        ...


def available_harnesses() -> list[str]:
    """Names of every installed harness (built-in and third-party)."""
    return sorted({ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)})


def load_harness(name: str) -> Harness:
    """The harness registered under `name`; HarnessError naming the installed ones otherwise."""
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            factory = ep.load()
            harness: Harness = factory()
            return harness
    known = ", ".join(available_harnesses()) or "none"
    raise HarnessError(f"no harness named {name!r} is installed (installed: {known})")
