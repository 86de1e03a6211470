"""Requests are validated against the spec: 400, Zoom code 300, one error per bad field."""

from __future__ import annotations

import httpx2

from zoom_mcp.sandbox.seed import BILLING_REPORT_ID, OWNER_ID


def fields(answer: httpx2.Response) -> set[str]:
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["code"] == 300
    assert body["message"] == "Validation Failed."
    return {e["field"] for e in body["errors"]}


def test_bad_body_types_and_enums_name_each_field(api: httpx2.Client) -> None:
    body = {"topic": "Demo", "type": "two", "settings": {"join_before_host": "yes", "audio": "carrier pigeon"}}
    answer = api.post(f"/accounts/me/users/{OWNER_ID}/meetings", json=body)
    assert fields(answer) == {"type", "settings.join_before_host", "settings.audio"}
    for error in answer.json()["errors"]:
        assert error["message"]


def test_unknown_body_fields_are_ignored_like_zoom(api: httpx2.Client) -> None:
    answer = api.post("/accounts/me/users/me/meetings", json={"topic": "Demo", "type": 2, "not_a_zoom_field": 1})
    assert answer.status_code == 201, answer.text


def test_required_body_fields_are_enforced(api: httpx2.Client) -> None:
    answer = api.post("/accounts/me/h323/devices", json={"name": "Room 4", "protocol": "SIP"})
    assert fields(answer) == {"ip", "encryption"}
    assert len(answer.json()["errors"]) == 2  # each missing field named once
    assert "Required field 'ip'" in {e["field"]: e["message"] for e in answer.json()["errors"]}["ip"]


def test_invalid_json_is_a_400(api: httpx2.Client) -> None:
    answer = api.post(
        "/accounts/me/users/me/meetings", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == 300


def test_query_parameters_are_coerced_and_checked(api: httpx2.Client) -> None:
    assert fields(api.get("/accounts/me/users/me/meetings", params={"type": "bogus"})) == {"type"}
    assert fields(api.get("/accounts/me/users/me/meetings", params={"page_size": "many"})) == {"page_size"}
    assert fields(api.get("/accounts/me/users/me/meetings", params={"page_size": "301"})) == {"page_size"}
    assert api.get("/accounts/me/users/me/meetings", params={"page_size": "30", "type": "scheduled"}).status_code == 200


def test_missing_required_query_parameters_are_reported(api: httpx2.Client) -> None:
    assert fields(api.get("/accounts/me/report/cloud_recording")) == {"from", "to"}
    ok = api.get("/accounts/me/report/cloud_recording", params={"from": "2026-01-01", "to": "2026-01-31"})
    assert ok.status_code == 200


def test_multipart_upload_needs_its_file(api: httpx2.Client) -> None:
    path = "/accounts/me/webinars/94512345001/branding/wallpaper"
    missing = api.post(path, data={"note": "no file"}, files={"other": ("a.txt", b"x", "text/plain")})
    assert fields(missing) == {"file"}
    uploaded = api.post(path, files={"file": ("wall.png", b"\x89PNG\r\n\x1a\n", "image/png")})
    assert 200 <= uploaded.status_code < 300, uploaded.text


def test_unknown_paths_and_methods(api: httpx2.Client) -> None:
    unknown = api.get("/accounts/me/not_an_api")
    assert unknown.status_code == 404
    assert "No API operation" in unknown.json()["message"]
    wrong_method = api.put("/accounts/me/meetings/85746065001")
    assert wrong_method.status_code == 405
    assert api.get("/accounts/other-account/meetings/85746065001").json()["code"] == 2001
    assert api.get("/accounts/sandbox-sub-account/meetings/85746065001").status_code == 200


def test_billing_invoices_need_a_billing_id_of_a_stored_report(api: httpx2.Client) -> None:
    assert fields(api.get("/accounts/me/report/billing/invoices")) == {"billing_id"}
    reports = api.get("/accounts/me/report/billing").json()["billing_reports"]
    assert [r["id"] for r in reports] == [BILLING_REPORT_ID]
    invoices = api.get("/accounts/me/report/billing/invoices", params={"billing_id": BILLING_REPORT_ID})
    assert invoices.status_code == 200 and invoices.json()["invoices"][0]["invoice_charge_name"]
