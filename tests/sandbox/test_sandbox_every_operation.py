"""Every operation of both OpenAPI documents succeeds with sample arguments and answers its 2xx schema: the
master document's 159 on a master account, the regular document's 168 on a regular account."""

from __future__ import annotations

import json

import httpx2
import pytest

from tests.sandbox.conftest import schema_errors
from tests.sandbox.writes import send, url_for
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.config import default_regular_spec_path, default_spec_path
from zoom_mcp.sandbox.samples import sample_request
from zoom_mcp.sandbox.spec import SpecOperation, load_operations

OPERATIONS = load_operations(default_spec_path())
REGULAR_OPERATIONS = load_operations(default_regular_spec_path())
DOCUMENTS = {"master": OPERATIONS, "regular": REGULAR_OPERATIONS}
CASES = [(document, op) for document, ops in DOCUMENTS.items() for op in ops]


def _documented_statuses() -> dict[str, set[int]]:
    """operationId -> the statuses the regular document declares for it."""
    document = json.loads(default_regular_spec_path().read_text())
    return {
        op["operationId"]: {int(status) for status in op.get("responses", {})}
        for item in document["paths"].values()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    }


REGULAR_STATUSES = _documented_statuses()


def test_the_documents_have_all_their_operations() -> None:
    assert len(OPERATIONS) == 159
    assert len({op.operation_id for op in OPERATIONS}) == 159
    assert len(REGULAR_OPERATIONS) == 168
    assert len({op.operation_id for op in REGULAR_OPERATIONS}) == 168
    assert len({op.operation_id for op in REGULAR_OPERATIONS} - {op.operation_id for op in OPERATIONS}) == 26


@pytest.mark.parametrize(
    ("target", "op"), CASES, ids=[f"{d}-{op.operation_id}" for d, op in CASES], indirect=["target"]
)
def test_operation_succeeds_with_sample_arguments(
    op: SpecOperation, target: tuple[httpx2.Client, RunningSandbox]
) -> None:
    api, sandbox = target
    answer = send(api, op, *sample_request(op))
    assert 200 <= answer.status_code < 300, f"{op.method} {op.path}: {answer.status_code} {answer.text}"
    assert answer.status_code == op.success_status
    if op.success_schema is None or answer.status_code == 204:
        assert answer.content == b""
        return
    errors = schema_errors(op.success_schema, answer.json(), op.operation_id)
    assert not errors, errors[:5]
    assert sandbox.requests()[-1]["operationId"] == op.operation_id


UNKNOWN = {
    "meetingId": "12345678901",
    "meetingUUID": "12345678901",
    "webinarId": "12345678901",
    "userId": "ghost@example.com",
}
ADDRESSED = [(d, op, name) for d, op in CASES for name in UNKNOWN if "{" + name + "}" in op.path]


@pytest.mark.parametrize(
    ("target", "op", "name"),
    ADDRESSED,
    ids=[f"{d}-{op.operation_id}-{name}" for d, op, name in ADDRESSED],
    indirect=["target"],
)
def test_unknown_user_meeting_or_webinar_is_404(
    op: SpecOperation, name: str, target: tuple[httpx2.Client, RunningSandbox]
) -> None:
    """404 with Zoom's not-found code; where the regular document declares no 404 for the operation, the
    documented 400 with the same code."""
    api, sandbox = target
    path_values, query, body = sample_request(op)
    path = url_for(op, {**path_values, name: UNKNOWN[name]})
    if op.body_content_type == "multipart/form-data":
        answer = api.request(op.method, path, params=query, files={"file": ("a.png", body["file"], "image/png")})
    else:
        answer = api.request(op.method, path, params=query, json=body)
    regular = sandbox.config.account_type == "regular"
    statuses = REGULAR_STATUSES[op.operation_id]
    expected = 400 if regular and 404 not in statuses and 400 in statuses else 404
    assert answer.status_code == expected, answer.text
    assert answer.json()["code"] in (1001, 3001, 3301)
