"""`GET|POST /confirm/<secret>`: the confirmation page a person opens from their MCP client.

GET shows the question (or says the link is used, expired or unknown). POST is the person's answer and
is accepted only when

- the request is same-origin: `Origin` is present and equals this server's own origin (the Host it was
  reached by, or the configured public origin), and `Sec-Fetch-Site`, when sent, is `same-origin`;
- the form carries the page's own secret (`form_secret`, compared in constant time);
- the record is still pending (single use) and not expired;
- for high-danger operations, the typed ID matches (otherwise the page asks again).

While the shared state store (`--state-url`) cannot be reached the page answers 503 and changes nothing.
The link's secret is never logged (logs name the public `elicitation_id`). Every answer carries
`Cache-Control: no-store`, a Content-Security-Policy without scripts, `frame-ancestors 'none'`,
`Referrer-Policy: same-origin` and `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Final
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from zoom_mcp.confirm_pages import html
from zoom_mcp.gates.pending import CONFIRMED, DECLINED, PENDING, PendingStore, link_key
from zoom_mcp.state import StateUnavailable

logger = logging.getLogger("zoom_mcp.gates")

MAX_FORM_BYTES: Final = 4096
ROUTE_PATH: Final = "/confirm/{secret}"
SECURITY_HEADERS: Final = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Content-Security-Policy": html.CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
_UNKNOWN = (
    "This confirmation link is not valid",
    "The link is unknown or has expired. Nothing was sent to Zoom. If you still want this done, ask the "
    "assistant to try again: you will get a new link.",
)


def _answer(body: str, status: int = 200) -> Response:
    return HTMLResponse(body, status_code=status, headers=dict(SECURITY_HEADERS))


def _outcome(heading: str, text: str, status: int = 200) -> Response:
    return _answer(html.outcome_page(heading, text), status)


class ConfirmPage:
    """The page for the records in `store`; `public_origin()` gives an extra accepted origin (e.g. behind TLS)."""

    def __init__(self, store: PendingStore, public_origin: Callable[[], str | None] = lambda: None) -> None:
        self.store = store
        self._public_origin = public_origin

    def routes(self) -> list[Route]:
        return [Route(ROUTE_PATH, self.handle, methods=["GET", "POST"])]

    def own_origins(self, request: Request) -> set[str]:
        origins = {f"{request.url.scheme}://{request.headers.get('host', '')}"}
        public = self._public_origin()
        if public:
            origins.add(public.rstrip("/"))
        return origins

    async def handle(self, request: Request) -> Response:
        try:
            return await self._handle(request)
        except StateUnavailable as exc:  # the shared store (Redis) went away: nothing can be answered or sent
            logger.warning("confirmation page cannot answer: %s", exc)
            return _outcome(
                "Cannot answer right now",
                "The confirmation service cannot reach its shared state at the moment. Nothing was sent to Zoom. "
                "Reload this page in a minute; if your assistant has given up meanwhile, ask it to try again.",
                status=503,
            )

    async def _handle(self, request: Request) -> Response:
        secret = str(request.path_params.get("secret", ""))
        record = await self.store.get(link_key(secret)) if 16 <= len(secret) <= 128 else None
        if record is None:
            return _outcome(*_UNKNOWN, status=404)
        if record.status != PENDING:
            return _outcome(
                "This confirmation was already answered",
                "Each link works once. Nothing more will happen from this page; you can close it.",
                status=410,
            )
        if request.method == "GET":
            return _answer(html.question_page(record))
        refusal = self._refuse_cross_site(request)
        if refusal is not None:
            logger.warning("confirmation %s: cross-site answer refused (%s)", record.elicitation_id, refusal)
            return _outcome("Refused", "This answer did not come from the confirmation page itself.", 403)
        form = await self._form(request)
        if form is None:
            return _outcome("Refused", "The answer was too large or malformed. Reload the page and try again.", 400)
        sent_secret = form.get(html.FORM_SECRET_FIELD, "")
        if not hmac.compare_digest(sent_secret.encode(), record.form_secret.encode()):
            logger.warning("confirmation %s: answer without the page's secret refused", record.elicitation_id)
            return _outcome("Refused", "This answer did not come from the confirmation page itself.", 403)
        decision = form.get(html.DECISION_FIELD, "")
        if decision == "decline":
            if await self.store.transition(record.key, PENDING, DECLINED):
                logger.info("confirmation %s declined on the page", record.elicitation_id)
                return _outcome(
                    "Declined", "Nothing was sent to Zoom. You can close this page and return to your assistant."
                )
            return _outcome(*_UNKNOWN, status=410)
        if decision != "confirm":
            return _answer(html.question_page(record, error="Press Confirm or Decline."), 400)
        if record.needs_typed_id and form.get(html.TYPED_ID_FIELD, "").strip() != record.expected_id:
            error = f"The ID you typed does not match. Type {record.expected_id} exactly, or press Decline."
            return _answer(html.question_page(record, error=error), 400)
        if not await self.store.transition(record.key, PENDING, CONFIRMED):
            return _outcome(*_UNKNOWN, status=410)
        logger.info("confirmation %s confirmed on the page", record.elicitation_id)
        return _outcome(
            "Confirmed",
            f"{record.title}: confirmed. zoom-mcp sends this request to Zoom once, as your assistant's call goes on; "
            "this link cannot be used again. You can close this page and return to your assistant.",
        )

    def _refuse_cross_site(self, request: Request) -> str | None:
        fetch_site = request.headers.get("sec-fetch-site")
        if fetch_site is not None and fetch_site != "same-origin":
            return f"Sec-Fetch-Site {fetch_site}"
        origin = request.headers.get("origin")
        if origin is None:
            return "no Origin header"
        if origin not in self.own_origins(request):
            return "foreign Origin"
        return None

    async def _form(self, request: Request) -> dict[str, str] | None:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_FORM_BYTES):
            return None
        if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return None
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM_BYTES:
                return None
        try:
            parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=10)
        except (UnicodeDecodeError, ValueError):
            return None
        return {name: values[0] for name, values in parsed.items() if values}
