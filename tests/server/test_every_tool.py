"""Every one of the 159 generated tools, called through the real Client with arguments derived from
the spec, succeeds against the sandbox and its structured content matches its output schema."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from zoom_mcp.catalog.registry import ToolSpec, load_catalog, wire_name
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.config import default_spec_path
from zoom_mcp.sandbox.samples import sample_request
from zoom_mcp.sandbox.spec import SpecOperation, load_operations

from .harness import ERAS, connect

pytestmark = pytest.mark.anyio

CATALOG = load_catalog()
OPERATIONS = {op.operation_id: op for op in load_operations(default_spec_path())}
GENERATED = [tool for tool in CATALOG.tools if tool.operation_id in OPERATIONS]


def test_the_catalogue_has_a_tool_for_every_operation() -> None:
    assert len(GENERATED) == len(OPERATIONS) == 159


def tool_arguments(tool: ToolSpec, op: SpecOperation, tmp_path: Path) -> dict[str, Any]:
    """Turn the sandbox's sample request back into this tool's arguments via the catalogue's map."""
    path_values, query, body = sample_request(op)
    by_location: dict[tuple[str, str | None], Any] = {}
    by_location.update({("path", k): v for k, v in path_values.items()})
    by_location.update({("query", k): v for k, v in query.items()})
    if isinstance(body, dict):
        by_location.update({("body", k): v for k, v in body.items()})
    args: dict[str, Any] = {}
    for name, where in tool.arguments.items():
        wire = wire_name(name, where)
        key = (where["in"], wire)
        if where["in"] == "body" and wire is None and body is not None:
            args[name] = body
        elif key in by_location:
            value = by_location[key]
            if isinstance(value, bytes):  # a file: sent inline (paths are for stdio with --upload-dir only)
                value = {
                    "content_base64": base64.b64encode(value).decode(),
                    "filename": f"{name}.png",
                    "media_type": "image/png",
                }
            args[name] = value
    return args


@pytest.mark.parametrize("era", ERAS)
async def test_every_generated_tool_succeeds_with_valid_structured_content(
    sandbox: RunningSandbox, era: str, tmp_path: Path
) -> None:
    failures: list[str] = []
    async with connect(sandbox, era, policy=CallerPolicy(name="all", confirm="never")) as (client, _):
        for tool in GENERATED:
            sandbox.reset()
            args = tool_arguments(tool, OPERATIONS[str(tool.operation_id)], tmp_path)
            result = await client.call_tool(tool.name, args)
            if result.is_error:
                failures.append(f"{tool.name}: {result.content[0].text[:300]}")  # type: ignore[union-attr]
                continue
            if tool.output_schema is not None:
                assert result.structured_content is not None, tool.name
                errors = list(Draft202012Validator(tool.output_schema).iter_errors(result.structured_content))
                if errors:
                    failures.append(f"{tool.name}: output does not match its schema: {errors[0].message}")
    assert not failures, "\n".join(failures)
