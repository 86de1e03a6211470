"""Every write operation of the sandbox changes what its matching read answers (through real HTTP), in both
documents: on a master account through the master document's paths, and on a regular account through the
regular document's paths (the 26 regular-only operations included).

For each entry of `tests/sandbox/writes.EFFECTS` (per document, `effects_for`): read first, write, read again.
The read afterwards must show the written values (or fail with Zoom's status and code when the write removed
the object), and, unless the read depends on the write's answer, the read before must NOT already show them,
so a canned answer cannot pass. Writes whose effect no read of Zoom's API returns are listed, with the reason, in
`zoom_mcp.sandbox.handlers.WRITES_WITHOUT_READABLE_EFFECT`; for them the request log is the evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx2
import pytest

from tests.sandbox.writes import (
    ABSENT,
    DOCUMENTS,
    PNG,
    SAMPLE,
    Api,
    Count,
    Effect,
    Vars,
    effects_for,
    send,
    url_for,
)
from zoom_mcp.evals.expectations import same
from zoom_mcp.evals.references import MISSING, lookup
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.handlers import HANDLERS, WRITES_WITHOUT_READABLE_EFFECT
from zoom_mcp.sandbox.samples import sample_request
from zoom_mcp.sandbox.spec import SpecOperation


def writes_of(document: str) -> list[str]:
    return sorted(op_id for op_id, op in DOCUMENTS[document].items() if op.method != "GET")


CASES = [(document, effect) for document in DOCUMENTS for effect in effects_for(document)]
UNREADABLE = [
    (d, op_id) for d in DOCUMENTS for op_id in sorted(WRITES_WITHOUT_READABLE_EFFECT) if op_id in DOCUMENTS[d]
]


def _value(spec: Any, v: Vars) -> Any:
    return spec(v) if callable(spec) else spec


def _differences(answer: Any, expect: Mapping[str, Any], v: Vars) -> list[str]:
    problems = []
    for path, wanted in expect.items():
        actual = lookup(answer, path)
        wanted = _value(wanted, v)
        if wanted is ABSENT:
            if actual is not MISSING and actual is not None:
                problems.append(f"{path}: expected nothing, got {actual!r}")
        elif isinstance(wanted, Count):
            if not isinstance(actual, list | dict) or len(actual) != wanted.n:
                problems.append(f"{path}: expected {wanted.n} item(s), got {actual!r}")
        elif actual is MISSING or not same(actual, wanted):
            problems.append(f"{path}: expected {wanted!r}, got {'nothing' if actual is MISSING else repr(actual)}")
    return problems


def _echo(written: Any, skip: tuple[str, ...], prefix: str = "") -> dict[str, Any]:
    """Dotted path -> value for every value a write body sends (objects flattened, lists kept whole)."""
    flat: dict[str, Any] = {}
    for key, value in written.items():
        path = f"{prefix}{key}"
        if path in skip:
            continue
        if isinstance(value, dict):
            flat.update(_echo(value, skip, f"{path}."))
        else:
            flat[path] = value
    return flat


def _read(api: Api, effect: Effect, v: Vars, write_path: dict[str, str]) -> httpx2.Response:
    op = api.operations[effect.read]
    path = {**sample_request(op)[0], **{k: val for k, val in write_path.items() if "{" + k + "}" in op.path}}
    path.update(_value(effect.read_path, v) or {})
    return send(api.http, op, path, _value(effect.read_query, v), None)


@pytest.mark.parametrize(("target", "effect"), CASES, ids=[f"{d}-{e.label}" for d, e in CASES], indirect=["target"])
def test_write_shows_in_its_read(effect: Effect, target: tuple[httpx2.Client, RunningSandbox]) -> None:
    http, sandbox = target
    operations: dict[str, SpecOperation] = DOCUMENTS["master" if sandbox.config.account_type == "master" else "regular"]
    api = Api(http, operations)
    write_op = operations[effect.write]
    v: Vars = effect.setup(api) if effect.setup is not None else {}
    sample_path, sample_query, sample_body = sample_request(write_op)
    path = {**sample_path, **_value(effect.path, v)}
    query = {**sample_query, **_value(effect.query, v)}
    body = sample_body if effect.body is SAMPLE else _value(effect.body, v)
    if write_op.body_content_type == "multipart/form-data" and effect.body is SAMPLE:
        body = {"file": ("sample.png", PNG)}
    expect = dict(effect.expect)
    if effect.echo:
        expect.update(_echo(body, effect.echo_skip))
    assert expect or effect.gone, f"{effect.label}: says nothing about the read"

    depends_on_write = callable(effect.read_path) or any(callable(x) for x in expect.values())
    before = None if depends_on_write else _read(api, effect, v, path)

    written = send(http, write_op, path, query, body)
    assert written.status_code == write_op.success_status, f"{effect.write}: {written.status_code} {written.text}"
    v["write"] = written.json() if written.content else None
    entry = sandbox.requests()[-1]
    assert (entry["operationId"], entry["status"]) == (effect.write, write_op.success_status)

    after = _read(api, effect, v, path)
    if effect.gone is not None:
        status, code = effect.gone
        assert (after.status_code, after.json().get("code")) == (status, code), after.text
        if before is not None:
            assert before.status_code == 200, f"{effect.read} failed before the write: {before.text}"
        return
    assert after.status_code == 200, f"{effect.read} after {effect.write}: {after.status_code} {after.text}"
    problems = _differences(after.json(), expect, v)
    assert not problems, f"{effect.read} after {effect.write}: " + "; ".join(problems)
    if before is not None and before.status_code == 200:
        assert _differences(before.json(), expect, v), f"{effect.read} already showed all of it before {effect.write}"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_write_is_paired_with_its_read_or_listed_without_a_readable_effect(document: str) -> None:
    operations = DOCUMENTS[document]
    writes = writes_of(document)
    paired = {e.write for e in effects_for(document)}
    unlisted = sorted(set(writes) - paired - set(WRITES_WITHOUT_READABLE_EFFECT))
    assert not unlisted, f"{document}: writes with no read that checks them: {unlisted}"
    assert not paired & set(WRITES_WITHOUT_READABLE_EFFECT), (
        "a write is both checked by a read and listed as unreadable"
    )
    for effect in effects_for(document):
        assert operations[effect.read].method == "GET", f"{effect.label}: {effect.read} is not a read"


def test_writes_listed_without_a_readable_effect_are_writes_with_a_reason() -> None:
    every_write = {op_id for document in DOCUMENTS for op_id in writes_of(document)}
    assert set(WRITES_WITHOUT_READABLE_EFFECT) <= every_write
    assert all(reason.strip() for reason in WRITES_WITHOUT_READABLE_EFFECT.values())


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_operation_falls_back_to_a_canned_example(document: str) -> None:
    """Every operation of both documents, write or read, has a stateful handler; the example fallback serves
    none of them."""
    missing = sorted(op_id for op_id in DOCUMENTS[document] if op_id not in HANDLERS)
    assert not missing, f"{document}: operations answered by the canned example fallback: {missing}"


@pytest.mark.parametrize(
    ("target", "operation_id"), UNREADABLE, ids=[f"{d}-{op_id}" for d, op_id in UNREADABLE], indirect=["target"]
)
def test_writes_without_readable_effect_leave_their_request_in_the_log(
    operation_id: str, target: tuple[httpx2.Client, RunningSandbox]
) -> None:
    http, sandbox = target
    op = DOCUMENTS["master" if sandbox.config.account_type == "master" else "regular"][operation_id]
    path, query, body = sample_request(op)
    sandbox.clear_requests()
    answer = send(http, op, path, query, body)
    assert answer.status_code == op.success_status, answer.text
    log = sandbox.requests()
    assert [(e["method"], e["operationId"], e["status"]) for e in log] == [(op.method, operation_id, op.success_status)]
    assert log[0]["path"] == "/v2" + url_for(op, path)
