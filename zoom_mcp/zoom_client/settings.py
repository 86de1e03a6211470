"""Settings of the Zoom client: where Zoom is, how to authenticate, timeouts, retries and rate limits.

`ZoomSettings.from_env()` reads ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET (Server-to-Server
OAuth), ZOOM_ACCESS_TOKEN (a static token), ZOOM_API_BASE_URL and ZOOM_OAUTH_URL. The repr never shows
secrets.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from zoom_mcp.zoom_client.errors import ZoomConfigError
from zoom_mcp.zoom_client.rate_limit import (
    BUSINESS_PLAN_DAILY,
    BUSINESS_PLAN_RATES,
    FREE_PLAN_DAILY,
    FREE_PLAN_RATES,
    PRO_PLAN_DAILY,
    PRO_PLAN_RATES,
    DailyLimit,
    Rate,
)

# ZOOM_RATE_PLAN: the account's plan sets the client-side pacing per rate-limit label ("off" disables it).
RATE_PLANS: dict[str, Mapping[str, Rate]] = {
    "free": FREE_PLAN_RATES,
    "pro": PRO_PLAN_RATES,
    "business": BUSINESS_PLAN_RATES,
    "off": {},
}
DAILY_PLANS: dict[str, Mapping[str, DailyLimit]] = {
    "free": FREE_PLAN_DAILY,
    "pro": PRO_PLAN_DAILY,
    "business": BUSINESS_PLAN_DAILY,
    "off": {},
}

DEFAULT_API_BASE_URL = "https://api.zoom.us/v2"
DEFAULT_OAUTH_URL = "https://zoom.us/oauth/token"
SECRET_FIELDS = frozenset({"client_secret", "access_token"})
S2S_VARIABLES = {"account_id": "ZOOM_ACCOUNT_ID", "client_id": "ZOOM_CLIENT_ID", "client_secret": "ZOOM_CLIENT_SECRET"}


@dataclass(frozen=True)
class ZoomSettings:
    """Everything the Zoom client needs. Waits are in seconds; `rate_limits` maps a label to its `Rate`."""

    api_base_url: str = DEFAULT_API_BASE_URL
    oauth_url: str = DEFAULT_OAUTH_URL
    account_id: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    access_token: str | None = None
    timeout: float = 30.0
    connect_timeout: float = 10.0
    max_connections: int = 20
    max_keepalive_connections: int = 10
    max_retries: int = 3
    retry_wait_cap: float = 30.0
    max_retry_after: float = 60.0
    backoff_base: float = 0.5
    rate_limits: Mapping[str, Rate] = field(default_factory=lambda: dict(PRO_PLAN_RATES), hash=False)
    daily_limits: Mapping[str, DailyLimit] = field(default_factory=lambda: dict(PRO_PLAN_DAILY), hash=False)
    user_agent: str = "zoom-mcp"

    def __post_init__(self) -> None:
        for name, variable in (("api_base_url", "ZOOM_API_BASE_URL"), ("oauth_url", "ZOOM_OAUTH_URL")):
            url = getattr(self, name)
            if not isinstance(url, str) or not url.startswith(("https://", "http://")):
                raise ZoomConfigError(
                    f"{variable} must be an http(s) URL, got {url!r}. Unset it to use Zoom's default "
                    f"({DEFAULT_API_BASE_URL if name == 'api_base_url' else DEFAULT_OAUTH_URL})."
                )
        if self.max_retries < 0 or self.timeout <= 0 or self.connect_timeout <= 0 or self.retry_wait_cap < 0:
            raise ZoomConfigError(
                "ZoomSettings needs max_retries >= 0, retry_wait_cap >= 0 and positive timeouts; "
                f"got max_retries={self.max_retries}, retry_wait_cap={self.retry_wait_cap}, "
                f"timeout={self.timeout}, connect_timeout={self.connect_timeout}."
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> ZoomSettings:
        """Read the ZOOM_* variables (empty values count as unset); keyword overrides win."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        values: dict[str, Any] = {
            "api_base_url": get("ZOOM_API_BASE_URL") or DEFAULT_API_BASE_URL,
            "oauth_url": get("ZOOM_OAUTH_URL") or DEFAULT_OAUTH_URL,
            "account_id": get("ZOOM_ACCOUNT_ID"),
            "client_id": get("ZOOM_CLIENT_ID"),
            "client_secret": get("ZOOM_CLIENT_SECRET"),
            "access_token": get("ZOOM_ACCESS_TOKEN"),
        }
        plan = get("ZOOM_RATE_PLAN")
        if plan is not None:
            if plan.lower() not in RATE_PLANS:
                raise ZoomConfigError(f"ZOOM_RATE_PLAN must be one of {', '.join(RATE_PLANS)}; got {plan!r}")
            values["rate_limits"] = dict(RATE_PLANS[plan.lower()])
            values["daily_limits"] = dict(DAILY_PLANS[plan.lower()])
        values.update(overrides)
        return cls(**values)

    @property
    def has_oauth_credentials(self) -> bool:
        return bool(self.account_id and self.client_id and self.client_secret)

    @property
    def has_credentials(self) -> bool:
        """True when a static token or a complete set of Server-to-Server OAuth credentials is configured."""
        return bool(self.access_token) or self.has_oauth_credentials

    @property
    def missing_oauth_variables(self) -> list[str]:
        """Names of the unset ZOOM_* variables among the three Server-to-Server OAuth ones."""
        return [variable for name, variable in S2S_VARIABLES.items() if not getattr(self, name)]

    def secrets(self) -> tuple[str, ...]:
        """The secret values configured here (to redact from any text that leaves the client)."""
        return tuple(v for v in (self.client_secret, self.access_token) if v)

    def with_overrides(self, **changes: Any) -> ZoomSettings:
        return replace(self, **changes)

    def __repr__(self) -> str:
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in SECRET_FIELDS:
                parts.append(f"{f.name}={'<set>' if value else None}")
            elif f.name not in ("rate_limits", "daily_limits"):
                parts.append(f"{f.name}={value!r}")
        return f"ZoomSettings({', '.join(parts)})"

    __str__ = __repr__
