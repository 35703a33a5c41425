"""The embedded store: one SQLite file of per-paper rows, viewed as a networkx MultiDiGraph.

The file (`graph.sqlite`, stdlib sqlite3) holds one row per paper: a few small columns (sha256, extractor,
title, counts) for listings and the skip-if-unchanged check, and the JSON of exactly the rows a Neo4j write
sends (graph/rows.py), so both stores share one graph model. Answering a question reads one paper's row
and never builds the graph, which keeps `methodkg ask` fast on large stores; `graph` builds the networkx
MultiDiGraph of the model on demand (Cypher, exports, counts). Node ids come from content (`Label:name`),
fact edges are keyed by their content-derived fact_id: writing the same paper twice stores identical rows.

Durability: WAL journal, one transaction per `write()` batch, so a killed ingest keeps every finished batch
and never leaves half of one. A writer holds an exclusive lock on the folder (`lock`); readers never block
(except a reader without write access to the folder, see `EmbeddedStore._connect_immutable`).
A write session checks the file on open (PRAGMA quick_check) and, on close, copies it to graph.sqlite.bak
(sqlite3 backup API): the way back from a damaged file is to restore that copy, or move the file aside and
ingest again. A store of the previous format (graph.json) is imported once, on first open.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from graph.rows import ASSESSED_PROPS, FACT_PROPS, assessed_rows, fact_rows, paper_from_rows, paper_row
from graph.store import CypherResult, GraphCounts, GraphStore, PaperSummary
from schema.catalog import ASSESSED_REL, FACET_LABEL, FACETS_BY_KEY, PAPER_LABEL
from schema.errors import StoreError, StoreLocked
from schema.models import PaperMethodology

if TYPE_CHECKING:
    import networkx as nx

FORMAT = "methodkg-graph"
FORMAT_VERSION = 3
GRAPH_FILE = "graph.sqlite"
BACKUP_FILE = GRAPH_FILE + ".bak"
LEGACY_FILE = "graph.json"  # format "methodkg-graph" version 2: imported once, then renamed
LEGACY_VERSION = 2
MIGRATED_SUFFIX = ".migrated"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS papers(
    paper_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, extractor TEXT NOT NULL, title TEXT,
    assessed INTEGER NOT NULL, facts INTEGER NOT NULL, rows TEXT NOT NULL
);
"""
UPSERT = ("INSERT INTO papers(paper_id, sha256, extractor, title, assessed, facts, rows) VALUES (?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT(paper_id) DO UPDATE SET sha256 = excluded.sha256, extractor = excluded.extractor, "
          "title = excluded.title, assessed = excluded.assessed, facts = excluded.facts, rows = excluded.rows")

PaperRows = dict[str, Any]  # {"paper": PaperRow, "assessed": [AssessedRow], "facts": [FactRow]}
log = logging.getLogger("methodkg.store")


def node_id(label: str, name: str) -> str:
    return f"{label}:{name}"


def has_store(directory: Path) -> bool:
    """Whether a folder holds an embedded store (current or previous format)."""
    return (directory / GRAPH_FILE).exists() or (directory / LEGACY_FILE).exists()


def entry_of(paper: PaperMethodology) -> PaperRows:
    return {"paper": paper_row(paper), "assessed": assessed_rows(paper), "facts": fact_rows(paper)}


def _record(entry: PaperRows) -> tuple[Any, ...]:
    """One papers-table row; the JSON is canonical (same entry -> same bytes), so rewrites are idempotent."""
    row = entry["paper"]
    return (row["paper_id"], row["sha256"], row["extractor"], row.get("title"), len(entry["assessed"]),
            len(entry["facts"]), json.dumps(entry, ensure_ascii=False, separators=(",", ":")))


