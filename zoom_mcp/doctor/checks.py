"""The facts `zoom-mcp doctor` reports, gathered the way `serve` would use the settings.

1. Target: the sandbox (only with `--sandbox` or when no ZOOM_* credential variable is set at all; it is
   started embedded, with the account type `--api` asks for) or real Zoom; a partial set of credentials is
   a problem that names what is missing.
2. Token: a Server-to-Server token request, classified by `token_check` (which setting is wrong, with Zoom's
   own answer); a static token cannot be requested, only tried.
3. API: one cheap read (`meetings_list` for `me`, page size 1) with that token in the chosen variant: a token
   the API refuses, an API URL that cannot be reached, or a master-account call on an ordinary account.
4. Variant and why (as `serve` decides it), scopes per toolset against the granted ones, and the rate plan.

`ok` is true when the server can work: a token was had (or a static token was accepted), the API answered,
and at least one tool is covered by the granted scopes.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx2

from zoom_mcp.api_variant import (
    STATIC_TOKEN_CHOICE,
    VariantChoice,
    VariantError,
    choice_from_scopes,
    credential_problem,
    credentials_set,
    explicit_choice,
    requested_api,
    sandbox_choice,
)
from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.catalog.scopes import ToolsetScopes, toolset_scopes
from zoom_mcp.doctor.token_check import TokenCheck, request_token
from zoom_mcp.variants import api_path
from zoom_mcp.zoom_client import ZoomConfigError, ZoomSettings, build_path
from zoom_mcp.zoom_client.settings import RATE_PLANS

PROBE_PATH = "/accounts/{accountId}/users/{userId}/meetings"


@dataclass
class DoctorOptions:
    sandbox: bool = False
    api: str | None = None
    environ: Mapping[str, str] | None = None


@dataclass
class Diagnosis:
    target: str = "zoom"  # "sandbox" | "zoom"
    api_base_url: str = ""
    oauth_url: str = ""
    auth: str = "none"  # "server_to_server" | "static_token" | "none"
    credentials: list[str] = field(default_factory=list)
    token: TokenCheck | None = None
    api: dict[str, Any] = field(default_factory=dict)
    variant: VariantChoice | None = None
    granted: tuple[str, ...] | None = None
    toolsets: list[ToolsetScopes] = field(default_factory=list)
    rate_plan: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        failing = sum(len(t.failing) for t in self.toolsets)
        return {
            "ok": self.ok,
            "target": self.target,
            "api_base_url": self.api_base_url,
            "oauth_url": self.oauth_url,
            "auth": self.auth,
            "credentials_set": self.credentials,
            "token": self.token.to_dict() if self.token else None,
            "api": self.api or None,
            "variant": {"name": self.variant.variant, "reason": self.variant.reason} if self.variant else None,
            "scopes": {
                "granted": list(self.granted) if self.granted is not None else None,
                "tools_failing": failing if self.granted is not None else None,
                "toolsets": [t.to_dict() for t in self.toolsets],
            },
            "rate_plan": self.rate_plan,
            "problems": self.problems,
            "warnings": self.warnings,
        }


async def diagnose(options: DoctorOptions) -> Diagnosis:
    diagnosis = Diagnosis()
    env = os.environ if options.environ is None else options.environ
    diagnosis.credentials = credentials_set(env)
    try:
        requested = str(options.api) if options.api else requested_api(argparse.Namespace(api=None), env)
    except VariantError as exc:
        diagnosis.problems.append(str(exc))
        return diagnosis
    use_sandbox = options.sandbox or not diagnosis.credentials
    if not use_sandbox:
        problem = credential_problem(env)
        if problem is not None:
            diagnosis.problems.append(problem)
            return diagnosis
    try:
        async with _target(use_sandbox, requested, env) as settings:
            await _check(diagnosis, settings, requested, use_sandbox, env)
    except ZoomConfigError as exc:
        diagnosis.problems.append(str(exc))
    return diagnosis


@asynccontextmanager
async def _target(use_sandbox: bool, requested: str, env: Mapping[str, str]) -> AsyncIterator[ZoomSettings]:
    if not use_sandbox:
        yield ZoomSettings.from_env(env)
        return
    from zoom_mcp.sandbox import SandboxConfig, running_sandbox_async
    from zoom_mcp.server.sandbox_wiring import sandbox_zoom_settings

    config = SandboxConfig(account_type=sandbox_choice(requested).variant)
    async with running_sandbox_async(config) as sandbox:
        yield sandbox_zoom_settings(sandbox)


async def _check(
    diagnosis: Diagnosis, settings: ZoomSettings, requested: str, use_sandbox: bool, env: Mapping[str, str]
) -> None:
    diagnosis.target = "sandbox" if use_sandbox else "zoom"
    diagnosis.api_base_url = settings.api_base_url
    diagnosis.oauth_url = settings.oauth_url
    diagnosis.rate_plan = _rate_plan(env, use_sandbox)
    async with httpx2.AsyncClient(timeout=min(settings.timeout, 20.0)) as http:
        token: str | None
        if settings.has_oauth_credentials:
            diagnosis.auth = "server_to_server"
            diagnosis.token = await request_token(settings, http)
            if not diagnosis.token.ok:
                diagnosis.problems.append(diagnosis.token.message)
                return
            token = diagnosis.token.token
            diagnosis.granted = diagnosis.token.scopes
        else:
            diagnosis.auth = "static_token"
            token = settings.access_token
            diagnosis.warnings.append(
                "a static token (ZOOM_ACCESS_TOKEN) cannot show its scopes; tools that lack one fail when called"
            )
        diagnosis.variant = _variant(requested, use_sandbox, diagnosis)
        await _probe(diagnosis, settings, http, token or "")
    catalog = load_catalog(variant=diagnosis.variant.variant)
    diagnosis.toolsets = toolset_scopes(catalog.tools, diagnosis.variant.variant, diagnosis.granted)
    if diagnosis.granted is not None:
        failing = sum(len(t.failing) for t in diagnosis.toolsets)
        if failing == len(catalog.tools):
            diagnosis.problems.append(
                "the token's scopes cover none of the tools: add the scopes listed per toolset to the Zoom app"
            )
        elif failing:
            diagnosis.warnings.append(
                f"{failing} of {len(catalog.tools)} tools will fail for lack of a scope (listed per toolset)"
            )


def _variant(requested: str, use_sandbox: bool, diagnosis: Diagnosis) -> VariantChoice:
    explicit = explicit_choice(requested)
    if explicit is not None:
        return explicit
    if use_sandbox:
        return sandbox_choice(requested)
    if diagnosis.granted is not None:
        return choice_from_scopes(diagnosis.granted)
    return STATIC_TOKEN_CHOICE


async def _probe(diagnosis: Diagnosis, settings: ZoomSettings, http: httpx2.AsyncClient, token: str) -> None:
    """One read in the chosen variant: is the token accepted, is the API there, is the variant right?"""
    assert diagnosis.variant is not None
    variant = diagnosis.variant.variant
    path = build_path(api_path(PROBE_PATH, variant), {"accountId": settings.account_id or "me", "userId": "me"})
    url = settings.api_base_url.rstrip("/") + path
    try:
        response = await http.get(url, params={"page_size": 1}, headers={"Authorization": f"Bearer {token}"})
    except httpx2.TransportError as exc:
        message = (
            f"the API URL {settings.api_base_url} cannot be reached ({type(exc).__name__}); check ZOOM_API_BASE_URL"
        )
        diagnosis.api = {"ok": False, "path": path, "status": None, "message": message}
        diagnosis.problems.append(message)
        return
    body: Any
    try:
        body = response.json()
    except ValueError:
        body = response.text[:300]
    code = body.get("code") if isinstance(body, dict) else None
    zoom_says = body.get("message") if isinstance(body, dict) else body
    diagnosis.api = {"ok": True, "path": path, "status": response.status_code, "zoom_code": code}
    if response.status_code == 401:
        setting = "ZOOM_ACCESS_TOKEN" if diagnosis.auth == "static_token" else "ZOOM_API_BASE_URL"
        message = f"the API refused the token (401, code {code}: {zoom_says}); check {setting}"
    elif response.status_code == 400 and code == 300 and "master account" in str(zoom_says):
        message = f"this is not a master account (Zoom: {zoom_says}); use --api regular (or ZOOM_API_VARIANT=regular)"
    elif response.status_code >= 500:
        message = f"the API answered {response.status_code} ({zoom_says}); try again later"
    else:
        return  # 2xx, or an answer about `me` / scopes: the API works with this token
    diagnosis.api.update(ok=False, message=message)
    diagnosis.problems.append(message)


def _rate_plan(env: Mapping[str, str], use_sandbox: bool) -> dict[str, Any]:
    raw = env.get("ZOOM_RATE_PLAN", "").strip().lower()
    if raw:
        name, source = raw, "ZOOM_RATE_PLAN"
    elif use_sandbox:
        name, source = "off", "the embedded sandbox paces nothing (it enforces its own limits)"
    else:
        name, source = "pro", "default (set ZOOM_RATE_PLAN=free|pro|business|off to match the account's plan)"
    rates = RATE_PLANS.get(name)
    limits = (
        {
            label: f"{rate.count:g}/{'s' if rate.per_seconds == 1 else f'{rate.per_seconds:g}s'}"
            for label, rate in rates.items()
        }
        if rates is not None
        else None
    )
    return {"name": name, "source": source, "limits": limits}
