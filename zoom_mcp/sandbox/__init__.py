"""The sandbox Zoom: a fake Zoom Meetings API built from `tool_specs/zoom-meetings.openapi.json` (master
accounts) and `tool_specs/zoom-meetings-regular.openapi.json` (regular accounts).

Served like Zoom: the API under `/v2`, Server-to-Server OAuth at `POST /oauth/token`, recording files
at `/rec/download/<file id>` (bearer token required), and control endpoints under `/_sandbox/`
(`GET|DELETE /_sandbox/requests`, `POST /_sandbox/faults`, `POST /_sandbox/reset`, `GET /_sandbox/state`,
`POST /_sandbox/tokens/expire`). A regular account by default (the regular layout, `/users/{userId}/meetings`,
...); `SandboxConfig(account_type="master")` also serves the `/accounts/{accountId}/...` layout over one state.

Defaults (all fake, safe to print):

- client id `sandbox-client-id`, client secret `sandbox-client-secret`, account id `sandbox-account`
  (sub-account `sandbox-sub-account` and `me` are accepted in `/accounts/{accountId}` too);
- static bearer token `sandbox-static-token` (for `ZOOM_ACCESS_TOKEN`); OAuth tokens live 3600 s;
- rate limits per label generous enough that tests never hit them unless they lower them.

Seeded account (constants in `zoom_mcp.sandbox.seed`): owner `owner@sandbox.example.com`
(`KDcuGIm1QgePTO8WbOqwIQ`, also `me`), users alice@ and bob@sandbox.example.com; meetings
85746065001 (scheduled, manual registration approval, 1 approved + 2 pending registrants, a poll),
85746065002 (recurring, 3 occurrences), 85746065003 (LIVE, in progress, not recording; ending it records
its past instance, with the owner as participant), 85746065004 (past, recorded: UUID
`4444AAAiAAAAAiAiAiiAii==`, MP4 + VTT transcript + CC, summary),
85746065005 (past, instances `/ajXp112QmuoKj4854875==` and `Rk9//ZmG3QXS2ktSYeWxuA==` for double
encoding; the first recorded and summarised), 85746065006 (recorded, summary still processing);
webinar 94512345001 (registrants 1 approved + 2 pending, a panelist, a poll, a survey, a live stream,
branding: name tag `WEBINAR_NAME_TAG_ID`, virtual background, wallpaper; a tracking source); past webinar
94512345002 (`PAST_WEBINAR_UUID`, held 2026-01-14: 3 approved registrants, 2 attended, `ken@example.org`
absent; poll/Q&A/survey answers); live webinar 94512345003 (`LIVE_WEBINAR_ID`, in progress); chat messages
of the live meeting (`LIVE_CHAT_MESSAGE_IDS`, the second with a file) and of the live webinar; a tracking field
(Department, also on meeting 85746065001), an H.323 device, a SIP phone, a SIP trunk, an internal number,
a call-out country, a phone number from the master account,
a user TSP and PAC account of the owner, a meeting and a webinar template of the owner
(`MEETING_TEMPLATE_ID`, `WEBINAR_TEMPLATE_ID`), a registrant and views of the recorded meeting's recording,
its archive (`ARCHIVE_FILE_ID`), and the stored account reports (billing: report `BILLING_REPORT_ID` with its
invoices, sign-in activity, operation logs, disclaimers, remote support, telephone usage) from the spec's examples.

Scheduled dates are in 2027 (future), past meetings in January 2026. Past-meeting reports list three
participants for the recorded meeting; the scheduled meeting also has a survey and a live stream.
`zoom_mcp.sandbox.fixtures` adds users, meetings (scheduled, live or past with recordings and summaries) and
webinars; `zoom_mcp.sandbox.samples.sample_request(op)` gives arguments that succeed for any operation on a
fresh seed.

Use `create_app(SandboxConfig(...))` for the ASGI app, or `running_sandbox(...)` /
`running_sandbox_async(...)` to serve it on 127.0.0.1 with a free port; `zoom-mcp sandbox` runs it alone.
`deferred_sandbox(...)` binds the port at once and builds and serves the sandbox at its first connection (or
when asked): `zoom-mcp serve`'s embedded sandbox, which costs nothing until the server first calls Zoom.
The names above load their modules on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zoom_mcp.sandbox.app import create_app
    from zoom_mcp.sandbox.config import FaultConfig, ForcedStatus, RateLimitConfig, SandboxConfig
    from zoom_mcp.sandbox.core import Sandbox
    from zoom_mcp.sandbox.runner import (
        DeferredSandbox,
        RunningSandbox,
        deferred_sandbox,
        running_sandbox,
        running_sandbox_async,
    )

# name -> module: loaded on first use (PEP 562), so that `zoom-mcp serve` can bind the embedded sandbox's port
# (zoom_mcp.sandbox.config, .runner) without building the app, its handlers and its OpenAPI model at start-up
_EXPORTS = {
    "create_app": "zoom_mcp.sandbox.app",
    "FaultConfig": "zoom_mcp.sandbox.config",
    "ForcedStatus": "zoom_mcp.sandbox.config",
    "RateLimitConfig": "zoom_mcp.sandbox.config",
    "SandboxConfig": "zoom_mcp.sandbox.config",
    "Sandbox": "zoom_mcp.sandbox.core",
    "DeferredSandbox": "zoom_mcp.sandbox.runner",
    "RunningSandbox": "zoom_mcp.sandbox.runner",
    "deferred_sandbox": "zoom_mcp.sandbox.runner",
    "running_sandbox": "zoom_mcp.sandbox.runner",
    "running_sandbox_async": "zoom_mcp.sandbox.runner",
}

__all__ = [
    "DeferredSandbox",
    "FaultConfig",
    "ForcedStatus",
    "RateLimitConfig",
    "RunningSandbox",
    "Sandbox",
    "SandboxConfig",
    "create_app",
    "deferred_sandbox",
    "running_sandbox",
    "running_sandbox_async",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
