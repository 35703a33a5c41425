"""The Cypher of docs/reports.md run for real: the test corpus is loaded into ArcadeDB's openCypher engine
(embedded; the engine behind the test Bolt server) from the rows every store writes, and each query must
give the number the report shows. Skipped when arcadedb-embedded is not installed.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from graph.embedded import EmbeddedStore
from graph.rows import FACT_PROPS, assessed_rows, fact_rows, paper_row
from report import build_report, render
from report.cypher import QUERIES, parameters
from schema.catalog import NODE_LABELS, REL_TYPES
from tests.report_corpus import build_corpus

arcade = pytest.importorskip("arcadedb_embedded", reason="arcadedb-embedded not installed (the Neo4j store's test "
                             "server brings it; pip install arcadedb-embedded)")


def _load(db, papers) -> None:
    """Write the graph model from graph/rows.py; labels and types from the catalog allow-list only."""
    for paper in papers:
        with db.transaction():
            row = paper_row(paper)
            db.command("opencypher", "CREATE (p:Paper) SET p = $props", {"props": {k: v for k, v in row.items() if v is not None}})
            for a in assessed_rows(paper):
                db.command("opencypher", "MERGE (f:Facet {key: $key}) ON CREATE SET f.question = $question",
                           {"key": a["facet"], "question": a["question"]})
                db.command("opencypher", "MATCH (p:Paper {paper_id: $pid}), (f:Facet {key: $key}) "
                           "CREATE (p)-[e:ASSESSED]->(f) SET e = $props",
                           {"pid": paper.paper_id, "key": a["facet"],
                            "props": {k: a[k] for k in ("status", "extractor", "error", "at") if a[k] is not None}})
            for f in fact_rows(paper):
                assert f["node_label"] in NODE_LABELS and f["rel_type"] in REL_TYPES
                db.command("opencypher", f"MERGE (v:{f['node_label']} {{name: $name}})", {"name": f["value"]})
                db.command("opencypher", f"MATCH (p:Paper {{paper_id: $pid}}), (v:{f['node_label']} {{name: $name}}) "
                           f"CREATE (p)-[e:{f['rel_type']}]->(v) SET e = $props",
                           {"pid": paper.paper_id, "name": f["value"],
                            "props": {k: f[k] for k in FACT_PROPS if f[k] is not None}})


def test_every_documented_query_reproduces_the_report(run_cli, tmp_path):
    store = build_corpus(run_cli, tmp_path / "papers", tmp_path / "corpus")
    with EmbeddedStore(store) as graph:
        papers = list(graph.read_all())
    rep = json.loads(render(build_report(papers), "json"))
    db = arcade.create_database(str(tmp_path / "arcade"))
    try:
        _load(db, papers)

        def run(name: str, **extra) -> list[dict]:
            return [r.to_dict() for r in db.query("opencypher", QUERIES[name][1], {**parameters(None), **extra})]

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
        assert run("fact_count")[0]["facts"] == sum(len(f["facts"]) for c in rep["cards"] for f in c["facets"])
        for key, values in rep["top_values"].items():
            assert [(r["value"], r["papers"]) for r in run("top_" + key)] == [(v["value"], v["papers"]) for v in values]
        assert rep["top_values"]["optimizer"] == [{"value": "Adam", "papers": 1}]  # beta's generic Adam excluded
        for card in rep["cards"]:
            assert {r["facet"]: (r["status"], r["error"]) for r in run("card_status", paper=card["paper_id"])} == \
                {f["facet"]: (f["status"], f["error"]) for f in card["facets"]}
            assert sorted((r["value"], r["quote"], r["start"], r["hedged"]) for r in run("card_facts", paper=card["paper_id"])) == \
                sorted((x["value"], x["evidence"], x["start"], x["hedged"]) for f in card["facets"] for x in f["facts"] + f["hedged"])
        assert run("papers", papers=["alpha", "gamma"])[0]["papers"] == 2
    finally:
        db.close()
