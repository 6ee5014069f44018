"""Dependency manifests found in artifacts, parsed into a flat list of `Dependency`.

Supported (picked by file name, see `manifest_kind`):

* ``requirements*.txt`` (also ``*.txt`` under a ``requirements/`` folder): PEP 508 lines,
  ``==``/``===`` pins, extras, environment markers, ``--hash`` options, URL requirements;
  ``-r``/``-c`` includes, ``-e`` and other options are ignored with a note.
* ``pyproject.toml``: PEP 621 ``dependencies`` and ``optional-dependencies``, PEP 735
  ``dependency-groups``, Poetry ``[tool.poetry.dependencies]`` (+ groups, dev-dependencies).
* ``poetry.lock`` and ``uv.lock``: ``[[package]]`` name/version.
* ``Pipfile.lock``: ``default`` and ``develop``.
* conda ``environment.yml``/``environment.yaml``: ``name=version=build`` and the ``pip:`` list.
* ``package-lock.json`` / ``npm-shrinkwrap.json``: v1 ``dependencies`` tree, v2/v3 ``packages``.
* SBOMs (``*.cdx.json``, ``*.spdx.json``, ``bom.json``, ``sbom.json``): CycloneDX JSON
  ``components`` (nested too) and SPDX 2.x JSON ``packages``, keyed by their package URLs
  (``pkg:pypi/...``, ``pkg:npm/...``, ``pkg:conda/...``); other package types (deb, apk, ...)
  are counted in a note and skipped.

Only exact pins carry a `version`; anything else keeps the constraint in `spec` with
`version=None`. Malformed, oversized or over-long input raises `ManifestError(path, reason)`;
nothing else escapes `parse_manifest`/`parse_manifest_bytes`.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from packaging.requirements import InvalidRequirement, Requirement

from modelreg.vulns.versions import normalise_name

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ITEMS",
    "Dependency",
    "Ecosystem",
    "ManifestError",
    "ManifestKind",
    "ParsedManifest",
    "find_manifests",
    "manifest_kind",
    "parse_manifest",
    "parse_manifest_bytes",
]

Ecosystem = Literal["PyPI", "npm", "conda"]
ManifestKind = Literal[
    "requirements",
    "pyproject",
    "poetry-lock",
    "uv-lock",
    "pipfile-lock",
    "conda-env",
    "package-lock",
    "sbom",
]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ITEMS = 50_000
_MAX_LINE_LENGTH = 8192
_MAX_FIND_FILES = 100_000


class ManifestError(Exception):
    """A manifest that cannot be used, with the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Dependency:
    ecosystem: Ecosystem
    name: str  # normalised (PEP 503 for PyPI, lower case for conda)
    version: str | None  # exact pin only
    source_path: str
    direct: bool
    spec: str | None = None  # the constraint when not an exact pin (or the URL)
    marker: str | None = None  # PEP 508 environment marker, if any


@dataclass(slots=True)
class ParsedManifest:
    path: str
    kind: ManifestKind
    dependencies: list[Dependency] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def manifest_kind(path: str | os.PathLike[str]) -> ManifestKind | None:
    """The manifest format for a file name, or None if it is not a known manifest."""
    p = Path(path)
    name = p.name.lower()
    if name == "pyproject.toml":
        return "pyproject"
    if name == "poetry.lock":
        return "poetry-lock"
    if name == "uv.lock":
        return "uv-lock"
    if name == "pipfile.lock":
        return "pipfile-lock"
    if name in ("package-lock.json", "npm-shrinkwrap.json"):
        return "package-lock"
    if name in ("environment.yml", "environment.yaml") or re.fullmatch(
        r"environment[-_.][\w.-]*\.ya?ml", name
    ):
        return "conda-env"
    if name.endswith((".cdx.json", ".spdx.json")) or name in ("bom.json", "sbom.json"):
        return "sbom"
    if name.endswith(".txt") and (
        name.startswith("requirements") or p.parent.name.lower() == "requirements"
    ):
        return "requirements"
    return None


