"""What a report says, computed once from PaperMethodology objects; the renderers only lay it out.

Built on the GraphStore contract alone (papers read back from any store), so the embedded store and
Neo4j give the same report. Every number here has a Cypher twin in `report/cypher.py`, documented in
docs/reports.md; the definitions below and those queries must stay in step (tests check both).

Definitions (one place):
- a facet's status for a paper is the stored status; a facet the paper was never assessed on is
  `not_extracted`.
- share stating a facet = papers whose status is `stated` / all papers in the report.
- top values of a facet = for papers whose status for that facet is `stated`, the canonical values of
  their facts that are neither negated nor hedged, counted once per paper.
- completeness of a paper = checklist facets whose status is `stated` or `negated` (the paper tells the
  reader what was done, even "no augmentation") / number of checklist facets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from schema.catalog import FACETS, FACETS_BY_KEY, STAGES, Facet
from schema.models import Fact, PaperMethodology, Status

STATUS_ORDER: tuple[Status, ...] = (Status.STATED, Status.NEGATED, Status.NOT_STATED, Status.NOT_EXTRACTED,
                                    Status.FAILED)
STATUS_TEXT: dict[Status, str] = {
    Status.STATED: "stated",
    Status.NEGATED: "stated as not done",
    Status.NOT_STATED: "not stated",
    Status.NOT_EXTRACTED: "not extracted",
    Status.FAILED: "extraction failed",
}
REPORTED = (Status.STATED, Status.NEGATED)  # what counts towards completeness

# The reproducibility checklist: Ahmed et al. (2025, PeerJ CS 11:e2618) scored eight variables for the
# method reproducibility of deep-learning papers; the next four are what one needs on top of them to re-run
# training rather than only re-build the model. Order = order of a pipeline.
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("datasets", "Ahmed et al.: without the data nothing can be re-run."),
    ("data_split", "Which samples train and which test decides every reported number."),
    ("preprocessing", "Normalisation, resizing or cleaning change what the model sees."),
    ("model", "Ahmed et al.: the architecture to rebuild."),
    ("pretrained_weights", "Fine-tuning from ImageNet or from scratch gives different models."),
    ("hyperparameters", "Ahmed et al.: learning rate, batch size, epochs, ..."),
    ("optimizer", "Ahmed et al. count it among hyper-parameters; asked on its own because it is often omitted."),
    ("framework", "Ahmed et al.: framework and version behind the implementation."),
    ("hardware", "Ahmed et al.: hardware bounds batch size and training time."),
    ("randomness", "Ahmed et al.: seeds or repeated runs, without which results vary run to run."),
    ("metrics", "Ahmed et al.: what the reported numbers measure."),
    ("code_link", "Ahmed et al. (source code): a link to the code, the shortest path to reproduction."),
)
CHECKLIST_KEYS: tuple[str, ...] = tuple(k for k, _ in CHECKLIST)

# Facets whose most used values the corpus overview charts.
TOP_FACETS: tuple[str, ...] = ("model", "pretrained_weights", "optimizer", "framework", "metrics", "datasets")


@dataclass(frozen=True)
class FactView:
    """One fact as shown: canonical value, the paper's spelling, and the quote with its location."""

    value: str
    display: str
    mention: str
    quote: str
    start: int
    end: int
    section: str | None
    negated: bool
    hedged: bool
    amount: str | None
    unit: str | None

    @classmethod
    def of(cls, fact: Fact) -> FactView:
        ev = fact.evidence
        return cls(fact.value, fact.display_value(), fact.mention, ev.quote, ev.start, ev.end, ev.section,
                   fact.negated, fact.hedged, fact.amount, fact.unit)

    @property
    def location(self) -> str:
        return f"chars {self.start}-{self.end}" + (f", {self.section}" if self.section else "")


@dataclass(frozen=True)
class FacetEntry:
    """One facet of one paper: status, the facts that support it, hedged mentions kept apart."""

    facet: Facet
    status: Status
    facts: list[FactView]  # this paper's own facts (stated and negated), text order
    hedged: list[FactView]  # generic or cited mentions: shown, never counted
    error: str | None
    extractor: str | None


