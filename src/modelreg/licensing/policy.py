"""License policy: the allow / deny / needs-review lists security architects manage.

Entries are SPDX ids or ``LicenseRef-…`` ids, optionally ending in ``*`` to cover every id
with that prefix (``CC-BY-NC-*``). Matching ignores case. When several entries match, the
most specific wins (an exact id beats any wildcard, a longer prefix beats a shorter one), so
an architect can allow ``LicenseRef-llama3.1`` while the ``LicenseRef-llama*`` family stays
under review; the same entry on two lists is rejected, so there are no ties. An id on no
list is unknown to the policy and needs review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from modelreg.licensing.ids import canonical_id

__all__ = [
    "DEFAULT_POLICY",
    "LIST_NAMES",
    "LicensePolicy",
    "PolicyMatch",
    "Status",
    "parse_policy_lists",
]

Status = Literal["allowed", "denied", "needs_review"]

LIST_NAMES: dict[Status, str] = {"allowed": "allow", "denied": "deny", "needs_review": "review"}
_ENTRY = re.compile(r"(?:DocumentRef-[A-Za-z0-9.-]+:)?[A-Za-z0-9][A-Za-z0-9.+-]*\*?")
_MAX_ENTRY = 200
_HINT = (
    "use an SPDX id such as 'MIT', a 'LicenseRef-…' id, or a prefix ending in '*'"
    " such as 'CC-BY-NC-*'"
)


@dataclass(frozen=True)
class PolicyMatch:
    """How the policy classifies one license id, and the list entry that decided it."""

    status: Status
    entry: str | None


@dataclass(frozen=True)
class _Rule:
    pattern: str
    wildcard: bool
    status: Status
    entry: str


@dataclass(frozen=True)
class LicensePolicy:
    """Validated allow / deny / review lists (exact ids are stored in canonical spelling)."""

    allow: frozenset[str]
    deny: frozenset[str]
    review: frozenset[str]
    _rules: tuple[_Rule, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lists: dict[Status, frozenset[str]] = {
            "allowed": _validated("allow", self.allow),
            "denied": _validated("deny", self.deny),
            "needs_review": _validated("review", self.review),
        }
        _reject_overlaps(lists)
        # Frozen dataclass: store the canonical lists in place of what the caller passed.
        object.__setattr__(self, "allow", lists["allowed"])
        object.__setattr__(self, "deny", lists["denied"])
        object.__setattr__(self, "review", lists["needs_review"])
        rules = tuple(
            _Rule(entry.removesuffix("*").casefold(), entry.endswith("*"), status, entry)
            for status, entries in lists.items()
            for entry in sorted(entries)
        )
        object.__setattr__(self, "_rules", rules)

    def classify(self, license_id: str) -> PolicyMatch:
        """The status of one license id (no expression): the most specific matching entry."""
        key = canonical_id(license_id).casefold()
        best: tuple[int, int] | None = None
        decided = PolicyMatch("needs_review", None)
        for rule in self._rules:
            if rule.wildcard and key.startswith(rule.pattern):
                rank = (0, len(rule.pattern))
            elif not rule.wildcard and key == rule.pattern:
                rank = (1, 0)
            else:
                continue
            if best is None or rank > best:
                best, decided = rank, PolicyMatch(rule.status, rule.entry)
        return decided


def _validated(name: str, entries: Iterable[str]) -> frozenset[str]:
    result: set[str] = set()
    for raw in entries:
        if not isinstance(raw, str):
            raise ValueError(f"{name} list entry {raw!r:.80} is not a string; {_HINT}")
        entry = raw.strip()
        if len(entry) > _MAX_ENTRY or not _ENTRY.fullmatch(entry):
            raise ValueError(f"{name} list entry {raw!r:.80} is not a license id; {_HINT}")
        result.add(entry if entry.endswith("*") else canonical_id(entry))
    return frozenset(result)


def _reject_overlaps(lists: dict[Status, frozenset[str]]) -> None:
    """The same entry on two lists is a mistake the architect should resolve, not us."""
    seen: dict[str, Status] = {}
    for status, entries in lists.items():
        for entry in entries:
            other = seen.setdefault(entry.casefold(), status)
            if other != status:
                raise ValueError(
                    f"{entry!r} is on more than one list ({LIST_NAMES[other]} and"
                    f" {LIST_NAMES[status]}); keep it on one"
                )


def parse_policy_lists(
    allow: Iterable[str], deny: Iterable[str], review: Iterable[str]
) -> LicensePolicy:
    """Build a policy from configured lists; ValueError names the first bad entry."""
    return LicensePolicy(
        frozenset(_as_list("allow", allow)),
        frozenset(_as_list("deny", deny)),
        frozenset(_as_list("review", review)),
    )


def _as_list(name: str, entries: Iterable[str]) -> list[str]:
    # A bare string is iterable too: "MIT" would silently become the ids M, I and T.
    if isinstance(entries, str):
        raise ValueError(
            f"the {name} list must be a list of license ids, not the string {entries!r:.80}"
        )
    return list(entries)


DEFAULT_POLICY = parse_policy_lists(
    allow=[
        # Permissive: attribution and notice obligations only.
        "Apache-2.0",
        "MIT",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "ISC",
        "CC0-1.0",
        "CC-BY-4.0",
        "Unlicense",
        "Zlib",
        "PSF-2.0",
        "BSL-1.0",
        # MPL-2.0 is weak, file-level copyleft: only changes to MPL-covered files must be
        # shared, and using or fine-tuning a model does not modify them, so it is allowed.
        "MPL-2.0",
    ],
    deny=[
        # Network copyleft: serving the model over an API can oblige us to publish source.
        "AGPL-3.0-only",
        "AGPL-3.0-or-later",
        "SSPL-1.0",
        # Non-commercial: incompatible with production use. CC-BY-NC-* already covers the
        # -SA- and -ND- variants; they are listed so a search for them finds this policy.
        "CC-BY-NC-*",
        "CC-BY-NC-SA-*",
        "CC-BY-NC-ND-*",
        "LicenseRef-fair-noncommercial-research-license",
    ],
    review=[
        # Copyleft: acceptable for internal use, distribution needs legal sign-off.
        "GPL-*",
        "LGPL-*",
        # Share-alike binds fine-tunes to the same license; no-derivatives forbids them.
        "CC-BY-SA-*",
        "CC-BY-ND-*",
        # Responsible-AI and vendor model licenses: use restrictions a human must check.
        "OpenRAIL*",
        "LicenseRef-openrail*",
        "LicenseRef-creativeml-openrail-m",
        "LicenseRef-bigscience-*",
        "LicenseRef-bigcode-openrail-m",
        "LicenseRef-llama*",
        "LicenseRef-gemma*",
        "other",
    ],
)
