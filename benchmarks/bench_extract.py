"""Speed figures for the offline path on the benchmark papers (printed, not asserted).

    python benchmarks/bench_extract.py [--papers ../shared/benchmark/papers.jsonl]

Prints: rule extraction papers/second on one core (load + normalize + extract, no writes), the whole
ingest into the embedded store, the start-up and answer time of one `methodkg ask`, and the time of
`methodkg ask --batch` over all 28 competency questions for every paper. Targets (issue 2): at least
100 papers/s for extraction, under 0.5 s for one `ask`.
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

DEFAULT_PAPERS = REPO.parent / "shared" / "benchmark" / "papers.jsonl"


def methodkg(*args: str, store: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    command = [sys.executable, "-m", "cli", "--store", str(store), *args]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=Path, default=DEFAULT_PAPERS)
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
        one_s = min(methodkg("ask", "Which optimizer did they use?", "--paper", sources[0].paper_id, "--json",
                             store=store)[0] for _ in range(3))
        batch_s, done = methodkg("ask", "--batch", str(batch), "--json", store=store)
        answers = len(done.stdout.splitlines())

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


if __name__ == "__main__":
    main()
