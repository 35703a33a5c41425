import json
import random

import pytest

from extractor.document import SourceDocument
from extractor.normalize import normalize_document
from extractor.pipeline import extract_document
from extractor.rules import RuleExtractor
from graph.embedded import EmbeddedStore
from graph.rows import assessed_rows, fact_rows, paper_row
from schema.errors import StoreError, StoreLocked
from tests.conftest import stored_rows

TEXT = ("Methods\n\nWe fine-tuned a ResNet-50 pre-trained on ImageNet with SGD and a learning rate of 0.01. "
        "No data augmentation was applied. Training ran on an NVIDIA Tesla V100.")


def paper(paper_id="p1", text=TEXT):
    doc = normalize_document(SourceDocument(paper_id=paper_id, raw_text=text, source="t"))
    return extract_document(doc, RuleExtractor())[0]


def test_round_trip_is_exact(store_dir):
    original = paper()
    with EmbeddedStore(store_dir, write=True) as store:
        store.write([original])
    reread = EmbeddedStore(store_dir).read("p1")
    assert reread == original


def test_writing_twice_changes_nothing(store_dir):
    p = paper()
    with EmbeddedStore(store_dir, write=True) as store:
        store.write([p])
    first = stored_rows(store_dir)
    with EmbeddedStore(store_dir, write=True) as store:
        store.write([p])
        counts = store.counts()
    assert stored_rows(store_dir) == first
    assert [pid for pid, _ in first] == ["p1"] and json.loads(first[0][1])["paper"]["paper_id"] == "p1"
    facts = [f for r in p.facets.values() for f in r.facts]
    value_nodes = {(f.facet, f.value) for f in facts}
    assert (counts.nodes, counts.relationships) == (1 + len(p.facets) + len(value_nodes), len(p.facets) + len(facts))


def test_value_nodes_are_shared_and_orphans_removed(store_dir):
    with EmbeddedStore(store_dir, write=True) as store:
        store.write([paper("a"), paper("b")])
        resnets = [n for n, a in store.graph.nodes(data=True) if a.get("name") == "ResNet-50"]
        assert len(resnets) == 1 and store.graph.in_degree(resnets[0]) == 2
        assert store.graph.nodes[resnets[0]]["label"] == "Model"
        store.write([paper("a", "Methods\n\nWe used Adam."), paper("b", "Methods\n\nWe used Adam.")])
        assert not [n for n, a in store.graph.nodes(data=True) if a.get("name") == "ResNet-50"]


def test_second_writer_is_refused(store_dir):
    with EmbeddedStore(store_dir, write=True), pytest.raises(StoreLocked, match="another methodkg process"):
        EmbeddedStore(store_dir, write=True)


def test_corrupt_store_gives_a_way_back(store_dir):
    with EmbeddedStore(store_dir, write=True) as store:
        store.write([paper("a")])
    with EmbeddedStore(store_dir, write=True) as store:
        store.write([paper("b")])
    path = store_dir / "graph.sqlite"
    for name in ("graph.sqlite-wal", "graph.sqlite-shm"):
        (store_dir / name).unlink(missing_ok=True)
    path.write_bytes(random.Random(3).randbytes(8192))
    for write in (False, True):
        with pytest.raises(StoreError) as caught:
            EmbeddedStore(store_dir, write=write)
        message = str(caught.value)
        assert f"{path}: not a readable methodkg store" in message
        assert f"cp {store_dir / 'graph.sqlite.bak'} {path}" in message and "ingest again" in message
    (store_dir / "graph.sqlite.bak").replace(path)
    assert EmbeddedStore(store_dir).paper_ids() == ["a", "b"]
    with EmbeddedStore(store_dir, write=True) as store:  # the refused writer released its lock
        assert store.fingerprint("b") is not None


def test_a_foreign_sqlite_file_is_refused_without_a_backup(store_dir):
    import sqlite3

    store_dir.mkdir()
    db = sqlite3.connect(store_dir / "graph.sqlite")
    db.execute("CREATE TABLE notes(x)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not a methodkg graph file.*move .*graph.sqlite aside and ingest again"):
        EmbeddedStore(store_dir, write=True)


def test_a_store_of_the_previous_format_is_imported_once(store_dir, caplog):
    a, b = paper("a"), paper("b", "Methods\n\nWe used Adam.")
    legacy = {"format": "methodkg-graph", "version": 2,
              "papers": [{"paper": paper_row(p), "assessed": assessed_rows(p), "facts": fact_rows(p)} for p in (a, b)]}
    store_dir.mkdir()
    (store_dir / "graph.json").write_text(json.dumps(legacy))
    with caplog.at_level("WARNING", logger="methodkg.store"):
        store = EmbeddedStore(store_dir)
    assert "imported 2 papers from graph.json" in caplog.text
    assert store.read("a") == a and store.read("b") == b and store.paper_ids() == ["a", "b"]
    assert not (store_dir / "graph.json").exists() and (store_dir / "graph.json.migrated").exists()
    with EmbeddedStore(store_dir, write=True) as again:  # already imported: nothing to do, the file is the store
        assert again.fingerprint("a") == (a.sha256, a.extractor)


def test_an_unreadable_previous_format_store_is_left_in_place(store_dir):
    store_dir.mkdir()
    (store_dir / "graph.json").write_text("{ truncated")
    with pytest.raises(StoreError, match="graph.json: cannot import.*move .*graph.json aside and ingest again"):
        EmbeddedStore(store_dir)
    assert (store_dir / "graph.json").exists() and not (store_dir / "graph.sqlite").exists()
