"""The shipped prompt files load and validate; broken files are rejected with messages naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from zoom_mcp.prompts import PromptLoadError, default_prompts_directory, load_prompt_file, load_prompts
from zoom_mcp.prompts.templates import argument_placeholders

REQUIRED_PROMPTS = {
    "recap_meeting",
    "schedule_meeting",
    "run_live_meeting",
    "post_webinar_report",
    "recording_cleanup",
    "account_usage_review",
}

GOOD_FRONT = """---
name: sample
title: Sample
description: A sample prompt.
arguments:
  - name: meetingId
    description: The meeting.
    required: true
"""


def write_prompt(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_prompts_load_from_the_checkout() -> None:
    directory = default_prompts_directory()
    assert directory == Path(__file__).resolve().parents[2] / "prompts"
    prompts = load_prompts()
    assert {prompt.name for prompt in prompts} >= REQUIRED_PROMPTS
    for prompt in prompts:
        assert prompt.title and prompt.description and prompt.body.strip()
        declared = set(prompt.argument_names)
        assert set(argument_placeholders(prompt.body)) <= declared
        assert any(argument.required for argument in prompt.arguments), prompt.name


def test_recap_prompt_links_summary_and_transcript_resources() -> None:
    recap = next(prompt for prompt in load_prompts() if prompt.name == "recap_meeting")
    assert [resource.uri for resource in recap.resources] == [
        "zoom://meetings/{{meetingId}}/summary",
        "zoom://meetings/{{meetingId}}/transcript",
    ]
    meeting_id = recap.argument("meetingId")
    assert meeting_id is not None and meeting_id.required and meeting_id.complete == "meetingId"


def test_a_valid_file_loads_with_its_arguments(tmp_path: Path) -> None:
    path = write_prompt(tmp_path, "sample", GOOD_FRONT + "---\nRecap {{meetingId}} with {{tool:meetingCreate}}.\n")
    prompt = load_prompt_file(path)
    assert prompt.name == "sample"
    assert prompt.argument_names == ["meetingId"]
    assert prompt.body == "Recap {{meetingId}} with {{tool:meetingCreate}}.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no front matter\n", "must start with a '---' line"),
        ("---\nname: sample\n", "front matter is not closed"),
        ("---\nname: [unclosed\n---\nbody\n", "not valid YAML"),
        (GOOD_FRONT + "---\n\n", "body after the front matter is empty"),
        (
            GOOD_FRONT + "colour: red\n---\nbody\n",
            "unknown front-matter key `colour`; allowed: arguments, description, name, resources, title",
        ),
        (GOOD_FRONT.replace("title: Sample\n", "") + "---\nbody\n", "`title` is required"),
        (GOOD_FRONT.replace("name: sample", "name: other") + "---\nbody\n", "must match the file name"),
        (GOOD_FRONT + "---\nRecap {{meetingID}}\n", "placeholder {{meetingID}} is not a declared argument"),
        (GOOD_FRONT + "  - name: answer\n    description: d\n    values: [yes, no]\n---\nb\n", "quote it"),
        (
            GOOD_FRONT + "  - name: mode\n    description: d\n    default: x\n    values: [a, b]\n---\nb\n",
            "default 'x' is not one of its values",
        ),
        (GOOD_FRONT + "  - name: meetingId\n    description: again\n---\nb\n", "declared twice"),
        (
            GOOD_FRONT + "  - name: m\n    description: d\n    complete: user\n---\nb\n",
            "argument 'm': `complete` must name a known completer (meetingId); got 'user'",
        ),
        (GOOD_FRONT + "resources:\n  - uri: zoom://x\n---\nb\n", "resource #1: `name` is required"),
        (
            GOOD_FRONT + "    requried: true\n---\nb\n",
            "argument 'meetingId': unknown key `requried`; allowed: complete,",
        ),
    ],
)
def test_invalid_files_are_rejected_naming_file_and_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = write_prompt(tmp_path, "sample", text)
    with pytest.raises(PromptLoadError) as caught:
        load_prompt_file(path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_missing_directory_is_reported(tmp_path: Path) -> None:
    with pytest.raises(PromptLoadError, match="does not exist"):
        load_prompts(tmp_path / "nowhere")


def test_loading_all_prompts_is_fast() -> None:
    import time

    started = time.perf_counter()
    load_prompts()
    assert time.perf_counter() - started < 0.5
