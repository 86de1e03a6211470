"""Tool selection from the command line: `--toolsets`, `--tools`, `--exclude-tools`, `--read-only`, `--confirm`.

One toolset per OpenAPI tag, named in snake_case ("Cloud Recording" -> `cloud_recording`).
`--toolsets` takes a comma-separated list; `all` means every toolset and `everyday` (alias
`default`) means `DEFAULT_TOOLSETS` (they combine: `--toolsets everyday,reports`).

Without `--toolsets` or `--tools` every toolset is served: the product's promise is that every
operation of the API is a tool. The documented smaller set, `--toolsets everyday`, is the everyday
work of someone running meetings and webinars: `meetings`, `invitation_registration`,
`in_meeting_features`, `cloud_recording`, `summaries`, `webinars`, `templates`, `live_streaming`,
`polls`. It leaves out account administration (reports, SIP, TSP, H.323 devices, tracking fields,
PAC, archiving, surveys), which keeps `tools/list` much smaller. `--tool-mode toolsets` starts with
it: 130 tools on the regular variant (over GitHub Copilot's 128-tool cap: name fewer `--toolsets`
there, or use the default discover mode) and 110 on master.

`--tools a,b` lists extra tools by name (alone, it lists exactly those tools); `--exclude-tools`
removes tools; `--read-only` keeps only read-only tools and wins over everything else.
`--confirm elicit|url|token|never` (default `elicit`): `elicit` asks the person in the client's form
(else on the server's confirmation page when the client supports URL elicitation) and refuses destructive
calls when the client can do neither; `url` prefers the confirmation page in a browser; `token` answers
with a preview and a single-use token (a two-step confirmation that relies on the client asking its person
before each call); `never` turns confirmations off and is logged loudly at WARNING on `zoom_mcp.gates`.
Unknown toolset or tool names fail with a `SelectionError` listing the valid names.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, cast

from zoom_mcp.policy import CONFIRM_MODES, CallerPolicy, ConfirmMode, spec_facts

gate_logger = logging.getLogger("zoom_mcp.gates")

DEFAULT_TOOLSETS: frozenset[str] = frozenset(
    {
        "meetings",
        "invitation_registration",
        "in_meeting_features",
        "cloud_recording",
        "summaries",
        "webinars",
        "templates",
        "live_streaming",
        "polls",
    }
)
ALL = "all"
DEFAULT = "default"
EVERYDAY = "everyday"
SET_KEYWORDS = frozenset({DEFAULT, EVERYDAY})

SpecT = TypeVar("SpecT")


class SelectionError(ValueError):
    """A selection names a toolset or tool that does not exist; the message lists the valid ones."""


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the tool-selection and confirmation options to a (sub)command's parser."""
    group = parser.add_argument_group("tool selection")
    group.add_argument(
        "--toolsets",
        metavar="NAMES",
        help=(
            "comma-separated toolsets (one per Zoom API tag, e.g. meetings,cloud_recording); "
            f"'{ALL}' (the default) for every toolset, '{EVERYDAY}' for the everyday set "
            f"({', '.join(sorted(DEFAULT_TOOLSETS))})"
        ),
    )
    group.add_argument(
        "--tools",
        metavar="NAMES",
        help="comma-separated tool names to list: alone, exactly these tools; with --toolsets, in addition",
    )
    group.add_argument("--exclude-tools", metavar="NAMES", help="comma-separated tool names to hide")
    group.add_argument(
        "--read-only", action="store_true", help="list and allow only read-only tools (wins over every allow-list)"
    )
    group.add_argument(
        "--confirm",
        choices=CONFIRM_MODES,
        default="elicit",
        help=(
            "how destructive calls are confirmed: elicit (the person answers in the client's form, else on a "
            "confirmation page; refused when the client can do neither), url (the person confirms on a page in a "
            "browser, else in the client's form), token (preview plus a single-use token the model passes back: "
            "relies on the client asking you before each call), never (no confirmation; logged loudly)"
        ),
    )


def policy_from_args(
    args: argparse.Namespace, *, known_tools: Iterable[Any] | None = None, name: str = "local"
) -> CallerPolicy:
    """Build the caller policy from parsed options; with `known_tools`, unknown names raise `SelectionError`."""
    toolset_names = _split(getattr(args, "toolsets", None))
    tool_names = _split(getattr(args, "tools", None))
    excluded = _split(getattr(args, "exclude_tools", None)) or []
    confirm = cast(ConfirmMode, getattr(args, "confirm", None) or "elicit")
    toolsets: frozenset[str] | None
    if toolset_names is None or ALL in toolset_names:
        toolsets = None
    else:
        expanded = set(toolset_names) - SET_KEYWORDS
        if SET_KEYWORDS & set(toolset_names):
            expanded |= DEFAULT_TOOLSETS
        toolsets = frozenset(expanded)
    policy = CallerPolicy(
        name=name,
        toolsets=toolsets,
        tools=frozenset(tool_names) if tool_names is not None else None,
        exclude_tools=frozenset(excluded),
        read_only=bool(getattr(args, "read_only", False)),
        confirm=confirm,
    )
    if confirm == "never":
        gate_logger.warning(
            "CONFIRMATIONS ARE OFF (--confirm never): destructive Zoom calls will run without asking anyone. "
            "Every such call is logged here; use --confirm elicit or token to turn confirmations back on."
        )
    if known_tools is not None:
        check_policy_names(policy, known_tools, explicit_toolsets=toolset_names)
    return policy


def check_policy_names(
    policy: CallerPolicy, known_tools: Iterable[Any], *, explicit_toolsets: Sequence[str] | None = None
) -> None:
    """Raise `SelectionError` when the policy names toolsets or tools the catalogue does not have.

    Toolsets from `DEFAULT_TOOLSETS` that the catalogue lacks are ignored unless named explicitly.
    """
    facts = [spec_facts(spec) for spec in known_tools]
    valid_toolsets = sorted({f.toolset for f in facts if f.toolset})
    valid_tools = sorted(f.name for f in facts)
    problems: list[str] = []
    if policy.toolsets is not None:
        named = set(policy.toolsets)
        if explicit_toolsets is None:
            named -= DEFAULT_TOOLSETS
        else:
            named &= set(explicit_toolsets)
        unknown = sorted(named - set(valid_toolsets))
        if unknown:
            valid = ", ".join([ALL, EVERYDAY, *valid_toolsets])
            problems.append(f"unknown toolset(s) {', '.join(unknown)}; valid toolsets: {valid}")
    tool_set = set(valid_tools)
    for label, names in (("--tools", policy.tools or frozenset()), ("--exclude-tools", policy.exclude_tools)):
        unknown = sorted(set(names) - tool_set)
        if unknown:
            problems.append(
                f"unknown tool name(s) in {label}: {', '.join(unknown)}; "
                "run `zoom-mcp tools list --toolsets all` to see the valid names"
            )
    if problems:
        raise SelectionError("Invalid tool selection: " + "; ".join(problems) + ".")


def select_tools(tools: Iterable[SpecT], policy: CallerPolicy) -> list[SpecT]:
    """The tools `policy` lists and allows, in catalogue order; unknown names raise `SelectionError`."""
    materialised = list(tools)
    check_policy_names(policy, materialised)
    return [spec for spec in materialised if policy.allows(spec)]
