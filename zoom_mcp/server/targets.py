"""What a destructive call would touch, as a person knows it (for confirmation questions and previews).

`TargetDescriber.describe(spec, arguments)` fetches the meeting's or webinar's topic and start time,
a recording's file count and size, and how many registrants or panelists are affected, so the
person confirming sees "meeting "Weekly sync" (ID 85746065001) starting 2026-11-26T10:00:00Z", not an ID.
Lookups are best effort: a failed lookup only makes the description plainer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zoom_mcp.catalog.registry import ToolSpec
from zoom_mcp.gates import TargetDescription
from zoom_mcp.variants import api_path
from zoom_mcp.zoom_client import ZoomClient, ZoomError, build_path

_MEETING = "/accounts/{accountId}/meetings/{meetingId}"
_RECORDINGS = "/accounts/{accountId}/meetings/{meetingId}/recordings"
_WEBINAR = "/accounts/{accountId}/webinars/{webinarId}"
_WEBINAR_REGISTRANTS = "/accounts/{accountId}/webinars/{webinarId}/registrants"
_WEBINAR_PANELISTS = "/accounts/{accountId}/webinars/{webinarId}/panelists"


class TargetDescriber:
    def __init__(self, client: ZoomClient, default_account_id: str, variant: str = "master") -> None:
        self._client = client
        self._account = default_account_id
        self._variant = variant  # "regular": the same lookups without the /accounts/{accountId} prefix

    async def _get(self, template: str, values: Mapping[str, Any], query: dict[str, Any] | None = None) -> Any:
        path = build_path(api_path(template, self._variant), values)
        try:
            response = await self._client.request("GET", path, query=query, rate_limit="LIGHT")
        except ZoomError:
            return None
        return response.json if isinstance(response.json, dict) else None

    async def describe(self, spec: Any, arguments: dict[str, Any]) -> TargetDescription:
        operation = (
            spec.operation if isinstance(spec, ToolSpec) else dict(spec.get("_meta", {})).get("zoom-mcp/operation", {})
        )
        path = str(operation.get("path", ""))
        values = {"accountId": arguments.get("accountId") or self._account, **arguments}
        action = arguments.get("action")
        if "{meetingId}" in path and "/recordings" in path:
            return await self._recordings(values, trash=action != "delete" and operation.get("method") == "DELETE")
        if "{meetingId}" in path:
            return await self._meeting(values, path)
        if "{webinarId}" in path:
            return await self._webinar(values, path)
        ids = [f"{name} {arguments[name]}" for name in _path_names(path) if name != "accountId" and name in arguments]
        text = f"{spec_title(spec)}: " + (", ".join(ids) if ids else f"account {values['accountId']}")
        target_id = str(arguments[_path_names(path)[-1]]) if ids else str(values["accountId"])
        return TargetDescription(text=text, target_id=target_id, undoable=False)

    async def _meeting(self, values: Mapping[str, Any], path: str) -> TargetDescription:
        meeting_id = str(values["meetingId"])
        meeting = await self._get(_MEETING, values)
        text = _named("meeting", meeting, meeting_id)
        if "/registrants" in path and meeting is not None:
            text += "; affects the registrants named in the request"
        return TargetDescription(text=text, target_id=meeting_id, undoable=False)

    async def _recordings(self, values: Mapping[str, Any], *, trash: bool) -> TargetDescription:
        meeting_id = str(values["meetingId"])
        found = await self._get(_RECORDINGS, values)
        if found is None:
            text = f"the cloud recordings of meeting {meeting_id}"
        else:
            files = found.get("recording_files") or []
            size = sum(int(f.get("file_size") or 0) for f in files if isinstance(f, dict))
            topic = found.get("topic") or "untitled"
            text = (
                f'the cloud recordings of meeting "{topic}" (ID {meeting_id}, started {found.get("start_time", "?")}): '
                f"{len(files)} file(s), {_size(size)}"
            )
        if values.get("recordingId"):
            text = f"recording file {values['recordingId']} of " + text
        text += " (moved to the trash, recoverable for 30 days)" if trash else " (deleted permanently)"
        return TargetDescription(text=text, target_id=meeting_id, undoable=trash)

    async def _webinar(self, values: Mapping[str, Any], path: str) -> TargetDescription:
        webinar_id = str(values["webinarId"])
        webinar = await self._get(_WEBINAR, values)
        text = _named("webinar", webinar, webinar_id)
        registrants = await self._get(_WEBINAR_REGISTRANTS, values, {"page_size": 1})
        if registrants is not None:
            text += f"; {registrants.get('total_records', 0)} registrant(s)"
        if "/panelists" in path:
            panelists = await self._get(_WEBINAR_PANELISTS, values)
            if panelists is not None:
                text += f"; {panelists.get('total_records', len(panelists.get('panelists') or []))} panelist(s)"
        return TargetDescription(text=text, target_id=webinar_id, undoable=False)


def spec_title(spec: Any) -> str:
    return str(spec.title if isinstance(spec, ToolSpec) else spec.get("title", "operation"))


def _path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]


def _named(kind: str, found: Mapping[str, Any] | None, ident: str) -> str:
    if found is None:
        return f"{kind} {ident} (its details could not be fetched)"
    start = found.get("start_time") or "no fixed time"
    return f'{kind} "{found.get("topic") or "untitled"}" (ID {ident}) starting {start}'


def _size(count: int) -> str:
    value = float(count)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{count} bytes"
