"""The README starts with the two commands a new user runs, and CI runs the second one."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_starts_with_run_and_test_commands() -> None:
    lines = (ROOT / "README.md").read_text().splitlines()
    assert lines[2] == "```sh"
    assert "zoom-mcp serve" in lines[3]
    assert "pytest" in lines[4]
    assert lines[5] == "```"


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "sed -n '5p' README.md" in script