@dataclass(frozen=True)
class Completeness:
    reported: list[str]
    missing: list[str]  # assessed, nothing stated
    unknown: list[str]  # failed or not extracted: we cannot tell

    @property
    def score(self) -> float:
        return len(self.reported) / len(CHECKLIST_KEYS)


@dataclass(frozen=True)
class PaperCard:
    paper_id: str
    title: str | None
    doi: str | None
    source: str | None
    extractor: str
    extracted_at: str | None
    entries: list[FacetEntry]  # catalog order
    completeness: Completeness

    def status(self, key: str) -> Status:
        return next(e.status for e in self.entries if e.facet.key == key)

    def by_stage(self) -> list[tuple[str, list[FacetEntry]]]:
        return [(stage, [e for e in self.entries if e.facet.stage == stage]) for stage in STAGES]

    @property
    def fact_count(self) -> int:
        return sum(len(e.facts) for e in self.entries)


@dataclass(frozen=True)
class FacetSummary:
    facet: Facet
    counts: dict[Status, int]
    papers: int

    @property
    def share_stated(self) -> float:
        return self.counts[Status.STATED] / self.papers if self.papers else 0.0


@dataclass(frozen=True)
class TopValue:
    value: str
    papers: int


@dataclass
class Report:
    cards: list[PaperCard]
    facets: list[FacetSummary]
    top: dict[str, list[TopValue]]
    generated_at: str
    store: str = ""
    top_n: int = 10
    extractors: list[str] = field(default_factory=list)

    @property
    def mean_completeness(self) -> float:
        return sum(c.completeness.score for c in self.cards) / len(self.cards) if self.cards else 0.0


def card_of(paper: PaperMethodology) -> PaperCard:
    entries = []
    for facet in FACETS:
        result = paper.facets.get(facet.key)
        facts = result.facts if result else []
        entries.append(FacetEntry(
            facet=facet, status=paper.status(facet.key),
            facts=[FactView.of(f) for f in facts if not f.hedged],
            hedged=[FactView.of(f) for f in facts if f.hedged],
            error=result.error if result else None, extractor=result.extractor if result else None,
        ))
    statuses = {e.facet.key: e.status for e in entries}
    completeness = Completeness(
        reported=[k for k in CHECKLIST_KEYS if statuses[k] in REPORTED],
        missing=[k for k in CHECKLIST_KEYS if statuses[k] is Status.NOT_STATED],
        unknown=[k for k in CHECKLIST_KEYS if statuses[k] in (Status.FAILED, Status.NOT_EXTRACTED)],
    )
    return PaperCard(paper.paper_id, paper.title, paper.doi, paper.source, paper.extractor, paper.extracted_at,
                     entries, completeness)


def top_values(papers: list[PaperMethodology], facet_key: str, limit: int) -> list[TopValue]:
    """Canonical values of stated, non-hedged, non-negated facts, counted once per paper."""
    counter: Counter[str] = Counter()
    for paper in papers:
        result = paper.facets.get(facet_key)
        if result is None or result.status is not Status.STATED:
            continue
        counter.update({f.value for f in result.facts if f.counts_as_stated})
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return [TopValue(value, count) for value, count in ranked[:limit]]


def build_report(papers: Iterable[PaperMethodology], *, top_n: int = 10, store: str = "") -> Report:
    """The whole report for these papers (sorted by paper id, as every store lists them)."""
    ordered = sorted(papers, key=lambda p: p.paper_id)
    cards = [card_of(p) for p in ordered]
    summaries = []
    for facet in FACETS:
        counts = Counter(card.status(facet.key) for card in cards)
        summaries.append(FacetSummary(facet, {s: counts.get(s, 0) for s in STATUS_ORDER}, len(cards)))
    top = {key: top_values(ordered, key, top_n) for key in TOP_FACETS}
    extractors = sorted({p.extractor for p in ordered})
    return Report(cards, summaries, top, datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), store, top_n, extractors)


def facet_label(key: str) -> str:
    return FACETS_BY_KEY[key].label
