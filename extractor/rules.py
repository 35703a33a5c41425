"""The offline rule-based extractor: vocabulary look-up plus a few patterns, with honest context rules.

How a fact is found:
1. Sentences are scanned once; token n-grams are looked up in the alias table of schema/ (all facets at
   once), and facet patterns catch what a vocabulary cannot (hyper-parameter settings, links, splits).
2. A facet may require a cue in the sentence (ImageNet is a *weights* fact only near "pre-trained").
3. Context decides the kind of fact: negated ("no augmentation was applied"), hedged (generic, hypothetical
   or someone else's work: "typically", "such as ... or", "X et al. used"), or stated. Text in the
   references is never read as this paper's method.
Evidence is always the sentence the mention stands in, cut from the normalized text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from extractor.base import Extractor
from extractor.document import Document
from extractor.text import sentence_spans
from schema.aliases import ALIASES, alias_key, canonicalize
from schema.catalog import FACETS
from schema.models import Evidence, FacetResult, Fact, PaperMethodology


def _rules_version() -> str:
    """Release number plus a digest of the vocabulary and these rules: any change re-extracts stored papers."""
    from pathlib import Path

    digest = hashlib.sha256(repr(sorted(ALIASES.items())).encode() + Path(__file__).read_bytes()).hexdigest()
    return f"0.1.0+{digest[:8]}"


VERSION = _rules_version()

# Facets whose values come from patterns only (the alias table names them, the pattern finds the setting).
PATTERN_ONLY_FACETS = frozenset({"hyperparameters"})

# A mention counts for the facet only if its sentence also matches this cue.
FACET_CUES: dict[str, re.Pattern[str]] = {
    "pretrained_weights": re.compile(r"pre-?trained|weights|transfer learning|fine-?tun|initiali[sz]|from scratch|"
                                     r"checkpoint", re.I),
    "data_repository": re.compile(r"\bdata(set)?s?\b|\brecordings\b|\bimages\b|\bannotations\b", re.I),
    "code_repository": re.compile(r"\bcode\b|\bscripts?\b|\bsoftware\b|\bimplementation\b|\brepositor|github|"
                                  r"gitlab|bitbucket|available", re.I),
    "loss_function": re.compile(r"loss|objective|cost function|criterion", re.I),
    "regularization": re.compile(r"regulari|overfit|dropout|weight decay|penal|batch norm|early", re.I),
    "stopping_criterion": re.compile(r"stop|epoch|converge|plateau|terminat|patience|halt", re.I),
    "monitoring": re.compile(r"monitor|track|during training|each epoch|every epoch|curve|tensorboard|checkpoint|"
                             r"saved|logged", re.I),
    "randomness": re.compile(r"random|seed|repeat|runs?\b|times\b|initiali", re.I),
    "generalizability": re.compile(r"generali|independent|unseen|valid|robust|transfer|divers|other (sites|regions)|"
                                   r"cross", re.I),
    "postprocessing": re.compile(r"post-?process|after|output|predict|visuali|threshold|suppression|saliency|"
                                 r"grad-?cam|confusion|ensemble", re.I),
    "data_bias": re.compile(r"imbalanc|balanc|bias|minority|majority|under-?represent|rare|skew|weight", re.I),
    "deployment_process": re.compile(r"deploy|serial|export|convert|inference|app\b|application|api\b|edge|"
                                     r"production|field", re.I),
    "deployment_platform": re.compile(r"deploy|hosted|run(s|ning)? on|platform|app\b|application|cloud|device|"
                                      r"server|edge", re.I),
    "data_split": re.compile(r"split|divid|partition|fold|subset|set\b|sets\b|cross-?valid", re.I),
    "purpose": re.compile(r"\b(we|our|this (study|paper|work)|aim|goal|purpose|objective|task|propose|used to|"
                          r"trained to|model(s)? (for|to))\b", re.I),
    "data_collection": re.compile(r"collect|record|acquir|captur|deploy|obtain|gather|survey|install|download|"
                                  r"sampl|took|taken", re.I),
    "hardware": re.compile(r"gpu|tpu|cpu|nvidia|train|run|comput|memory|ram\b|processor|workstation|server|"
                           r"machine|card|cluster|hardware|accelerat|device", re.I),
}

# Context vocabulary.
_NEGATION = re.compile(r"\b(no|not|without|never|neither|nor|none|lack of|absence of|n't)\b(?! only\b)", re.I)
_ALWAYS_HEDGE = re.compile(
    r"\b(typically|commonly|usually|generally|widely used|widely adopted|popular|in the future|future work|"
    r"future studies|future research|would be|could be|might|it is possible|state-of-the-art methods)\b", re.I)
_WEAK_HEDGE = re.compile(r"\b(such as|e\.g\.|for example|for instance|like|including|can|could|may|often)\b", re.I)
_THIS_PAPER = re.compile(
    r"\b(we|our|us|this (study|paper|work|research|article|analysis)|the present (study|work)|herein|here)\b|"
    r"\b(was|were) (used|applied|trained|employed|adopted|set|performed|implemented|chosen|selected|conducted|"
    r"initiali[sz]ed|fine-tuned|optimi[sz]ed|split|divided|resized|normali[sz]ed|augmented|collected|evaluated|"
    r"computed|calculated|carried out|run|obtained|fed|built|developed)\b", re.I)
_CITATION = re.compile(r"\bet al\.?|\[\d+(?:\s*[,\u2013-]\s*\d+)*\]|\(\s*[A-Z][^()]{1,60}?,?\s(19|20)\d\d[a-z]?\s*\)")
_REFERENCE_ENTRY = re.compile(
    r"^[A-Z][A-Za-z\u00C0-\u017F'\-]+,\s(?:[A-Z]\.\s?){1,3}(?:,|and|&)|"  # "Smith, J., ..."
    r"\b(19|20)\d\d[a-z]?\.\s.{5,200}\b\d{1,4}\s?\(\d{1,3}\)|"  # "2019. Title. Journal 12(3)"
    r"\b\d{1,4}\s?[,:]\s?\d{1,5}\s?[\u2013-]\s?\d{1,5}\.?$"  # volume, pages
)
_SKIPPED_SECTIONS = frozenset({"references"})
_HEDGED_SECTIONS = frozenset({"related_work"})

_TOKEN = re.compile(r"[A-Za-z0-9\u00B2]+")
_JOINABLE_GAP = re.compile(r"^[\s\-\u2010\u2011/._'&+]{0,3}$")
MAX_QUOTE = 400

# Hyper-parameter settings: "<name> of/= <number>" or "<number> <name>" (epochs, iterations).
_NUMBER = r"(?P<amount>\d+(?:[.,]\d+)?(?:\s?[x×]\s?10\^?\s?-?\d+|[eE]\s?-?\d+)?|10\^?\s?-\d+)"
_HP_NAMES = sorted({s for c, spellings in ALIASES["hyperparameters"].items() for s in (c, *spellings)}, key=len,
                   reverse=True)
_HP_NAME_ALT = "|".join(re.escape(n) for n in _HP_NAMES if len(n) > 2 or n == "LR")
_HP_AFTER = re.compile(
    rf"\b(?P<name>{_HP_NAME_ALT})\b(?:\s*\([^)]{{0,20}}\))?\s*(?:of|=|:|was|were|is|set to|equal to|was set to|"
    rf"were set to|was fixed at|was set at|at|to)?\s*(?:set to\s*|fixed at\s*|initially\s*)?(?:about|approximately|~)?\s*"
    rf"{_NUMBER}(?P<unit>\s?%)?", re.I)
_HP_BEFORE = re.compile(rf"{_NUMBER}\s+(?P<name>epochs?|training epochs|iterations|steps)\b", re.I)

_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"']+|\b(?:github\.com|gitlab\.com|bitbucket\.org|zenodo\.org|"
                  r"figshare\.com|datadryad\.org)/[^\s<>()\"']+|\bdoi\.org/10\.\d{4,9}/[^\s<>()\"']+", re.I)
_CODE_HOSTS = {"github.com": "GitHub", "gitlab.com": "GitLab", "bitbucket.org": "Bitbucket", "codeocean.com": "Code Ocean",
               "sourceforge.net": "SourceForge"}
_DATA_HOSTS = {"zenodo.org": "Zenodo", "figshare.com": "Figshare", "datadryad.org": "Dryad", "gbif.org": "GBIF",
               "kaggle.com": "Kaggle", "pangaea.de": "PANGAEA", "osf.io": "OSF", "dataverse.harvard.edu": "Dataverse",
               "data.mendeley.com": "Mendeley Data", "lila.science": "LILA BC", "xeno-canto.org": "Xeno-canto"}
_DATA_DOI_PREFIXES = {"10.5281": "Zenodo", "10.6084": "Figshare", "10.5061": "Dryad", "10.15468": "GBIF",
                      "10.1594": "PANGAEA", "10.17632": "Mendeley Data", "10.7910": "Dataverse"}
_SPLIT_PERCENT = re.compile(r"\b\d{1,2}(?:\.\d+)?\s?%[^.;]{0,60}?\b(train|training|validation|validating|test|testing)\b"
                            r"|\b(train|training|validation|test|testing)[^.;]{0,30}?\b\d{1,2}(?:\.\d+)?\s?%", re.I)
_SPLIT_RATIO = re.compile(r"\b\d{1,2}\s?[:/]\s?\d{1,2}(?:\s?[:/]\s?\d{1,2})?\s+(?:ratio|split)\b", re.I)


@dataclass(frozen=True)
class Mention:
    facet: str
    value: str
    surface: str
    start: int
    end: int
    amount: str | None = None
    unit: str | None = None


class _Lexicon:
    """alias_key -> [(facet, canonical)] over every facet, with the longest alias length in tokens."""

    def __init__(self) -> None:
        self.entries: dict[str, list[tuple[str, str]]] = {}
        self.max_tokens = 1
        for facet_key, table in ALIASES.items():
            if facet_key in PATTERN_ONLY_FACETS:
                continue
            for canonical, spellings in table.items():
                for spelling in (canonical, *spellings):
                    key = alias_key(spelling)
                    if not key:
                        continue
                    bucket = self.entries.setdefault(key, [])
                    if (facet_key, canonical) not in bucket:
                        bucket.append((facet_key, canonical))
                    self.max_tokens = max(self.max_tokens, len(_TOKEN.findall(spelling)))
        # Short keys (CNN, SGD, AP, RF) match only as written in capitals, never as ordinary words.
        self.case_sensitive = frozenset(k for k in self.entries if len(k) <= 3)


class _SentenceContext:
    """Lazily computed facts about one sentence's wording."""

    def __init__(self, text: str, section_kind: str | None) -> None:
        self.text = text
        self.section_kind = section_kind

    @cached_property
    def this_paper(self) -> bool:
        return bool(_THIS_PAPER.search(self.text))

    @cached_property
    def hedged(self) -> bool:
        if _ALWAYS_HEDGE.search(self.text):
            return True
        if self.this_paper:
            return False
        return bool(_WEAK_HEDGE.search(self.text) or _CITATION.search(self.text)) or self.section_kind in _HEDGED_SECTIONS

    def negated_at(self, start: int) -> bool:
        """A negation word in the same clause, at most five words before the mention."""
        window = self.text[max(0, start - 60) : start]
        window = re.split(r"[,;:()]|\bbut\b|\bwhile\b|\bwhereas\b", window)[-1]
        words = window.split()[-5:]
        return bool(_NEGATION.search(" ".join(words)))


