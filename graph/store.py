"""The store contract: write whole papers, read them back. Two back-ends, registered in `open_store`.

A back-end stores `graph.rows` and rebuilds `PaperMethodology` from them; answers, reports and eval
only ever see PaperMethodology, so both back-ends answer identically.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schema.models import PaperMethodology

DEFAULT_STORE_DIR = Path(".methodkg")


@dataclass(frozen=True)
class PaperSummary:
    paper_id: str
    title: str | None
    sha256: str
    extractor: str
    facets_assessed: int
    facts: int


@dataclass(frozen=True)
class GraphCounts:
    nodes: int
    relationships: int


@dataclass(frozen=True)
class CypherResult:
    """What a user's Cypher query returned, as JSON-ready values."""

    columns: list[str]
    rows: list[list[Any]]
    engine: str


class GraphStore(ABC):
    """A methodology graph. Writes are per batch of papers: a paper is never half written."""

    description: str

    @abstractmethod
    def write(self, papers: Sequence[PaperMethodology]) -> None:
        """Replace each paper's facts and assessments with these (idempotent: same input, same graph)."""

    @abstractmethod
    def fingerprint(self, paper_id: str) -> tuple[str, str] | None:
        """(sha256, extractor) of a stored paper, to skip work that is already done."""

    @abstractmethod
    def read(self, paper_id: str) -> PaperMethodology | None: ...

    @abstractmethod
    def paper_ids(self) -> list[str]:
        """Every stored paper id, sorted."""

    @abstractmethod
    def summaries(self) -> list[PaperSummary]: ...

    @abstractmethod
    def counts(self) -> GraphCounts: ...

    def read_all(self) -> Iterator[PaperMethodology]:
        for paper_id in self.paper_ids():
            paper = self.read(paper_id)
            if paper is not None:
                yield paper

    def cypher(self, query: str, params: dict[str, Any], *, write: bool = False) -> CypherResult:
        """Run a user's Cypher query (read-only unless `write`); stores that cannot, refuse."""
        from schema.errors import QueryRefused

        raise QueryRefused(f"{self.description} does not run Cypher")

    def close(self) -> None:
        """Flush and release resources."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(store_dir: str | Path | None = None, neo4j_uri: str | None = None, *, write: bool = False) -> GraphStore:
    """The Neo4j store when a URI is given (flag or NEO4J_URI), else the embedded store in a folder."""
    uri = neo4j_uri or (None if store_dir else os.environ.get("NEO4J_URI"))
    if uri:
        from graph.neo4j_store import Neo4jStore  # the driver is imported only when used

        return Neo4jStore.from_env(uri)
    from graph.embedded import EmbeddedStore

    directory = Path(store_dir or os.environ.get("METHODKG_STORE") or DEFAULT_STORE_DIR)
    return EmbeddedStore(directory, write=write)
