"""Search and read latency, and text-search throughput, against a real `modelreg serve`.

Needs a database populated by bench/populate.py (same --db and --size, or --home and
--pg-database). The script starts the server itself (`--workers 1` for latencies and throughput,
then `--workers 2` for throughput), on the same data.

Usage:
    .venv/bin/python bench/search_bench.py --db sqlite
    .venv/bin/python bench/search_bench.py --db postgresql --size 1m
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import threading
import time
from typing import Any
from urllib.parse import urlencode

import httpx
from common import Server, add_target_options, mib, save_results, summary_ms, target

LIMIT = 100
TARGETS_P95_MS = {"search": 15.0, "versions_of_model": 5.0, "get": 3.0}


def pick_word(meta: dict[str, Any], fraction: float) -> tuple[str, int]:
    """The vocabulary word whose model frequency is closest to `fraction` of the models.

    Skips words that are a prefix of another indexed token, since the search matches prefixes.
    """
    tokens: list[str] = meta["all_tokens"]  # sorted: a longer token with this prefix follows it
    wanted = fraction * meta["models"]
    best: tuple[float, str, int] | None = None
    for word, freq in meta["word_doc_freq"].items():
        i = bisect.bisect_right(tokens, word)
        if i < len(tokens) and tokens[i].startswith(word):
            continue
        score = abs(freq - wanted)
        if best is None or score < best[0]:
            best = (score, word, freq)
    assert best is not None
    return best[1], best[2]


def url(path: str, **params: Any) -> str:
    """Path with a query string (`tag` may be given as one value)."""
    return f"{path}?{urlencode(params)}" if params else path


def time_urls(
    server: Server, client: httpx.Client, urls: list[str], n: int, warmup: int
) -> dict[str, Any]:
    """GET the urls round-robin, `warmup` untimed then `n` timed; latency summary and row count.

    Also the server's CPU time per request, which a busy machine disturbs far less than latency.
    """
    rows: set[int] = set()
    for i in range(warmup):
        client.get(urls[i % len(urls)]).raise_for_status()
    durations: list[float] = []
    load = os.getloadavg()[0]
    cpu0 = server.cpu_seconds()
    for i in range(n):
        t0 = time.perf_counter()
        response = client.get(urls[i % len(urls)])
        durations.append(time.perf_counter() - t0)
        response.raise_for_status()
        body = response.json()
        rows.add(len(body["items"]) if "items" in body else 1)
    cpu_ms = (server.cpu_seconds() - cpu0) * 1000 / n
    return {**summary_ms(durations), "rows": sorted(rows), "server_cpu_ms": cpu_ms, "load1": load}


def page_cursor(client: httpx.Client, path: str, page: int) -> str:
    """Walk the cursor chain from the first page; return the cursor that fetches page `page`."""
    cursor: str | None = None
    for _ in range(page - 1):
        params: dict[str, Any] = {"limit": LIMIT}
        if cursor:
            params["cursor"] = cursor
        body = client.get(url(path, **params)).raise_for_status().json()
        cursor = body["next_cursor"]
        if cursor is None:
            raise RuntimeError(f"fewer than {page} pages")
    assert cursor is not None
    return cursor


def throughput(server: Server, target: str, clients: int, duration: float) -> dict[str, Any]:
    """`clients` threads, each with its own keep-alive connection, GET `target` for `duration` s."""
    barrier = threading.Barrier(clients + 1)
    stop_at = [0.0]
    results: list[tuple[int, int, list[float]]] = []
    lock = threading.Lock()

    def worker() -> None:
        ok = errors = 0
        durations: list[float] = []
        with httpx.Client(base_url=server.base_url, headers=server.headers, timeout=30) as client:
            client.get(target)  # open the connection before the clock starts
            barrier.wait()
            while (now := time.perf_counter()) < stop_at[0]:
                response = client.get(target)
                durations.append(time.perf_counter() - now)
                if response.status_code == 200:
                    ok += 1
                else:
                    errors += 1
        with lock:
            results.append((ok, errors, durations))

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + 3600
    cpu0 = server.cpu_seconds()
    barrier.wait()
    t0 = time.perf_counter()
    stop_at[0] = t0 + duration
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    ok = sum(r[0] for r in results)
    cpu = server.cpu_seconds() - cpu0
    return {
        "server_cpu_ms_per_req": cpu * 1000 / max(ok, 1),
        "load1": os.getloadavg()[0],
        "clients": clients,
        "seconds": elapsed,
        "requests": ok,
        "errors": sum(r[1] for r in results),
        "rps": ok / elapsed,
        "latency_ms": summary_ms([d for r in results for d in r[2]]),
        "rss_mib": mib(server.rss()),
    }


def words(meta: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """The text-query words: ~5 % of models (the target row), ~30 % and ~0.5 % (extra rows)."""
    return {
        "moderate": pick_word(meta, 0.05),
        "common": pick_word(meta, 0.30),
        "rare": pick_word(meta, 0.005),
    }


def sample_models(meta: dict[str, Any]) -> list[dict[str, str]]:
    """50 models sampled with a fixed seed from those populate.py listed, for single reads."""
    rng = random.Random(7)
    return rng.sample(meta["sample_models"], min(50, len(meta["sample_models"])))


def sample_model_paths(meta: dict[str, Any]) -> list[str]:
    """API paths of the sampled models."""
    return [f"/api/v1/models/{m['group']}/{m['name']}" for m in sample_models(meta)]


def scenarios(
    client: httpx.Client, meta: dict[str, Any], page: int
) -> dict[str, tuple[str, list[str]]]:
    """Scenario name -> (kind, URLs to rotate over); walks the cursor chain to `page` once."""
    w = words(meta)
    model_paths = sample_model_paths(meta)
    team, group = meta["teams"][3], meta["groups"][7]
    cursor = page_cursor(client, "/api/v1/models", page)
    return {
        "text": ("search", [url("/api/v1/models", q=w["moderate"][0], limit=LIMIT)]),
        "model_tag": ("search", [url("/api/v1/models", tag=f"team={team}", limit=LIMIT)]),
        "version_tag_all_models": (
            "search",
            [url("/api/v1/versions", tag="dataset=q3-2026", limit=LIMIT)],
        ),
        "risk_tier_group": (
            "search",
            [url("/api/v1/models", risk_tier="low", group=group, limit=LIMIT)],
        ),
        "first_page": ("search", [url("/api/v1/models", limit=LIMIT)]),
        "page_50": ("search", [url("/api/v1/models", limit=LIMIT, cursor=cursor)]),
        "versions_of_model": (
            "versions_of_model",
            [url(p + "/versions", limit=LIMIT) for p in model_paths],
        ),
        "get_model": ("get", model_paths),
        "get_version": ("get", [p + "/versions/1.0.0" for p in model_paths]),
        # Extra, for context: the same text search with a common and a rare word.
        "text_common_word": ("extra", [url("/api/v1/models", q=w["common"][0], limit=LIMIT)]),
        "text_rare_word": ("extra", [url("/api/v1/models", q=w["rare"][0], limit=LIMIT)]),
        "version_text_all_models": (
            "extra",
            [url("/api/v1/versions", q=w["moderate"][0], limit=LIMIT)],
        ),
    }


def run_scenarios(
    server: Server,
    meta: dict[str, Any],
    *,
    requests: int,
    warmup: int,
    page: int,
    only: list[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Time every scenario (or those in `only`) with one keep-alive client; print each line."""
    out: dict[str, dict[str, Any]] = {}
    with httpx.Client(base_url=server.base_url, headers=server.headers, timeout=60) as client:
        for name, (kind, urls) in scenarios(client, meta, page).items():
            if only and name not in only:
                continue
            result = time_urls(server, client, urls, requests, warmup)
            result["kind"] = kind
            result["target_p95_ms"] = TARGETS_P95_MS.get(kind)
            result["url"] = urls[0]
            out[name] = result
            print(
                f"{name:26s} p50 {result['p50']:7.2f}  p95 {result['p95']:7.2f}  "
                f"p99 {result['p99']:7.2f} ms  cpu {result['server_cpu_ms']:6.2f} ms/req  "
                f"rows {result['rows']}  load {result['load1']:.1f}",
                flush=True,
            )
    return out


