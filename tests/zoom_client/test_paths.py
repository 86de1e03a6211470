"""build_path: every value encoded once, dot-only values neutralised, Zoom meeting UUIDs double-encoded."""

from __future__ import annotations

import pytest

from zoom_mcp.zoom_client import PathParameterError, ZoomConfigError, build_path, needs_double_encoding

TEMPLATE = "/accounts/{accountId}/meetings/{meetingId}"


def test_plain_values_pass_through() -> None:
    assert build_path(TEMPLATE, {"accountId": "me", "meetingId": 85746065432}) == "/accounts/me/meetings/85746065432"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("../users", "..%2Fusers"),
        ("a/b", "a%2Fb"),
        ("x?y=1", "x%3Fy%3D1"),
        ("x#frag", "x%23frag"),
        ("%2F", "%252F"),
        ("a b", "a%20b"),
        ("jane@example.com", "jane%40example.com"),
        ("..", "%2E%2E"),
        (".", "%2E"),
    ],
)
def test_user_values_cannot_change_the_shape(value: str, expected: str) -> None:
    path = build_path("/accounts/{accountId}/users/{userId}", {"accountId": "me", "userId": value})
    assert path == f"/accounts/me/users/{expected}"
    assert path.count("/") == 4


@pytest.mark.parametrize(
    ("uuid", "expected"),
    [
        ("/ajXp112QmuoKj4854875==", "%252FajXp112QmuoKj4854875%253D%253D"),
        ("ajXp1//2QmuoKj4854875==", "ajXp1%252F%252F2QmuoKj4854875%253D%253D"),
        ("4444AAAiAAAAAiAiAiiAii==", "4444AAAiAAAAAiAiAiiAii%3D%3D"),
    ],
)
def test_meeting_uuids_are_double_encoded_when_zoom_requires(uuid: str, expected: str) -> None:
    assert build_path(TEMPLATE, {"accountId": "me", "meetingId": uuid}) == f"/accounts/me/meetings/{expected}"


def test_uuid_shaped_values_are_double_encoded_under_any_name() -> None:
    path = build_path(
        "/past_meetings/{meetingUUID}/x/{other}", {"meetingUUID": "//a", "other": "/ajXp112QmuoKj4854875A=="}
    )
    assert path == "/past_meetings/%252F%252Fa/x/%252FajXp112QmuoKj4854875A%253D%253D"


def test_slashy_values_of_other_parameters_are_encoded_once() -> None:
    assert not needs_double_encoding("userId", "/etc/passwd")
    assert build_path("/users/{userId}", {"userId": "/etc//passwd"}) == "/users/%2Fetc%2F%2Fpasswd"


def test_missing_values_are_named() -> None:
    with pytest.raises(PathParameterError, match="'accountId', 'meetingId'") as caught:
        build_path(TEMPLATE, {})
    assert isinstance(caught.value, ZoomConfigError)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("bad", ["", None, True, 1.5, ["a"]])
def test_unusable_values_are_rejected(bad: object) -> None:
    with pytest.raises(PathParameterError, match="meetingId"):
        build_path(TEMPLATE, {"accountId": "me", "meetingId": bad})  # type: ignore[dict-item]


def test_malformed_template_is_rejected() -> None:
    with pytest.raises(PathParameterError, match="unbalanced"):
        build_path("/meetings/{meetingId", {"meetingId": "1"})


def test_extra_values_are_ignored() -> None:
    assert build_path("/users", {"userId": "x"}) == "/users"
