"""Configuration of the sandbox Zoom: credentials, token lifetime, rate limits, faults, logging."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zoom_mcp.data_files import data_path

DEFAULT_CLIENT_ID = "sandbox-client-id"
DEFAULT_CLIENT_SECRET = "sandbox-client-secret"
DEFAULT_ACCOUNT_ID = "sandbox-account"
DEFAULT_STATIC_TOKEN = "sandbox-static-token"
# "regular": an ordinary account (regular layout and scopes); "master": a master account (both layouts,
# `:master` scopes in its token answer). See zoom_mcp.sandbox.layouts.
ACCOUNT_TYPES = ("regular", "master")
DEFAULT_ACCOUNT_TYPE = "regular"

# Generous per-second limits so that normal tests never hit them (Zoom's Business+ numbers x 10).
DEFAULT_RATE_LIMITS_PER_SECOND: dict[str, float] = {
    "LIGHT": 800.0,
    "MEDIUM": 600.0,
    "HEAVY": 400.0,
    "RESOURCE-INTENSIVE": 200.0,
}


def default_spec_path() -> Path:
    """The OpenAPI document in the repository's tool_specs/ folder."""
    return data_path("tool_specs", "zoom-meetings.openapi.json")


def default_regular_spec_path() -> Path:
    """The regular variant's OpenAPI document in tool_specs/."""
    return data_path("tool_specs", "zoom-meetings-regular.openapi.json")


@dataclass
class ForcedStatus:
    """Answer `status` (with Zoom-style body) for requests whose path matches `path`.

    `path` is compared to the API path after `/v2` (e.g. `/accounts/me/meetings/123`): an exact
    match, or a regular expression searched in it when `regex` is true. `count` limits how many
    requests are affected (None = every one). `method` restricts to one HTTP method.
    """

    path: str
    status: int
    count: int | None = None
    regex: bool = False
    method: str | None = None
    retry_after: int | None = 1
    code: int | None = None
    message: str | None = None


@dataclass
class FaultConfig:
    """Faults injected into `/v2` calls: latency, random 500s and forced statuses."""

    latency_ms: int = 0
    error_rate: float = 0.0
    forced: list[ForcedStatus] = field(default_factory=list)


@dataclass
class RateLimitConfig:
    """Per-label request budgets. `per_second` applies per label; `daily` (None = unlimited) too."""

    per_second: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_RATE_LIMITS_PER_SECOND))
    daily: dict[str, int] | None = None
    enabled: bool = True


@dataclass
class SandboxConfig:
    """Everything that shapes one sandbox instance. All fields have working defaults."""

    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    account_id: str = DEFAULT_ACCOUNT_ID
    token_ttl_seconds: float = 3600.0
    static_tokens: tuple[str, ...] = (DEFAULT_STATIC_TOKEN,)
    granted_scopes: frozenset[str] | None = None
    request_log_path: Path | None = None
    seed: bool = True
    spec_path: Path = field(default_factory=default_spec_path)
    rate_limits: RateLimitConfig = field(default_factory=RateLimitConfig)
    faults: FaultConfig = field(default_factory=FaultConfig)
    sub_account_ids: tuple[str, ...] = ("sandbox-sub-account",)
    account_type: str = DEFAULT_ACCOUNT_TYPE
    regular_spec_path: Path = field(default_factory=default_regular_spec_path)
