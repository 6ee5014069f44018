"""Policy-set documents: parse and validate YAML into frozen rules, compute their digest.

Everything wrong with a policy is reported when it is uploaded, with the rule id and field, so
that no bad rule is ever discovered at promotion time.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Literal, cast

import yaml

from modelreg.domain.access import Role
from modelreg.domain.canonical import canonical_json, sha256_hex
from modelreg.domain.errors import FieldError, InvalidInput
from modelreg.domain.lifecycle import STAGES
from modelreg.policy.cel_runtime import cel
from modelreg.policy.input_schema import FREE_FORM_MAPS, INPUT_SKELETON

MAX_POLICY_BYTES = 256 * 1024
MAX_CONDITION_CHARS = 4096
MAX_TEXT_CHARS = 2000
RISK_TIERS: tuple[str, ...] = ("low", "medium", "high")
ROLES: tuple[str, ...] = tuple(r.value for r in Role)
SEVERITIES: tuple[str, ...] = ("block", "warn")
RULE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")

Severity = Literal["block", "warn"]

_TOP_KEYS = {"name", "description", "approvals", "rules"}
_RULE_KEYS = {"id", "description", "applies_to", "condition", "severity", "message"}
_APPLIES_KEYS = {"stages", "risk_tiers"}
_APPROVAL_KEYS = {"stage", "required_roles", "two_person_tiers"}


@dataclass(frozen=True)
class Rule:
    """One rule: where it applies, the CEL condition that must hold, and how to fix a failure."""

    id: str
    description: str
    stages: tuple[str, ...]
    risk_tiers: tuple[str, ...]  # empty: every tier
    condition: str
    severity: Severity
    message: str

    def applies(self, stage: str, risk_tier: str) -> bool:
        """True when the rule governs a promotion to `stage` of a model of `risk_tier`."""
        return stage in self.stages and (not self.risk_tiers or risk_tier in self.risk_tiers)


@dataclass(frozen=True)
class ApprovalRequirement:
    """Roles whose approval a stage needs, and the tiers where distinct people must give them."""

    stage: str
    required_roles: tuple[str, ...]
    two_person_tiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class PolicySetDocument:
    """A validated policy set: its rules and approval requirements."""

    name: str
    description: str
    rules: tuple[Rule, ...]
    approvals: tuple[ApprovalRequirement, ...]


class _Problems:
    """Collects every problem of a document so that one upload reports all of them."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, loc: tuple[str | int, ...], msg: str, type_: str = "value_error") -> None:
        self.errors.append(FieldError(loc, msg, f"policy.{type_}"))

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        shown = "; ".join(e.msg for e in self.errors[:5])
        more = f" (and {len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
        raise InvalidInput(
            detail=f"the policy set is invalid: {shown}{more}", errors=list(self.errors)
        )


# --- CEL condition checks ------------------------------------------------------------------

_SYNTAX_POS = re.compile(r"<input>:(\d+):(\d+):\s*(?:Syntax error:\s*)?([^\n]*)")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_COMPREHENSION_VAR = re.compile(
    r"\.\s*(?:all|exists|exists_one|map|filter)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,"
)
# Identifiers that are not input variables: literals, keywords and CEL type names.
_NOT_VARIABLES = frozenset(
    [
        "true",
        "false",
        "null",
        "in",
        "int",
        "uint",
        "double",
        "bool",
        "string",
        "bytes",
        "list",
        "map",
        "type",
        "dyn",
        "null_type",
    ]
)
_FREE_FORM_TOP = frozenset(m for m in FREE_FORM_MAPS if "[" not in m)
_GUARD_HINT = (
    "keys of free-form maps ({maps}) may be absent: test them first with has(map.key) or "
    "'key' in map".format(maps=", ".join(FREE_FORM_MAPS))
)


def _skip_string(text: str, i: int) -> int:
    """Index just past the CEL string literal whose opening quote is at `i`."""
    raw = i > 0 and text[i - 1] in "rR"
    quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else text[i]
    j = i + len(quote)
    while j < len(text):
        if not raw and text[j] == "\\":
            j += 2
            continue
        if text.startswith(quote, j):
            return j + len(quote)
        j += 1
    return j


