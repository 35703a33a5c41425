"""Sentence spans over normalized text, skipping the full stops of abbreviations and numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

_ABBREVIATIONS = frozenset(
    ["e.g", "i.e", "et", "al", "fig", "figs", "eq", "eqs", "ref", "refs", "tab", "vs", "approx", "resp", "cf", "no", "nos", "ca", "sp", "spp", "var", "ver", "vol", "pp", "ed", "eds", "dr", "mr", "ms", "prof", "inc", "ltd", "co", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
_BOUNDARY = re.compile(r"[.!?](?=[\"')\]]*\s+[\"'(\[]?[A-Z0-9])|\n\n")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
MAX_SENTENCE = 600


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end], whitespace trimmed, long runs cut."""
    end = len(text) if end is None else end
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group() == ".":
            word = _WORD_BEFORE.search(text, max(start, match.start() - 12), match.start())
            if word and (word.group(1).casefold().rstrip(".") in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        stop = match.end() if match.group() != "\n\n" else match.start()
        yield from _trimmed(text, cursor, stop)
        cursor = match.end()
    yield from _trimmed(text, cursor, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:  # PDF junk without full stops: cut at a space
        cut = text.rfind(" ", start, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        yield start, cut
        start = cut + 1
    if end > start:
        yield start, end
