"""Authentication for the hosted HTTP endpoint: API keys, OAuth 2.1 bearer JWTs, and the caller they resolve to.

- `api_keys`: the keys file (hashed keys, each with a policy) and its `TokenVerifier`;
- `jwt_verifier`: bearer JWTs checked against a JWKS, issuer and audience; scopes mapped to policies;
- `policy_files`: reading policies from YAML/JSON mappings;
- `middleware`: the Starlette authentication backend (Authorization: Bearer, or X-API-Key);
- `caller`: `current_caller(default)` inside an MCP handler.
"""
