"""server.json is a valid MCP registry manifest whose versions follow the package's one version."""

import json
import re
import tomllib
from pathlib import Path

from zoom_mcp import __version__
from zoom_mcp.manifest import MANIFEST, synced

ROOT = Path(__file__).resolve().parent.parent


def load() -> dict:
    return json.loads(MANIFEST.read_text())


def test_manifest_versions_follow_the_package_version() -> None:
    manifest = load()
    assert manifest == synced(manifest), "run: python -m zoom_mcp.manifest --write"
    assert manifest["version"] == __version__


def test_pyproject_reads_the_version_from_the_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"]["attr"] == "zoom_mcp._version.__version__"


def test_manifest_follows_the_registry_rules() -> None:
    manifest = load()
    assert manifest["$schema"].startswith("https://static.modelcontextprotocol.io/schemas/")
    assert re.fullmatch(r"[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+", manifest["name"])
    assert 1 <= len(manifest["description"]) <= 100
    (package,) = manifest["packages"]
    assert package["registryType"] == "pypi"
    assert package["identifier"] == "zoom-mcp"
    assert package["transport"] == {"type": "stdio"}
    assert package["version"] != "latest"
    names = {v["name"] for v in package["environmentVariables"]}
    assert {"ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOM_ACCESS_TOKEN"} <= names
    secrets = {v["name"] for v in package["environmentVariables"] if v.get("isSecret")}
    assert secrets == {"ZOOM_CLIENT_SECRET", "ZOOM_ACCESS_TOKEN"}


def test_readme_carries_the_registry_ownership_marker() -> None:
    readme = (ROOT / "README.md").read_text()
    assert f"mcp-name: {load()['name']}" in readme
