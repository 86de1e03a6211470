"""One token request, read the way a person needs it: which setting is wrong, with Zoom's own answer.

Zoom's token endpoint answers `{"reason", "error"}`: `invalid_client` with a reason about the secret
("Invalid client_id or client_secret") when the secret does not match, `invalid_client` without one
("Invalid client.") for a client ID it does not know, `invalid_request` about the account for a wrong
account ID (see zoom_mcp.sandbox.auth for what is documented and what is inferred). Secrets and tokens never
appear in the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx2

from zoom_mcp.zoom_client import ZoomSettings


@dataclass
class TokenCheck:
    ok: bool
    scopes: tuple[str, ...] = ()
    problem: str | None = None  # unknown_client | bad_secret | wrong_account_id | oauth_unreachable | ...
    setting: str | None = None  # the ZOOM_* variable to fix
    message: str = ""
    zoom_answer: dict[str, Any] = field(default_factory=dict)  # {"status", "body"} as Zoom sent it
    token: str | None = field(default=None, repr=False)  # kept for the API probe; never reported

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problem": self.problem,
            "setting": self.setting,
            "message": self.message,
            "zoom_answer": self.zoom_answer or None,
            "scope_count": len(self.scopes),
        }


async def request_token(settings: ZoomSettings, http: httpx2.AsyncClient) -> TokenCheck:
    """POST the account-credentials grant and classify the answer."""
    assert settings.account_id and settings.client_id and settings.client_secret
    params = {"grant_type": "account_credentials", "account_id": settings.account_id}
    try:
        response = await http.post(
            settings.oauth_url, params=params, auth=httpx2.BasicAuth(settings.client_id, settings.client_secret)
        )
    except httpx2.TransportError as exc:
        return TokenCheck(
            False,
            problem="oauth_unreachable",
            setting="ZOOM_OAUTH_URL",
            message=f"the OAuth URL {settings.oauth_url} cannot be reached ({type(exc).__name__}); check "
            "ZOOM_OAUTH_URL (default https://zoom.us/oauth/token) and the network",
        )
    body = _json(response)
    answer = {"status": response.status_code, "body": body if body is not None else response.text[:300]}
    if response.status_code == 200 and isinstance(body, dict) and body.get("access_token"):
        scopes = tuple(str(body.get("scope") or "").split())
        return TokenCheck(
            True, scopes=scopes, message=f"token issued with {len(scopes)} scope(s)", token=str(body["access_token"])
        )
    return _classify(settings, response.status_code, body, answer)


def _classify(settings: ZoomSettings, status: int, body: Any, answer: dict[str, Any]) -> TokenCheck:
    error = str(body.get("error", "")) if isinstance(body, dict) else ""
    reason = str(body.get("reason", "")) if isinstance(body, dict) else ""
    zoom_says = f'Zoom answered {status}: "{reason or error or answer["body"]}"'
    lowered = reason.lower()
    if error == "invalid_client" and "secret" in lowered:
        return TokenCheck(
            False,
            problem="bad_secret",
            setting="ZOOM_CLIENT_SECRET",
            message=f"the client secret is wrong: ZOOM_CLIENT_SECRET does not match ZOOM_CLIENT_ID ({zoom_says}). "
            "Copy the secret again from the app's App Credentials page in the Zoom App Marketplace "
            "(and check that ZOOM_CLIENT_ID is that app's).",
            zoom_answer=answer,
        )
    if error == "invalid_client":
        return TokenCheck(
            False,
            problem="unknown_client",
            setting="ZOOM_CLIENT_ID",
            message=f"Zoom does not know the client ID in ZOOM_CLIENT_ID ({zoom_says}). Copy the Client ID of "
            "your Server-to-Server OAuth app from its App Credentials page, and check the app is activated.",
            zoom_answer=answer,
        )
    if error == "invalid_request" and "account" in lowered:
        return TokenCheck(
            False,
            problem="wrong_account_id",
            setting="ZOOM_ACCOUNT_ID",
            message=f"the account ID is wrong: ZOOM_ACCOUNT_ID is not the account of this app ({zoom_says}). "
            "Copy the Account ID from the app's App Credentials page.",
            zoom_answer=answer,
        )
    if error == "unsupported_grant_type" or status in (404, 405) or not isinstance(body, dict):
        return TokenCheck(
            False,
            problem="oauth_url",
            setting="ZOOM_OAUTH_URL",
            message=f"{settings.oauth_url} does not answer like Zoom's token endpoint ({zoom_says}); check "
            "ZOOM_OAUTH_URL (default https://zoom.us/oauth/token).",
            zoom_answer=answer,
        )
    return TokenCheck(
        False,
        problem="token_refused",
        setting=None,
        message=f"Zoom refused the token request ({zoom_says}). Check the app is a Server-to-Server OAuth app and "
        "is activated, then ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET.",
        zoom_answer=answer,
    )


def _json(response: httpx2.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
