"""Importing Inspect AI eval logs (`inspect log dump` JSON)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from modelreg.evaluation.harness import HarnessError, HarnessRequest, MetricRequest, load_harness
from modelreg.evaluation.importers.inspect_ai import parse

FIXTURE = Path(__file__).parents[2] / "fixtures/evaluations/inspect_log.json"
Z95 = 1.959963984540054


def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(FIXTURE.read_text())
    return doc


def _bytes(doc: object) -> bytes:
    return json.dumps(doc).encode()


def test_scores_become_scorer_metric_with_stderr_intervals() -> None:
    out = parse(FIXTURE.read_bytes(), metrics=[MetricRequest("model_graded_fact/accuracy")])
    (m,) = out.metrics
    assert (m.name, m.value, m.samples) == ("model_graded_fact/accuracy", 0.8125, 16)
    assert m.lower == pytest.approx(0.8125 - Z95 * 0.10077822185373186)
    assert m.upper == pytest.approx(0.8125 + Z95 * 0.10077822185373186)
    assert out.library_versions == {"modelreg.importers.inspect_ai": "1", "inspect_ai": "0.3.51"}
    assert out.details["task"] == "security_guide"
    assert out.details["model"] == "openai/gpt-4o-mini"
    assert out.details["completed_samples"] == 16


def test_every_metric_without_requests_and_stderr_has_no_interval_of_its_own() -> None:
    out = parse(FIXTURE.read_bytes())
    by_name = {m.name: m for m in out.metrics}
    assert list(by_name) == [
        "model_graded_fact/accuracy",
        "model_graded_fact/stderr",
        "includes/accuracy",
        "includes/stderr",
    ]
    assert by_name["includes/accuracy"].lower == pytest.approx(0.375 - Z95 * 0.125)
    assert by_name["includes/stderr"].lower is None


def test_scored_samples_fall_back_to_completed_samples() -> None:
    doc = _doc()
    del doc["results"]["scores"][1]["scored_samples"]
    doc["results"]["completed_samples"] = 15
    out = parse(_bytes(doc), metrics=[MetricRequest("includes/accuracy")])
    assert out.metrics[0].samples == 15


@pytest.mark.parametrize("status", ["error", "cancelled", "started"])
def test_status_must_be_success(status: str) -> None:
    doc = _doc()
    doc["status"] = status
    doc["results"] = None
    if status == "error":
        doc["error"] = {"message": "RateLimitError('429 Too Many Requests')", "traceback": "..."}
    with pytest.raises(HarnessError) as info:
        parse(_bytes(doc))
    expected = f"the Inspect eval's status is '{status}', not 'success'"
    if status == "error":
        expected += ": RateLimitError('429 Too Many Requests')"
    assert str(info.value) == expected + "; import a log of an eval that completed"


def test_missing_metric_names_the_scores() -> None:
    with pytest.raises(HarnessError) as info:
        parse(FIXTURE.read_bytes(), metrics=[MetricRequest("match/accuracy")])
    assert str(info.value) == (
        "the Inspect AI log file has no metric 'match/accuracy', which the suite asks for (it "
        "has: includes/accuracy, includes/stderr, model_graded_fact/accuracy, "
        "model_graded_fact/stderr)"
    )


def test_eval_archive_is_refused_with_the_command_that_converts_it() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("header.json", FIXTURE.read_text())
    with pytest.raises(HarnessError, match=r"inspect log dump --header-only LOG\.eval"):
        parse(buf.getvalue())


def _mutate(path: str, value: object) -> bytes:
    doc = _doc()
    target: Any = doc
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if value is KeyError:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return _bytes(doc)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"results": {}}', "not an Inspect AI eval log (`inspect log dump` output)"),
        (_mutate("version", 7), "Inspect log format version 7 is not one this importer reads"),
        (_mutate("results", KeyError), "the Inspect AI log has no 'results' (no scorer ran)"),
        (_mutate("results.scores", []), "'results.scores' in the Inspect AI log is missing"),
        (_mutate("eval", "x"), "'eval' in the Inspect AI log file is a string, not an object"),
        (
            _mutate("results.scores.0.metrics", [1]),
            "results.scores[0].metrics in the Inspect AI log file is a list",
        ),
        (_mutate("results.scores.0.name", ""), "results.scores[0] in the Inspect AI log has no"),
    ],
)
def test_bad_logs_say_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(HarnessError) as info:
        parse(data)
    assert str(info.value).startswith(message)


def test_duplicate_score_names_are_refused() -> None:
    doc = _doc()
    doc["results"]["scores"][1]["name"] = "model_graded_fact"
    with pytest.raises(HarnessError, match="two scores in the Inspect AI log are named"):
        parse(_bytes(doc))


def test_nan_metric_refused_when_asked_for() -> None:
    data = _mutate("results.scores.1.metrics.accuracy.value", float("nan"))
    with pytest.raises(HarnessError, match="'includes/accuracy' in the Inspect AI log file is nan"):
        parse(data, metrics=[MetricRequest("includes/accuracy")])


def test_harness_run_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "log.json"
    path.write_bytes(FIXTURE.read_bytes())
    request = HarnessRequest(
        "import:inspect",
        {},
        "",
        [],
        [],
        [MetricRequest("includes/accuracy")],
        imported_file=str(path),
    )
    assert load_harness("import:inspect").run(request).metrics[0].value == 0.375
