"""Precision check on papers without gold labels: re-extract the papers of a set of judged facts and report how
many judged-correct facts the rules still state, and how many judged-wrong ones they still state.

    python benchmarks/fact_audit.py [--papers ../shared/benchmark/papers.jsonl]
                                    [--judged benchmarks/fact_audit/judged_facts.jsonl] [--show-leaks]

Each judged fact (paper, facet, value, quote, verdict correct/wrong/debatable) was read by a reviewer against the
paper text: CORRECT when the quote shows that this paper used or shared the value for that facet, WRONG when it
does not (a reference entry, someone else's work, another sense of the word, a mangled link ...). The samples were
drawn at random from stated facts of the papers whose ids have no human label; the judging rule and the audits
are described in docs/accuracy.md. The extractor never reads this file.

A judged fact counts as "still stated" when the current rules state the same (facet, value) with the same quote.
Printed per audit: kept correct / judged correct, leaked wrong / judged wrong, and the precision on the judged
facts the rules still state (debatable ones left out). Each audit's wrong facts guided the next rule fixes, so
its "still stated" figures only show whether those fixes held; the fair precision of a release is the one an
audit measured when it was drawn (docs/accuracy.md), before any rule was written from it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extractor.load import load_path  # noqa: E402
from extractor.normalize import normalize_document  # noqa: E402
from extractor.pipeline import extract_document  # noqa: E402
from extractor.rules import RuleExtractor  # noqa: E402

BENCHMARK = REPO.parent / "shared" / "benchmark"
JUDGED = Path(__file__).resolve().parent / "fact_audit" / "judged_facts.jsonl"


def _squash(text: str) -> str:
    return " ".join(text.split())


def stated_now(papers_file: Path, wanted: set[str]) -> dict[str, set[tuple[str, str, str]]]:
    """(facet, value, quote) of every stated fact the current rules find in the wanted papers, as ingest stores
    them (the same extraction and pruning step)."""
    extractor = RuleExtractor()
    found: dict[str, set[tuple[str, str, str]]] = {}
    for source in load_path(papers_file):
        if source.paper_id not in wanted:
            continue
        paper, _ = extract_document(normalize_document(source), extractor)
        found[source.paper_id] = {(f.facet, f.value, _squash(f.evidence.quote)) for r in paper.facets.values()
                                  for f in r.facts if f.counts_as_stated}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=Path, default=BENCHMARK / "papers.jsonl")
    parser.add_argument("--judged", type=Path, default=JUDGED)
    parser.add_argument("--show-leaks", action="store_true", help="list the judged-wrong facts still stated")
    args = parser.parse_args()
    judged = [json.loads(line) for line in args.judged.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = stated_now(args.papers, {j["paper"] for j in judged})
    by_audit: dict[str, list[tuple[dict, bool]]] = defaultdict(list)
    for item in judged:
        key = (item["facet"], item["value"], _squash(item["quote"]))
        by_audit[item["audit"]].append((item, key in found.get(item["paper"], set())))
    for audit, items in by_audit.items():
        count = {v: sum(1 for i, _ in items if i["verdict"] == v) for v in ("correct", "wrong", "debatable")}
        kept = sum(1 for i, still in items if still and i["verdict"] == "correct")
        leaked = [i for i, still in items if still and i["verdict"] == "wrong"]
        precision = kept / (kept + len(leaked)) if kept + len(leaked) else None
        print(f"audit {audit}: {len(items)} judged facts")
        print(f"  judged correct, still stated   {kept}/{count['correct']}")
        print(f"  judged wrong, still stated     {len(leaked)}/{count['wrong']}")
        print(f"  precision on what is still stated (debatable left out): "
              f"{'-' if precision is None else f'{100 * precision:.1f}%'}")
        for item in leaked if args.show_leaks else ():
            print(f"    leak: {item['paper']} {item['facet']} {item['value']!r} ({item['category']}): "
                  f"{item['quote'][:120]}")


if __name__ == "__main__":
    main()
