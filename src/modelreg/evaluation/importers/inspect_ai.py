"""Inspect AI eval logs as JSON (`inspect log dump LOG` of an EvalLog): `version`, `status`,
`eval` {task, model, packages...}, `results` {total_samples, completed_samples, scores: [{name,
scorer, metrics: {accuracy: {name, value}, stderr: {name, value}}}]}.

The status must be `success` (a cancelled or failed eval measured only part of its samples).
A metric is named `score/metric` after the score's name (usually its scorer's: `match/accuracy`,
`choice/accuracy`); a score's `stderr` (or `bootstrap_stderr`) metric, the standard error of
the mean sample score, gives the interval of its `accuracy` and `mean`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from modelreg.evaluation.harness import HarnessError, HarnessOutput, HarnessRequest, MetricRequest
from modelreg.evaluation.importers._common import (
    Found,
    Table,
    build_output,
    load_json,
    number,
    optional_object,
    read_imported,
    require_object,
)

SOURCE = "Inspect AI log"
IMPORTER_VERSION = "1"
_WHAT = "an Inspect AI eval log (`inspect log dump` output)"
_LOG_VERSIONS = (1, 2)
_STDERR_METRICS = ("stderr", "bootstrap_stderr")
_MEAN_METRICS = ("accuracy", "mean")


def parse(
    data: bytes, *, metrics: Sequence[MetricRequest] = (), confidence: float = 0.95
) -> HarnessOutput:
    """The metrics of an Inspect eval log; HarnessError naming what is wrong."""
    if data.startswith(b"PK\x03\x04"):
        raise HarnessError(
            "this is an Inspect .eval archive, not JSON: convert it with "
            "`inspect log dump --header-only LOG.eval > log.json` and upload the JSON"
        )
    doc = load_json(data, _WHAT)
    if not isinstance(doc, dict) or not {"version", "status", "eval"} <= doc.keys():
        raise HarnessError(f"not {_WHAT}: an EvalLog has 'version', 'status', 'eval' and 'results'")
    if doc["version"] not in _LOG_VERSIONS:
        raise HarnessError(
            f"Inspect log format version {doc['version']!r} is not one this importer reads "
            f"({', '.join(map(str, _LOG_VERSIONS))})"
        )
    status = doc["status"]
    if status != "success":
        error = optional_object(doc.get("error"))
        reason = f": {str(error['message'])[:300]}" if error.get("message") else ""
        raise HarnessError(
            f"the Inspect eval's status is {status!r}, not 'success'{reason}; import a log "
            "of an eval that completed"
        )
    spec = require_object(doc["eval"], "'eval'", SOURCE)
    results = doc.get("results")
    if results is None:
        raise HarnessError(f"the {SOURCE} has no 'results' (no scorer ran)")
    results = require_object(results, "'results'", SOURCE)
    scores = results.get("scores")
    if not isinstance(scores, list) or not scores:
        raise HarnessError(f"'results.scores' in the {SOURCE} is missing or empty")
    completed = results.get("completed_samples")
    table = Table(SOURCE)
    seen: set[str] = set()
    for i, score in enumerate(scores):
        name = _read_score(
            table, require_object(score, f"results.scores[{i}]", SOURCE), i, completed
        )
        if name in seen:
            # Inspect makes score names unique; two alike would make `name/metric` ambiguous.
            raise HarnessError(f"two scores in the {SOURCE} are named {name!r}")
        seen.add(name)
    packages = optional_object(spec.get("packages"))
    versions = {"modelreg.importers.inspect_ai": IMPORTER_VERSION}
    versions.update({str(k): str(v) for k, v in packages.items()})
    dataset = optional_object(spec.get("dataset"))
    details: dict[str, Any] = {
        "task": spec.get("task"),
        "task_version": spec.get("task_version"),
        "model": spec.get("model"),
        "dataset": dataset.get("name"),
        "created": spec.get("created"),
        "run_id": spec.get("run_id"),
        "total_samples": results.get("total_samples"),
        "completed_samples": completed,
    }
    return build_output(table, metrics, confidence, library_versions=versions, details=details)


def _read_score(table: Table, score: dict[str, Any], i: int, completed: object) -> str:
    name = score.get("name")
    if not isinstance(name, str) or not name:
        raise HarnessError(f"results.scores[{i}] in the {SOURCE} has no 'name'")
    entries = require_object(score.get("metrics"), f"results.scores[{i}].metrics", SOURCE)
    values: dict[str, float] = {}
    for key, metric in entries.items():
        metric = require_object(metric, f"results.scores[{i}].metrics.{key}", SOURCE)
        value = number(metric.get("value"))
        if value is None:
            table.not_finite[f"{name}/{key}"] = repr(metric.get("value"))
        else:
            values[key] = value
    stderr = next((values[k] for k in _STDERR_METRICS if k in values), None)
    samples = score.get("scored_samples")
    if type(samples) is not int:
        samples = completed if type(completed) is int else None
    for key, value in values.items():
        se = stderr if key in _MEAN_METRICS else None
        table.add(f"{name}/{key}", Found(value, se, samples))
    return name


class InspectImporter:
    """The `import:inspect` harness: parses the uploaded eval log."""

    parse = staticmethod(parse)

    def run(self, request: HarnessRequest) -> HarnessOutput:
        """Parse `request.imported_file`."""
        return parse(
            read_imported(request),
            metrics=request.metrics,
            confidence=request.bootstrap.confidence,
        )
