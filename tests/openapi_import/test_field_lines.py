"""Field lines and the dash rules, on small snippets written the way the reference writes them."""

from __future__ import annotations

import pytest

from zoom_mcp.openapi_import.example_check import misplaced_keys
from zoom_mcp.openapi_import.field_lines import FieldListError, parse_field_line, parse_field_section

IN_MEETING_CONTROLS = """-
methodstring, possible values:"recording.start", "ai_companion.stop"— The method. -
paramsobject— The in-meeting parameters.-
ai_companion_modestring, possible values:"questions", "summary", "all", default:"all"— The mode. -
contactsarray— Up to a maximum of 10 contacts.Items:
-
emailstring— The user's email address. -
idstring— The user's ID.
-
-
delete_meeting_assetsboolean, default:false— Whether to delete the assets. -
invitee_namestring— The invitee.
-
-
typeinteger, possible values:1, 2, 8— The type.""".splitlines()


def test_field_line_reads_name_required_type_format_enum_default_and_description() -> None:
    line = "type(required)integer, format:int32, possible values:1, 2, 3, default:2— The meeting type. -"
    parsed = parse_field_line(line)
    field = parsed.field
    assert (field.name, field.required, field.type, field.format) == ("type", True, "integer", "int32")
    assert field.enum == [1, 2, 3]
    assert field.has_default and field.default == 2
    assert field.description == "The meeting type."
    assert parsed.ending == "sep"


def test_quoted_enum_values_may_contain_commas_and_be_empty() -> None:
    field = parse_field_line('no_of_employeesstring, possible values:"", "1-20", "501-1,000"— Size.').field
    assert field.enum == ["", "1-20", "501-1,000"]


def test_field_without_description_and_array_glued_items() -> None:
    assert parse_field_line('actionstring, possible values:"end"').field.enum == ["end"]
    array = parse_field_line("registrantsarrayItems:")
    assert (array.field.name, array.field.type, array.ending) == ("registrants", "array", "items")


def test_name_that_ends_like_a_type_is_split_at_the_real_type() -> None:
    field = parse_field_line("is_objectobject— An object.-").field
    assert (field.name, field.type) == ("is_object", "object")


def test_glued_dash_on_a_non_object_is_an_error() -> None:
    with pytest.raises(FieldListError, match="non-object"):
        parse_field_line("namestring— A name.-")


def test_in_meeting_controls_snippet_nests_as_the_reference_format_note_says() -> None:
    shape = parse_field_section(IN_MEETING_CONTROLS, 1)
    assert [f.name for f in shape.fields] == ["method", "params", "type"]
    params = shape.fields[1].children
    assert params is not None
    assert [f.name for f in params.fields] == ["ai_companion_mode", "contacts", "delete_meeting_assets", "invitee_name"]
    contacts = params.fields[1]
    assert contacts.items is not None and contacts.items.shape is not None
    assert [f.name for f in contacts.items.shape.fields] == ["email", "id"]
    assert params.fields[2].default is False


def test_primitive_items_and_their_ending() -> None:
    lines = ["-", "tagsarray— Tags.Items:", "string -", "namestring— Name."]
    shape = parse_field_section(lines, 1)
    tags = shape.fields[0]
    assert tags.items is not None and tags.items.type == "string" and tags.items.shape is None
    assert [f.name for f in shape.fields] == ["tags", "name"]


def test_all_of_parts_marked_and_implicit() -> None:
    lines = """All of:
-
idstring
All of:
-
emailstring— Email. -
zipstring— ZIP.
-
create_timestring, format:date-time— Created.""".splitlines()
    shape = parse_field_section(lines, 1)
    assert [[f.name for f in part.fields] for part in shape.all_of] == [["id"], ["email", "zip"], ["create_time"]]


def test_example_check_reports_a_field_read_at_the_wrong_level() -> None:
    # One dash too many after `contacts` closes `params` early: `delete_meeting_assets` lands at the top.
    misread = [*IN_MEETING_CONTROLS[:9], "-", *IN_MEETING_CONTROLS[9:12]]
    shape = parse_field_section(misread, 1)
    assert [f.name for f in shape.fields] == ["method", "params", "delete_meeting_assets", "invitee_name"]
    example = {"method": "recording.start", "params": {"contacts": [{"id": "x"}], "delete_meeting_assets": True}}
    assert misplaced_keys(shape, example) == ["params.delete_meeting_assets"]
    assert misplaced_keys(parse_field_section(IN_MEETING_CONTROLS, 1), example) == []


def test_a_missing_dash_is_an_error_naming_the_line() -> None:
    with pytest.raises(FieldListError, match=r"'params'.* at line 14"):
        parse_field_section([line for index, line in enumerate(IN_MEETING_CONTROLS) if index != 12], 1)


def test_example_keys_the_tree_never_documents_are_tolerated() -> None:
    shape = parse_field_section(IN_MEETING_CONTROLS, 1)
    assert misplaced_keys(shape, {"method": "recording.start", "undocumented": {"x": 1}}) == []


def test_a_field_after_a_last_field_without_a_dash_is_an_error() -> None:
    with pytest.raises(FieldListError, match="line 3"):
        parse_field_section(["-", "astring— A.", "bstring— B."], 1)
