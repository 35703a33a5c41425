"""Overfitting guard: the eval figures on two halves of the development papers, split by sha256(paper_id) parity.

    python benchmarks/eval_halves.py --paper-store /tmp/bp --context-store /tmp/bc

Half A (even) was the development half; half B (odd) was only measured in the first session, and its error
categories were read in the second (general rules only, never a paper's), so it is no longer unseen: the fact
audit (benchmarks/fact_audit.py, docs/accuracy.md) is the unseen check. Both stores must already hold the
ingested benchmark (papers.jsonl and contexts.jsonl.gz); gold files are read by evaluation/ only.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from evaluation.score import Evaluation, evaluate, load_baseline, load_gold  # noqa: E402
from graph.store import open_store  # noqa: E402

BENCHMARK = REPO.parent / "shared" / "benchmark"
SIX = {5, 10, 12, 13, 19, 22}


def half_of(paper_id: str) -> str:
    return "A" if int(hashlib.sha256(paper_id.encode()).hexdigest(), 16) % 2 == 0 else "B"


def line(name: str, result: Evaluation) -> str:
    ours = Evaluation.total(result.ours)
    text = (f"{name:<28} agree {ours.agree}/{ours.scored} ({100 * (ours.agreement or 0):.1f}%)  "
            f"recall stated {ours.tp}/{ours.tp + ours.fn}  not_stated answered stated {ours.fp}/{ours.tn + ours.fp}")
    if result.baseline is not None:
        theirs = Evaluation.total(result.baseline)
        text += f"  | baseline agree {theirs.agree}/{theirs.scored} ({100 * (theirs.agreement or 0):.1f}%)"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paper-store", type=Path, required=True)
    parser.add_argument("--context-store", type=Path, required=True)
    parser.add_argument("--benchmark", type=Path, default=BENCHMARK)
    args = parser.parse_args()
    baseline = load_baseline(args.benchmark / "seed_pipeline.csv")
    paper_rows = load_gold(args.benchmark / "gold_paper.csv")
    context_rows = load_gold(args.benchmark / "gold_context.csv", contexts=True)
    with open_store(args.paper_store) as papers, open_store(args.context_store) as contexts:
        for half in ("A", "B", "all"):
            chosen = [r for r in paper_rows if half in ("all", half_of(r.paper_id))]
            print(line(f"paper level, six cqs, {half}", evaluate(chosen, papers, baseline, SIX)))
            chosen = [r for r in context_rows if half in ("all", half_of(r.paper_id))]
            print(line(f"per context, {half}", evaluate(chosen, contexts, baseline)))


if __name__ == "__main__":
    main()
