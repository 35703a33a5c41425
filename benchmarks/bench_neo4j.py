"""Facts written per second into Neo4j: the batched writer (Neo4jStore.write) against a naive one (one auto-commit
MERGE per fact), side by side on the same server and the same papers.

    scripts/bolt-server start && eval "$(scripts/bolt-server env)"
    .venv/bin/python benchmarks/bench_neo4j.py [--papers 50] [--uri bolt://127.0.0.1:7687]

It empties the database it is pointed at: use the test server, never a database you care about.
Rounds alternate between the two writers (best of --rounds, each from an empty database), so a busy machine
slows both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractor.document import SourceDocument  # noqa: E402
from extractor.normalize import normalize_document  # noqa: E402
from extractor.pipeline import extract_document  # noqa: E402
from extractor.rules import RuleExtractor  # noqa: E402
from graph import cypher  # noqa: E402
from graph.neo4j_store import Neo4jStore, batch_rows  # noqa: E402
from graph.rows import FACT_PROPS, assessed_rows, fact_rows, paper_row  # noqa: E402
from schema.models import PaperMethodology  # noqa: E402

BENCHMARK = Path(os.environ.get("METHODKG_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "benchmark"


def load_papers(limit: int) -> list[PaperMethodology]:
    extractor, papers = RuleExtractor(), []
    with open(BENCHMARK / "papers.jsonl", encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            doc = normalize_document(SourceDocument(paper_id=item["paper_id"], raw_text=item["text"], source="bench"))
            papers.append(extract_document(doc, extractor)[0])
            if len(papers) == limit:
                break
    return papers


def naive_write(store: Neo4jStore, papers: list[PaperMethodology]) -> None:
    """What not to do: one auto-commit statement per paper, per facet assessed and per fact (the same graph)."""
    with store._driver.session(database=store.database) as session:
        for paper in papers:
            session.run(cypher.NAIVE_MERGE_PAPER, row=paper_row(paper)).consume()
            for row in assessed_rows(paper):
                session.run(cypher.NAIVE_MERGE_ASSESSED, paper_id=paper.paper_id, facet=row["facet"],
                            question=row["question"], props={k: row[k] for k in ("status", "extractor", "error", "at")}
                            ).consume()
            for row in fact_rows(paper):
                session.run(cypher.NAIVE_MERGE_FACT[row["facet"]], paper_id=paper.paper_id, value=row["value"],
                            fact_id=row["fact_id"], props={k: row[k] for k in FACT_PROPS}).consume()


def packstream() -> str:
    """Which Bolt encoder the driver uses: the Rust extension (neo4j-rust-ext) packs parameters ~20x faster."""
    from neo4j._codec.packstream import v1

    return "Rust (neo4j-rust-ext)" if getattr(v1, "_rust_pack", None) else "pure Python (pip install neo4j-rust-ext)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    args = parser.parse_args()
    papers = load_papers(args.papers)
    facts = sum(len(fact_rows(p)) for p in papers)
    store = Neo4jStore.from_env(args.uri)
    print(f"{len(papers)} papers, {facts} facts, server {store.description}, packstream {packstream()}")

    def batched() -> None:
        for i in range(0, len(papers), 25):
            store.write(papers[i:i + 25])

    writers = {"batched (Neo4jStore.write, 1 tx / 25 papers)": batched,
               "naive (1 auto-commit MERGE / fact)": lambda: naive_write(store, papers)}
    naive_write(store, papers[:5])  # warm the server up (JIT) before timing either writer
    batched()
    best = dict.fromkeys(writers, float("inf"))
    counts = {}
    for _ in range(args.rounds):
        for name, write in writers.items():
            store.clear()
            store.ensure_schema()
            start = time.perf_counter()
            write()
            best[name] = min(best[name], time.perf_counter() - start)
            counts[name] = store.counts()
    for name, seconds in best.items():
        print(f"{name:45s} {seconds:7.2f} s  {facts / seconds:9.0f} facts/s  "
              f"{counts[name].relationships / seconds:9.0f} relationships/s  "
              f"({counts[name].nodes} nodes, {counts[name].relationships} rels)")
    assert len(set(counts.values())) == 1, f"the writers left different graphs: {counts}"
    rewrite = float("inf")
    for _ in range(args.rounds):  # the same papers again: deletes and rewrites every relationship
        start = time.perf_counter()
        batched()
        rewrite = min(rewrite, time.perf_counter() - start)
    assert store.counts() == counts[next(iter(writers))], "re-writing the same papers changed the graph"
    print(f"{'batched, same papers written again':45s} {rewrite:7.2f} s  (graph unchanged)")
    start = time.perf_counter()
    for i in range(0, len(papers), 25):
        batch_rows(papers[i:i + 25])
    client = time.perf_counter() - start
    fast, slow = best.values()
    print(f"speed-up: {slow / fast:.1f}x  (batched: {client:.3f} s building parameters in Python, the rest is "
          "Bolt round trips and the server's own work)")
    store.clear()
    store.close()


if __name__ == "__main__":
    main()
