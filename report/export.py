"""Exports for the tools people already use: GraphML (Gephi, yEd) and the CSV files `neo4j-admin database
import` reads. Both are built from PaperMethodology through graph/rows.py, so they hold exactly the graph
model every store writes, whichever store the papers were read from.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from graph.embedded import build_graph as build_store_graph
from graph.embedded import entry_of, node_id
from graph.rows import ASSESSED_PROPS, FACT_PROPS
from schema.catalog import ASSESSED_REL, FACET_LABEL, FACETS_BY_KEY, PAPER_LABEL
from schema.models import PaperMethodology

# Property types for neo4j-admin headers (everything else is a string).
INT_PROPS = {"start", "end", "llm_calls", "prompt_tokens", "completion_tokens", "cached_calls"}
BOOL_PROPS = {"negated", "hedged"}
PAPER_PROPS = ("paper_id", "title", "doi", "source", "sha256", "extractor", "extracted_at", "llm_calls",
               "prompt_tokens", "completion_tokens", "cached_calls")
def build_graph(papers: Iterable[PaperMethodology]) -> nx.MultiDiGraph:
    """The stores' graph model (graph.embedded.build_graph), with each Facet's display label and stage added."""
    g = build_store_graph(entry_of(p) for p in papers)
    for facet in FACETS_BY_KEY.values():
        fid = node_id(FACET_LABEL, facet.key)
        if fid in g:
            g.nodes[fid].update(facet_label=facet.label, stage=facet.stage)
    return g


def _display(attrs: dict[str, Any]) -> str:
    return str(attrs.get("paper_id") or attrs.get("key") or attrs.get("name") or "")


def write_graphml(papers: Iterable[PaperMethodology], path: Path) -> tuple[int, int]:
    """GraphML with `node_label` (graph label) and `label` (display name, what Gephi and yEd show)."""
    g = build_graph(papers)
    out = nx.MultiDiGraph()
    for n, attrs in g.nodes(data=True):
        props = {k: v for k, v in attrs.items() if v is not None and k != "label"}
        out.add_node(n, node_label=attrs["label"], label=_display(attrs), **props)
    for u, v, k, attrs in g.edges(keys=True, data=True):
        props = {p: x for p, x in attrs.items() if x is not None}
        out.add_edge(u, v, key=k, label=attrs["type"], **props)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(out, path, encoding="utf-8", named_key_ids=True)
    return out.number_of_nodes(), out.number_of_edges()


def _typed(name: str) -> str:
    if name in INT_PROPS:
        return f"{name}:long"
    if name in BOOL_PROPS:
        return f"{name}:boolean"
    return name


def _cell(value: Any) -> str:
    if value is None:
        return ""  # an empty field sets no property
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


IMPORT_README = """Import with (Neo4j 5, an empty database named neo4j; quotes may span lines):

  neo4j-admin database import full neo4j --multiline-fields=true --overwrite-destination=true \\
{nodes} \\
{relationships}

Graph model: (:Paper {{paper_id,...}})-[:ASSESSED {{status, extractor, error, at}}]->(:Facet {{key, question}})
and one fact relationship type per facet, (:Paper)-[:<TYPE> {{fact_id, mention, evidence, start, end, section,
amount, unit, negated, hedged, extractor}}]->(:<Label> {{name}}). See docs/reports.md.
"""


def write_neo4j_csv(papers: Iterable[PaperMethodology], directory: Path) -> dict[str, int]:
    """One nodes file per label, one relationships file per type, headers typed for neo4j-admin import."""
    g = build_graph(papers)
    directory.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for n, attrs in g.nodes(data=True):
        by_label.setdefault(attrs["label"], []).append((n, attrs))
    by_type: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for u, v, attrs in g.edges(data=True):
        by_type.setdefault(attrs["type"], []).append((u, v, attrs))
    written: dict[str, int] = {}
    node_files, rel_files = [], []
    for label in sorted(by_label):
        props = PAPER_PROPS if label == PAPER_LABEL else ("key", "question", "facet_label", "stage") \
            if label == FACET_LABEL else ("name",)
        name = f"nodes_{label}.csv"
        with open(directory / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([":ID", *(_typed(p) for p in props), ":LABEL"])
            for n, attrs in sorted(by_label[label]):
                writer.writerow([n, *(_cell(attrs.get(p)) for p in props), label])
        written[name] = len(by_label[label])
        node_files.append(name)
    for rel_type in sorted(by_type):
        props = ASSESSED_PROPS if rel_type == ASSESSED_REL else FACT_PROPS
        name = f"relationships_{rel_type}.csv"
        with open(directory / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([":START_ID", ":END_ID", ":TYPE", *(_typed(p) for p in props)])
            for u, v, attrs in sorted(by_type[rel_type], key=lambda e: (e[0], e[1], str(e[2].get("fact_id")))):
                writer.writerow([u, v, rel_type, *(_cell(attrs.get(p)) for p in props)])
        written[name] = len(by_type[rel_type])
        rel_files.append(name)
    (directory / "IMPORT.txt").write_text(IMPORT_README.format(
        nodes=" \\\n".join(f"    --nodes={directory / f}" for f in node_files),
        relationships=" \\\n".join(f"    --relationships={directory / f}" for f in rel_files)), encoding="utf-8")
    return written
