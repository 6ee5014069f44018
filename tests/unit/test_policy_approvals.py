"""Approval status: required roles, the two-person rule and that more approvals never hurt."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from modelreg.policy import ApprovalRequirement, approval_status, default_pack

REQS = default_pack().approvals
ROLES = ["mrc", "security_architect", "sre", "model_owner"]


def approval(who: str, role: str, decision: str = "approve") -> dict[str, Any]:
    return {"approver": who, "role": role, "decision": decision, "at": "2024-07-01T12:00:00Z"}


def test_stage_without_requirements_is_satisfied() -> None:
    status = approval_status(REQS, "staging", "high", [approval("alice", "mrc")])
    assert status == {
        "required_roles": [],
        "satisfied": True,
        "missing_roles": [],
        "two_person": False,
        "distinct_approvers": 1,
    }


def test_one_person_with_both_roles_fails_two_person_for_medium() -> None:
    both = [approval("alice", "mrc"), approval("alice", "security_architect")]
    status = approval_status(REQS, "production", "medium", both)
    assert status["two_person"] is True
    assert status["satisfied"] is False
    assert len(status["missing_roles"]) == 1
    assert status["distinct_approvers"] == 1


def test_one_person_with_both_roles_passes_for_low() -> None:
    both = [approval("alice", "mrc"), approval("alice", "security_architect")]
    status = approval_status(REQS, "production", "low", both)
    assert status["two_person"] is False
    assert status["satisfied"] is True
    assert status["missing_roles"] == []


def test_one_approval_does_not_cover_two_roles_even_without_two_person() -> None:
    status = approval_status(REQS, "production", "low", [approval("alice", "mrc")])
    assert status["satisfied"] is False
    assert status["missing_roles"] == ["security_architect"]


def test_two_people_pass_for_high() -> None:
    status = approval_status(
        REQS,
        "production",
        "high",
        [approval("alice", "mrc"), approval("bob", "security_architect")],
    )
    assert status["satisfied"] is True
    assert status["required_roles"] == ["mrc", "security_architect"]
    assert status["distinct_approvers"] == 2


def test_rejections_do_not_count() -> None:
    records = [approval("alice", "mrc"), approval("bob", "security_architect", "reject")]
    status = approval_status(REQS, "production", "high", records)
    assert status["satisfied"] is False
    assert status["missing_roles"] == ["security_architect"]
    assert status["distinct_approvers"] == 1


def test_missing_roles_listed_when_nobody_approved() -> None:
    status = approval_status(REQS, "production", "high", [])
    assert status["missing_roles"] == ["mrc", "security_architect"]


def test_matching_finds_an_assignment_that_greedy_would_miss() -> None:
    # alice could cover either role; only alice→security_architect with bob→mrc works.
    reqs = (ApprovalRequirement("production", ("mrc", "security_architect"), ("high",)),)
    records = [
        approval("alice", "mrc"),
        approval("alice", "security_architect"),
        approval("bob", "mrc"),
    ]
    assert approval_status(reqs, "production", "high", records)["satisfied"] is True


records_strategy = st.lists(
    st.builds(
        approval,
        st.sampled_from(["alice", "bob", "carol"]),
        st.sampled_from(ROLES),
        st.sampled_from(["approve", "reject"]),
    ),
    max_size=8,
)


@given(
    records=records_strategy,
    extra=st.builds(
        approval,
        st.sampled_from(["alice", "bob", "carol", "dave"]),
        st.sampled_from(ROLES),
        st.sampled_from(["approve", "reject"]),
    ),
    tier=st.sampled_from(["low", "medium", "high"]),
)
def test_adding_an_approval_never_unsatisfies(
    records: list[dict[str, Any]], extra: dict[str, Any], tier: str
) -> None:
    before = approval_status(REQS, "production", tier, records)
    after = approval_status(REQS, "production", tier, [*records, extra])
    assert not (before["satisfied"] and not after["satisfied"])
    assert set(after["missing_roles"]) <= set(before["missing_roles"]) or tier != "low"
