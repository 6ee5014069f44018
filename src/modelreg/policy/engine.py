"""Evaluating a policy set against an input document: compiled once, cached by digest.

Pure and thread-safe: compiled programs are shared read-only, each evaluation builds its own
CEL context, and the cache is guarded by a lock.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from modelreg.policy.cel_runtime import cel
from modelreg.policy.document import PolicySetDocument, Rule, Severity, policy_digest

Outcome = Literal["pass", "blocked"]
CACHE_SIZE = 64


@dataclass(frozen=True)
class RuleResult:
    """The verdict of one rule; `error` is set when the rule could not be evaluated."""

    rule_id: str
    description: str
    severity: Severity
    passed: bool
    message: str
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form of this result."""
        return {
            "rule_id": self.rule_id,
            "description": self.description,
            "severity": self.severity,
            "passed": self.passed,
            "message": self.message,
            "error": self.error,
        }


@dataclass(frozen=True)
class _CompiledRule:
    rule: Rule
    program: cel.Program
    variables: frozenset[str]


class CompiledPolicySet:
    """A policy set whose conditions are compiled to CEL programs, ready to evaluate."""

    def __init__(self, doc: PolicySetDocument, digest: str) -> None:
        """Compile every rule of `doc` (already validated at upload)."""
        self.document = doc
        self.digest = digest
        self._rules = tuple(_compile_rule(rule) for rule in doc.rules)

    def applicable(self, stage: str, risk_tier: str) -> list[Rule]:
        """Rules that govern a promotion to `stage` of a model of `risk_tier`."""
        return [c.rule for c in self._rules if c.rule.applies(stage, risk_tier)]

    def evaluate(self, input_doc: Mapping[str, Any]) -> list[RuleResult]:
        """Evaluate the rules applicable to the document's target stage and risk tier."""
        stage = str(input_doc.get("target_stage", ""))
        model = input_doc.get("model")
        risk_tier = str(model.get("risk_tier", "")) if isinstance(model, Mapping) else ""
        rules = [c for c in self._rules if c.rule.applies(stage, risk_tier)]
        if not rules:
            return []
        # Converting Python values to CEL is the expensive part (a 200-file manifest costs
        # milliseconds), so convert each top-level variable once, and only if a rule uses it.
        needed: set[str] = set().union(*(c.variables for c in rules))
        context = cel.Context()
        for name in needed:
            if name in input_doc:
                context.add_variable(name, input_doc[name])
        return [_run(c, context) for c in rules]


def _compile_rule(rule: Rule) -> _CompiledRule:
    program = cel.compile(rule.condition)
    # `variables()` also lists comprehension variables; extra names are harmless.
    return _CompiledRule(rule, program, frozenset(program.variables()))


def _run(compiled: _CompiledRule, context: cel.Context) -> RuleResult:
    rule = compiled.rule
    try:
        value = compiled.program.execute(context)
    except Exception as exc:  # any evaluation failure must block, never pass silently
        return _failed_closed(rule, f"{type(exc).__name__}: {exc}")
    if not isinstance(value, bool):
        return _failed_closed(rule, f"condition returned {type(value).__name__}, not a boolean")
    return RuleResult(rule.id, rule.description, rule.severity, value, rule.message)


def _failed_closed(rule: Rule, why: str) -> RuleResult:
    # Fail closed: a rule that cannot be evaluated blocks even when it is only a warning.
    error = f"rule {rule.id!r} could not be evaluated, so it blocks (fail closed): {why}"
    return RuleResult(rule.id, rule.description, "block", False, rule.message, error)


def compile_policy_set(doc: PolicySetDocument) -> CompiledPolicySet:
    """Compile a policy set without the cache."""
    return CompiledPolicySet(doc, policy_digest(doc))


# Documents are frozen and hashable, so their digest (canonical JSON of every rule) is memoised.
_digest_of = functools.lru_cache(maxsize=256)(policy_digest)

_cache: OrderedDict[str, CompiledPolicySet] = OrderedDict()
_cache_lock = threading.Lock()


def get_compiled(doc: PolicySetDocument, digest: str | None = None) -> CompiledPolicySet:
    """The compiled form of `doc` from an LRU cache keyed by its digest (pass it if known)."""
    key = digest or _digest_of(doc)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    # Compile outside the lock; two threads racing on a new digest both compile, one wins.
    compiled = CompiledPolicySet(doc, key)
    with _cache_lock:
        found = _cache.setdefault(key, compiled)
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return found


def clear_cache() -> None:
    """Empty the compiled-policy cache (for tests)."""
    with _cache_lock:
        _cache.clear()


def evaluate(doc: PolicySetDocument, input_doc: Mapping[str, Any]) -> list[RuleResult]:
    """Evaluate `doc` (compiled through the cache) against one input document."""
    return get_compiled(doc).evaluate(input_doc)


def outcome(results: Iterable[RuleResult]) -> Outcome:
    """'blocked' when any failed result has severity block, else 'pass'."""
    blocked = any(not r.passed and r.severity == "block" for r in results)
    return "blocked" if blocked else "pass"
