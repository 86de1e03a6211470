"""Fixtures: one sandbox served on loopback per test module, re-seeded before every test.

The `api` client checks every 2xx JSON answer against the operation's response schema (with `required`
relaxed), so each test also guards that stateful answers keep the documented shape.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from jsonschema import Draft202012Validator

from zoom_mcp.sandbox import RunningSandbox, SandboxConfig, running_sandbox
from zoom_mcp.sandbox.config import DEFAULT_STATIC_TOKEN


def relaxed(schema: Any) -> Any:
    """A response schema without `required` (the reference's examples do not always carry every field)."""
    if isinstance(schema, dict):
        return {k: relaxed(v) for k, v in schema.items() if k not in ("required", "example", "examples")}
    if isinstance(schema, list):
        return [relaxed(v) for v in schema]
    return schema


def schema_errors(schema: dict[str, Any], body: Any) -> list[str]:
    validator = Draft202012Validator(relaxed(copy.deepcopy(schema)))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def served() -> Iterator[RunningSandbox]:
    with running_sandbox(SandboxConfig(account_type="master")) as running:
        yield running


@pytest.fixture(autouse=True)
def sandbox(served: RunningSandbox) -> RunningSandbox:
    """The module's sandbox, freshly seeded with default limits and no faults (for every test)."""
    served.reset()
    served.set_rate_limits(SandboxConfig(account_type="master").rate_limits)
    return served


@pytest.fixture(scope="module")
def api(served: RunningSandbox) -> Iterator[httpx2.Client]:
    """A client on `/v2` with the static token that checks 2xx answers against the spec."""

    def check_shape(response: httpx2.Response) -> None:
        if not 200 <= response.status_code < 300 or not response.headers.get("content-type", "").startswith(
            "application/json"
        ):
            return
        response.read()
        entries = served.requests()
        operation = served.sandbox.by_id.get(entries[-1].get("operationId", "")) if entries else None
        if operation is not None and operation.success_schema is not None:
            errors = schema_errors(operation.success_schema, response.json())
            assert not errors, f"{operation.operation_id} answer breaks its schema: {errors[:5]}"

    headers = {"Authorization": f"Bearer {DEFAULT_STATIC_TOKEN}"}
    hooks = {"response": [check_shape]}
    with httpx2.Client(base_url=served.base_url, headers=headers, timeout=10, event_hooks=hooks) as client:
        yield client
