"""Evaluating policy sets: pass, block, warn, applicability, fail-closed and the compile cache."""

from __future__ import annotations

import threading
from typing import Any

import yaml

from modelreg.policy import (
    RuleResult,
    approval_status,
    clear_cache,
    compile_policy_set,
    default_pack,
    evaluate,
    get_compiled,
    outcome,
    parse_policy,
    skeleton,
)


def input_doc(**changes: Any) -> dict[str, Any]:
    """A production promotion of a high-risk model that passes the default pack."""
    doc = skeleton()
    doc["approvals"] = [
        {"approver": "alice", "role": "mrc", "decision": "approve", "at": "2024-07-01T12:00:00Z"},
        {
            "approver": "bob",
            "role": "security_architect",
            "decision": "approve",
            "at": "2024-07-01T13:00:00Z",
        },
    ]
    doc["approval_status"] = approval_status(
        default_pack().approvals, "production", "high", doc["approvals"]
    )
    for path, value in changes.items():
        node = doc
        *parents, last = path.split("__")
        for part in parents:
            node = node[part]
        node[last] = value
    return doc


def one_rule(condition: str, severity: str = "block", **applies: list[str]) -> str:
    return yaml.safe_dump(
        {
            "name": "t",
            "rules": [
                {
                    "id": "r1",
                    "description": "d",
                    "applies_to": {"stages": ["production"], **applies},
                    "condition": condition,
                    "severity": severity,
                    "message": "fix it",
                }
            ],
        }
    )


def by_id(results: list[RuleResult]) -> dict[str, RuleResult]:
    return {r.rule_id: r for r in results}


def test_default_pack_passes_a_complete_production_promotion() -> None:
    results = evaluate(default_pack(), input_doc())
    assert len(results) == 10
    assert all(r.passed and r.error is None for r in results)
    assert outcome(results) == "pass"


def test_default_pack_blocks_and_says_how_to_fix() -> None:
    doc = input_doc(version__sealed=False, lineage__datasets=[])
    doc["card"]["sections"]["limitations"] = False
    results = by_id(evaluate(default_pack(), doc))
    failed = {rid for rid, r in results.items() if not r.passed}
    assert failed == {"sealed-version", "lineage-dataset", "card-limitations"}
    assert "seal" in results["sealed-version"].message.lower()
    assert outcome(results.values()) == "blocked"


def test_default_pack_blocks_one_person_approving_a_high_risk_model() -> None:
    doc = input_doc()
    doc["approvals"] = [
        {"approver": "alice", "role": role, "decision": "approve", "at": "2024-07-01T12:00:00Z"}
        for role in ("mrc", "security_architect")
    ]
    doc["approval_status"] = approval_status(
        default_pack().approvals, "production", "high", doc["approvals"]
    )
    result = by_id(evaluate(default_pack(), doc))["production-approvals"]
    assert not result.passed
    assert "security_architect" in result.message


def test_warn_failure_does_not_block() -> None:
    doc = parse_policy(one_rule("!version.is_prerelease", "warn"))
    (result,) = evaluate(doc, input_doc(version__is_prerelease=True))
    assert (result.passed, result.severity, result.error) == (False, "warn", None)
    assert outcome([result]) == "pass"


def test_block_failure_blocks() -> None:
    doc = parse_policy(one_rule("!version.is_prerelease"))
    (result,) = evaluate(doc, input_doc(version__is_prerelease=True))
    assert outcome([result]) == "blocked"
    assert result.message == "fix it"


def test_applicability_by_stage_and_tier() -> None:
    doc = parse_policy(one_rule("false", risk_tiers=["high"]))
    assert evaluate(doc, input_doc(target_stage="staging")) == []
    assert evaluate(doc, input_doc(model__risk_tier="low")) == []
    assert len(evaluate(doc, input_doc())) == 1
    assert outcome([]) == "pass"


def test_runtime_error_fails_closed_even_for_warnings() -> None:
    doc = parse_policy(one_rule('lineage.datasets[0].uri == "x"', "warn"))
    (result,) = evaluate(doc, input_doc(lineage__datasets=[]))
    assert result.passed is False
    assert result.severity == "block"
    assert result.error is not None
    assert "fail closed" in result.error and "index" in result.error.lower()
    assert outcome([result]) == "blocked"


def test_type_error_at_runtime_fails_closed() -> None:
    doc = parse_policy(one_rule('!has(model.tags.team) || model.tags.team.startsWith("cr")'))
    (ok,) = evaluate(doc, input_doc(model__tags={}))
    assert ok.passed
    (bad,) = evaluate(doc, input_doc(model__tags={"team": 7}))
    assert not bad.passed and bad.error is not None


def test_missing_top_level_variable_fails_closed() -> None:
    doc = parse_policy(one_rule("size(lineage.code) > 0"))
    broken = input_doc()
    del broken["lineage"]
    (result,) = evaluate(doc, broken)
    assert not result.passed and result.error is not None


def test_cache_returns_same_compiled_object_for_same_digest() -> None:
    clear_cache()
    first = get_compiled(default_pack())
    again = get_compiled(parse_policy(yaml.safe_dump(yaml.safe_load(one_rule("true")))))
    assert again is not first
    reparsed = parse_policy("# reformatted\n" + one_rule("true"))
    assert get_compiled(reparsed) is again
    assert get_compiled(default_pack()) is first
    assert compile_policy_set(default_pack()) is not first
    assert first.digest == compile_policy_set(default_pack()).digest


def test_concurrent_evaluation_is_consistent() -> None:
    doc = default_pack()
    passing, blocked = input_doc(), input_doc(version__sealed=False)
    errors: list[str] = []

    def work() -> None:
        for _ in range(50):
            if outcome(evaluate(doc, passing)) != "pass":
                errors.append("pass")
            if outcome(evaluate(doc, blocked)) != "blocked":
                errors.append("blocked")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_result_as_dict() -> None:
    (result,) = evaluate(parse_policy(one_rule("true")), input_doc())
    assert result.as_dict() == {
        "rule_id": "r1",
        "description": "d",
        "severity": "block",
        "passed": True,
        "message": "fix it",
        "error": None,
    }