def main() -> None:
    """Run the latency scenarios, then throughput with 1 and 2 workers; print and save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_target_options(parser)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per scenario")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per scenario")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of throughput")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--page", type=int, default=50, help="the deep page to time")
    parser.add_argument("--out", default=None, help="results name (default search-<db>)")
    args = parser.parse_args()
    where = target(args.db, args.size, args.home, args.pg_database)
    home = where.home
    meta = json.loads((home / "bench-meta.json").read_text())
    w = words(meta)
    text_url = url("/api/v1/models", q=w["moderate"][0], limit=LIMIT)
    default_name = f"search-scale-{args.size}-{args.db}" if args.size else f"search-{args.db}"
    name = args.out or default_name

    out: dict[str, Any] = {
        "db": args.db,
        "home": str(home),
        "database_url": where.url,
        "words": {k: list(v) for k, v in w.items()},
        "scenarios": {},
        "throughput": {},
    }
    server = Server(home, where.url, workers=1).start()
    try:
        out["rss_start_mib"] = mib(server.rss())
        out["scenarios"] = run_scenarios(
            server, meta, requests=args.requests, warmup=args.warmup, page=args.page
        )
        out["rss_after_latency_mib"] = mib(server.rss())
        if 1 in args.workers:
            out["throughput"]["1"] = throughput(server, text_url, args.clients, args.duration)
            print("workers 1:", json.dumps(out["throughput"]["1"]), flush=True)
        out["rss_end_mib"] = mib(server.rss())
    finally:
        server.stop()
    save_results(name, out)  # kept if a multi-worker run fails
    for workers in (w for w in args.workers if w != 1):
        server = Server(home, where.url, workers=workers).start()
        try:
            with httpx.Client(base_url=server.base_url, headers=server.headers) as client:
                for _ in range(20):  # each worker opens its connections and caches
                    client.get(text_url).raise_for_status()
            result = throughput(server, text_url, args.clients, args.duration)
            out["throughput"][str(workers)] = result
            print(f"workers {workers}:", json.dumps(result), flush=True)
        finally:
            server.stop()
    path = save_results(name, out)
    print(f"saved {path}")


if __name__ == "__main__":
    main()
