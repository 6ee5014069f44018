"""Policy as code: declarative rules (CEL conditions) that gate promotions, and their engine."""

from __future__ import annotations

import functools
from importlib import resources

from modelreg.policy.approvals import approval_status, requirement_for
from modelreg.policy.document import (
    MAX_POLICY_BYTES,
    RISK_TIERS,
    ApprovalRequirement,
    PolicySetDocument,
    Rule,
    as_dict,
    check_condition,
    parse_policy,
    policy_digest,
    policy_from_dict,
    to_yaml,
)
from modelreg.policy.engine import (
    CompiledPolicySet,
    RuleResult,
    clear_cache,
    compile_policy_set,
    evaluate,
    get_compiled,
    outcome,
)
from modelreg.policy.input_schema import INPUT_SKELETON, describe_input, skeleton

DEFAULT_PACK_TEXT: str = (
    resources.files("modelreg.policy").joinpath("default_pack.yaml").read_text("utf-8")
)


@functools.cache
def default_pack() -> PolicySetDocument:
    """The default policy pack, active on first start (parsed once; documents are frozen)."""
    return parse_policy(DEFAULT_PACK_TEXT)


__all__ = [
    "DEFAULT_PACK_TEXT",
    "INPUT_SKELETON",
    "MAX_POLICY_BYTES",
    "RISK_TIERS",
    "ApprovalRequirement",
    "CompiledPolicySet",
    "PolicySetDocument",
    "Rule",
    "RuleResult",
    "approval_status",
    "as_dict",
    "check_condition",
    "clear_cache",
    "compile_policy_set",
    "default_pack",
    "describe_input",
    "evaluate",
    "get_compiled",
    "outcome",
    "parse_policy",
    "policy_digest",
    "policy_from_dict",
    "requirement_for",
    "skeleton",
    "to_yaml",
]
