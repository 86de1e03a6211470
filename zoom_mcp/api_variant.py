"""Choosing the API variant (regular or master-account) the server speaks, and which Zoom it talks to.

`--api regular|master|auto` (environment `ZOOM_API_VARIANT`; default `auto`) on `serve`, `tools list` and
`doctor`. `auto` decides from the credentials:

- no `ZOOM_*` credential variable at all (or `--sandbox`): the sandbox, whose account type is regular unless
  `--api master` asks for a master account;
- a Server-to-Server app: a token is requested and its `scope` read: any `:master` scope means master,
  otherwise regular;
- a static token (`ZOOM_ACCESS_TOKEN`): regular (its scopes cannot be read), unless told.

`credential_problem(environ)` enforces explicit credentials: a partial set of variables is an error that names
what is missing, so the sandbox is never served to someone who meant to reach Zoom.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zoom_mcp.variants import VARIANTS, is_master_scope

if TYPE_CHECKING:  # the Zoom client (httpx2) loads when a token is asked for, not for `zoom-mcp serve --help`
    from zoom_mcp.zoom_client import ZoomSettings

logger = logging.getLogger("zoom_mcp")

API_ENV = "ZOOM_API_VARIANT"
API_CHOICES = ("regular", "master", "auto")
S2S_VARIABLES = ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET")
TOKEN_VARIABLE = "ZOOM_ACCESS_TOKEN"
CREDENTIAL_VARIABLES = (*S2S_VARIABLES, TOKEN_VARIABLE)


class VariantError(ValueError):
    """The API variant or the credentials are not usable as given; the message says what to change."""


@dataclass(frozen=True)
class VariantChoice:
    """The variant in use and why (said on stderr at INFO, and by `zoom-mcp doctor`)."""

    variant: str
    reason: str

    def describe(self) -> str:
        return f"API variant: {self.variant} ({self.reason})"


def add_api_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api",
        choices=API_CHOICES,
        default=None,
        help=f"API variant: regular (ordinary accounts), master (master accounts acting on sub accounts) or auto "
        f"(default; decided from the credentials, regular on the sandbox); ${API_ENV}",
    )


def requested_api(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> str:
    """`--api`, else `ZOOM_API_VARIANT`, else "auto"."""
    flag = getattr(args, "api", None)
    if flag:
        return str(flag)
    value = (os.environ if environ is None else environ).get(API_ENV, "").strip().lower()
    if not value:
        return "auto"
    if value not in API_CHOICES:
        raise VariantError(f"{API_ENV}={value!r} is not one of {', '.join(API_CHOICES)}; fix or unset it")
    return value


def credentials_set(environ: Mapping[str, str] | None = None) -> list[str]:
    """The Zoom credential variables that are set (non-empty), in a fixed order."""
    env = os.environ if environ is None else environ
    return [name for name in CREDENTIAL_VARIABLES if env.get(name, "").strip()]


def credential_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the credential variables cannot be used (a partial Server-to-Server set), or None."""
    present = credentials_set(environ)
    if not present or TOKEN_VARIABLE in present:
        return None
    missing = [name for name in S2S_VARIABLES if name not in present]
    if not missing:
        return None
    return (
        f"incomplete Zoom credentials: {', '.join(present)} {'is' if len(present) == 1 else 'are'} set but "
        f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing. Set all of "
        f"{', '.join(S2S_VARIABLES)} (Server-to-Server OAuth app) or {TOKEN_VARIABLE}; to use the built-in "
        "sandbox instead, unset them all or pass --sandbox."
    )


def sandbox_choice(requested: str) -> VariantChoice:
    """The variant on the sandbox: its account type follows `--api` (regular unless master is asked for)."""
    if requested == "master":
        return VariantChoice("master", "--api master: the sandbox serves a master account")
    if requested == "regular":
        return VariantChoice("regular", "--api regular: the sandbox serves an ordinary account")
    return VariantChoice("regular", "no Zoom credentials: the built-in sandbox serves an ordinary (regular) account")


def explicit_choice(requested: str) -> VariantChoice | None:
    """`--api regular|master` (or `ZOOM_API_VARIANT`): that variant, whatever the credentials; None for auto."""
    if requested in VARIANTS:
        return VariantChoice(requested, f"--api {requested} (or {API_ENV}) asks for it")
    return None


STATIC_TOKEN_CHOICE = VariantChoice(
    "regular",
    f"a static token ({TOKEN_VARIABLE}) cannot be inspected; it is taken as an ordinary account's "
    "(pass --api master for a master account)",
)


def choice_from_scopes(scopes: Sequence[str]) -> VariantChoice:
    """`auto` for a Server-to-Server token: master when any granted scope is a `:master` one."""
    master = [scope for scope in scopes if is_master_scope(scope)]
    if master:
        return VariantChoice("master", f"the token's scopes include :master ones ({master[0]}, ...)")
    return VariantChoice("regular", f"the token's {len(scopes)} scope(s) include no :master scope")


async def token_scopes(settings: ZoomSettings) -> tuple[str, ...]:
    """Request a Server-to-Server token and return the scopes Zoom granted (ZoomError when it fails)."""
    import httpx2

    from zoom_mcp.zoom_client import ServerToServerOAuth

    assert settings.account_id and settings.client_id and settings.client_secret
    async with httpx2.AsyncClient(timeout=settings.timeout) as http:
        oauth = ServerToServerOAuth(
            settings.oauth_url, settings.account_id, settings.client_id, settings.client_secret, http
        )
        await oauth.get_token()
        return oauth.granted_scopes


async def detect_variant(requested: str, settings: ZoomSettings) -> VariantChoice:
    """The variant for real Zoom credentials (raises the client's ZoomError when a token cannot be had)."""
    explicit = explicit_choice(requested)
    if explicit is not None:
        return explicit
    if settings.has_oauth_credentials:
        return choice_from_scopes(await token_scopes(settings))
    return STATIC_TOKEN_CHOICE


def announce(choice: VariantChoice) -> None:
    logger.info(choice.describe())
