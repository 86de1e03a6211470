"""Account reports no API write changes (billing, invoices, sign-in activity, operation logs, disclaimers,
remote support, telephone usage): rows kept in the `account_reports` collection (operationId -> rows),
seeded from the spec's examples (`seed_resources`), answered with the usual paging. Invoices are kept per
billing report ID; an unknown `billing_id` answers 404/5010 "Report does not exist."."""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.errors import not_found
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles
from zoom_mcp.sandbox.seed_resources import STORED_REPORT_ROWS

JSON = Any
REPORTS = "account_reports"
INVOICES = "billing_invoices"  # collection: billing report ID -> invoices
ROWS = STORED_REPORT_ROWS


@handles(*ROWS)
def stored_rows(ctx: Ctx) -> Reply:
    rows = ctx.state.collection(REPORTS).get(ctx.op.operation_id, [])
    extra = {k: ctx.query[k] for k in ("from", "to") if k in ctx.query}
    return ctx.listing(ROWS[ctx.op.operation_id], rows, **extra)


@handles("getBillingReport")
def billing(ctx: Ctx) -> Reply:
    reports = ctx.state.collection(REPORTS).get("getBillingReport", [])
    return ctx.ok({"currency": "USD", "billing_reports": copy.deepcopy(reports)})


@handles("getBillingInvoicesReports")
def invoices(ctx: Ctx) -> Reply:
    store = ctx.state.collection(INVOICES)
    billing_id = str(ctx.query["billing_id"])  # required: validation answers 400/300 when it is missing
    if billing_id not in store:
        raise not_found(5010, "Report does not exist.")
    return ctx.ok({"currency": "USD", "invoices": copy.deepcopy(store[billing_id])})
