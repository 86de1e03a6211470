"""Account resources kept as collections: tracking fields, H.323/SIP devices and SIP phones.

Each item holds what was written (plus its generated ID); lists and gets read the collection, so every
create, update and delete shows in the next read. Missing items answer with Zoom's codes: tracking field
404/5110, SIP phone 404/2305, H.323 device 404/404 (Zoom documents none for devices).
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError, bad_request, not_found
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, deep_merge, handles

JSON = Any

# operationId -> collection
_LIST = {"trackingfieldList": "tracking_fields", "deviceList": "h323_devices", "ListSIPPhonePhones": "sip_phones"}
_CREATE = {
    "trackingfieldCreate": "tracking_fields",
    "deviceCreate": "h323_devices",
    "EnableSIPPhonePhones": "sip_phones",
}
# operationId -> (collection, path parameter holding the item ID)
_ITEM = {
    "trackingfieldGet": ("tracking_fields", "fieldId"),
    "trackingfieldUpdate": ("tracking_fields", "fieldId"),
    "trackingfieldDelete": ("tracking_fields", "fieldId"),
    "deviceUpdate": ("h323_devices", "deviceId"),
    "deviceDelete": ("h323_devices", "deviceId"),
    "UpdateSIPPhonePhones": ("sip_phones", "phoneId"),
    "deleteSIPPhonePhones": ("sip_phones", "phoneId"),
}
_ID_KEY = {"sip_phones": "phone_id"}
_LIST_KEY = {"tracking_fields": "tracking_fields", "h323_devices": "devices", "sip_phones": "phones"}


def _missing(name: str, item_id: str) -> ZoomStyleError:
    if name == "tracking_fields":
        return not_found(5110, f"Tracking field does not exist: {item_id}.")
    if name == "sip_phones":
        return not_found(2305, f"SIP phone does not exist: {item_id}.")
    return not_found(404, f"H.323 device does not exist: {item_id}.")


@handles(*_LIST)
def list_items(ctx: Ctx) -> Reply:
    name = _LIST[ctx.op.operation_id]
    items = list(ctx.state.collection(name).values())
    search = str(ctx.query.get("search_key") or "").lower()
    if search:
        items = [i for i in items if search in f"{i.get('user_email', '')} {i.get('user_name', '')}".lower()]
    if name == "tracking_fields":
        return ctx.ok({"total_records": len(items), "tracking_fields": copy.deepcopy(items)})
    return ctx.listing(_LIST_KEY[name], items)


@handles(*_CREATE)
def create_item(ctx: Ctx) -> Reply:
    name = _CREATE[ctx.op.operation_id]
    item = ctx.body_dict()
    collection = ctx.state.collection(name)
    with ctx.state.lock:
        if name == "sip_phones":
            _check_sip_phone_user(ctx, item, collection)
        id_key = _ID_KEY.get(name, "id")
        item[id_key] = ctx.state.new_id(name)
        collection[item[id_key]] = item
    return ctx.ok(copy.deepcopy(item)) if ctx.op.success_schema is not None else Reply(ctx.op.success_status)


def _check_sip_phone_user(ctx: Ctx, item: JSON, phones: dict[str, JSON]) -> None:
    email = str(item.get("user_email") or "")
    if ctx.state.find_user(email) is None:
        raise not_found(1001, f"User {email} not exist or not belong to this account.")
    if any(str(p.get("user_email", "")).lower() == email.lower() for p in phones.values()):
        raise bad_request(300, "SIP phone with the same email already exists.")


@handles(*_ITEM)
def item_operation(ctx: Ctx) -> Reply:
    name, param = _ITEM[ctx.op.operation_id]
    items = ctx.state.collection(name)
    item_id = ctx.path[param]
    with ctx.state.lock:
        if item_id not in items:
            raise _missing(name, item_id)
        if ctx.op.method == "DELETE":
            del items[item_id]
            return Reply(ctx.op.success_status)
        if ctx.op.method == "GET":
            return ctx.ok(copy.deepcopy(items[item_id]))
        patch = ctx.body_dict()
        if name == "h323_devices" and "name" in patch:
            taken = [d for k, d in items.items() if k != item_id and d.get("name") == patch["name"]]
            if taken:
                raise not_found(2020, f"H.323 device's display name {patch['name']} is already in use.")
        deep_merge(items[item_id], patch)
    return Reply(ctx.op.success_status)
