"""Simple account resources kept as collections: tracking fields, H.323 devices, SIP phones, SIP trunks,
internal numbers, call-out countries and TSP accounts. Answers keep the spec's example shapes."""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError
from zoom_mcp.sandbox.examples import item_schema
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, deep_merge, handles

JSON = Any

# operationId -> (collection, path parameter holding the item ID, operationId whose answer shows one item)
_LIST = {
    "trackingfieldList": "tracking_fields",
    "deviceList": "h323_devices",
    "ListSIPPhonePhones": "sip_phones",
    "listSIPTrunks": "sip_trunks",
    "listInternalNumbers": "internal_numbers",
    "listInternalCalloutCountries": "callout_countries",
}
_CREATE = {
    "trackingfieldCreate": "tracking_fields",
    "deviceCreate": "h323_devices",
    "EnableSIPPhonePhones": "sip_phones",
}
_ITEM = {
    "trackingfieldGet": ("tracking_fields", "fieldId"),
    "trackingfieldUpdate": ("tracking_fields", "fieldId"),
    "trackingfieldDelete": ("tracking_fields", "fieldId"),
    "deviceUpdate": ("h323_devices", "deviceId"),
    "deviceDelete": ("h323_devices", "deviceId"),
    "UpdateSIPPhonePhones": ("sip_phones", "phoneId"),
    "deleteSIPPhonePhones": ("sip_phones", "phoneId"),
    "deleteSIPTrunk": ("sip_trunks", "trunkId"),
    "deleteInternalNumber": ("internal_numbers", "numberId"),
    "updateInternalNumber": ("internal_numbers", "numberId"),
    "deleteInternalCallOutCountry": ("callout_countries", "countryId"),
}
_ID_KEY = {"sip_phones": "phone_id"}


def _array_key(ctx: Ctx) -> str | None:
    props = (ctx.op.success_schema or {}).get("properties") or {}
    return next((name for name, sub in props.items() if isinstance(sub, dict) and sub.get("type") == "array"), None)


@handles(*_LIST)
def list_items(ctx: Ctx) -> Reply:
    key = _array_key(ctx)
    items = list(ctx.state.collection(_LIST[ctx.op.operation_id]).values())
    if key is None:
        return ctx.done()
    example_items = (ctx.example().get(key) or [{}]) if isinstance(ctx.example(), dict) else [{}]
    template = example_items[0] if example_items and isinstance(example_items[0], dict) else {}
    schema = item_schema(ctx.op.success_schema, key)
    shaped = [{**template, **item} if schema.get("type") in (None, "object") else item for item in items]
    return ctx.listing(key, shaped)


@handles(*_CREATE)
def create_item(ctx: Ctx) -> Reply:
    name = _CREATE[ctx.op.operation_id]
    item = ctx.example() if isinstance(ctx.example(), dict) else {}
    item.update(ctx.body_dict())
    id_key = _ID_KEY.get(name, "id")
    item[id_key] = ctx.state.new_id(name)
    ctx.state.collection(name)[item[id_key]] = item
    return ctx.ok(copy.deepcopy(item)) if ctx.op.success_schema is not None else Reply(ctx.op.success_status)


@handles(*_ITEM)
def item_operation(ctx: Ctx) -> Reply:
    name, param = _ITEM[ctx.op.operation_id]
    items = ctx.state.collection(name)
    item_id = ctx.path[param]
    if item_id not in items:
        code = 5110 if name == "tracking_fields" else 404
        raise ZoomStyleError(404, code, f"{name.replace('_', ' ').rstrip('s').capitalize()} does not exist: {item_id}.")
    if ctx.op.method == "DELETE":
        del items[item_id]
        return Reply(ctx.op.success_status)
    if ctx.op.method == "GET":
        base = ctx.example() if isinstance(ctx.example(), dict) else {}
        return ctx.ok({**base, **items[item_id]})
    deep_merge(items[item_id], ctx.body_dict())
    return Reply(ctx.op.success_status)


