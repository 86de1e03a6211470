"""Every operation of the OpenAPI document succeeds with sample arguments and answers its 2xx schema."""

from __future__ import annotations

from urllib.parse import quote

import httpx2
import pytest

from tests.sandbox.conftest import schema_errors
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.config import default_spec_path
from zoom_mcp.sandbox.samples import sample_request
from zoom_mcp.sandbox.spec import SpecOperation, load_operations

OPERATIONS = load_operations(default_spec_path())


def encode(value: str) -> str:
    """Percent-encode a path value; UUIDs starting with '/' or holding '//' are encoded twice, like Zoom wants."""
    once = quote(value, safe="")
    return quote(once, safe="") if value.startswith("/") or "//" in value else once


def call(api: httpx2.Client, op: SpecOperation) -> httpx2.Response:
    path_values, query, body = sample_request(op)
    path = op.path
    for name, value in path_values.items():
        path = path.replace("{" + name + "}", encode(value))
    if op.body_content_type == "multipart/form-data":
        files = {k: ("sample.png", v, "image/png") for k, v in body.items() if isinstance(v, bytes)}
        data = {k: str(v) for k, v in body.items() if not isinstance(v, bytes)}
        return api.request(op.method, path, params=query, files=files, data=data)
    if body is None:
        return api.request(op.method, path, params=query)
    return api.request(op.method, path, params=query, json=body)


def test_the_document_has_all_159_operations() -> None:
    assert len(OPERATIONS) == 159
    assert len({op.operation_id for op in OPERATIONS}) == 159


@pytest.mark.parametrize("op", OPERATIONS, ids=[op.operation_id for op in OPERATIONS])
def test_operation_succeeds_with_sample_arguments(
    op: SpecOperation, api: httpx2.Client, sandbox: RunningSandbox
) -> None:
    answer = call(api, op)
    assert 200 <= answer.status_code < 300, f"{op.method} {op.path}: {answer.status_code} {answer.text}"
    assert answer.status_code == op.success_status
    if op.success_schema is None or answer.status_code == 204:
        assert answer.content == b""
        return
    errors = schema_errors(op.success_schema, answer.json())
    assert not errors, errors[:5]
    assert sandbox.requests()[-1]["operationId"] == op.operation_id


UNKNOWN = {
    "meetingId": "12345678901",
    "meetingUUID": "12345678901",
    "webinarId": "12345678901",
    "userId": "ghost@example.com",
}
ADDRESSED = [(op, name) for op in OPERATIONS for name in UNKNOWN if "{" + name + "}" in op.path]


@pytest.mark.parametrize(("op", "name"), ADDRESSED, ids=[f"{op.operation_id}-{name}" for op, name in ADDRESSED])
def test_unknown_user_meeting_or_webinar_is_404(op: SpecOperation, name: str, api: httpx2.Client) -> None:
    path_values, query, body = sample_request(op)
    path = op.path
    for key, value in {**path_values, name: UNKNOWN[name]}.items():
        path = path.replace("{" + key + "}", encode(value))
    if op.body_content_type == "multipart/form-data":
        answer = api.request(op.method, path, params=query, files={"file": ("a.png", body["file"], "image/png")})
    else:
        answer = api.request(op.method, path, params=query, json=body)
    assert answer.status_code == 404, answer.text
    assert answer.json()["code"] in (1001, 3001, 3301)
