"""What the authentication of the hosted endpoint is configured with, and its error.

`AuthConfig` holds the files and values the verifiers are built from (the `--api-keys`, `--jwks-url`,
`--jwks-file`, `--issuer`, `--audience` and `--scope-policies` flags of `zoom-mcp serve --transport http`);
`check()` refuses incomplete combinations. `AuthConfigError` (and its subclass `PolicyFileError` for a
bad file) says what to change. The transport layer depends on this module, never the reverse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class AuthConfigError(ValueError):
    """The authentication settings or files cannot be used; the message names the flag or file and the fix."""


@dataclass(frozen=True)
class AuthConfig:
    """The authentication methods of the endpoint: API keys, bearer JWTs, both, or none."""

    api_keys_file: Path | None = None
    jwks_url: str | None = None
    jwks_file: Path | None = None
    issuer: str | None = None
    audience: str | None = None
    scope_policies_file: Path | None = None

    @property
    def jwt_enabled(self) -> bool:
        return self.jwks_url is not None or self.jwks_file is not None

    @property
    def enabled(self) -> bool:
        return self.api_keys_file is not None or self.jwt_enabled

    def check(self) -> None:
        """Raise `AuthConfigError` when the JWT settings are incomplete or contradictory."""
        if not self.jwt_enabled:
            if self.issuer or self.audience or self.scope_policies_file:
                raise AuthConfigError(
                    "--issuer, --audience and --scope-policies only apply with --jwks-url or --jwks-file."
                )
            return
        if self.jwks_url is not None and self.jwks_file is not None:
            raise AuthConfigError("Pass either --jwks-url or --jwks-file, not both.")
        missing = [flag for flag, value in (("--issuer", self.issuer), ("--audience", self.audience)) if not value]
        if missing:
            raise AuthConfigError(
                f"JWT authentication needs {' and '.join(missing)}: tokens are only accepted from the issuer you "
                "trust and for the audience of this server."
            )
        if self.scope_policies_file is None:
            raise AuthConfigError(
                "JWT authentication needs --scope-policies FILE mapping token scopes to policies (which tools a "
                "token with that scope may use)."
            )
