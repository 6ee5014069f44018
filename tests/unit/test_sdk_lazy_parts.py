"""The parts of the SDK and CLI that work without schemas: JSON pages, lazy exports, errors."""

from __future__ import annotations

from typing import Any

import pytest

import modelreg.client
from modelreg.cli.catalog_cmds import _model_row
from modelreg.cli.remote import RISK_TIERS, _reports_errors
from modelreg.client import UnexpectedAnswer
from modelreg.client.pager import documents
from modelreg.client.promotions import PromotionsApi
from modelreg.schemas.models import RiskTier

PAGES: dict[str | None, Any] = {
    None: {"items": [{"n": 1}, {"n": 2}], "next_cursor": "c2"},
    "c2": {"items": [{"n": 3}], "next_cursor": "c3"},
    "c3": {"items": [], "next_cursor": None},
}


def test_documents_follow_cursors_page_by_page() -> None:
    asked: list[str | None] = []

    def fetch(cursor: str | None) -> Any:
        asked.append(cursor)
        return PAGES[cursor]

    found = documents(fetch)
    assert next(found) == {"n": 1}
    assert asked == [None]
    assert [d["n"] for d in found] == [2, 3]
    assert asked == [None, "c2", "c3"]
    assert [d["n"] for d in documents(PAGES.__getitem__, "c2")] == [3]


@pytest.mark.parametrize(
    "page",
    [
        [],
        {"next_cursor": None},
        {"items": {"n": 1}, "next_cursor": None},
        {"items": [{"n": 1}], "next_cursor": 7},
        {"items": [["n", 1]], "next_cursor": None},
    ],
    ids=["not-an-object", "no-items", "items-not-a-list", "cursor-not-a-string", "item-a-list"],
)
def test_a_page_of_the_wrong_shape_is_an_unexpected_answer(page: Any) -> None:
    with pytest.raises(UnexpectedAnswer, match="unexpected document"):
        list(documents(lambda _cursor: page))


def test_promotion_apis_are_exported_lazily() -> None:
    assert modelreg.client.PromotionsApi is PromotionsApi
    with pytest.raises(AttributeError, match="NoSuchApi"):
        _ = modelreg.client.NoSuchApi


def test_the_cli_risk_tier_choice_is_the_schemas_enum() -> None:
    assert list(RISK_TIERS.choices) == [tier.value for tier in RiskTier]


def test_a_listed_model_missing_a_column_is_an_unexpected_answer() -> None:
    row = _model_row(
        {
            "full_name": "fraud/scorer",
            "risk_tier": "high",
            "latest_version": None,
            "owners": ["ana", "bo"],
            "description": "Scores.\nMore.",
        }
    )
    assert row == ["fraud/scorer", "high", "-", "ana,bo", "Scores."]
    with pytest.raises(UnexpectedAnswer, match="not a ModelRead document"):
        _model_row({"full_name": "fraud/scorer"})


def test_a_validation_error_of_a_remote_command_is_one_line_and_others_propagate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pydantic import TypeAdapter

    @_reports_errors
    def reads_a_bad_answer() -> None:
        TypeAdapter(int).validate_python("not a number")

    @_reports_errors
    def has_a_bug() -> None:
        raise LookupError("a bug")

    with pytest.raises(SystemExit) as exited:
        reads_a_bad_answer()
    assert exited.value.code == 1
    assert capsys.readouterr().err.startswith(
        "error: the server answered with an unexpected document: 1 validation error"
    )
    with pytest.raises(LookupError, match="a bug"):
        has_a_bug()
