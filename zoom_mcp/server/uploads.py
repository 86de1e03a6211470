"""File arguments of multipart tools: where the bytes may come from.

A file argument (`format: binary` in the operation's `arguments` map; schema in `catalog/uploads.py`) is

- inline, on every transport: `{"content_base64", "filename", "media_type"}`, decoded and capped at the
  operation's `maxBytes` (Zoom's documented limit for that upload); or
- a path, read only when serving stdio AND the operator named a directory with `--upload-dir DIR`
  (or `ZOOM_MCP_UPLOAD_DIR`): the path (relative to that directory, or absolute) is resolved with every
  symlink followed and must land on a regular file inside the directory. The hosted endpoint never
  reads a path, whatever its configuration: a request that came over HTTP is refused before any file
  system access.

Every refusal of a path reads the same (`path_refusal`), whether the file exists, is outside the
directory, is a directory, a device or a dangling link, so that no answer tells a caller which files
exist. Nothing is sent to Zoom after a refusal.
"""

from __future__ import annotations

import base64
import binascii
import logging
import mimetypes
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from zoom_mcp.catalog.uploads import DEFAULT_UPLOAD_MAX_BYTES, MAX_FILENAME_CHARS, MEDIA_TYPE_PATTERN
from zoom_mcp.zoom_client import UploadFile

logger = logging.getLogger("zoom_mcp.server")

UPLOAD_DIR_ENV: Final = "ZOOM_MCP_UPLOAD_DIR"
_MEDIA_TYPE = re.compile(MEDIA_TYPE_PATTERN)
_INLINE_EXAMPLE: Final = (
    '{"content_base64": "<base64 of the file>", "filename": "wallpaper.png", "media_type": "image/png"}'
)


class UploadRefused(ValueError):
    """A file argument cannot be used; the message says what to send instead. Nothing was read or sent."""


@dataclass(frozen=True)
class UploadSettings:
    """`directory`: the operator's upload directory (resolved), or None; `paths_allowed`: serving stdio."""

    directory: Path | None = None
    paths_allowed: bool = False

    @classmethod
    def for_stdio(cls, directory: str | os.PathLike[str] | None) -> UploadSettings:
        """Paths allowed inside `directory` (which must exist); without a directory every path is refused."""
        if directory is None or str(directory) == "":
            return cls(directory=None, paths_allowed=True)
        resolved = Path(os.path.realpath(directory))
        if not resolved.is_dir():
            raise ValueError(f"--upload-dir {directory}: not an existing directory")
        return cls(directory=resolved, paths_allowed=True)


def path_refusal(argument: str) -> str:
    """The one answer to every refused path (the same whether or not the file exists)."""
    return (
        f"{argument}: the file path was refused; nothing was read and nothing was sent to Zoom. A path is read "
        "only when the server runs over stdio and was started with --upload-dir DIR (or ZOOM_MCP_UPLOAD_DIR), "
        "and only for a regular file inside that directory. Send the file inline instead: "
        f"{argument}={_INLINE_EXAMPLE}."
    )


def file_arguments(argument_map: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
    """{argument name: its size limit in bytes} for the file arguments of one operation."""
    return {
        name: int(entry.get("maxBytes") or DEFAULT_UPLOAD_MAX_BYTES)
        for name, entry in argument_map.items()
        if entry.get("format") == "binary"
    }


def resolve_uploads(
    arguments: Mapping[str, Any],
    argument_map: Mapping[str, Mapping[str, Any]],
    settings: UploadSettings,
    *,
    over_http: bool,
) -> dict[str, UploadFile]:
    """{argument name: UploadFile} for every file argument present; raises `UploadRefused`."""
    resolved: dict[str, UploadFile] = {}
    for name, limit in file_arguments(argument_map).items():
        value = arguments.get(name)
        if value is None:
            continue
        if isinstance(value, Mapping):
            resolved[name] = inline_file(name, value, limit)
        elif isinstance(value, str):
            if over_http or not settings.paths_allowed or settings.directory is None:
                logger.info("upload path refused for %s", name)
                raise UploadRefused(path_refusal(name))
            resolved[name] = read_inside(name, value, settings.directory, limit)
        else:
            raise UploadRefused(f"{name}: expected an object {_INLINE_EXAMPLE}; nothing was sent to Zoom.")
    return resolved


def inline_file(argument: str, value: Mapping[str, Any], limit: int) -> UploadFile:
    """Decode `{"content_base64", "filename", "media_type"}`; the decoded size must be at most `limit`."""
    encoded, filename, media_type = value.get("content_base64"), value.get("filename"), value.get("media_type")
    if not isinstance(encoded, str) or not isinstance(filename, str) or not isinstance(media_type, str):
        raise UploadRefused(
            f"{argument}: content_base64, filename and media_type are all required strings, e.g. "
            f"{_INLINE_EXAMPLE}. Nothing was sent to Zoom."
        )
    compact = "".join(encoded.split())
    if len(compact) > 4 * ((limit + 2) // 3):
        raise UploadRefused(_too_large(argument, (len(compact) * 3) // 4, limit))
    try:
        content = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise UploadRefused(
            f"{argument}.content_base64 is not valid base64 (standard alphabet A-Z a-z 0-9 + /, '=' padding). "
            "Encode the file's bytes again; nothing was sent to Zoom."
        ) from None
    if len(content) > limit:
        raise UploadRefused(_too_large(argument, len(content), limit))
    name = filename.strip()
    if not name or len(name) > MAX_FILENAME_CHARS or name in {".", ".."} or any(c in name for c in "/\\\x00"):
        raise UploadRefused(
            f"{argument}.filename must be a plain file name with its extension (no directories), at most "
            f"{MAX_FILENAME_CHARS} characters, e.g. wallpaper.png. Nothing was sent to Zoom."
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise UploadRefused(f"{argument}.filename contains control characters; nothing was sent to Zoom.")
    if not _MEDIA_TYPE.match(media_type.strip()):
        raise UploadRefused(
            f"{argument}.media_type must look like type/subtype, e.g. image/png; got {media_type[:40]!r}. "
            "Nothing was sent to Zoom."
        )
    return UploadFile(filename=name, content=content, media_type=media_type.strip())


def read_inside(argument: str, raw: str, directory: Path, limit: int) -> UploadFile:
    """Read a regular file that, with every symlink resolved, lies inside `directory` (already resolved)."""
    refused = UploadRefused(path_refusal(argument))
    if not raw or "\x00" in raw:
        raise refused
    candidate = Path(raw)
    if not candidate.is_absolute():
        candidate = directory / candidate
    try:
        real = Path(os.path.realpath(candidate, strict=True))
    except (OSError, ValueError):
        logger.info("upload path refused for %s", argument)
        raise refused from None
    if real == directory or not real.is_relative_to(directory):
        logger.info("upload path refused for %s", argument)
        raise refused
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(real, flags)
    except OSError:
        logger.info("upload path refused for %s", argument)
        raise refused from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            logger.info("upload path refused for %s", argument)
            raise refused
        if info.st_size > limit:
            raise UploadRefused(_too_large(argument, info.st_size, limit))
        with os.fdopen(os.dup(fd), "rb") as handle:
            content = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(content) > limit:
        raise UploadRefused(_too_large(argument, len(content), limit))
    media_type = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
    return UploadFile(filename=real.name, content=content, media_type=media_type)


def _too_large(argument: str, size: int, limit: int) -> str:
    return (
        f"{argument}: the file is {size} bytes; Zoom accepts at most {limit} bytes for this upload. "
        "Send a smaller file; nothing was sent to Zoom."
    )
