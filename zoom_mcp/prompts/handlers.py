"""Handler factories for the low-level `mcp.server.Server`: `on_list_prompts`, `on_get_prompt`, `on_completion`.

Server("zoom", on_list_prompts=list_prompts_handler(service), on_get_prompt=get_prompt_handler(service),
       on_completion=completion_handler(service, complete_meeting_id, resource_completion=...))
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from mcp.server.context import ServerRequestContext
from mcp_types import (
    CompleteRequestParams,
    CompleteResult,
    Completion,
    GetPromptRequestParams,
    GetPromptResult,
    InputRequiredResult,
    ListPromptsResult,
    PaginatedRequestParams,
    PromptReference,
)

from zoom_mcp.prompts.service import MeetingIdCompleter, PromptService

ListPromptsHandler = Callable[[ServerRequestContext[Any], PaginatedRequestParams | None], Awaitable[ListPromptsResult]]
GetPromptHandler = Callable[
    [ServerRequestContext[Any], GetPromptRequestParams], Awaitable[GetPromptResult | InputRequiredResult]
]
CompletionHandler = Callable[[ServerRequestContext[Any], CompleteRequestParams], Awaitable[CompleteResult]]


def list_prompts_handler(service: PromptService) -> ListPromptsHandler:
    async def on_list_prompts(
        ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None
    ) -> ListPromptsResult:
        return service.list_prompts()

    return on_list_prompts


def get_prompt_handler(service: PromptService) -> GetPromptHandler:
    async def on_get_prompt(
        ctx: ServerRequestContext[Any], params: GetPromptRequestParams
    ) -> GetPromptResult | InputRequiredResult:
        return service.get_prompt(params.name, params.arguments)

    return on_get_prompt


def completion_handler(
    service: PromptService,
    complete_meeting_id: MeetingIdCompleter | None = None,
    *,
    resource_completion: CompletionHandler | None = None,
) -> CompletionHandler:
    """Completes prompt arguments; resource-template references go to `resource_completion` (or get nothing)."""

    async def on_completion(ctx: ServerRequestContext[Any], params: CompleteRequestParams) -> CompleteResult:
        if isinstance(params.ref, PromptReference):
            completion = await service.complete_prompt_argument(
                params.ref.name, params.argument.name, params.argument.value, complete_meeting_id
            )
            return CompleteResult(completion=completion)
        if resource_completion is not None:
            return await resource_completion(ctx, params)
        return CompleteResult(completion=Completion(values=[], total=0, has_more=False))

    return on_completion
