"""Test clients that declare exactly the elicitation modes of a real client, and a person answering a page.

`ModesClient(..., modes={"url"})` is the SDK's real `Client` whose capability advertisement (handshake
`initialize` and every modern-era envelope) declares only the given elicitation modes, like VS Code
(form+URL), Cursor (form only) or a URL-only client. `PagePerson` answers a confirmation link the way
a browser does (GET the page, POST its form from the same origin); the real-browser test drives Chromium.
"""

from __future__ import annotations

import re
import ssl
from dataclasses import dataclass, field
from html import unescape
from typing import Any

import httpx2
import mcp_types as types
from mcp import Client
from mcp.client.session import ClientSession

FORM = "form"
URL = "url"
# Confirmation pages are plain HTTP on loopback: every page client shares one TLS context, since building one
# per client reads the CA bundle again (a tenth of a second on a busy machine, for each link a sweep opens).
_TLS = ssl.create_default_context()


def browser() -> httpx2.AsyncClient:
    """An HTTP client for opening confirmation pages."""
    return httpx2.AsyncClient(verify=_TLS)


@dataclass
class ModesClient(Client):
    """The SDK `Client`, declaring only `modes` of elicitation (needs an `elicitation_callback`)."""

    modes: frozenset[str] = frozenset({FORM, URL})

    async def _build_session(self, exit_stack: Any) -> ClientSession:
        session = await super()._build_session(exit_stack)
        original = session._build_capabilities
        modes = self.modes

        def build(version: str) -> types.ClientCapabilities:
            capabilities = original(version)
            if capabilities.elicitation is None:
                return capabilities
            declared = types.ElicitationCapability(
                form=types.FormElicitationCapability() if FORM in modes else None,
                url=types.UrlElicitationCapability() if URL in modes else None,
            )
            return capabilities.model_copy(update={"elicitation": declared})

        session._build_capabilities = build  # type: ignore[method-assign]
        return session


def page_form(html: str) -> dict[str, str]:
    """The hidden and text inputs of the confirmation page's form."""
    fields = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        fields[name] = unescape(value)
    return fields


def origin_of(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"


async def answer_page(
    url: str,
    decision: str,
    *,
    typed_id: str | None = None,
    headers: dict[str, str] | None = None,
    http: httpx2.AsyncClient | None = None,
) -> httpx2.Response:
    """Open the page and press a button, as a browser on the page's own origin does."""
    if http is None:
        async with browser() as own:
            return await answer_page(url, decision, typed_id=typed_id, headers=headers, http=own)
    page = await http.get(url)
    form = {**page_form(page.text), "decision": decision}
    if typed_id is not None or _typed_id_of(page.text) is None:
        typed = typed_id
    else:
        typed = _typed_id_of(page.text) if decision == "confirm" else None
    if typed is not None:
        form["confirm_id"] = typed
    sent = {"origin": origin_of(url), "sec-fetch-site": "same-origin", **(headers or {})}
    return await http.post(url, data=form, headers={k: v for k, v in sent.items() if v})


@dataclass
class PagePerson:
    """An elicitation callback: a form is answered like a person (tick, type the ID); a link is opened and
    answered on the page (`decision`); `seen` records each request's mode and message."""

    decision: str = "confirm"
    consent: str = "accept"  # the client's answer to "open this link?"
    seen: list[tuple[str, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    pages: list[httpx2.Response] = field(default_factory=list)

    async def __call__(self, context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        if isinstance(params, types.ElicitRequestURLParams):
            self.seen.append((URL, params.message))
            self.links.append(params.url)
            if self.consent != "accept":
                return types.ElicitResult(action=self.consent)  # type: ignore[arg-type]
            async with browser() as http:  # the page asks for the typed ID when it needs one
                self.pages.append(await answer_page(params.url, self.decision, http=http))
            return types.ElicitResult(action="accept")
        self.seen.append((FORM, params.message))
        if self.decision != "confirm":
            return types.ElicitResult(action="decline")
        content: dict[str, Any] = {"confirm": True}
        typed_field = params.requested_schema["properties"].get("confirm_id")
        if typed_field is not None:
            found = re.fullmatch(r"Type (\S+) exactly", typed_field["description"])
            assert found is not None
            content["confirm_id"] = found.group(1)
        return types.ElicitResult(action="accept", content=content)


def _typed_id_of(html: str) -> str | None:
    found = re.search(r"type the ID <code>([^<]+)</code>", html)
    return unescape(found.group(1)) if found else None
