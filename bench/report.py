"""Render bench/results/*.json as the Markdown tables of RESULTS.md (printed to stdout).

Usage:
    .venv/bin/python bench/report.py
"""

from __future__ import annotations

import json
from typing import Any

from common import RESULTS_DIR

SEARCH_ROWS = [
    ("text", "Text query `q=<word in 5 % of models>`", 15.0),
    ("model_tag", "Model tag filter `tag=team=...` (5 %)", 15.0),
    ("version_tag_all_models", "Version tag, all models (`dataset=q3-2026`, 25 %)", 15.0),
    ("risk_tier_group", "Risk tier + group (`risk_tier=low&group=...`, 54 rows)", 15.0),
    ("first_page", "First page (sort by name)", 15.0),
    ("page_50", "50th page by cursor", 15.0),
    ("versions_of_model", "Versions of one model (10 rows)", 5.0),
    ("get_model", "Get one model", 3.0),
    ("get_version", "Get one version", 3.0),
    ("text_common_word", "(extra) text query, word in 31 % of models", None),
    ("text_rare_word", "(extra) text query, word in 1.3 % of models", None),
    ("version_text_all_models", "(extra) version text query across models", None),
]  # fmt: skip


def load(name: str) -> dict[str, Any] | None:
    """A results file, or None."""
    path = RESULTS_DIR / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def verdict(value: float, target: float, *, higher_is_better: bool = False) -> str:
    """'met' or 'not met'."""
    ok = value >= target if higher_is_better else value <= target
    return "met" if ok else "**not met**"


def search_table(suffix: str = "") -> list[str]:
    """Latency rows for SQLite and PostgreSQL side by side."""
    data = {db: load(f"search-{db}{suffix}") for db in ("sqlite", "postgresql")}
    out = [
        "| Request | Target p95 | SQLite p50 / p95 / p99 ms | server CPU ms/req | "
        "PostgreSQL p50 / p95 / p99 ms | server CPU ms/req | SQLite | PostgreSQL |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key, label, target in SEARCH_ROWS:
        cells = [label, f"<= {target:g} ms" if target else "-"]
        verdicts = []
        for db in ("sqlite", "postgresql"):
            result = (data[db] or {}).get("scenarios", {}).get(key)
            if result is None:
                cells += ["n/a", "n/a"]
                verdicts.append("n/a")
                continue
            cells.append(f"{result['p50']:.1f} / {result['p95']:.1f} / {result['p99']:.1f}")
            cells.append(f"{result['server_cpu_ms']:.1f}" if "server_cpu_ms" in result else "-")
            verdicts.append(verdict(result["p95"], target) if target else "-")
        out.append("| " + " | ".join(cells + verdicts) + " |")
    return out


def throughput_table(suffix: str = "") -> list[str]:
    """Requests/s with 8 clients and RSS, per database and worker count."""
    out = [
        "| Database | Workers | req/s (target >= 300) | p50 / p95 ms under load "
        "| server CPU ms/req | RSS MiB (target <= 300) | load avg | Verdict (req/s, RSS) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for db in ("sqlite", "postgresql"):
        data = load(f"search-{db}{suffix}")
        if data is None:
            continue
        for workers, result in sorted(data["throughput"].items()):
            lat = result["latency_ms"]
            out.append(
                f"| {db} | {workers} | {result['rps']:.0f} | {lat['p50']:.0f} / {lat['p95']:.0f} | "
                f"{result.get('server_cpu_ms_per_req', float('nan')):.1f} | "
                f"{result['rss_mib']:.0f} | {result.get('load1', float('nan')):.1f} | "
                f"{verdict(result['rps'], 300, higher_is_better=True)}, "
                f"{verdict(result['rss_mib'], 300)} |"
            )
    return out


def artifact_table() -> list[str]:
    """Artifact medians beside dd of the same file, each run against its own dd."""
    data = load("artifacts-sqlite")
    if data is None:
        return ["(no artifact results)"]
    if "summary" not in data:
        return ["(artifact results in the old format: re-run bench/artifact_bench.py)"]
    summary, runs = data["summary"], data["runs"]
    mib_size = data["size_bytes"] // (1 << 20)
    bs = data["chunk_bytes"]

    def per_run(step: str, key: str) -> str:
        return ", ".join(f"{r[step][key]:.0f}" for r in runs)

    def rss(step: str) -> str:
        return ", ".join(f"{r[step]['rss_growth_mib']:.1f}" for r in runs)

    rows = [
        f"| Measure | Median of {len(runs)} | Runs | Target | Verdict |",
        "| --- | --- | --- | --- | --- |",
        f"| dd if=payload of=<blob dir> bs={bs} conv=fsync ({mib_size} MiB) | "
        f"{summary['dd']['mb_s']['median']:.0f} MB/s | {per_run('dd', 'mb_s')} | - | - |",
    ]
    labels = {
        "upload": "Upload (PUT, streamed)",
        "download": "Download (GET, streamed, hashed by the client)",
    }
    for step, label in labels.items():
        ratio = summary[f"{step}_vs_dd"]
        rows.append(
            f"| {label} | {summary[step]['mb_s']['median']:.0f} MB/s "
            f"({ratio['median']:.0%} of its run's dd) | {per_run(step, 'mb_s')} | >= 50% of dd | "
            f"{verdict(ratio['median'], 0.5, higher_is_better=True)} |"
        )
    for step in ("upload", "download"):
        growth = summary[step]["rss_growth_mib"]["median"]
        rows.append(
            f"| Server RSS growth during {step} | {growth:.1f} MiB | {rss(step)} | < 64 MiB | "
            f"{verdict(summary[step]['rss_growth_mib']['max'], 64)} |"
        )
    return rows


def audit_table() -> list[str]:
    """Audit write and verify rates."""
    out = [
        "| Database | Verify events/s (median) | Verify s for 100k (runs) | "
        "Append events/s (median, 1,000 per tx) |",
        "| --- | --- | --- | --- |",
    ]
    for db in ("sqlite", "postgresql"):
        data = load(f"audit-{db}")
        if data is None:
            continue
        med = data["median"]
        runs = ", ".join(f"{r['verify_s']:.1f}" for r in data["runs"])
        out.append(
            f"| {db} | {med['verify_events_s']:,.0f} | {med['verify_s']:.1f} ({runs}) | "
            f"{med['write_events_s']:,.0f} |"
        )
    return out


def populate_table() -> list[str]:
    """Populate timings."""
    out = [
        "| Database | Rows | Total s | Insert s | rows/s (total) | rows/s (insert only) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for db in ("sqlite", "postgresql"):
        data = load(f"populate-{db}")
        if data is None:
            continue
        out.append(
            f"| {db} | {data['rows_total']:,} | {data['total_s']:.0f} | {data['insert_s']:.0f} | "
            f"{data['rows_per_s_total']:,.0f} | {data['rows_per_s_insert']:,.0f} |"
        )
    return out


def main() -> None:
    """Print every table."""
    for title, lines in (
        ("Populate", populate_table()),
        ("Search latency, run 1", search_table()),
        ("Search latency, run 2", search_table("-run2")),
        ("Throughput, run 1", throughput_table()),
        ("Throughput, run 2", throughput_table("-run2")),
        ("Artifacts", artifact_table()),
        ("Audit", audit_table()),
    ):
        print(f"\n### {title}\n")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