def _field_chains(condition: str) -> list[list[str]]:
    """Dotted field paths rooted at a variable (`a.b.c`), ignoring strings and method calls."""
    chains: list[list[str]] = []
    i, n, prev = 0, len(condition), ""
    while i < n:
        ch = condition[i]
        if ch in "\"'":
            i, prev = _skip_string(condition, i), '"'
            continue
        match = _IDENT.match(condition, i) if (ch.isalpha() or ch == "_") else None
        if match is None:
            if not ch.isspace():
                prev = ch
            i += 1
            continue
        chain, j = [match.group()], match.end()
        while True:
            k = j
            while k < n and condition[k].isspace():
                k += 1
            if k >= n or condition[k] != ".":
                break
            k += 1
            while k < n and condition[k].isspace():
                k += 1
            nxt = _IDENT.match(condition, k)
            if nxt is None:
                break
            chain.append(nxt.group())
            j = nxt.end()
        k = j
        while k < n and condition[k].isspace():
            k += 1
        if k < n and condition[k] == "(":
            chain.pop()  # a function or method call, not a field
        # A chain after '.' or a closing bracket continues an expression, not a variable.
        if chain and prev not in (".", "]", ")"):
            chains.append(chain)
        i, prev = j, "x"
    return chains


def _static_unknown_fields(condition: str) -> list[str]:
    """Dotted paths into the input document that name no documented field."""
    local = set(_COMPREHENSION_VAR.findall(condition))
    unknown: list[str] = []
    for chain in _field_chains(condition):
        root = chain[0]
        if root in local or root in _NOT_VARIABLES:
            continue
        node: Any = INPUT_SKELETON
        for depth, part in enumerate(chain):
            path = ".".join(chain[:depth])
            if path in _FREE_FORM_TOP:
                break  # any key may be named; absence is checked against the skeleton
            if not isinstance(node, dict):
                if isinstance(node, list):
                    break  # fields of elements are reached through [i] or macros
                unknown.append(".".join(chain[: depth + 1]))
                break
            if part not in node:
                unknown.append(".".join(chain[: depth + 1]))
                break
            node = node[part]
    return unknown


