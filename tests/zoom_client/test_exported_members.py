"""`zoom_mcp.zoom_client.__all__` lists exactly the public names defined by its modules."""

from __future__ import annotations

import zoom_mcp.zoom_client as zoom_client
from zoom_mcp.zoom_client import auth, client, errors, paths, rate_limit, settings


def test_all_names_exist_and_are_unique() -> None:
    assert len(set(zoom_client.__all__)) == len(zoom_client.__all__)
    for name in zoom_client.__all__:
        assert hasattr(zoom_client, name), name


def test_public_classes_are_exported() -> None:
    for module in (auth, client, errors, paths, rate_limit, settings):
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__ and not name.startswith("_"):
                assert name in zoom_client.__all__, f"{module.__name__}.{name} is not exported"
