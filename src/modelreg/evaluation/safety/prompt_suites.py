"""Prompt suites: the shipped YAML files under `prompts/` and custom prompts from a JSONL dataset.

Each suite measures one metric, and every prompt in it states what a safe answer does. A
shipped file reads:

    suite: pii_leakage
    metric: pii_leak_rate
    description: ...
    prompts:
      - id: pii-001
        category: context-record
        messages: [{role: system, content: ...}, {role: user, content: ...}]
        safe_answer: Declines to read out the SSN in the record.
        planted: ["912-34-5678"]          # pii_leakage: personal data the context holds

Prompt-injection prompts are agent scenarios: instead of `messages` they may give `agent:`
{system, user, tool, arguments, result} which expands to the system and user messages, the
assistant's call of `tool` and the tool's `result` (which carries the injection); `tools` names
tool definitions from the file's top-level `tools`, `canary` is the token the injection asks the
agent to repeat, and `forbidden_tools` are the tools it asks the agent to call.

A custom JSONL dataset holds one prompt per line with the same fields plus `suite` (one of
`SUITES`); `prompt` (a string) may stand for a single user message, and `tools` there are full
OpenAI tool definitions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from modelreg.evaluation.harness import HarnessError

# Suite name -> (metric, what a safe answer must do).
SUITES: dict[str, tuple[str, str]] = {
    "harmful_refusal": ("refusal_rate", "refuse"),
    "jailbreak": ("jailbreak_resistance", "refuse"),
    "pii_leakage": ("pii_leak_rate", "no_pii"),
    "prompt_injection": ("injection_resistance", "ignore_injection"),
    "toxicity": ("toxicity_rate", "non_toxic"),
}
METRIC_SUITE = {metric: suite for suite, (metric, _) in SUITES.items()}
_ROLES = {"system", "user", "assistant", "tool"}
_PROMPT_FIELDS = {
    "id",
    "category",
    "messages",
    "agent",
    "prompt",
    "safe_answer",
    "planted",
    "canary",
    "forbidden_tools",
    "tools",
    "suite",
}


@dataclass(frozen=True)
class SafetyPrompt:
    """One prompt: the conversation to send and what a safe answer does."""

    id: str
    suite: str
    category: str
    messages: list[dict[str, Any]]
    safe_answer: str
    tools: list[dict[str, Any]] = field(default_factory=list)
    planted: tuple[str, ...] = ()
    canary: str | None = None
    forbidden_tools: tuple[str, ...] = ()

    @property
    def expect(self) -> str:
        """What the judge checks: refuse | no_pii | ignore_injection | non_toxic."""
        return SUITES[self.suite][1]

    @property
    def metric(self) -> str:
        """The metric this prompt counts towards."""
        return SUITES[self.suite][0]

    def user_text(self) -> str:
        """The conversation's user turns, for judges and reports."""
        return "\n".join(str(m.get("content", "")) for m in self.messages if m["role"] == "user")


def _strings(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise HarnessError(f"{where}: {name} must be a list of non-empty strings")
    return tuple(value)


def _messages(value: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise HarnessError(f"{where}: messages must be a non-empty list of {{role, content}}")
    out: list[dict[str, Any]] = []
    for i, message in enumerate(value):
        if not isinstance(message, dict) or message.get("role") not in _ROLES:
            raise HarnessError(
                f"{where}: messages[{i}] needs a role of {', '.join(sorted(_ROLES))}"
            )
        if not isinstance(message.get("content", ""), str | None):
            raise HarnessError(f"{where}: messages[{i}].content must be a string")
        out.append(dict(message))
    if out[-1]["role"] == "assistant":
        raise HarnessError(f"{where}: the last message must not be the assistant's own")
    return out


def _agent_messages(agent: Any, pid: str, where: str) -> list[dict[str, Any]]:
    keys = {"system", "user", "tool", "arguments", "result"}
    if not isinstance(agent, dict) or set(agent) != keys:
        raise HarnessError(f"{where}: agent needs exactly {', '.join(sorted(keys))}")
    call_id = f"call_{pid}"
    return [
        {"role": "system", "content": str(agent["system"])},
        {"role": "user", "content": str(agent["user"])},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": call_id,
                    "type": "function",
                    "function": {
                        "name": str(agent["tool"]),
                        "arguments": json.dumps(agent["arguments"], sort_keys=True),
                    },
                }
            ],
        },
        {"role": "tool", "tool_call_id": call_id, "content": str(agent["result"])},
    ]


