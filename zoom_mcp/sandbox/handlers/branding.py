"""Webinar session branding: name tags, virtual backgrounds and the wallpaper, read back by
`GET .../webinars/{webinarId}/branding`.

Uploads take JPG/JPEG, GIF or PNG files up to 15 MB (400 code 120 otherwise), at most 10 virtual backgrounds
and 20 name tags per webinar; one name tag and one virtual background can be the default. Unknown IDs answer
400 code 300 as Zoom documents.
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.errors import bad_request
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, Upload, handles

JSON = Any
BRANDING = "webinar_branding"  # collection: webinar ID (text) -> {name_tags: {id: tag}, virtual_backgrounds: {...}}
MAX_FILE_BYTES = 15 * 1024 * 1024
MAX_BACKGROUNDS = 10
MAX_NAME_TAGS = 20
_IMAGE_TYPES = {"image/jpeg", "image/jpg", "image/png", "image/gif"}
_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif")
_TAG_FIELDS = ("name", "text_color", "accent_color", "background_color", "is_default")


def branding_of(ctx: Ctx) -> dict[str, JSON]:
    """The branding of the addressed webinar (404 code 3001 when the webinar does not exist)."""
    webinar_id, _ = ctx.webinar()
    branding: dict[str, JSON] = ctx.state.collection(BRANDING).setdefault(
        str(webinar_id), {"name_tags": {}, "virtual_backgrounds": {}, "wallpaper": None}
    )
    return branding


def _image(ctx: Ctx) -> Upload:
    file = ctx.body_dict().get("file")
    if not isinstance(file, Upload):
        raise bad_request(120, "No file uploaded. Verify that a file has been uploaded.")
    if file.content_type.lower() not in _IMAGE_TYPES and not file.filename.lower().endswith(_IMAGE_EXTENSIONS):
        raise bad_request(120, "You may only upload JPG/JPEG, GIF, or PNG image files.")
    if file.size > MAX_FILE_BYTES:
        raise bad_request(120, "File size cannot exceed 15M.")
    return file


def _true(value: JSON) -> bool:
    return value is True or str(value).lower() == "true"


def _make_default(items: dict[str, JSON], chosen: str) -> None:
    for item_id, item in items.items():
        item["is_default"] = item_id == chosen


@handles("getWebinarBranding")
def get_branding(ctx: Ctx) -> Reply:
    branding = branding_of(ctx)
    answer: dict[str, JSON] = {
        "name_tags": copy.deepcopy(list(branding["name_tags"].values())),
        "virtual_backgrounds": [
            {k: v for k, v in vb.items() if k in ("id", "name", "is_default")}
            for vb in branding["virtual_backgrounds"].values()
        ],
    }
    if branding.get("wallpaper"):
        answer["wallpaper"] = {"id": branding["wallpaper"]["id"]}
    return ctx.ok(answer)


@handles("createWebinarBrandingNameTag")
def create_name_tag(ctx: Ctx) -> Reply:
    body = ctx.body_dict()
    with ctx.state.lock:
        tags = branding_of(ctx)["name_tags"]
        if len(tags) >= MAX_NAME_TAGS:
            raise bad_request(
                3000,
                "You have reached the limit for the number of name tags you can add for this webinar. The limit is 20.",
            )
        tag = {k: body[k] for k in _TAG_FIELDS if k in body}
        tag["id"] = ctx.state.new_id("name-tag")
        tag.setdefault("is_default", not tags)
        tags[tag["id"]] = tag
        if tag["is_default"]:
            _make_default(tags, tag["id"])
    return ctx.ok(copy.deepcopy(tag))


@handles("updateWebinarBrandingNameTag")
def update_name_tag(ctx: Ctx) -> Reply:
    body = ctx.body_dict()
    with ctx.state.lock:
        tags = branding_of(ctx)["name_tags"]
        tag = tags.get(ctx.path["nameTagId"])
        if tag is None:
            raise bad_request(300, "Name Tag does not exist.")
        tag.update({k: body[k] for k in _TAG_FIELDS if k in body})
        if body.get("is_default") is True:
            _make_default(tags, tag["id"])
    return Reply(ctx.op.success_status)


@handles("deleteWebinarBrandingNameTag")
def delete_name_tags(ctx: Ctx) -> Reply:
    with ctx.state.lock:
        tags = branding_of(ctx)["name_tags"]
        ids = _ids(ctx.query.get("name_tag_ids"), tags, "name_tag_ids")
        for tag_id in ids:
            del tags[tag_id]
    return Reply(ctx.op.success_status)


def _ids(raw: JSON, items: dict[str, JSON], name: str) -> list[str]:
    """The comma-separated IDs of a delete (every item when none is given); 400 code 300 for an unknown one."""
    if raw in (None, ""):
        return list(items)
    ids = [part.strip() for part in str(raw).split(",") if part.strip()]
    if not ids or any(i not in items for i in ids):
        raise bad_request(300, f"Invalid parameter: `{name}`.")
    return ids


@handles("uploadWebinarBrandingVB")
def upload_background(ctx: Ctx) -> Reply:
    file = _image(ctx)
    body = ctx.body_dict()
    with ctx.state.lock:
        backgrounds = branding_of(ctx)["virtual_backgrounds"]
        if len(backgrounds) >= MAX_BACKGROUNDS:
            raise bad_request(120, "A maximum of 10 files are allowed for a webinar.")
        background_id = ctx.state.new_id("background")
        background: dict[str, JSON] = {
            "id": background_id,
            "name": file.filename,
            "size": file.size,
            "type": "image",
            "is_default": _true(body.get("default")) or not backgrounds,
        }
        backgrounds[background_id] = background
        if background["is_default"]:
            _make_default(backgrounds, background_id)
    return ctx.ok(copy.deepcopy(background))


@handles("setWebinarBrandingVB")
def set_default_background(ctx: Ctx) -> Reply:
    with ctx.state.lock:
        backgrounds = branding_of(ctx)["virtual_backgrounds"]
        chosen = str(ctx.query.get("id") or "")
        if chosen not in backgrounds:
            raise bad_request(300, f"Invalid parameter: {chosen or 'id'}")
        _make_default(backgrounds, chosen)
    return Reply(ctx.op.success_status)


@handles("deleteWebinarBrandingVB")
def delete_backgrounds(ctx: Ctx) -> Reply:
    with ctx.state.lock:
        backgrounds = branding_of(ctx)["virtual_backgrounds"]
        for background_id in _ids(ctx.query.get("ids"), backgrounds, "ids"):
            del backgrounds[background_id]
    return Reply(ctx.op.success_status)


@handles("uploadWebinarBrandingWallpaper")
def upload_wallpaper(ctx: Ctx) -> Reply:
    file = _image(ctx)
    with ctx.state.lock:
        wallpaper = {"id": ctx.state.new_id("wallpaper"), "name": file.filename, "size": file.size, "type": "image"}
        branding_of(ctx)["wallpaper"] = wallpaper
    return ctx.ok(copy.deepcopy(wallpaper))


@handles("deleteWebinarBrandingWallpaper")
def delete_wallpaper(ctx: Ctx) -> Reply:
    with ctx.state.lock:
        branding_of(ctx)["wallpaper"] = None
    return Reply(ctx.op.success_status)
