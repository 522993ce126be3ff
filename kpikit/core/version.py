"""The kpikit version, one place (pyproject.toml keeps the same number; a test checks)."""

__version__ = "0.1.0"