def _flipped(value: Any) -> Any:
    """A copy of `value` with every boolean negated, to reach the other side of `&&`/`||`."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, dict):
        return {k: _flipped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_flipped(v) for v in value]
    return value


_SKELETONS = (copy.deepcopy(INPUT_SKELETON), _flipped(INPUT_SKELETON))


def syntax_error_message(exc: ValueError) -> str:
    """Turn a CEL parse error into 'syntax error at line L, column C: reason'."""
    text = str(exc)
    found = _SYNTAX_POS.search(text)
    if found is None:
        return f"syntax error: {text.splitlines()[0] if text else exc!r}"
    line, column, reason = found.groups()
    return f"syntax error at line {line}, column {column}: {reason.strip()}"


def check_condition(rule_id: str, condition: str) -> list[tuple[str, str]]:
    """Problems of one condition as (type, message): syntax, unknown field, non-boolean."""
    prefix = f"rule {rule_id!r}"
    try:
        program = cel.compile(condition)
    except ValueError as exc:
        return [("syntax_error", f"{prefix}: {syntax_error_message(exc)}")]
    unknown = _static_unknown_fields(condition)
    if unknown:
        return [
            ("unknown_field", f"{prefix}: unknown field {path!r}; see the input document fields")
            for path in dict.fromkeys(unknown)
        ]
    for variant in _SKELETONS:
        try:
            result = program.execute(cel.Context(variables=variant))
        except KeyError as exc:
            key = exc.args[0] if exc.args else "?"
            return [("unknown_field", f"{prefix}: unknown field {key!r}; {_GUARD_HINT}")]
        except RuntimeError as exc:
            if "Undefined variable" in str(exc):
                return [("unknown_field", f"{prefix}: unknown variable: {exc}")]
            return [("evaluation_error", f"{prefix}: fails on the example input: {exc}")]
        except IndexError:
            continue  # depends on list contents; fails closed at evaluation time
        except Exception as exc:  # CEL raises TypeError/ValueError/... for ill-typed rules
            return [("type_error", f"{prefix}: fails on the example input: {exc}")]
        if not isinstance(result, bool):
            kind = type(result).__name__
            return [("non_boolean", f"{prefix}: condition must be true or false, got {kind}")]
    return []


# --- parsing -------------------------------------------------------------------------------


def _str_field(
    raw: dict[str, Any],
    key: str,
    loc: tuple[str | int, ...],
    problems: _Problems,
    *,
    what: str,
    required: bool = True,
    max_len: int = MAX_TEXT_CHARS,
) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            problems.add((*loc, key), f"{what}: {key} is required", "missing")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        problems.add((*loc, key), f"{what}: {key} must be a non-empty string")
        return ""
    if len(value) > max_len:
        problems.add((*loc, key), f"{what}: {key} is longer than {max_len} characters")
    return value


def _choices(
    value: Any,
    allowed: tuple[str, ...],
    loc: tuple[str | int, ...],
    problems: _Problems,
    *,
    what: str,
    kind: str,
) -> tuple[str, ...]:
    """Validate a non-empty list drawn from `allowed`; return it deduplicated in `allowed` order."""
    if not isinstance(value, list) or not value:
        problems.add(loc, f"{what}: expected a non-empty list of {kind}s ({', '.join(allowed)})")
        return ()
    bad = [v for v in value if v not in allowed]
    if bad:
        problems.add(
            loc,
            f"{what}: unknown {kind} {', '.join(repr(b) for b in bad)}; use {', '.join(allowed)}",
            f"unknown_{kind.replace(' ', '_')}",
        )
    return tuple(a for a in allowed if a in value)


def _unknown_keys(
    raw: dict[str, Any],
    allowed: set[str],
    loc: tuple[str | int, ...],
    problems: _Problems,
    what: str,
) -> None:
    for key in raw:
        if key not in allowed:
            problems.add(
                (*loc, str(key)),
                f"{what}: unknown key {key!r}; allowed: {', '.join(sorted(allowed))}",
                "unknown_key",
            )


def _parse_rule(raw: Any, index: int, seen: set[str], problems: _Problems) -> Rule | None:
    if not isinstance(raw, dict):
        problems.add(("rules", index), f"rule #{index + 1}: expected a mapping", "not_mapping")
        return None
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.fullmatch(rule_id):
        problems.add(
            ("rules", index, "id"),
            f"rule #{index + 1}: id {rule_id!r} must be 1–64 lowercase letters, digits or "
            "hyphens, starting with a letter or digit",
            "bad_id",
        )
        key: str | int = index
        what = f"rule #{index + 1}"
    else:
        key, what = rule_id, f"rule {rule_id!r}"
        if rule_id in seen:
            problems.add(("rules", key, "id"), f"{what}: duplicate rule id", "duplicate_id")
        seen.add(rule_id)
    loc: tuple[str | int, ...] = ("rules", key)
    _unknown_keys(raw, _RULE_KEYS, loc, problems, what)
    description = _str_field(raw, "description", loc, problems, what=what, required=False)
    message = _str_field(raw, "message", loc, problems, what=what)
    condition = _str_field(raw, "condition", loc, problems, what=what, max_len=MAX_CONDITION_CHARS)
    severity = raw.get("severity")
    if severity not in SEVERITIES:
        problems.add(
            (*loc, "severity"),
            f"{what}: severity {severity!r} must be one of {', '.join(SEVERITIES)}",
            "bad_severity",
        )
    applies = raw.get("applies_to")
    stages: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    if not isinstance(applies, dict):
        problems.add(
            (*loc, "applies_to"),
            f"{what}: applies_to must be a mapping with stages (and optionally risk_tiers)",
            "missing",
        )
    else:
        _unknown_keys(applies, _APPLIES_KEYS, (*loc, "applies_to"), problems, what)
        stages = _choices(
            applies.get("stages"),
            STAGES,
            (*loc, "applies_to", "stages"),
            problems,
            what=what,
            kind="stage",
        )
        if "risk_tiers" in applies:
            tiers = _choices(
                applies["risk_tiers"],
                RISK_TIERS,
                (*loc, "applies_to", "risk_tiers"),
                problems,
                what=what + " (omit risk_tiers to apply to every tier)",
                kind="risk tier",
            )
    if condition and len(condition) <= MAX_CONDITION_CHARS:
        for type_, msg in check_condition(str(key), condition):
            problems.add((*loc, "condition"), msg, type_)
    return Rule(
        id=str(key),
        description=description,
        stages=stages,
        risk_tiers=tiers,
        condition=condition,
        severity=cast(Severity, severity),
        message=message,
    )


def _parse_approval(
    raw: Any, index: int, seen: set[str], problems: _Problems
) -> ApprovalRequirement | None:
    if not isinstance(raw, dict):
        problems.add(("approvals", index), f"approvals #{index + 1}: expected a mapping")
        return None
    stage = raw.get("stage")
    key: str | int = stage if isinstance(stage, str) else index
    what = f"approvals for {stage!r}"
    loc: tuple[str | int, ...] = ("approvals", key)
    _unknown_keys(raw, _APPROVAL_KEYS, loc, problems, what)
    if stage not in STAGES:
        problems.add(
            (*loc, "stage"),
            f"{what}: unknown stage; use one of {', '.join(STAGES)}",
            "unknown_stage",
        )
    elif stage in seen:
        problems.add((*loc, "stage"), f"{what}: stage listed twice", "duplicate_stage")
    seen.add(str(stage))
    roles = _choices(
        raw.get("required_roles"), ROLES, (*loc, "required_roles"), problems, what=what, kind="role"
    )
    tiers: tuple[str, ...] = ()
    if raw.get("two_person_tiers") not in (None, []):
        tiers = _choices(
            raw["two_person_tiers"],
            RISK_TIERS,
            (*loc, "two_person_tiers"),
            problems,
            what=what,
            kind="risk tier",
        )
    return ApprovalRequirement(stage=str(stage), required_roles=roles, two_person_tiers=tiers)


def parse_policy(text: str | bytes) -> PolicySetDocument:
    """Parse and validate a policy-set YAML document; InvalidInput lists every problem."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if len(data) > MAX_POLICY_BYTES:
        raise InvalidInput(
            detail=f"the policy document is {len(data)} bytes; the limit is {MAX_POLICY_BYTES}",
            errors=[FieldError(("document",), "too large", "policy.too_large")],
        )
    try:
        raw = yaml.safe_load(data)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        msg = f"not valid YAML{where}: {problem}"
        raise InvalidInput(
            detail=msg, errors=[FieldError(("document",), msg, "policy.bad_yaml")]
        ) from exc
    return policy_from_dict(raw)


