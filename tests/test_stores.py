"""One behaviour suite run against both stores (embedded, and Neo4j over Bolt on the test server)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from extractor.document import SourceDocument
from extractor.normalize import normalize_document
from extractor.pipeline import extract_document
from extractor.rules import RuleExtractor
from graph.embedded import EmbeddedStore
from graph.store import GraphStore
from schema.catalog import FACETS
from schema.models import Evidence, FacetResult, Fact, PaperMethodology
from tests.conftest import BENCHMARK, REPO

EXAMPLES = REPO / "examples" / "papers"
TEXT = ("Methods\n\nWe fine-tuned a ResNet-50 pre-trained on ImageNet with SGD and a learning rate of 0.01. "
        "No data augmentation was applied. Training ran on an NVIDIA Tesla V100.")


@dataclass
class Backend:
    name: str
    args: list[str]  # global CLI options that select this store
    store_dir: Path
    bolt: GraphStore | None = None

    def open(self) -> GraphStore:
        if self.bolt is not None:
            return self.bolt
        return EmbeddedStore(self.store_dir, write=True)

    def close(self, store: GraphStore) -> None:
        if store is not self.bolt:
            store.close()


@pytest.fixture(params=["embedded", pytest.param("bolt", marks=pytest.mark.bolt)])
def backend(request: pytest.FixtureRequest, store_dir: Path) -> Backend:
    if request.param == "embedded":
        return Backend("embedded", ["--store", str(store_dir)], store_dir)
    bolt = request.getfixturevalue("bolt")
    return Backend("bolt", ["--neo4j", bolt.uri], store_dir, bolt)


def extracted(paper_id: str = "p1", text: str = TEXT) -> PaperMethodology:
    doc = normalize_document(SourceDocument(paper_id=paper_id, raw_text=text, source="t"))
    return extract_document(doc, RuleExtractor())[0]


def all_statuses() -> PaperMethodology:
    """One paper with every status: stated, negated, not_stated, failed, and not_extracted (facet absent)."""
    ex = "rules@test"

    def fact(facet: str, value: str, quote: str, start: int, **kw: object) -> Fact:
        return Fact(facet=facet, value=value, mention=value, extractor=ex,
                    evidence=Evidence(quote=quote, start=start, end=start + len(quote), section="Methods"), **kw)

    results = {
        "optimizer": FacetResult(facet="optimizer", extractor=ex, facts=[fact("optimizer", "Adam", "We used Adam.", 0)]),
        "augmentation": FacetResult(facet="augmentation", extractor=ex, facts=[
            fact("augmentation", "Data augmentation", "No augmentation was applied.", 14, negated=True)]),
        "hyperparameters": FacetResult(facet="hyperparameters", extractor=ex, facts=[
            fact("hyperparameters", "learning rate", "lr 0.001", 43, amount="0.001"),
            fact("hyperparameters", "batch size", "batch 32", 52, amount="32", unit="images")]),
        "preprocessing": FacetResult(facet="preprocessing", extractor=ex),
        "hardware": FacetResult(facet="hardware", extractor=ex, error="LLM timeout after 3 retries"),
    }
    return PaperMethodology(paper_id="statuses", title="All statuses", sha256="a" * 64, extractor=ex,
                            extracted_at="2026-01-01T00:00:00Z", facets=results)


def test_ingest_twice_leaves_the_same_graph(backend: Backend, run_cli):
    code, out, _ = run_cli(*backend.args, "ingest", str(EXAMPLES), "--json")
    assert code == 0 and json.loads(out)["stored"] == 3
    store = backend.open()
    first = (store.counts(), store.summaries())
    backend.close(store)
    code, out, _ = run_cli(*backend.args, "ingest", str(EXAMPLES), "--force", "--json")  # rewrite every paper
    assert code == 0 and json.loads(out)["stored"] == 3
    store = backend.open()
    assert (store.counts(), store.summaries()) == first
    assert first[0].nodes > 30 and first[0].relationships > 3 * len(FACETS)
    backend.close(store)


def test_every_status_round_trips(backend: Backend, run_cli):
    paper = all_statuses()
    store = backend.open()
    store.write([paper])
    assert store.read("statuses") == paper
    backend.close(store)
    expected = {"optimizer": "stated", "augmentation": "negated", "preprocessing": "not_stated",
                "hardware": "failed", "model": "not_extracted", "hyperparameters": "stated"}
    for facet_key, status in expected.items():
        code, out, _ = run_cli(*backend.args, "ask", facet_key, "--paper", "statuses", "--json")
        answer = json.loads(out)
        assert code == 0 and answer["facet"] == facet_key and answer["status"] == status, answer
    answer = json.loads(run_cli(*backend.args, "ask", "hardware", "-p", "statuses", "--json")[1])
    assert "LLM timeout after 3 retries" in answer["answer"]


def test_rewriting_a_paper_replaces_its_facts_and_removes_orphans(backend: Backend):
    store = backend.open()
    store.write([extracted("a"), extracted("b")])
    assert store.cypher('MATCH (m:Model) WHERE m.name = "ResNet-50" RETURN m.name', {}).rows == [["ResNet-50"]]
    store.write([extracted("a", "Methods\n\nWe used Adam."), extracted("b", "Methods\n\nWe used Adam.")])
    assert store.cypher('MATCH (m:Model) WHERE m.name = "ResNet-50" RETURN m.name', {}).rows == []
    assert [f.value for f in store.read("a").facets["optimizer"].facts] == ["Adam"]
    backend.close(store)


def test_a_paper_with_no_facet_assessed_is_written(backend: Backend):
    """A batch with no ASSESSED row at all (no Facet to match) still writes its papers."""
    paper = PaperMethodology(paper_id="bare", title="Nothing extracted yet", sha256="b" * 64, extractor="rules@test")
    store = backend.open()
    store.write([paper])
    assert store.read("bare") == paper and store.paper_ids() == ["bare"]
    backend.close(store)


def test_a_value_still_used_or_taken_up_in_the_same_batch_is_kept(backend: Backend):
    """Orphan removal only drops values no paper points to: not one another paper of the batch takes up,
    nor one a paper outside the batch still has."""
    adam = "Methods\n\nWe used Adam."
    query = 'MATCH (m:Model) WHERE m.name = "ResNet-50" RETURN m.name'
    store = backend.open()
    store.write([extracted("a"), extracted("b", adam)])
    store.write([extracted("a", adam), extracted("b")])  # ResNet-50 moves from a to b within one batch
    assert store.cypher(query, {}).rows == [["ResNet-50"]]
    assert [f.value for f in store.read("b").facets["model"].facts] == ["ResNet-50"]
    assert not store.read("a").facets["model"].facts
    store.write([extracted("c")])
    store.write([extracted("b", adam)])  # b drops it, c (another batch) still has it
    assert store.cypher(query, {}).rows == [["ResNet-50"]]
    store.write([extracted("c", adam)])  # the last paper drops it
    assert store.cypher(query, {}).rows == []
    backend.close(store)


def _papers_for_comparison(tmp_path: Path) -> list[Path]:
    paths = [EXAMPLES]
    bench = BENCHMARK / "papers.jsonl"
    if bench.exists():  # a slice of the shared benchmark, when present
        (tmp_path / "bench.jsonl").write_text("".join(bench.read_text(encoding="utf-8").splitlines(True)[:12]))
        paths.append(tmp_path / "bench.jsonl")
    return paths


@pytest.mark.bolt
def test_both_stores_answer_all_questions_identically(bolt, run_cli, tmp_path, store_dir):
    paths = [str(p) for p in _papers_for_comparison(tmp_path)]
    assert run_cli("--store", str(store_dir), "ingest", *paths)[0] == 0
    assert run_cli("--neo4j", bolt.uri, "ingest", *paths)[0] == 0
    embedded = EmbeddedStore(store_dir)
    assert bolt.paper_ids() == embedded.paper_ids() and len(embedded.paper_ids()) >= 3
    assert bolt.counts() == embedded.counts() and bolt.summaries() == embedded.summaries()
    for paper_id in embedded.paper_ids():  # identical but for the time each ingest ran
        assert bolt.read(paper_id).model_copy(update={"extracted_at": None}) == \
            embedded.read(paper_id).model_copy(update={"extracted_at": None})
    questions = [f.question for f in FACETS if f.cq is not None]
    cqs = BENCHMARK / "cqs.csv"
    if cqs.exists():
        questions = [row["question"] for row in csv.DictReader(cqs.open(encoding="utf-8"))]
    assert len(questions) == 28
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"paper": p, "question": q}) + "\n"
                             for p in embedded.paper_ids() for q in questions))
    code_e, out_e, _ = run_cli("--store", str(store_dir), "ask", "--batch", str(batch), "--json")
    code_b, out_b, _ = run_cli("--neo4j", bolt.uri, "ask", "--batch", str(batch), "--json")
    assert code_e == code_b == 0
    assert out_b == out_e and len(out_e.splitlines()) == 28 * len(embedded.paper_ids())
    statuses = {json.loads(line)["status"] for line in out_e.splitlines()}
    assert {"stated", "not_stated"} <= statuses
