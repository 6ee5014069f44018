"""Pager: lazy iteration over a cursor-paged list, one request per page."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from modelreg.client.errors import UnexpectedAnswer

if TYPE_CHECKING:
    from modelreg.schemas.common import Page

T = TypeVar("T")


class Pager(Generic[T]):
    """Iterates the items of every page, fetching the next page only when it is reached.

    Each iteration starts again from the first page; `pages()` yields whole pages and
    `next_cursor` lets a caller resume later from where a page left off.
    """

    def __init__(self, fetch: Callable[[str | None], Page[T]], cursor: str | None = None) -> None:
        self._fetch = fetch
        self._cursor = cursor

    def pages(self) -> Iterator[Page[T]]:
        """Yield pages in order until the one without a `next_cursor`."""
        cursor = self._cursor
        while True:
            page = self._fetch(cursor)
            yield page
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def __iter__(self) -> Iterator[T]:
        """Yield the items of every page, in order."""
        for page in self.pages():
            yield from page.items

    def first_page(self) -> Page[T]:
        """Fetch only the first page (its `next_cursor` resumes the listing)."""
        return self._fetch(self._cursor)


def documents(
    fetch: Callable[[str | None], Any], cursor: str | None = None
) -> Iterator[dict[str, Any]]:
    """The items of every page as the JSON objects the server sent, fetched page by page.

    For callers that only read a few fields (the CLI): no schema, so no pydantic, is loaded.
    `fetch` returns a page's decoded JSON; a page not shaped like `Page` raises UnexpectedAnswer.
    """
    while True:
        page = fetch(cursor)
        items = page.get("items") if isinstance(page, Mapping) else None
        cursor = page.get("next_cursor") if isinstance(page, Mapping) else None
        if not isinstance(items, list) or not isinstance(cursor, str | None):
            raise UnexpectedAnswer("a page needs a list 'items' and a string or null 'next_cursor'")
        for item in items:
            if not isinstance(item, dict):
                raise UnexpectedAnswer(f"a page item is {type(item).__name__}, not an object")
            yield item
        if cursor is None:
            return