class RuleExtractor(Extractor):
    """Offline extractor for every facet of the catalog."""

    name = "rules"
    version = VERSION

    def __init__(self) -> None:
        self._lexicon = _Lexicon()

    def extract(self, document: Document) -> PaperMethodology:
        facts: dict[str, dict[str, Fact]] = {f.key: {} for f in FACETS}
        text = document.text
        for section, start, end in self._sentences(document):
            sentence = text[start:end]
            if _REFERENCE_ENTRY.search(sentence):
                continue
            context = _SentenceContext(sentence, section.kind if section else None)
            for mention in self._mentions(sentence):
                cue = FACET_CUES.get(mention.facet)
                if cue is not None and not cue.search(sentence):
                    continue
                fact = Fact(
                    facet=mention.facet,
                    value=mention.value,
                    mention=mention.surface,
                    evidence=self._evidence(text, start, end, mention, section.title if section else None),
                    amount=mention.amount,
                    unit=mention.unit,
                    negated=context.negated_at(mention.start),
                    hedged=context.hedged,
                    extractor=self.tag,
                )
                facts[mention.facet].setdefault(fact.fact_id, fact)
        results = {
            key: FacetResult(facet=key, facts=_drop_shadowed(list(found.values())), extractor=self.tag)
            for key, found in facts.items()
        }
        return PaperMethodology(
            paper_id=document.paper_id, title=document.title, doi=document.doi, source=document.source,
            sha256=document.sha256, extractor=self.tag, facets=results,
        )

    def _sentences(self, document: Document) -> Iterator[tuple[object, int, int]]:
        sections = document.sections or []
        if not sections:
            for start, end in sentence_spans(document.text):
                yield None, start, end
            return
        for section in sections:
            if section.kind in _SKIPPED_SECTIONS:
                continue
            for start, end in sentence_spans(document.text, section.start, section.end):
                yield section, start, end

    def _mentions(self, sentence: str) -> Iterator[Mention]:
        yield from self._vocabulary_mentions(sentence)
        yield from _pattern_mentions(sentence)

    def _vocabulary_mentions(self, sentence: str) -> Iterator[Mention]:
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence)]
        lexicon = self._lexicon
        i = 0
        while i < len(tokens):
            matched = 0
            for n in range(min(lexicon.max_tokens, len(tokens) - i), 0, -1):
                window = tokens[i : i + n]
                if n > 1 and not all(
                    _JOINABLE_GAP.match(sentence[window[k][1] : window[k + 1][0]]) for k in range(n - 1)
                ):
                    continue
                key = "".join(t[2] for t in window).casefold()
                entries = lexicon.entries.get(key)
                if not entries:
                    continue
                surface = sentence[window[0][0] : window[-1][1]]
                if key in lexicon.case_sensitive and not _looks_like_acronym(surface):
                    continue
                for facet_key, canonical in entries:
                    yield Mention(facet_key, canonical, surface, window[0][0], window[-1][1])
                matched = n
                break
            i += matched or 1

    def _evidence(self, text: str, start: int, end: int, mention: Mention, section: str | None) -> Evidence:
        if end - start > MAX_QUOTE:  # a window around the mention, cut at spaces
            centre = start + (mention.start + mention.end) // 2
            lo = max(start, centre - MAX_QUOTE // 2)
            hi = min(end, lo + MAX_QUOTE)
            lo = text.find(" ", lo, centre) + 1 if lo > start and text.find(" ", lo, centre) >= 0 else lo
            hi = text.rfind(" ", centre, hi) if hi < end and text.rfind(" ", centre, hi) > 0 else hi
            start, end = lo, hi
        return Evidence.from_span(text, start, end, section)


def _looks_like_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(1, len(letters) - 1)


def _pattern_mentions(sentence: str) -> Iterator[Mention]:
    for pattern in (_HP_AFTER, _HP_BEFORE):
        for m in pattern.finditer(sentence):
            name = canonicalize("hyperparameters", m.group("name"))
            unit = "%" if (m.groupdict().get("unit") or "").strip() == "%" else None
            yield Mention("hyperparameters", name, m.group(), m.start(), m.end(), amount=m.group("amount"), unit=unit)
    for m in _URL.finditer(sentence):
        url = m.group().rstrip(".,;:]")
        lowered = url.casefold()
        if any(host in lowered for host in _CODE_HOSTS):
            host = next(v for h, v in _CODE_HOSTS.items() if h in lowered)
            yield Mention("code_link", url, url, m.start(), m.start() + len(url))
            yield Mention("code_repository", host, url, m.start(), m.start() + len(url))
            continue
        host = next((v for h, v in _DATA_HOSTS.items() if h in lowered), None)
        host = host or next((v for p, v in _DATA_DOI_PREFIXES.items() if f"doi.org/{p}/" in lowered), None)
        if host:
            yield Mention("data_link", url, url, m.start(), m.start() + len(url))
            yield Mention("data_repository", host, url, m.start(), m.start() + len(url))
    for pattern in (_SPLIT_PERCENT, _SPLIT_RATIO):
        for m in pattern.finditer(sentence):
            value = "Train/validation/test split" if re.search(r"validat", sentence, re.I) else "Train/test split"
            yield Mention("data_split", value, m.group(), m.start(), m.end())


def _drop_shadowed(facts: list[Fact]) -> list[Fact]:
    """A hedged mention of a value the paper also states adds nothing: keep the stated one."""
    stated = {(f.value, f.amount) for f in facts if f.counts_as_stated}
    return [f for f in facts if f.counts_as_stated or (f.value, f.amount) not in stated]
