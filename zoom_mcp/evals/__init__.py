"""Scripted agent evaluations against the sandbox: `zoom-mcp eval`.

A scenario (YAML) names a starting world (the seeded sandbox plus additions), the steps an agent takes
(tool calls, resource reads, prompt gets, confirmation answers) with expectations, and final checks of the
sandbox state. Each scenario runs on a fresh sandbox through the SDK's real `Client` over the transport it
names. See `scenario.py` for the file format and `references.py` for `${...}` references.
"""

from zoom_mcp.evals.outcomes import ScenarioOutcome, StepOutcome
from zoom_mcp.evals.scenario import Scenario, ScenarioError, Step, load_file, load_scenarios

__all__ = [
    "Scenario",
    "ScenarioError",
    "ScenarioOutcome",
    "Step",
    "StepOutcome",
    "load_file",
    "load_scenarios",
]
