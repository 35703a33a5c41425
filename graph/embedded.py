"""The embedded store: a networkx MultiDiGraph persisted to one JSON file, written atomically.

Same graph model as Neo4j (labels and relationship types from the catalog). Node ids are derived from
content (`Label:name`), fact edges are keyed by their content-derived fact_id, so writing the same paper
twice leaves the graph identical. A writer holds an exclusive lock on the folder; readers never block
and always see a complete file (write to a temporary file, fsync, rename).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from graph.rows import FACT_PROPS, assessed_rows, fact_rows, paper_from_rows, paper_row
from graph.store import CypherResult, GraphCounts, GraphStore, PaperSummary
from schema.catalog import ASSESSED_REL, FACET_LABEL, FACETS, PAPER_LABEL
from schema.errors import StoreError, StoreLocked
from schema.models import PaperMethodology

FORMAT = "methodkg-graph"
FORMAT_VERSION = 1
GRAPH_FILE = "graph.json"
_FACET_BY_REL = {f.rel_type: f for f in FACETS}


def node_id(label: str, name: str) -> str:
    return f"{label}:{name}"


class EmbeddedStore(GraphStore):
    def __init__(self, directory: Path, *, write: bool = False) -> None:
        self.directory = directory
        self.path = directory / GRAPH_FILE
        self.description = f"embedded store {self.path}"
        self._lock_handle: Any = None
        if write:
            directory.mkdir(parents=True, exist_ok=True)
            self._acquire_lock()
        self.graph = self._load()

    # persistence -------------------------------------------------------------------------------
    def _acquire_lock(self) -> None:
        import fcntl

        handle = open(self.directory / "lock", "a+")  # noqa: SIM115 - held for the store's lifetime
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise StoreLocked(f"{self.directory}: another methodkg process is writing to this store; "
                              "wait for it to finish or use another --store") from None
        self._lock_handle = handle

    def _load(self) -> nx.MultiDiGraph:
        graph = nx.MultiDiGraph()
        if not self.path.exists():
            return graph
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("not a methodkg graph file")
            if data.get("version") != FORMAT_VERSION:
                raise ValueError(f"format version {data.get('version')} is not {FORMAT_VERSION}")
            for node in data["nodes"]:
                graph.add_node(node["id"], label=node["label"], **node["props"])
            for edge in data["edges"]:
                graph.add_edge(edge["source"], edge["target"], key=edge["key"], type=edge["type"], **edge["props"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
            backup = self.path.with_suffix(".json.bak")
            hint = f"restore the previous version with: cp {backup} {self.path}" if backup.exists() else \
                f"move {self.path} aside and ingest again"
            raise StoreError(f"{self.path}: not a readable methodkg store ({error}); {hint}") from error
        return graph

    def _save(self) -> None:
        nodes = [{"id": n, "label": a["label"], "props": {k: v for k, v in a.items() if k != "label"}}
                 for n, a in sorted(self.graph.nodes(data=True))]
        edges = [{"source": u, "target": v, "key": k, "type": a["type"],
                  "props": {p: x for p, x in a.items() if p != "type"}}
                 for u, v, k, a in sorted(self.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))]
        payload = json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "nodes": nodes, "edges": edges},
                             ensure_ascii=False, separators=(",", ":"))
        temporary = self.path.with_suffix(".json.tmp")
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if self.path.exists():
            backup = self.path.with_suffix(".json.bak")
            backup.unlink(missing_ok=True)
            os.link(self.path, backup)
        os.replace(temporary, self.path)

    # writes ------------------------------------------------------------------------------------
    def write(self, papers: Sequence[PaperMethodology]) -> None:
        if self._lock_handle is None:
            raise StoreError(f"{self.description} was opened read-only")
        for paper in papers:
            self._write_paper(paper)
        self._save()

    def _write_paper(self, paper: PaperMethodology) -> None:
        g = self.graph
        pid = node_id(PAPER_LABEL, paper.paper_id)
        old_targets = set()
        if pid in g:
            old_targets = {v for _, v in g.out_edges(pid)}
            g.remove_edges_from(list(g.out_edges(pid, keys=True)))
        g.add_node(pid, label=PAPER_LABEL, **paper_row(paper))
        for row in assessed_rows(paper):
            fid = node_id(FACET_LABEL, row["facet"])
            g.add_node(fid, label=FACET_LABEL, key=row["facet"], question=row["question"])
            g.add_edge(pid, fid, key=ASSESSED_REL, type=ASSESSED_REL,
                       **{k: row[k] for k in ("status", "extractor", "error", "at")})
        for row in fact_rows(paper):
            vid = node_id(row["node_label"], row["value"])
            g.add_node(vid, label=row["node_label"], name=row["value"])
            g.add_edge(pid, vid, key=row["fact_id"], type=row["rel_type"], **{k: row[k] for k in FACT_PROPS})
        for target in old_targets:  # value nodes no paper points to any more
            if target in g and g.in_degree(target) == 0 and g.nodes[target]["label"] != FACET_LABEL:
                g.remove_node(target)

    # reads -------------------------------------------------------------------------------------
    def fingerprint(self, paper_id: str) -> tuple[str, str] | None:
        attrs = self.graph.nodes.get(node_id(PAPER_LABEL, paper_id))
        return (attrs["sha256"], attrs["extractor"]) if attrs else None

    def read(self, paper_id: str) -> PaperMethodology | None:
        pid = node_id(PAPER_LABEL, paper_id)
        if pid not in self.graph:
            return None
        attrs = self.graph.nodes[pid]
        assessed, facts = [], []
        for _, target, data in self.graph.out_edges(pid, data=True):
            if data["type"] == ASSESSED_REL:
                assessed.append({**data, "facet": self.graph.nodes[target]["key"]})
            elif data["type"] in _FACET_BY_REL:
                facts.append({**data, "facet": _FACET_BY_REL[data["type"]].key,
                              "value": self.graph.nodes[target]["name"]})
        return paper_from_rows(dict(attrs), assessed, facts)

    def paper_ids(self) -> list[str]:
        return sorted(a["paper_id"] for _, a in self.graph.nodes(data=True) if a["label"] == PAPER_LABEL)

    def summaries(self) -> list[PaperSummary]:
        out = []
        for paper_id in self.paper_ids():
            pid = node_id(PAPER_LABEL, paper_id)
            a = self.graph.nodes[pid]
            types = [d["type"] for _, _, d in self.graph.out_edges(pid, data=True)]
            out.append(PaperSummary(paper_id, a.get("title"), a["sha256"], a["extractor"],
                                    types.count(ASSESSED_REL), len(types) - types.count(ASSESSED_REL)))
        return out

    def counts(self) -> GraphCounts:
        return GraphCounts(self.graph.number_of_nodes(), self.graph.number_of_edges())

    def cypher(self, query: str, params: dict[str, Any], *, write: bool = False) -> CypherResult:
        from graph.embedded_cypher import run_embedded_cypher

        return run_embedded_cypher(self.graph, query, params, write=write, engine=self.description)

    def close(self) -> None:
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None
