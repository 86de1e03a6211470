"""Config files read by pydantic models: unknown keys refused, errors that name the file, the key and the fix.

Every file zoom-mcp reads that a person writes (API keys, scope policies, eval scenarios, prompt front
matter) is checked by a `StrictModel`: `extra="forbid"`, with each field's `description` stating the rule
("must be true or false") so that `describe_errors` can say what to fix. It turns a `ValidationError` into
lines like

    keys.yaml: keys[1].policy: `confirm` must be one of elicit, token, never; got 'maybe'
    keys.yaml: keys[0]: unknown field `key`; allowed: key_sha256, name, policy
    keys.yaml: keys[2]: `name` is required (it identifies the caller in the audit trail)

A field marked `secret_field()` never has its value echoed (a key pasted where its hash belongs).
Tagged unions (`Discriminator` + `Tag`) are walked through; their tags do not appear in locations.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, ClassVar, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, Tag, ValidationError
from pydantic.fields import FieldInfo

Location = tuple[int | str, ...]

_SECRET: typing.Final = "zoom-mcp-secret"


class StrictModel(BaseModel):
    """Base of every config-file model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    noun: ClassVar[str] = "key"
    """How an unknown key is called in messages (`unknown policy field ...`)."""


def secret_field(**kwargs: Any) -> Any:
    """A `Field` whose value is never repeated in error messages."""
    return Field(json_schema_extra={_SECRET: True}, **kwargs)


def read_yaml_or_json(path: Path, error: type[Exception]) -> Any:
    """Parse a YAML or JSON file (JSON is YAML, but `.json` files get JSON's error messages)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise error(f"Cannot read {path}: {reason}. Check the path and its permissions.") from exc
    is_json = path.suffix.lower() == ".json"
    try:
        return json.loads(text) if is_json else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise error(f"{path} is not valid {'JSON' if is_json else 'YAML'}: {exc}") from exc


def dotted(location: Location) -> str:
    """`('keys', 0, 'policy')` -> `keys[0].policy`."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def describe_errors(
    error: ValidationError,
    model: type[BaseModel],
    *,
    source: str,
    place: Callable[[Location], str] = dotted,
) -> str:
    """One line per problem: `<source>: <where>: <what is wrong and what to write instead>`."""
    lines: list[str] = []
    for item in error.errors(include_url=False):
        location, owner, info, container = _resolve(model, tuple(item["loc"]))
        kind = item["type"]
        key = location[-1] if location else None
        parent = location[:-1] if location else ()
        if kind == "extra_forbidden":
            noun = owner.noun if owner is not None and issubclass(owner, StrictModel) else "key"
            allowed = ", ".join(sorted(_keys(owner))) if owner is not None else ""
            text = f"unknown {noun} `{key}`" + (f"; allowed: {allowed}" if allowed else "")
        elif kind == "missing":
            rule = info.description if info is not None and info.description else ""
            text = f"`{key}` is required" + (f" ({rule})" if rule else "")
        elif container:  # an item of a list or mapping: the full location, then the container's rule
            text = _problem(item, None, None)
            rule = info.description if info is not None and info.description else ""
            text += f"; `{container}` {rule}" if rule else ""
            parent = location
        else:
            text = _problem(item, key if isinstance(key, str) else None, info)
        where = place(parent) if parent else ""
        lines.append(f"{source}: {where}: {text}" if where else f"{source}: {text}")
    return "\n".join(dict.fromkeys(lines))


def _problem(item: Mapping[str, Any], key: str | None, info: FieldInfo | None) -> str:
    message = str(item["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    secret = info is not None and isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get(_SECRET)
    shown = "" if secret else _shown(item.get("input"))
    if item["type"] in ("value_error", "assertion_error"):
        text = message
    elif info is not None and info.description:
        text = info.description + (f"; got {shown}" if shown else "")
    else:
        text = message[:1].lower() + message[1:] + (f"; got {shown}" if shown else "")
    return f"`{key}` {text}" if key else text


def _shown(value: Any) -> str:
    if isinstance(value, Mapping | list):
        return ""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _resolve(model: type[BaseModel], loc: Location) -> tuple[Location, type[BaseModel] | None, FieldInfo | None, str]:
    """The location without union tags, the model owning the last key, that key's field (when known), and
    when the last key is an item of a list or mapping, the name of that container (whose field is given)."""
    clean: list[int | str] = []
    current: Any = model
    owner: type[BaseModel] | None = None
    info: FieldInfo | None = None
    field_name = ""
    container = ""
    for part in loc:
        current, tags = _unwrap(current)
        if isinstance(part, str) and part in tags:
            current = tags[part]
            continue
        clean.append(part)
        if isinstance(current, type) and issubclass(current, BaseModel):
            owner, container, field_name = current, "", str(part)
            info = current.model_fields.get(field_name)
            current = info.annotation if info is not None else None
            continue
        owner, container = None, container or field_name
        origin = get_origin(current)
        arguments = get_args(current)
        if origin in (list, tuple, set, frozenset, Sequence) and arguments:
            current = arguments[0]
        elif origin in (dict, Mapping) and len(arguments) == 2:
            current = arguments[1]
        else:
            current = None
    return tuple(clean), owner, info, container


def _unwrap(annotation: Any) -> tuple[Any, dict[str, Any]]:
    """Strip `Annotated` and `X | None`; for a tagged union return its members by tag."""
    tags: dict[str, Any] = {}
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            for member in members:
                if get_origin(member) is Annotated:
                    for extra in get_args(member)[1:]:
                        if isinstance(extra, Tag):
                            tags[extra.tag] = get_args(member)[0]
            if len(members) == 1:
                annotation = members[0]
                continue
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            annotation = models[0] if len(models) == 1 and not tags else annotation
        return annotation, tags
