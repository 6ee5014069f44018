"""License evaluation: policy lists, OR/AND/WITH semantics, inheritance and hostile input."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelreg.licensing import (
    DEFAULT_POLICY,
    MAX_EXPRESSION_LENGTH,
    UNKNOWN,
    LicenseInput,
    LicensePolicy,
    LicenseVerdict,
    PolicyMatch,
    evaluate,
    find_license_sources,
    parse_policy_lists,
)

STRICTNESS = {"allowed": 0, "needs_review": 1, "denied": 2}


def _one(expression: str, policy: LicensePolicy = DEFAULT_POLICY) -> LicenseVerdict:
    return evaluate([LicenseInput("model", expression)], policy)


@pytest.mark.parametrize(
    ("license_id", "status"),
    [
        ("Apache-2.0", "allowed"),
        ("MIT", "allowed"),
        ("BSD-3-Clause", "allowed"),
        ("CC0-1.0", "allowed"),
        ("MPL-2.0", "allowed"),
        ("AGPL-3.0-only", "denied"),
        ("AGPL-3.0-or-later", "denied"),
        ("AGPL-3.0", "denied"),  # deprecated spelling of AGPL-3.0-only
        ("CC-BY-NC-4.0", "denied"),
        ("CC-BY-NC-SA-4.0", "denied"),
        ("CC-BY-NC-ND-3.0", "denied"),
        ("GPL-3.0-only", "needs_review"),
        ("GPL-2.0+", "needs_review"),
        ("LGPL-2.1-only", "needs_review"),
        ("CC-BY-SA-4.0", "needs_review"),
        ("LicenseRef-creativeml-openrail-m", "needs_review"),
        ("LicenseRef-llama3.1", "needs_review"),
        ("llama3", "needs_review"),  # Hugging Face id, read as LicenseRef-llama3
        ("LicenseRef-gemma", "needs_review"),
        ("other", "needs_review"),
        ("LicenseRef-acme-internal", "needs_review"),
        (UNKNOWN, "needs_review"),
    ],
)
def test_default_policy(license_id: str, status: str) -> None:
    assert _one(license_id).status == status


def test_allowed_verdict_shape() -> None:
    verdict = _one("apache-2.0")
    assert verdict == LicenseVerdict(
        status="allowed",
        expression="Apache-2.0",
        denied=[],
        needs_review=[],
        sources=[
            {
                "origin": "model",
                "expression": "Apache-2.0",
                "status": "allowed",
                "reason": "Apache-2.0 is on the allow list",
            }
        ],
        reason="every license is allowed",
    )
    assert json.loads(json.dumps(verdict.to_dict())) == verdict.to_dict()


# --- OR / AND / WITH -----------------------------------------------------------------------


def test_or_takes_the_best_alternative() -> None:
    verdict = _one("MIT OR GPL-3.0-only")
    assert (verdict.status, verdict.needs_review, verdict.denied) == ("allowed", [], [])


def test_or_with_a_denied_alternative_does_not_list_it() -> None:
    verdict = _one("AGPL-3.0-only OR GPL-3.0-only")
    assert verdict.status == "needs_review"
    assert verdict.needs_review == ["GPL-3.0-only"]
    assert verdict.denied == []


def test_or_of_denied_alternatives_lists_them_all() -> None:
    verdict = _one("AGPL-3.0-only OR CC-BY-NC-4.0")
    assert verdict.status == "denied"
    assert verdict.denied == ["AGPL-3.0-only", "CC-BY-NC-4.0"]


def test_and_needs_every_part() -> None:
    assert _one("MIT AND GPL-3.0-only").status == "needs_review"
    verdict = _one("MIT AND (Apache-2.0 AND CC-BY-NC-SA-4.0)")
    assert (verdict.status, verdict.denied) == ("denied", ["CC-BY-NC-SA-4.0"])


def test_nested_expression_and_its_rendering() -> None:
    verdict = _one("(mit or agpl-3.0) and (Apache-2.0 or (GPL-2.0 and LGPL-2.1))")
    assert verdict.status == "allowed"
    assert verdict.expression == (
        "(MIT OR AGPL-3.0-only) AND (Apache-2.0 OR (GPL-2.0-only AND LGPL-2.1-only))"
    )


def test_with_exception_is_judged_on_the_base_license() -> None:
    assert _one("Apache-2.0 WITH LLVM-exception").status == "allowed"
    verdict = _one("GPL-2.0-or-later WITH Classpath-exception-2.0")
    assert verdict.status == "needs_review"
    assert verdict.needs_review == ["GPL-2.0-or-later"]
    assert verdict.expression == "GPL-2.0-or-later WITH Classpath-exception-2.0"
    assert _one("AGPL-3.0-only WITH Classpath-exception-2.0").status == "denied"


def test_with_something_that_is_not_an_exception_needs_review() -> None:
    # Otherwise "MIT WITH AGPL-3.0-only" would pass as plain MIT.
    verdict = _one("MIT WITH AGPL-3.0-only")
    assert verdict.status == "needs_review"
    assert verdict.needs_review == ["AGPL-3.0-only"]
    assert "not a known license exception" in verdict.reason


# --- combining sources ---------------------------------------------------------------------


def test_denied_base_model_license_is_inherited() -> None:
    verdict = evaluate(
        [
            LicenseInput("model", "Apache-2.0"),
            LicenseInput("file:LICENSE", "Apache-2.0"),
            LicenseInput("base-model:credit/base@1.0.0", "CC-BY-NC-4.0"),
        ]
    )
    assert verdict.status == "denied"
    assert verdict.denied == ["CC-BY-NC-4.0"]
    assert verdict.expression == "Apache-2.0 AND CC-BY-NC-4.0"
    assert verdict.reason.startswith("base-model:credit/base@1.0.0: CC-BY-NC-4.0")
    assert [s["status"] for s in verdict.sources] == ["allowed", "allowed", "denied"]


@pytest.mark.parametrize(
    ("declared", "license_file", "status"),
    [
        ("MIT", "GPL-3.0-only", "needs_review"),
        ("MIT", "AGPL-3.0-only", "denied"),
        ("AGPL-3.0-only", "MIT", "denied"),
        ("MIT OR AGPL-3.0-only", "MIT", "allowed"),
    ],
)
def test_conflicting_sources_are_each_judged(declared: str, license_file: str, status: str) -> None:
    sources = [LicenseInput("model", declared), LicenseInput("file:LICENSE", license_file)]
    assert evaluate(sources).status == status
    assert evaluate(list(reversed(sources))).status == status


def test_combined_expression_deduplicates_and_brackets() -> None:
    verdict = evaluate(
        [
            LicenseInput("model", "MIT OR Apache-2.0"),
            LicenseInput("card", "mit or apache-2.0"),
            LicenseInput("file:LICENSE", "BSD-3-Clause"),
            LicenseInput("file:NOTICE", "(not valid"),
            LicenseInput("hf-metadata:README.md", ""),
        ]
    )
    assert verdict.expression == "(MIT OR Apache-2.0) AND BSD-3-Clause"
    assert verdict.status == "needs_review"


# --- unknown, missing and malformed --------------------------------------------------------


def test_no_license_anywhere_needs_review() -> None:
    verdict = evaluate([])
    assert (verdict.status, verdict.expression, verdict.reason) == (
        "needs_review",
        "",
        "no license declared",
    )
    assert verdict.needs_review == [UNKNOWN]


@pytest.mark.parametrize("expression", ["", "   ", "\n"])
def test_empty_expression_needs_review(expression: str) -> None:
    verdict = _one(expression)
    assert verdict.status == "needs_review"
    assert verdict.sources[0]["reason"] == "no license declared"


def test_unknown_license_id_needs_review() -> None:
    verdict = _one("Acme-Proprietary-1.0 AND MIT")
    assert verdict.status == "needs_review"
    assert verdict.needs_review == ["Acme-Proprietary-1.0"]
    assert "on no list (unknown license)" in verdict.reason


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("(MIT", "incomplete expression"),
        ("MIT OR", "incomplete expression"),
        ("MIT Apache-2.0", "unexpected 'Apache-2.0'"),
        ("()", "unexpected ')'"),
        ("MIT WITH (LLVM-exception)", "unexpected '('"),
        ("MIT WITH A WITH B", "WITH must follow a single license id"),
        ("MIT/Apache-2.0", "character '/' is not allowed"),
        ("MIT, Apache-2.0", "character ',' is not allowed"),
        ("Lizenz-é", "character 'é' is not allowed"),
    ],
)
def test_unparseable_expression_needs_review_with_the_reason(expression: str, problem: str) -> None:
    verdict = _one(expression)
    assert verdict.status == "needs_review"
    source = verdict.sources[0]
    assert source["reason"] == f"not a valid SPDX expression: {problem}"
    assert source["expression"] == expression  # shown as declared
    assert verdict.expression == ""


def test_overlong_expression_is_not_parsed() -> None:
    verdict = _one(" AND ".join(["MIT"] * MAX_EXPRESSION_LENGTH))
    assert verdict.status == "needs_review"
    assert "longer than" in verdict.reason


def test_deeply_nested_expression_needs_review() -> None:
    expression = "MIT"
    for _ in range(100):
        expression = f"(MIT AND (Apache-2.0 OR {expression}))"
    verdict = _one(expression)
    assert verdict.status == "needs_review"
    assert (
        verdict.reason == "model: not a valid SPDX expression: nested more than 64 parentheses deep"
    )


# --- policy lists --------------------------------------------------------------------------


def test_wildcards_match_case_insensitively() -> None:
    policy = parse_policy_lists(allow=["mit"], deny=["cc-by-nc-*"], review=["licenseref-llama*"])
    assert _one("CC-BY-NC-SA-4.0", policy).status == "denied"
    assert _one("LicenseRef-Llama3.1", policy).status == "needs_review"
    assert _one("MIT", policy).status == "allowed"
    assert policy.classify("CC-BY-NC-4.0") == PolicyMatch("denied", "cc-by-nc-*")


def test_most_specific_entry_wins() -> None:
    policy = parse_policy_lists(
        allow=["LicenseRef-llama3.1", "CC-BY-NC-SA-4.0"],
        deny=["CC-BY-NC-*"],
        review=["LicenseRef-llama*", "CC-BY-*"],
    )
    assert policy.classify("LicenseRef-llama3.1") == PolicyMatch("allowed", "LicenseRef-llama3.1")
    assert policy.classify("LicenseRef-llama3") == PolicyMatch("needs_review", "LicenseRef-llama*")
    assert policy.classify("CC-BY-NC-4.0").status == "denied"  # longer prefix than CC-BY-*
    assert policy.classify("CC-BY-NC-SA-4.0").status == "allowed"  # exact beats wildcard
    assert policy.classify("CC-BY-4.0").status == "needs_review"
    assert policy.classify("Zlib") == PolicyMatch("needs_review", None)


def test_deprecated_ids_in_the_policy_match_their_current_spelling() -> None:
    policy = parse_policy_lists(allow=[], deny=["GPL-3.0", "gpl-2.0+"], review=[])
    assert policy.deny == frozenset({"GPL-3.0-only", "GPL-2.0-or-later"})
    assert _one("GPL-3.0-only", policy).status == "denied"
    assert _one("GPL-2.0-or-later", policy).status == "denied"
    assert _one("GPL-2.0-only", policy).status == "needs_review"


@pytest.mark.parametrize(
    ("lists", "message"),
    [
        ({"allow": ["MIT License"]}, "allow list entry 'MIT License' is not a license id"),
        ({"deny": ["*"]}, "deny list entry '*' is not a license id"),
        ({"deny": ["GPL-*-only"]}, "deny list entry 'GPL-*-only' is not a license id"),
        ({"review": [""]}, "review list entry '' is not a license id"),
        ({"review": ["MIT;rm -rf /"]}, "review list entry 'MIT;rm -rf /' is not a license id"),
        ({"allow": ["MIT", 3]}, "allow list entry 3 is not a string"),
        ({"allow": "MIT"}, "the allow list must be a list of license ids, not the string 'MIT'"),
        ({"allow": ["MIT"], "deny": ["mit"]}, "'MIT' is on more than one list (allow and deny)"),
        ({"deny": ["GPL-3.0"], "review": ["GPL-3.0-only"]}, "(deny and review)"),
    ],
)
def test_policy_validation_names_the_bad_entry(lists: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {"allow": [], "deny": [], "review": [], **lists}
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_policy_lists(**arguments)


def test_policy_accepts_licenseref_documentref_and_trailing_wildcards() -> None:
    policy = parse_policy_lists(
        allow=[" LicenseRef-acme-1.0 ", "DocumentRef-spdx:LicenseRef-x", "BSD-*"],
        deny=[],
        review=["GPL-2.0+"],
    )
    assert "LicenseRef-acme-1.0" in policy.allow
    assert _one("BSD-2-Clause-Patent", policy).status == "allowed"


def test_policy_built_directly_is_validated_too() -> None:
    with pytest.raises(ValueError, match="not a license id"):
        LicensePolicy(frozenset({"MIT OR X"}), frozenset(), frozenset())


# --- detection feeds evaluation ------------------------------------------------------------


def test_detected_sources_and_a_base_model_give_one_verdict(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: apache-2.0\n---\n# Model\n")
    (tmp_path / "LICENSE").write_text("SPDX-License-Identifier: Apache-2.0\n")
    inputs = [LicenseInput(s.origin, s.expression) for s in find_license_sources(tmp_path)]
    inputs.append(LicenseInput("base-model:nlp/llama-base@3.1.0", "LicenseRef-llama3.1"))
    verdict = evaluate([LicenseInput("model", "Apache-2.0"), *inputs])
    assert verdict.status == "needs_review"
    assert verdict.expression == "Apache-2.0 AND LicenseRef-llama3.1"
    assert verdict.needs_review == ["LicenseRef-llama3.1"]


# --- properties ----------------------------------------------------------------------------

_TOKENS = st.sampled_from(
    [
        "MIT",
        "Apache-2.0",
        "GPL-3.0-only",
        "AGPL-3.0-or-later",
        "CC-BY-NC-4.0",
        "LicenseRef-llama3",
        "LLVM-exception",
        "Foo-1.0",
        "AND",
        "OR",
        "WITH",
        "and",
        "(",
        ")",
        "+",
        ":",
        "",
    ]
)
_EXPRESSIONS = st.one_of(
    st.text(max_size=80),
    st.lists(_TOKENS, max_size=12).map(" ".join),
    st.lists(_TOKENS, max_size=12).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_EXPRESSIONS, max_size=4))
def test_evaluate_never_raises_and_keeps_its_invariants(expressions: list[str]) -> None:
    verdict = evaluate([LicenseInput(f"s{i}", e) for i, e in enumerate(expressions)])
    assert verdict.status in STRICTNESS
    assert (verdict.status == "denied") == bool(verdict.denied)
    if verdict.status == "needs_review":
        assert verdict.needs_review
    worst = max((STRICTNESS[s["status"]] for s in verdict.sources), default=1)
    assert STRICTNESS[verdict.status] == worst
    json.dumps(verdict.to_dict())


@settings(max_examples=200, deadline=None)
@given(st.lists(_EXPRESSIONS, min_size=1, max_size=4), _EXPRESSIONS)
def test_another_source_never_makes_the_verdict_more_permissive(
    expressions: list[str], extra: str
) -> None:
    inputs = [LicenseInput("model", e) for e in expressions]
    before = evaluate(inputs).status
    after = evaluate([*inputs, LicenseInput("base-model:x/y@1.0.0", extra)]).status
    assert STRICTNESS[after] >= STRICTNESS[before]
