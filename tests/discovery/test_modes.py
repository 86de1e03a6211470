"""What each tool mode lists, from the real catalogue: discover stays within every client's budget."""

from __future__ import annotations

import argparse
import json
from typing import Any

import pytest

from zoom_mcp.catalog.registry import ToolSpec, load_catalog
from zoom_mcp.discovery import meta_tools
from zoom_mcp.discovery.modes import (
    DISCOVER_DIRECT_TOOLS,
    LIST_DEFAULT_MODE,
    MANY_TOOLS,
    SERVE_DEFAULT_MODE,
    ToolModeError,
    add_tool_mode_argument,
    listed_tools,
    many_tools_warning,
    starting_toolsets,
    tool_mode_from_args,
)
from zoom_mcp.live_controls import CURATED_META, GENERATED_TOOL_NAME, curated_tools
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.selection import DEFAULT_TOOLSETS, select_tools

CATALOGUE = load_catalog().tools
CURATED = [ToolSpec.from_dict(raw) for raw in curated_tools()]
EVERYTHING = [*CATALOGUE, *CURATED]
TOOLSETS = sorted({tool.toolset for tool in EVERYTHING})
MARGIN = 10  # places a start list leaves under Copilot's cap for the client's own tools and other servers


def everything(variant: str) -> list[ToolSpec]:
    return [*load_catalog(variant=variant).tools, *(ToolSpec.from_dict(raw) for raw in curated_tools(variant))]


def listing(
    mode: Any, policy: CallerPolicy | None = None, enabled: Any = None, variant: str = "master"
) -> list[dict[str, Any]]:
    tools = EVERYTHING if variant == "master" else everything(variant)
    allowed = select_tools(tools, policy or CallerPolicy())
    if enabled is None:
        given = policy is not None and (policy.toolsets is not None or policy.tools is not None)
        enabled = starting_toolsets(given, {t.toolset for t in allowed})
    return listed_tools(
        mode,
        allowed,
        toolsets=TOOLSETS,
        direct={t.name for t in CURATED},
        curated={t.name for t in CURATED},
        enabled_toolsets=enabled,
        read_only=policy is not None and policy.read_only,
    )


def size(tools: list[dict[str, Any]]) -> int:
    return len(json.dumps({"tools": tools}, separators=(",", ":"), ensure_ascii=False).encode())


@pytest.mark.parametrize("variant", ["master", "regular"])
@pytest.mark.parametrize(
    "policy",
    [None, CallerPolicy(read_only=True), CallerPolicy(toolsets=frozenset({"reports"})), CallerPolicy(confirm="token")],
    ids=["default", "read-only", "reports", "token"],
)
def test_discover_lists_few_tools_within_32000_bytes(policy: CallerPolicy | None, variant: str) -> None:
    tools = listing("discover", policy, variant=variant)
    assert size(tools) <= 32_000
    assert len(tools) <= 40
    names = [t["name"] for t in tools]
    read_only = bool(policy and policy.read_only)
    meta = [name for name in meta_tools.DISCOVER_TOOLS if not (read_only and name == meta_tools.CALL)]
    assert names[: len(meta)] == meta  # a read-only server leaves out zoom_call_tool (a write, by its annotations)
    allowed = {t.name for t in select_tools(everything(variant), policy or CallerPolicy())}
    assert set(names[len(meta) :]) <= allowed  # nothing outside the policy is listed directly


def test_discover_lists_the_curated_and_everyday_tools_directly() -> None:
    names = {t["name"] for t in listing("discover")}
    assert {t.name for t in CURATED} <= names
    assert set(DISCOVER_DIRECT_TOOLS) <= names
    assert "meeting_create" not in names


def test_all_mode_lists_every_allowed_tool_as_before() -> None:
    assert [t["name"] for t in listing("all")] == [t.name for t in EVERYTHING]
    assert listing("all")[0] == EVERYTHING[0].to_mcp_dict()


@pytest.mark.parametrize("variant", ["master", "regular"])
def test_toolsets_mode_starts_with_the_everyday_toolsets(variant: str) -> None:
    tools = listing("toolsets", variant=variant)
    names = [t["name"] for t in tools]
    assert names[:2] == [meta_tools.LIST_TOOLSETS, meta_tools.ENABLE_TOOLSETS]
    assert set(meta_tools.ALL_META_TOOLS) <= set(names)  # zoom_call_tool & co: the way on where there is no session
    catalogue = everything(variant)
    toolsets = {t.toolset for t in catalogue if t.name in names}
    assert toolsets == DEFAULT_TOOLSETS
    everyday = {t.name for t in catalogue if t.toolset in DEFAULT_TOOLSETS}
    # every everyday tool but the generic in-meeting controls tool, whose every method a curated tool lists
    assert set(names) - set(meta_tools.ALL_META_TOOLS) == everyday - {GENERATED_TOOL_NAME}
    # the everyday toolsets as before tool modes existed: within Copilot's cap on master, over it on regular
    assert len(tools) == {"master": 110, "regular": 130}[variant]
    wider = listing("toolsets", enabled={*toolsets, "reports"}, variant=variant)
    assert {t["name"] for t in wider} - set(names) == {t.name for t in catalogue if t.toolset == "reports"}


