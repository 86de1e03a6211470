"""Everything that talks HTTP to Zoom: settings, auth, safe paths, rate limiting, errors and `ZoomClient`.

Typical use::

    settings = ZoomSettings.from_env()
    async with ZoomClient(settings) as client:
        path = build_path("/accounts/{accountId}/meetings/{meetingId}", {"accountId": "me", "meetingId": 123})
        response = await client.request("GET", path, rate_limit="LIGHT", required_scopes=("meeting:read:admin",))
"""

from zoom_mcp.zoom_client.auth import ServerToServerOAuth, StaticToken, TokenProvider, token_provider_for
from zoom_mcp.zoom_client.client import IDEMPOTENT_METHODS, ZoomClient, ZoomResponse
from zoom_mcp.zoom_client.errors import (
    AuthFailed,
    BadRequest,
    Conflict,
    Forbidden,
    MissingScope,
    NotFound,
    PathParameterError,
    RateLimited,
    ServerError,
    ZoomAPIError,
    ZoomConfigError,
    ZoomError,
    ZoomTransportError,
    error_from_response,
    redact,
)
from zoom_mcp.zoom_client.paths import build_path, encode_path_value, needs_double_encoding, path_parameters
from zoom_mcp.zoom_client.rate_limit import (
    BUSINESS_PLAN_RATES,
    FREE_PLAN_RATES,
    PRO_PLAN_RATES,
    DailyLimit,
    Rate,
    RateLimiter,
    TokenBucket,
    normalize_label,
    parse_retry_after,
)
from zoom_mcp.zoom_client.settings import DEFAULT_API_BASE_URL, DEFAULT_OAUTH_URL, ZoomSettings
from zoom_mcp.zoom_client.shared_rate_limit import SharedRateLimiter, rate_limiter_for

__all__ = [
    "BUSINESS_PLAN_RATES",
    "DEFAULT_API_BASE_URL",
    "DEFAULT_OAUTH_URL",
    "FREE_PLAN_RATES",
    "IDEMPOTENT_METHODS",
    "PRO_PLAN_RATES",
    "AuthFailed",
    "BadRequest",
    "Conflict",
    "DailyLimit",
    "Forbidden",
    "MissingScope",
    "NotFound",
    "PathParameterError",
    "Rate",
    "RateLimited",
    "RateLimiter",
    "ServerError",
    "ServerToServerOAuth",
    "SharedRateLimiter",
    "StaticToken",
    "TokenBucket",
    "TokenProvider",
    "ZoomAPIError",
    "ZoomClient",
    "ZoomConfigError",
    "ZoomError",
    "ZoomResponse",
    "ZoomSettings",
    "ZoomTransportError",
    "build_path",
    "encode_path_value",
    "error_from_response",
    "needs_double_encoding",
    "normalize_label",
    "parse_retry_after",
    "path_parameters",
    "rate_limiter_for",
    "redact",
    "token_provider_for",
]
