"""Adapter that runs the optional modelscan tool on one file and merges its results."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from modelreg.scanning.findings import Collector, Severity


def modelscan_findings(
    file_path: str, display: str, col: Collector, *, own_scan_ok: bool
) -> str | None:
    """Run modelscan on one file and merge its results; returns its version or None."""
    try:
        import copy
        import logging

        from modelscan import __version__ as ms_version  # type: ignore[import-untyped]
        from modelscan.modelscan import ModelScan  # type: ignore[import-untyped]
        from modelscan.settings import DEFAULT_SETTINGS  # type: ignore[import-untyped]
    except Exception:  # modelscan not importable: our own scanner still ran
        return None
    logging.getLogger("modelscan").setLevel(logging.CRITICAL)
    try:
        ms = ModelScan(settings=copy.deepcopy(DEFAULT_SETTINGS))
        ms.scan(file_path)
        issues: Iterable[Any] = ms.issues.all_issues
        errors: Iterable[Any] = ms.errors
    except Exception as exc:
        col.add(
            "modelscan",
            "modelscan-failed",
            "info",
            display,
            f"modelscan could not scan this file ({type(exc).__name__}); the built-in "
            "pickle scanner's result stands.",
        )
        return str(ms_version)
    sev_map: dict[str, Severity] = {
        "CRITICAL": "critical",
        "HIGH": "high",
        "MEDIUM": "medium",
        "LOW": "low",
    }
    for issue in issues:
        det = issue.details
        module = str(getattr(det, "module", ""))
        operator = str(getattr(det, "operator", ""))
        level = str(getattr(issue.severity, "name", "MEDIUM"))
        col.add(
            "modelscan",
            "modelscan-unsafe-operator",
            sev_map.get(level, "medium"),
            display,
            f"modelscan flags {module}.{operator} as {level.lower()} risk; do not load this "
            "file until the operator is reviewed.",
            module=module,
            operator=operator,
        )
    for err in errors:
        msg = str(getattr(err, "message", err))[:500]
        if own_scan_ok:
            col.add(
                "modelscan",
                "modelscan-error",
                "info",
                display,
                "modelscan could not parse this file (e.g. joblib array data); the built-in "
                "pickle scanner covered it.",
                reason=msg,
            )
        else:
            col.error(display, f"modelscan: {msg}")
    return str(ms_version)
