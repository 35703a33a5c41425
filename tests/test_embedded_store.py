import json

import pytest

from extractor.document import SourceDocument
from extractor.normalize import normalize_document
from extractor.pipeline import extract_document
from extractor.rules import RuleExtractor
from graph.embedded import EmbeddedStore
from schema.errors import StoreError, StoreLocked

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
    first = (store_dir / "graph.json").read_bytes()
    with EmbeddedStore(store_dir, write=True) as store:
        store.write([p])
        counts = store.counts()
    assert (store_dir / "graph.json").read_bytes() == first
    assert json.loads(first)["papers"][0]["paper"]["paper_id"] == "p1"
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
        store.write([paper("b")])
    (store_dir / "graph.json").write_text("{ truncated")
    with pytest.raises(StoreError, match="graph.json.bak"):
        EmbeddedStore(store_dir)
    (store_dir / "graph.json.bak").replace(store_dir / "graph.json")
    assert EmbeddedStore(store_dir).paper_ids() == ["a"]