def build_prompt(
    raw: Any,
    *,
    suite: str,
    where: str,
    tool_library: dict[str, dict[str, Any]] | None = None,
) -> SafetyPrompt:
    """One prompt from a YAML entry or JSONL row; HarnessError saying which field is wrong."""
    if not isinstance(raw, dict):
        raise HarnessError(f"{where}: a prompt must be an object")
    unknown = sorted(set(raw) - _PROMPT_FIELDS)
    if unknown:
        raise HarnessError(
            f"{where}: unknown field(s) {', '.join(unknown)} "
            f"(known: {', '.join(sorted(_PROMPT_FIELDS))})"
        )
    pid = raw.get("id")
    if not isinstance(pid, str | int) or isinstance(pid, bool) or str(pid) == "":
        raise HarnessError(f"{where}: every prompt needs an id (a string)")
    pid = str(pid)
    where = f"{where} (id {pid})"
    given = [k for k in ("messages", "agent", "prompt") if k in raw]
    if len(given) != 1:
        raise HarnessError(f"{where}: give exactly one of messages, agent or prompt")
    if "agent" in raw:
        messages = _agent_messages(raw["agent"], pid, where)
    elif "prompt" in raw:
        if not isinstance(raw["prompt"], str) or not raw["prompt"].strip():
            raise HarnessError(f"{where}: prompt must be a non-empty string")
        messages = [{"role": "user", "content": raw["prompt"]}]
    else:
        messages = _messages(raw["messages"], where)
    tools: list[dict[str, Any]] = []
    for tool in raw.get("tools") or []:
        if isinstance(tool, str) and tool_library is not None:
            if tool not in tool_library:
                raise HarnessError(f"{where}: tool {tool!r} is not defined in the file's tools")
            tools.append(tool_library[tool])
        elif isinstance(tool, dict) and tool.get("type") == "function":
            tools.append(tool)
        else:
            raise HarnessError(f"{where}: tools must be OpenAI tool definitions (type: function)")
    canary = raw.get("canary")
    if canary is not None and (not isinstance(canary, str) or len(canary) < 6):
        raise HarnessError(f"{where}: canary must be a string of at least 6 characters")
    prompt = SafetyPrompt(
        id=pid,
        suite=suite,
        category=str(raw.get("category") or "general"),
        messages=messages,
        safe_answer=str(raw.get("safe_answer") or ""),
        tools=tools,
        planted=_strings(raw.get("planted"), where, "planted"),
        canary=canary,
        forbidden_tools=_strings(raw.get("forbidden_tools"), where, "forbidden_tools"),
    )
    if suite == "prompt_injection" and prompt.canary is None and not prompt.forbidden_tools:
        raise HarnessError(
            f"{where}: a prompt_injection prompt needs a canary or forbidden_tools to detect "
            "whether the injection was followed"
        )
    return prompt


def parse_suite_file(text: str, name: str) -> list[SafetyPrompt]:
    """The prompts of one suite file's YAML text; HarnessError naming the problem."""
    # libyaml's loader when built in: the pure-Python one takes most of a run's own time.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)  # noqa: S506 -- a safe loader, chosen above
    if not isinstance(data, dict) or data.get("suite") != name:
        raise HarnessError(f"prompt suite {name}: the file must be a mapping with suite: {name}")
    library: dict[str, dict[str, Any]] = {}
    for tool in data.get("tools") or []:
        library[tool["function"]["name"]] = tool
    prompts = [
        build_prompt(
            raw, suite=name, where=f"prompt suite {name}, prompt {i + 1}", tool_library=library
        )
        for i, raw in enumerate(data.get("prompts") or [])
    ]
    ids = [p.id for p in prompts]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise HarnessError(f"prompt suite {name}: duplicate ids {', '.join(duplicates)}")
    return prompts


def load_suite(name: str) -> list[SafetyPrompt]:
    """The shipped prompts of suite `name`; HarnessError naming the shipped suites otherwise."""
    if name not in SUITES:
        raise HarnessError(f"no prompt suite named {name!r} (shipped: {', '.join(sorted(SUITES))})")
    return list(_shipped(name))


@cache
def _shipped(name: str) -> tuple[SafetyPrompt, ...]:
    # Package data never changes while the process runs, so each file is parsed once.
    resource = files("modelreg.evaluation.safety").joinpath("prompts", f"{name}.yaml")
    return tuple(parse_suite_file(resource.read_text(encoding="utf-8"), name))


def load_custom_prompts(path: Path, dataset: str) -> list[SafetyPrompt]:
    """Prompts from a JSONL dataset (one object per line with a `suite`); HarnessError by line."""
    prompts: list[SafetyPrompt] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"dataset {dataset} line {number}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise HarnessError(f"{where}: not JSON ({exc.msg})") from None
            suite = raw.get("suite") if isinstance(raw, dict) else None
            if suite not in SUITES:
                raise HarnessError(
                    f"{where}: suite must be one of {', '.join(sorted(SUITES))} (got {suite!r})"
                )
            prompts.append(build_prompt(raw, suite=suite, where=where))
    if not prompts:
        raise HarnessError(f"dataset {dataset} holds no prompts")
    return prompts
