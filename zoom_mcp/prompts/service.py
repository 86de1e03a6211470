"""PromptService: lists prompts, renders them with arguments, and completes their arguments.

Errors a client can fix (unknown prompt, missing or invalid argument) raise `MCPError(INVALID_PARAMS)`,
which the SDK turns into a JSON-RPC error with that message in both protocol eras.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mcp.shared.exceptions import MCPError
from mcp_types import (
    INVALID_PARAMS,
    Completion,
    GetPromptResult,
    ListPromptsResult,
    Prompt,
    PromptArgument,
    PromptMessage,
    ResourceLink,
    TextContent,
)

from zoom_mcp.prompts.loader import load_prompts
from zoom_mcp.prompts.model import MEETING_ID_COMPLETER, PromptArgumentSpec, PromptSpec
from zoom_mcp.prompts.templates import render

MAX_COMPLETION_VALUES = 100

MeetingIdCompleter = Callable[[str], Awaitable[Sequence[str] | Completion]]
"""Given the typed prefix, return matching meeting IDs (or a ready Completion). Supplied by the integrator."""


def tool_name_map(tools: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """`{{tool:X}}` targets -> served names, from MCP-shaped tool dicts (catalogue and curated tools).

    Each tool is known by its name and, when its `_meta["zoom-mcp/operation"]` has one, by its operationId
    (the generated tool wins over a curated tool pointing at the same operation).
    """
    names: dict[str, str] = {}
    for tool in tools:
        name = str(tool["name"])
        names[name] = name
        meta = tool.get("_meta") or {}
        operation_id = (meta.get("zoom-mcp/operation") or {}).get("operationId")
        if operation_id and "zoom-mcp/curated" not in meta:
            names[str(operation_id)] = name
    return names


class PromptService:
    """The loaded prompts, served as MCP prompts.

    `tool_names` maps the targets of `{{tool:X}}` references (operationIds, curated tool names) to the tool
    names the server really serves; unknown targets are rendered as written.
    """

    def __init__(self, prompts: Sequence[PromptSpec], *, tool_names: Mapping[str, str] | None = None) -> None:
        self._prompts = {prompt.name: prompt for prompt in prompts}
        self._tool_names = dict(tool_names or {})

    @classmethod
    def from_directory(
        cls, directory: Path | str | None = None, *, tool_names: Mapping[str, str] | None = None
    ) -> PromptService:
        return cls(load_prompts(directory), tool_names=tool_names)

    @property
    def prompts(self) -> list[PromptSpec]:
        return list(self._prompts.values())

    def names(self) -> list[str]:
        return sorted(self._prompts)

    def list_prompts(self) -> ListPromptsResult:
        return ListPromptsResult(prompts=[_to_mcp_prompt(prompt) for prompt in self._prompts.values()])

    def get_prompt(self, name: str, arguments: Mapping[str, str] | None = None) -> GetPromptResult:
        prompt = self._prompt(name)
        values = self._argument_values(prompt, dict(arguments or {}))
        messages = [PromptMessage(role="user", content=TextContent(text=self._render(prompt.body, values)))]
        # Values go into resource URIs percent-encoded, as RFC 6570 `{var}` expansion does (UUIDs may hold '/').
        uri_values = {key: quote(value, safe="") for key, value in values.items()}
        for resource in prompt.resources:
            link = ResourceLink(
                uri=self._render(resource.uri, uri_values),
                name=self._render(resource.name, values),
                description=self._render(resource.description, values) if resource.description else None,
                mime_type=resource.mime_type,
            )
            messages.append(PromptMessage(role="user", content=link))
        return GetPromptResult(description=prompt.description, messages=messages)

    async def complete_prompt_argument(
        self,
        prompt_name: str,
        argument_name: str,
        value: str,
        complete_meeting_id: MeetingIdCompleter | None = None,
    ) -> Completion:
        """Completion values for one argument: its declared `values`, or meeting IDs from the integrator."""
        prompt = self._prompt(prompt_name)
        argument = prompt.argument(argument_name)
        if argument is None:
            raise MCPError(
                INVALID_PARAMS,
                f"prompt {prompt_name!r} has no argument {argument_name!r}; its arguments are {prompt.argument_names}",
            )
        if argument.values is not None:
            prefix = value.casefold()
            return _completion([option for option in argument.values if option.casefold().startswith(prefix)])
        if argument.complete == MEETING_ID_COMPLETER and complete_meeting_id is not None:
            found = await complete_meeting_id(value)
            return found if isinstance(found, Completion) else _completion(list(found))
        return Completion(values=[], total=0, has_more=False)

    def _prompt(self, name: str) -> PromptSpec:
        prompt = self._prompts.get(name)
        if prompt is None:
            raise MCPError(INVALID_PARAMS, f"unknown prompt {name!r}; available prompts: {', '.join(self.names())}")
        return prompt

    def _argument_values(self, prompt: PromptSpec, given: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(given) - set(prompt.argument_names))
        if unknown:
            raise MCPError(
                INVALID_PARAMS,
                f"prompt {prompt.name!r} does not take argument(s) {unknown}; "
                f"its arguments are {prompt.argument_names}",
            )
        values: dict[str, str] = {}
        missing: list[str] = []
        for argument in prompt.arguments:
            value = given.get(argument.name)
            if value is None or not str(value).strip():
                if argument.required:
                    missing.append(argument.name)
                values[argument.name] = argument.default or ""
                continue
            value = str(value).strip()
            if argument.values is not None and value not in argument.values:
                raise MCPError(
                    INVALID_PARAMS,
                    f"prompt {prompt.name!r}: argument {argument.name!r} must be one of {list(argument.values)}, "
                    f"got {value!r}",
                )
            values[argument.name] = value
        if missing:
            details = "; ".join(f"{name}: {_description(prompt, name)}" for name in missing)
            raise MCPError(
                INVALID_PARAMS,
                f"prompt {prompt.name!r} needs the required argument(s) {missing} ({details}); "
                "pass them in 'arguments' and retry",
            )
        return values

    def _render(self, template: str, values: Mapping[str, str]) -> str:
        return render(template, values, self._tool_names)


def _description(prompt: PromptSpec, argument_name: str) -> str:
    argument = prompt.argument(argument_name)
    return argument.description if argument is not None else ""


def _completion(values: list[str]) -> Completion:
    return Completion(
        values=values[:MAX_COMPLETION_VALUES], total=len(values), has_more=len(values) > MAX_COMPLETION_VALUES
    )


def _to_mcp_prompt(prompt: PromptSpec) -> Prompt:
    return Prompt(
        name=prompt.name,
        title=prompt.title,
        description=prompt.description,
        arguments=[
            PromptArgument(name=argument.name, description=_argument_text(argument), required=argument.required)
            for argument in prompt.arguments
        ],
    )


def _argument_text(argument: PromptArgumentSpec) -> str:
    text = argument.description
    if argument.values is not None:
        text += f" One of: {', '.join(argument.values)}."
    if argument.default is not None:
        text += f" Default: {argument.default}."
    return text
