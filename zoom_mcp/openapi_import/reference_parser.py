"""Parse the text rendering of Zoom's Meetings OpenAPI document into the typed `Reference` model.

Layout (see /work/shared/notes/reference-format.md): a short header, then `Operations`; each
operation starts with its summary line followed by `- Method:`, `<METHOD> - Path:` and
`<path> - Tags: <tag>`, then free text, `Scopes:`, `Granular Scopes:`, `Rate Limit Label:`, an
optional `Request Body` and `Responses` with one `Status:` line per status. Field lists are parsed
by `field_lines`; examples are JSON after `Example:`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from zoom_mcp.openapi_import.field_lines import parse_field_section
from zoom_mcp.openapi_import.reference_model import Content, ErrorCode, Operation, Reference, Response

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_METADATA_PREFIXES = ("Scopes:", "Granular Scopes:", "Rate Limit Label:")
_SECTION_LINES = ("Request Body", "Responses")
_STATUS_RE = re.compile(r"^Status: (?P<status>\d{3}|default)\s*(?P<text>.*)$")
_ERROR_CODE_RE = re.compile(r"\*\*Error Code:\*\*\s*`?(?P<code>\d+)`?(?P<message>.*?)(?=\*\*Error Code:\*\*|$)")
_PREREQ_RE = re.compile(r"(?:<b>|\*\*)?\bPrerequisites?\b:?(?:</b>|\*\*)?:?", re.IGNORECASE)
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)


class ReferenceFormatError(ValueError):
    """The text reference does not have the expected layout; the message names the line."""


def parse_reference_file(path: Path) -> Reference:
    """Read and parse the text reference at `path`."""
    return parse_reference(path.read_text(encoding="utf-8"))


def parse_reference(text: str) -> Reference:
    """Parse the whole text reference."""
    lines = text.splitlines()
    starts = [i - 1 for i in range(1, len(lines)) if lines[i] == "- Method:"]
    if not starts:
        raise ReferenceFormatError("no operations found (no '- Method:' lines)")
    header = lines[: starts[0]]
    operations = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        operations.append(_parse_operation(lines[start:end], start + 1))
    return _parse_header(header, operations)


def _parse_header(header: list[str], operations: list[Operation]) -> Reference:
    """Lines: title, `- OpenAPI Version:`, `<v> - API Version:`, `<v>`, description, `Servers`, `- URL:`, url."""

    def line_after(predicate: str) -> int:
        for i, line in enumerate(header):
            if line.strip().endswith(predicate) and i + 1 < len(header):
                return i + 1
        raise ReferenceFormatError(f"header has no line ending with {predicate!r}")

    api_version_at = line_after("- API Version:")
    servers = [header[i + 1].strip() for i, line in enumerate(header) if line == "- URL:" and i + 1 < len(header)]
    description = [line for line in header[api_version_at + 1 :] if line not in ("Servers", "Operations")]
    return Reference(
        title=header[0].strip(),
        openapi_version=header[line_after("- OpenAPI Version:")].removesuffix("- API Version:").strip(),
        api_version=header[api_version_at].strip(),
        description=description[0].strip() if description and description[0] != "- URL:" else "",
        servers=servers,
        operations=operations,
    )


def _parse_operation(block: list[str], first_line_no: int) -> Operation:
    where = f"operation at line {first_line_no}"
    if len(block) < 4:
        raise ReferenceFormatError(f"{where}: too short")
    method_line, path_line = block[2], block[3]
    method = method_line.removesuffix(" - Path:").strip()
    if method not in METHODS or not method_line.endswith(" - Path:"):
        raise ReferenceFormatError(f"{where}: expected '<METHOD> - Path:', got {method_line!r}")
    path, tags_sep, tag = path_line.partition(" - Tags: ")
    if not tags_sep or not path.startswith("/"):
        raise ReferenceFormatError(f"{where}: expected '<path> - Tags: <tag>', got {path_line!r}")
    operation = Operation(
        summary=block[0].strip(), method=method, path=path.strip(), tag=tag.strip(), description="", line=first_line_no
    )
    index = 4
    description: list[str] = []
    while index < len(block) and not _is_metadata(block[index]) and block[index] not in _SECTION_LINES:
        description.append(block[index])
        index += 1
    operation.description = "\n".join(description).strip()
    operation.prerequisites = extract_prerequisites(description)
    while index < len(block) and _is_metadata(block[index]):
        _apply_metadata(operation, block[index])
        index += 1
    if index < len(block) and block[index] == "Request Body":
        end = _find(block, "Responses", index)
        operation.request_body = _parse_content(block[index + 1 : end], first_line_no + index + 1)
        index = end
    if index >= len(block) or block[index] != "Responses":
        raise ReferenceFormatError(f"{where}: expected 'Responses' at line {first_line_no + index}")
    operation.responses = _parse_responses(block[index + 1 :], first_line_no + index + 1)
    return operation


def _is_metadata(line: str) -> bool:
    return line.startswith(_METADATA_PREFIXES)


def _find(block: list[str], wanted: str, start: int) -> int:
    for index in range(start, len(block)):
        if block[index] == wanted:
            return index
    return len(block)


def _apply_metadata(operation: Operation, line: str) -> None:
    label, _, value = line.partition(":")
    value = value.strip()
    if label == "Scopes":
        operation.scopes = _split_list(value)
    elif label == "Granular Scopes":
        operation.granular_scopes = _split_list(value)
    else:
        operation.rate_limit_label = value.upper() or None


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def extract_prerequisites(description: list[str]) -> list[str]:
    """The bullets after a `Prerequisites` marker: following `- ` / `* ` lines, or inline `* ` items."""
    for index, line in enumerate(description):
        marker = _PREREQ_RE.search(line)
        if marker is None or _looks_like_prose(line, marker.start(), marker.end()):
            continue
        inline = line[marker.end() :].strip()
        if inline:
            return [item.strip() for item in re.split(r"(?:^|\s)\*\s", inline) if item.strip()]
        return _bullets(description[index + 1 :])
    return []


def _bullets(lines: list[str]) -> list[str]:
    """Leading bullet lines: `- text`, `* text`, or a lone `-` line followed by the text line."""
    bullets: list[str] = []
    after_dash = False
    for line in lines:
        stripped = line.strip()
        if stripped in ("-", "*"):
            after_dash = True
        elif after_dash:
            if stripped.endswith(":"):
                break  # a sub-heading: what follows is prose about a special case
            bullets.append(stripped)
            after_dash = False
        elif stripped.startswith(("- ", "* ")):
            bullets.append(stripped[2:].strip())
        elif bullets or stripped:
            break
    return bullets


def _looks_like_prose(line: str, start: int, end: int) -> bool:
    """True when `Prerequisites` is a word inside a sentence rather than a heading."""
    after = line[end:].strip()
    if not after:
        return False
    return not after.startswith("*")


def _parse_content(lines: list[str], first_line_no: int) -> Content:
    """`Content-Type: X`, then a field list, then optionally `Example:` and JSON."""
    if not lines or not lines[0].startswith("Content-Type:"):
        raise ReferenceFormatError(f"expected 'Content-Type:' at line {first_line_no}")
    content = Content(content_type=lines[0].partition(":")[2].strip())
    example_at = _find(lines, "Example:", 1)
    field_lines = lines[1:example_at]
    if any(line.strip() for line in field_lines):
        content.shape = parse_field_section(field_lines, first_line_no + 1)
    if example_at < len(lines):
        text = "\n".join(lines[example_at + 1 :])
        try:
            content.example, _ = json.JSONDecoder().raw_decode(text)
        except ValueError as exc:
            raise ReferenceFormatError(f"example at line {first_line_no + example_at} is not JSON: {exc}") from exc
        content.has_example = True
    return content


def _parse_responses(lines: list[str], first_line_no: int) -> list[Response]:
    starts = [i for i, line in enumerate(lines) if _STATUS_RE.match(line)]
    if not starts or starts[0] != 0:
        raise ReferenceFormatError(f"expected 'Status:' at line {first_line_no}")
    responses = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        match = _STATUS_RE.match(lines[start])
        assert match is not None
        response = Response(status=match["status"], description=match["text"].strip())
        response.error_codes = parse_error_codes(match["text"])
        body = [line for line in lines[start + 1 : end]]
        if any(line.strip() for line in body):
            response.content = _parse_content(body, first_line_no + start + 1)
        responses.append(response)
    return responses


def parse_error_codes(text: str) -> list[ErrorCode]:
    """Zoom error codes and messages written inline as ``**Error Code:** `3001` <br> Message``."""
    codes = []
    for match in _ERROR_CODE_RE.finditer(text):
        message = " ".join(_BR_RE.sub(" ", match["message"]).split())
        codes.append(ErrorCode(code=int(match["code"]), message=message))
    return codes
