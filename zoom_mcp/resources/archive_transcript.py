"""Archive (JSON) transcripts to cues, for meetings archived with Zoom's archiving feature.

Zoom documents the archive TRANSCRIPT file only as "a JSON file include audio transcript wording";
its exact layout is not in the API reference, so this parser is deliberately tolerant (an inference,
not a documented format). It accepts:

- a list of entries, or an object holding one under `timeline`, `transcript`, `transcripts`,
  `items`, `results`, `segments`, `recognition_results` or `data`;
- per entry, the start under `ts`, `start_time`, `start`, `begin`, `timestamp` or `offset`
  (`hh:mm:ss(.ttt)` text, or seconds as a number or numeric text; values above 360000 are taken as
  milliseconds); the text under `text`, `content`, `transcript`, `sentence` or `words` (a list of
  words or word objects is joined); the speaker under `speaker`, `speaker_name`, `username`,
  `user_name`, `display_name`, `name`, or the first of `users` / `speakers` (`username`, `name`).

Entries without text are skipped. Raises `ValueError` when the document holds no transcript entries.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from zoom_mcp.resources.vtt import Cue, render_transcript

_CONTAINER_KEYS = (
    "timeline",
    "transcript",
    "transcripts",
    "items",
    "results",
    "segments",
    "recognition_results",
    "data",
)
_START_KEYS = ("ts", "start_time", "start", "begin", "timestamp", "offset")
_END_KEYS = ("end_ts", "end_time", "end")
_TEXT_KEYS = ("text", "content", "transcript", "sentence", "words")
_SPEAKER_KEYS = ("speaker", "speaker_name", "username", "user_name", "display_name", "name")
_PEOPLE_KEYS = ("users", "speakers")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d+))?$")
_MILLISECONDS_THRESHOLD = 360_000


def parse_archive_transcript(document: str | bytes | Any) -> list[Cue]:
    """Cues from an archive transcript (JSON text, bytes, or an already parsed value)."""
    data = json.loads(document) if isinstance(document, (str, bytes, bytearray)) else document
    entries = _entries(data)
    if entries is None:
        raise ValueError(
            "The archive transcript JSON holds no list of transcript entries "
            f"(looked for a list or one of the keys {', '.join(_CONTAINER_KEYS)})."
        )
    cues = [cue for entry in entries if isinstance(entry, Mapping) and (cue := _cue(entry)) is not None]
    return cues


def archive_transcript_to_text(document: str | bytes | Any) -> str:
    return render_transcript(parse_archive_transcript(document))


def _entries(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        for key in _CONTAINER_KEYS:
            value = data.get(key)
            if isinstance(value, list):
                return value
            if isinstance(value, Mapping):
                nested = _entries(value)
                if nested is not None:
                    return nested
    return None


def _cue(entry: Mapping[str, Any]) -> Cue | None:
    text = _text(entry)
    if not text:
        return None
    start = _first_time(entry, _START_KEYS) or 0.0
    end = _first_time(entry, _END_KEYS)
    return Cue(start=start, text=text, speaker=_speaker(entry), end=end)


def _text(entry: Mapping[str, Any]) -> str:
    for key in _TEXT_KEYS:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
        if isinstance(value, list):
            words = [
                w if isinstance(w, str) else str(w.get("word") or w.get("text") or "")
                for w in value
                if isinstance(w, (str, Mapping))
            ]
            joined = " ".join(" ".join(words).split())
            if joined:
                return joined
    return ""


def _speaker(entry: Mapping[str, Any]) -> str | None:
    for key in _SPEAKER_KEYS:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, Mapping):
            nested = _speaker(value)
            if nested:
                return nested
    for key in _PEOPLE_KEYS:
        people = entry.get(key)
        if isinstance(people, list):
            for person in people:
                if isinstance(person, Mapping) and (name := _speaker(person)):
                    return name
                if isinstance(person, str) and person.strip():
                    return person.strip()
    return None


def _first_time(entry: Mapping[str, Any], keys: tuple[str, ...]) -> float | None:
    for key in keys:
        if key in entry:
            seconds = _to_seconds(entry[key])
            if seconds is not None:
                return seconds
    return None


def _to_seconds(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return number / 1000 if number > _MILLISECONDS_THRESHOLD else number
    if isinstance(value, str):
        text = value.strip()
        match = _CLOCK.match(text)
        if match:
            hours, minutes, seconds, fraction = match.groups()
            frac = float(f"0.{fraction}") if fraction else 0.0
            return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + frac
        try:
            return _to_seconds(float(text))
        except ValueError:
            return None
    return None
