"""Judge a version's license expressions against a `LicensePolicy` and combine them.

Every source is judged on its own (the version's declarations and every license inherited
from base models) and the verdict is the worst of them, so a permissive declaration in one
place cannot outvote a restrictive one elsewhere. Within one expression ``A OR B`` takes the
best alternative, ``A AND B`` the worst part, and ``A WITH exception`` is judged on ``A``.
Unknown, unparseable or missing licenses need review; `evaluate` never raises on input text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from license_expression import (  # type: ignore[import-untyped]
    AND,
    OR,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
)

from modelreg.licensing.expressions import MAX_EXPRESSION_LENGTH, parse_spdx
from modelreg.licensing.ids import UNKNOWN, canonical_id
from modelreg.licensing.policy import DEFAULT_POLICY, LIST_NAMES, LicensePolicy, Status

__all__ = ["LicenseInput", "LicenseVerdict", "evaluate"]

_STRICTNESS: dict[Status, int] = {"allowed": 0, "needs_review": 1, "denied": 2}


@dataclass(frozen=True)
class LicenseInput:
    """One declared license: where it comes from and its SPDX expression ("" = none)."""

    origin: str
    expression: str


@dataclass(frozen=True)
class LicenseVerdict:
    """The combined license verdict of a version, with every source's own judgement."""

    status: Status
    expression: str
    denied: list[str]
    needs_review: list[str]
    sources: list[dict[str, str]]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy."""
        return {
            "status": self.status,
            "expression": self.expression,
            "denied": list(self.denied),
            "needs_review": list(self.needs_review),
            "sources": [dict(s) for s in self.sources],
            "reason": self.reason,
        }


@dataclass(frozen=True)
class _Judgement:
    status: Status
    reasons: tuple[str, ...]
    rendered: str = ""
    operator: str = ""
    denied: frozenset[str] = frozenset()
    review: frozenset[str] = frozenset()


def _unknown(reason: str) -> _Judgement:
    return _Judgement("needs_review", (reason,), review=frozenset({UNKNOWN}))


def evaluate(
    expressions: Sequence[LicenseInput], policy: LicensePolicy = DEFAULT_POLICY
) -> LicenseVerdict:
    """Judge every source against `policy`; the worst source decides the verdict."""
    sources: list[dict[str, str]] = []
    judgements: list[_Judgement] = []
    for item in expressions:
        judgement = _judge_expression(item.expression, policy)
        judgements.append(judgement)
        sources.append(
            {
                "origin": item.origin,
                # An unparseable expression is shown as declared, so a reviewer can see it.
                "expression": judgement.rendered or item.expression.strip()[:MAX_EXPRESSION_LENGTH],
                "status": judgement.status,
                "reason": "; ".join(judgement.reasons),
            }
        )
    if not judgements:
        return LicenseVerdict("needs_review", "", [], [UNKNOWN], [], "no license declared")
    status = max((j.status for j in judgements), key=_STRICTNESS.__getitem__)
    if status == "allowed":
        reason = "every license is allowed"
    else:
        reason = "; ".join(
            f"{s['origin']}: {s['reason']}" for s in sources if s["status"] == status
        )
    return LicenseVerdict(
        status=status,
        expression=_conjunction(j for j in judgements if j.rendered),
        denied=sorted(frozenset().union(*(j.denied for j in judgements))),
        needs_review=sorted(frozenset().union(*(j.review for j in judgements))),
        sources=sources,
        reason=reason,
    )


def _conjunction(judgements: Iterable[_Judgement]) -> str:
    """Every source's expression joined with AND (each distinct one once)."""
    parts = {j.rendered: j.operator for j in judgements}
    if len(parts) == 1:
        return next(iter(parts))
    return " AND ".join(f"({r})" if op == "OR" else r for r, op in parts.items())


def _judge_expression(expression: str, policy: LicensePolicy) -> _Judgement:
    text = expression.strip()
    if not text:
        return _unknown("no license declared")
    parsed, problem = parse_spdx(text)
    if problem is not None:
        return _unknown(problem)
    return _judge_node(parsed, policy)


def _judge_node(node: object, policy: LicensePolicy) -> _Judgement:
    if isinstance(node, LicenseWithExceptionSymbol):
        return _judge_with(node, policy)
    if isinstance(node, LicenseSymbol):
        return _judge_id(str(node.key), policy)
    if isinstance(node, AND | OR):
        operator = "AND" if isinstance(node, AND) else "OR"
        children = [_judge_node(arg, policy) for arg in node.args]
        return _combine(operator, children)
    return _unknown(f"unsupported expression element {node!r}")


def _judge_id(key: str, policy: LicensePolicy) -> _Judgement:
    license_id = canonical_id(key)
    match = policy.classify(license_id)
    if match.entry is None:
        reason = f"{license_id} is on no list (unknown license)"
    else:
        via = "" if match.entry == license_id else f" as {match.entry}"
        reason = f"{license_id} is on the {LIST_NAMES[match.status]} list{via}"
    return _Judgement(
        match.status,
        (reason,),
        license_id,
        denied=frozenset({license_id}) if match.status == "denied" else frozenset(),
        review=frozenset({license_id}) if match.status == "needs_review" else frozenset(),
    )


def _judge_with(node: Any, policy: LicensePolicy) -> _Judgement:
    """Judge `license WITH exception` on the license; a non-exception after WITH needs review."""
    base = _judge_id(str(node.license_symbol.key), policy)
    exception = str(node.exception_symbol.key)
    rendered = f"{base.rendered} WITH {exception}"
    if node.exception_symbol.is_exception:
        return _Judgement(base.status, base.reasons, rendered, "", base.denied, base.review)
    # "MIT WITH AGPL-3.0-only" must not pass as MIT: only a known exception is ignorable.
    odd = _Judgement(
        "needs_review",
        (f"{exception} after WITH is not a known license exception",),
        review=frozenset({exception}),
    )
    combined = _combine("AND", [base, odd])
    return _Judgement(
        combined.status, combined.reasons, rendered, "", combined.denied, combined.review
    )


def _combine(operator: str, children: list[_Judgement]) -> _Judgement:
    """AND needs every part (worst wins); OR needs one alternative (best wins)."""
    ranks = [_STRICTNESS[c.status] for c in children]
    target = max(ranks) if operator == "AND" else min(ranks)
    status = children[ranks.index(target)].status
    if operator == "OR" or status != "allowed":
        chosen = [c for c in children if c.status == status]
    else:
        chosen = children
    rendered = f" {operator} ".join(
        f"({c.rendered})" if c.operator and c.operator != operator else c.rendered for c in children
    )
    return _Judgement(
        status,
        tuple(dict.fromkeys(r for c in chosen for r in c.reasons)),
        rendered,
        operator,
        frozenset().union(*(c.denied for c in chosen)),
        frozenset().union(*(c.review for c in chosen)),
    )
