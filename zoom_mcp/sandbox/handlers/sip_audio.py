"""SIP Connected Audio of a sub account: SIP trunks, internal numbers, internal call-out countries, the phone
numbers assigned from the master account, and the SIP trunk settings.

Every add, update and delete shows in the matching list; missing items answer with Zoom's codes (SIP trunk
404/2301, call-out country 404/2302, internal number 404/2303). Assigned trunks keep the master trunk ID
they name; call-out countries are named by ISO code (`US`) or dialing code (`1`).
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError, bad_request, not_found
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, deep_merge, handles

JSON = Any
SIP_SETTINGS = "sip_trunk_settings"  # singleton
COUNTRIES = {  # ISO code -> (dialing code, name)
    "US": ("1", "United States"),
    "CA": ("1", "Canada"),
    "GB": ("44", "United Kingdom"),
    "DE": ("49", "Germany"),
    "FR": ("33", "France"),
    "AU": ("61", "Australia"),
    "JP": ("81", "Japan"),
    "IN": ("91", "India"),
    "BR": ("55", "Brazil"),
    "NL": ("31", "Netherlands"),
}
_SETTINGS_FIELDS = (
    "show_callout_internal_number",
    "show_zoom_provided_callout_countries",
    "show_zoom_provided_numbers",
)
_MISSING = {
    "sip_trunks": (2301, "SIP Trunk does not exist"),
    "callout_countries": (2302, "Callout Country does not exist"),
    "internal_numbers": (2303, "Internal Number does not exist"),
}


def _missing(name: str, item_id: str) -> ZoomStyleError:
    code, text = _MISSING[name]
    return not_found(code, f"{text}: {item_id}.")


@handles("listSIPTrunks", "listInternalCalloutCountries")
def list_all(ctx: Ctx) -> Reply:
    name = "sip_trunks" if ctx.op.operation_id == "listSIPTrunks" else "callout_countries"
    items = copy.deepcopy(list(ctx.state.collection(name).values()))
    return ctx.ok({name: items, "total_records": len(items)})


@handles("listInternalNumbers")
def list_internal_numbers(ctx: Ctx) -> Reply:
    return ctx.listing("internal_numbers", list(ctx.state.collection("internal_numbers").values()))


@handles("assignSIPTrunks")
def assign_trunks(ctx: Ctx) -> Reply:
    trunks = ctx.state.collection("sip_trunks")
    added = []
    with ctx.state.lock:
        for entry in ctx.body_dict().get("sip_trunks") or []:
            trunk_id = str(entry.get("id") or "")
            if not trunk_id:
                raise bad_request(300, "One or more parameters provided in the `sip_trunks` object are invalid.")
            trunk = trunks.get(trunk_id) or {
                "id": trunk_id,
                "name": f"trunk{trunk_id}",
                "number_prefix": "0",
                "sip_server_address": "sip.sandbox.example.com",
            }
            trunk.update({k: entry[k] for k in ("dnis", "outbound_caller_id") if k in entry})
            trunks[trunk_id] = trunk
            added.append(copy.deepcopy(trunk))
    return ctx.ok({"sip_trunks": added})


@handles("addInternalNumbers")
def add_internal_numbers(ctx: Ctx) -> Reply:
    numbers = ctx.state.collection("internal_numbers")
    added = []
    with ctx.state.lock:
        for entry in ctx.body_dict().get("internal_numbers") or []:
            if not entry.get("number"):
                raise bad_request(300, "One or more parameters provided in the `internal_numbers` object are invalid.")
            if any(n.get("number") == entry["number"] for n in numbers.values()):
                raise bad_request(
                    300,
                    "The value you provided for the `number` field has already been used. "
                    "Please provide a unique value for this field.",
                )
            item = dict(entry, id=ctx.state.new_id("internal_numbers"))
            numbers[item["id"]] = item
            added.append(copy.deepcopy(item))
    return ctx.ok({"internal_numbers": added})


@handles("addCalloutCountries")
def add_callout_countries(ctx: Ctx) -> Reply:
    countries = ctx.state.collection("callout_countries")
    added = []
    with ctx.state.lock:
        for entry in ctx.body_dict().get("callout_countries") or []:
            wanted = str(entry.get("id") or "").upper()
            iso = wanted if wanted in COUNTRIES else next((k for k, v in COUNTRIES.items() if v[0] == wanted), None)
            if iso is None:
                raise bad_request(
                    300, "Either one or more parameters provided in the `callout_countries` object are invalid."
                )
            code, name = COUNTRIES[iso]
            countries[iso] = {"id": iso, "code": code, "name": name}
            added.append(copy.deepcopy(countries[iso]))
    return ctx.ok({"callout_countries": added})


@handles("deleteSIPTrunk", "deleteInternalNumber", "updateInternalNumber", "deleteInternalCallOutCountry")
def item_operation(ctx: Ctx) -> Reply:
    name, param = {
        "deleteSIPTrunk": ("sip_trunks", "trunkId"),
        "deleteInternalNumber": ("internal_numbers", "numberId"),
        "updateInternalNumber": ("internal_numbers", "numberId"),
        "deleteInternalCallOutCountry": ("callout_countries", "countryId"),
    }[ctx.op.operation_id]
    items = ctx.state.collection(name)
    item_id = ctx.path[param]
    with ctx.state.lock:
        if item_id not in items:
            raise _missing(name, item_id)
        if ctx.op.method == "DELETE":
            del items[item_id]
        else:
            patch = ctx.body_dict()
            patch.pop("affect_all", None)  # how far the change reaches, not a field of the number
            deep_merge(items[item_id], patch)
    return Reply(ctx.op.success_status)


@handles("listSipTrunkNumbers")
def list_sip_numbers(ctx: Ctx) -> Reply:
    numbers = copy.deepcopy(list(ctx.state.collection("sip_numbers").values()))
    return ctx.ok({"phone_numbers": numbers, "total_records": len(numbers)})


@handles("assignSipTrunkNumbers")
def assign_sip_numbers(ctx: Ctx) -> Reply:
    with ctx.state.lock:
        for number in ctx.body_dict().get("phone_numbers") or []:
            ctx.state.collection("sip_numbers")[str(number)] = {"country": "US", "number": str(number)}
    return Reply(ctx.op.success_status)


@handles("deleteAllSipNumbers")
def delete_sip_numbers(ctx: Ctx) -> Reply:
    ctx.state.collection("sip_numbers").clear()
    return Reply(ctx.op.success_status)


def sip_settings(ctx: Ctx) -> JSON:
    """The sub account's SIP trunk settings (the spec example's values until changed)."""
    if SIP_SETTINGS not in ctx.state.singletons:
        ctx.state.singletons[SIP_SETTINGS] = ctx.example("getSIPTrunkConfig")
    return ctx.state.singletons[SIP_SETTINGS]


@handles("getSIPTrunkConfig")
def get_sip_settings(ctx: Ctx) -> Reply:
    settings = sip_settings(ctx)
    return ctx.ok({k: copy.deepcopy(settings[k]) for k in _SETTINGS_FIELDS if k in settings})


@handles("assignSIPConfig")
def update_sip_settings(ctx: Ctx) -> Reply:
    with ctx.state.lock:
        deep_merge(sip_settings(ctx), ctx.body_dict())
    return Reply(ctx.op.success_status)
