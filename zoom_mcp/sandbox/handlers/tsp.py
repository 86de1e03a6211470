"""Telephony service providers (TSP) and personal audio conferences (PAC).

The account's TSP settings (`GET|PATCH .../tsp`) start as the spec example's and change with each update;
while the account's TSP is off (`enable: false`), user TSP reads and writes answer 400/2024. A user has at
most two TSP configurations, IDs `1` and `2`. `PATCH .../users/{userId}/tsp/settings` (the user's global
dial-in URL) has no readable effect in this API (no read returns `audio_url`): the sandbox keeps it in the
`user_tsp_settings` collection of its state and the request log is the evidence. PAC accounts are read only.
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError, bad_request
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, deep_merge, handles

JSON = Any
ACCOUNT_TSP = "tsp"  # singleton
USER_TSP = "user_tsp"  # collection: "<user ID>:<tsp ID>" -> TSP config
USER_TSP_SETTINGS = "user_tsp_settings"  # collection: user ID -> {"audio_url": ...}
PAC = "pac_accounts"  # collection: user ID -> [PAC account]
_TSP_IDS = ("1", "2")


def account_tsp(ctx: Ctx) -> JSON:
    if ACCOUNT_TSP not in ctx.state.singletons:
        ctx.state.singletons[ACCOUNT_TSP] = ctx.example("tsp")
    return ctx.state.singletons[ACCOUNT_TSP]


def _tsp_enabled(ctx: Ctx) -> None:
    if account_tsp(ctx).get("enable") is False:
        raise bad_request(2024, "Account has not enabled TSP.")


@handles("tsp")
def get_account_tsp(ctx: Ctx) -> Reply:
    return ctx.ok(copy.deepcopy(account_tsp(ctx)))


@handles("tspUpdate")
def update_account_tsp(ctx: Ctx) -> Reply:
    with ctx.state.lock:
        deep_merge(account_tsp(ctx), ctx.body_dict())
    return Reply(ctx.op.success_status)


def _user_configs(ctx: Ctx) -> tuple[JSON, dict[str, JSON]]:
    user = ctx.user()
    prefix = f"{user['id']}:"
    return user, {k[len(prefix) :]: v for k, v in ctx.state.collection(USER_TSP).items() if k.startswith(prefix)}


@handles("userTSPs")
def list_user_tsp(ctx: Ctx) -> Reply:
    _, configs = _user_configs(ctx)
    _tsp_enabled(ctx)
    return ctx.ok({"tsp_accounts": copy.deepcopy([configs[k] for k in sorted(configs)])})


@handles("userTSPCreate")
def create_user_tsp(ctx: Ctx) -> Reply:
    user, configs = _user_configs(ctx)
    _tsp_enabled(ctx)
    with ctx.state.lock:
        free = [i for i in _TSP_IDS if i not in configs]
        if not free:
            raise bad_request(300, "You can add a maximum of two TSP configs.")
        item = ctx.body_dict()
        item["id"] = free[0]
        ctx.state.collection(USER_TSP)[f"{user['id']}:{item['id']}"] = item
    return ctx.ok(copy.deepcopy(item))


@handles("userTSP", "userTSPDelete", "userTSPUpdate")
def user_tsp(ctx: Ctx) -> Reply:
    user = ctx.user()
    key = f"{user['id']}:{ctx.path['tspId']}"
    items = ctx.state.collection(USER_TSP)
    with ctx.state.lock:
        if key not in items:
            raise bad_request(300, "TSP config does not exist.")
        if ctx.op.method == "DELETE":
            del items[key]
            return Reply(ctx.op.success_status)
        if ctx.op.method == "GET":
            return ctx.ok(copy.deepcopy(items[key]))
        deep_merge(items[key], ctx.body_dict())
    return Reply(ctx.op.success_status)


@handles("tspUrlUpdate")
def update_user_tsp_url(ctx: Ctx) -> Reply:
    """No readable effect in this API: kept in the sandbox's state, the request log is the evidence."""
    user = ctx.user()
    _tsp_enabled(ctx)
    ctx.state.collection(USER_TSP_SETTINGS)[user["id"]] = ctx.body_dict()
    return Reply(ctx.op.success_status)


@handles("userPACs")
def list_pac(ctx: Ctx) -> Reply:
    user = ctx.user()
    accounts = ctx.state.collection(PAC).get(user["id"])
    if not accounts:
        raise ZoomStyleError(400, 2024, "User does not have PAC enabled.")
    return ctx.ok({"pac_accounts": copy.deepcopy(accounts)})
