"""Loads `prompts/*.md` (YAML front matter + template body) into PromptSpec objects, validating as it goes.

Every problem raises PromptLoadError naming the file and the field, so a broken prompt file is found at
start-up, not when a client asks for it. The front matter is checked by the pydantic models of
`front_matter.py` (unknown keys refused).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from zoom_mcp.config_files import Location, describe_errors, dotted
from zoom_mcp.prompts.front_matter import FrontMatter
from zoom_mcp.prompts.model import PromptArgumentSpec, PromptResourceSpec, PromptSpec
from zoom_mcp.prompts.templates import argument_placeholders

# libyaml's loader when PyYAML has it (the same safe YAML, ~10x faster: the prompts are read at every start)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
                front = yaml.load("".join(lines[1:index]), Loader=_YAML_LOADER)  # a safe loader
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
    try:
        model = FrontMatter.model_validate(front)
    except ValidationError as exc:
        raise PromptLoadError(describe_errors(exc, FrontMatter, source=str(path), place=_placer(front))) from exc
    if model.name != path.stem:
        raise PromptLoadError(
            f"{path}: name {model.name!r} must match the file name; rename the file to {model.name}.md"
        )
    seen: set[str] = set()
    for argument in model.arguments:
        if argument.name in seen:
            raise PromptLoadError(f"{path}: argument {argument.name!r} is declared twice")
        seen.add(argument.name)
    prompt = PromptSpec(
        name=model.name,
        title=model.title,
        description=model.description,
        body=body,
        source=path,
        arguments=tuple(
            PromptArgumentSpec(
                name=a.name,
                description=a.description,
                required=a.required,
                default=a.default,
                values=None if a.values is None else tuple(a.values),
                complete=a.complete,
            )
            for a in model.arguments
        ),
        resources=tuple(
            PromptResourceSpec(uri=r.uri, name=r.name, description=r.description, mime_type=r.mimeType)
            for r in model.resources
        ),
    )
    templates: list[str | None] = [body]
    for resource in prompt.resources:
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


def _placer(front: dict[str, Any]) -> Callable[[Location], str]:
    """`arguments[1].values[0]` -> `argument 'mode': values[0]` (or `argument #2` before it has a name)."""
    raw = front.get("arguments")
    items = raw if isinstance(raw, list) else []

    def place(location: Location) -> str:
        if len(location) >= 2 and location[0] in ("arguments", "resources") and isinstance(location[1], int):
            item = items[location[1]] if location[0] == "arguments" and location[1] < len(items) else None
            name = item.get("name") if isinstance(item, dict) else None
            head = f"argument {name!r}" if isinstance(name, str) else f"{str(location[0])[:-1]} #{location[1] + 1}"
            rest = dotted(location[2:])
            return f"{head}: {rest}" if rest else head
        return dotted(location)

    return place
