"""The confirmation page of URL-mode elicitation: a person confirms a destructive call in a browser.

- `html`: the page itself (plain HTML, no scripts, accessible);
- `endpoint`: `ConfirmPage`, the Starlette route `GET|POST /confirm/<secret>` with its same-origin and
  per-page-secret checks;
- `links`: `ConfirmationLinks`, where pages are served (the hosted endpoint's origin, or a loopback
  listener for stdio started on first need) and the base of the links handed to clients.

The questions themselves (records, binding, waiting) live in `zoom_mcp.gates.pending` / `url_flow`.
"""

from zoom_mcp.confirm_pages.endpoint import ConfirmPage
from zoom_mcp.confirm_pages.links import ConfirmationLinks

__all__ = ["ConfirmPage", "ConfirmationLinks"]
