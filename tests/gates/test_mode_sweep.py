"""Every gated tool and destructive argument value, through each `--confirm` mode, in both eras, with a
client that has form elicitation, URL elicitation or neither: the requests that reach the sandbox Zoom.

The real server (runtime, gates, confirmation pages) over the sandbox; the SDK's real Client. The person
behind an eliciting client confirms (typing the ID where asked) or declines, in the client's form or on
the confirmation page (answered as a browser does; `test_url_confirm_browser.py` uses real Chromium).

Expected requests per call:

| mode   | form client       | URL client        | no elicitation                                  |
|--------|-------------------|-------------------|-------------------------------------------------|
| elicit | 1 (form)          | 1 (page)          | 0: refused, no token                            |
| url    | 1 (form fallback) | 1 (page)          | 0: refused, no token                            |
| token  | 0, then 1 with the preview's token (the client's elicitation is not used)           |
| never  | 1 (nobody asked)                                                                    |

and 0 whenever the person declines.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mcp import Client

from zoom_mcp.catalog.registry import ToolSpec, load_catalog, wire_name
from zoom_mcp.gates import ConfirmationGate, ConfirmationTokens
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import RunningSandbox, SandboxConfig, running_sandbox
from zoom_mcp.sandbox.config import RateLimitConfig, default_regular_spec_path, default_spec_path
from zoom_mcp.sandbox.samples import sample_request
from zoom_mcp.sandbox.seed import LIVE_MEETING_ID
from zoom_mcp.sandbox.spec import load_operations
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, open_runtime
from zoom_mcp.server.sandbox_wiring import sandbox_zoom_settings

from .clients import FORM, URL, ModesClient, PagePerson
from .destructive import destructive_calls

pytestmark = pytest.mark.anyio

MODES = ["elicit", "url", "token", "never"]
ERAS = ["legacy", "auto"]
CLIENTS = ["form", "url", "none"]
VARIANTS = ["master", "regular"]
SPECS = {"master": default_spec_path(), "regular": default_regular_spec_path()}
OPERATIONS = {v: {op.operation_id: op for op in load_operations(SPECS[v])} for v in VARIANTS}
CATALOGUES = {v: load_catalog(variant=v).tools for v in VARIANTS}


def sample_arguments(tool: ToolSpec, variant: str) -> dict[str, Any]:
    """Arguments that succeed on a fresh seed (the sandbox's sample request, mapped back to the tool)."""
    path_values, query, body = sample_request(OPERATIONS[variant][str(tool.operation_id)])
    by_location: dict[tuple[str, str | None], Any] = {("path", k): v for k, v in path_values.items()}
    by_location.update({("query", k): v for k, v in query.items()})
    if isinstance(body, dict):
        by_location.update({("body", k): v for k, v in body.items()})
    arguments: dict[str, Any] = {}
    for name, where in tool.arguments.items():
        key = (where["in"], wire_name(name, where))
        if key in by_location:
            arguments[name] = by_location[key]
    return arguments


def gated_calls(variant: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(tool, operationId that reaches Zoom, arguments): each destructive tool, and each destructive value."""
    calls: list[tuple[str, str, dict[str, Any]]] = [
        ("ai_companion_disable", "inMeetingControl", {"meetingId": str(LIVE_MEETING_ID)}),
        (
            "ai_companion_stop",
            "inMeetingControl",
            {"meetingId": str(LIVE_MEETING_ID), "delete_meeting_assets": True},
        ),
    ]
    for tool in CATALOGUES[variant]:
        if not tool.gated or tool.operation_id not in OPERATIONS[variant]:
            continue
        for arguments in destructive_calls(tool, sample_arguments(tool, variant)):
            calls.append((tool.name, str(tool.operation_id), arguments))
    return calls


CALLS = {variant: gated_calls(variant) for variant in VARIANTS}


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_sweep_covers_every_gated_tool_and_destructive_value(variant: str) -> None:
    catalogue = CATALOGUES[variant]
    gated = {tool.name for tool in catalogue if tool.gated}
    swept = {name for name, _, _ in CALLS[variant]}
    assert gated <= swept and {"ai_companion_stop", "ai_companion_disable"} <= swept
    when_values = sum(
        max(1, sum(len(v) for v in e["when"].values() if isinstance(v, list)))
        for t in catalogue
        for e in t.destructive_when
    )
    assert len(CALLS[variant]) == 2 + sum(1 for t in catalogue if t.gated and t.destructive) + when_values


@pytest.fixture(scope="module")
def sandboxes() -> Iterator[dict[str, RunningSandbox]]:
    """A master and a regular sandbox account (the server speaks the matching catalogue)."""
    configs = {v: SandboxConfig(account_type=v, rate_limits=RateLimitConfig(enabled=False)) for v in VARIANTS}
    with running_sandbox(configs["master"]) as master, running_sandbox(configs["regular"]) as regular:
        yield {"master": master, "regular": regular}


def expected(mode: str, client: str, decision: str) -> int:
    if mode == "never":
        return 1
    if mode == "token" or client == "none" or decision == "decline":
        return 0
    return 1


async def sweep(
    sandbox: RunningSandbox, variant: str, mode: str, era: str, client_kind: str, decision: str
) -> list[str]:
    """Run every gated call once; return a problem line for each count that differs from the table."""
    sandbox.reset()
    options = RuntimeOptions(
        catalog=load_catalog(variant=variant),
        zoom=sandbox_zoom_settings(sandbox),
        policy=CallerPolicy(name="sweep", confirm=mode),  # type: ignore[arg-type]
        default_account_id=sandbox.config.account_id,
        gate=ConfirmationGate(ConfirmationTokens([b"sweep-key-0123456789abcdef-0123456789"])),
    )
    person = PagePerson(decision)
    problems: list[str] = []
    async with open_runtime(options) as runtime:
        server = build_server(runtime)
        client_mode = "legacy" if era == "legacy" else "auto"
        connection: Client
        if client_kind == "none":
            connection = Client(server, mode=client_mode, cache=None)
        else:
            modes = frozenset({FORM}) if client_kind == "form" else frozenset({URL})
            connection = ModesClient(server, mode=client_mode, elicitation_callback=person, modes=modes, cache=None)
        async with connection as client:
            for name, operation_id, arguments in CALLS[variant]:
                before = len(sandbox.requests())
                result = await client.call_tool(name, arguments)
                token = (result.structured_content or {}).get("confirmation_token") if result.is_error else None
                reached = [r for r in sandbox.requests()[before:] if r.get("operationId") == operation_id]
                want = expected(mode, client_kind, decision)
                if len(reached) != want:
                    problems.append(f"{name} {arguments}: {len(reached)} requests reached Zoom, expected {want}")
                if mode == "token":
                    if not isinstance(token, str):
                        problems.append(f"{name}: no preview token in --confirm token")
                        continue
                    again = await client.call_tool(name, {**arguments, "confirmation_token": token})
                    reached = [r for r in sandbox.requests()[before:] if r.get("operationId") == operation_id]
                    if len(reached) != 1 or (again.is_error and "NOT done" in str(again.content)):
                        problems.append(f"{name}: the preview's token sent {len(reached)} requests, expected 1")
                elif token is not None:
                    problems.append(f"{name}: a token was handed out in --confirm {mode}")
    asked = {kind for kind, _ in person.seen}
    if mode in ("elicit", "url") and client_kind != "none" and asked != {client_kind}:
        problems.append(f"the person was asked through {sorted(asked)}, expected {client_kind}")
    if mode in ("token", "never") and person.seen:
        problems.append(f"--confirm {mode} asked the person {len(person.seen)} times")
    return problems


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("era", ERAS)
@pytest.mark.parametrize("mode", MODES)
async def test_requests_reaching_zoom_per_mode_and_client(
    sandboxes: dict[str, RunningSandbox], variant: str, mode: str, era: str
) -> None:
    problems: list[str] = []
    for kind in CLIENTS:
        problems += [f"[{kind}] {p}" for p in await sweep(sandboxes[variant], variant, mode, era, kind, "confirm")]
    assert problems == []


@pytest.mark.parametrize("era", ERAS)
@pytest.mark.parametrize("mode", ["elicit", "url"])
async def test_a_person_who_declines_lets_nothing_through(
    sandboxes: dict[str, RunningSandbox], mode: str, era: str
) -> None:
    problems: list[str] = []
    for kind in ("form", "url"):
        problems += [f"[{kind}] {p}" for p in await sweep(sandboxes["master"], "master", mode, era, kind, "decline")]
    assert problems == []
