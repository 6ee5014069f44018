"""The `chat-safety` harness: prompt suites against a chat endpoint, judged, as safety rates.

Config (the suite's `harness.config`; every key optional):

    prompt_suites: [harmful_refusal, jailbreak, pii_leakage, prompt_injection, toxicity]
    system_prompt: "You are ..."        # sent first, before each prompt's own messages
    max_tokens: 512
    temperature: 0.0
    concurrency: 8                      # requests in flight at once, 1..64
    timeout_seconds: 30                 # per request
    retries: 3                          # extra attempts on 429/5xx and dropped connections
    backoff_seconds: 0.5                # first backoff; doubles, capped at 8 s
    judge: {kind: patterns}             # patterns | classifier (dataset: NAME) | model

Without `prompt_suites` the suites of the requested metrics run. The suite's datasets are JSONL
custom prompts (see prompt_suites.py), except the one `judge.dataset` names, which trains the
classifier judge. Rates get Wilson score intervals at the request's confidence (the rate of a
fixed prompt set is a binomial proportion, so resampling adds nothing); `bootstrap.resamples: 0`
turns intervals off.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from statistics import NormalDist
from typing import Any

from modelreg.evaluation.harness import (
    DatasetInput,
    HarnessError,
    HarnessOutput,
    HarnessRequest,
    MetricValue,
)
from modelreg.evaluation.safety.client import ChatClient, ChatReply, ChatRequest
from modelreg.evaluation.safety.judges import (
    JUDGE_KINDS,
    ClassifierJudge,
    Judge,
    ModelJudge,
    PatternJudge,
    Verdict,
    judge_client,
    read_training_rows,
)
from modelreg.evaluation.safety.prompt_suites import (
    METRIC_SUITE,
    SUITES,
    SafetyPrompt,
    load_custom_prompts,
    load_suite,
)

CONFIG_KEYS = {
    "prompt_suites",
    "system_prompt",
    "max_tokens",
    "temperature",
    "concurrency",
    "timeout_seconds",
    "retries",
    "backoff_seconds",
    "judge",
}
# Metrics that count safe answers; the others count unsafe ones (lower is better).
_SAFE_SHARE = {"refusal_rate", "jailbreak_resistance", "injection_resistance"}
MAX_FAILURES = 20
ANSWER_EXCERPT = 300


def wilson_interval(successes: int, n: int, confidence: float) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion (sound at 0 and n, unlike Wald)."""
    if n == 0:
        return (0.0, 1.0)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At 0 and n the bound is exactly 0 or 1; the formula only gets there up to rounding.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return (low, high)


def _number(config: dict[str, Any], key: str, default: float, low: float, high: float) -> float:
    value = config.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise HarnessError(f"harness.config.{key} must be a number from {low:g} to {high:g}")
    return float(value)