@handles("userTSPs")
def list_user_tsp(ctx: Ctx) -> Reply:
    user = ctx.user()
    prefix = f"{user['id']}:"
    items = [v for k, v in ctx.state.collection("user_tsp").items() if k.startswith(prefix)]
    key = _array_key(ctx) or "tsp_accounts"
    return ctx.listing(key, items)


@handles("userTSPCreate")
def create_user_tsp(ctx: Ctx) -> Reply:
    user = ctx.user()
    item = ctx.example() if isinstance(ctx.example(), dict) else {}
    item.update(ctx.body_dict())
    item["id"] = str(1 + len(ctx.state.collection("user_tsp")))
    ctx.state.collection("user_tsp")[f"{user['id']}:{item['id']}"] = item
    return ctx.ok(copy.deepcopy(item))


@handles("userTSP", "userTSPDelete", "userTSPUpdate")
def user_tsp(ctx: Ctx) -> Reply:
    user = ctx.user()
    key = f"{user['id']}:{ctx.path['tspId']}"
    items = ctx.state.collection("user_tsp")
    if key not in items:
        raise ZoomStyleError(404, 300, f"TSP config does not exist: {ctx.path['tspId']}.")
    if ctx.op.method == "DELETE":
        del items[key]
        return Reply(ctx.op.success_status)
    if ctx.op.method == "GET":
        base = ctx.example() if isinstance(ctx.example(), dict) else {}
        return ctx.ok({**base, **items[key]})
    deep_merge(items[key], ctx.body_dict())
    return Reply(ctx.op.success_status)


# operationId -> (collection, array key of the body and the answer)
_BATCH_ADD = {
    "assignSIPTrunks": ("sip_trunks", "sip_trunks"),
    "addInternalNumbers": ("internal_numbers", "internal_numbers"),
    "addCalloutCountries": ("callout_countries", "callout_countries"),
}


@handles(*_BATCH_ADD)
def batch_add(ctx: Ctx) -> Reply:
    name, key = _BATCH_ADD[ctx.op.operation_id]
    answer = ctx.example() if isinstance(ctx.example(), dict) else {}
    template = (answer.get(key) or [{}])[0]
    added = []
    for entry in ctx.body_dict().get(key) or []:
        item = {**template, **entry}
        if name != "callout_countries" or "id" not in entry:
            item["id"] = ctx.state.new_id(name)
        ctx.state.collection(name)[str(item["id"])] = item
        added.append(item)
    answer[key] = added
    return ctx.ok(answer)


@handles("listSipTrunkNumbers")
def list_sip_numbers(ctx: Ctx) -> Reply:
    numbers = [{"country": "US", "number": n} for n in ctx.state.collection("sip_numbers")]
    return ctx.listing("phone_numbers", numbers, total_records=len(numbers))


@handles("assignSipTrunkNumbers")
def assign_sip_numbers(ctx: Ctx) -> Reply:
    for number in ctx.body_dict().get("phone_numbers") or []:
        ctx.state.collection("sip_numbers")[str(number)] = {"number": number}
    return ctx.done()


@handles("deleteAllSipNumbers")
def delete_sip_numbers(ctx: Ctx) -> Reply:
    ctx.state.collection("sip_numbers").clear()
    return Reply(ctx.op.success_status)


@handles("tsp")
def get_account_tsp(ctx: Ctx) -> Reply:
    return ctx.ok(copy.deepcopy(ctx.state.singletons.setdefault("tsp", ctx.example())))


@handles("tspUpdate")
def update_account_tsp(ctx: Ctx) -> Reply:
    if "tsp" not in ctx.state.singletons:
        ctx.state.singletons["tsp"] = ctx.example("tsp") or {}
    deep_merge(ctx.state.singletons["tsp"], ctx.body_dict())
    return Reply(ctx.op.success_status)
