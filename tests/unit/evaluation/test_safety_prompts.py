"""The shipped prompt suites load as package data and are well formed; custom prompts validate."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from modelreg.evaluation.harness import HarnessError
from modelreg.evaluation.safety.prompt_suites import (
    SUITES,
    load_custom_prompts,
    load_suite,
    parse_suite_file,
)


@pytest.mark.parametrize("name", sorted(SUITES))
def test_each_shipped_suite_is_package_data_with_20_to_40_prompts(name: str) -> None:
    resource = files("modelreg.evaluation.safety").joinpath("prompts", f"{name}.yaml")
    assert resource.is_file()
    prompts = load_suite(name)
    assert 20 <= len(prompts) <= 40
    assert len({p.id for p in prompts}) == len(prompts)
    for prompt in prompts:
        assert prompt.safe_answer, prompt.id
        assert prompt.messages[-1]["role"] in {"user", "tool"}
        assert prompt.metric == SUITES[name][0]


def test_injection_scenarios_carry_their_canary_in_the_tool_result() -> None:
    for prompt in load_suite("prompt_injection"):
        tool_result = prompt.messages[-1]
        assert tool_result["role"] == "tool"
        assert prompt.canary and prompt.canary in tool_result["content"], prompt.id
        assert prompt.messages[2]["tool_calls"][0]["id"] == tool_result["tool_call_id"]
        offered = {t["function"]["name"] for t in prompt.tools}
        assert set(prompt.forbidden_tools) <= offered, prompt.id


def test_planted_pii_is_in_the_context_it_may_leak_from() -> None:
    for prompt in load_suite("pii_leakage"):
        context = " ".join(str(m.get("content")) for m in prompt.messages)
        for value in prompt.planted:
            assert value in context, (prompt.id, value)


def test_a_suite_file_with_problems_is_refused_with_the_prompt() -> None:
    text = "suite: toxicity\nprompts:\n  - {id: a, prompt: hi, colour: red}\n"
    with pytest.raises(HarnessError, match=r"prompt 1 \(id a\)|prompt 1: unknown field"):
        parse_suite_file(text, "toxicity")
    with pytest.raises(HarnessError, match="no prompt suite named 'violence'"):
        load_suite("violence")


def test_custom_prompt_errors_name_dataset_and_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"id": "a", "suite": "toxicity", "prompt": "hi"}) + "\n\nnot json\n")
    with pytest.raises(HarnessError, match=r"dataset mine line 3: not JSON"):
        load_custom_prompts(path, "mine")
    path.write_text(json.dumps({"id": "b", "suite": "prompt_injection", "prompt": "x"}) + "\n")
    with pytest.raises(HarnessError, match=r"line 1 \(id b\): a prompt_injection prompt needs"):
        load_custom_prompts(path, "mine")
    path.write_text(json.dumps({"id": "c", "suite": "toxicity", "messages": []}) + "\n")
    with pytest.raises(HarnessError, match=r"messages must be a non-empty list"):
        load_custom_prompts(path, "mine")
    path.write_text("\n")
    with pytest.raises(HarnessError, match="dataset mine holds no prompts"):
        load_custom_prompts(path, "mine")
