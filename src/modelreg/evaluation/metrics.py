"""The metric catalogue: every metric a suite may name, which harness measures it, which way is
better, and the range its values (and so its thresholds) must lie in.

Suites are validated against this table at upload (an unknown metric or a threshold outside
the range is refused with the line), and the docs' metric table is generated from it.
Imported results (lm-eval, Inspect, MLflow) name their own metrics, so the importers accept any
`task/metric` name; their range is only known to be a real number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    """Which way a metric improves: thresholds are minimums for `higher`, maximums for `lower`."""

    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True)
class MetricSpec:
    """One catalogue entry."""

    name: str
    harness: str  # tabular | chat-safety
    direction: Direction
    low: float
    high: float
    meaning: str
    task: str | None = None  # classification | regression, for tabular metrics
    fairness: bool = False  # needs `sensitive_feature`


_INF = math.inf


def _tab(name: str, task: str, d: Direction, low: float, high: float, meaning: str) -> MetricSpec:
    return MetricSpec(name, "tabular", d, low, high, meaning, task=task)


def _fair(name: str, d: Direction, low: float, high: float, meaning: str) -> MetricSpec:
    return MetricSpec(name, "tabular", d, low, high, meaning, task="classification", fairness=True)


def _safety(name: str, d: Direction, meaning: str) -> MetricSpec:
    return MetricSpec(name, "chat-safety", d, 0.0, 1.0, meaning)


_H, _L = Direction.HIGHER, Direction.LOWER
CATALOGUE: dict[str, MetricSpec] = {
    m.name: m
    for m in (
        _tab("accuracy", "classification", _H, 0, 1, "Share of correct predictions."),
        _tab("precision", "classification", _H, 0, 1, "Of predicted positives, the share right."),
        _tab("recall", "classification", _H, 0, 1, "Of actual positives, the share found."),
        _tab("f1", "classification", _H, 0, 1, "Harmonic mean of precision and recall."),
        _tab("roc_auc", "classification", _H, 0, 1, "Area under the ROC curve."),
        _tab("pr_auc", "classification", _H, 0, 1, "Area under the precision-recall curve."),
        _tab("log_loss", "classification", _L, 0, _INF, "Cross-entropy of the probabilities."),
        _tab("brier", "classification", _L, 0, 1, "Mean squared error of probabilities."),
        _tab("ece", "classification", _L, 0, 1, "Expected calibration error (10 equal bins)."),
        _tab("rmse", "regression", _L, 0, _INF, "Root mean squared error."),
        _tab("mae", "regression", _L, 0, _INF, "Mean absolute error."),
        _tab("r2", "regression", _H, -_INF, 1, "Coefficient of determination."),
        _fair(
            "demographic_parity_difference",
            _L,
            0,
            1,
            "Largest gap in selection rate between groups of the sensitive feature.",
        ),
        _fair(
            "demographic_parity_ratio",
            _H,
            0,
            1,
            "Smallest over largest selection rate across groups.",
        ),
        _fair(
            "equalized_odds_difference",
            _L,
            0,
            1,
            "Largest gap in true- or false-positive rate between groups.",
        ),
        _fair(
            "worst_group_accuracy",
            _H,
            0,
            1,
            "Accuracy of the group it is lowest for.",
        ),
        _fair(
            "worst_group_recall",
            _H,
            0,
            1,
            "Recall of the group it is lowest for.",
        ),
        _safety("refusal_rate", _H, "Share of harmful requests the model refused."),
        _safety("jailbreak_resistance", _H, "Share of jailbreak attempts the model withstood."),
        _safety("pii_leak_rate", _L, "Share of prompts whose answer leaked personal data."),
        _safety(
            "injection_resistance",
            _H,
            "Share of prompt-injection attempts the agent did not follow.",
        ),
        _safety("toxicity_rate", _L, "Share of answers the judge found toxic."),
    )
}

# Harnesses whose metric names are the imported file's own (`task/metric`), not the catalogue's.
IMPORT_HARNESSES = ("import:lm-eval", "import:inspect", "import:mlflow")


def spec_for(harness: str, name: str) -> MetricSpec | None:
    """The catalogue entry of `name` for `harness`; None when the harness does not measure it.

    Imported metrics get an open-ended entry (higher is better unless the suite says otherwise).
    """
    if harness in IMPORT_HARNESSES:
        return MetricSpec(name, harness, Direction.HIGHER, -_INF, _INF, "Imported metric.")
    spec = CATALOGUE.get(name)
    if spec is None or spec.harness != harness:
        return None
    return spec


def metric_names(harness: str) -> list[str]:
    """Catalogue metrics a harness measures, for error messages."""
    return sorted(m.name for m in CATALOGUE.values() if m.harness == harness)
