"""Fixtures: one sandbox served on loopback per test module, re-seeded before every test (a master account:
`served` and `sandbox` from tests/conftest.py, `api` on the master document's paths), and, for the tests that
ask for them, a regular account (`served_regular`, `regular_sandbox`, `regular_api` on the regular document's
paths).

The `api` clients check every 2xx JSON answer against the operation's response schema (with `required`
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


# Fields whose published schema admits no value Zoom actually answers, per operationId. The regular
# document's `getArchivedFiles.complete_time` is `type: string` with `anyOf: [object, ""]` (as in Zoom's
# published document): only "" passes, while Zoom (and the sandbox) answer the completion date-time.
SCHEMA_QUIRKS: dict[str, set[str]] = {"getArchivedFiles": {"complete_time"}}


def schema_errors(schema: dict[str, Any], body: Any, operation_id: str = "") -> list[str]:
    validator = Draft202012Validator(relaxed(copy.deepcopy(schema)))
    quirks = SCHEMA_QUIRKS.get(operation_id, set())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(body)
        if "/".join(map(str, e.absolute_path)) not in quirks
    ]


@pytest.fixture(autouse=True)
def seeded(sandbox: RunningSandbox) -> None:
    """Every test starts on the module's master sandbox freshly seeded (`sandbox`, tests/conftest.py)."""


def _checked_client(served: RunningSandbox, layout: str) -> httpx2.Client:
    """A client on `/v2` with the static token that checks 2xx answers against `layout`'s spec."""
    operations = served.sandbox.layouts.master.by_id if layout == "master" else served.sandbox.layouts.regular.by_id

    def check_shape(response: httpx2.Response) -> None:
        if not 200 <= response.status_code < 300 or not response.headers.get("content-type", "").startswith(
            "application/json"
        ):
            return
        response.read()
        entries = served.requests()
        operation = operations.get(entries[-1].get("operationId", "")) if entries else None
        if operation is not None and operation.success_schema is not None:
            errors = schema_errors(operation.success_schema, response.json(), operation.operation_id)
            assert not errors, f"{operation.operation_id} answer breaks its schema: {errors[:5]}"

    headers = {"Authorization": f"Bearer {DEFAULT_STATIC_TOKEN}"}
    hooks = {"response": [check_shape]}
    return httpx2.Client(base_url=served.base_url, headers=headers, timeout=10, event_hooks=hooks)


@pytest.fixture(scope="module")
def api(served: RunningSandbox) -> Iterator[httpx2.Client]:
    """A client of the master account on the master document's paths, checking answers' shapes."""
    with _checked_client(served, "master") as client:
        yield client


@pytest.fixture(scope="module")
def served_regular() -> Iterator[RunningSandbox]:
    with running_sandbox(SandboxConfig(account_type="regular")) as running:
        yield running


@pytest.fixture
def regular_sandbox(served_regular: RunningSandbox) -> RunningSandbox:
    """The module's regular-account sandbox, freshly seeded with default limits and no faults."""
    served_regular.reset()
    return served_regular


@pytest.fixture(scope="module")
def regular_api(served_regular: RunningSandbox) -> Iterator[httpx2.Client]:
    """A client of the regular account on the regular document's paths, checking answers' shapes."""
    with _checked_client(served_regular, "regular") as client:
        yield client


@pytest.fixture
def target(request: pytest.FixtureRequest) -> tuple[httpx2.Client, RunningSandbox]:
    """(client, sandbox) of the account a test's document belongs to (`indirect` parameter "master" or
    "regular"), freshly seeded."""
    if request.param == "master":
        return request.getfixturevalue("api"), request.getfixturevalue("sandbox")
    return request.getfixturevalue("regular_api"), request.getfixturevalue("regular_sandbox")
