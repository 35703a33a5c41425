"""The Cypher twin of every number in a report: the one place these queries live.

docs/reports.md shows them (a test checks it quotes each one verbatim). Parameters: `$papers` is the
report's selection (a list of paper ids, or null for every paper), `$facets` the catalog's facet keys,
`$checklist` the completeness checklist, `$facet` one facet key, `$paper` one paper id, `$top` the
number of top values. Labels and relationship types come from the catalog's allow-list only.
"""

from __future__ import annotations

from typing import Any

from report.model import CHECKLIST_KEYS, TOP_FACETS
from schema.catalog import FACETS, FACETS_BY_KEY

_SELECTION = "WHERE $papers IS NULL OR p.paper_id IN $papers"

PAPERS = f"""MATCH (p:Paper) {_SELECTION}
RETURN count(p) AS papers"""

MATRIX = f"""MATCH (p:Paper) {_SELECTION}
UNWIND $facets AS key
OPTIONAL MATCH (p)-[a:ASSESSED]->(:Facet {{key: key}})
RETURN p.paper_id AS paper, key AS facet, coalesce(a.status, 'not_extracted') AS status
ORDER BY paper"""

STATUS_COUNTS = f"""MATCH (p:Paper) {_SELECTION}
UNWIND $facets AS key
OPTIONAL MATCH (p)-[a:ASSESSED]->(:Facet {{key: key}})
RETURN key AS facet, coalesce(a.status, 'not_extracted') AS status, count(*) AS papers"""

SHARE_STATED = f"""MATCH (p:Paper) {_SELECTION}
OPTIONAL MATCH (p)-[a:ASSESSED]->(:Facet {{key: $facet}})
RETURN avg(CASE a.status WHEN 'stated' THEN 1.0 ELSE 0.0 END) AS share"""

COMPLETENESS = f"""MATCH (p:Paper) {_SELECTION}
OPTIONAL MATCH (p)-[a:ASSESSED]->(f:Facet)
WHERE f.key IN $checklist AND a.status IN ['stated', 'negated']
RETURN p.paper_id AS paper, count(a) AS reported, count(a) * 1.0 / size($checklist) AS completeness
ORDER BY paper"""

MEAN_COMPLETENESS = f"""MATCH (p:Paper) {_SELECTION}
OPTIONAL MATCH (p)-[a:ASSESSED]->(f:Facet)
WHERE f.key IN $checklist AND a.status IN ['stated', 'negated']
WITH p, count(a) * 1.0 / size($checklist) AS completeness
RETURN avg(completeness) AS mean_completeness"""

COMPLETENESS_HISTOGRAM = f"""MATCH (p:Paper) {_SELECTION}
OPTIONAL MATCH (p)-[a:ASSESSED]->(f:Facet)
WHERE f.key IN $checklist AND a.status IN ['stated', 'negated']
WITH p, count(a) AS reported
RETURN reported, count(p) AS papers
ORDER BY reported"""

FACT_COUNT = f"""MATCH (p:Paper) {_SELECTION}
MATCH (p)-[r]->()
WHERE type(r) <> 'ASSESSED' AND r.hedged = false
RETURN count(r) AS facts"""

CARD_STATUS = """MATCH (p:Paper {paper_id: $paper})
UNWIND $facets AS key
OPTIONAL MATCH (p)-[a:ASSESSED]->(:Facet {key: key})
RETURN key AS facet, coalesce(a.status, 'not_extracted') AS status, a.error AS error"""

CARD_FACTS = """MATCH (p:Paper {paper_id: $paper})-[r]->(v)
WHERE type(r) <> 'ASSESSED'
RETURN type(r) AS rel_type, v.name AS value, r.mention AS mention, r.amount AS amount, r.unit AS unit,
       r.evidence AS quote, r.start AS start, r.end AS end, r.section AS section,
       r.negated AS negated, r.hedged AS hedged
ORDER BY start"""


def top_values(facet_key: str) -> str:
    """Most used values of one facet; label and type from the catalog (never from input)."""
    facet = FACETS_BY_KEY[facet_key]
    return (f"MATCH (p:Paper)-[:ASSESSED {{status: 'stated'}}]->(:Facet {{key: '{facet.key}'}})\n"
            f"{_SELECTION}\n"
            f"MATCH (p)-[r:{facet.rel_type}]->(v:{facet.node_label})\n"
            "WHERE r.negated = false AND r.hedged = false\n"
            "RETURN v.name AS value, count(DISTINCT p) AS papers\n"
            "ORDER BY papers DESC, value ASC LIMIT $top")


TOP_VALUES: dict[str, str] = {key: top_values(key) for key in TOP_FACETS}

# name -> (what it reproduces, query)
QUERIES: dict[str, tuple[str, str]] = {
    "papers": ("number of papers in the report", PAPERS),
    "matrix": ("the status of every cell of the papers x facets matrix", MATRIX),
    "status_counts": ("per facet, how many papers have each status (the counts beside each share)", STATUS_COUNTS),
    "share_stated": ("share of papers stating one facet ($facet)", SHARE_STATED),
    "completeness": ("per paper, checklist facets reported and the completeness score", COMPLETENESS),
    "mean_completeness": ("mean completeness over the papers of the report", MEAN_COMPLETENESS),
    "completeness_histogram": ("papers by number of checklist items reported (the bar for "
                               "size($checklist) = papers reporting every item)", COMPLETENESS_HISTOGRAM),
    "fact_count": ("facts of the papers' own (stated or negated, hedged excluded); with $papers = [id] the "
                   "count on a paper card", FACT_COUNT),
    "card_status": ("a paper card: status (and failure reason) of every facet", CARD_STATUS),
    "card_facts": ("a paper card: every fact with its quote and location", CARD_FACTS),
    **{f"top_{key}": (f"most used {FACETS_BY_KEY[key].label.lower()} (canonical values)", q)
       for key, q in TOP_VALUES.items()},
}


def parameters(papers: list[str] | None = None, *, facet: str | None = None, paper: str | None = None,
               top: int = 10) -> dict[str, Any]:
    """The parameter map that goes with every query above."""
    return {"papers": papers, "facets": [f.key for f in FACETS], "checklist": list(CHECKLIST_KEYS),
            "facet": facet, "paper": paper, "top": top}
