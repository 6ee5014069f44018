"""Importing lm-evaluation-harness 0.4 results files."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from modelreg.evaluation.harness import (
    BootstrapSpec,
    HarnessError,
    HarnessRequest,
    MetricRequest,
    load_harness,
)
from modelreg.evaluation.importers import MAX_IMPORT_BYTES, parse_import
from modelreg.evaluation.importers.lm_eval import parse

FIXTURE = (
    Path(__file__).parents[2] / "fixtures/evaluations/lm_eval_results_2024-12-06T11-36-40.json"
)


def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(FIXTURE.read_text())
    return doc


def _bytes(doc: object) -> bytes:
    return json.dumps(doc).encode()


def _ask(*names: str) -> list[MetricRequest]:
    return [MetricRequest(n) for n in names]


def test_requested_metrics_with_intervals_from_stderr() -> None:
    out = parse(FIXTURE.read_bytes(), metrics=_ask("hellaswag/acc_norm", "mmlu/acc"))
    hs, mmlu = out.metrics
    assert (hs.name, hs.value, hs.samples) == ("hellaswag/acc_norm", 0.7575184226249751, 10042)
    z = 1.959963984540054
    assert hs.lower == pytest.approx(0.7575184226249751 - z * 0.004277081150258461)
    assert hs.upper == pytest.approx(0.7575184226249751 + z * 0.004277081150258461)
    assert (mmlu.name, mmlu.value) == ("mmlu/acc", 0.6261928500213645)
    assert mmlu.samples is None  # a group has no n-samples entry of its own
    assert out.library_versions == {"modelreg.importers.lm_eval": "1", "transformers": "4.46.3"}
    assert out.details["model"] == "acme/chat-7b"
    assert out.details["n_shot"]["gsm8k"] == 5
    assert out.details["format"] == "lm-evaluation-harness"
    assert out.details["resolved"] == {
        "hellaswag/acc_norm": "hellaswag/acc_norm,none",
        "mmlu/acc": "mmlu/acc,none",
    }


def test_confidence_sets_the_width() -> None:
    narrow = parse(FIXTURE.read_bytes(), metrics=_ask("arc_easy/acc"), confidence=0.8).metrics[0]
    wide = parse(FIXTURE.read_bytes(), metrics=_ask("arc_easy/acc"), confidence=0.99).metrics[0]
    assert narrow.upper is not None and wide.upper is not None
    assert narrow.upper - narrow.value == pytest.approx(1.2815515655446004 * 0.008615815553950843)
    assert wide.upper - wide.value == pytest.approx(2.5758293035489 * 0.008615815553950843)


def test_filters_kept_as_given_and_na_stderr_gives_no_interval() -> None:
    out = parse(
        FIXTURE.read_bytes(),
        metrics=_ask("gsm8k/exact_match,strict-match", "gsm8k/exact_match,flexible-extract"),
    )
    strict, flexible = out.metrics
    assert strict.value == 0.3169067475360121 and strict.lower is not None
    assert flexible.value == 0.3252463987869598
    assert flexible.lower is None and flexible.upper is None
    assert strict.samples == 1319


def test_ambiguous_short_name_lists_the_filters() -> None:
    with pytest.raises(HarnessError) as info:
        parse(FIXTURE.read_bytes(), metrics=_ask("gsm8k/exact_match"))
    assert str(info.value) == (
        "metric 'gsm8k/exact_match' matches several in the lm-evaluation-harness file "
        "(gsm8k/exact_match,flexible-extract, gsm8k/exact_match,strict-match); name one of "
        "them in the suite"
    )


def test_single_filter_answers_to_the_short_name() -> None:
    doc = _doc()
    doc["results"]["gsm8k"] = {"exact_match,strict-match": 0.4, "alias": "gsm8k"}
    out = parse(_bytes(doc), metrics=_ask("gsm8k/exact_match"))
    assert [(m.name, m.value) for m in out.metrics] == [("gsm8k/exact_match", 0.4)]


def test_without_requests_every_metric_is_returned_under_its_short_name() -> None:
    out = parse(FIXTURE.read_bytes())
    names = [m.name for m in out.metrics]
    assert names == [
        "arc_easy/acc",
        "arc_easy/acc_norm",
        "gsm8k/exact_match,strict-match",
        "gsm8k/exact_match,flexible-extract",
        "hellaswag/acc",
        "hellaswag/acc_norm",
        "mmlu/acc",
        "mmlu_abstract_algebra/acc",
        "mmlu_anatomy/acc",
    ]
    assert all(math.isfinite(m.value) for m in out.metrics)


def test_missing_metric_names_what_the_file_has() -> None:
    with pytest.raises(HarnessError) as info:
        parse(FIXTURE.read_bytes(), metrics=_ask("truthfulqa_mc2/acc"))
    message = str(info.value)
    assert message.startswith(
        "the lm-evaluation-harness file has no metric 'truthfulqa_mc2/acc', which the suite "
        "asks for (it has: arc_easy/acc, arc_easy/acc_norm, gsm8k/exact_match,flexible-extract"
    )


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), None, "0.5", True])
def test_non_finite_requested_value_is_refused(bad: object) -> None:
    doc = _doc()
    doc["results"]["hellaswag"]["acc_norm,none"] = bad
    data = json.dumps(doc).encode()  # NaN and Infinity written as lm-eval's json.dumps does
    with pytest.raises(HarnessError, match=r"metric 'hellaswag/acc_norm' in the "):
        parse(data, metrics=_ask("hellaswag/acc_norm"))
    # Not asked for: left out, and listed.
    out = parse(data, metrics=_ask("hellaswag/acc"))
    assert out.details["not_finite"]["hellaswag/acc_norm,none"] == repr(bad)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n", "the file is not UTF-8 text"),
        (b"results: [", "the file is not JSON (line 1 column 1: Expecting value)"),
        (b"[1, 2]", "not an lm-evaluation-harness results file (results_<date>.json): it has"),
        (b'{"model": "x"}', "not an lm-evaluation-harness results file"),
        (b'{"results": []}', "'results' in the lm-evaluation-harness file is a list, not an"),
        (b'{"results": {}}', "'results' in the lm-evaluation-harness file is empty"),
        (b'{"results": {"t": 3}}', "results.t in the lm-evaluation-harness file is a number"),
        (
            b'{"results": {"hellaswag": {"acc": 0.5, "acc_stderr": 0.01}}}',
            "no task in the lm-evaluation-harness file has metric keys of the form "
            "'metric,filter' (tasks: hellaswag; lm-evaluation-harness 0.4 writes",
        ),
    ],
)
def test_bad_files_say_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(HarnessError) as info:
        parse(data)
    assert str(info.value).startswith(message)


def test_group_listed_twice_is_one_metric() -> None:
    doc = _doc()
    entry = {"alias": "bbh", "exact_match,get-answer": 0.41, "exact_match_stderr,get-answer": 0.01}
    doc["results"]["bbh"] = entry
    doc["groups"]["bbh"] = dict(entry)
    out = parse(_bytes(doc), metrics=_ask("bbh/exact_match"))
    assert [(m.name, m.value) for m in out.metrics] == [("bbh/exact_match", 0.41)]


def test_group_with_sample_counts_and_na_stderr() -> None:
    # The shape lm-eval writes for a group of subtasks run with --limit and no bootstrap.
    doc = {
        "results": {
            "reasoning": {
                "acc,none": 0.4,
                "acc_stderr,none": "N/A",
                "alias": "reasoning",
                "name": "reasoning",
                "sample_count": {"acc,none": 30},
                "sample_len": 30,
            },
            "arc_easy": {"acc,none": 0.5, "acc_stderr,none": "N/A", "alias": " - arc_easy"},
        },
        "groups": {"reasoning": {"acc,none": 0.4, "alias": "reasoning", "sample_len": 30}},
        "group_subtasks": {"reasoning": ["arc_easy", "piqa"]},
        "n-samples": {"arc_easy": {"effective": 15, "original": 2376}},
        "versions": {"arc_easy": 1.0, "reasoning": "1.0"},
        "n-shot": {"arc_easy": 0, "reasoning": 0},
    }
    out = parse(_bytes(doc))
    assert [(m.name, m.value, m.lower, m.samples) for m in out.metrics] == [
        ("reasoning/acc", 0.4, None, 30),
        ("arc_easy/acc", 0.5, None, 15),
    ]


def test_group_headers_without_metrics_are_skipped() -> None:
    doc = _doc()
    doc["results"]["mmlu_stem"] = {"alias": " - stem"}
    out = parse(_bytes(doc))
    assert not any(m.name.startswith("mmlu_stem") for m in out.metrics)
    with pytest.raises(HarnessError, match="has no metric 'mmlu_stem/acc'"):
        parse(_bytes(doc), metrics=_ask("mmlu_stem/acc"))


def test_size_limit() -> None:
    with pytest.raises(HarnessError, match="above the import limit of 32 MiB"):
        parse(b" " * (MAX_IMPORT_BYTES + 1))


def test_harness_reads_the_imported_file(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_bytes(FIXTURE.read_bytes())
    harness = load_harness("import:lm-eval")
    request = HarnessRequest(
        harness="import:lm-eval",
        config={},
        model_dir="",
        model_files=[],
        datasets=[],
        metrics=_ask("arc_easy/acc_norm"),
        bootstrap=BootstrapSpec(resamples=0, confidence=0.9),
        imported_file=str(path),
    )
    metric = harness.run(request).metrics[0]
    assert metric.value == 0.7470538720538721
    assert metric.lower == pytest.approx(
        0.7470538720538721 - 1.6448536269514722 * 0.008919862739165623
    )
    assert (
        parse_import("import:lm-eval", path.read_bytes(), metrics=request.metrics).metrics[0].value
        == metric.value
    )


def test_harness_without_file_or_with_a_missing_one(tmp_path: Path) -> None:
    harness = load_harness("import:lm-eval")
    request = HarnessRequest("import:lm-eval", {}, "", [], [], [])
    with pytest.raises(HarnessError, match="no results file was given"):
        harness.run(request)
    gone = HarnessRequest("import:lm-eval", {}, "", [], [], [], imported_file=str(tmp_path / "x"))
    with pytest.raises(HarnessError, match="cannot read the results file: No such file"):
        harness.run(gone)


def test_parse_import_refuses_other_harnesses() -> None:
    with pytest.raises(ValueError, match="'tabular' is not an importer"):
        parse_import("tabular", b"{}")
