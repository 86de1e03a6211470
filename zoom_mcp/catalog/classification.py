"""Annotations for each operation: read-only, destructive, idempotent, danger, destructive argument values.

Default rule: GET is read-only; DELETE is destructive; POST, PUT and PATCH are not. GET, PUT and
DELETE are idempotent. `tool_specs/classification.json` overrides the rule per operation (keyed by
operationId, or by "METHOD /path") with a reason, sets `danger` ("normal" | "high") and lists the
argument values that make an otherwise safe call destructive (`destructiveWhen`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zoom_mcp.catalog.openapi_model import Operation

DANGER_LEVELS = ("normal", "high")
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ClassificationError(ValueError):
    """classification.json is malformed or refers to unknown operations."""


@dataclass(frozen=True)
class Classification:
    read_only: bool
    destructive: bool
    idempotent: bool
    danger: str
    destructive_when: list[dict[str, Any]]

    @property
    def gated(self) -> bool:
        """Calls need a confirmation (always, or for some argument values)."""
        return self.destructive or bool(self.destructive_when)

    def annotations(self, title: str) -> dict[str, Any]:
        return {
            "title": title,
            "readOnlyHint": self.read_only,
            "destructiveHint": self.destructive,
            "idempotentHint": self.idempotent,
            "openWorldHint": True,
        }


def operation_key(operation: Operation) -> str:
    return operation.operation_id or f"{operation.method} {operation.path}"


def load_rules(path: Path) -> dict[str, dict[str, Any]]:
    """The per-operation entries of classification.json (empty when the file does not exist)."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    operations = data.get("operations", {})
    if not isinstance(operations, dict):
        raise ClassificationError(f"{path}: 'operations' must be an object keyed by operationId")
    return operations


def check_rules(
    rules: Mapping[str, Mapping[str, Any]], operations: list[Operation], *, also_known: Collection[str] = ()
) -> list[str]:
    """Problems in the rules: unknown operations, bad danger levels, malformed destructiveWhen.
    `also_known`: operationIds of the other API variant (entries for them are not unknown)."""
    known = {operation_key(op) for op in operations} | set(also_known)
    problems = []
    for key, entry in rules.items():
        if key not in known:
            problems.append(f"classification.json: {key!r} is not an operation of the document; fix or remove it")
        if entry.get("danger", "normal") not in DANGER_LEVELS:
            problems.append(f"classification.json: {key}: danger must be one of {DANGER_LEVELS}")
        for condition in entry.get("destructiveWhen", []):
            if not isinstance(condition.get("when"), dict) or not condition["when"] or not condition.get("reason"):
                problems.append(f"classification.json: {key}: destructiveWhen entries need a 'when' and a 'reason'")
    return problems


def classify(operation: Operation, rules: Mapping[str, Mapping[str, Any]]) -> Classification:
    entry = rules.get(operation_key(operation), {})
    method = operation.method
    read_only = method in _READ_ONLY_METHODS
    destructive = bool(entry.get("destructive", method == "DELETE"))
    return Classification(
        read_only=read_only and not destructive,
        destructive=destructive,
        idempotent=method in _IDEMPOTENT_METHODS,
        danger=str(entry.get("danger", "normal")),
        destructive_when=[dict(condition) for condition in entry.get("destructiveWhen", [])],
    )
