"""PaperMethodology <-> flat rows: the one mapping between the pydantic model and the graph model.

Both stores write these rows and read them back, so the embedded store and Neo4j hold the same graph
and answer the same way. Property values are primitives only (what Neo4j accepts).
"""

from __future__ import annotations

from typing import Any

from schema.catalog import FACETS_BY_KEY
from schema.models import Evidence, FacetResult, Fact, PaperMethodology, Usage

PaperRow = dict[str, Any]
AssessedRow = dict[str, Any]
FactRow = dict[str, Any]

ASSESSED_PROPS = ("status", "extractor", "error", "at")
FACT_PROPS = ("fact_id", "mention", "evidence", "start", "end", "section", "amount", "unit", "negated", "hedged",
              "extractor")


def paper_row(paper: PaperMethodology) -> PaperRow:
    return {
        "paper_id": paper.paper_id, "title": paper.title, "doi": paper.doi, "source": paper.source,
        "sha256": paper.sha256, "extractor": paper.extractor, "extracted_at": paper.extracted_at,
        "llm_calls": paper.usage.calls, "prompt_tokens": paper.usage.prompt_tokens,
        "completion_tokens": paper.usage.completion_tokens, "cached_calls": paper.usage.cached_calls,
    }


def assessed_rows(paper: PaperMethodology) -> list[AssessedRow]:
    return [
        {"facet": r.facet, "question": FACETS_BY_KEY[r.facet].question, "status": r.status.value,
         "extractor": r.extractor, "error": r.error, "at": paper.extracted_at}
        for r in paper.ordered_results()
    ]


def fact_rows(paper: PaperMethodology) -> list[FactRow]:
    rows = []
    for result in paper.ordered_results():
        facet = FACETS_BY_KEY[result.facet]
        for fact in result.facts:
            rows.append({
                "facet": facet.key, "node_label": facet.node_label, "rel_type": facet.rel_type, "value": fact.value,
                "fact_id": fact.fact_id, "mention": fact.mention, "evidence": fact.evidence.quote,
                "start": fact.evidence.start, "end": fact.evidence.end, "section": fact.evidence.section,
                "amount": fact.amount, "unit": fact.unit, "negated": fact.negated, "hedged": fact.hedged,
                "extractor": fact.extractor,
            })
    return rows


def paper_from_rows(paper: PaperRow, assessed: list[AssessedRow], facts: list[FactRow]) -> PaperMethodology:
    """Rebuild a PaperMethodology from what a store read (facts in text order within each facet)."""
    results: dict[str, FacetResult] = {}
    by_facet: dict[str, list[Fact]] = {}
    for row in sorted(facts, key=lambda r: (r["start"], r["fact_id"])):
        by_facet.setdefault(row["facet"], []).append(Fact(
            facet=row["facet"], value=row["value"], mention=row["mention"],
            evidence=Evidence(quote=row["evidence"], start=row["start"], end=row["end"], section=row.get("section")),
            amount=row.get("amount"), unit=row.get("unit"), negated=bool(row.get("negated")),
            hedged=bool(row.get("hedged")), extractor=row["extractor"],
        ))
    for row in assessed:
        if row["facet"] in FACETS_BY_KEY:
            results[row["facet"]] = FacetResult(facet=row["facet"], facts=by_facet.get(row["facet"], []),
                                                error=row.get("error"), extractor=row["extractor"])
    return PaperMethodology(
        paper_id=paper["paper_id"], title=paper.get("title"), doi=paper.get("doi"), source=paper.get("source"),
        sha256=paper["sha256"], extractor=paper["extractor"], extracted_at=paper.get("extracted_at"),
        facets=results,
        usage=Usage(calls=paper.get("llm_calls") or 0, prompt_tokens=paper.get("prompt_tokens") or 0,
                    completion_tokens=paper.get("completion_tokens") or 0, cached_calls=paper.get("cached_calls") or 0),
    )
