"""`zoom-mcp doctor`: what a person runs when something is off. It reads the same settings as `serve` and
reports the target (sandbox or real Zoom), whether a token could be had (and which setting is wrong when
not, with Zoom's own answer), the API variant and why, the granted scopes against what each toolset needs,
and the rate plan. `checks.diagnose()` gathers the facts, `report` renders them; `command` is the CLI.
"""

from zoom_mcp.doctor.checks import Diagnosis, diagnose

__all__ = ["Diagnosis", "diagnose"]
