"""Every number of the report recomputed straight from the embedded graph (store.graph, networkx), walking
nodes and edges the way the Cypher of report/cypher.py does, without the report code; and docs/reports.md
quotes every one of those queries verbatim, so a Neo4j user can reproduce each number.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from graph.embedded import EmbeddedStore
from report import build_report, render
from report.cypher import QUERIES
from schema.catalog import ASSESSED_REL, FACETS, FACETS_BY_KEY, PAPER_LABEL
from tests.conftest import REPO
from tests.report_corpus import build_corpus

# The checklist as docs/reports.md states it (a second, independent copy on purpose).
DOCUMENTED_CHECKLIST = ["datasets", "data_split", "preprocessing", "model", "pretrained_weights", "hyperparameters",
                        "optimizer", "framework", "hardware", "randomness", "metrics", "code_link"]


def graph_numbers(g) -> dict:
    """The report's numbers from raw nodes and edges: ASSESSED edges carry the status, fact edges the facts."""
    papers = sorted(n for n, a in g.nodes(data=True) if a["label"] == PAPER_LABEL)
    status: dict[tuple[str, str], str] = {}
    for p in papers:
        for _, target, data in g.out_edges(p, data=True):
            if data["type"] == ASSESSED_REL:
                status[(p, g.nodes[target]["key"])] = data["status"]
    cell = {(p, f.key): status.get((p, f.key), "not_extracted") for p in papers for f in FACETS}
    counts = {f.key: Counter(cell[(p, f.key)] for p in papers) for f in FACETS}
    share = {k: c["stated"] / len(papers) for k, c in counts.items()}
    reported = {p: sum(status.get((p, k)) in ("stated", "negated") for k in DOCUMENTED_CHECKLIST) for p in papers}
    top = {}
    for key in ("model", "pretrained_weights", "optimizer", "framework", "metrics", "datasets"):
        facet = FACETS_BY_KEY[key]
        users: dict[str, set[str]] = {}
        for p in papers:
            if status.get((p, key)) != "stated":
                continue
            for _, target, data in g.out_edges(p, data=True):
                if data["type"] == facet.rel_type and not data["negated"] and not data["hedged"]:
                    users.setdefault(g.nodes[target]["name"], set()).add(p)
        top[key] = sorted(((v, len(ps)) for v, ps in users.items()), key=lambda x: (-x[1], x[0]))[:10]
    facts = sum(1 for p in papers for _, _, d in g.out_edges(p, data=True)
                if d["type"] != ASSESSED_REL and not d["hedged"])
    return {"papers": len(papers), "cell": cell, "counts": counts, "share": share, "reported": reported,
            "mean": sum(reported.values()) / len(DOCUMENTED_CHECKLIST) / len(papers), "top": top, "facts": facts,
            "histogram": Counter(reported.values())}


@pytest.fixture
def store(run_cli, tmp_path):
    return build_corpus(run_cli, tmp_path / "papers", tmp_path / "corpus")


def test_report_numbers_match_the_graph(store):
    with EmbeddedStore(store) as graph:
        expected = graph_numbers(graph.graph)
        report = build_report(graph.read_all())
    data = json.loads(render(report, "json"))
    assert [c["facet"] for c in data["checklist"]] == DOCUMENTED_CHECKLIST
    assert data["papers"] == expected["papers"] == 3
    for card in data["cards"]:
        pid = f"{PAPER_LABEL}:{card['paper_id']}"
        assert {f["facet"]: f["status"] for f in card["facets"]} == {k: v for (p, k), v in expected["cell"].items() if p == pid}
        assert len(card["completeness"]["reported"]) == expected["reported"][pid]
    for facet in data["facets"]:
        assert facet["counts"] == {s: expected["counts"][facet["facet"]].get(s, 0) for s in facet["counts"]}
        assert facet["share_stated"] == pytest.approx(expected["share"][facet["facet"]], abs=1e-4)
    assert data["mean_completeness"] == pytest.approx(expected["mean"], abs=1e-4)
    assert {k: [(t["value"], t["papers"]) for t in v] for k, v in data["top_values"].items()} == expected["top"]
    assert sum(len(f["facts"]) for c in data["cards"] for f in c["facets"]) == expected["facts"]
    assert Counter(len(c["completeness"]["reported"]) for c in data["cards"]) == expected["histogram"]
    # the corpus has what makes the definitions matter: a failed, a not-extracted, a negated and a hedged case
    assert expected["counts"]["optimizer"]["failed"] == 1 and expected["counts"]["loss_function"]["not_extracted"] == 1
    assert expected["counts"]["augmentation"]["negated"] == 1 and expected["top"]["optimizer"] == [("Adam", 1)]


def test_docs_give_the_cypher_of_every_number():
    docs = (REPO / "docs" / "reports.md").read_text(encoding="utf-8")
    for name, (_, query) in QUERIES.items():
        assert query in docs, f"docs/reports.md lacks the Cypher for {name}"
    for key in DOCUMENTED_CHECKLIST:
        assert f"`{key}`" in docs
