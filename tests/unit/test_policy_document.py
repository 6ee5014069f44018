"""Policy-set documents: the default pack, digests, round trips and every rejection case."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from modelreg.domain.errors import InvalidInput
from modelreg.policy import (
    DEFAULT_PACK_TEXT,
    INPUT_SKELETON,
    RISK_TIERS,
    as_dict,
    compile_policy_set,
    default_pack,
    describe_input,
    parse_policy,
    policy_digest,
    to_yaml,
)
from modelreg.policy.document import MAX_POLICY_BYTES
from modelreg.policy.input_schema import FIELDS
from modelreg.schemas.models import RiskTier


def policy(condition: str = "version.sealed", **overrides: object) -> str:
    """A one-rule policy set whose rule fields can be overridden (None removes a field)."""
    rule: dict[str, object] = {
        "id": "sealed-version",
        "description": "Sealed.",
        "applies_to": {"stages": ["production"]},
        "condition": condition,
        "severity": "block",
        "message": "Seal it.",
    }
    for key, value in overrides.items():
        if value is None:
            rule.pop(key, None)
        else:
            rule[key] = value
    return yaml.safe_dump({"name": "test", "description": "", "rules": [rule]})


def rejected(text: str | bytes) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse_policy(text)
    return info.value


def test_default_pack_parses_and_compiles() -> None:
    doc = default_pack()
    assert doc.name == "default"
    ids = {r.id for r in doc.rules}
    assert {"sealed-version", "card-intended-use", "card-limitations", "lineage-dataset"} <= ids
    assert {"lineage-code", "production-approvals", "staging-sealed-version"} <= ids
    # The one warning: a new registry has no advisories yet (docs/security.md says why).
    assert {r.id for r in doc.rules if r.severity != "block"} == {"security-advisories-fresh"}
    (prod,) = doc.approvals
    assert prod.stage == "production"
    assert prod.required_roles == ("mrc", "security_architect")
    assert prod.two_person_tiers == ("medium", "high")
    assert {"security-scan-complete", "security-no-blocking-findings"} <= ids
    # High risk adds the publisher-signature rule to the nine every production version meets.
    assert len(compile_policy_set(doc).applicable("production", "medium")) == 9
    high = compile_policy_set(doc).applicable("production", "high")
    assert len(high) == 10 and "publisher-signed-high-risk" in {r.id for r in high}
    assert "sealed" in DEFAULT_PACK_TEXT


def test_risk_tiers_match_the_schema() -> None:
    assert tuple(t.value for t in RiskTier) == RISK_TIERS


def test_round_trip_through_yaml_keeps_document_and_digest() -> None:
    doc = default_pack()
    again = parse_policy(to_yaml(doc))
    assert again == doc
    assert policy_digest(again) == policy_digest(doc)
    assert as_dict(again) == as_dict(doc)


def test_digest_ignores_formatting_and_comments() -> None:
    flow = policy()
    block = textwrap.dedent(
        """
        # a comment
        name: test
        description: ''
        rules:
          - id: sealed-version      # trailing comment
            message: Seal it.
            severity: block
            condition: "version.sealed"
            applies_to:
              stages:
                - production
            description: Sealed.
        """
    )
    assert policy_digest(parse_policy(flow)) == policy_digest(parse_policy(block))
    assert len(policy_digest(parse_policy(flow))) == 64


def test_digest_changes_when_a_rule_changes() -> None:
    base = policy_digest(parse_policy(policy()))
    assert policy_digest(parse_policy(policy("!version.is_prerelease"))) != base
    assert policy_digest(parse_policy(policy(severity="warn"))) != base
    assert policy_digest(parse_policy(policy(message="Seal it now."))) != base


def test_syntax_error_names_rule_and_position() -> None:
    err = rejected(policy("version.sealed &&"))
    (field,) = err.errors
    assert field.loc == ("rules", "sealed-version", "condition")
    assert field.type == "policy.syntax_error"
    assert "rule 'sealed-version'" in field.msg
    assert "line 1, column 18" in field.msg
    assert "sealed-version" in err.detail


def test_syntax_error_on_second_line() -> None:
    err = rejected(policy("version.sealed &&\n  (true ||"))
    assert "line 2" in err.errors[0].msg


@pytest.mark.parametrize(
    "condition",
    [
        "version.nosuch",
        "version.sealed || version.nosuch",  # short-circuited on the skeleton, caught statically
        "nosuch.field == 1",
        "card.sections.intended_use.deep",
        "lineage.datasets.exists(d, d.nosuch == 'x')",
        'model.tags.team == "credit"',  # free-form key without a guard
    ],
)
def test_unknown_field_is_rejected(condition: str) -> None:
    err = rejected(policy(condition))
    (field,) = err.errors
    assert field.type == "policy.unknown_field"
    assert field.loc == ("rules", "sealed-version", "condition")
    assert "unknown" in field.msg
    assert "sealed-version" in field.msg


def test_unknown_field_message_names_the_path() -> None:
    assert "'version.nosuch'" in rejected(policy("version.nosuch")).errors[0].msg


@pytest.mark.parametrize("condition", ["1 + 2", '"yes"', "version.sealed ? 1 : true", "model"])
def test_non_boolean_is_rejected(condition: str) -> None:
    (field,) = rejected(policy(condition)).errors
    assert field.type == "policy.non_boolean"
    assert "sealed-version" in field.msg


@pytest.mark.parametrize(
    "condition",
    [
        'lineage.datasets[0].uri == "x"',  # may fail on empty lists: fails closed, not rejected
        'has(model.tags.team) && model.tags.team == "credit"',
        '"team" in model.tags',
        "lineage.training_runs.all(r, !has(r.metrics.auc) || r.metrics.auc > 0.8)",
        'manifest.all(f, !f.path.endsWith(".pkl"))',
        'model.name.startsWith("a") || model.license != ""',
        'approvals.all(a, timestamp(a.at) > timestamp("2020-01-01T00:00:00Z"))',
        '"version.nosuch" != model.name',
        "version.total_size < 10 * 1024 * 1024 * 1024",
    ],
)
def test_valid_conditions_are_accepted(condition: str) -> None:
    assert parse_policy(policy(condition)).rules[0].condition == condition


def test_duplicate_id() -> None:
    raw = yaml.safe_load(policy())
    raw["rules"].append(dict(raw["rules"][0], severity="warn"))
    err = rejected(yaml.safe_dump(raw))
    assert [e.type for e in err.errors] == ["policy.duplicate_id"]
    assert err.errors[0].loc == ("rules", "sealed-version", "id")


@pytest.mark.parametrize("bad_id", ["Sealed", "-x", "a_b", "x" * 65, "", 5])
def test_bad_id(bad_id: object) -> None:
    err = rejected(policy(id=bad_id))
    assert err.errors[0].type == "policy.bad_id"
    assert err.errors[0].loc == ("rules", 0, "id")


def test_unknown_stage_tier_severity_and_missing_message() -> None:
    cases = {
        "policy.unknown_stage": policy(applies_to={"stages": ["prod"]}),
        "policy.unknown_risk_tier": policy(
            applies_to={"stages": ["production"], "risk_tiers": ["extreme"]}
        ),
        "policy.bad_severity": policy(severity="error"),
        "policy.missing": policy(message=None),
        "policy.unknown_key": policy(when="always"),
    }
    for type_, text in cases.items():
        err = rejected(text)
        assert [e.type for e in err.errors] == [type_], type_
        assert err.errors[0].loc[:2] == ("rules", "sealed-version")
        assert "sealed-version" in err.errors[0].msg


def test_unknown_role_in_approvals() -> None:
    text = policy() + "approvals:\n- stage: production\n  required_roles: [mrc, ceo]\n"
    err = rejected(text)
    assert [e.type for e in err.errors] == ["policy.unknown_role"]
    assert err.errors[0].loc == ("approvals", "production", "required_roles")
    assert "ceo" in err.errors[0].msg


def test_unknown_approval_stage() -> None:
    text = policy() + "approvals:\n- stage: live\n  required_roles: [mrc]\n"
    assert rejected(text).errors[0].type == "policy.unknown_stage"


def test_all_problems_are_reported_together() -> None:
    err = rejected(policy("1 + 2", severity="fatal", message=None))
    assert {e.type for e in err.errors} == {
        "policy.non_boolean",
        "policy.bad_severity",
        "policy.missing",
    }


@pytest.mark.parametrize("text", ["- a\n- b\n", "just a string", "42", ""])
def test_not_a_mapping(text: str) -> None:
    assert rejected(text).errors[0].type == "policy.not_mapping"


def test_bad_yaml_reports_position() -> None:
    err = rejected("name: x\nrules: [\n")
    assert err.errors[0].type == "policy.bad_yaml"
    assert "line" in err.detail


def test_unsafe_yaml_tags_are_refused() -> None:
    assert rejected("name: !!python/object/apply:os.system ['true']\n").errors[0].type == (
        "policy.bad_yaml"
    )


def test_too_large() -> None:
    text = policy() + "#" + "x" * MAX_POLICY_BYTES + "\n"
    assert rejected(text).errors[0].type == "policy.too_large"


def test_skeleton_documents_every_field() -> None:
    documented = {path.split("[]")[0].split(".")[0] for path, _, _ in FIELDS}
    assert documented == set(INPUT_SKELETON)
    text = describe_input()
    for path, _, _ in FIELDS:
        assert f"`{path}`" in text
    # Unset strings are "" so that comparisons work; the skeleton must not hold nulls.
    assert "null" not in str(INPUT_SKELETON) and "None" not in str(INPUT_SKELETON)
