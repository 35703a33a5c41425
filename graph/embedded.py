"""The embedded store: one JSON file of per-paper rows, viewed as a networkx MultiDiGraph.

The file holds, per paper, exactly the rows a Neo4j write sends (graph/rows.py), so both stores share
one graph model. `graph` builds the networkx MultiDiGraph of that model on demand (Cypher, exports,
counts); answering a question reads one paper's rows and never needs to build it, which keeps
`methodkg ask` fast. Node ids come from content (`Label:name`), fact edges are keyed by their
content-derived fact_id: writing the same paper twice leaves the file byte-identical.
A writer holds an exclusive lock on the folder; readers never block and always see a complete file
(temporary file, fsync, rename; the previous version is kept as graph.json.bak).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.rows import FACT_PROPS, assessed_rows, fact_rows, paper_from_rows, paper_row
from graph.store import CypherResult, GraphCounts, GraphStore, PaperSummary
from schema.catalog import ASSESSED_REL, FACET_LABEL, FACETS_BY_KEY, PAPER_LABEL
from schema.errors import StoreError, StoreLocked
from schema.models import PaperMethodology

if TYPE_CHECKING:
    import networkx as nx

FORMAT = "methodkg-graph"
FORMAT_VERSION = 2
GRAPH_FILE = "graph.json"
SAVE_INTERVAL = 2.0  # seconds between rewrites of the file during a long ingest

PaperRows = dict[str, Any]  # {"paper": PaperRow, "assessed": [AssessedRow], "facts": [FactRow]}


def node_id(label: str, name: str) -> str:
    return f"{label}:{name}"


class EmbeddedStore(GraphStore):
    def __init__(self, directory: Path, *, write: bool = False) -> None:
        self.directory = directory
        self.path = directory / GRAPH_FILE
        self.description = f"embedded store {self.path}"
        self._lock_handle: Any = None
        self._graph: nx.MultiDiGraph | None = None
        self._dirty = False
        self._saved_at = 0.0
        if write:
            directory.mkdir(parents=True, exist_ok=True)
            self._acquire_lock()
        self._papers: dict[str, PaperRows] = self._load()

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

    def _load(self) -> dict[str, PaperRows]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not a methodkg graph file")
            if data.get("version") != FORMAT_VERSION:
                raise ValueError(f"format version {data.get('version')} is not {FORMAT_VERSION}")
            papers = {}
            for entry in data["papers"]:
                if not {"paper", "assessed", "facts"} <= entry.keys():
                    raise ValueError("paper entry without paper, assessed and facts rows")
                papers[entry["paper"]["paper_id"]] = entry
            return papers
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
            backup = self.path.with_suffix(".json.bak")
            hint = f"restore the previous version with: cp {backup} {self.path}" if backup.exists() else \
                f"move {self.path} aside and ingest again"
            raise StoreError(f"{self.path}: not a readable methodkg store ({error}); {hint}") from error

    def _save(self) -> None:
        payload = json.dumps(
            {"format": FORMAT, "version": FORMAT_VERSION, "papers": [self._papers[k] for k in sorted(self._papers)]},
            ensure_ascii=False, separators=(",", ":"),
        )
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
        """Apply a batch; the file is rewritten at most every SAVE_INTERVAL seconds and on close.

        Rewriting the whole file per batch would be quadratic on large corpora; a crash loses at most
        the last few seconds of work, which the next run redoes (finished papers are skipped).
        """
        if self._lock_handle is None:
            raise StoreError(f"{self.description} was opened read-only")
        for paper in papers:
            self._papers[paper.paper_id] = {"paper": paper_row(paper), "assessed": assessed_rows(paper),
                                            "facts": fact_rows(paper)}
        self._graph = None
        self._dirty = True
        if time.monotonic() - self._saved_at >= SAVE_INTERVAL:
            self.flush()

    def flush(self) -> None:
        """Persist pending writes now."""
        if self._dirty:
            self._save()
            self._dirty = False
            self._saved_at = time.monotonic()

    # reads -------------------------------------------------------------------------------------
    def fingerprint(self, paper_id: str) -> tuple[str, str] | None:
        entry = self._papers.get(paper_id)
        return (entry["paper"]["sha256"], entry["paper"]["extractor"]) if entry else None

    def read(self, paper_id: str) -> PaperMethodology | None:
        entry = self._papers.get(paper_id)
        return paper_from_rows(entry["paper"], entry["assessed"], entry["facts"]) if entry else None

    def paper_ids(self) -> list[str]:
        return sorted(self._papers)

    def summaries(self) -> list[PaperSummary]:
        return [PaperSummary(pid, e["paper"].get("title"), e["paper"]["sha256"], e["paper"]["extractor"],
                             len(e["assessed"]), len(e["facts"]))
                for pid, e in sorted(self._papers.items())]

    def counts(self) -> GraphCounts:
        return GraphCounts(self.graph.number_of_nodes(), self.graph.number_of_edges())

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The graph model as a networkx MultiDiGraph: node attr `label`, edge attr `type`, keys = ids."""
        if self._graph is None:
            self._graph = build_graph(self._papers.values())
        return self._graph

    def cypher(self, query: str, params: dict[str, Any], *, write: bool = False) -> CypherResult:
        from graph.embedded_cypher import run_embedded_cypher

        return run_embedded_cypher(self.graph, query, params, write=write, engine=self.description)

    def close(self) -> None:
        if self._lock_handle is not None:
            self.flush()
            self._lock_handle.close()
            self._lock_handle = None


def build_graph(entries: Any) -> nx.MultiDiGraph:
    """Paper, Facet and value nodes with ASSESSED and fact edges, exactly as Neo4j holds them."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for entry in entries:
        row = entry["paper"]
        pid = node_id(PAPER_LABEL, row["paper_id"])
        g.add_node(pid, label=PAPER_LABEL, **row)
        for a in entry["assessed"]:
            fid = node_id(FACET_LABEL, a["facet"])
            g.add_node(fid, label=FACET_LABEL, key=a["facet"], question=FACETS_BY_KEY[a["facet"]].question)
            g.add_edge(pid, fid, key=ASSESSED_REL, type=ASSESSED_REL, **{k: a[k] for k in ("status", "extractor", "error", "at")})
        for f in entry["facts"]:
            vid = node_id(f["node_label"], f["value"])
            g.add_node(vid, label=f["node_label"], name=f["value"])
            g.add_edge(pid, vid, key=f["fact_id"], type=f["rel_type"], **{k: f[k] for k in FACT_PROPS})
    return g
