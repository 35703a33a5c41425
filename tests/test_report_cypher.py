"""The Cypher of docs/reports.md run for real, over Bolt: the test corpus is written to the test Bolt server
(scripts/bolt-server) by the Neo4j store's own writer (Neo4jStore.write), every query of report/cypher.py is
run through the driver in a read transaction, and each must give the number the report shows.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from report import build_report, render
from report.cypher import QUERIES, parameters
from tests.report_corpus import build_corpus

pytestmark = pytest.mark.bolt


def test_every_documented_query_reproduces_the_report(bolt, run_cli, tmp_path):
    store = build_corpus(run_cli, tmp_path / "papers", tmp_path / "corpus")
    with EmbeddedStore(store) as graph:
        papers = list(graph.read_all())
    rep = json.loads(render(build_report(papers), "json"))
    bolt.write(papers)  # the real writer: one transaction, the graph model of graph/cypher.py
    assert sorted(bolt.paper_ids()) == ["alpha", "beta", "gamma"]
    ran: set[str] = set()

    def run(name: str, **extra: Any) -> list[dict[str, Any]]:
        ran.add(name)
        result = bolt.cypher(QUERIES[name][1], {**parameters(None), **extra})  # read transaction, driver
        return [dict(zip(result.columns, row, strict=True)) for row in result.rows]

    assert run("papers")[0]["papers"] == rep["papers"] == 3
    assert {(r["paper"], r["facet"]): r["status"] for r in run("matrix")} == \
        {(c["paper_id"], f["facet"]): f["status"] for c in rep["cards"] for f in c["facets"]}
    counts: dict[str, dict[str, int]] = {}
    for r in run("status_counts"):
        counts.setdefault(r["facet"], {})[r["status"]] = r["papers"]
    assert counts == {f["facet"]: {k: v for k, v in f["counts"].items() if v} for f in rep["facets"]}
    for f in rep["facets"]:
        assert run("share_stated", facet=f["facet"])[0]["share"] == pytest.approx(f["share_stated"], abs=1e-4)
    assert {r["paper"]: r["completeness"] for r in run("completeness")} == \
        pytest.approx({c["paper_id"]: c["completeness"]["score"] for c in rep["cards"]}, abs=1e-4)
    assert run("mean_completeness")[0]["mean_completeness"] == pytest.approx(rep["mean_completeness"], abs=1e-4)
    assert {r["reported"]: r["papers"] for r in run("completeness_histogram")} == \
        Counter(len(c["completeness"]["reported"]) for c in rep["cards"])
    facts = sum(len(f["facts"]) for c in rep["cards"] for f in c["facets"])
    assert run("fact_count")[0]["facts"] == facts > 0
    for key, values in rep["top_values"].items():
        assert [(r["value"], r["papers"]) for r in run("top_" + key)] == [(v["value"], v["papers"]) for v in values]
    assert rep["top_values"]["optimizer"] == [{"value": "Adam", "papers": 1}]  # beta's generic Adam excluded
    for card in rep["cards"]:
        assert {r["facet"]: (r["status"], r["error"]) for r in run("card_status", paper=card["paper_id"])} == \
            {f["facet"]: (f["status"], f["error"]) for f in card["facets"]}
        assert sorted((r["value"], r["quote"], r["start"], r["hedged"])
                      for r in run("card_facts", paper=card["paper_id"])) == \
            sorted((x["value"], x["evidence"], x["start"], x["hedged"])
                   for f in card["facets"] for x in f["facts"] + f["hedged"])
    assert run("papers", papers=["alpha", "gamma"])[0]["papers"] == 2
    assert ran == set(QUERIES), f"queries of report/cypher.py not checked: {sorted(set(QUERIES) - ran)}"
