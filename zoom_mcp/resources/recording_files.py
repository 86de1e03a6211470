"""Cloud recording answers: remove secrets for the recordings resource, pick the transcript file.

`sanitize_recording` drops every token and passcode (`download_access_token`, `password`,
`recording_play_passcode`, any key naming a token) and removes token-bearing query parameters
(`access_token`, `token`, `pwd`, `tk`, `signature`, ...) from every URL, recursively.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SECRET_KEYS = frozenset({"download_access_token", "password", "recording_play_passcode", "passcode", "access_token"})
_SECRET_KEY_PARTS = ("token", "password", "passcode", "secret")
_SECRET_QUERY_PARTS = ("token", "pwd", "password", "passcode", "signature", "secret", "jwt", "auth", "key")
_SECRET_QUERY_NAMES = frozenset({"tk", "sig", "x-amz-signature", "x-amz-credential", "x-amz-security-token"})
TRANSCRIPT_FILE_TYPES = ("TRANSCRIPT", "CC")


def is_secret_key(key: str) -> bool:
    lowered = key.lower()
    return lowered in SECRET_KEYS or any(part in lowered for part in _SECRET_KEY_PARTS)


def is_secret_query_name(name: str) -> bool:
    lowered = name.lower()
    return lowered in _SECRET_QUERY_NAMES or any(part in lowered for part in _SECRET_QUERY_PARTS)


def strip_url_secrets(url: str) -> str:
    """The URL without token-bearing query parameters (and without any user:password part)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_secret_query_name(k)]
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), ""))


def sanitize_recording(value: Any) -> Any:
    """A deep copy of a recording answer with every token, passcode and URL secret removed."""
    if isinstance(value, Mapping):
        return {str(k): sanitize_recording(v) for k, v in value.items() if not is_secret_key(str(k))}
    if isinstance(value, list):
        return [sanitize_recording(v) for v in value]
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return strip_url_secrets(value)
    return value


def recording_files(recording: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    files = recording.get("recording_files")
    return [f for f in files if isinstance(f, Mapping)] if isinstance(files, list) else []


def find_transcript_file(recording: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The audio transcript file (TRANSCRIPT), else the closed captions (CC); None when neither exists."""
    files = recording_files(recording)
    for file_type in TRANSCRIPT_FILE_TYPES:
        for item in files:
            if str(item.get("file_type", "")).upper() == file_type:
                return item
    for item in files:
        if str(item.get("recording_type", "")).lower() == "audio_transcript":
            return item
    return None


def is_processing(item: Mapping[str, Any]) -> bool:
    return str(item.get("status", "")).lower() == "processing"


def any_processing(recording: Mapping[str, Any]) -> bool:
    return any(is_processing(f) for f in recording_files(recording)) or is_processing(recording)