class EmbeddedStore(GraphStore):
    def __init__(self, directory: Path, *, write: bool = False) -> None:
        self.directory = directory
        self.path = directory / GRAPH_FILE
        self.description = f"embedded store {self.path}"
        self._lock_handle: Any = None  # a writer's exclusive lock
        self._shared_lock: Any = None  # a reader's shared lock, held while it reads the file as immutable
        self._graph: nx.MultiDiGraph | None = None
        self._db: sqlite3.Connection | None = None
        self._written = False
        if write:
            directory.mkdir(parents=True, exist_ok=True)
            self._acquire_lock()
        try:
            if not self.path.exists() and (directory / LEGACY_FILE).exists():
                self._migrate()
            if write or self.path.exists():
                self._db = self._connect(write)
        except BaseException:
            self.close()
            raise

    # persistence -------------------------------------------------------------------------------
    def _acquire_lock(self) -> None:
        handle = open(self.directory / "lock", "a+")  # noqa: SIM115 - held for the store's lifetime
        if not _try_lock(handle, exclusive=True):
            raise StoreLocked(f"{self.directory}: another methodkg process is writing to this store (or reading it "
                              "without write access to its folder); wait for it to finish or use another --store") from None
        self._lock_handle = handle

    def _damaged(self, reason: object) -> StoreError:
        backup = self.directory / BACKUP_FILE
        hint = (f"restore the copy of the last write session with: cp {backup} {self.path} "
                f"(or move {self.path} aside and ingest again)") if backup.exists() else \
            f"move {self.path} aside and ingest again"
        return StoreError(f"{self.path}: not a readable methodkg store ({reason}); {hint}")

    def _connect(self, write: bool, *, immutable: bool = False) -> sqlite3.Connection | None:
        """Open the file: read-only for readers; writers create the schema and check the file first."""
        target = self.path if write else f"{self.path.resolve().as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"
        db = sqlite3.connect(target, uri=not write, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout=5000")
            if write:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")  # a committed batch survives a power cut, not just a kill
            if self._check(db, write):
                return db
        except sqlite3.DatabaseError as error:
            db.close()
            if not write and not immutable and _cannot_share_wal(error):
                return self._connect_immutable(error)
            raise self._damaged(error) from error
        except BaseException:
            db.close()
            raise
        db.close()  # an empty file (a writer is creating it): nothing stored yet
        return None

    def _connect_immutable(self, cause: sqlite3.DatabaseError) -> sqlite3.Connection | None:
        """Read a store whose folder the user cannot write to.

        A WAL-mode reader needs the -wal and -shm files beside the database; when no writer has them open
        they do not exist, and a user who cannot write to the folder cannot create them (SQLite then fails
        with CANTOPEN or READONLY). SQLite's `immutable=1` reads the file without them, which is only right
        while nothing changes the file and nothing committed waits in a -wal file. So: take a *shared*
        lock on the folder's `lock` file (writers take it exclusively, so this fails at once if one is
        running, and keeps one from starting until this reader closes), then refuse a non-empty -wal file
        (commits not yet copied into the database), then open immutable. No lock file to lock (a store
        copied without it, say) is refused too: nothing could keep a writer out.
        """
        try:
            handle = open(self.directory / "lock", "rb")  # noqa: SIM115 - held until close()
        except OSError:
            raise StoreError(f"{self.path}: cannot read this store without write access to {self.directory} "
                             f"({cause}), and there is no lock file to keep writers out while reading; copy "
                             f"{self.path.name} to a folder of your own, or ask for write access") from None
        if not _try_lock(handle, exclusive=False):
            raise StoreLocked(f"{self.directory}: another methodkg process is writing to this store, and you cannot "
                              "write to its folder to read alongside it; try again when it has finished") from None
        self._shared_lock = handle
        wal = self.path.with_name(self.path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(f"{self.path}: the last write session did not finish ({wal.name} holds commits not "
                             "yet in the database) and you cannot write to the folder to apply them; the next write session of a "
                             "user who can write there (any `methodkg ingest`) applies them")
        return self._connect(False, immutable=True)

    def _check(self, db: sqlite3.Connection, write: bool) -> bool:
        """Whether the file holds a methodkg store (a writer creates one in an empty file); raise if foreign."""
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            if write:  # a new store, created in one transaction
                db.executescript(f"BEGIN; {SCHEMA} INSERT INTO meta(key, value) VALUES ('format', '{FORMAT}'), "
                                 f"('version', '{FORMAT_VERSION}'); COMMIT;")
            return write
        if not {"meta", "papers"} <= tables:
            raise self._damaged("not a methodkg graph file")
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != FORMAT:
            raise self._damaged("not a methodkg graph file")
        if meta.get("version") != str(FORMAT_VERSION):
            raise self._damaged(f"format version {meta.get('version')} is not {FORMAT_VERSION}")
        if write:
            problems = [row[0] for row in db.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise self._damaged(f"integrity check failed: {'; '.join(problems[:3])}")
        return True

    def _migrate(self) -> None:
        """Import a graph.json store once into a new graph.sqlite, then rename the JSON to .migrated."""
        legacy = self.directory / LEGACY_FILE
        temporary_lock = self._lock_handle is None
        if temporary_lock:
            self._acquire_lock()
        try:
            if self.path.exists():  # another process migrated it meanwhile
                return
            try:
                data = json.loads(legacy.read_text(encoding="utf-8"))
                if not isinstance(data, dict) or data.get("format") != FORMAT:
                    raise ValueError("not a methodkg graph file")
                if data.get("version") != LEGACY_VERSION:
                    raise ValueError(f"format version {data.get('version')} is not {LEGACY_VERSION}")
                records = []
                for entry in data["papers"]:
                    if not {"paper", "assessed", "facts"} <= entry.keys():
                        raise ValueError("paper entry without paper, assessed and facts rows")
                    records.append(_record({k: entry[k] for k in ("paper", "assessed", "facts")}))
            except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
                raise StoreError(f"{legacy}: cannot import this store of the previous format ({error}); "
                                 f"move {legacy} aside and ingest again") from error
            temporary = self.path.with_name(GRAPH_FILE + ".tmp")
            temporary.unlink(missing_ok=True)
            db = sqlite3.connect(temporary, isolation_level=None)
            try:
                db.executescript(SCHEMA)  # a temporary file: atomicity comes from the rename below
                db.execute("BEGIN")
                db.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                               [("format", FORMAT), ("version", str(FORMAT_VERSION))])
                db.executemany(UPSERT, records)
                db.execute("COMMIT")
                db.execute("PRAGMA journal_mode=WAL")
            finally:
                db.close()
            os.replace(temporary, self.path)  # all or nothing: the JSON stays until the import is complete
            legacy.replace(legacy.with_name(LEGACY_FILE + MIGRATED_SUFFIX))
            log.warning("%s: imported %d papers from %s (kept as %s%s)", self.path, len(records), LEGACY_FILE,
                        LEGACY_FILE, MIGRATED_SUFFIX)
        finally:
            if temporary_lock and self._lock_handle is not None:
                self._lock_handle.close()
                self._lock_handle = None

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self._db is None:  # a reader on a folder without a store: nothing stored yet
            return []
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            raise self._damaged(error) from error

    # writes ------------------------------------------------------------------------------------
    def write(self, papers: Sequence[PaperMethodology]) -> None:
        """Apply a batch in one transaction: after a crash it is either all there or not at all."""
        if self._lock_handle is None or self._db is None:
            raise StoreError(f"{self.description} was opened read-only")
        records = [_record(entry_of(paper)) for paper in papers]
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(UPSERT, records)
            self._db.execute("COMMIT")
        except BaseException as error:  # Ctrl-C included: the batch is undone unless COMMIT got through
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise StoreError(f"{self.path}: writing {len(records)} papers failed ({error})") from error
            raise
        self._graph = None
        self._written = True

    def flush(self) -> None:
        """Nothing to do: every `write()` is committed when it returns."""

    # reads -------------------------------------------------------------------------------------
    def fingerprint(self, paper_id: str) -> tuple[str, str] | None:
        found = self._rows("SELECT sha256, extractor FROM papers WHERE paper_id = ?", (paper_id,))
        return (found[0][0], found[0][1]) if found else None

    def read(self, paper_id: str) -> PaperMethodology | None:
        found = self._rows("SELECT rows FROM papers WHERE paper_id = ?", (paper_id,))
        if not found:
            return None
        entry = json.loads(found[0][0])
        return paper_from_rows(entry["paper"], entry["assessed"], entry["facts"])

    def paper_ids(self) -> list[str]:
        return [pid for (pid,) in self._rows("SELECT paper_id FROM papers ORDER BY paper_id")]

    def summaries(self) -> list[PaperSummary]:
        return [PaperSummary(*row) for row in self._rows(
            "SELECT paper_id, title, sha256, extractor, assessed, facts FROM papers ORDER BY paper_id")]

    def entries(self) -> Iterator[PaperRows]:
        """Every paper's rows, in paper-id order."""
        return (json.loads(rows) for (rows,) in self._rows("SELECT rows FROM papers ORDER BY paper_id"))

    def counts(self) -> GraphCounts:
        return GraphCounts(self.graph.number_of_nodes(), self.graph.number_of_edges())

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The graph model as a networkx MultiDiGraph: node attr `label`, edge attr `type`, keys = ids."""
        if self._graph is None:
            self._graph = build_graph(self.entries())
        return self._graph

    def cypher(self, query: str, params: dict[str, Any], *, write: bool = False) -> CypherResult:
        from graph.embedded_cypher import run_embedded_cypher

        return run_embedded_cypher(self.graph, query, params, write=write, engine=self.description)

    def close(self) -> None:
        if self._db is not None:
            if self._lock_handle is not None and self._written:
                self._backup()
            self._db.close()
            self._db = None
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None
        if self._shared_lock is not None:
            self._shared_lock.close()
            self._shared_lock = None

    def _backup(self) -> None:
        """Copy the store to graph.sqlite.bak (temporary file, then rename: the old copy stays until then)."""
        assert self._db is not None
        backup = self.directory / BACKUP_FILE
        temporary = backup.with_name(BACKUP_FILE + ".tmp")
        temporary.unlink(missing_ok=True)
        try:
            target = sqlite3.connect(temporary)
            try:
                self._db.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")  # a self-contained copy, no -wal file beside it
            finally:
                target.close()
            os.replace(temporary, backup)
        except (sqlite3.Error, OSError) as error:  # the store itself is committed and fine
            temporary.unlink(missing_ok=True)
            log.warning("%s: could not refresh the backup copy (%s)", backup, error)


def _cannot_share_wal(error: sqlite3.DatabaseError) -> bool:
    """Whether a read-only open failed for want of -wal/-shm files it may not create (not a damaged file)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY)


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
            g.add_edge(pid, fid, key=ASSESSED_REL, type=ASSESSED_REL, **{k: a[k] for k in ASSESSED_PROPS})
        for f in entry["facts"]:
            vid = node_id(f["node_label"], f["value"])
            g.add_node(vid, label=f["node_label"], name=f["value"])
            g.add_edge(pid, vid, key=f["fact_id"], type=f["rel_type"], **{k: f[k] for k in FACT_PROPS})
    return g


def _try_lock(handle: IO, *, exclusive: bool) -> bool:
    """Take the store's lock without waiting (writers exclusive, read-only readers shared); closes the handle
    and answers False when another process holds it."""
    import fcntl

    try:
        fcntl.flock(handle, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return False
    return True
