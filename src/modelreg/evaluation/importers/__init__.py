"""Importers: results computed elsewhere (lm-evaluation-harness, Inspect AI, MLflow) as a
HarnessOutput.

Each importer is a harness (its `run` reads `request.imported_file`, so the worker path is the
same as for any harness) and has a pure `parse(data, metrics=..., confidence=...)` that the API
calls in-process at upload: it only decodes JSON (nothing in the file is executed), so an upload
answers 201 or 422 at once. Metric names are the file's own (`task/metric` for lm-eval,
`scorer/metric` for Inspect, the metric key for MLflow); a standard error becomes the interval
value ± z·stderr for the request's confidence level. Every returned value is finite, and each
problem raises HarnessError naming what is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

from modelreg.evaluation.harness import HarnessOutput, MetricRequest
from modelreg.evaluation.importers._common import MAX_IMPORT_BYTES

__all__ = ["IMPORTERS", "MAX_IMPORT_BYTES", "parse_import"]

IMPORTERS = ("import:lm-eval", "import:inspect", "import:mlflow")


def parse_import(
    harness: str,
    data: bytes,
    *,
    metrics: Sequence[MetricRequest] = (),
    confidence: float = 0.95,
) -> HarnessOutput:
    """Parse an uploaded results file with the importer registered as `harness`."""
    if harness == "import:lm-eval":
        from modelreg.evaluation.importers import lm_eval as module
    elif harness == "import:inspect":
        from modelreg.evaluation.importers import inspect_ai as module  # type: ignore[no-redef]
    elif harness == "import:mlflow":
        from modelreg.evaluation.importers import mlflow_results as module  # type: ignore[no-redef]
    else:
        raise ValueError(f"{harness!r} is not an importer (importers: {', '.join(IMPORTERS)})")
    return module.parse(data, metrics=metrics, confidence=confidence)