def _integer(config: dict[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = config.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise HarnessError(f"harness.config.{key} must be a whole number from {low} to {high}")
    return value


def _library_versions(names: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


class ChatSafetyHarness:
    """Measures refusal_rate, jailbreak_resistance, pii_leak_rate, injection_resistance and
    toxicity_rate of a chat endpoint."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        """Send every selected prompt, judge the answers, and report rates with intervals."""
        config = request.config
        unknown = sorted(set(config) - CONFIG_KEYS)
        if unknown:
            raise HarnessError(
                f"unknown chat-safety config key(s) {', '.join(unknown)} "
                f"(known: {', '.join(sorted(CONFIG_KEYS))})"
            )
        if request.endpoint is None:
            raise HarnessError("the chat-safety harness needs the suite's harness.endpoint (url)")
        metrics = self._metrics(request)
        judge_config = self._judge_config(config)
        prompts = self._prompts(request, metrics, judge_config)
        options: dict[str, Any] = {
            "concurrency": _integer(config, "concurrency", 8, 1, 64),
            "timeout_s": _number(config, "timeout_seconds", 30.0, 0.1, 600.0),
            "retries": _integer(config, "retries", 3, 0, 10),
            "backoff_s": _number(config, "backoff_seconds", 0.5, 0.0, 30.0),
        }
        requests = self._requests(config, prompts)
        started = time.monotonic()
        with ChatClient(request.endpoint, **options) as client:
            replies = client.complete_many(requests)
            stats = client.stats
        asked_s = time.monotonic() - started
        judge = self._judge(request, judge_config, prompts, options)
        try:
            verdicts = judge.assess(list(zip(prompts, replies, strict=True)))
        finally:
            if isinstance(judge, ModelJudge):
                judge.client.close()
        details: dict[str, Any] = {
            "endpoint": request.endpoint.url,
            "model": request.endpoint.model,
            "judge": judge.kind,
            "interval": "wilson" if request.bootstrap.resamples else "none",
            "confidence": request.bootstrap.confidence,
            "prompts": len(prompts),
            "requests": stats.requests,
            "retries": stats.retries,
            "seconds": round(asked_s, 3),
            "metrics": {},
        }
        values = [
            self._measure(name, prompts, replies, verdicts, request, details) for name in metrics
        ]
        libraries = ["httpx", "pyyaml"] + (["scikit-learn"] if judge.kind == "classifier" else [])
        return HarnessOutput(
            metrics=values, library_versions=_library_versions(libraries), details=details
        )

    def _metrics(self, request: HarnessRequest) -> list[str]:
        names = [m.name for m in request.metrics] or list(METRIC_SUITE)
        unknown = sorted({n for n in names if n not in METRIC_SUITE})
        if unknown:
            raise HarnessError(
                f"the chat-safety harness does not measure {', '.join(unknown)} "
                f"(it measures: {', '.join(sorted(METRIC_SUITE))})"
            )
        return list(dict.fromkeys(names))

    def _judge_config(self, config: dict[str, Any]) -> dict[str, Any]:
        judge = config.get("judge") or {"kind": "patterns"}
        if not isinstance(judge, dict) or judge.get("kind", "patterns") not in JUDGE_KINDS:
            raise HarnessError(f"harness.config.judge.kind must be one of {', '.join(JUDGE_KINDS)}")
        extra = sorted(set(judge) - {"kind", "dataset"})
        if extra:
            raise HarnessError(
                f"unknown harness.config.judge key(s) {', '.join(extra)} (known: kind, dataset)"
            )
        kind = judge.get("kind", "patterns")
        if kind == "classifier" and not isinstance(judge.get("dataset"), str):
            raise HarnessError(
                "judge kind 'classifier' needs judge.dataset: the name of one of the suite's "
                "datasets holding labelled answers (JSONL text, label)"
            )
        if kind != "classifier" and "dataset" in judge:
            raise HarnessError("judge.dataset is only for judge kind 'classifier'")
        return {"kind": kind, "dataset": judge.get("dataset")}

    def _prompts(
        self, request: HarnessRequest, metrics: list[str], judge_config: dict[str, Any]
    ) -> list[SafetyPrompt]:
        chosen = request.config.get("prompt_suites")
        if chosen is None:
            chosen = [METRIC_SUITE[m] for m in metrics]
        if not isinstance(chosen, list) or not all(isinstance(s, str) for s in chosen):
            raise HarnessError(
                f"harness.config.prompt_suites must be a list of suite names "
                f"({', '.join(sorted(SUITES))})"
            )
        prompts: list[SafetyPrompt] = []
        for suite in dict.fromkeys(chosen):
            prompts.extend(load_suite(suite))
        for dataset in request.datasets:
            if dataset.name == judge_config["dataset"]:
                continue
            prompts.extend(load_custom_prompts(self._jsonl(dataset), dataset.name))
        seen: set[str] = set()
        for prompt in prompts:
            if prompt.id in seen:
                raise HarnessError(
                    f"prompt id {prompt.id!r} appears twice; custom prompt ids must differ from "
                    "each other and from the shipped suites' ids"
                )
            seen.add(prompt.id)
        for metric in metrics:
            if not any(p.metric == metric for p in prompts):
                raise HarnessError(
                    f"no prompts measure {metric}: add {METRIC_SUITE[metric]} to "
                    "harness.config.prompt_suites or give custom prompts of that suite"
                )
        wanted = set(metrics)
        return [p for p in prompts if p.metric in wanted]

    def _jsonl(self, dataset: DatasetInput) -> Path:
        if dataset.format != "jsonl":
            raise HarnessError(
                f"dataset {dataset.name} is {dataset.format}; the chat-safety harness reads JSONL"
            )
        return Path(dataset.path)

    def _requests(self, config: dict[str, Any], prompts: list[SafetyPrompt]) -> list[ChatRequest]:
        system = config.get("system_prompt")
        if system is not None and not isinstance(system, str):
            raise HarnessError("harness.config.system_prompt must be a string")
        max_tokens = _integer(config, "max_tokens", 512, 1, 1_000_000)
        temperature = _number(config, "temperature", 0.0, 0.0, 2.0)
        prefix = [{"role": "system", "content": system}] if system else []
        return [
            ChatRequest(
                messages=prefix + p.messages,
                tools=p.tools,
                max_tokens=max_tokens,
                temperature=temperature,
            )
            for p in prompts
        ]

    def _judge(
        self,
        request: HarnessRequest,
        judge_config: dict[str, Any],
        prompts: list[SafetyPrompt],
        options: dict[str, Any],
    ) -> Judge:
        kind = judge_config["kind"]
        if kind == "model":
            return ModelJudge(judge_client(request.judge_endpoint, **options))
        if kind == "classifier":
            name = judge_config["dataset"]
            dataset = next((d for d in request.datasets if d.name == name), None)
            if dataset is None:
                given = ", ".join(d.name for d in request.datasets) or "none"
                raise HarnessError(
                    f"judge.dataset {name!r} is not one of the suite's datasets (given: {given})"
                )
            rows = read_training_rows(self._jsonl(dataset), name)
            return ClassifierJudge(rows, needs={p.expect for p in prompts}, dataset=name)
        return PatternJudge()

    def _measure(
        self,
        metric: str,
        prompts: list[SafetyPrompt],
        replies: list[ChatReply],
        verdicts: list[Verdict],
        request: HarnessRequest,
        details: dict[str, Any],
    ) -> MetricValue:
        rows = [
            (p, r, v)
            for p, r, v in zip(prompts, replies, verdicts, strict=True)
            if p.metric == metric
        ]
        n = len(rows)
        unsafe = [(p, r, v) for p, r, v in rows if not v.safe]
        counted = n - len(unsafe) if metric in _SAFE_SHARE else len(unsafe)
        lower = upper = None
        if request.bootstrap.resamples:
            lower, upper = wilson_interval(counted, n, request.bootstrap.confidence)
        by_category: dict[str, dict[str, int]] = {}
        for p, _, v in rows:
            entry = by_category.setdefault(p.category, {"prompts": 0, "unsafe": 0})
            entry["prompts"] += 1
            entry["unsafe"] += int(not v.safe)
        details["metrics"][metric] = {
            "suite": METRIC_SUITE[metric],
            "prompts": n,
            "safe": n - len(unsafe),
            "unsafe": len(unsafe),
            "by_category": by_category,
            "failures": [
                {
                    "prompt_id": p.id,
                    "category": p.category,
                    "reason": v.reason,
                    "answer": r.full_text()[:ANSWER_EXCERPT],
                }
                for p, r, v in unsafe[:MAX_FAILURES]
            ],
        }
        return MetricValue(
            name=metric,
            value=counted / n,
            lower=lower,
            upper=upper,
            samples=n,
        )
