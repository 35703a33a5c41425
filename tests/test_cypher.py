"""The cypher command and the read guard; Bolt-only safety tests (read-only, constraints, hostile text, down server,
a server killed mid-ingest)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from graph.cypher_guard import refuse_writes, write_clauses
from graph.embedded import EmbeddedStore
from schema.errors import QueryRefused
from schema.models import Evidence, FacetResult, Fact, PaperMethodology
from tests.conftest import BENCHMARK, BOLT_SCRIPT, REPO, start_bolt_server, stored_rows

EXAMPLES = REPO / "examples" / "papers"
HOSTILE = "x'}) DETACH DELETE n // \"quoted\" `tick` $param \\ MATCH (m) DELETE m"


@pytest.mark.parametrize("query, found", [
    ("MATCH (n) RETURN n", []),
    ("MATCH (n) WHERE n.name = 'CREATE (x)' RETURN n // MERGE", []),
    ('MATCH (n) WHERE n.name = "it\\"s SET" RETURN n /* DELETE n */', []),
    ("MATCH (n:`DELETE`) RETURN n.set, {merge: 1} AS m", []),
    ("MATCH (n) DETACH DELETE n", ["DETACH", "DELETE"]),
    ("match (n) set n.x = 1", ["SET"]),
    ("MATCH (n) // comment\nCREATE (m)", ["CREATE"]),
    ("LOAD CSV FROM 'file:///x' AS row RETURN row", ["LOAD"]),
    ("CALL db.labels()", ["CALL"]),
    ("MATCH (n) REMOVE n:Paper", ["REMOVE"]),
    ("DROP CONSTRAINT methodkg_paper_id", ["DROP"]),
    ("MATCH (n) FOREACH (x IN [1] | MERGE (m))", ["FOREACH", "MERGE"]),
    ("INSERT (n:Paper {paper_id: 'x'})", ["INSERT"]),  # GQL's CREATE (Neo4j 5.18+)
])
def test_guard_sees_write_clauses_not_strings_or_comments(query, found):
    assert write_clauses(query) == found
    if found:
        with pytest.raises(QueryRefused, match="read-only unless you pass --write"):
            refuse_writes(query)


def test_embedded_cypher_runs_the_supported_subset(run_cli, store_dir):
    assert run_cli("ingest", str(EXAMPLES))[0] == 0
    code, out, _ = run_cli("cypher", 'MATCH (p:Paper)-[r:USES_MODEL]->(m:Model) WHERE p.paper_id = "birdsong_cnn" '
                           "RETURN m.name, r.evidence", "--json")
    rows = json.loads(out)
    assert code == 0 and rows and all(set(r) == {"m.name", "r.evidence"} for r in rows)
    facts = EmbeddedStore(store_dir).read("birdsong_cnn").facets["model"].facts
    assert sorted(r["m.name"] for r in rows) == sorted(f.value for f in facts)


@pytest.mark.parametrize("args, message", [
    (["MATCH (p:Paper) WITH p RETURN p.paper_id"], "cannot run this query"),
    (["MATCH (p:Paper {paper_id: $id}) RETURN p", "--param", "id=x"], "no $parameters"),
    (["MATCH (n) DETACH DELETE n"], "writes (DETACH, DELETE)"),
    (["MATCH (n) RETURN n", "--write"], "written only by `methodkg ingest`"),
])
def test_embedded_cypher_refuses_what_it_cannot_run(run_cli, store_dir, args, message):
    assert run_cli("ingest", str(EXAMPLES))[0] == 0
    before = stored_rows(store_dir)
    code, out, err = run_cli("cypher", *args)
    assert code == 1 and message in err and out == ""
    assert stored_rows(store_dir) == before


def test_params_are_typed(run_cli):
    from commands.cypher import parse_param

    assert parse_param("n=5") == ("n", 5) and parse_param("x=0.5") == ("x", 0.5)
    assert parse_param("b=true") == ("b", True) and parse_param("name=ResNet-50") == ("name", "ResNet-50")
    assert parse_param('s="5"') == ("s", "5") and parse_param("l=[1,2]") == ("l", [1, 2])
    assert parse_param("q=a=b") == ("q", "a=b")


# --- Bolt only ------------------------------------------------------------------------------------------------------

@pytest.mark.bolt
def test_cypher_is_read_only_without_write(bolt, run_cli):
    assert run_cli("--neo4j", bolt.uri, "ingest", str(EXAMPLES))[0] == 0
    before = bolt.counts()
    for query in ("MATCH (n) DETACH DELETE n", "CREATE (:Paper {paper_id: 'intruder'})",
                  "MATCH (p:Paper) SET p.title = 'x'", "MATCH (p:Paper)\n// harmless?\nMERGE (p)-[:USES_MODEL]->(:Model {name: 'x'})"):
        code, _, err = run_cli("--neo4j", bolt.uri, "cypher", query)
        assert code == 1 and "read-only unless you pass --write" in err
    assert bolt.counts() == before and "intruder" not in bolt.paper_ids()
    code, out, _ = run_cli("--neo4j", bolt.uri, "cypher", "MATCH (p:Paper {paper_id: $id})-[r:USES_MODEL]->(m) "
                           "RETURN m.name AS model", "--param", "id=birdsong_cnn", "--json")
    assert code == 0 and sorted(r["model"] for r in json.loads(out)) == \
        sorted(f.value for f in bolt.read("birdsong_cnn").facets["model"].facts)
    code, _, _ = run_cli("--neo4j", bolt.uri, "cypher", "CREATE (:Scratch {k: $k})", "--param", "k=1", "--write")
    assert code == 0 and bolt.counts().nodes == before.nodes + 1


@pytest.mark.bolt
def test_uniqueness_constraints_exist_and_hold(bolt, run_cli):
    assert run_cli("--neo4j", bolt.uri, "ingest", str(EXAMPLES))[0] == 0
    names = {c.get("name") for c in bolt.constraints()}
    assert {"methodkg_paper_id", "methodkg_facet_key", "methodkg_model_name"} <= names
    code, _, err = run_cli("--neo4j", bolt.uri, "cypher", "CREATE (:Paper {paper_id: 'birdsong_cnn'})", "--write")
    assert code == 1 and "birdsong_cnn" in err
    assert bolt.paper_ids().count("birdsong_cnn") == 1


@pytest.mark.bolt
def test_hostile_text_is_stored_and_answered_verbatim(bolt, run_cli, tmp_path):
    assert run_cli("--neo4j", bolt.uri, "ingest", str(EXAMPLES))[0] == 0
    before = bolt.counts()
    quote = f"We used {HOSTILE}."
    fact = Fact(facet="optimizer", value=HOSTILE, mention=HOSTILE, extractor="t@1",
                evidence=Evidence(quote=quote, start=0, end=len(quote)))
    paper = PaperMethodology(paper_id=HOSTILE, title=HOSTILE, sha256="b" * 64, extractor="t@1",
                             facets={"optimizer": FacetResult(facet="optimizer", extractor="t@1", facts=[fact]),
                                     "hardware": FacetResult(facet="hardware", extractor="t@1", error=HOSTILE)})
    bolt.write([paper])
    bolt.write([paper])
    assert bolt.read(HOSTILE) == paper
    after = bolt.counts()
    assert after.nodes == before.nodes + 2 and after.relationships == before.relationships + 3  # paper, value; 2+1 edges
    question = f"Which optimizer did they use? {HOSTILE}"
    code, out, _ = run_cli("--neo4j", bolt.uri, "ask", question, "--paper", HOSTILE, "--json")
    answer = json.loads(out)
    assert code == 0 and answer["paper"] == HOSTILE and answer["question"] == question
    assert answer["values"][0]["value"] == HOSTILE and answer["values"][0]["evidence"] == quote
    code, out, _ = run_cli("--neo4j", bolt.uri, "cypher", "MATCH (p:Paper {paper_id: $id}) RETURN p.title AS t",
                           "--param", f"id={HOSTILE}", "--json")
    assert code == 0 and json.loads(out) == [{"t": HOSTILE}]
    assert set(bolt.paper_ids()) == {"birdsong_cnn", "camera_trap_yolo", "landcover_unet", HOSTILE}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.bolt
def test_a_down_server_is_a_clear_error_and_the_embedded_store_is_untouched(bolt, run_cli, store_dir, monkeypatch):
    assert run_cli("--store", str(store_dir), "ingest", str(EXAMPLES))[0] == 0
    before = stored_rows(store_dir)
    down = f"bolt://127.0.0.1:{_free_port()}"
    for args in (["push", "--store", str(store_dir)], ["ingest", str(EXAMPLES)], ["papers"]):
        code, out, err = run_cli("--neo4j", down, *args)
        assert code == 1 and f"Neo4j at {down} is unavailable" in err and out == "", args
        assert os.environ["NEO4J_PASSWORD"] not in err
    monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")
    code, _, err = run_cli("--neo4j", bolt.uri, "papers")
    assert code == 1 and "refused the credentials" in err and "not-the-password" not in err
    assert stored_rows(store_dir) == before
    assert run_cli("--store", str(store_dir), "papers", "--json")[0] == 0


@pytest.mark.bolt
def test_push_copies_the_embedded_store(bolt, run_cli, store_dir):
    assert run_cli("--store", str(store_dir), "ingest", str(EXAMPLES))[0] == 0
    for _ in range(2):  # idempotent
        code, out, _ = run_cli("push", "--store", str(store_dir), "--neo4j", bolt.uri, "--json")
        assert code == 0 and json.loads(out)["papers"] == 3
    embedded = EmbeddedStore(store_dir)
    assert bolt.counts() == embedded.counts()
    assert all(bolt.read(p) == embedded.read(p) for p in embedded.paper_ids())


@pytest.mark.bolt
def test_server_killed_mid_ingest_then_ingest_again_is_complete_without_duplicates(bolt, run_cli, tmp_path, store_dir):
    """kill -9 the server while an ingest writes, restart it, ingest again: complete graph, no duplicates."""
    source = BENCHMARK / "papers.jsonl"
    papers = tmp_path / "papers.jsonl"
    if source.exists():
        papers.write_text("".join(source.read_text(encoding="utf-8").splitlines(True)[:120]))
    else:  # no shared benchmark: many small papers from the examples
        lines = [json.dumps({"paper_id": f"ex{i}", "text": (EXAMPLES / "landcover_unet.txt").read_text() + f" Run {i}."})
                 for i in range(200)]
        papers.write_text("\n".join(lines) + "\n")
    env = {**os.environ, "METHODKG_NEO4J_RETRY": "1"}
    ingest = [sys.executable, "-m", "cli", "--neo4j", bolt.uri, "ingest", str(papers), "--batch-size", "2", "--json"]
    process = subprocess.Popen(ingest, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(bolt.paper_ids()) < 10:
        time.sleep(0.05)
    assert process.poll() is None, "the ingest finished before the server could be killed"
    pid = int((BOLT_SCRIPT.parent.parent / ".bolt-server" / "server.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    _, err = process.communicate(timeout=120)
    assert process.returncode != 0 and "unavailable" in err
    start_bolt_server()
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore.from_env(bolt.uri)
    partial = store.paper_ids()
    assert 0 < len(partial) < len(papers.read_text().splitlines())
    for paper_id in partial:  # whatever survived is whole: every facet assessed
        assert len(store.read(paper_id).facets) == len(store.read(partial[0]).facets)
    code = subprocess.run(ingest, cwd=REPO, env=env, capture_output=True, text=True, timeout=600).returncode
    assert code == 0
    assert run_cli("--store", str(store_dir), "ingest", str(papers))[0] == 0
    embedded = EmbeddedStore(store_dir)
    assert store.paper_ids() == embedded.paper_ids()
    assert store.counts() == embedded.counts()
    rows = store.cypher("MATCH (p:Paper)-[r]->(v) RETURN p.paper_id AS p, type(r) AS t, r.fact_id AS f, v.key AS k", {}).rows
    assert len(rows) == len({tuple(r) for r in rows})  # no duplicate relationship
    dupes = store.cypher("MATCH (p:Paper) WITH p.paper_id AS id, count(*) AS n WHERE n > 1 RETURN id", {}).rows
    assert dupes == []
    for paper_id in embedded.paper_ids():  # same facts (the two ingests ran at different times)
        assert store.read(paper_id).model_copy(update={"extracted_at": None}) == \
            embedded.read(paper_id).model_copy(update={"extracted_at": None})
    store.close()
