"""The input schema of a multipart file field: inline content on every transport, a path only over stdio.

A file argument takes either

- an object `{"content_base64", "filename", "media_type"}`: the file's bytes, base64-encoded, capped at
  Zoom's size limit for that upload (`content_base64`'s `maxLength` is the base64 length of that many
  bytes; the server checks the decoded size exactly), or
- a string: the path of a file inside the directory the operator named with `zoom-mcp serve --upload-dir`
  (stdio only; the hosted endpoint never reads a local path).

The alternatives sit in an `anyOf` under the argument, never at the schema root (clients reject root
unions). The limit comes from the operation's own description ("The wallpaper file size cannot exceed
15 megabytes."), which is how Zoom documents it for the webinar branding uploads, the only multipart
operations of the Meetings API; `DEFAULT_UPLOAD_MAX_BYTES` applies when a description states none.
The compiler records the limit in the operation's `arguments` entry as `maxBytes`.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

JSONSchema = dict[str, Any]

# Zoom's documented limit for the webinar branding wallpaper and virtual background uploads
# (../shared/reference/zoom-meetings-api.txt: "file size cannot exceed 15 megabytes (MB)"), read as
# decimal megabytes, the stricter reading. Used for an upload whose description states no limit.
DEFAULT_UPLOAD_MAX_BYTES: Final = 15_000_000
MAX_FILENAME_CHARS: Final = 255
MEDIA_TYPE_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$"
FILE_MARKER: Final = "x-file"  # carries {"maxBytes": N} from the schema to the compiler's arguments map

_LIMIT = re.compile(r"file size cannot exceed\s+(\d+(?:\.\d+)?)\s*(megabytes|mb|m|kilobytes|kb|k)\b", re.IGNORECASE)
_UNIT = {"megabytes": 1_000_000, "mb": 1_000_000, "m": 1_000_000, "kilobytes": 1_000, "kb": 1_000, "k": 1_000}


def is_file_field(schema: JSONSchema) -> bool:
    """Whether a multipart body field carries file bytes (`format: binary|base64` or content keywords)."""
    file_keywords = {"contentMediaType", "contentEncoding"} & set(schema)
    return schema.get("format") in ("binary", "base64") or bool(file_keywords)


def upload_limit(description: str) -> int:
    """Zoom's size limit for an upload, in bytes, from the operation's description (else the default)."""
    found = _LIMIT.search(description or "")
    if found is None:
        return DEFAULT_UPLOAD_MAX_BYTES
    return int(float(found.group(1)) * _UNIT[found.group(2).lower()])


def base64_length(size: int) -> int:
    """Characters of the padded base64 encoding of `size` bytes."""
    return 4 * math.ceil(size / 3)


def file_argument_schema(field_schema: JSONSchema, operation_description: str) -> JSONSchema:
    """The argument schema of a multipart file field (marked with `x-file` for the arguments map)."""
    limit = upload_limit(operation_description)
    # Zoom's own field text ("The wallpaper's file path, in binary format") would mislead: it is replaced.
    description = (
        f"The file to upload: inline as content_base64 (at most {limit} bytes decoded), filename and "
        "media_type; or, over stdio only, the path of a file inside the server's --upload-dir."
    )
    inline: JSONSchema = {
        "type": "object",
        "title": "Inline file",
        "properties": {
            "content_base64": {
                "type": "string",
                "contentEncoding": "base64",
                "maxLength": base64_length(limit),
                "description": f"The file's bytes, base64-encoded (standard alphabet); at most {limit} bytes.",
            },
            "filename": {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_FILENAME_CHARS,
                "description": "File name with its extension, e.g. wallpaper.png.",
            },
            "media_type": {
                "type": "string",
                "pattern": MEDIA_TYPE_PATTERN,
                "description": "Media type of the file, e.g. image/png.",
            },
        },
        "required": ["content_base64", "filename", "media_type"],
        "additionalProperties": False,
    }
    path: JSONSchema = {
        "type": "string",
        "title": "Path (stdio only)",
        "description": "Path of a file inside the directory given to zoom-mcp serve --upload-dir; refused over HTTP.",
    }
    return {"description": description, "anyOf": [inline, path], FILE_MARKER: {"maxBytes": limit}}
