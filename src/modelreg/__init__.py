"""modelreg: an AI model registry with governance built in."""

__version__ = "0.1.0"
