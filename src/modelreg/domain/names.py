"""Model identity: `group/name`, and version references `group/name@version`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from modelreg.domain.errors import FieldError, InvalidInput
from modelreg.domain.semver import SemVer

# ASCII only and lowercase so that names are case-insensitive-safe on every file system and URL.
PART_PATTERN = r"[a-z0-9][a-z0-9._-]{0,63}"
_PART_RE = re.compile(PART_PATTERN)
_PART_RULE = (
    "use 1 to 64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit"
)
_KINDS = ("group", "name")

LATEST = "latest"


def _shown(value: str) -> str:
    """Quote a user value for a message, cut short so a huge input cannot flood logs."""
    return repr(value) if len(value) <= 80 else repr(value[:77] + "...")


def _fail(field: str, msg: str) -> InvalidInput:
    return InvalidInput(detail=msg, errors=[FieldError((field,), msg)])


def validate_part(kind: str, value: str) -> str:
    """Return `value` if it is a valid model group or name part, else raise InvalidInput."""
    if kind not in _KINDS:
        # A programming error, not user input: fail loudly rather than invent a field name.
        raise ValueError(f"kind must be 'group' or 'name', not {kind!r}")
    if _PART_RE.fullmatch(value) is None:
        raise _fail(kind, f"{kind} {_shown(value)} is invalid: {_PART_RULE}")
    return value


@dataclass(frozen=True, order=True)
class ModelName:
    """A model's identity: a group and a name, written `group/name`."""

    group: str
    name: str

    def __post_init__(self) -> None:
        validate_part("group", self.group)
        validate_part("name", self.name)

    def __str__(self) -> str:
        return f"{self.group}/{self.name}"

    @classmethod
    def parse(cls, text: str) -> ModelName:
        """Parse `group/name` (exactly one '/')."""
        parts = text.split("/")
        if len(parts) != 2:
            raise _fail(
                "model",
                f"model {_shown(text)} is invalid: expected 'group/name' with exactly one '/', "
                "e.g. 'fraud/credit-scorer'",
            )
        return cls(parts[0], parts[1])


@dataclass(frozen=True)
class VersionRef:
    """A reference to one version of a model: `group/name@version`; version may be 'latest'."""

    model: ModelName
    version: str

    def __post_init__(self) -> None:
        if self.version != LATEST:
            # Validates the version (raises InvalidInput); the original text is kept as given.
            SemVer.parse(self.version)

    def __str__(self) -> str:
        return f"{self.model}@{self.version}"

    @property
    def is_latest(self) -> bool:
        """Whether this reference asks for the latest release rather than a fixed version."""
        return self.version == LATEST

    @classmethod
    def parse(cls, text: str) -> VersionRef:
        """Parse `group/name@version` (exactly one '@'; version is SemVer or 'latest')."""
        model, sep, version = text.partition("@")
        if not sep or "@" in version or not version:
            raise _fail(
                "ref",
                f"version reference {_shown(text)} is invalid: expected 'group/name@version', "
                "e.g. 'fraud/credit-scorer@1.4.0' or 'fraud/credit-scorer@latest'",
            )
        return cls(ModelName.parse(model), version)
