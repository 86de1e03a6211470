"""A scenario's `sandbox:` block: the sandbox configuration, and additions laid over the seeded account.

    sandbox:
      users: [{email: erin@sandbox.example.com, first_name: Erin, id: optional}]
      meetings: [{topic: Board review, host: me, id: optional, status: waiting, ...any meeting field}]
      generate_meetings: {count: 40, topic: "Bulk meeting {n}", host: me}
      webinars: [{topic: Launch, host: me, id: optional, ...}]
      faults: [{path: "/users/me/meetings", status: 429, count: 1, method: GET, regex: false, retry_after: 1}]
      latency_ms: 0
      rate_limits: {MEDIUM: 5}          # requests per second per label
      granted_scopes: [meeting:read:admin]   # the token's scopes (default: all)

Fault paths are the API path after `/v2` as sent (`/users/me/meetings`); with `regex: true` a regular
expression searched in it. Hosts are `me`, a user ID or an email.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from zoom_mcp.sandbox import ForcedStatus, RateLimitConfig, RunningSandbox, SandboxConfig
from zoom_mcp.sandbox.seed import meeting_object


class SandboxSetupError(ValueError):
    """The `sandbox:` block asks for something impossible; the message says what."""


def sandbox_config(spec: Mapping[str, Any], account_type: str = "master") -> SandboxConfig:
    config = SandboxConfig(account_type=account_type)
    scopes = spec.get("granted_scopes")
    if scopes is not None:
        config.granted_scopes = frozenset(str(s) for s in scopes)
    return config


def apply_additions(spec: Mapping[str, Any], running: RunningSandbox) -> None:
    """Add users, meetings and webinars to the seeded state; install faults and rate limits."""
    state = running.state
    example = running.sandbox.example
    with state.lock:
        for raw in spec.get("users") or []:
            user = {
                "id": raw.get("id") or state.new_id("user"),
                "first_name": "Extra",
                "last_name": "User",
                "role_name": "Member",
                "type": 2,
                "status": "active",
                "timezone": "UTC",
                **raw,
            }
            if "email" not in user:
                raise SandboxSetupError(f"sandbox.users: every user needs an email; got {raw!r}")
            state.users[user["id"]] = user
        for raw in spec.get("meetings") or []:
            _add_meeting(running, dict(raw))
        generate = spec.get("generate_meetings")
        if generate:
            pattern = str(generate.get("topic", "Generated meeting {n}"))
            for n in range(1, int(generate.get("count", 1)) + 1):
                _add_meeting(running, {"topic": pattern.format(n=n), "host": generate.get("host", "me")})
        for raw in spec.get("webinars") or []:
            fields = dict(raw)
            host = _host(running, fields.pop("host", "me"))
            webinar_id = int(fields.pop("id", 0) or 94000000000 + state.next_number() * 7919)
            webinar = copy.deepcopy(example("webinar")) or {}
            webinar.pop("occurrences", None)
            webinar.update(
                id=webinar_id,
                uuid=state.new_uuid(),
                host_id=host["id"],
                host_email=host["email"],
                join_url=f"https://sandbox.zoom.example/w/{webinar_id}",
            )
            webinar.update(fields)
            state.webinars[webinar_id] = webinar
    faults = spec.get("faults") or []
    forced = []
    for raw in faults:
        allowed = set(ForcedStatus.__dataclass_fields__)
        unknown = sorted(set(raw) - allowed)
        if unknown:
            raise SandboxSetupError(f"sandbox.faults: unknown key(s) {', '.join(unknown)}; allowed: {sorted(allowed)}")
        forced.append(ForcedStatus(**raw))
    if forced or spec.get("latency_ms"):
        running.set_faults(latency_ms=int(spec.get("latency_ms") or 0), forced=forced)
    limits = spec.get("rate_limits")
    if limits:
        config = RateLimitConfig()
        config.per_second.update({str(k).upper(): float(v) for k, v in limits.items()})
        running.set_rate_limits(config)


def _host(running: RunningSandbox, who: Any) -> Any:
    user = running.state.find_user(str(who))
    if user is None:
        raise SandboxSetupError(f"sandbox: no user {who!r}; use me, a seeded user's email or add it under users.")
    return user


def _add_meeting(running: RunningSandbox, fields: dict[str, Any]) -> None:
    state = running.state
    host = _host(running, fields.pop("host", "me"))
    meeting_id = int(fields.pop("id", 0) or state.new_meeting_id())
    topic = str(fields.pop("topic", "Extra meeting"))
    meeting = meeting_object(running.sandbox.example, meeting_id, state.new_uuid(), host, topic, **fields)
    state.meetings[meeting_id] = meeting
