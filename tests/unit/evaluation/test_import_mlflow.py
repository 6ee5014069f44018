"""Importing MLflow runs (REST runs/get, `mlflow runs describe`) and mlflow.evaluate metrics."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from modelreg.evaluation.harness import HarnessError, HarnessRequest, MetricRequest, load_harness
from modelreg.evaluation.importers.mlflow_results import MlflowImporter, parse

FIXTURES = Path(__file__).parents[2] / "fixtures/evaluations"
RUN = FIXTURES / "mlflow_runs_get.json"
EVALUATE = FIXTURES / "mlflow_evaluate_metrics.json"


def _run() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(RUN.read_text())
    return doc


def _bytes(doc: object) -> bytes:
    return json.dumps(doc).encode()


def test_runs_get_metrics_with_run_details() -> None:
    out = parse(RUN.read_bytes(), metrics=[MetricRequest("roc_auc"), MetricRequest("f1_score")])
    assert [(m.name, m.value, m.lower, m.samples) for m in out.metrics] == [
        ("roc_auc", 0.9104, None, 5000),
        ("f1_score", 0.7278582930756844, None, 5000),
    ]
    assert out.details["run_id"] == "5f4a2b9c8d7e4f10a1b2c3d4e5f60718"
    assert out.details["experiment_id"] == "412"
    assert out.details["datasets"] == [{"name": "credit-holdout", "digest": "9a1c6e2f"}]
    assert out.details["metrics_in_file"] == 12


def test_runs_describe_shape_with_metrics_as_a_dict() -> None:
    doc = _run()["run"]
    doc["data"]["metrics"] = {m["key"]: m["value"] for m in doc["data"]["metrics"]}
    out = parse(_bytes(doc), metrics=[MetricRequest("accuracy_score")])
    assert out.metrics[0].value == 0.8612


def test_repeated_keys_keep_the_latest_step() -> None:
    doc = _run()
    doc["run"]["data"]["metrics"] += [
        {"key": "roc_auc", "value": 0.95, "timestamp": 1733479270000, "step": 2},
        {"key": "roc_auc", "value": 0.93, "timestamp": 1733479280000, "step": 1},
    ]
    assert parse(_bytes(doc), metrics=[MetricRequest("roc_auc")]).metrics[0].value == 0.95


@pytest.mark.parametrize("status", ["RUNNING", "FAILED", "KILLED", "SCHEDULED"])
def test_run_must_have_finished(status: str) -> None:
    doc = _run()
    doc["run"]["info"]["status"] = status
    with pytest.raises(HarnessError) as info:
        parse(_bytes(doc))
    assert str(info.value) == (
        f"the MLflow run's status is '{status}', not 'FINISHED'; import a run that completed"
    )


def test_deleted_run_is_refused() -> None:
    doc = _run()
    doc["run"]["info"]["lifecycle_stage"] = "deleted"
    with pytest.raises(HarnessError, match="the MLflow run is deleted"):
        parse(_bytes(doc))


def test_evaluate_metrics_mean_gets_interval_from_variance() -> None:
    out = parse(
        EVALUATE.read_bytes(),
        metrics=[MetricRequest("toxicity/v1/mean"), MetricRequest("exact_match/v1")],
    )
    tox, em = out.metrics
    se = math.sqrt(0.0000161 / 200)
    assert tox.value == 0.00241 and tox.samples == 200
    assert tox.lower == pytest.approx(0.00241 - 1.959963984540054 * se)
    assert tox.upper == pytest.approx(0.00241 + 1.959963984540054 * se)
    assert (em.value, em.lower) == (0.62, None)
    assert out.details["kind"] == "mlflow.evaluate"


def test_bare_evaluate_dict() -> None:
    doc = json.loads(EVALUATE.read_text())["metrics"]
    out = parse(_bytes(doc), metrics=[MetricRequest("ari_grade_level/v1/p90")])
    assert out.metrics[0].value == 15.1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not json", "the file is not JSON (line 1 column 1: Expecting value); expected MLflow"),
        (b"[]", "not MLflow results: a runs/get response"),
        (b'{"name": "x", "value": "y"}', "not MLflow results"),
        (b'{"run": []}', "'run' in the MLflow file is a list, not an object"),
        (b'{"run": {"data": {}}}', "'run.info' in the MLflow file is null, not an object"),
        (
            b'{"run": {"info": {"status": "FINISHED"}, "data": {"metrics": [{"key": "a"}]}}}',
            "run.data.metrics[0] in the MLflow file has no key or value",
        ),
        (
            b'{"run": {"info": {"status": "FINISHED"}, "data": {"metrics": 3}}}',
            "'run.data.metrics' in the MLflow file is not a list",
        ),
        (b'{"metrics": {}}', "the MLflow file holds no metric values"),
    ],
)
def test_bad_files_say_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(HarnessError) as info:
        parse(data)
    assert str(info.value).startswith(message)


def test_missing_and_non_finite_metrics() -> None:
    with pytest.raises(HarnessError, match="the MLflow file has no metric 'r2_score'"):
        parse(RUN.read_bytes(), metrics=[MetricRequest("r2_score")])
    data = b'{"metrics": {"rmse": NaN, "mae": 1.5}}'
    with pytest.raises(HarnessError, match="metric 'rmse' in the MLflow file is nan"):
        parse(data, metrics=[MetricRequest("rmse")])
    assert [m.name for m in parse(data).metrics] == ["mae"]


def test_harness_run_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_bytes(RUN.read_bytes())
    request = HarnessRequest(
        "import:mlflow",
        {},
        "",
        [],
        [],
        [MetricRequest("precision_recall_auc")],
        imported_file=str(path),
    )
    harness = load_harness("import:mlflow")
    assert harness.run(request).metrics[0].value == 0.8123
    assert MlflowImporter.parse(RUN.read_bytes()).metrics[0].name == "example_count"
