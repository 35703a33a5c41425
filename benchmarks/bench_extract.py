"""Speed figures for the offline path on the benchmark papers (printed, not asserted).

    python benchmarks/bench_extract.py [--papers ../shared/benchmark/papers.jsonl]
                                       [--contexts ../shared/benchmark/contexts.jsonl.gz | --contexts none]

Prints: rule extraction papers/second on one core (load + normalize + extract, no writes), the whole
ingest into the embedded store, the start-up and answer time of one `methodkg ask`, and the time of
`methodkg ask --batch` over all 28 competency questions for every paper. Then the same ingest and one
`ask` on a large store (the 6,804 retrieval contexts, `--batch-size 500`) side by side with the papers'
store: `ask` reads one paper's row, so its time must not grow with the store. Targets (issue 2): at least
100 papers/s for extraction, under 0.5 s for one `ask` (on either store).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extractor.load import LoadFailure, load_path  # noqa: E402
from extractor.normalize import normalize_document  # noqa: E402
from extractor.rules import RuleExtractor  # noqa: E402

BENCHMARK = Path(os.environ.get("METHODKG_SHARED", REPO.parent / "shared")) / "benchmark"
DEFAULT_PAPERS = BENCHMARK / "papers.jsonl"
DEFAULT_CONTEXTS = BENCHMARK / "contexts.jsonl.gz"
QUESTION = "Which optimizer did they use?"


def methodkg(*args: str, store: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    command = [sys.executable, "-m", "cli", "--store", str(store), *args]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    return time.perf_counter() - start, done


def one_ask(store: Path, paper_id: str) -> float:
    """Best of three: start-up + answer of `methodkg ask --paper ID` (a fresh process each time)."""
    return min(methodkg("ask", QUESTION, "--paper", paper_id, "--json", store=store)[0] for _ in range(3))


def store_size(store: Path) -> str:
    from graph.embedded import GRAPH_FILE

    return f"{(store / GRAPH_FILE).stat().st_size / 1e6:.0f} MB"


def store_row(name: str, store: Path, ingest_s: float, ask_s: float | None = None) -> tuple[str, ...]:
    from graph.embedded import EmbeddedStore

    ids = EmbeddedStore(store).paper_ids()
    ask_s = one_ask(store, ids[len(ids) // 2]) if ask_s is None else ask_s
    return (name, f"{len(ids)}", store_size(store), f"{ingest_s:.2f} s", f"{ask_s:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=Path, default=DEFAULT_PAPERS)
    parser.add_argument("--contexts", default=str(DEFAULT_CONTEXTS), help="large corpus for the store-size row; 'none' skips")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says

    sources = [d for d in load_path(args.papers) if not isinstance(d, LoadFailure)]
    extractor = RuleExtractor()
    start = time.perf_counter()
    documents = [normalize_document(s) for s in sources]
    normalized = time.perf_counter() - start
    start = time.perf_counter()
    facts = sum(len(r.facts) for d in documents for r in extractor.extract(d).facets.values())
    extracted = time.perf_counter() - start
    rate = len(documents) / (normalized + extracted)

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        ingest_s, done = methodkg("ingest", str(args.papers), "--json", store=store)
        if done.returncode not in (0, 1):
            sys.exit(f"ingest failed: {done.stderr}")
        questions = list(csv.DictReader((args.papers.parent / "cqs.csv").read_text().splitlines()))
        batch = Path(tmp) / "batch.jsonl"
        with batch.open("w") as handle:
            for source in sources:
                for q in questions:
                    handle.write(json.dumps({"paper": source.paper_id, "question": q["question"]}) + "\n")
        one_s = one_ask(store, sources[0].paper_id)
        batch_s, done = methodkg("ask", "--batch", str(batch), "--json", store=store)
        answers = len(done.stdout.splitlines())
        by_store = [("store", "papers", "file", "ingest", "one `ask`"), store_row(args.papers.name, store, ingest_s, one_s)]
        if args.contexts != "none":
            large = Path(tmp) / "contexts"
            large_s, done = methodkg("ingest", args.contexts, "--batch-size", "500", "--json", store=large)
            if done.returncode not in (0, 1) or not json.loads(done.stdout or "{}").get("stored"):
                sys.exit(f"ingest of {args.contexts} failed: {done.stderr}")
            by_store.append(store_row(f"{Path(args.contexts).name} (--batch-size 500)", large, large_s))

    rows = [
        ("papers", f"{len(documents)}", ""),
        ("normalize", f"{normalized:.2f} s", ""),
        ("rule extraction (normalize + extract, 1 core)", f"{rate:.0f} papers/s", "target >= 100"),
        ("facts found", f"{facts}", f"{facts / len(documents):.1f} per paper"),
        ("ingest into embedded store (whole command)", f"{ingest_s:.2f} s", f"{len(documents) / ingest_s:.0f} papers/s"),
        ("one `ask` (start-up + answer)", f"{one_s:.3f} s", "target < 0.5 s"),
        (f"`ask --batch` ({answers} answers)", f"{batch_s:.2f} s", f"{answers / batch_s:.0f} answers/s"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>16}  {note}")
    print("\nstore size vs. one `ask` (start-up + answer, target < 0.5 s on any store):")
    widths = [max(len(r[i]) for r in by_store) for i in range(len(by_store[0]))]
    for row in by_store:
        print("  ".join(f"{cell:<{widths[0]}}" if i == 0 else f"{cell:>{widths[i]}}" for i, cell in enumerate(row)))


if __name__ == "__main__":
    main()
