"""`ToolSearch`: the ranking behind `zoom_search_tools`.

A request finds its tool in five ways, strongest first:

1. Zoom's own words: a tool name or operationId in the request, or an HTTP method and path
   (`GET /meetings/{meetingId}`, `DELETE /webinars/123/registrants/abc`): literal path segments must
   match, `{parameters}` match any value.
2. BM25F over the tool's fields, each with its weight: name, title, summary, the rest of the description
   (search hints included), operationId, path words, argument names, toolset.
3. People's words: the request is widened with what people say for Zoom's words (`synonyms.py`:
   "kick off" -> start, "get rid of" -> delete, "attendees" -> participants, "sign up" -> register ...).
4. Settings: a request that holds every word of a field inside an object argument ("let people join
   before the host": `settings.join_before_host`) points at the tools that carry it.
5. Intent: the action the request asks for (list, get, create, update, delete, start, ...) against the
   action in the tool's name; matching tools rise, and read-only tools rise for questions.

Before ranking, the values a request carries (emails, URLs, quoted names, phone numbers, IDs, dates, calendar
words: `strip_values`) are left out: they say which meeting or person, not what to do. The first action the
request names is its intent ("remove the webinar from the schedule" is a delete); a tool whose name writes the
request's words in the same number gains a little ("add a registrant": meeting_registrant_create before
meeting_registrants_batch_add).

Terms go through `zoom_mcp.findability.tokenize` (lower case, snake/camel split, stop words, light stemming),
so this ranking and the plain-BM25 baseline see the same words. Built once per catalogue (about 70 ms
for 170 tools, on the first search), searched per call (about a millisecond per query).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from zoom_mcp.discovery.synonyms import CALENDAR_WORDS, INTENT_WORDS, PHRASES, PLURALS, WORDS
from zoom_mcp.findability import tokenize

K1 = 1.2
B = 0.75
FIELD_WEIGHTS = {
    "name": 3.0,
    "title": 2.5,
    "summary": 1.5,
    "description": 1.0,
    "operation": 1.5,
    "path": 1.0,
    "arguments": 0.6,
    "toolset": 1.0,
}
EXPANSION_WEIGHT = 0.6  # a term added by a synonym counts this much of a term the person typed
ACTION_WEIGHT = 0.4  # a typed word that only names the action ("remove", "show"): the intent scores it
PHRASE_WEIGHT = 0.9  # a term standing for a phrase the person typed ("get rid of" -> delete)
INTENT_BOOST = 0.35
SECONDARY_INTENT = 0.4  # an action named after the first one ("remove it from the schedule"): this share of the boost
NUMBER_BOOST = 0.15  # the request says "registrant" and the name says registrant (not registrants): singular vs plural
COVERAGE_BOOST = 0.6  # how much a tool gains when every word of its name's object is in the request
SETTING_WEIGHT = 0.5  # a setting named word for word: this share of its words' idf
EXACT_SCORE = 1000.0
_METHOD_PATH = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE)\b\s+(/\S*)|(?<!\S)(/[A-Za-z_{}][^\s]*)", re.I)
_VERBS = ("list", "get", "create", "update", "delete", "add", "assign", "enable", "set", "upload", "start", "stop",
          "pause", "resume", "disable", "batch", "invite", "message")  # fmt: skip


_VERB_TERMS = frozenset(tokenize(" ".join(_VERBS)))


@dataclass(frozen=True)
class SearchHit:
    name: str
    score: float


@dataclass
class _Document:
    name: str
    operation_id: str
    method: str
    path_segments: tuple[str, ...]
    verb: str
    objects: frozenset[str]  # the name's words other than the action: meeting_registrant_create -> meet, regist
    forms: tuple[str, ...]  # the name's words as written (number agreement): meeting, registrant
    read_only: bool
    toolset: str
    fields: dict[str, Counter[str]]
    lengths: dict[str, int]
    settings: tuple[frozenset[str], ...]  # the words of each field inside an object argument (two words or more)


def tool_verb(name: str) -> str:
    """The action in a tool name: `meeting_registrants_list` -> list, `live_recording_start` -> start."""
    parts = name.split("_")
    for part in reversed(parts):
        if part in _VERBS:
            return "create" if part in ("add", "batch") else part
    return parts[-1]


def _nested_fields(schema: Mapping[str, Any]) -> list[str]:
    """Names of the fields inside object arguments (`settings.join_before_host` -> join_before_host): what
    people ask for when they describe a setting ("let people join before the host")."""
    found: list[str] = []
    stack = [prop for prop in (schema.get("properties") or {}).values() if isinstance(prop, Mapping)]
    while stack:
        node = stack.pop()
        for branch in (node, node.get("items"), *(node.get("anyOf") or ())):
            if not isinstance(branch, Mapping):
                continue
            for key, child in (branch.get("properties") or {}).items():
                found.append(key)
                if isinstance(child, Mapping):
                    stack.append(child)
    return found


def _path_segments(path: str) -> tuple[str, ...]:
    segments = [s for s in path.split("/") if s]
    if segments[:2] and segments[0] == "accounts":
        segments = segments[2:]  # /accounts/{accountId} prefix of the master variant
    return tuple("{}" if s.startswith("{") else s.lower() for s in segments)


class ToolSearch:
    """Search over MCP-shaped tool dicts (name, title, description, inputSchema, annotations, _meta)."""

    def __init__(self, tools: Iterable[Mapping[str, Any]]) -> None:
        self._docs = [self._document(tool) for tool in tools]
        self._by_name = {doc.name: doc for doc in self._docs}
        self._by_operation = {doc.operation_id: doc.name for doc in self._docs if doc.operation_id}
        frequency: Counter[str] = Counter()
        for doc in self._docs:
            frequency.update({term for counts in doc.fields.values() for term in counts})
        count = len(self._docs) or 1
        self._idf = {term: math.log(1 + (count - seen + 0.5) / (seen + 0.5)) for term, seen in frequency.items()}
        self._average = {
            field: (sum(doc.lengths[field] for doc in self._docs) / count) or 1.0 for field in FIELD_WEIGHTS
        }

    @property
    def names(self) -> list[str]:
        return [doc.name for doc in self._docs]

    @staticmethod
    def _document(tool: Mapping[str, Any]) -> _Document:
        name = str(tool["name"])
        description = str(tool.get("description") or "")
        summary, _, rest = description.partition("\n")
        operation = (tool.get("_meta") or {}).get("zoom-mcp/operation") or {}
        curated = (tool.get("_meta") or {}).get("zoom-mcp/curated")
        operation_id = "" if curated else str(operation.get("operationId") or "")
        path = "" if curated else str(operation.get("path") or "")
        schema = tool.get("inputSchema") or {}
        arguments = " ".join(schema.get("properties") or {})
        texts = {
            "name": name,
            "title": str(tool.get("title") or ""),
            "summary": summary,
            "description": rest,
            "operation": operation_id,
            "path": path.replace("{", " ").replace("}", " "),
            "arguments": arguments,
            "toolset": str(operation.get("toolset") or ""),
        }
        fields = {field: Counter(tokenize(text)) for field, text in texts.items()}
        annotations = tool.get("annotations") or {}
        return _Document(
            name=name,
            operation_id=operation_id,
            method=str(operation.get("method") or "").upper() if not curated else "",
            path_segments=_path_segments(path) if path else (),
            verb=tool_verb(name),
            objects=frozenset(tokenize(name)) - _VERB_TERMS - {"live", "all"},
            forms=tuple(word for word in name.split("_") if word not in _VERBS and len(word) > 3),
            read_only=annotations.get("readOnlyHint") is True,
            toolset=texts["toolset"],
            fields=fields,
            lengths={field: sum(counts.values()) for field, counts in fields.items()},
            settings=tuple(
                {words for words in (frozenset(tokenize(key)) for key in _nested_fields(schema)) if len(words) > 1}
            ),
        )

    def search(
        self,
        query: str,
        *,
        limit: int = 5,
        allowed: Collection[str] | None = None,
        toolset: str | None = None,
    ) -> list[SearchHit]:
        """Best matches first among `allowed` names (None: all), optionally in one toolset; no zero scores."""
        candidates = [
            doc
            for doc in self._docs
            if (allowed is None or doc.name in allowed) and (toolset is None or doc.toolset == toolset)
        ]
        exact = self._exact(query)
        path_scores = self._path_scores(query, candidates)
        terms = self._terms(query)
        intents = self._intents(query)
        words = set(_plain(query).split())
        hits = []
        for doc in candidates:
            score = self._bm25f(doc, terms)
            if score > 0 and doc.objects:
                score *= 1 + COVERAGE_BOOST * len(doc.objects & terms.keys()) / len(doc.objects)
            if score > 0 and intents:
                score *= 1 + INTENT_BOOST * _intent_share(doc, intents)
            if score > 0 and doc.forms:
                score *= 1 + NUMBER_BOOST * _number_agreement(doc.forms, words)
            score += self._setting_score(doc, terms)
            score += path_scores.get(doc.name, 0.0)
            if doc.name in exact:
                score += EXACT_SCORE
            if score > 0:
                hits.append(SearchHit(doc.name, round(score, 4)))
        hits.sort(key=lambda hit: (-hit.score, hit.name))
        return hits[:limit]

    def rank_of(self, query: str, name: str, **kwargs: Any) -> int | None:
        for rank, hit in enumerate(self.search(query, limit=len(self._docs), **kwargs), start=1):
            if hit.name == name:
                return rank
        return None

    # ----- the parts of the score ----------------------------------------------------------------
    def _terms(self, query: str) -> dict[str, float]:
        """Query terms with weights: typed words 1.0, except words that only say the action (the intent
        handles those: ACTION_WEIGHT); a people's phrase ("get rid of") is replaced by Zoom's words
        (PHRASE_WEIGHT); a word with a synonym keeps its weight and adds Zoom's (EXPANSION_WEIGHT)."""
        rest, phrase_words = _take_phrases(_plain(query), _PHRASES)
        _, action_phrases = _take_phrases(rest, _ACTIONS)
        action_terms = {term for phrase in action_phrases for term in tokenize(phrase)}
        weights: dict[str, float] = {}
        for term in tokenize(rest):
            weight = ACTION_WEIGHT if term in action_terms else 1.0
            weights[term] = weights.get(term, 0.0) + weight
        added = [(term, PHRASE_WEIGHT) for words in phrase_words for term in tokenize(words)]
        added += [(term, EXPANSION_WEIGHT) for word in rest.split() if word in WORDS for term in tokenize(WORDS[word])]
        for term, weight in added:
            weights[term] = max(weights.get(term, 0.0), weight)
        return weights

    def _intents(self, query: str) -> list[str]:
        """The actions asked for, in the order the request names them (the first is the one it asks for:
        "remove the webinar from the schedule" is a delete); a request naming things in the plural without
        a verb other than get asks for a list."""
        text = _plain(query)
        intents = _phrases_in_order(text, _INTENTS)
        if any(word in PLURALS for word in text.split()) and set(intents) <= {"get"}:
            intents = ["list"]  # "show my recordings": a list
        return list(dict.fromkeys(intents))

    def _setting_score(self, doc: _Document, terms: Mapping[str, float]) -> float:
        """A request that names a setting word for word ("let people join before the host": join_before_host)
        points at the tools that carry it; the longest such setting counts, by its words' rarity."""
        named = [words for words in doc.settings if words <= terms.keys()]
        if not named:
            return 0.0
        return SETTING_WEIGHT * max(sum(self._idf.get(term, 0.0) for term in words) for words in named)

    def _bm25f(self, doc: _Document, terms: Mapping[str, float]) -> float:
        score = 0.0
        for term, query_weight in terms.items():
            idf = self._idf.get(term)
            if idf is None:
                continue
            weighted_tf = 0.0
            for field, weight in FIELD_WEIGHTS.items():
                tf = doc.fields[field].get(term, 0)
                if tf:
                    norm = 1 - B + B * doc.lengths[field] / self._average[field]
                    weighted_tf += weight * tf / norm
            if weighted_tf:
                score += query_weight * idf * weighted_tf / (K1 + weighted_tf)
        return score

    def _exact(self, query: str) -> set[str]:
        """Tools named in the request: a tool name, or a camelCase operationId written as Zoom writes it."""
        words = set(re.findall(r"[A-Za-z0-9_]+", query))
        found = {word for word in words if word in self._by_name}
        found |= {self._by_operation[word] for word in words if word in self._by_operation and word != word.lower()}
        return found

    def _path_scores(self, query: str, candidates: Iterable[_Document]) -> dict[str, float]:
        """Tools whose method and path match a path in the request (`GET /meetings/{meetingId}`)."""
        match = _METHOD_PATH.search(query)
        if match is None:
            return {}
        method = (match.group(1) or "").upper()
        segments = _path_segments(match.group(2) or match.group(3) or "")
        scores: dict[str, float] = {}
        for doc in candidates:
            if not doc.path_segments or len(doc.path_segments) != len(segments):
                continue
            if all(
                mine == "{}" or given == "{}" or mine == given
                for mine, given in zip(doc.path_segments, segments, strict=True)
            ):
                literal = sum(1 for mine, given in zip(doc.path_segments, segments, strict=True) if mine == given)
                score = EXACT_SCORE / 2 + literal
                if method and doc.method != method:
                    score = literal  # right path, other method: still a hint
                scores[doc.name] = score
        return scores


