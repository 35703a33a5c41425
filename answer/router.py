"""Route a free question to a facet: the 28 competency questions verbatim, facet keys, or paraphrases.

Paraphrases are scored by the catalog's keywords (multi-word keywords weigh more, generic words
less). For hyper-parameters the question may name one ("What learning rate?"): the answer is then
about that one only.

A question may name several facets ("Which optimizer and loss function were used?"): `route_all`
returns each of them, but only when the question is coordinated ("and", "or", ",", "as well as", ...)
and at least two of its parts each point to a different facet by a strong (not generic) keyword.
Anything less stays one facet, exactly as `route` says.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from schema.aliases import ALIASES, alias_key
from schema.catalog import FACETS, FACETS_BY_CQ, FACETS_BY_KEY, Facet
from schema.errors import RoutingError

_WEAK_KEYWORDS = frozenset({"model", "network", "data", "software", "used for", "evaluate", "evaluation", "weights",
                            "label", "task", "cloud", "platform", "code", "repository", "format"})
_EXAMPLES = re.compile(r"\((?:e\.g\.|for example|such as)[^)]*\)", re.I)
_CQ_REF = re.compile(r"^\s*(?:cq|q|question)?\s*#?\s*(\d{1,2})\s*$", re.I)
_EXAMPLE_TAIL = re.compile(r"(?<![a-z0-9])(?:such as|e\.g\.|e\.g|for example|for instance|including|like)(?![a-z0-9])[^?;]*")
_COORDINATOR = re.compile(r",|;|&|(?<![a-z0-9])(?:and|or|plus|as well as|along with|together with)(?![a-z0-9])")


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
    facet = _exact(folded)
    if facet is None:
        facet = _score(_EXAMPLES.sub(" ", folded))
    value_filter = _hyperparameter_named(folded) if facet.key == "hyperparameters" and facet.question.casefold() != folded else None
    return Route(facet, value_filter)


def route_all(question: str) -> list[Route]:
    """Every facet a question clearly names, in the order it names them; one Route unless it names several.

    Conservative on purpose: a competency question, a facet key or label, or a question without a
    coordinator is one facet (`route`); so is a list of examples ("such as A, B and C"). Otherwise the
    question is cut at its coordinators and each part votes on its own; it is split only when two parts
    or more each have a strong keyword of a different facet ("What learning rate and batch size?" stays
    one facet, hyper-parameters; "Which dataset and model?" too, as "model" alone is a generic word).
    """
    folded = _fold(question)
    if not folded or _exact(folded) is not None:
        return [route(question)]
    text = _EXAMPLE_TAIL.sub(" ", _EXAMPLES.sub(" ", folded))  # "such as A, B, C" lists examples, not facets
    cuts = [0, *(m.start() for m in _COORDINATOR.finditer(text)), len(text)]
    if len(cuts) == 2:
        return [route(question)]
    matches = _matches(text)
    parts: dict[str, list[str]] = {}  # facet key -> the parts that name it, in question order
    for start, end in itertools.pairwise(cuts):
        scores = _scores(matches, start, end)
        strong = {key: weight for key, (weight, has_strong) in scores.items() if has_strong}
        if strong:
            best = max(FACETS, key=lambda f: strong.get(f.key, 0.0))  # ties: catalog order
            parts.setdefault(best.key, []).append(text[start:end])
    if len(parts) < 2:
        return [route(question)]
    return [Route(FACETS_BY_KEY[key], _hyperparameter_named(" ".join(texts)) if key == "hyperparameters" else None)
            for key, texts in parts.items()]


def _exact(folded: str) -> Facet | None:
    """A competency question verbatim, a facet key or label, or "cq 12"."""
    facet = _VERBATIM.get(folded) or FACETS_BY_KEY.get(folded) or _LABELS.get(folded.rstrip("?"))
    if facet is None and (match := _CQ_REF.match(folded)) and int(match.group(1)) in FACETS_BY_CQ:
        facet = FACETS_BY_CQ[int(match.group(1))]
    return facet


def _matches(text: str) -> list[tuple[int, int, Facet, str]]:
    """Keyword hits; where keywords overlap ("fine-tuned" and "tuned") only the longest one counts."""
    matches = [(m.start(), m.end(), facet, keyword) for facet, keyword, pattern in _KEYWORD_PATTERNS
               for m in pattern.finditer(text)]
    taken: list[tuple[int, int]] = []
    kept = []
    for start, end, facet, keyword in sorted(matches, key=lambda m: m[0] - m[1]):  # longest first
        if any(start < t_end and t_start < end and (end - start) < (t_end - t_start) for t_start, t_end in taken):
            continue
        taken.append((start, end))
        kept.append((start, end, facet, keyword))
    return kept


def _scores(matches: list[tuple[int, int, Facet, str]], start: int = 0, end: int | None = None,
            ) -> dict[str, tuple[float, bool]]:
    """Votes per facet key from the hits inside [start, end): (weight, whether any hit is a strong keyword)."""
    scores: dict[str, tuple[float, bool]] = {}
    for m_start, m_end, facet, keyword in matches:
        if m_start < start or (end is not None and m_end > end):
            continue
        weak = keyword in _WEAK_KEYWORDS
        weight, strong = scores.get(facet.key, (0.0, False))
        scores[facet.key] = (weight + (0.4 if weak else 1.0 + 0.5 * keyword.count(" ")), strong or not weak)
    return scores


def _score(text: str) -> Facet:
    """The facet with the most keyword votes."""
    scores = _scores(_matches(text))
    if not scores:
        raise RoutingError(f"cannot tell which facet {text!r} asks about; `methodkg facets` lists what can be asked")
    best = max(FACETS, key=lambda f: scores.get(f.key, (0.0, False))[0])  # ties: catalog order
    return best


def _hyperparameter_named(text: str) -> str | None:
    key = alias_key(text)
    if any(word in text for word in ("hyperparameters", "hyper-parameters", "hyperparameter", "hyper-parameter")):
        return None
    for alias, canonical in _HYPERPARAMETER_NAMES:
        if alias in key:
            return canonical
    return None
