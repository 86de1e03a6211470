"""Loads `prompts/*.md` (YAML front matter + template body) into PromptSpec objects, validating as it goes.

Every problem raises PromptLoadError naming the file and the field, so a broken prompt file is found at
start-up, not when a client asks for it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from zoom_mcp.prompts.model import MEETING_ID_COMPLETER, PromptArgumentSpec, PromptResourceSpec, PromptSpec
from zoom_mcp.prompts.templates import argument_placeholders

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
ARGUMENT_NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
TOP_LEVEL_KEYS = {"name", "title", "description", "arguments", "resources"}
ARGUMENT_KEYS = {"name", "description", "required", "default", "values", "complete"}
RESOURCE_KEYS = {"uri", "name", "description", "mimeType"}
KNOWN_COMPLETERS = {MEETING_ID_COMPLETER}


class PromptLoadError(ValueError):
    """A prompt file is missing, unreadable or invalid; the message names the file and what to fix."""


def default_prompts_directory() -> Path:
    """Where the prompt files are: `prompts/` of a source checkout, else the copy installed with the wheel.

    The wheel installs them as setuptools `data-files` into `<data dir>/share/zoom-mcp/prompts` (the
    environment's data directory, or the user base for `pip install --user`).
    """
    from zoom_mcp.data_files import data_path

    return data_path("prompts")


def load_prompts(directory: Path | str | None = None) -> list[PromptSpec]:
    """Load every `*.md` file of `directory` (default: default_prompts_directory()), sorted by name."""
    folder = Path(directory) if directory is not None else default_prompts_directory()
    if not folder.is_dir():
        raise PromptLoadError(f"prompts directory {folder} does not exist: create it or pass the right directory")
    # Names are unique because each must equal its file name.
    return [load_prompt_file(path) for path in sorted(folder.glob("*.md"))]


def load_prompt_file(path: Path) -> PromptSpec:
    """Parse and validate one prompt file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptLoadError(f"{path}: cannot read the prompt file ({exc})") from exc
    front, body = _split_front_matter(path, text)
    return _build_prompt(path, front, body)


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise PromptLoadError(f"{path}: a prompt file must start with a '---' line opening its YAML front matter")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            try:
                front = yaml.safe_load("".join(lines[1:index]))
            except yaml.YAMLError as exc:
                raise PromptLoadError(f"{path}: the front matter is not valid YAML ({exc})") from exc
            if not isinstance(front, dict):
                raise PromptLoadError(f"{path}: the front matter must be a YAML mapping (name: ..., title: ...)")
            body = "".join(lines[index + 1 :]).strip("\n")
            if not body.strip():
                raise PromptLoadError(f"{path}: the prompt body after the front matter is empty")
            return front, body + "\n"
    raise PromptLoadError(f"{path}: the front matter is not closed: add a '---' line after it")


def _build_prompt(path: Path, front: dict[str, Any], body: str) -> PromptSpec:
    unknown = sorted(set(front) - TOP_LEVEL_KEYS)
    if unknown:
        raise PromptLoadError(f"{path}: unknown front-matter keys {unknown}; allowed: {sorted(TOP_LEVEL_KEYS)}")
    name = _text(path, front, "name", "front matter")
    if not NAME_PATTERN.match(name):
        raise PromptLoadError(f"{path}: name {name!r} must be snake_case (a-z, 0-9, _), at most 64 characters")
    if name != path.stem:
        raise PromptLoadError(f"{path}: name {name!r} must match the file name; rename the file to {name}.md")
    arguments = _arguments(path, front.get("arguments", []))
    resources = _resources(path, front.get("resources", []))
    prompt = PromptSpec(
        name=name,
        title=_text(path, front, "title", "front matter"),
        description=_text(path, front, "description", "front matter"),
        body=body,
        source=path,
        arguments=arguments,
        resources=resources,
    )
    templates: list[str | None] = [body]
    for resource in resources:
        templates += [resource.uri, resource.name, resource.description]
    declared = set(prompt.argument_names)
    for template in templates:
        for placeholder in argument_placeholders(template or ""):
            if placeholder not in declared:
                raise PromptLoadError(
                    f"{path}: placeholder {{{{{placeholder}}}}} is not a declared argument; "
                    f"declare it under 'arguments' or fix the spelling (declared: {sorted(declared)})"
                )
    return prompt


def _arguments(path: Path, raw: Any) -> tuple[PromptArgumentSpec, ...]:
    if not isinstance(raw, list):
        raise PromptLoadError(f"{path}: 'arguments' must be a list of {{name, description, required}} mappings")
    arguments: list[PromptArgumentSpec] = []
    for position, item in enumerate(raw, start=1):
        where = f"argument #{position}"
        if not isinstance(item, dict):
            raise PromptLoadError(f"{path}: {where} must be a mapping with name, description, required")
        unknown = sorted(set(item) - ARGUMENT_KEYS)
        if unknown:
            raise PromptLoadError(f"{path}: {where} has unknown keys {unknown}; allowed: {sorted(ARGUMENT_KEYS)}")
        name = _text(path, item, "name", where)
        where = f"argument {name!r}"
        if not ARGUMENT_NAME_PATTERN.match(name):
            raise PromptLoadError(f"{path}: {where}: the name must be letters, digits and _ only")
        if any(existing.name == name for existing in arguments):
            raise PromptLoadError(f"{path}: {where} is declared twice")
        required = item.get("required", False)
        if not isinstance(required, bool):
            raise PromptLoadError(f"{path}: {where}: 'required' must be true or false")
        values = _values(path, where, item.get("values"))
        default = item.get("default")
        if default is not None and not isinstance(default, str):
            raise PromptLoadError(f"{path}: {where}: 'default' must be a string; quote it (\"{default}\")")
        if default is not None and required:
            raise PromptLoadError(f"{path}: {where}: a required argument cannot have a default; drop one of them")
        if default is not None and values is not None and default not in values:
            raise PromptLoadError(f"{path}: {where}: default {default!r} is not one of its values {list(values)}")
        complete = item.get("complete")
        if complete is not None and complete not in KNOWN_COMPLETERS:
            raise PromptLoadError(f"{path}: {where}: unknown completer {complete!r}; known: {sorted(KNOWN_COMPLETERS)}")
        arguments.append(
            PromptArgumentSpec(
                name=name,
                description=_text(path, item, "description", where),
                required=required,
                default=default,
                values=values,
                complete=complete,
            )
        )
    return tuple(arguments)


def _values(path: Path, where: str, raw: Any) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw:
        raise PromptLoadError(f"{path}: {where}: 'values' must be a non-empty list of strings")
    for value in raw:
        if not isinstance(value, str):
            raise PromptLoadError(f'{path}: {where}: value {value!r} must be a string; quote it ("{value}")')
    return tuple(raw)


def _resources(path: Path, raw: Any) -> tuple[PromptResourceSpec, ...]:
    if not isinstance(raw, list):
        raise PromptLoadError(f"{path}: 'resources' must be a list of {{uri, name, description, mimeType}} mappings")
    resources: list[PromptResourceSpec] = []
    for position, item in enumerate(raw, start=1):
        where = f"resource #{position}"
        if not isinstance(item, dict):
            raise PromptLoadError(f"{path}: {where} must be a mapping with uri and name")
        unknown = sorted(set(item) - RESOURCE_KEYS)
        if unknown:
            raise PromptLoadError(f"{path}: {where} has unknown keys {unknown}; allowed: {sorted(RESOURCE_KEYS)}")
        description = item.get("description")
        mime_type = item.get("mimeType")
        for key, value in (("description", description), ("mimeType", mime_type)):
            if value is not None and not isinstance(value, str):
                raise PromptLoadError(f"{path}: {where}: '{key}' must be a string")
        resources.append(
            PromptResourceSpec(
                uri=_text(path, item, "uri", where),
                name=_text(path, item, "name", where),
                description=description,
                mime_type=mime_type,
            )
        )
    return tuple(resources)


def _text(path: Path, mapping: dict[str, Any], key: str, where: str) -> str:
    value = mapping.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PromptLoadError(f"{path}: {where}: '{key}' is required and must be a non-empty string")
    return value.strip()
