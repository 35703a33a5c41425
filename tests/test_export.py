"""Exports: GraphML that networkx (as Gephi/yEd) reads back, and neo4j-admin import CSV files whose headers
parse and whose relationships all point at nodes that exist."""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest

from schema.catalog import NODE_LABELS, REL_TYPES
from tests.report_corpus import HOSTILE, build_corpus

HEADER = re.compile(r"^(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<type>string|long|int|boolean|float|double))?"
                    r"|:(?P<special>ID|LABEL|START_ID|END_ID|TYPE))$")


@pytest.fixture
def store(run_cli, tmp_path):
    return build_corpus(run_cli, tmp_path / "papers", tmp_path / "corpus")


def test_graphml_round_trips_the_graph_model(run_cli, store, tmp_path):
    out = tmp_path / "g.graphml"
    code, text, _ = run_cli("--store", str(store), "export", "--format", "graphml", "--out", str(out), "--json")
    summary = json.loads(text)
    g = nx.read_graphml(out, force_multigraph=True)
    assert code == 0 and (g.number_of_nodes(), g.number_of_edges()) == (summary["nodes"], summary["relationships"])
    assert g.nodes["Paper:alpha"]["node_label"] == "Paper" and g.nodes["Paper:alpha"]["label"] == "alpha"
    assert g.nodes["Optimizer:Adam"]["name"] == "Adam"
    assessed = [d for _, _, d in g.out_edges("Paper:gamma", data=True) if d["type"] == "ASSESSED"]
    assert sorted(d["status"] for d in assessed) == ["failed", "not_stated", "stated"]
    adam = [d for u, v, d in g.edges(data=True) if v == "Optimizer:Adam"]
    assert sorted((d["negated"], d["hedged"]) for d in adam) == [(False, False), (False, True)]  # alpha's, beta's generic
    assert all(isinstance(d["start"], int) for d in adam)
    assert any(HOSTILE in d.get("evidence", "") for _, _, d in g.edges(data=True))  # text kept verbatim, XML-escaped
    assert {d["node_label"] for _, d in g.nodes(data=True)} <= NODE_LABELS
    assert {d["type"] for _, _, d in g.edges(data=True)} <= REL_TYPES


def test_neo4j_csv_headers_and_referential_integrity(run_cli, store, tmp_path):
    out = tmp_path / "import"
    code, text, _ = run_cli("--store", str(store), "export", "--format", "neo4j-csv", "--out", str(out), "--json")
    summary = json.loads(text)
    assert code == 0 and (out / "IMPORT.txt").exists() and "--multiline-fields=true" in (out / "IMPORT.txt").read_text()
    ids: set[str] = set()
    node_rows = rel_rows = 0
    for path in sorted(out.glob("nodes_*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header = rows[0]
        assert all(HEADER.match(h) for h in header), header
        assert header.count(":ID") == 1 and header.count(":LABEL") == 1
        id_at, label_at = header.index(":ID"), header.index(":LABEL")
        for row in rows[1:]:
            assert len(row) == len(header) and row[label_at] in NODE_LABELS and row[id_at] not in ids
            ids.add(row[id_at])
            for h, value in zip(header, row, strict=True):
                if h.endswith(":long") and value:
                    int(value)
        node_rows += len(rows) - 1
    assert "Paper:gamma" in ids and "Facet:optimizer" in ids and "Model:U-Net" in ids
    for path in sorted(out.glob("relationships_*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header = rows[0]
        assert all(HEADER.match(h) for h in header), header
        assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
        for row in rows[1:]:
            assert len(row) == len(header)
            assert row[0] in ids and row[1] in ids, f"{path.name}: dangling endpoint {row[:2]}"
            assert row[2] in REL_TYPES and path.name == f"relationships_{row[2]}.csv"
            for h, value in zip(header, row, strict=True):
                if h.endswith(":boolean"):
                    assert value in ("true", "false")
                if h.endswith(":long"):
                    int(value)
        rel_rows += len(rows) - 1
    assert (node_rows, rel_rows) == (summary["nodes"], summary["relationships"])
    with open(out / "relationships_ASSESSED.csv", encoding="utf-8", newline="") as handle:
        failed = [r for r in csv.DictReader(handle) if r["status"] == "failed"]
    assert [(r[":START_ID"], r["error"]) for r in failed] == [("Paper:gamma", "LLM endpoint timed out after 3 retries")]


def test_export_refuses_a_folder_for_graphml(run_cli, store, tmp_path):
    code, _, err = run_cli("--store", str(store), "export", "--format", "graphml", "--out", str(tmp_path))
    assert code == 2 and "is a folder" in err
