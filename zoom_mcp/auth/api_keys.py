"""API keys for the HTTP endpoint: a keys file of hashed keys, each with a name and a policy.

Keys file (YAML or JSON):

    policies:                       # optional named policies (see policy_files.py for the fields)
      readers: {read_only: true, calls_per_minute: 120}
    keys:
      - name: team-assistant        # the caller is `key:team-assistant` (audit trail, rate windows, token binding)
        key_sha256: "9f86d08..."    # sha256 hex of the key, quoted; the key itself is never stored
        policy: readers             # a named policy, or an inline mapping of policy fields
      - name: ops
        key_sha256: "60303ae..."
        policy: {toolsets: [meetings], confirm: elicit, calls_per_minute: 30}

Make a key and its hash with `python -m zoom_mcp.auth.api_keys NAME` (prints both and a keys-file entry),
or hash one you chose without zoom-mcp:

    python -c "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())" 'the-key'

Clients send `Authorization: Bearer <key>` or `X-API-Key: <key>`. Presented keys are hashed and compared
with every stored hash in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final

from pydantic import BeforeValidator, Field, StringConstraints, field_validator

from zoom_mcp.auth.caller import API_KEY_KIND, CallerAccessToken, caller_id
from zoom_mcp.auth.policy_files import (
    POLICY_REF_RULE,
    NamedPolicies,
    PolicyFileError,
    PolicyRef,
    entry_place,
    named_policies,
    parse_file,
    read_policy_file,
    resolve_policy,
)
from zoom_mcp.config_files import StrictModel, secret_field
from zoom_mcp.policy import Caller, CallerPolicy

_SHA256_HEX: Final = re.compile(r"^[0-9a-f]{64}$")
KEY_PREFIX: Final = "zmcp_"


def _normalise_digest(value: Any) -> str:
    return str(value).strip().lower() if value is not None else ""


def hash_api_key(key: str) -> str:
    """The value to store as `key_sha256`: the lowercase hex SHA-256 of the key's UTF-8 bytes."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def generate_api_key() -> str:
    """A new random API key (256 bits, URL-safe)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class ApiKey:
    """One entry of the keys file."""

    name: str
    key_sha256: str
    policy: CallerPolicy

    def __repr__(self) -> str:  # never print even the hash in full
        return f"ApiKey(name={self.name!r}, key_sha256={self.key_sha256[:8]}..., policy={self.policy.name!r})"


class KeyEntry(StrictModel):
    """One entry of the keys file, as written."""

    noun = "field"

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        description="must be a non-empty text naming the caller (it identifies the caller in the audit trail)"
    )
    key_sha256: Annotated[str, BeforeValidator(_normalise_digest)] = secret_field(
        description="must be the 64-character hex SHA-256 of the key"
    )
    policy: PolicyRef | None = Field(default=None, description=POLICY_REF_RULE)

    @field_validator("key_sha256")
    @classmethod
    def _digest_only(cls, value: str) -> str:
        if not _SHA256_HEX.match(value):
            raise ValueError(
                "must be the 64-character hex SHA-256 of the key; make one with "
                "`python -m zoom_mcp.auth.api_keys NAME`. Never store the key itself."
            )
        return value


class KeysFile(StrictModel):
    """The keys file: optional named policies and the keys (a bare list of entries is accepted too)."""

    policies: NamedPolicies = Field(default_factory=dict, description="must map policy names to policy fields")
    keys: list[KeyEntry] = Field(
        min_length=1, description="must be a non-empty list of {name, key_sha256, policy} entries"
    )


def load_api_keys(path: Path) -> list[ApiKey]:
    """Read and check a keys file; raise `PolicyFileError` saying what is wrong and where."""
    data = read_policy_file(path)
    if isinstance(data, list):
        data = {"keys": data}
    if not isinstance(data, dict):
        raise PolicyFileError(f"{path}: expected a `keys:` list of {{name, key_sha256, policy}} entries.")
    raw_keys = data.get("keys")
    names = {
        index: str(entry["name"])
        for index, entry in enumerate(raw_keys if isinstance(raw_keys, list) else [])
        if isinstance(entry, dict) and isinstance(entry.get("name"), str)
    }
    parsed = parse_file(path, KeysFile, data, entry_place("keys", names))
    policies = named_policies(parsed.policies)
    keys = [
        ApiKey(
            name=entry.name,
            key_sha256=entry.key_sha256,
            policy=resolve_policy(entry.policy, entry.name, policies, f"{path}: keys[{index}] ({entry.name})"),
        )
        for index, entry in enumerate(parsed.keys)
    ]
    names_seen = [key.name for key in keys]
    duplicates = sorted({name for name in names_seen if names_seen.count(name) > 1})
    if duplicates:
        raise PolicyFileError(f"{path}: key names must be unique; repeated: {duplicates}.")
    if len({key.key_sha256 for key in keys}) != len(keys):
        raise PolicyFileError(f"{path}: two entries have the same key_sha256; give every caller its own key.")
    return keys


class ApiKeyVerifier:
    """`TokenVerifier` for API keys: a presented key resolves to its entry's caller, or to nothing."""

    def __init__(self, keys: Sequence[ApiKey]) -> None:
        self._keys = tuple(keys)

    def lookup(self, presented: str) -> ApiKey | None:
        """The entry whose hash matches `presented`; every stored hash is compared, in constant time."""
        digest = hash_api_key(presented).encode("ascii")
        found: ApiKey | None = None
        for key in self._keys:
            if hmac.compare_digest(digest, key.key_sha256.encode("ascii")):
                found = key
        return found

    async def verify_token(self, token: str) -> CallerAccessToken | None:
        key = self.lookup(token)
        if key is None:
            return None
        return CallerAccessToken(
            token=f"sha256:{key.key_sha256}",  # the raw key never leaves this function
            client_id=caller_id(API_KEY_KIND, key.name),
            scopes=[],
            caller=Caller(id=caller_id(API_KEY_KIND, key.name), policy=key.policy),
        )


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m zoom_mcp.auth.api_keys NAME`: print a new key, its hash and a keys-file entry."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m zoom_mcp.auth.api_keys",
        description="Make a new API key for the hosted endpoint: prints the key once and its keys-file entry.",
    )
    parser.add_argument("name", help="the caller's name (letters, digits, '.', '_' or '-')")
    name = parser.parse_args(list(sys.argv[1:] if argv is None else argv)).name
    if not name or name.startswith("-") or not all(c.isalnum() or c in "._-" for c in name):
        parser.error(f"{name!r} is not a usable name: use letters, digits, '.', '_' or '-'")
    key = generate_api_key()
    print(f"key (give it to the caller; it is not stored anywhere): {key}")
    print("keys-file entry:")
    print(f'  - name: {name}\n    key_sha256: "{hash_api_key(key)}"\n    policy: {{read_only: true}}')
    return 0


if __name__ == "__main__":
    sys.exit(main())
