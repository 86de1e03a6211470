"""Tool descriptions: summary, first paragraph, condensed prerequisites, search hints, scopes, rate limit.

Clients pick tools by searching name + description, so the words people use must be there;
`tool_specs/search-hints.json` ({operationId: phrase}) adds them where Zoom's text lacks them.
`repair_glued_words` lightly restores spacing lost around inline code in Zoom's text
(`Thestart_urlvalue's` -> `The start_url value's`), using the operation's own field names and
enum values so that ordinary words are never split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zoom_mcp.catalog.openapi_model import Operation

MAX_PARAGRAPH = 600
MAX_PREREQUISITE = 300
MAX_PREREQUISITES = 240  # all items together: the tail is mostly background an agent does not need to pick the tool
MAX_FIELD_DESCRIPTION = 300
_EMPHASIS = re.compile(r"\*\*([^*\n]+)\*\*")
_SECTION_START = re.compile(
    r"(?:^|\n)\s*(?:\*\*)?(?:Prerequisites?|Scopes|Granular Scopes|Rate Limit Label)\b|(?:\*\*)?Prerequisites?:", re.I
)
_PREREQUISITES = re.compile(r"(?:\*\*)?Prerequisites?\b:?(?:\*\*)?:?", re.I)
_LINE_BULLET = re.compile(r"(?:^|\n)\s*[-*•]\s+")
# an inline bullet: `* item`, or `- Item` right after the end of a sentence (not `meetings - the host`)
_INLINE_BULLET = re.compile(r"(?:^|\s)[*•]\s+(?=\S)|(?<=[.:;!?)])\s+-\s+(?=[A-Z])")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+\.)\s+")
_TOKEN = re.compile(r"[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*")
_PREFIXES = ("", "The", "the", "a", "an", "to", "of", "and", "or", "in", "if", "If", "your", "this", "This",
             "Use", "use", "Set", "set", "Pass", "pass", "with", "When", "when", "as", "is", "for", "by")  # fmt: skip
_SUFFIXES = ("", "value", "values", "field", "fields", "parameter", "object", "method", "key", "query", "is",
             "are", "to", "and", "or", "in", "of", "the", "for", "as")  # fmt: skip


def build_description(operation: Operation, hint: str | None) -> str:
    known = _known_words(operation)
    summary = _sentence(operation.summary)
    paragraph = _trim(repair_glued_words(first_paragraph(operation.description), known), MAX_PARAGRAPH)
    lines = []
    if summary and not paragraph.lower().startswith(summary.rstrip(".").lower()):
        lines.append(f"{summary} {paragraph}".strip())
    else:
        lines.append(paragraph or summary)
    from_text = prerequisites_from_text(operation.description)
    from_extension = list(operation.prerequisites)
    prerequisites = from_text if len(" ".join(from_text)) > len(" ".join(from_extension)) else from_extension
    if prerequisites:
        items = "; ".join(_trim(repair_glued_words(p, known), MAX_PREREQUISITE).rstrip(".") for p in prerequisites)
        condensed = _trim(items, MAX_PREREQUISITES).rstrip(".")
        lines.append(f"Prerequisites: {condensed}" + ("" if condensed.endswith("…") else "."))
    if hint:
        lines.append(_sentence(hint))
    access = []
    if operation.scopes:
        access.append("Scopes: " + ", ".join(operation.scopes))
    if operation.granular_scopes:
        access.append("granular scopes: " + ", ".join(operation.granular_scopes))
    if operation.rate_limit:
        access.append(f"rate limit: {operation.rate_limit}")
    if access:
        line = "; ".join(access)
        lines.append(line[0].upper() + line[1:] + ".")
    return "\n".join(line for line in lines if line)


def condense_field_description(text: str) -> str:
    """An argument's description on one line, without Markdown emphasis, cut at a sentence near 300 characters."""
    return _trim(" ".join(_EMPHASIS.sub(r"\1", text).split()), MAX_FIELD_DESCRIPTION)


def first_paragraph(description: str) -> str:
    """The description's first paragraph, without the Prerequisites/Scopes sections."""
    match = _SECTION_START.search(description)
    head = description[: match.start()] if match else description
    paragraph = re.split(r"\n\s*\n", head.strip(), maxsplit=1)[0]
    return " ".join(paragraph.split())


def prerequisites_from_text(description: str) -> list[str]:
    """Items after a "Prerequisites" heading (bullet lines or inline `* a * b`), up to the next section."""
    match = _PREREQUISITES.search(description)
    if not match:
        return []
    rest = description[match.end() :]
    end = re.search(r"\n\s*(?:Scopes|Granular Scopes|Rate Limit Label)\b|\n\s*\n", rest, re.I)
    section = rest[: end.start() if end else len(rest)]
    items: list[str] = []
    for line_item in _LINE_BULLET.split(section):
        items.extend(" ".join(item.split()) for item in _INLINE_BULLET.split(" ".join(line_item.split())))
    return [item for item in items if item]


def repair_glued_words(text: str, known: Iterable[str]) -> str:
    """Split tokens like `Thestart_urlvalue's` when their middle is one of the operation's own words."""
    names = {name for name in known if len(name) >= 4 or "_" in name}
    if not names:
        return text

    def fix(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in names:
            return token
        for prefix in _PREFIXES:
            if not token.startswith(prefix):
                continue
            for suffix in _SUFFIXES:
                if suffix and not token.endswith(suffix):
                    continue
                middle = token[len(prefix) : len(token) - len(suffix)]
                if middle in names and (prefix or suffix):
                    return " ".join(part for part in (prefix, middle, suffix) if part)
        return token

    return _TOKEN.sub(fix, text)


def _known_words(operation: Operation) -> set[str]:
    words: set[str] = set()
    stack: list[object] = [p.schema for p in operation.parameters]
    words.update(p.name for p in operation.parameters)
    if operation.body is not None:
        stack.append(operation.body.schema)
    if operation.response_schema is not None:
        stack.append(operation.response_schema)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                words.update(props)
            enum = node.get("enum")
            if isinstance(enum, list):
                words.update(v for v in enum if isinstance(v, str) and v.replace("_", "").isalnum())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return words


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def _trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind(".\n"))
    return cut[: end + 1] if end > limit // 2 else cut.rsplit(" ", 1)[0] + " …"
