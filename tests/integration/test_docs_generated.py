"""The generated parts of docs/ match the code, and every audit action and topic is described."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelreg.docs_gen import (
    CallSites,
    DocsError,
    call_sites,
    catalogue_problems,
    cell,
    main,
    rendered,
    replace_part,
    scan_source,
)
from modelreg.domain.access import PERMISSION_MEANINGS, Permission

DOCS = Path(__file__).parents[2] / "docs"
FIX = "run `make docs` (or `.venv/bin/python -m modelreg.docs_gen`) and commit the result"


def test_committed_docs_match_the_code() -> None:
    stale = [path.name for path, (old, new) in rendered(DOCS).items() if old != new]
    assert not stale, f"docs/{', docs/'.join(stale)} drifted from the code: {FIX}"


def test_every_audit_action_and_outbox_topic_is_a_described_literal() -> None:
    problems = catalogue_problems(call_sites())
    assert not problems, "\n".join(problems)


def test_every_permission_has_a_meaning() -> None:
    assert set(PERMISSION_MEANINGS) == set(Permission), (
        "add the permission to PERMISSION_MEANINGS in src/modelreg/domain/access.py"
    )


def test_the_scan_reads_literals_conditionals_and_local_literal_names() -> None:
    sites = CallSites()
    scan_source(
        "def f(uow, replaced):\n"
        "    action = 'artifact.added'\n"
        "    if replaced:\n"
        "        action = 'artifact.replaced'\n"
        "    uow.audit(action, 's')\n"
        "    uow.audit('a.allowed' if replaced else 'a.refused', 's')\n"
        "    uow.emit('t.happened', {})\n",
        "m.py",
        sites,
    )
    assert set(sites.audit) == {"artifact.added", "artifact.replaced", "a.allowed", "a.refused"}
    assert sites.emit == {"t.happened": {"m.py"}} and not sites.unresolved


def test_the_scan_refuses_names_it_cannot_read() -> None:
    sites = CallSites()
    scan_source(
        "def f(uow, kind):\n"
        "    uow.audit(f'x.{kind}', 's')\n"
        "    action = kind\n"
        "    uow.emit(action, {})\n",
        "m.py",
        sites,
    )
    assert sites.unresolved == [
        "m.py:2: \"f'x.{kind}'\" is not a string literal",
        "m.py:4: 'action' is not a string literal",
    ]
    assert "string literal" in catalogue_problems(sites)[0]


def test_an_undescribed_action_says_where_to_describe_it() -> None:
    sites = call_sites()
    sites.audit["widget.frobbed"] = {"services/widgets.py"}
    [problem] = catalogue_problems(sites)
    assert "widget.frobbed" in problem and "services/widgets.py" in problem
    assert "AUDIT_ACTIONS in src/modelreg/domain/audit_actions.py" in problem
    assert "make docs" in problem


def test_a_part_without_its_markers_is_refused() -> None:
    with pytest.raises(DocsError, match="generated:roles:start"):
        replace_part("# no markers\n", "permissions.md", "roles", "x")


def test_check_reports_a_stale_document_and_writing_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for doc in ("permissions.md", "governance.md", "audit.md"):
        (tmp_path / doc).write_text((DOCS / doc).read_text("utf-8"), encoding="utf-8")
    audit = (tmp_path / "audit.md").read_text("utf-8")
    (tmp_path / "audit.md").write_text(audit.replace("| `access.refused`", "| `stale`"), "utf-8")
    assert main(["--docs", str(tmp_path), "--check"]) == 1
    assert "is stale: run `make docs`" in capsys.readouterr().err
    assert main(["--docs", str(tmp_path)]) == 0
    assert main(["--docs", str(tmp_path), "--check"]) == 0
    assert (tmp_path / "audit.md").read_text("utf-8") == (DOCS / "audit.md").read_text("utf-8")


def test_a_pipe_in_a_condition_does_not_split_its_table_cell() -> None:
    assert cell("a || b\nc") == "a \\|\\| b c"
