"""The web console in a real browser: search-as-you-type latency and time to interactive.

Needs a database populated by bench/populate.py (10,000 models x 10 versions by default), the
built console (`make web`) and Debian's Chromium. Starts `modelreg serve` on that data, then drives
Chromium with Playwright (web/bench/ui-latency.mjs):

- search: for each query word, the search box is cleared and the word typed key by key at 80 ms
  a key (a fast typist); the figure is the time from the last keystroke to the moment the results
  for the whole word are on screen (the results list reports the query it shows in `data-query`);
- pages: each page is opened in a fresh browser context (cold caches) and in the same context again
  (warm), timed from navigation start until its heading is visible and no loading skeleton remains.

Usage:
    .venv/bin/python bench/ui_bench.py --db sqlite
    .venv/bin/python bench/ui_bench.py --db postgresql
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
from pathlib import Path
from typing import Any

import httpx
from common import Server, add_target_options, save_results, summary_ms, target

WEB = Path(__file__).resolve().parent.parent / "web"
TARGETS_MS = {"search_p95": 150.0, "interactive": 1500.0}


def query_words(meta: dict[str, Any], count: int, seed: int) -> list[str]:
    """Vocabulary words of 3–10 letters, spread over common and rare ones."""
    rng = random.Random(seed)
    words = [w for w in meta["word_doc_freq"] if 3 <= len(w) <= 10 and w.isalpha()]
    return rng.sample(sorted(words), min(count, len(words)))


def pages(server: Server) -> dict[str, str]:
    """One URL per page of the console, on real rows of the populated data."""
    models = httpx.get(
        f"{server.base_url}/api/v1/models",
        params={"limit": 1, "sort": "-updated_at"},
        headers=server.headers,
        timeout=30,
    ).json()["items"]
    model = models[0]
    base = f"/models/{model['group']}/{model['name']}"
    version = f"{base}/versions/{model['latest_version']}"
    return {
        "search": "/",
        "search-with-query": "/?q=fraud",
        "model": base,
        "version": version,
        "version-artifacts": f"{version}/artifacts",
        "version-lineage": f"{version}/lineage",
        "version-card": f"{version}/card",
        "version-security": f"{version}/security",
        "version-history": f"{version}/history",
        "approvals": "/approvals",
        "policies": "/policies",
        "security": "/security",
        "audit": "/audit",
        "users": "/admin/users",
    }


def main() -> None:
    """Run the browser measurements and save them to bench/results/ui-<db>.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_target_options(parser)
    parser.add_argument("--words", type=int, default=40, help="query words typed")
    parser.add_argument("--reps", type=int, default=5, help="loads per page and cache state")
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()
    where = target(args.db, args.size, args.home, args.pg_database)
    meta = json.loads((where.home / "bench-meta.json").read_text())
    server = Server(where.home, where.url).start()
    try:
        config = {
            "baseURL": server.base_url,
            "token": server.token,
            "words": query_words(meta, args.words, args.seed),
            "pages": pages(server),
            "reps": args.reps,
        }
        out = subprocess.run(
            ["node", "bench/ui-latency.mjs"],
            cwd=WEB,
            input=json.dumps(config),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        server.stop()
    raw = json.loads(out)
    search = summary_ms([s / 1000 for s in raw["search_ms"]])
    page_rows = {
        name: {state: summary_ms([s / 1000 for s in runs]) for state, runs in states.items()}
        for name, states in raw["pages_ms"].items()
    }
    result = {
        "db": args.db,
        "models": meta["models"],
        "versions": meta.get("versions"),
        "targets_ms": TARGETS_MS,
        "search_after_last_key": search,
        "pages": page_rows,
        "raw": raw,
    }
    path = save_results(f"ui-{args.db}", result)
    print(f"search after last keystroke: p50 {search['p50']:.0f} ms, p95 {search['p95']:.0f} ms")
    for name, states in page_rows.items():
        cold, warm = states["cold"], states["warm"]
        print(
            f"{name:20} cold p50 {cold['p50']:6.0f} p95 {cold['p95']:6.0f}   "
            f"warm p50 {warm['p50']:6.0f} p95 {warm['p95']:6.0f} ms"
        )
    print(f"saved {path}")


if __name__ == "__main__":
    main()
