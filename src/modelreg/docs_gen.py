"""Renders the parts of docs/ that are facts about the code (run `make docs` to rewrite them).

Each generated part sits between `<!-- generated:NAME:start -->` and `<!-- generated:NAME:end -->`
in its document; everything outside the markers is written by hand.
`python -m modelreg.docs_gen` rewrites the parts, `--check` only reports stale documents, and
`tests/integration/test_docs_generated.py` fails when a committed document has drifted.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

import modelreg
from modelreg.api.app import create_app
from modelreg.api.auth import Require
from modelreg.config import Settings
from modelreg.domain.access import PERMISSION_MEANINGS, ROLE_PERMISSIONS, Permission, Role
from modelreg.domain.audit_actions import AUDIT_ACTIONS, OUTBOX_TOPICS
from modelreg.policy import default_pack, describe_input
from modelreg.wiring import build_registry

COMMAND = "make docs"
CATALOGUE = "src/modelreg/domain/audit_actions.py"
SOURCE_ROOT = Path(modelreg.__file__).parent


class DocsError(ValueError):
    """The docs cannot be rendered: the message says what to add or fix."""


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell (a `|`, even in a code span, ends the cell)."""
    return text.replace("|", "\\|").replace("\n", " ")


# -- routes and their permissions ---------------------------------------------------------


