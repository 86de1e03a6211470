"""Meeting and webinar templates of a user: list and create (from an existing meeting or webinar).

A template keeps the source's settings (and its recurrence with `save_recurrence`); creating a meeting or
webinar with its `template_id` starts from those settings. Names are unique per user unless `overwrite`.
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.errors import bad_request
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles

JSON = Any
MEETING_TEMPLATES = "meeting_templates"  # collection: template ID -> {id, name, type, user_id, settings, ...}
WEBINAR_TEMPLATES = "webinar_templates"
MAX_TEMPLATES = 40


def template_settings(ctx: Ctx, collection: str, template_id: JSON, user_id: str) -> JSON:
    """The settings a new meeting or webinar takes from the user's template `template_id` (None if unknown)."""
    template = ctx.state.collection(collection).get(str(template_id))
    if template is None or template.get("user_id") != user_id:
        return None
    return copy.deepcopy(template.get("settings") or {})


@handles("listMeetingTemplates", "listWebinarTemplates")
def list_templates(ctx: Ctx) -> Reply:
    user = ctx.user()
    collection = WEBINAR_TEMPLATES if ctx.op.operation_id == "listWebinarTemplates" else MEETING_TEMPLATES
    mine = [t for t in ctx.state.collection(collection).values() if t.get("user_id") == user["id"]]
    shown = [{"id": t["id"], "name": t["name"], "type": t.get("type", 1)} for t in mine]
    return ctx.ok({"templates": shown, "total_records": len(shown)})


@handles("meetingTemplateCreate", "webinarTemplateCreate")
def create_template(ctx: Ctx) -> Reply:
    user = ctx.user()
    body = ctx.body_dict()
    webinar = ctx.op.operation_id == "webinarTemplateCreate"
    source_id = body.get("webinar_id" if webinar else "meeting_id")
    source = (ctx.state.webinars if webinar else ctx.state.meetings).get(int(source_id or 0))
    if source is None:
        if webinar:
            raise bad_request(3000, f"Cannot access meeting info: webinar {source_id} does not exist.")
        raise bad_request(3001, f"Meeting does not exist: {source_id}")
    collection = ctx.state.collection(WEBINAR_TEMPLATES if webinar else MEETING_TEMPLATES)
    name = str(body.get("name") or source.get("topic") or "Template")
    with ctx.state.lock:
        mine = [t for t in collection.values() if t.get("user_id") == user["id"]]
        same_name = next((t for t in mine if t["name"] == name), None)
        kind = "Webinar" if webinar else "Meeting"
        if same_name is not None and not body.get("overwrite"):
            raise bad_request(3000, f"{kind} template name already exists: {name}.")
        if same_name is None and len(mine) >= MAX_TEMPLATES:
            raise bad_request(300, f"You can only create up to {MAX_TEMPLATES} {kind.lower()} templates.")
        template_id = same_name["id"] if same_name is not None else ctx.state.new_id("template")[:15]
        template: dict[str, JSON] = {
            "id": template_id,
            "name": name,
            "type": 1,
            "user_id": user["id"],
            "settings": copy.deepcopy(source.get("settings") or {}),
        }
        if body.get("save_recurrence") and source.get("recurrence"):
            template["recurrence"] = copy.deepcopy(source["recurrence"])
        collection[template_id] = template
    return ctx.ok({"id": template_id, "name": name})