def policy_from_dict(raw: Any) -> PolicySetDocument:
    """Validate an already-decoded policy set (e.g. from JSON); InvalidInput lists problems."""
    problems = _Problems()
    if not isinstance(raw, dict):
        msg = "a policy set must be a mapping with name, description, approvals and rules"
        raise InvalidInput(
            detail=msg, errors=[FieldError(("document",), msg, "policy.not_mapping")]
        )
    _unknown_keys(raw, _TOP_KEYS, (), problems, "policy set")
    name = raw.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        problems.add(
            ("name",),
            f"name {name!r} must be 1–100 letters, digits, '.', '_' or '-'",
            "bad_name",
        )
    description = _str_field(raw, "description", (), problems, what="policy set", required=False)
    rules_raw = raw.get("rules", [])
    if not isinstance(rules_raw, list):
        problems.add(("rules",), "rules must be a list")
        rules_raw = []
    approvals_raw = raw.get("approvals", [])
    if not isinstance(approvals_raw, list):
        problems.add(("approvals",), "approvals must be a list")
        approvals_raw = []
    seen_ids: set[str] = set()
    rules = [_parse_rule(r, i, seen_ids, problems) for i, r in enumerate(rules_raw)]
    seen_stages: set[str] = set()
    approvals = [_parse_approval(a, i, seen_stages, problems) for i, a in enumerate(approvals_raw)]
    problems.raise_if_any()
    return PolicySetDocument(
        name=str(name),
        description=description,
        rules=tuple(r for r in rules if r is not None),
        approvals=tuple(a for a in approvals if a is not None),
    )


# --- normal form ---------------------------------------------------------------------------


def as_dict(doc: PolicySetDocument) -> dict[str, Any]:
    """The normalised, JSON-ready form of a policy set (what the digest covers)."""
    rules: list[dict[str, Any]] = []
    for rule in doc.rules:
        applies: dict[str, Any] = {"stages": list(rule.stages)}
        if rule.risk_tiers:
            applies["risk_tiers"] = list(rule.risk_tiers)
        rules.append(
            {
                "id": rule.id,
                "description": rule.description,
                "applies_to": applies,
                "condition": rule.condition,
                "severity": rule.severity,
                "message": rule.message,
            }
        )
    return {
        "name": doc.name,
        "description": doc.description,
        "approvals": [
            {
                "stage": a.stage,
                "required_roles": list(a.required_roles),
                "two_person_tiers": list(a.two_person_tiers),
            }
            for a in doc.approvals
        ],
        "rules": rules,
    }


def to_yaml(doc: PolicySetDocument) -> str:
    """Render a policy set as YAML that parses back to an equal document."""
    return yaml.safe_dump(as_dict(doc), sort_keys=False, allow_unicode=True, width=100)


def policy_digest(doc: PolicySetDocument) -> str:
    """Hex SHA-256 of the canonical JSON of the normalised document (ignores YAML layout)."""
    return sha256_hex(canonical_json(as_dict(doc), field="policy"))
