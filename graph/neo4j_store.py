"""The Neo4j store: the same graph model as the embedded store, over Bolt with the official driver.

Writes: one managed transaction (`execute_write`) per batch of papers, so a paper is never half written
and a batch interrupted by a crash is rolled back whole; inside it each paper's old fact and ASSESSED
relationships are deleted, then all papers of the batch are written by one static statement from
graph/cypher.py (WRITE_PAPERS: MERGE the Paper, Facet and value nodes, CREATE the relationships), and
value nodes no paper points to any more are removed. A batch costs a handful of round trips whatever its
size (benchmarks/bench_neo4j.py). Ids come from content (Paper {paper_id}, value nodes {name} per label,
fact edges {fact_id}), so writing the same paper twice leaves the same graph. Reads rebuild PaperMethodology with graph/rows.py like the
embedded store, so both answer identically.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from graph import cypher
from graph.rows import ASSESSED_PROPS, FACT_PROPS, assessed_rows, fact_rows, paper_from_rows, paper_row
from graph.store import CypherResult, GraphCounts, GraphStore, PaperSummary
from schema.catalog import ASSESSED_REL, FACETS
from schema.errors import StoreError, StoreUnavailable
from schema.models import PaperMethodology
from schema.secrets import redact, remember, safe_uri

_FACET_BY_REL = {f.rel_type: f for f in FACETS}
ROWS_PER_STATEMENT = 1000  # UNWIND chunk size inside one transaction
PAPERS_PER_STATEMENT = 100  # papers per WRITE_PAPERS statement (each ~30 ASSESSED rows and its facts)
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jStore(GraphStore):
    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        remember(password)
        self.uri = safe_uri(uri)  # what messages show: never credentials written into the URI
        self.database = database or None
        self.description = f"Neo4j {self.uri}" + (f" (database {database})" if database else "")
        scheme = uri.split("://", 1)[0].casefold() if "://" in uri else ""
        if scheme not in BOLT_SCHEMES:
            raise StoreError(f"{self.uri}: not a Neo4j URI; expected one of {', '.join(s + '://' for s in BOLT_SCHEMES)} "
                             "(e.g. bolt://127.0.0.1:7687 or neo4j+s://xxxx.databases.neo4j.io)")
        self._schema_ready = False
        try:
            self._driver = GraphDatabase.driver(
                uri, auth=(user, password), user_agent="methodkg",
                connection_timeout=float(os.environ.get("METHODKG_NEO4J_TIMEOUT", "5")),
                connection_acquisition_timeout=float(os.environ.get("METHODKG_NEO4J_TIMEOUT", "5")) * 2,
                max_transaction_retry_time=float(os.environ.get("METHODKG_NEO4J_RETRY", "10")),
            )
        except (ValueError, neo4j_errors.ConfigurationError) as error:
            raise StoreError(f"{self.uri}: not a usable Neo4j URI ({redact(str(error))}); expected e.g. bolt://127.0.0.1:7687 "
                             "or neo4j+s://xxxx.databases.neo4j.io") from None
        self._user = user
        with self._errors(), self._driver.session(database=self.database) as session:
            session.run(cypher.PING).consume()  # auto-commit, no retries: a down server is reported at once

    @classmethod
    def from_env(cls, uri: str) -> Neo4jStore:
        """Credentials from NEO4J_USERNAME (default neo4j), NEO4J_PASSWORD, NEO4J_DATABASE (optional)."""
        return cls(uri, os.environ.get("NEO4J_USERNAME") or "neo4j", os.environ.get("NEO4J_PASSWORD") or "",
                   os.environ.get("NEO4J_DATABASE") or None)

    # errors and sessions ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver errors -> one clear methodkg error naming the server (never the password)."""
        try:
            yield
        except neo4j_errors.AuthError as error:
            raise StoreError(f"Neo4j at {self.uri} refused the credentials of user {self._user!r} "
                             f"(set NEO4J_USERNAME / NEO4J_PASSWORD): {_reason(error)}") from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as error:
            raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {_reason(error)}") from None
        except neo4j_errors.Neo4jError as error:
            raise StoreError(f"Neo4j at {self.uri}: {_reason(error)}") from None
        except neo4j_errors.DriverError as error:
            raise StoreUnavailable(f"Neo4j at {self.uri}: {_reason(error)}") from None

    def _read(self, work: Any, **params: Any) -> Any:
        with self._errors(), self._driver.session(database=self.database,
                                                  default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(work, **params)

    def _write(self, work: Any, **params: Any) -> Any:
        with self._errors(), self._driver.session(database=self.database,
                                                  default_access_mode=neo4j.WRITE_ACCESS) as session:
            return session.execute_write(work, **params)

    def ensure_schema(self) -> None:
        """Uniqueness constraints (idempotent, IF NOT EXISTS), created before the first write."""
        if self._schema_ready:
            return
        with self._errors(), self._driver.session(database=self.database) as session:
            for statement in cypher.CONSTRAINTS:
                session.run(statement).consume()
        self._schema_ready = True

    # writes ----------------------------------------------------------------------------------------
    def write(self, papers: Sequence[PaperMethodology]) -> None:
        if not papers:
            return
        self.ensure_schema()
        latest = {p.paper_id: p for p in papers}  # the last version of a paper given twice wins
        self._write(_write_batch, batch=batch_rows(list(latest.values())))

    # reads -----------------------------------------------------------------------------------------
    def fingerprint(self, paper_id: str) -> tuple[str, str] | None:
        def work(tx: neo4j.ManagedTransaction) -> Any:
            return tx.run(cypher.FINGERPRINT, paper_id=paper_id).single()

        record = self._read(work)
        return (record["sha256"], record["extractor"]) if record else None

    def read(self, paper_id: str) -> PaperMethodology | None:
        def work(tx: neo4j.ManagedTransaction) -> Any:
            paper = tx.run(cypher.READ_PAPER, paper_id=paper_id).single()
            if paper is None:
                return None
            return paper["props"], tx.run(cypher.READ_PAPER_RELATIONSHIPS, paper_id=paper_id).data()

        found = self._read(work)
        if found is None:
            return None
        props, relationships = found
        assessed, facts = [], []
        for rel in relationships:
            if rel["type"] == ASSESSED_REL:
                assessed.append({**rel["props"], "facet": rel["key"]})
            elif rel["type"] in _FACET_BY_REL:
                facts.append({**rel["props"], "facet": _FACET_BY_REL[rel["type"]].key, "value": rel["name"]})
        return paper_from_rows(props, assessed, facts)

    def paper_ids(self) -> list[str]:
        return sorted(r["paper_id"] for r in self._read(lambda tx: tx.run(cypher.PAPER_IDS).data()))

    def summaries(self) -> list[PaperSummary]:
        rows = self._read(lambda tx: tx.run(cypher.SUMMARIES).data())
        return [PaperSummary(r["paper_id"], r["title"], r["sha256"], r["extractor"], r["assessed"],
                             r["relationships"] - r["assessed"]) for r in sorted(rows, key=lambda r: r["paper_id"])]

    def counts(self) -> GraphCounts:
        def work(tx: neo4j.ManagedTransaction) -> GraphCounts:
            return GraphCounts(tx.run(cypher.COUNT_NODES).single()["n"], tx.run(cypher.COUNT_RELATIONSHIPS).single()["n"])

        return self._read(work)

    def cypher(self, query: str, params: dict[str, Any], *, write: bool = False) -> CypherResult:
        """Run a user's query: in a read transaction unless `write`; obvious writes refused client-side too
        (ArcadeDB does not enforce read access mode)."""
        from graph.cypher_guard import refuse_writes

        if not write:
            refuse_writes(query)

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
            result = tx.run(query, params)
            return list(result.keys()), [[to_json(v) for v in record.values()] for record in result]

        columns, rows = (self._write if write else self._read)(work)
        return CypherResult(columns, rows, engine=self.description)

    # maintenance -----------------------------------------------------------------------------------
    def clear(self) -> None:
        """Delete every node and relationship of the database (tests and benchmarks only)."""
        self._write(lambda tx: tx.run(cypher.CLEAR_DATABASE).consume())

    def constraints(self) -> list[dict[str, Any]]:
        with self._errors(), self._driver.session(database=self.database) as session:
            return session.run(cypher.SHOW_CONSTRAINTS).data()

    def close(self) -> None:
        self._driver.close()


def batch_rows(papers: Sequence[PaperMethodology]) -> dict[str, Any]:
    """Parameters of one batch: one nested row per paper (its properties, ASSESSED rows, facts by facet key),
    the Facet nodes it uses, and the value names it (re)attaches per node label."""
    facets: dict[str, dict[str, Any]] = {}
    rows, attached = [], {}
    for paper in papers:
        assessed = []
        for row in assessed_rows(paper):
            facets[row["facet"]] = {"key": row["facet"], "question": row["question"]}
            assessed.append({"facet": row["facet"], "props": {k: row[k] for k in ASSESSED_PROPS}})
        by_id: dict[str, dict[str, Any]] = {}
        for row in fact_rows(paper):  # one edge per fact_id, the last one wins (as in the embedded store)
            by_id[row["fact_id"]] = row
        facts: dict[str, list[dict[str, Any]]] = {}
        for row in by_id.values():
            facts.setdefault(row["facet"], []).append({"value": row["value"], "props": {k: row[k] for k in FACT_PROPS}})
            attached.setdefault(row["node_label"], set()).add(row["value"])
        rows.append({"paper_id": paper.paper_id, "props": paper_row(paper), "assessed": assessed, "facts": facts})
    return {"paper_ids": [p.paper_id for p in papers], "papers": rows, "facets": list(facets.values()),
            "attached": attached}


def _chunks(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _write_batch(tx: neo4j.ManagedTransaction, batch: dict[str, Any]) -> None:
    """One transaction: delete the papers' relationships, write them anew, then drop the value nodes this
    left without any relationship. Only values that were detached and not re-attached in this batch are
    candidates, so re-writing unchanged papers runs no orphan statement at all."""
    detached: dict[str, set[str]] = {}
    for ids in _chunks(batch["paper_ids"], ROWS_PER_STATEMENT):
        for record in tx.run(cypher.DELETE_PAPER_RELATIONSHIPS, paper_ids=ids):
            for label in record["labels"]:
                if label in cypher.DELETE_ORPHANS and record["name"] is not None:
                    detached.setdefault(label, set()).add(record["name"])
    for rows in _chunks(batch["facets"], ROWS_PER_STATEMENT):
        tx.run(cypher.MERGE_FACETS, rows=rows).consume()
    for rows in _chunks(batch["papers"], PAPERS_PER_STATEMENT):
        tx.run(cypher.WRITE_PAPERS, papers=rows, facet_keys=[f["key"] for f in batch["facets"]]).consume()
    for label, names in sorted(detached.items()):
        candidates = sorted(names - batch["attached"].get(label, set()))
        for chunk in _chunks(candidates, ROWS_PER_STATEMENT):
            tx.run(cypher.DELETE_ORPHANS[label], names=chunk).consume()


def _reason(error: Exception) -> str:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return redact(" ".join(str(message).split()))[:300]


def to_json(value: Any) -> Any:
    """Driver values -> JSON: nodes and relationships as {labels|type, properties}, temporals as text."""
    from neo4j import graph as neo4j_graph

    if isinstance(value, neo4j_graph.Node):
        return {"labels": sorted(value.labels), "properties": {k: to_json(v) for k, v in value.items()}}
    if isinstance(value, neo4j_graph.Relationship):
        return {"type": value.type, "properties": {k: to_json(v) for k, v in value.items()}}
    if isinstance(value, neo4j_graph.Path):
        return {"nodes": [to_json(n) for n in value.nodes], "relationships": [to_json(r) for r in value.relationships]}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
