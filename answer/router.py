"""Route a free question to a facet: the 28 competency questions verbatim, facet keys, or paraphrases.

Paraphrases are scored by the catalog's keywords (multi-word keywords weigh more, generic words
less). For hyper-parameters the question may name one ("What learning rate?"): the answer is then
about that one only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schema.aliases import ALIASES, alias_key
from schema.catalog import FACETS, FACETS_BY_CQ, FACETS_BY_KEY, Facet
from schema.errors import RoutingError

_WEAK_KEYWORDS = frozenset({"model", "network", "data", "software", "used for", "evaluate", "evaluation", "weights",
                            "label", "task", "cloud", "platform", "code", "repository", "format"})
_EXAMPLES = re.compile(r"\((?:e\.g\.|for example|such as)[^)]*\)", re.I)
_CQ_REF = re.compile(r"^\s*(?:cq|q|question)?\s*#?\s*(\d{1,2})\s*$", re.I)


@dataclass(frozen=True)
class Route:
    facet: Facet
    value_filter: str | None = None  # canonical hyper-parameter name the question asks about

    def keeps(self, value: str) -> bool:
        return self.value_filter is None or value == self.value_filter


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


_VERBATIM = {_fold(f.question): f for f in FACETS}
_LABELS = {_fold(f.label): f for f in FACETS} | {_fold(f.key.replace("_", " ")): f for f in FACETS}
_KEYWORD_PATTERNS = [
    (facet, keyword, re.compile(rf"(?<![a-z0-9]){re.escape(keyword)}(?![a-z0-9])"))
    for facet in FACETS for keyword in facet.keywords
]
_HYPERPARAMETER_NAMES = sorted(
    ((alias_key(s), canonical) for canonical, spellings in ALIASES["hyperparameters"].items()
     for s in (canonical, *spellings) if len(alias_key(s)) > 3),
    key=lambda item: -len(item[0]),
)


def route(question: str) -> Route:
    """The facet a question asks about; RoutingError when nothing in it points to a facet."""
    folded = _fold(question)
    if not folded:
        raise RoutingError("empty question")
    facet = _VERBATIM.get(folded) or FACETS_BY_KEY.get(folded) or _LABELS.get(folded.rstrip("?"))
    if facet is None and (match := _CQ_REF.match(folded)) and int(match.group(1)) in FACETS_BY_CQ:
        facet = FACETS_BY_CQ[int(match.group(1))]
    if facet is None:
        facet = _score(_EXAMPLES.sub(" ", folded))
    value_filter = _hyperparameter_named(folded) if facet.key == "hyperparameters" and facet.question.casefold() != folded else None
    return Route(facet, value_filter)


def _score(text: str) -> Facet:
    """Keyword votes; where keywords overlap ("fine-tuned" and "tuned") only the longest one counts."""
    matches = [(m.start(), m.end(), facet, keyword) for facet, keyword, pattern in _KEYWORD_PATTERNS
               for m in pattern.finditer(text)]
    taken: list[tuple[int, int]] = []
    scores: dict[str, float] = {}
    for start, end, facet, keyword in sorted(matches, key=lambda m: m[0] - m[1]):  # longest first
        if any(start < t_end and t_start < end and (end - start) < (t_end - t_start) for t_start, t_end in taken):
            continue
        taken.append((start, end))
        weight = 0.4 if keyword in _WEAK_KEYWORDS else 1.0 + 0.5 * keyword.count(" ")
        scores[facet.key] = scores.get(facet.key, 0.0) + weight
    if not scores:
        raise RoutingError(f"cannot tell which facet {text!r} asks about; `methodkg facets` lists what can be asked")
    best = max(FACETS, key=lambda f: scores.get(f.key, 0.0))  # ties: catalog order
    return best


def _hyperparameter_named(text: str) -> str | None:
    key = alias_key(text)
    if any(word in text for word in ("hyperparameters", "hyper-parameters", "hyperparameter", "hyper-parameter")):
        return None
    for alias, canonical in _HYPERPARAMETER_NAMES:
        if alias in key:
            return canonical
    return None
