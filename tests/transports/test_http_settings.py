"""HttpSettings: command-line flags, safety checks, Host/Origin defaults."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from zoom_mcp.transports.settings import (
    HttpConfigError,
    HttpSettings,
    add_http_arguments,
    check_http_settings,
    is_loopback,
    settings_from_args,
    transport_security,
)


def _parse(*argv: str) -> HttpSettings:
    parser = argparse.ArgumentParser()
    add_http_arguments(parser)
    return settings_from_args(parser.parse_args(list(argv)))


def test_flags_become_settings(tmp_path: Path) -> None:
    keys = tmp_path / "keys.yaml"
    keys.write_text(f"keys: [{{name: a, key_sha256: '{'a' * 64}'}}]")
    scopes = tmp_path / "scopes.yaml"
    scopes.write_text("scopes: {zoom-mcp:read: {read_only: true}}")
    settings = _parse(
        "--host", "0.0.0.0", "--port", "9000", "--stateless", "--allowed-hosts", "a.example, a.example:*",
        "--allowed-origins", "https://a.example", "--max-body-bytes", "2048", "--max-sessions", "5",
        "--api-keys", str(keys), "--jwks-url", "https://idp.example/jwks", "--issuer", "https://idp.example",
        "--audience", "zoom-mcp", "--scope-policies", str(scopes),
    )  # fmt: skip
    assert settings.host == "0.0.0.0" and settings.port == 9000 and settings.stateless
    assert settings.allowed_hosts == ("a.example", "a.example:*")
    assert settings.allowed_origins == ("https://a.example",)
    assert settings.max_body_bytes == 2048 and settings.max_sessions == 5
    assert settings.api_keys_file == keys and settings.scope_policies_file == scopes
    assert settings.auth_enabled and settings.jwt_enabled
    check_http_settings(settings)


def test_unsafe_flags_and_bad_auth_files_are_refused_when_parsed(tmp_path: Path) -> None:
    with pytest.raises(HttpConfigError, match="without authentication"):
        _parse("--host", "0.0.0.0", "--allowed-hosts", "a.example")
    bad = tmp_path / "keys.yaml"
    bad.write_text("keys: [{name: a, key_sha256: the-key-itself}]")
    with pytest.raises(HttpConfigError, match="64-character hex"):
        _parse("--api-keys", str(bad))
    with pytest.raises(HttpConfigError, match="Cannot read"):
        _parse("--api-keys", str(tmp_path / "missing.yaml"))


def test_session_records_live_a_minute_unless_told_otherwise() -> None:
    assert _parse().session_record_seconds == 60
    assert _parse("--session-record-seconds", "6").session_record_seconds == 6
    with pytest.raises(HttpConfigError, match="at least 3"):
        _parse("--session-record-seconds", "0")


def test_defaults_are_loopback_stateful_with_a_one_mebibyte_body_limit() -> None:
    settings = _parse()
    assert settings == HttpSettings()
    assert settings.host == "127.0.0.1" and not settings.stateless and settings.max_body_bytes == 1024 * 1024
    check_http_settings(settings)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (HttpSettings(host="0.0.0.0", allowed_hosts=("a",)), "without authentication"),
        (HttpSettings(host="0.0.0.0", api_keys_file=Path("k.yaml")), "--allowed-hosts"),
        (HttpSettings(jwks_file=Path("j.json"), audience="a", scope_policies_file=Path("s")), "--issuer"),
        (HttpSettings(jwks_file=Path("j.json"), issuer="i", audience="a"), "--scope-policies"),
        (
            HttpSettings(jwks_file=Path("j"), jwks_url="u", issuer="i", audience="a", scope_policies_file=Path("s")),
            "not both",
        ),
        (HttpSettings(issuer="https://idp.example"), "only apply with"),
        (HttpSettings(max_body_bytes=0), "--max-body-bytes"),
        (HttpSettings(session_record_seconds=1), "--session-record-seconds must be at least 3"),
        (HttpSettings(session_record_seconds=float("inf")), "--session-record-seconds"),
    ],
)
def test_unsafe_or_contradictory_settings_are_refused(settings: HttpSettings, message: str) -> None:
    with pytest.raises(HttpConfigError, match=message):
        check_http_settings(settings)


def test_loopback_detection() -> None:
    assert all(is_loopback(host) for host in ("127.0.0.1", "127.5.0.1", "localhost", "::1", "[::1]"))
    assert not any(is_loopback(host) for host in ("0.0.0.0", "192.0.2.1", "example.com", "::"))


def test_host_and_origin_checks_are_on_for_every_bind_address() -> None:
    loopback = transport_security(HttpSettings())
    assert loopback.enable_dns_rebinding_protection
    assert "127.0.0.1:*" in loopback.allowed_hosts and "localhost" in loopback.allowed_hosts
    assert "http://localhost:*" in loopback.allowed_origins
    public = transport_security(HttpSettings(host="192.0.2.10", api_keys_file=Path("k")))
    assert public.enable_dns_rebinding_protection
    assert public.allowed_hosts == ["192.0.2.10", "192.0.2.10:*"] and public.allowed_origins == []
    chosen = transport_security(
        HttpSettings(host="0.0.0.0", allowed_hosts=("a.example",), allowed_origins=("https://a.example",))
    )
    assert chosen.allowed_hosts == ["a.example"] and chosen.allowed_origins == ["https://a.example"]


def test_resource_url_defaults_to_the_mcp_endpoint() -> None:
    assert HttpSettings(port=8123).public_resource_url == "http://127.0.0.1:8123/mcp"
    assert (
        HttpSettings(resource_url="https://mcp.example.com/mcp/").public_resource_url == "https://mcp.example.com/mcp"
    )


async def test_the_verifier_is_built_once_from_the_flags_and_handed_to_the_app(tmp_path: Path) -> None:
    from zoom_mcp.auth.api_keys import hash_api_key
    from zoom_mcp.auth.policy_files import PolicyFileError
    from zoom_mcp.metrics import Metrics
    from zoom_mcp.transports.demo_server import DemoServer
    from zoom_mcp.transports.http import build_http_app

    keys = tmp_path / "keys.yaml"
    keys.write_text(f"keys: [{{name: ops, key_sha256: '{hash_api_key('k')}'}}]")
    settings = _parse("--api-keys", str(keys))
    assert settings.verifier is not None and settings.verifier.api_keys is not None
    assert (await settings.verifier.verify_token("k")) is not None
    keys.unlink()  # the app must not read the file again: it uses the verifier the flags produced
    build_http_app(DemoServer(Metrics()).server, settings, metrics=Metrics())
    with pytest.raises(PolicyFileError, match="Cannot read"):  # without a verifier, it would have read it
        build_http_app(DemoServer(Metrics()).server, HttpSettings(api_keys_file=keys), metrics=Metrics())


def test_a_bad_auth_file_is_an_http_config_error_caused_by_the_auth_package(tmp_path: Path) -> None:
    from zoom_mcp.auth.config import AuthConfigError

    bad = tmp_path / "keys.yaml"
    bad.write_text("keys: [{name: a, key_sha256: x, colour: red}]")
    with pytest.raises(HttpConfigError) as raised:
        _parse("--api-keys", str(bad))
    assert isinstance(raised.value.__cause__, AuthConfigError)
    assert f"{bad}: keys[0] (a): unknown field `colour`; allowed: key_sha256, name, policy" in str(raised.value)