def all_routes(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route, descending into included routers (FastAPI includes them lazily)."""
    for route in routes:
        original: Any = getattr(route, "original_router", None)
        if original is not None:
            yield from all_routes(original.routes)
        else:
            yield route


def declared_permissions(route: APIRoute) -> list[str]:
    """The permissions a route's dependencies demand (deny by default expects exactly one)."""
    found = []
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if isinstance(dep.call, Require):
            found.append(dep.call.permission.value)
        stack.extend(dep.dependencies)
    return found


def _build_app() -> FastAPI:
    with tempfile.TemporaryDirectory() as home:
        # Building the app touches no database; the throwaway home only satisfies Settings.
        registry = build_registry(Settings(home=Path(home), database_url=f"sqlite:///{home}/x.db"))
        try:
            return create_app(registry)
        finally:
            registry.close()


def render_routes(app: FastAPI) -> str:
    """Table of every API route: method, path, the one permission it declares, summary."""
    rows = []
    for route in all_routes(app.routes):
        if not isinstance(route, APIRoute):
            continue
        perms = declared_permissions(route)
        needs = ", ".join(f"`{p}`" for p in perms) or "none (public)"
        for method in sorted(route.methods or ()):
            rows.append((route.path, method, needs, cell(route.summary or route.name)))
    lines = ["| Method | Path | Permission | Summary |", "| --- | --- | --- | --- |"]
    lines += [f"| {m} | `{p}` | {n} | {s} |" for p, m, n, s in sorted(rows)]
    return "\n".join(lines)


def render_roles() -> str:
    """Matrix of permissions (rows) by roles (columns), with what each permission allows."""
    missing = sorted(p.value for p in Permission if p not in PERMISSION_MEANINGS)
    if missing:
        raise DocsError(
            f"permissions without a meaning: {', '.join(missing)}; add them to "
            "PERMISSION_MEANINGS in src/modelreg/domain/access.py, then run `make docs`"
        )
    roles = list(Role)
    lines = [
        "| Permission | Allows | " + " | ".join(f"`{r.value}`" for r in roles) + " |",
        "| --- | --- | " + " | ".join(":-:" for _ in roles) + " |",
    ]
    for perm in Permission:
        marks = " | ".join("✓" if perm in ROLE_PERMISSIONS[r] else "" for r in roles)
        lines.append(f"| `{perm.value}` | {cell(PERMISSION_MEANINGS[perm])} | {marks} |")
    return "\n".join(lines)


# -- policy ---------------------------------------------------------------------------------


def render_default_pack() -> str:
    """Rules and approval requirements of the default policy pack."""
    pack = default_pack()
    lines = [
        "| Rule | Stages | Risk tiers | Severity | Condition | Checks |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in pack.rules:
        tiers = ", ".join(rule.risk_tiers) or "all"
        lines.append(
            f"| `{rule.id}` | {', '.join(rule.stages)} | {tiers} | `{rule.severity}` "
            f"| `{cell(rule.condition)}` | {cell(rule.description)} |"
        )
    lines += ["", "| Approvals for stage | Required roles | Two different people for tiers |"]
    lines.append("| --- | --- | --- |")
    for req in pack.approvals:
        roles = ", ".join(f"`{r}`" for r in req.required_roles)
        lines.append(f"| {req.stage} | {roles} | {', '.join(req.two_person_tiers) or 'none'} |")
    return "\n".join(lines)


def render_policy_input() -> str:
    """The policy input document reference, as `describe_input()` prints it, without its title."""
    text = describe_input()
    return text.split("\n\n", 1)[1].rstrip("\n")


# -- audit actions and outbox topics ----------------------------------------------------------


@dataclass
class CallSites:
    """Audit actions and outbox topics the code can write, where, and calls that hide them."""

    audit: dict[str, set[str]] = field(default_factory=dict)
    emit: dict[str, set[str]] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)


def _strings(node: ast.expr, assigned: dict[str, list[ast.expr]] | None) -> list[str] | None:
    """The string values `node` can take, or None when they cannot be read from the source."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body, assigned), _strings(node.orelse, assigned)
        return None if body is None or orelse is None else body + orelse
    if isinstance(node, ast.Name) and assigned and node.id in assigned:
        values: list[str] = []
        for value in assigned[node.id]:
            # One level only: a local name must be bound to literals directly.
            found = _strings(value, None)
            if found is None:
                return None
            values += found
        return values
    return None


def _assignments(func: ast.AST) -> dict[str, list[ast.expr]]:
    """Every value assigned to each plain local name in a function."""
    found: dict[str, list[ast.expr]] = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            found.setdefault(node.target.id, []).append(node.value)
    return found


def scan_source(text: str, label: str, sites: CallSites) -> None:
    """Add the `.audit("…")` and `.emit("…")` call sites of one module to `sites`."""
    tree = ast.parse(text)
    scopes: dict[int, dict[str, list[ast.expr]]] = {}
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            assigned = _assignments(func)
            for node in ast.walk(func):
                scopes[id(node)] = assigned  # inner functions overwrite: innermost wins
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("audit", "emit")
            and node.args
        ):
            continue
        names = _strings(node.args[0], scopes.get(id(node)))
        if names is None:
            sites.unresolved.append(
                f"{label}:{node.lineno}: {ast.unparse(node.args[0])!r} is not a string literal"
            )
            continue
        into = sites.audit if node.func.attr == "audit" else sites.emit
        for name in names:
            into.setdefault(name, set()).add(label)


def call_sites(root: Path = SOURCE_ROOT) -> CallSites:
    """Scan every module of the package for audit actions and outbox topics."""
    sites = CallSites()
    for path in sorted(root.rglob("*.py")):
        scan_source(path.read_text("utf-8"), path.relative_to(root).as_posix(), sites)
    return sites


def catalogue_problems(sites: CallSites) -> list[str]:
    """What is wrong between the call sites and the catalogue, each saying how to fix it."""
    problems = [
        f"{where}: pass the name as a string literal (or `a if c else b` of literals, or a local "
        "variable bound only to literals) so the catalogue can be checked"
        for where in sites.unresolved
    ]
    for kind, found, known in (
        ("audit action", sites.audit, AUDIT_ACTIONS),
        ("outbox topic", sites.emit, OUTBOX_TOPICS),
    ):
        table = "AUDIT_ACTIONS" if known is AUDIT_ACTIONS else "OUTBOX_TOPICS"
        for name in sorted(set(found) - set(known)):
            problems.append(
                f"{kind} {name!r} (written in {', '.join(sorted(found[name]))}) has no meaning: "
                f"add a one-line entry to {table} in {CATALOGUE}, then run `{COMMAND}`"
            )
        for name in sorted(set(known) - set(found)):
            problems.append(
                f"{kind} {name!r} is in {table} in {CATALOGUE} but nothing writes it: remove it"
            )
    return problems


def _catalogue_table(head: str, found: dict[str, set[str]], meanings: dict[str, str]) -> str:
    lines = [f"| {head} | Meaning | Written by |", "| --- | --- | --- |"]
    for name in sorted(found):
        where = ", ".join(f"`{w}`" for w in sorted(found[name]))
        lines.append(f"| `{name}` | {cell(meanings[name])} | {where} |")
    return "\n".join(lines)


def render_audit_actions(sites: CallSites) -> str:
    """Table of every audit action the code can write."""
    problems = catalogue_problems(sites)
    if problems:
        raise DocsError("\n".join(problems))
    return _catalogue_table("Action", sites.audit, AUDIT_ACTIONS)


def render_outbox_topics(sites: CallSites) -> str:
    """Table of every outbox topic the code can emit."""
    problems = catalogue_problems(sites)
    if problems:
        raise DocsError("\n".join(problems))
    return _catalogue_table("Topic", sites.emit, OUTBOX_TOPICS)


# -- documents --------------------------------------------------------------------------------


def sections() -> dict[str, dict[str, Callable[[], str]]]:
    """Document (relative to docs/) -> generated part name -> its renderer."""
    app = _build_app()
    sites = call_sites()
    return {
        "permissions.md": {
            "roles": render_roles,
            "routes": lambda: render_routes(app),
        },
        "governance.md": {
            "policy-input": render_policy_input,
            "default-pack": render_default_pack,
        },
        "audit.md": {
            "audit-actions": lambda: render_audit_actions(sites),
            "outbox-topics": lambda: render_outbox_topics(sites),
        },
    }


def replace_part(text: str, doc: str, name: str, body: str) -> str:
    """Put `body` between the start and end markers of part `name` in `text`."""
    start, end = f"<!-- generated:{name}:start -->", f"<!-- generated:{name}:end -->"
    pattern = re.compile(re.escape(start) + r"\n.*?" + re.escape(end), re.DOTALL)
    if len(pattern.findall(text)) != 1:
        raise DocsError(f"docs/{doc} needs exactly one '{start}' ... '{end}' pair")
    note = f"<!-- Generated from the code by `{COMMAND}`; edit the code, not this table. -->"
    return pattern.sub(lambda _: f"{start}\n{note}\n{body}\n{end}", text)


def rendered(docs_dir: Path) -> dict[Path, tuple[str, str]]:
    """Each generated document: (committed text, text as the code renders it)."""
    result = {}
    for doc, parts in sections().items():
        path = docs_dir / doc
        committed = path.read_text("utf-8")
        text = committed
        for name, render in parts.items():
            text = replace_part(text, doc, name, render())
        result[path] = (committed, text)
    return result


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated parts of docs/ (or, with --check, list the stale documents)."""
    parser = argparse.ArgumentParser(prog="python -m modelreg.docs_gen", description=__doc__)
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="docs directory")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    try:
        docs = rendered(args.docs)
    except DocsError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    stale = [path for path, (old, new) in docs.items() if old != new]
    if args.check:
        for path in stale:
            sys.stderr.write(f"{path} is stale: run `{COMMAND}`\n")
        return 1 if stale else 0
    for path in stale:
        path.write_text(docs[path][1], encoding="utf-8")
        sys.stdout.write(f"rewrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