def _intent_share(doc: _Document, intents: list[str]) -> float:
    """How much of the intent boost a tool earns: its action is the request's first action (1), a later one
    (SECONDARY_INTENT), a neighbour of get/list (half); read-only tools gain for questions."""
    share = 0.0
    for position, intent in enumerate(intents):
        weight = 1.0 if position == 0 else SECONDARY_INTENT
        if doc.verb == intent:
            share = max(share, weight)
        elif {intent, doc.verb} == {"get", "list"}:
            share = max(share, weight / 2)
    if {"list", "get"} & set(intents) and doc.read_only:
        share += 0.5
    return share


def _number_agreement(forms: tuple[str, ...], words: set[str]) -> float:
    """+1 for each word of the tool's name the request writes the same way, -1 for each it writes in the
    other number (registrant vs registrants), over the name's words."""
    score = 0
    for form in forms:
        other = form[:-1] if form.endswith("s") else form + "s"
        if form in words:
            score += 1
        elif other in words:
            score -= 1
    return score / len(forms)


def _phrases_in_order(text: str, table: _Ordered) -> list[str]:
    """`table`'s values for its phrases in `text`, left to right, longest phrase first at each word."""
    words = text.split()
    longest = max((len(phrase.split()) for phrase in table), default=1)
    values: list[str] = []
    position = 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            phrase = " ".join(words[position : position + size])
            if phrase in table:
                values.append(table[phrase])
                position += size
                break
        else:
            position += 1
    return values


