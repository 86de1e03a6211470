"""Final assertions: the sandbox's state and request log after a scenario's steps.

Each assertion is a one-key mapping (values may hold `${...}` references, resolved before checking):

- `meeting: {id: N | topic: T, exists: true, fields: {dotted.path: value}}` (also `webinar:`)
- `registrant: {meeting: N | webinar: N, id: R | email: E, status: approved, exists: true}`
- `recording: {meeting: N | uuid: U, exists: true, trashed: false, files: n}`
- `live: {meeting: N, recording: stopped, ai_companion: on, fields: {...}}`
- `requests: {has: "DELETE /meetings/\\d+", has_not: [...], count: n, match: "...", status: 429}`:
  patterns are regular expressions searched in "METHOD /path?query" (path after `/v2`, as sent,
  still percent-encoded); `count` counts the lines matching `match` (and `status` when given); the
  same check applies to one step's requests with `expect: {requests: ...}` (`request_checks.py`)
- `no_deletes: true`: no DELETE request reached the sandbox
- `state: {path: "meetings.85746065001.topic", equals: v | exists: bool | count: n}` over a snapshot
  of the whole state (dict keys as text)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from zoom_mcp.evals.expectations import check_value, same
from zoom_mcp.evals.references import MISSING, lookup
from zoom_mcp.evals.request_checks import check_requests, request_lines
from zoom_mcp.sandbox import RunningSandbox

JSON = Any


def check_final(item: Mapping[str, Any], sandbox: RunningSandbox) -> list[str]:
    """The differences for one final assertion (empty when it holds)."""
    kind, spec = next(iter(item.items()))
    if kind == "no_deletes":
        return _requests({"has_not": r"^DELETE "}, sandbox) if spec else []
    checker = _CHECKERS[kind]
    return checker(dict(spec), sandbox)


def _meeting_like(kind: str, spec: dict[str, Any], store: Mapping[int, JSON]) -> list[str]:
    exists = bool(spec.get("exists", True))
    found: JSON = None
    if "id" in spec:
        found = store.get(int(spec["id"]))
        what = f"{kind} {spec['id']}"
        if found is not None and "topic" in spec and not same(found.get("topic"), spec["topic"]):
            return [f"{what}: expected topic {spec['topic']!r}, got {found.get('topic')!r}"]
    elif "topic" in spec:
        what = f"a {kind} with topic {spec['topic']!r}"
        found = next((m for m in store.values() if same(m.get("topic"), spec["topic"])), None)
    else:
        return [f"{kind}: give `id` or `topic` to say which {kind}"]
    if (found is not None) != exists:
        topics = sorted(str(m.get("topic")) for m in store.values())
        return [
            f"{what}: expected {'it to exist' if exists else 'none'}, got {'one' if found else 'none'} "
            f"(topics now: {', '.join(topics)})"
        ]
    problems = []
    for path, wanted in (spec.get("fields") or {}).items():
        problem = check_value(found, path, wanted)
        if problem:
            problems.append(f"{what}: {problem}")
    return problems


def _meeting(spec: dict[str, Any], sandbox: RunningSandbox) -> list[str]:
    return _meeting_like("meeting", spec, sandbox.state.meetings)


def _webinar(spec: dict[str, Any], sandbox: RunningSandbox) -> list[str]:
    return _meeting_like("webinar", spec, sandbox.state.webinars)


def _registrant(spec: dict[str, Any], sandbox: RunningSandbox) -> list[str]:
    state = sandbox.state
    if "webinar" in spec:
        owner, registrants = f"webinar {spec['webinar']}", state.webinar_registrants.get(int(spec["webinar"]), {})
    elif "meeting" in spec:
        owner, registrants = f"meeting {spec['meeting']}", state.meeting_registrants.get(int(spec["meeting"]), {})
    else:
        return ["registrant: give `meeting` or `webinar`"]
    if "id" in spec:
        what = f"registrant {spec['id']} of {owner}"
        found = registrants.get(str(spec["id"]))
    elif "email" in spec:
        what = f"registrant {spec['email']} of {owner}"
        found = next(
            (r for r in registrants.values() if str(r.get("email")).lower() == str(spec["email"]).lower()), None
        )
    else:
        return ["registrant: give `id` or `email`"]
    exists = bool(spec.get("exists", True))
    if (found is not None) != exists:
        return [f"{what}: expected {'it to exist' if exists else 'none'}, got {'one' if found else 'none'}"]
    if found is not None and "status" in spec and found.get("status") != spec["status"]:
        return [f"{what}: expected status {spec['status']!r}, got {found.get('status')!r}"]
    return []


def _recording(spec: dict[str, Any], sandbox: RunningSandbox) -> list[str]:
    state = sandbox.state
    if "uuid" in spec:
        uuid: str | None = str(spec["uuid"])
        what = f"recording {uuid}"
    elif "meeting" in spec:
        uuid = next((u for u, r in state.recordings.items() if str(r.get("id")) == str(spec["meeting"])), None)
        what = f"recording of meeting {spec['meeting']}"
    else:
        return ["recording: give `meeting` or `uuid`"]
    rec = state.recordings.get(uuid) if uuid is not None else None
    exists = bool(spec.get("exists", True))
    if (rec is not None) != exists:
        return [
            f"{what}: expected {'it to exist' if exists else 'it to be gone'}, "
            f"got {'it present' if rec is not None else 'none'}"
        ]
    if rec is None or uuid is None:
        return []
    problems = []
    files = [f["id"] for f in rec.get("recording_files", [])]
    trashed = bool(state.recording_trashed.get(uuid)) or (bool(files) and all(f in state.file_trashed for f in files))
    if "trashed" in spec and trashed != bool(spec["trashed"]):
        problems.append(f"{what}: expected trashed={bool(spec['trashed'])}, got trashed={trashed}")
    if "files" in spec and len(files) != int(spec["files"]):
        problems.append(f"{what}: expected {spec['files']} file(s), got {len(files)}")
    return problems


def _live(spec: dict[str, Any], sandbox: RunningSandbox) -> list[str]:
    meeting = int(spec.get("meeting", 0))
    live = sandbox.state.live.get(meeting)
    if live is None:
        return [f"live meeting {meeting}: expected it to be live, got no live state"]
    data = asdict(live)
    problems = []
    for key in ("recording", "ai_companion", "ai_companion_mode", "waiting_room_title"):
        if key in spec and not same(data.get(key), spec[key]):
            problems.append(f"live meeting {meeting}: expected {key}={spec[key]!r}, got {data.get(key)!r}")
    for path, wanted in (spec.get("fields") or {}).items():
        problem = check_value(data, path, wanted)
        if problem:
            problems.append(f"live meeting {meeting}: {problem}")
    return problems


def _requests(spec: dict[str, Any], sandbox: RunningSandbox) -> list[str]:
    return check_requests(spec, request_lines(sandbox.requests()))


def snapshot(sandbox: RunningSandbox) -> dict[str, Any]:
    """The sandbox state as plain data with text keys (for `state:` assertions)."""
    data: dict[str, Any] = {}
    for key, value in vars(sandbox.state).items():
        if key.startswith("_") or key == "lock":
            continue
        data[key] = _plain(value)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return _plain(asdict(value))
    return value


def _state(spec: dict[str, Any], sandbox: RunningSandbox) -> list[str]:
    path = str(spec.get("path", ""))
    data = snapshot(sandbox)
    actual = lookup(data, path)
    if "exists" in spec and (actual is not MISSING) != bool(spec["exists"]):
        return [f"state {path}: expected it {'to exist' if spec['exists'] else 'to be absent'}"]
    if "equals" in spec:
        problem = check_value(data, path, spec["equals"])
        if problem:
            return [f"state {problem}"]
    if "count" in spec:
        size = len(actual) if isinstance(actual, list | Mapping) else None
        if size != int(spec["count"]):
            return [f"state {path}: expected {spec['count']} item(s), got {size}"]
    return []


_CHECKERS = {
    "meeting": _meeting,
    "webinar": _webinar,
    "registrant": _registrant,
    "recording": _recording,
    "live": _live,
    "requests": _requests,
    "state": _state,
}
