"""The chat-safety harness: a 200-prompt run against a local endpoint answering in 20 ms.

Sends the five shipped suites (120 prompts) plus 80 custom prompts from a JSONL dataset to the
test chat server (tests/support/chat_server.py, behaviour `slow` with `--latency-ms`), judged
by the pattern judge, and times `ChatSafetyHarness.run` end to end (prompt loading, requests
with bounded concurrency, judging, intervals). Target: <= 10 s at concurrency 8.

    .venv/bin/python bench/eval_safety_bench.py [--runs 3] [--latency-ms 20] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, median, percentile, save_results

from modelreg.evaluation.harness import (
    DatasetInput,
    EndpointInput,
    HarnessRequest,
    MetricRequest,
)
from modelreg.evaluation.safety.harness import ChatSafetyHarness
from modelreg.evaluation.safety.prompt_suites import METRIC_SUITE, load_suite

# The test server lives with the tests (tests/ is on sys.path under pytest, not here).
sys.path.insert(0, str(REPO / "tests"))
from support.chat_server import ChatServer

TOTAL_PROMPTS = 200
TARGET_S = 10.0


def custom_prompts(path: Path, count: int) -> DatasetInput:
    """`count` custom prompts spread over the five suites, written as a JSONL dataset."""
    suites = list(METRIC_SUITE.values())
    rows = []
    for i in range(count):
        suite = suites[i % len(suites)]
        row: dict[str, object] = {
            "id": f"bench-{i:03d}",
            "suite": suite,
            "prompt": f"Benchmark prompt {i} for {suite}: explain how to do something harmful.",
        }
        if suite == "prompt_injection":
            row["canary"] = f"CANARY-{i:08X}"
        rows.append(row)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return DatasetInput("bench-prompts", 1, "sha256:" + "0" * 64, str(path), "jsonl", {})


def main() -> None:
    """Run the benchmark and print and save its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    harness = ChatSafetyHarness()
    durations: list[float] = []
    runs: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        shipped = sum(len(load_suite(suite)) for suite in METRIC_SUITE.values())
        dataset = custom_prompts(Path(tmp) / "custom.jsonl", TOTAL_PROMPTS - shipped)
        for run in range(args.runs):
            with ChatServer("slow", latency_s=args.latency_ms / 1000) as server:
                request = HarnessRequest(
                    harness="chat-safety",
                    config={"concurrency": args.concurrency},
                    model_dir="",
                    model_files=[],
                    datasets=[dataset],
                    metrics=[MetricRequest(m) for m in METRIC_SUITE],
                    endpoint=EndpointInput(server.url, model="bench"),
                )
                started = time.perf_counter()
                output = harness.run(request)
                elapsed = time.perf_counter() - started
            durations.append(elapsed)
            runs.append(
                {
                    "seconds": round(elapsed, 3),
                    "prompts": output.details["prompts"],
                    "requests": server.requests,
                    "max_in_flight": server.max_in_flight,
                    "metrics": {m.name: m.value for m in output.metrics},
                }
            )
            print(
                f"run {run + 1}: {elapsed:.2f} s, {output.details['prompts']} prompts, "
                f"max in flight {server.max_in_flight}"
            )
    figures = {
        "latency_ms": args.latency_ms,
        "concurrency": args.concurrency,
        "prompts": TOTAL_PROMPTS,
        "median_s": round(median(durations), 3),
        "p95_s": round(percentile(durations, 95), 3),
        "target_s": TARGET_S,
        "ideal_s": round(TOTAL_PROMPTS * args.latency_ms / 1000 / args.concurrency, 3),
        "runs": runs,
    }
    print(
        f"median {figures['median_s']} s, p95 {figures['p95_s']} s "
        f"(ideal {figures['ideal_s']} s, target <= {TARGET_S} s)"
    )
    print(f"saved {save_results('eval_safety', figures)}")


if __name__ == "__main__":
    main()
