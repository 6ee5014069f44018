"""ASGI factory for `uvicorn --factory` and multi-worker serving: settings from the environment."""

from __future__ import annotations

from fastapi import FastAPI

from modelreg.api.app import create_app
from modelreg.config import Settings
from modelreg.wiring import build_registry


def create() -> FastAPI:
    """Build the app from `MODELREG_*` settings (the database must already be migrated)."""
    return create_app(build_registry(Settings()))
