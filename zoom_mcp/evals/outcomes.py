"""What running a scenario produced: one `StepOutcome` per step and a `ScenarioOutcome` per scenario."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["passed", "failed", "not_run"]


@dataclass
class StepOutcome:
    index: int
    id: str
    kind: str
    target: str
    passed: bool = False
    status: str = "ok"  # what the step's result was: ok | error
    calls: int = 0  # tools/call requests this step made (the token flow makes two)
    bytes: int = 0  # size of the result as JSON
    seconds: float = 0.0
    asked: bool = False  # whether the server asked the person to confirm
    failure: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "id": self.id,
            "kind": self.kind,
            "target": self.target,
            "passed": self.passed,
            "status": self.status,
            "calls": self.calls,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 4),
            "asked": self.asked,
            "failure": self.failure,
        }


@dataclass
class ScenarioOutcome:
    name: str
    source: str
    transport: str
    era: str
    status: Status = "failed"
    steps: list[StepOutcome] = field(default_factory=list)
    seconds: float = 0.0
    failure: str | None = None
    note: str | None = None  # e.g. "not run (no model key)"

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def calls(self) -> int:
        return sum(s.calls for s in self.steps)

    @property
    def bytes(self) -> int:
        return sum(s.bytes for s in self.steps)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.source,
            "transport": self.transport,
            "era": self.era,
            "status": self.status,
            "passed": self.passed,
            "steps": [s.to_json() for s in self.steps],
            "calls": self.calls,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 4),
            "failure": self.failure,
            "note": self.note,
        }
