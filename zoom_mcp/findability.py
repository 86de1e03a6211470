"""A tiny BM25 search over tools (name + description), to check that agents can find the right tool.

Clients with many tools often search them with BM25-like ranking before showing any to the model; this
module reproduces that so tests and benchmarks can ask "does 'pause the recording' find the right tool?".

    index = ToolIndex.from_tools(catalog_tools + curated_tools())
    index.search("pause the recording", limit=3)   # [("live_recording_pause", 7.9), ...]
    index.rank_of("pause the recording", "live_recording_pause")   # 1
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+")
STEM_LENGTH = 6
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "could",
        "do",
        "for",
        "from",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "please",
        "should",
        "so",
        "some",
        "that",
        "the",
        "their",
        "them",
        "then",
        "this",
        "to",
        "up",
        "us",
        "we",
        "what",
        "when",
        "which",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)


def stem(word: str) -> str:
    """A deliberately small stemmer: strip one common suffix, then truncate to 6 characters.

    recordings/recording/recorded -> record; register/registrant/registration -> regist; invitation -> invit.
    """
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    for suffix in ("ation", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word[:STEM_LENGTH]


def tokenize(text: str) -> list[str]:
    """Lower-case words (snake_case and camelCase split), stop words dropped, stemmed."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text).replace("_", " ").lower()
    return [stem(word) for word in _WORD.findall(spaced) if word not in STOP_WORDS]


@dataclass(frozen=True)
class SearchHit:
    name: str
    score: float


class ToolIndex:
    """Okapi BM25 over documents given as (name, text)."""

    def __init__(self, documents: Sequence[tuple[str, str]], *, k1: float = 1.2, b: float = 0.75) -> None:
        self._names = [name for name, _ in documents]
        self._terms = [Counter(tokenize(text)) for _, text in documents]
        self._lengths = [sum(terms.values()) for terms in self._terms]
        self._average = (sum(self._lengths) / len(self._lengths)) if self._lengths else 0.0
        frequency: Counter[str] = Counter()
        for terms in self._terms:
            frequency.update(terms.keys())
        count = len(documents)
        self._idf = {term: math.log(1 + (count - seen + 0.5) / (seen + 0.5)) for term, seen in frequency.items()}
        self._k1 = k1
        self._b = b

    @classmethod
    def from_tools(cls, tools: Iterable[Mapping[str, object]]) -> ToolIndex:
        """Index MCP-shaped tool dicts by `name` and `description`."""
        return cls([(str(tool["name"]), f"{tool['name']} {tool.get('description') or ''}") for tool in tools])

    @property
    def names(self) -> list[str]:
        return list(self._names)

    def search(self, query: str, *, limit: int = 10) -> list[SearchHit]:
        """Best matches first (ties broken by name); documents with score 0 are left out."""
        terms = tokenize(query)
        hits = []
        for position, name in enumerate(self._names):
            score = self._score(position, terms)
            if score > 0:
                hits.append(SearchHit(name, score))
        hits.sort(key=lambda hit: (-hit.score, hit.name))
        return hits[:limit]

    def rank_of(self, query: str, name: str) -> int | None:
        """1-based rank of tool `name` for `query`, or None when it does not match at all."""
        for rank, hit in enumerate(self.search(query, limit=len(self._names)), start=1):
            if hit.name == name:
                return rank
        return None

    def _score(self, position: int, terms: list[str]) -> float:
        counts = self._terms[position]
        norm = self._k1 * (1 - self._b + self._b * self._lengths[position] / (self._average or 1.0))
        score = 0.0
        for term in terms:
            tf = counts.get(term, 0)
            if tf:
                score += self._idf[term] * tf * (self._k1 + 1) / (tf + norm)
        return score
