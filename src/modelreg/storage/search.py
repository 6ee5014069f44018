"""Full-text search through the database's own engine, behind one interface.

SQLite uses FTS5 external-content tables (`models_fts`, `versions_fts`); PostgreSQL uses generated
`search_tsv` columns with GIN indexes. Both match every word of the query as a prefix.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, func, literal_column, select, text

from modelreg.domain.errors import invalid

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12


def query_words(q: str) -> list[str]:
    """Split a user query into lowercase words; 422 when it has none."""
    words = [w.lower() for w in _WORD.findall(q)][:MAX_WORDS]
    if not words:
        raise invalid("q", "the search text must contain at least one letter or digit")
    return words


def search_text(*parts: str | None) -> str:
    """Build the indexed text of a row: the parts, plus identifiers split into words."""
    pieces: list[str] = []
    for part in parts:
        if part:
            pieces.append(part)
            split = re.sub(r"[-_./:@]+", " ", part)
            if split != part:
                pieces.append(split)
    return "\n".join(pieces)[:100_000]


class TextSearch(Protocol):
    """A dialect's way to say "this row matches the text query"."""

    def models(self, q: str) -> ColumnElement[bool]:
        """Condition on `models` rows."""
        ...

    def versions(self, q: str) -> ColumnElement[bool]:
        """Condition on `model_versions` rows."""
        ...


class SqliteTextSearch:
    """FTS5 MATCH with prefix terms."""

    @staticmethod
    def _match(table: str, fts: str, q: str) -> ColumnElement[bool]:
        expr = " ".join(f'"{w}"*' for w in query_words(q))
        sub: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(text(fts))
            .where(literal_column(fts).op("MATCH")(expr))
        )
        return literal_column(f"{table}.rowid").in_(sub)

    def models(self, q: str) -> ColumnElement[bool]:
        """Models whose indexed text matches every word."""
        return self._match("models", "models_fts", q)

    def versions(self, q: str) -> ColumnElement[bool]:
        """Versions whose indexed text matches every word."""
        return self._match("model_versions", "versions_fts", q)


class PostgresTextSearch:
    """tsvector @@ to_tsquery with prefix terms, using the `simple` configuration."""

    @staticmethod
    def _match(table: str, q: str) -> ColumnElement[bool]:
        expr = " & ".join(f"{w}:*" for w in query_words(q))
        return literal_column(f"{table}.search_tsv").op("@@")(func.to_tsquery("simple", expr))

    def models(self, q: str) -> ColumnElement[bool]:
        """Models whose indexed text matches every word."""
        return self._match("models", q)

    def versions(self, q: str) -> ColumnElement[bool]:
        """Versions whose indexed text matches every word."""
        return self._match("model_versions", q)


def text_search_for(dialect: str) -> TextSearch:
    """Pick the full-text implementation of a dialect."""
    if dialect == "sqlite":
        return SqliteTextSearch()
    if dialect == "postgresql":
        return PostgresTextSearch()
    raise ValueError(f"unsupported database dialect {dialect!r}")
