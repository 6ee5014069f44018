"""Pager: lazy iteration over a cursor-paged list, one request per page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

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