def _plain(text: str) -> str:
    """Lower-case words separated by single spaces (apostrophes and & kept: "what's", "q&a"), without the
    values a request carries (`strip_values`)."""
    words = re.findall(r"[a-z0-9&'-]+", strip_values(text).lower())
    return " ".join(word for word in words if word not in CALENDAR_WORDS)


_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.I)
# Each pattern may start only where its run of characters starts (the look-behinds): the same matches as
# without them, but a long run that does not match is scanned once, not once per character (a request of
# 20,000 letters took seconds).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_QUOTED = re.compile(r"(?<![\w])(['\"\u2018\u201c])[^'\"\u2018\u2019\u201c\u201d\n]{1,80}['\"\u2019\u201d](?![\w])")
_PHONE = re.compile(r"(?<!\d)\+?\d[\d ().-]{6,}\d")
_WITH_DIGIT = re.compile(r"(?<![\w.:/=+-])[\w.:/=+-]*\d[\w.:/=+-]*")
_KEPT_WITH_DIGITS = frozenset({"h323", "h.323", "1:1", "1-on-1", "1on1", "q&a"})


def strip_values(text: str) -> str:
    """The request without the values it carries: URLs, emails, quoted names ('Q3 planning'), phone numbers,
    IDs, dates and times (any word with a digit, but for a few of Zoom's own: H.323, 1:1). They name *which*
    meeting or person, never *what* to do, and their pieces ("example" in jane@example.com) only add noise."""
    text = _URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _QUOTED.sub(" ", text)
    text = _PHONE.sub(" ", text)
    return _WITH_DIGIT.sub(lambda m: m.group(0) if m.group(0).lower().strip(".:") in _KEPT_WITH_DIGITS else " ", text)


class _Ordered(dict[str, str]):
    """A phrase table that remembers its phrases longest first (sorted once, not per query)."""

    def __init__(self, table: Mapping[str, str]) -> None:
        super().__init__(table)
        self.order = tuple(sorted(self, key=lambda p: (-len(p), p)))


_PHRASES = _Ordered(PHRASES)
_INTENTS = _Ordered(INTENT_WORDS)
_ACTIONS = _Ordered({phrase: phrase for phrase in INTENT_WORDS})


def _take_phrases(text: str, table: _Ordered) -> tuple[str, list[str]]:
    """Find `table`'s phrases in `text`, longest first; (text without them, their values in order found)."""
    padded = f" {text} "
    values: list[str] = []
    for phrase in table.order:
        needle = f" {phrase} "
        while needle in padded:
            values.append(table[phrase])
            padded = padded.replace(needle, " ", 1)
    return " ".join(padded.split()), values