def test_the_curated_tools_cover_every_method_of_the_tool_they_front() -> None:
    """Why toolsets mode may leave `meeting_live_controls` out: the curated tools list each of its methods."""
    for variant in ("master", "regular"):
        generic = next(t for t in everything(variant) if t.name == GENERATED_TOOL_NAME)
        methods = set(generic.input_schema["properties"]["method"]["enum"])
        fixed = {raw["_meta"][CURATED_META]["fixed"]["method"] for raw in curated_tools(variant)}
        assert fixed == methods
        assert {t.operation_id for t in CURATED} == {generic.operation_id}


def test_the_generic_in_meeting_tool_is_listed_when_a_curated_tool_is_not() -> None:
    without_one = CallerPolicy(exclude_tools=frozenset({"live_recording_start"}))
    names = {t["name"] for t in listing("toolsets", without_one)}
    assert GENERATED_TOOL_NAME in names and "live_recording_stop" in names  # recording.start stays listed
    only_generic = CallerPolicy(tools=frozenset({GENERATED_TOOL_NAME}))
    assert GENERATED_TOOL_NAME in {t["name"] for t in listing("toolsets", only_generic)}
    assert GENERATED_TOOL_NAME in {t["name"] for t in listing("all")}  # all mode: every tool, as before


def test_toolsets_mode_with_a_selection_starts_with_the_selection() -> None:
    tools = listing("toolsets", CallerPolicy(toolsets=frozenset({"reports"})))
    assert {t["name"] for t in tools} - set(meta_tools.ALL_META_TOOLS) == {
        t.name for t in CATALOGUE if t.toolset == "reports"
    }


def test_meta_tools_are_annotated_for_what_they_may_do() -> None:
    definitions = meta_tools.meta_tool_definitions(TOOLSETS)
    read_only = {name for name, tool in definitions.items() if tool["annotations"]["readOnlyHint"]}
    assert read_only == {meta_tools.SEARCH, meta_tools.DESCRIBE, meta_tools.CALL_READ, meta_tools.LIST_TOOLSETS}
    call = definitions[meta_tools.CALL]["annotations"]
    assert call["destructiveHint"] is True and call["openWorldHint"] is True and call["readOnlyHint"] is False
    for tool in definitions.values():
        assert tool["inputSchema"]["type"] == "object"
        assert set(tool["annotations"]) >= {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"}
    search = definitions[meta_tools.SEARCH]["inputSchema"]["properties"]
    assert search["limit"]["maximum"] == 20 and search["limit"]["default"] == 5
    assert search["toolset"]["enum"] == TOOLSETS


def parse(argv: list[str], default: Any) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_tool_mode_argument(parser, default=default, help_text="x")
    return parser.parse_args(argv)


def test_mode_comes_from_the_flag_then_the_environment_then_the_command_default() -> None:
    assert SERVE_DEFAULT_MODE == "discover" and LIST_DEFAULT_MODE == "all"
    assert tool_mode_from_args(parse([], "discover"), environ={}) == "discover"
    assert tool_mode_from_args(parse([], "all"), environ={}) == "all"
    assert tool_mode_from_args(parse([], "all"), environ={"ZOOM_MCP_TOOL_MODE": "toolsets"}) == "toolsets"
    env = {"ZOOM_MCP_TOOL_MODE": "toolsets"}
    assert tool_mode_from_args(parse(["--tool-mode", "ALL"], "discover"), environ=env) == "all"
    with pytest.raises(ToolModeError, match=r"ZOOM_MCP_TOOL_MODE.*discover, toolsets, all"):
        tool_mode_from_args(parse([], "discover"), environ={"ZOOM_MCP_TOOL_MODE": "lots"})
    with pytest.raises(ToolModeError, match="--tool-mode"):
        tool_mode_from_args(parse(["--tool-mode", "some"], "discover"), environ={})


def test_the_server_warns_above_128_tools_and_names_discover() -> None:
    assert many_tools_warning(MANY_TOOLS) is None
    message = many_tools_warning(170)
    assert message is not None and "128" in message and "--tool-mode discover" in message
    toolsets_message = many_tools_warning(MANY_TOOLS + 1, "toolsets")
    assert toolsets_message is not None and "--toolsets" in toolsets_message


@pytest.mark.parametrize("variant", ["master", "regular"])
def test_over_copilots_cap_the_server_says_so(variant: str) -> None:
    """GitHub Copilot (VS Code, JetBrains, Eclipse) refuses requests with more than 128 tools, its own included:
    discover is always far under it; toolsets (the everyday set) is under it on master, over it on regular."""
    for mode in ("discover", "toolsets"):
        start = listing(mode, variant=variant)
        within = mode == "discover" or variant == "master"
        assert (len(start) <= MANY_TOOLS - MARGIN) == within, (mode, len(start))
        assert (many_tools_warning(len(start), mode) is None) == within
    assert len(listing("discover", variant=variant)) <= 40
    every = listing("all", variant=variant)
    assert len(every) > MANY_TOOLS and many_tools_warning(len(every), "all") is not None
