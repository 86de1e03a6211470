"""Handler functions for the low-level `mcp.server.Server`, built around a `ResourceService`.

    handlers = ResourceHandlers(service, registry)         # registry optional (no subscriptions without it)
    server = Server("zoom-mcp", **handlers.server_kwargs(), on_list_tools=..., ...)

or pick them one by one: `on_list_resources`, `on_list_resource_templates`, `on_read_resource`,
`on_completion`, `on_subscribe_resource`, `on_unsubscribe_resource`, `on_subscriptions_listen`.
Completion is shared with prompts: `complete_resource_argument(ref, argument)` answers None for
references that are not ours, and `on_completion` can be given the prompts' completion as `fallback`.

A failed read raises `MCPError` (what the SDK turns into the JSON-RPC error of `resources/read`):
-32602 for an unknown URI or meeting, -32603 with the reason for "nothing to read (yet)" cases;
`data` is `{"uri", "reason"}`. Transcript downloads report progress to clients that asked for it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from mcp.server.context import ServerRequestContext
from mcp_types import (
    CompleteRequestParams,
    CompleteResult,
    Completion,
    CompletionArgument,
    ListResourcesResult,
    ListResourceTemplatesResult,
    PaginatedRequestParams,
    PromptReference,
    ReadResourceRequestParams,
    ReadResourceResult,
    ResourceTemplateReference,
)

from zoom_mcp import request_scope
from zoom_mcp.resources.errors import ResourceError, to_mcp_error
from zoom_mcp.resources.service import ResourceService, completion_of
from zoom_mcp.resources.subscriptions import SubscriptionRegistry
from zoom_mcp.resources.uris import TEMPLATES

DOWNLOAD_MESSAGE = "Downloading the transcript from Zoom"

CompletionHandler = Callable[[ServerRequestContext[Any], CompleteRequestParams], Awaitable[CompleteResult]]
_TEMPLATE_URIS = frozenset(t.uri_template for t in TEMPLATES)


class ResourceHandlers:
    """The resource handlers of the low-level server for one `ResourceService` (and optional registry)."""

    def __init__(self, service: ResourceService, registry: SubscriptionRegistry | None = None) -> None:
        self.service = service
        self.registry = registry

    def server_kwargs(self, *, completion_fallback: CompletionHandler | None = None) -> dict[str, Any]:
        """Keyword arguments for `mcp.server.Server(...)` registering every resource handler."""
        kwargs: dict[str, Any] = {
            "on_list_resources": self.on_list_resources,
            "on_list_resource_templates": self.on_list_resource_templates,
            "on_read_resource": self.on_read_resource,
            "on_completion": self.completion_handler(completion_fallback),
        }
        if self.registry is not None:
            kwargs["on_subscribe_resource"] = self.registry.on_subscribe_resource
            kwargs["on_unsubscribe_resource"] = self.registry.on_unsubscribe_resource
            kwargs["on_subscriptions_listen"] = self.registry.on_subscriptions_listen
        return kwargs

    async def on_list_resources(
        self, ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None
    ) -> ListResourcesResult:
        try:
            return await self.service.list_resources(params.cursor if params is not None else None)
        except ResourceError as exc:
            raise to_mcp_error(exc) from None

    async def on_list_resource_templates(
        self, ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None
    ) -> ListResourceTemplatesResult:
        return self.service.list_templates()

    async def on_read_resource(
        self, ctx: ServerRequestContext[Any], params: ReadResourceRequestParams
    ) -> ReadResourceResult:
        async def progress(done: int, total: int | None) -> None:
            if request_scope.current() is None:  # served without zoom-mcp's request scope (a bare Server)
                await ctx.session.report_progress(done, total, DOWNLOAD_MESSAGE)
            else:  # the scope keeps progress increasing across waits and downloads of one request
                await request_scope.progress(done, total, DOWNLOAD_MESSAGE)

        try:
            contents = await self.service.read(params.uri, progress)
        except ResourceError as exc:
            raise to_mcp_error(exc, params.uri) from None
        finally:
            request_scope.end_phase()
        return ReadResourceResult(contents=list(contents))

    async def complete_resource_argument(
        self, ref: ResourceTemplateReference | PromptReference, argument: CompletionArgument
    ) -> list[str] | None:
        """Values for an argument of one of our templates; None when `ref` is not one of them."""
        if not isinstance(ref, ResourceTemplateReference) or ref.uri not in _TEMPLATE_URIS:
            return None
        return await self.service.complete(argument.name, argument.value)

    def completion_handler(self, fallback: CompletionHandler | None = None) -> CompletionHandler:
        """`on_completion`: our templates here, everything else (e.g. prompts) to `fallback`."""

        async def on_completion(ctx: ServerRequestContext[Any], params: CompleteRequestParams) -> CompleteResult:
            values = await self.complete_resource_argument(params.ref, params.argument)
            if values is not None:
                return CompleteResult(completion=completion_of(values))
            if fallback is not None:
                return await fallback(ctx, params)
            return CompleteResult(completion=Completion(values=[], total=0, has_more=False))

        return on_completion
