"""Every door follows the caller's policy: resources, completions and prompts, like tools.

A caller's `CallerPolicy` says which tools it may call. The other doors give no more than that:

- a resource is readable (and subscribable) only when the caller may call every tool whose Zoom operation
  it draws on (`resources.access.KIND_OPERATIONS`: a transcript needs the recording tool, a summary the
  summary tool); templates the caller cannot read are not listed; `resources/list` needs the summaries list;
- completion of a template's or a prompt's argument answers nothing for a door the caller may not open, and
  meeting-ID completion uses only the lists the caller may call;
- a prompt is listed and rendered only when the caller may use every tool it names (`{{tool:X}}`) and read
  every resource it attaches.

Inside each door the Zoom requests are held to the same policy (`resources.access.operations_allowed`),
so an optional lookup the caller may not make is skipped, never sent. The per-caller call limits count
these doors too (`transports/call_limits.py`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from mcp.shared.exceptions import MCPError
from mcp_types import (
    INVALID_PARAMS,
    CompleteRequestParams,
    CompleteResult,
    Completion,
    GetPromptRequestParams,
    ListPromptsResult,
    ListResourcesResult,
    ListResourceTemplatesResult,
    PromptReference,
    ReadResourceRequestParams,
    ResourceTemplateReference,
)

from zoom_mcp.catalog.registry import ToolSpec
from zoom_mcp.policy import Caller
from zoom_mcp.prompts.model import PromptSpec
from zoom_mcp.prompts.templates import tool_references
from zoom_mcp.resources.access import KIND_OPERATIONS, LISTING, Operation, for_variant, operations_allowed
from zoom_mcp.resources.errors import NOT_ALLOWED, ResourceError
from zoom_mcp.resources.uris import TEMPLATES, ResourceKind, parse_uri

Handler = Callable[..., Awaitable[Any]]
_KIND_BY_TEMPLATE = {t.uri_template: t.kind for t in TEMPLATES}
_KIND_BY_SUFFIX = {t.uri_template.rsplit("/", 1)[1]: t.kind for t in TEMPLATES}


class Doors:
    """The policy checks of the non-tool doors for one server (see the module docstring)."""

    def __init__(
        self,
        tools: Iterable[ToolSpec],
        *,
        caller_for: Callable[[Any], Caller],
        tool_names: Mapping[str, str],
        prompts: Iterable[PromptSpec],
        variant: str = "master",
    ) -> None:
        self._tools = {spec.name: spec for spec in tools}
        self._by_operation: dict[Operation, ToolSpec] = {
            (spec.method.upper(), spec.path): spec for spec in self._tools.values() if spec.method and spec.path
        }
        self._caller_for = caller_for
        self._tool_names = dict(tool_names)
        self._prompts = {prompt.name: prompt for prompt in prompts}
        self._variant = variant

    def operations_of(self, kind: ResourceKind) -> tuple[Operation, ...]:
        """The Zoom operations (as this server's catalogue spells them) behind a resource kind."""
        return for_variant(KIND_OPERATIONS[kind], self._variant)

    # ----- what a caller may do -------------------------------------------------------------------------
    def tool_for(self, operation: Operation) -> ToolSpec | None:
        return self._by_operation.get((operation[0].upper(), operation[1]))

    def may_call(self, caller: Caller, method: str, template: str) -> bool:
        """Whether the caller's policy allows the tool of this Zoom operation (unknown operations: only an
        unrestricted policy)."""
        spec = self.tool_for((method, template))
        if spec is None:
            policy = caller.policy
            return policy.toolsets is None and policy.tools is None and not policy.exclude_tools
        return caller.policy.allows(spec)

    def missing_tools(self, caller: Caller, operations: Iterable[Operation]) -> list[str]:
        """The tools (by name) behind `operations` that the caller may not call."""
        missing = []
        for method, template in operations:
            if not self.may_call(caller, method, template):
                spec = self.tool_for((method, template))
                missing.append(spec.name if spec is not None else f"{method} {template}")
        return missing

    def may_read(self, caller: Caller, kind: ResourceKind) -> bool:
        return not self.missing_tools(caller, self.operations_of(kind))

    def prompt_missing(self, caller: Caller, prompt: PromptSpec) -> list[str]:
        """What the caller lacks to use `prompt`: the tools it names and the resources it attaches."""
        missing = []
        for target in dict.fromkeys(tool_references(prompt.body)):
            name = self._tool_names.get(target, target)
            spec = self._tools.get(name)
            if spec is not None and not caller.policy.allows(spec):  # a tool not served here is not offered
                missing.append(name)
        for resource in prompt.resources:
            kind = _KIND_BY_SUFFIX.get(resource.uri.rsplit("/", 1)[-1])
            if kind is not None:
                missing += [m for m in self.missing_tools(caller, self.operations_of(kind)) if m not in missing]
        return missing

    def _guard(self, caller: Caller) -> Any:
        return operations_allowed(lambda method, template: self.may_call(caller, method, template))

    # ----- the handlers ---------------------------------------------------------------------------------
    def wrap(self, handlers: Mapping[str, Handler]) -> dict[str, Handler]:
        """The same handlers, each behind its door's policy check and the Zoom-request guard."""
        wrapped = dict(handlers)
        for name, factory in (
            ("on_list_resources", self._list_resources),
            ("on_list_resource_templates", self._list_templates),
            ("on_read_resource", self._read_resource),
            ("on_completion", self._completion),
            ("on_subscribe_resource", self._subscribe),
            ("on_subscriptions_listen", self._listen),
            ("on_list_prompts", self._list_prompts),
            ("on_get_prompt", self._get_prompt),
        ):
            if name in handlers:
                wrapped[name] = factory(handlers[name])
        return wrapped

    def _refuse(self, caller: Caller, what: str, missing: list[str], uri: str | None = None) -> MCPError:
        data = {"reason": NOT_ALLOWED, **({"uri": uri} if uri else {})}
        return MCPError(
            code=INVALID_PARAMS,
            message=(
                f"{what} is not available to this caller (policy {caller.policy.name!r}): it draws on "
                f"{', '.join(missing)}, which the policy does not allow. Nothing was read from Zoom. Ask the server's "
                "operator to change the policy."
            ),
            data=data,
        )

    def _check_uri(self, caller: Caller, uri: str) -> None:
        try:
            kind = parse_uri(uri).kind
        except ResourceError:
            return  # the handler answers unknown URIs itself
        missing = self.missing_tools(caller, self.operations_of(kind))
        if missing:
            raise self._refuse(caller, f"Resource {uri}", missing, uri)

    def _list_resources(self, inner: Handler) -> Handler:
        async def on_list_resources(ctx: Any, params: Any) -> ListResourcesResult:
            caller = self._caller_for(ctx)
            if self.missing_tools(caller, for_variant(LISTING, self._variant)):
                return ListResourcesResult(resources=[])
            with self._guard(caller):
                result: ListResourcesResult = await inner(ctx, params)
            return result

        return on_list_resources

    def _list_templates(self, inner: Handler) -> Handler:
        async def on_list_resource_templates(ctx: Any, params: Any) -> ListResourceTemplatesResult:
            caller = self._caller_for(ctx)
            result: ListResourceTemplatesResult = await inner(ctx, params)
            shown = [
                t
                for t in result.resource_templates
                if (kind := _KIND_BY_TEMPLATE.get(t.uri_template)) is None or self.may_read(caller, kind)
            ]
            return result.model_copy(update={"resource_templates": shown})

        return on_list_resource_templates

    def _read_resource(self, inner: Handler) -> Handler:
        async def on_read_resource(ctx: Any, params: ReadResourceRequestParams) -> Any:
            caller = self._caller_for(ctx)
            self._check_uri(caller, params.uri)
            with self._guard(caller):
                return await inner(ctx, params)

        return on_read_resource

    def _subscribe(self, inner: Handler) -> Handler:
        async def on_subscribe_resource(ctx: Any, params: Any) -> Any:
            self._check_uri(self._caller_for(ctx), params.uri)
            return await inner(ctx, params)

        return on_subscribe_resource

    def _listen(self, inner: Handler) -> Handler:
        async def on_subscriptions_listen(ctx: Any, params: Any) -> Any:
            caller = self._caller_for(ctx)
            for uri in params.notifications.resource_subscriptions or []:
                self._check_uri(caller, uri)
            return await inner(ctx, params)

        return on_subscriptions_listen

    def _completion(self, inner: Handler) -> Handler:
        nothing = CompleteResult(completion=Completion(values=[], total=0, has_more=False))

        async def on_completion(ctx: Any, params: CompleteRequestParams) -> CompleteResult:
            caller = self._caller_for(ctx)
            ref = params.ref
            if isinstance(ref, ResourceTemplateReference):
                kind = _KIND_BY_TEMPLATE.get(ref.uri)
                if kind is not None and not self.may_read(caller, kind):
                    return nothing
            elif isinstance(ref, PromptReference):
                prompt = self._prompts.get(ref.name)
                if prompt is not None and self.prompt_missing(caller, prompt):
                    return nothing
            with self._guard(caller):
                result: CompleteResult = await inner(ctx, params)
            return result

        return on_completion

    def _list_prompts(self, inner: Handler) -> Handler:
        async def on_list_prompts(ctx: Any, params: Any) -> ListPromptsResult:
            caller = self._caller_for(ctx)
            result: ListPromptsResult = await inner(ctx, params)
            shown = [
                p
                for p in result.prompts
                if (spec := self._prompts.get(p.name)) is None or not self.prompt_missing(caller, spec)
            ]
            return result.model_copy(update={"prompts": shown})

        return on_list_prompts

    def _get_prompt(self, inner: Handler) -> Handler:
        async def on_get_prompt(ctx: Any, params: GetPromptRequestParams) -> Any:
            caller = self._caller_for(ctx)
            prompt = self._prompts.get(params.name)
            if prompt is not None:
                missing = self.prompt_missing(caller, prompt)
                if missing:
                    raise self._refuse(caller, f"Prompt {params.name!r}", missing)
            with self._guard(caller):
                return await inner(ctx, params)

        return on_get_prompt
