"""Descriptions: first paragraph, condensed prerequisites, glued inline code repaired only for known words."""

from __future__ import annotations

from zoom_mcp.catalog.descriptions import (
    MAX_FIELD_DESCRIPTION,
    condense_field_description,
    first_paragraph,
    prerequisites_from_text,
    repair_glued_words,
)


def test_first_paragraph_stops_at_prerequisites_and_blank_lines() -> None:
    text = "Get a thing. Really.\nMore detail.\nPrerequisites:\n- A plan.\nScopes: x"
    assert first_paragraph(text) == "Get a thing. Really. More detail."
    assert first_paragraph("One.\n\nTwo.") == "One."
    assert first_paragraph("Update a survey. Prerequisites: * A Pro plan.") == "Update a survey."


def test_prerequisites_from_bullet_lines_inline_bullets_and_dashes_after_sentences() -> None:
    lines = "Intro.\nPrerequisites:\n- The host\nmust be licensed.\n- Registration on.\nScopes: meeting:master"
    assert prerequisites_from_text(lines) == ["The host must be licensed.", "Registration on."]
    inline = "Update. Prerequisites: * A Pro plan. * The Survey feature on."
    assert prerequisites_from_text(inline) == ["A Pro plan.", "The Survey feature on."]
    dashes = "Prerequisites:\n- Two hours for users. - For meetings - the host's setting on."
    assert prerequisites_from_text(dashes) == ["Two hours for users.", "For meetings - the host's setting on."]
    assert prerequisites_from_text("No section here.") == []


def test_glued_words_are_split_only_around_known_names() -> None:
    known = {"start_url", "userId", "upcoming"}
    assert repair_glued_words("Thestart_urlvalue's lifetime", known) == "The start_url value's lifetime"
    assert repair_glued_words("against the userIdof the host", known) == "against the userId of the host"
    assert repair_glued_words("set toupcoming.", known) == "set to upcoming."
    assert repair_glued_words("the theme and start_url stay", known) == "the theme and start_url stay"
    assert repair_glued_words("Thestart_urlvalue", set()) == "Thestart_urlvalue"


def test_field_descriptions_lose_emphasis_and_long_tails_but_keep_whole_sentences() -> None:
    assert condense_field_description("The **required** ID.\n  Use it.") == "The required ID. Use it."
    long = " ".join(f"Sentence number {i} says something useful about the field." for i in range(12))
    condensed = condense_field_description(long)
    assert len(condensed) <= MAX_FIELD_DESCRIPTION and condensed.endswith("field.")
    assert long.startswith(condensed)
    one_long_sentence = "word " * 100
    assert condense_field_description(one_long_sentence).endswith(" …")
