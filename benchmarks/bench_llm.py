"""Cost of the LLM extractor per paper on the benchmark papers, through the scripted local endpoint.

    python benchmarks/bench_llm.py [--papers ../shared/benchmark/papers.jsonl] [--context-tokens 8192]

The endpoint (tests/openai_server.py) answers every call with an empty, valid fact list and reports
usage as characters / 4 of what it received, so the figures are what the real openai + instructor
clients send, not what a model would answer. Printed per mode: calls, input and output tokens per paper,
next to the published pipeline's 280 calls per paper (28 questions x 5 models x 2 calls), and the ratio

    input tokens / (paper tokens + fixed prompt and schema per call)

whose target is <= 1.3. Paper tokens are counted the same way (characters / 4, JSON-escaped as sent);
the fixed part is measured by sending a one-word paper.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extractor.document import SourceDocument  # noqa: E402
from extractor.llm import LLMExtractor  # noqa: E402
from extractor.load import LoadFailure, load_path  # noqa: E402
from extractor.normalize import normalize_document  # noqa: E402
from tests.openai_server import Reply, ScriptedOpenAI  # noqa: E402

DEFAULT_PAPERS = Path(os.environ.get("METHODKG_SHARED", REPO.parent / "shared")) / "benchmark" / "papers.jsonl"
PUBLISHED_CALLS = 28 * 5 * 2


def tokens(text: str) -> int:
    return max(1, len(json.dumps(text)) // 4)  # as the scripted server counts what it receives


def published_input_tokens(contexts: Path) -> dict[str, int]:
    """Tokens of the retrieved contexts the published pipeline sent (first call of each model only)."""
    per_paper: dict[str, int] = defaultdict(int)
    if not contexts.exists():
        return {}
    with gzip.open(contexts, "rt") as handle:
        for line in handle:
            row = json.loads(line)
            per_paper[row["paper_id"]] += 5 * tokens(row["context"])
    return dict(per_paper)


def run(mode: str, documents: list, context_tokens: int) -> list[tuple]:
    with ScriptedOpenAI(default=Reply(body={"facts": []})) as server, tempfile.TemporaryDirectory() as tmp:
        ex = LLMExtractor(model="bench", base_url=server.url, mode=mode, use_cache=False, context_tokens=context_tokens,
                          cache_path=Path(tmp) / "c.sqlite")
        probe = normalize_document(SourceDocument(paper_id="probe", raw_text="Methods.", source="probe"))
        fixed = ex.extract(probe).usage.prompt_tokens - tokens(probe.text)
        rows = []
        for doc in documents:
            usage = ex.extract(doc).usage
            own = tokens(doc.text)
            rows.append((usage.calls, usage.prompt_tokens, usage.completion_tokens, own,
                         usage.prompt_tokens / (own + usage.calls * fixed), usage.prompt_tokens / (own + fixed)))
        ex.close()
    calls = [r[0] for r in rows]
    print(f"\nmode {mode} (--context-tokens {context_tokens}), {len(rows)} papers, fixed prompt+schema {fixed} tokens/call")
    print(f"  calls per paper      mean {statistics.mean(calls):.2f}  max {max(calls)}  "
          f"(published pipeline: {PUBLISHED_CALLS})")
    print(f"  input tokens/paper   mean {statistics.mean(r[1] for r in rows):.0f}  max {max(r[1] for r in rows)}  "
          f"(paper's own: mean {statistics.mean(r[3] for r in rows):.0f})")
    print(f"  output tokens/paper  mean {statistics.mean(r[2] for r in rows):.0f} (empty answers)")
    ratios = [r[4] for r in rows]
    single = [r[5] for r in rows]
    print(f"  input / (paper + fixed x calls)  mean {statistics.mean(ratios):.3f}  max {max(ratios):.3f}  "
          f"within 1.3: {sum(x <= 1.3 for x in ratios)}/{len(ratios)}")
    print(f"  input / (paper + fixed once)     mean {statistics.mean(single):.3f}  max {max(single):.3f}  "
          f"within 1.3: {sum(x <= 1.3 for x in single)}/{len(single)}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=Path, default=DEFAULT_PAPERS)
    parser.add_argument("--context-tokens", type=int, default=8192)
    parser.add_argument("--modes", default="json_schema,tools,md_json")
    args = parser.parse_args()
    documents = [normalize_document(s) for s in load_path(args.papers) if not isinstance(s, LoadFailure)]
    if not documents:
        sys.exit(f"no papers read from {args.papers}; pass --papers or set METHODKG_SHARED")
    published = published_input_tokens(args.papers.parent / "contexts.jsonl.gz")
    if published:
        ids = [d.paper_id for d in documents if d.paper_id in published]
        print(f"published pipeline: {PUBLISHED_CALLS} calls/paper; the contexts its 5 models read alone are "
              f"{statistics.mean(published[i] for i in ids):.0f} input tokens/paper (mean, first call only)")
    for mode in args.modes.split(","):
        run(mode, documents, args.context_tokens)


if __name__ == "__main__":
    main()
