"""The HTTP transport's configuration error (kept apart so that settings.py and workers.py both use it)."""

from __future__ import annotations


class HttpConfigError(ValueError):
    """The HTTP settings are unsafe or contradictory; the message says which flag to change."""
