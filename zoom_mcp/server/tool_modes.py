"""The server side of tool modes: what one caller's `tools/list` holds, per mode and per session.

`ToolSurface(runtime, mode)` answers `tools/list` (cached per policy and enabled toolsets), says which
meta-tools exist in the mode, gives input schemas for `get_tool_input_schema`, and keeps the toolsets a
session enabled (`toolsets` mode) in the connection's scratch state. A connection has a session when it
is in the handshake era and has a standalone channel (stdio, stateful Streamable HTTP, SSE); stateless
HTTP and the 2026-07-28 era have none, so nothing can be kept between calls there.

`ListChangedServer` is the low-level `Server` declaring `tools.listChanged: true` (toolsets mode).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mcp.server import Server
from mcp.server.lowlevel.server import NotificationOptions
from mcp.server.models import InitializationOptions
from mcp_types import ListToolsResult, Tool

from zoom_mcp.discovery import meta_tools
from zoom_mcp.discovery.modes import ToolMode, listed_tools, starting_toolsets
from zoom_mcp.gates.elicitation import is_modern_era
from zoom_mcp.policy import Caller
from zoom_mcp.sdk_connection import connection_of

if TYPE_CHECKING:
    from zoom_mcp.server.runtime import ServerRuntime

ENABLED_STATE_KEY = "zoom-mcp/enabled-toolsets"


class ListChangedServer(Server[Any]):
    """A `Server` whose handshake declares `tools.listChanged: true` on every transport."""

    def create_initialization_options(
        self,
        notification_options: NotificationOptions | None = None,
        experimental_capabilities: dict[str, dict[str, Any]] | None = None,
        extensions: dict[str, dict[str, Any]] | None = None,
    ) -> InitializationOptions:
        # A caller may pass its own options: keep those and add ours.
        given = notification_options or NotificationOptions()
        options = NotificationOptions(
            prompts_changed=given.prompts_changed, resources_changed=given.resources_changed, tools_changed=True
        )
        return super().create_initialization_options(options, experimental_capabilities, extensions)


def session_state(ctx: Any) -> dict[str, Any] | None:
    """The connection's scratch state when the connection is a session that outlives this call, else None
    (the SDK's `Connection` behind `ctx.session`, see `zoom_mcp.sdk_connection`)."""
    if ctx is None or is_modern_era(ctx):
        return None
    connection = connection_of(getattr(ctx, "session", None))
    if connection is None or not connection.has_standalone_channel:
        return None
    return connection.state


class ToolSurface:
    def __init__(self, runtime: ServerRuntime, mode: ToolMode) -> None:
        self.runtime = runtime
        self.mode = mode
        self.toolsets = sorted({spec.toolset for spec in runtime.all_tools.values()})
        self.meta = meta_tools.meta_tool_definitions(self.toolsets)
        if mode == "discover":
            self.meta_names: tuple[str, ...] = meta_tools.DISCOVER_TOOLS
        elif mode == "toolsets":
            self.meta_names = meta_tools.ALL_META_TOOLS
        else:
            self.meta_names = ()
        self._lists: dict[tuple[str, frozenset[str]], ListToolsResult] = {}

    @property
    def announces_list_changed(self) -> bool:
        return self.mode == "toolsets"

    def is_meta(self, name: str) -> bool:
        return name in self.meta_names

    def input_schema(self, name: str) -> dict[str, Any] | None:
        if name in self.meta_names:
            schema: dict[str, Any] = self.meta[name]["inputSchema"]
            return schema
        spec = self.runtime.all_tools.get(name)
        return None if spec is None else spec.input_schema

    # ----- toolsets mode -------------------------------------------------------------------------
    def starting_toolsets(self, caller: Caller) -> frozenset[str]:
        policy = caller.policy
        given = policy.toolsets is not None or policy.tools is not None
        return starting_toolsets(given, {spec.toolset for spec in self.runtime.visible_tools(caller).values()})

    def enabled_toolsets(self, ctx: Any, caller: Caller) -> frozenset[str]:
        state = session_state(ctx)
        added = state.get(ENABLED_STATE_KEY, frozenset()) if state is not None else frozenset()
        return self.starting_toolsets(caller) | frozenset(added)

    def enable(self, ctx: Any, names: frozenset[str]) -> bool:
        """Remember `names` as enabled for this session; False when the connection has no session."""
        state = session_state(ctx)
        if state is None:
            return False
        state[ENABLED_STATE_KEY] = frozenset(state.get(ENABLED_STATE_KEY, frozenset())) | names
        return True

    # ----- tools/list ------------------------------------------------------------------------------
    def list_tools(self, ctx: Any, caller: Caller) -> ListToolsResult:
        enabled = self.enabled_toolsets(ctx, caller) if self.mode == "toolsets" else frozenset()
        key = (caller.policy.cache_key(), enabled)
        cached = self._lists.get(key)
        if cached is None:
            tools = listed_tools(
                self.mode,
                list(self.runtime.visible_tools(caller).values()),
                toolsets=self.toolsets,
                direct=self.runtime.curated_names,
                curated=self.runtime.curated_names,
                enabled_toolsets=enabled,
                read_only=caller.policy.read_only,
            )
            cached = ListToolsResult(tools=[Tool.model_validate(tool) for tool in tools])
            self._lists[key] = cached
        return cached

    def listed_names(self, ctx: Any, caller: Caller) -> list[str]:
        return [tool.name for tool in self.list_tools(ctx, caller).tools]


def starting_list_size(runtime: ServerRuntime, mode: ToolMode) -> int:
    """How many tools the local caller's tools/list holds at the start of a session in `mode`."""
    return len(ToolSurface(runtime, mode).list_tools(None, runtime.default_caller).tools)
