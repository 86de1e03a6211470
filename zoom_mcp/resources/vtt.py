"""WebVTT transcripts to plain text: one `[hh:mm:ss] Speaker: text` line per cue.

Handles what Zoom's TRANSCRIPT and CC files contain and what the WebVTT format allows around it:
the `WEBVTT` header (with a BOM or header lines), cue identifiers, `NOTE`, `STYLE` and `REGION`
blocks, `hh:mm:ss.ttt` and `mm:ss.ttt` timings with cue settings, multi-line cue payloads (joined with
spaces), voice tags `<v Speaker>text</v>` (also `<v.class Speaker>` and unclosed), several voices in
one cue (one line each), Zoom's `Speaker: text` payloads, other markup (`<i>`, `<c.x>`, inline
timestamps) and character references (`&amp;`, `&nbsp;` ...). Cues without a speaker render as
`[hh:mm:ss] text`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

_TIMESTAMP = r"(?:(\d+):)?([0-5]?\d):([0-5]\d)(?:[.,](\d{1,3}))?"
_TIMING_LINE = re.compile(rf"^\s*{_TIMESTAMP}\s*-->\s*{_TIMESTAMP}(?:\s+.*)?$")
_VOICE_OPEN = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.IGNORECASE)
_VOICE_CLOSE = re.compile(r"</v\s*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][^>]*>|<\d[\d:.]*>")
_SPEAKER_PREFIX = re.compile(r"^([^:<>\[\]]{1,64}?):\s+(.*)$", re.DOTALL)
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")
_MAX_SPEAKER_WORDS = 6


@dataclass(frozen=True)
class Cue:
    """One transcript line: start time in seconds, optional speaker, plain text."""

    start: float
    text: str
    speaker: str | None = None
    end: float | None = None


def format_timestamp(seconds: float) -> str:
    """`hh:mm:ss` (hours may exceed 99 for very long meetings); fractions are dropped."""
    whole = max(0, int(seconds))
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def format_cue(cue: Cue) -> str:
    prefix = f"[{format_timestamp(cue.start)}]"
    return f"{prefix} {cue.speaker}: {cue.text}" if cue.speaker else f"{prefix} {cue.text}"


def render_transcript(cues: Iterable[Cue]) -> str:
    """The transcript text: one formatted line per cue, ending with a newline (empty string for no cues)."""
    lines = [format_cue(c) for c in cues if c.text]
    return "\n".join(lines) + "\n" if lines else ""


def parse_vtt(text: str) -> list[Cue]:
    """Parse a WebVTT document into cues (in file order). Unparseable blocks are skipped, never fatal."""
    normalised = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cues: list[Cue] = []
    for block in re.split(r"\n[ \t]*\n", normalised):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines or _is_skipped(lines[0]):
            continue
        timing_index = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing_index is None:
            continue
        times = _parse_timing(lines[timing_index])
        if times is None:
            continue
        start, end = times
        cues.extend(_cues_from_payload(lines[timing_index + 1 :], start, end))
    return cues


def vtt_to_text(text: str) -> str:
    """WebVTT in, `[hh:mm:ss] Speaker: text` lines out."""
    return render_transcript(parse_vtt(text))


def _is_skipped(first_line: str) -> bool:
    stripped = first_line.strip()
    if stripped.startswith("WEBVTT"):
        return "-->" not in stripped
    return any(stripped == word or stripped.startswith((word + " ", word + "\t")) for word in _SKIPPED_BLOCKS)


def _parse_timing(line: str) -> tuple[float, float] | None:
    match = _TIMING_LINE.match(line)
    if match is None:
        return None
    groups = match.groups()
    return _seconds(*groups[:4]), _seconds(*groups[4:])


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str | None) -> float:
    frac = int(fraction.ljust(3, "0")) / 1000 if fraction else 0.0
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + frac


def _cues_from_payload(lines: list[str], start: float, end: float) -> list[Cue]:
    """One cue per voice in the payload (usually one); lines of the same voice are joined with spaces."""
    segments: list[tuple[str | None, list[str]]] = []
    for raw in lines:
        for speaker, text in _voice_segments(raw):
            if speaker is not None or not segments:
                segments.append((speaker, [text]))
            else:
                segments[-1][1].append(text)
    cues: list[Cue] = []
    for speaker, parts in segments:
        text = _clean(" ".join(parts))
        if speaker is None:
            speaker, text = _split_speaker_prefix(text)
        if text:
            cues.append(Cue(start=start, text=text, speaker=speaker, end=end))
    return _merge_same_speaker(cues)


def _voice_segments(line: str) -> list[tuple[str | None, str]]:
    """Split one payload line at voice tags: [(speaker or None for 'continues the previous'), text]."""
    opens = list(_VOICE_OPEN.finditer(line))
    if not opens:
        return [(None, line)]
    segments: list[tuple[str | None, str]] = []
    before = line[: opens[0].start()]
    if _clean(before):
        segments.append((None, before))
    for index, match in enumerate(opens):
        stop = opens[index + 1].start() if index + 1 < len(opens) else len(line)
        body = _VOICE_CLOSE.split(line[match.end() : stop])
        speaker = _clean(match.group(1) or "") or None
        segments.append((speaker, body[0]))
        trailing = " ".join(body[1:])
        if _clean(trailing):
            segments.append((None, trailing))
    return segments


def _merge_same_speaker(cues: list[Cue]) -> list[Cue]:
    merged: list[Cue] = []
    for cue in cues:
        if merged and merged[-1].speaker == cue.speaker:
            last = merged[-1]
            merged[-1] = Cue(start=last.start, text=f"{last.text} {cue.text}", speaker=last.speaker, end=last.end)
        else:
            merged.append(cue)
    return merged


def _split_speaker_prefix(text: str) -> tuple[str | None, str]:
    """Zoom writes `Speaker Name: what they said`; take the prefix as the speaker when it looks like a name."""
    match = _SPEAKER_PREFIX.match(text)
    if match is None:
        return None, text
    name, rest = match.group(1).strip(), match.group(2).strip()
    if not name or not rest or "://" in text[: match.end(1) + 3] or len(name.split()) > _MAX_SPEAKER_WORDS:
        return None, text
    if any(ch in name for ch in ".?!;") and not re.fullmatch(r"[\w .'-]+", name):
        return None, text
    return name, rest


def _clean(text: str) -> str:
    """Drop markup, decode character references, collapse whitespace."""
    without_tags = _ANY_TAG.sub("", text)
    return " ".join(html.unescape(without_tags).replace("\u200e", "").replace("\u200f", "").split())
