"""Ingest reads each input once: the progress total grows as JSONL files stream instead of a counting pass."""

import gzip
import json
import sys

from extractor.pipeline import ingest
from extractor.rules import RuleExtractor
from graph.embedded import EmbeddedStore

_WATCHED: dict[str, int] = {}


def _count_opens(event: str, args: tuple) -> None:
    """An audit hook (hooks cannot be removed, so it only counts paths a test asked for)."""
    if event == "open" and args and isinstance(args[0], str) and args[0] in _WATCHED:
        _WATCHED[args[0]] += 1


sys.addaudithook(_count_opens)


def _jsonl_gz(path, n):
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps({"paper_id": f"j{i}", "text": f"Paper {i}. We trained a U-Net with Adam."}) + "\n")
    return path


def test_cli_ingest_opens_a_jsonl_file_once(run_cli, tmp_path):
    papers = _jsonl_gz(tmp_path / "papers.jsonl.gz", 3)
    (tmp_path / "plain.txt").write_text("We trained a ResNet with SGD.")
    _WATCHED[str(papers)] = 0
    try:
        code, out, _ = run_cli("ingest", str(papers), str(tmp_path / "plain.txt"), "--json")
        opens = _WATCHED[str(papers)]
    finally:
        del _WATCHED[str(papers)]
    assert code == 0 and json.loads(out)["stored"] == 4
    assert opens == 1


def test_progress_total_is_known_up_front_for_plain_files_and_after_streaming_for_jsonl(tmp_path, store_dir):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("We trained a U-Net with Adam.")
    (tmp_path / "in" / "b.jsonl").write_text("\n".join([
        json.dumps({"paper_id": "b1", "text": "We used SGD."}), "not json", "",
        json.dumps({"paper_id": "b2", "text": "We used RMSprop."})]) + "\n")
    (tmp_path / "in" / "c.md").write_text("We used a CNN.")
    totals, events = [], []
    with EmbeddedStore(store_dir, write=True) as store:
        summary = ingest([tmp_path / "in"], store, RuleExtractor(), on_event=events.append, on_total=totals.append)
    assert totals == [None, 5] and len(events) == 5  # a.txt, b1, the bad line, b2, c.md
    assert (summary.stored, summary.failed) == (4, 1)
    totals = []
    with EmbeddedStore(store_dir, write=True) as store:
        ingest([tmp_path / "in" / "a.txt", tmp_path / "missing.txt"], store, RuleExtractor(), on_total=totals.append)
    assert totals == [2]
