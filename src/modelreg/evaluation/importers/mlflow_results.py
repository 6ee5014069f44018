"""MLflow results: a REST `GET /api/2.0/mlflow/runs/get` response (`{"run": {"info": {...},
"data": {"metrics": [{key, value, timestamp, step}], ...}}}`), the same run as `mlflow runs
describe` prints it (`{"info": ..., "data": {"metrics": {key: value}}}`), or the metrics of
`mlflow.evaluate(...)` saved as `{"metrics": {...}}` (or the bare `{key: value}` dict).

A run must have finished (`status` FINISHED) and not be deleted. Metric names are MLflow's keys
(`accuracy_score`, `roc_auc`, `toxicity/v1/mean`). MLflow records no standard errors; for an
LLM metric's `<name>/mean` with its `<name>/variance` and `example_count` the interval comes from
the standard error of the mean, sqrt(variance / example_count).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from modelreg.evaluation.harness import HarnessError, HarnessOutput, HarnessRequest, MetricRequest
from modelreg.evaluation.importers._common import (
    Found,
    Table,
    build_output,
    load_json,
    number,
    read_imported,
    require_object,
)

SOURCE = "MLflow"
IMPORTER_VERSION = "1"
_WHAT = (
    "MLflow results: a runs/get response ({'run': {...}}), `mlflow runs describe` output, or "
    "mlflow.evaluate(...).metrics as {'metrics': {...}}"
)


def parse(
    data: bytes, *, metrics: Sequence[MetricRequest] = (), confidence: float = 0.95
) -> HarnessOutput:
    """The metrics of an MLflow run or evaluation; HarnessError naming what is wrong."""
    doc = load_json(data, "MLflow results")
    if not isinstance(doc, dict):
        raise HarnessError(f"not {_WHAT}")
    details: dict[str, Any] = {}
    if "run" in doc or ("info" in doc and "data" in doc):
        raw = _from_run(require_object(doc.get("run", doc), "'run'", SOURCE), details)
    elif isinstance(doc.get("metrics"), dict):
        raw = doc["metrics"]
        details["kind"] = "mlflow.evaluate"
    elif doc and all(isinstance(v, int | float) for v in doc.values()):
        raw = doc
        details["kind"] = "mlflow.evaluate"
    else:
        raise HarnessError(f"not {_WHAT}")
    table = Table(SOURCE)
    count = number(raw.get("example_count"))
    samples = int(count) if count is not None and count == int(count) else None
    for key, value in raw.items():
        v = number(value)
        if v is None:
            table.not_finite[str(key)] = repr(value)
            continue
        table.add(str(key), Found(v, _stderr(raw, str(key), samples), samples))
    versions = {"modelreg.importers.mlflow": IMPORTER_VERSION}
    return build_output(table, metrics, confidence, library_versions=versions, details=details)


def _stderr(raw: dict[str, Any], key: str, samples: int | None) -> float | None:
    if not key.endswith("/mean") or not samples or samples < 2:
        return None
    variance = number(raw.get(key[: -len("mean")] + "variance"))
    if variance is None or variance < 0:
        return None
    return math.sqrt(variance / samples)


def _from_run(run: dict[str, Any], details: dict[str, Any]) -> dict[str, Any]:
    info = require_object(run.get("info"), "'run.info'", SOURCE)
    data = require_object(run.get("data") or {}, "'run.data'", SOURCE)
    status = info.get("status")
    if status != "FINISHED":
        raise HarnessError(
            f"the MLflow run's status is {status!r}, not 'FINISHED'; import a run that completed"
        )
    if info.get("lifecycle_stage") == "deleted":
        raise HarnessError("the MLflow run is deleted; restore it or import another run")
    details.update(
        kind="run",
        run_id=info.get("run_id") or info.get("run_uuid"),
        run_name=info.get("run_name"),
        experiment_id=info.get("experiment_id"),
        datasets=_datasets(run.get("inputs")),
    )
    metrics = data.get("metrics") or []
    if isinstance(metrics, dict):
        return metrics
    if not isinstance(metrics, list):
        raise HarnessError(f"'run.data.metrics' in the {SOURCE} file is not a list")
    latest: dict[str, tuple[tuple[float, float], object]] = {}
    for i, m in enumerate(metrics):
        m = require_object(m, f"run.data.metrics[{i}]", SOURCE)
        key = m.get("key")
        if not isinstance(key, str) or "value" not in m:
            raise HarnessError(f"run.data.metrics[{i}] in the {SOURCE} file has no key or value")
        # runs/get returns the latest value per key; a hand-made list may repeat keys.
        order = (number(m.get("step")) or 0.0, number(m.get("timestamp")) or 0.0)
        if key not in latest or order >= latest[key][0]:
            latest[key] = (order, m["value"])
    return {key: value for key, (_, value) in latest.items()}


def _datasets(inputs: object) -> list[dict[str, Any]]:
    if not isinstance(inputs, dict) or not isinstance(inputs.get("dataset_inputs"), list):
        return []
    found = []
    for item in inputs["dataset_inputs"][:20]:
        dataset = item.get("dataset") if isinstance(item, dict) else None
        if isinstance(dataset, dict):
            found.append({"name": dataset.get("name"), "digest": dataset.get("digest")})
    return found


class MlflowImporter:
    """The `import:mlflow` harness: parses the uploaded MLflow results."""

    parse = staticmethod(parse)

    def run(self, request: HarnessRequest) -> HarnessOutput:
        """Parse `request.imported_file`."""
        return parse(
            read_imported(request),
            metrics=request.metrics,
            confidence=request.bootstrap.confidence,
        )
