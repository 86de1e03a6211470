"""Curated in-meeting tools for agents: recording, AI Companion, invitations and waiting room.

Short-schema tools on top of the generated in-meeting controls operation (`inMeetingControl`). They are
data in the catalogue's tool shape (`curated_tools()`); `translate()` maps their arguments onto the
generated tool's, and `check_live()` / `live_precheck()` refuse calls on meetings that are not live.
"""

from zoom_mcp.live_controls.definitions import (
    CURATED_META,
    GENERATED_OPERATION_ID,
    GENERATED_TOOL_NAME,
    curated_tool,
    curated_tool_names,
    curated_tools,
)
from zoom_mcp.live_controls.live_check import MeetingNotLive, check_live, live_precheck
from zoom_mcp.live_controls.translation import CuratedArgumentError, requires_live_meeting, translate

__all__ = [
    "CURATED_META",
    "GENERATED_OPERATION_ID",
    "GENERATED_TOOL_NAME",
    "CuratedArgumentError",
    "MeetingNotLive",
    "check_live",
    "curated_tool",
    "curated_tool_names",
    "curated_tools",
    "live_precheck",
    "requires_live_meeting",
    "translate",
]