def find_manifests(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Known manifests among `paths`; directories are walked (symlinks are not followed)."""
    found: list[Path] = []
    seen = 0
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if d not in (".git", ".venv"))
                for filename in sorted(filenames):
                    seen += 1
                    if seen > _MAX_FIND_FILES:
                        return found
                    candidate = Path(dirpath) / filename
                    if manifest_kind(candidate) is not None and not candidate.is_symlink():
                        found.append(candidate)
        elif manifest_kind(root) is not None and root.is_file():
            found.append(root)
    return found


def parse_manifest(
    path: str | os.PathLike[str],
    *,
    kind: ManifestKind | None = None,
    source_path: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_items: int = DEFAULT_MAX_ITEMS,
) -> ParsedManifest:
    """Read and parse one manifest file; `source_path` defaults to the path as given."""
    p = Path(path)
    shown = source_path if source_path is not None else str(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise ManifestError(shown, f"file is {size} bytes, over the {max_bytes}-byte limit")
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ManifestError(shown, f"cannot read: {exc.strerror or exc}") from None
    return parse_manifest_bytes(
        p.name, data, kind=kind, source_path=shown, max_bytes=max_bytes, max_items=max_items
    )


def parse_manifest_bytes(
    filename: str,
    data: bytes,
    *,
    kind: ManifestKind | None = None,
    source_path: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_items: int = DEFAULT_MAX_ITEMS,
) -> ParsedManifest:
    """Parse manifest content; the format comes from `kind` or else from `filename`."""
    shown = source_path if source_path is not None else filename
    resolved = kind if kind is not None else manifest_kind(filename)
    if resolved is None:
        raise ManifestError(shown, "not a recognised manifest file name")
    if len(data) > max_bytes:
        raise ManifestError(shown, f"content is over the {max_bytes}-byte limit")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(shown, f"not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:
        raise ManifestError(shown, "contains NUL bytes")
    parser = _Parser(shown, resolved, max_items)
    try:
        _PARSERS[resolved](parser, text)
    except ManifestError:
        raise
    except RecursionError:
        raise ManifestError(shown, "nesting is too deep") from None
    except (
        ValueError,
        TypeError,
        LookupError,
        AttributeError,
        OverflowError,
        yaml.YAMLError,
    ) as exc:
        # Last-resort guard: unexpected shapes in structured files become a reason, not a crash.
        raise ManifestError(shown, f"malformed {resolved}: {type(exc).__name__}") from None
    return parser.result


# --------------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, path: str, kind: ManifestKind, max_items: int) -> None:
        self.path = path
        self.max_items = max_items
        self.result = ParsedManifest(path=path, kind=kind)

    def fail(self, reason: str) -> ManifestError:
        return ManifestError(self.path, reason)

    def add(
        self,
        ecosystem: Ecosystem,
        name: str,
        version: str | None,
        *,
        direct: bool,
        spec: str | None = None,
        marker: str | None = None,
    ) -> None:
        if len(self.result.dependencies) >= self.max_items:
            raise self.fail(f"more than {self.max_items} dependencies")
        name = name.strip()
        if not name or len(name) > 214:
            raise self.fail(f"invalid package name {name[:40]!r}")
        if version is not None:
            version = version.strip()
            if not version or len(version) > 128:
                raise self.fail(f"invalid version for {name[:40]!r}")
        self.result.dependencies.append(
            Dependency(
                ecosystem=ecosystem,
                name=normalise_name(ecosystem, name),
                version=version,
                source_path=self.path,
                direct=direct,
                spec=spec,
                marker=marker,
            )
        )

    def note(self, message: str) -> None:
        if len(self.result.notes) < 1000:
            self.result.notes.append(message)

    # -- PEP 508 -------------------------------------------------------------------------------

    def add_pep508(self, text: str, *, direct: bool, where: str) -> None:
        try:
            req = Requirement(text)
        except InvalidRequirement as exc:
            reason = str(exc).splitlines()[0][:200] if str(exc) else "invalid requirement"
            raise self.fail(f"{where}: invalid requirement: {reason}") from None
        marker = str(req.marker) if req.marker is not None else None
        if req.url:
            self.add("PyPI", req.name, None, direct=direct, spec=req.url, marker=marker)
            return
        specs = list(req.specifier)
        pin: str | None = None
        if len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
            pin = specs[0].version
        spec = None if pin is not None else (str(req.specifier) or "*")
        self.add("PyPI", req.name, pin, direct=direct, spec=spec, marker=marker)


def _require_mapping(parser: _Parser, value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise parser.fail(f"{what} is not a table/object")
    return value


def _require_list(parser: _Parser, value: object, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise parser.fail(f"{what} is not a list")
    return value


def _require_str(parser: _Parser, value: object, what: str) -> str:
    if not isinstance(value, str):
        raise parser.fail(f"{what} is not a string")
    return value


# -- requirements.txt --------------------------------------------------------------------------

_HASH_OPT_RE = re.compile(r"\s--hash[=\s]\S+")
_COMMENT_RE = re.compile(r"(^|\s)#.*$")


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    buffer = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if len(raw) > _MAX_LINE_LENGTH:
            raise ValueError(f"line {number} is longer than {_MAX_LINE_LENGTH} characters")
        if not buffer:
            start = number
        line = _COMMENT_RE.sub("", raw) if "#" in raw else raw
        if line.endswith("\\"):
            buffer += line[:-1] + " "
            if len(buffer) > _MAX_LINE_LENGTH:
                raise ValueError(f"line {start} is longer than {_MAX_LINE_LENGTH} characters")
            continue
        yield start, buffer + line
        buffer = ""
    if buffer:
        yield start, buffer


def _parse_requirements_lines(
    parser: _Parser, lines: Iterable[tuple[int, str]], *, prefix: str = "line"
) -> None:
    for number, logical in lines:
        line = _HASH_OPT_RE.sub("", " " + logical).strip()
        if not line:
            continue
        where = f"{prefix} {number}"
        if line.startswith("-"):
            option = line.split(None, 1)[0].split("=", 1)[0]
            if option in ("-r", "--requirement", "-c", "--constraint"):
                parser.note(f"{where}: include {line[:200]!r} ignored (not followed)")
            elif option in ("-e", "--editable"):
                parser.note(f"{where}: editable requirement {line[:200]!r} ignored")
            else:
                parser.note(f"{where}: option {option[:40]!r} ignored")
            continue
        if line.startswith(("./", "../", "/")) or re.match(r"^[a-zA-Z][\w+.-]*://", line):
            parser.note(f"{where}: bare path/URL {line[:200]!r} ignored (no package name)")
            continue
        parser.add_pep508(line, direct=True, where=where)


def _parse_requirements(parser: _Parser, text: str) -> None:
    try:
        lines = list(_logical_lines(text))
    except ValueError as exc:
        raise parser.fail(str(exc)) from None
    _parse_requirements_lines(parser, lines)


# -- TOML formats ------------------------------------------------------------------------------


def _load_toml(parser: _Parser, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise parser.fail(f"invalid TOML: {exc}") from None


def _parse_pyproject(parser: _Parser, text: str) -> None:
    doc = _load_toml(parser, text)
    project = doc.get("project")
    if project is not None:
        project = _require_mapping(parser, project, "[project]")
        for i, item in enumerate(_require_list(parser, project.get("dependencies", []), "deps")):
            line = _require_str(parser, item, f"project.dependencies[{i}]")
            parser.add_pep508(line, direct=True, where=f"project.dependencies[{i}]")
        optional = _require_mapping(
            parser, project.get("optional-dependencies", {}), "[project.optional-dependencies]"
        )
        for extra, items in optional.items():
            for i, item in enumerate(_require_list(parser, items, f"optional {extra}")):
                where = f"project.optional-dependencies.{extra}[{i}]"
                parser.add_pep508(_require_str(parser, item, where), direct=True, where=where)
    groups = _require_mapping(parser, doc.get("dependency-groups", {}), "[dependency-groups]")
    for group, items in groups.items():
        for i, item in enumerate(_require_list(parser, items, f"dependency group {group}")):
            where = f"dependency-groups.{group}[{i}]"
            if isinstance(item, dict):
                continue  # {include-group = "..."}: the included group is listed on its own
            parser.add_pep508(_require_str(parser, item, where), direct=True, where=where)
    tool = _require_mapping(parser, doc.get("tool", {}), "[tool]")
    poetry = tool.get("poetry")
    if poetry is not None:
        poetry = _require_mapping(parser, poetry, "[tool.poetry]")
        tables: list[tuple[str, object]] = [
            ("tool.poetry.dependencies", poetry.get("dependencies", {})),
            ("tool.poetry.dev-dependencies", poetry.get("dev-dependencies", {})),
        ]
        poetry_groups = _require_mapping(parser, poetry.get("group", {}), "[tool.poetry.group]")
        for group, body in poetry_groups.items():
            body = _require_mapping(parser, body, f"[tool.poetry.group.{group}]")
            tables.append((f"tool.poetry.group.{group}.dependencies", body.get("dependencies", {})))
        for where, table in tables:
            for name, constraint in _require_mapping(parser, table, f"[{where}]").items():
                if name.lower() == "python":
                    continue
                _add_poetry_dep(parser, name, constraint, where)


_POETRY_EXACT_RE = re.compile(r"^\s*(?:==?)?\s*v?(\d[0-9A-Za-z.!+-]*)\s*$")


def _add_poetry_dep(parser: _Parser, name: str, constraint: object, where: str) -> None:
    if isinstance(constraint, list):  # multiple-constraint dependency
        parser.add("PyPI", name, None, direct=True, spec="multiple constraints")
        return
    if isinstance(constraint, dict):
        if "version" in constraint:
            constraint = constraint["version"]
        else:
            source = next((k for k in ("git", "path", "url") if k in constraint), "source")
            parser.add("PyPI", name, None, direct=True, spec=f"{source}: {constraint.get(source)}")
            return
    text = _require_str(parser, constraint, f"{where}.{name}")
    m = _POETRY_EXACT_RE.match(text)
    if m is not None and "*" not in text:
        parser.add("PyPI", name, m.group(1), direct=True)
    else:
        parser.add("PyPI", name, None, direct=True, spec=text.strip() or "*")


def _lock_packages(parser: _Parser, doc: dict[str, Any]) -> list[dict[str, Any]]:
    packages = _require_list(parser, doc.get("package", []), "[[package]]")
    return [_require_mapping(parser, p, f"[[package]] #{i}") for i, p in enumerate(packages)]


def _parse_poetry_lock(parser: _Parser, text: str) -> None:
    doc = _load_toml(parser, text)
    for i, pkg in enumerate(_lock_packages(parser, doc)):
        name = _require_str(parser, pkg.get("name"), f"[[package]] #{i} name")
        version = _require_str(parser, pkg.get("version"), f"[[package]] #{i} version")
        parser.add("PyPI", name, version, direct=False)


def _parse_uv_lock(parser: _Parser, text: str) -> None:
    doc = _load_toml(parser, text)
    packages = _lock_packages(parser, doc)
    direct_names: set[str] = set()
    for pkg in packages:
        source = pkg.get("source")
        if isinstance(source, dict) and ("virtual" in source or "editable" in source):
            for dep in pkg.get("dependencies", []) or []:
                if isinstance(dep, dict) and isinstance(dep.get("name"), str):
                    direct_names.add(normalise_name("PyPI", dep["name"]))
            optional = pkg.get("optional-dependencies", {})
            dev = pkg.get("dev-dependencies", {})
            for table in (optional, dev):
                if isinstance(table, dict):
                    for deps in table.values():
                        for dep in deps if isinstance(deps, list) else []:
                            if isinstance(dep, dict) and isinstance(dep.get("name"), str):
                                direct_names.add(normalise_name("PyPI", dep["name"]))
    for i, pkg in enumerate(packages):
        name = _require_str(parser, pkg.get("name"), f"[[package]] #{i} name")
        source = pkg.get("source")
        if isinstance(source, dict) and ("virtual" in source or "editable" in source):
            continue  # the project itself
        version = pkg.get("version")
        if version is None:
            parser.add("PyPI", name, None, direct=False, spec=f"source: {source}")
            continue
        version = _require_str(parser, version, f"[[package]] #{i} version")
        parser.add("PyPI", name, version, direct=normalise_name("PyPI", name) in direct_names)


# -- JSON formats ------------------------------------------------------------------------------


def _load_json(parser: _Parser, text: str) -> dict[str, Any]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise parser.fail(f"invalid JSON: {exc.msg} at line {exc.lineno}") from None
    return _require_mapping(parser, doc, "document")


def _parse_pipfile_lock(parser: _Parser, text: str) -> None:
    doc = _load_json(parser, text)
    if "default" not in doc and "develop" not in doc:
        raise parser.fail("no 'default' or 'develop' section")
    for section in ("default", "develop"):
        entries = _require_mapping(parser, doc.get(section, {}), section)
        for name, entry in entries.items():
            entry = _require_mapping(parser, entry, f"{section}.{name}")
            raw = entry.get("version")
            marker = entry.get("markers") if isinstance(entry.get("markers"), str) else None
            if raw is None:
                source = next((k for k in ("git", "path", "file", "editable") if k in entry), "?")
                parser.add("PyPI", name, None, direct=False, spec=f"{source}: {entry.get(source)}")
                continue
            raw = _require_str(parser, raw, f"{section}.{name}.version").strip()
            if raw.startswith("==") and not raw.startswith("===") and "*" not in raw:
                parser.add("PyPI", name, raw[2:], direct=False, marker=marker)
            elif raw.startswith("==="):
                parser.add("PyPI", name, raw[3:], direct=False, marker=marker)
            else:
                parser.add("PyPI", name, None, direct=False, spec=raw or "*", marker=marker)


def _npm_name_from_key(key: str) -> str:
    idx = key.rfind("node_modules/")
    return key[idx + len("node_modules/") :] if idx >= 0 else key


def _parse_package_lock(parser: _Parser, text: str) -> None:
    doc = _load_json(parser, text)
    packages = doc.get("packages")
    if packages is not None:
        packages = _require_mapping(parser, packages, "packages")
        root = packages.get("", {})
        root = root if isinstance(root, dict) else {}
        direct_names: set[str] = set()
        for section in (
            "dependencies",
            "devDependencies",
            "optionalDependencies",
            "peerDependencies",
        ):
            value = root.get(section)
            if isinstance(value, dict):
                direct_names.update(k for k in value if isinstance(k, str))
        for key, entry in packages.items():
            if key == "" or "node_modules/" not in key:
                continue  # the root project or a workspace folder
            entry = _require_mapping(parser, entry, f"packages[{key[:80]!r}]")
            if entry.get("link"):
                continue
            name = entry.get("name") if isinstance(entry.get("name"), str) else None
            name = name or _npm_name_from_key(key)
            version = entry.get("version")
            is_direct = key == f"node_modules/{name}" and name in direct_names
            if not isinstance(version, str):
                parser.add("npm", name, None, direct=is_direct, spec="no version")
                continue
            _add_npm(parser, name, version, direct=is_direct)
        return
    deps = doc.get("dependencies")
    if deps is None:
        raise parser.fail("neither 'packages' nor 'dependencies' present")
    stack: list[tuple[str, object]] = [("dependencies", deps)]
    while stack:
        where, table = stack.pop()
        for name, entry in _require_mapping(parser, table, where).items():
            entry = _require_mapping(parser, entry, f"{where}.{name[:80]}")
            version = entry.get("version")
            if isinstance(version, str):
                _add_npm(parser, name, version, direct=False)
            else:
                parser.add("npm", name, None, direct=False, spec="no version")
            if "dependencies" in entry:
                if len(stack) > parser.max_items:
                    raise parser.fail("dependency tree is too large")
                stack.append((f"{where}.{name[:80]}.dependencies", entry["dependencies"]))


_NPM_EXACT_RE = re.compile(r"^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")


def _add_npm(parser: _Parser, name: str, version: str, *, direct: bool) -> None:
    if version.startswith("npm:") and "@" in version[5:]:  # alias: "npm:real-name@1.2.3"
        real, _, version = version[4:].rpartition("@")
        name = real or name
    if _NPM_EXACT_RE.match(version):
        parser.add("npm", name, version.removeprefix("v"), direct=direct)
    else:
        parser.add("npm", name, None, direct=direct, spec=version[:200])


# -- conda environment.yml ---------------------------------------------------------------------

# libyaml's C safe loader when built (much faster on large files), else the Python one.
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONDA_SPEC_RE = re.compile(r"^([A-Za-z0-9_.+-]+)\s*(.*)$")


def _parse_conda_env(parser: _Parser, text: str) -> None:
    try:
        doc = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        reason = str(exc).splitlines()[0][:200] if str(exc) else "invalid YAML"
        raise parser.fail(f"invalid YAML: {reason}") from None
    if doc is None:
        doc = {}
    doc = _require_mapping(parser, doc, "document")
    deps = doc.get("dependencies")
    if deps is None:
        return
    for i, item in enumerate(_require_list(parser, deps, "dependencies")):
        where = f"dependencies[{i}]"
        if isinstance(item, dict):
            pip = item.get("pip")
            if pip is None:
                raise parser.fail(f"{where}: unexpected mapping (only 'pip:' is understood)")
            lines: list[tuple[int, str]] = []
            for j, line in enumerate(_require_list(parser, pip, f"{where}.pip")):
                lines.append((j, _require_str(parser, line, f"{where}.pip[{j}]")))
            _parse_requirements_lines(parser, lines, prefix=f"{where}.pip item")
            continue
        if isinstance(item, int | float) and not isinstance(item, bool):
            raise parser.fail(f"{where}: not a package spec")
        _add_conda_spec(parser, _require_str(parser, item, where), where)


def _add_conda_spec(parser: _Parser, spec: str, where: str) -> None:
    spec = spec.strip()
    if "::" in spec:
        spec = spec.split("::", 1)[1]  # channel::name
    if "[" in spec:
        spec = spec.split("[", 1)[0].strip()  # name[build=...] selectors
    m = _CONDA_SPEC_RE.match(spec)
    if m is None:
        raise parser.fail(f"{where}: invalid conda spec {spec[:80]!r}")
    rest = m.group(2).strip()
    if "=" in m.group(1) or not m.group(1):
        raise parser.fail(f"{where}: invalid conda spec {spec[:80]!r}")
    name, version = _split_conda(m.group(1), rest)
    if version is None:
        parser.add("conda", name, None, direct=True, spec=rest or "*")
    else:
        parser.add("conda", name, version, direct=True)


def _split_conda(name: str, rest: str) -> tuple[str, str | None]:
    """`numpy=1.26.4=py311h...`, `numpy==1.26.4`, `numpy 1.26.4 py311h...` → exact version."""
    if not rest:
        return name, None
    if rest.startswith("=="):
        version = rest[2:].split("=", 1)[0].strip()
    elif rest.startswith("="):
        version = rest[1:].split("=", 1)[0].strip()
    elif rest[0].isdigit():
        version = rest.split()[0]
    else:
        return name, None
    if not version or any(ch in version for ch in "*<>!|,~ "):
        return name, None
    return name, version


# -- SBOMs -------------------------------------------------------------------------------------

_PURL_TYPES: dict[str, Ecosystem] = {"pypi": "PyPI", "npm": "npm", "conda": "conda"}


def _parse_purl(purl: str) -> tuple[str, str, str | None] | None:
    """(type, name with namespace, version) from a package URL, or None if malformed."""
    if not purl.startswith("pkg:"):
        return None
    body = purl[4:].lstrip("/").split("#", 1)[0].split("?", 1)[0]
    ptype, sep, rest = body.partition("/")
    if not sep or not rest:
        return None
    path, at, version = rest.rpartition("@")
    if not at:
        path, version = rest, ""
    segments = [urllib.parse.unquote(seg) for seg in path.strip("/").split("/") if seg]
    if not segments:
        return None
    return ptype.lower(), "/".join(segments), urllib.parse.unquote(version) or None


def _parse_sbom(parser: _Parser, text: str) -> None:
    doc = _load_json(parser, text)
    purls: list[tuple[str, str | None, str | None]] = []  # (purl, name, version) per package
    if doc.get("bomFormat") == "CycloneDX":
        stack: list[object] = [doc.get("components", [])]
        while stack:
            components = _require_list(parser, stack.pop(), "components")
            for comp in components:
                comp = _require_mapping(parser, comp, "component")
                purl = comp.get("purl")
                if isinstance(purl, str):
                    purls.append((purl, comp.get("name"), comp.get("version")))
                if "components" in comp:
                    if len(stack) > parser.max_items:
                        raise parser.fail("component tree is too large")
                    stack.append(comp["components"])
    elif isinstance(doc.get("spdxVersion"), str):
        for pkg in _require_list(parser, doc.get("packages", []), "packages"):
            pkg = _require_mapping(parser, pkg, "package")
            for ref in pkg.get("externalRefs", []) or []:
                if (
                    isinstance(ref, dict)
                    and ref.get("referenceType") == "purl"
                    and isinstance(ref.get("referenceLocator"), str)
                ):
                    purls.append((ref["referenceLocator"], pkg.get("name"), pkg.get("versionInfo")))
    else:
        raise parser.fail("neither a CycloneDX ('bomFormat') nor an SPDX ('spdxVersion') document")
    skipped: dict[str, int] = {}
    for purl, _name, comp_version in purls:
        parsed = _parse_purl(purl)
        if parsed is None:
            parser.note(f"malformed package URL {purl[:120]!r} ignored")
            continue
        ptype, name, version = parsed
        ecosystem = _PURL_TYPES.get(ptype)
        if ecosystem is None:
            skipped[ptype] = skipped.get(ptype, 0) + 1
            continue
        if version is None and isinstance(comp_version, str) and comp_version:
            version = comp_version
        if ecosystem == "npm" and version is not None:
            _add_npm(parser, name, version, direct=False)
        else:
            parser.add(ecosystem, name, version, direct=False, spec=None if version else "*")
    for ptype, count in sorted(skipped.items()):
        parser.note(f"{count} {ptype[:40]} package(s) skipped (ecosystem not matched)")


_PARSERS = {
    "requirements": _parse_requirements,
    "pyproject": _parse_pyproject,
    "poetry-lock": _parse_poetry_lock,
    "uv-lock": _parse_uv_lock,
    "pipfile-lock": _parse_pipfile_lock,
    "conda-env": _parse_conda_env,
    "package-lock": _parse_package_lock,
    "sbom": _parse_sbom,
}
