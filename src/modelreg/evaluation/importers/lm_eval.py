"""lm-evaluation-harness (0.4) results files: `lm_eval --output_path DIR` writes
`results_<date>.json` with `results` (and `groups`) per task, metric keys `metric,filter` such
as `acc,none` with companions `acc_stderr,none`, and `configs`, `versions`, `n-shot`,
`n-samples`, `config`.

A metric is named `task/metric,filter`; when the filter is `none`, or the metric has a single
filter, `task/metric` names it too (`hellaswag/acc_norm`, `gsm8k/exact_match,strict-match`).
A stderr of "N/A" (lm-eval writes it when it could not compute one) gives no interval.
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

SOURCE = "lm-evaluation-harness"
IMPORTER_VERSION = "1"
_WHAT = "an lm-evaluation-harness results file (results_<date>.json)"


def parse(
    data: bytes, *, metrics: Sequence[MetricRequest] = (), confidence: float = 0.95
) -> HarnessOutput:
    """The metrics of an lm-eval results file; HarnessError naming what is wrong."""
    doc = load_json(data, _WHAT)
    if not isinstance(doc, dict) or "results" not in doc:
        raise HarnessError(
            f"not {_WHAT}: it has no 'results' object (lm_eval --output_path writes one with "
            "'results', 'configs', 'versions' and 'n-shot')"
        )
    results = require_object(doc["results"], "'results'", SOURCE)
    groups = require_object(doc.get("groups") or {}, "'groups'", SOURCE)
    n_samples = optional_object(doc.get("n-samples"))
    table = Table(SOURCE)
    if not results:
        raise HarnessError(f"'results' in the {SOURCE} file is empty: no task was evaluated")
    measured = 0
    for section, entries in (("results", results), ("groups", groups)):
        for task, entry in entries.items():
            measured += _read_task(table, section, task, entry, _samples(n_samples, task, entry))
    if not measured:
        raise HarnessError(
            f"no task in the {SOURCE} file has metric keys of the form 'metric,filter' "
            f"(tasks: {', '.join(sorted(results)[:10])}; lm-evaluation-harness 0.4 writes e.g. "
            "'acc,none'); re-run with lm-eval 0.4 or later"
        )
    config = optional_object(doc.get("config"))
    details: dict[str, Any] = {
        "model": doc.get("model_name") or config.get("model"),
        "tasks": sorted(results),
        "n_shot": optional_object(doc.get("n-shot")),
        "task_versions": optional_object(doc.get("versions")),
        "git_hash": doc.get("git_hash"),
        "date": doc.get("date"),
    }
    versions = {"modelreg.importers.lm_eval": IMPORTER_VERSION}
    if isinstance(doc.get("transformers_version"), str):
        versions["transformers"] = doc["transformers_version"]
    return build_output(table, metrics, confidence, library_versions=versions, details=details)


def _samples(n_samples: dict[str, Any], task: str, entry: object) -> int | None:
    counts = n_samples.get(task)
    if isinstance(counts, dict) and isinstance(counts.get("effective"), int):
        return int(counts["effective"])
    if isinstance(entry, dict) and type(entry.get("sample_len")) is int:
        return int(entry["sample_len"])
    return None


def _read_task(table: Table, section: str, task: str, entry: object, samples: int | None) -> int:
    entry = require_object(entry, f"{section}.{task}", SOURCE)
    measured = 0
    for key, raw in entry.items():
        if "," not in key:
            continue  # alias, name, sample_len: not metrics
        metric, filt = key.split(",", 1)
        if metric.endswith("_stderr"):
            continue
        measured += 1
        full = f"{task}/{metric},{filt}"
        short = f"{task}/{metric}"
        value = number(raw)
        if value is None:
            table.not_finite[full] = repr(raw)
            if filt == "none":
                table.not_finite[short] = repr(raw)
            continue
        stderr = number(entry.get(f"{metric}_stderr,{filt}"))
        # Groups count the samples behind each aggregated metric: {"acc,none": 20}.
        counts = optional_object(entry.get("sample_count"))
        n = counts.get(key) if type(counts.get(key)) is int else samples
        table.add(full, Found(value, stderr, n), display=short if filt == "none" else full)
        candidates = table.aliases.setdefault(short, [])
        if full not in candidates:  # a group appears in both 'results' and 'groups'
            candidates.append(full)
        if filt == "none":
            table.preferred[short] = full
    # A group without aggregate metrics appears with only its alias: a header, not an error.
    return measured


class LmEvalImporter:
    """The `import:lm-eval` harness: parses the uploaded results file."""

    parse = staticmethod(parse)

    def run(self, request: HarnessRequest) -> HarnessOutput:
        """Parse `request.imported_file`."""
        return parse(
            read_imported(request),
            metrics=request.metrics,
            confidence=request.bootstrap.confidence,
        )
