"""The built web console (`web/`, built by `make web`) as it ships inside the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def static_dir() -> Path:
    """Where Vite writes the console build; the directory may be absent or empty (not built)."""
    # Installed packages are plain directories (a wheel unpacks; an editable install points at
    # src/), so the resource is a real path the server can open and stat.
    return Path(str(resources.files(__name__) / "static"))


def is_built(root: Path) -> bool:
    """Whether `root` holds a console build (its index.html)."""
    return (root / "index.html").is_file()
