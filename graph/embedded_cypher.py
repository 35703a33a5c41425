"""Read-only Cypher on the embedded store, with grand-cypher (Apache-2.0, pure Python, on networkx).

grand-cypher runs a subset of Cypher (MATCH ... WHERE ... RETURN, aggregates, ORDER BY, LIMIT; no
OPTIONAL MATCH, WITH, UNWIND, parameters or single-quoted strings). It reads node labels and edge
types from a `__labels__` set, so queries run on a view of the stored graph that adds it (the stored
model, `label` / `type` attributes, is not changed). What it cannot parse or run is refused with a
clear message rather than answered wrongly; writes are always refused here (ingest writes).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.cypher_guard import parameter_names, write_clauses
from graph.store import CypherResult
from schema.catalog import REL_TYPES
from schema.errors import QueryRefused

LABELS = "__labels__"
_HINT = "run it on Neo4j with --neo4j URI (see docs/cypher-cookbook.md for what the embedded engine supports)"


def cypher_view(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The stored graph as grand-cypher expects it: labels and types in `__labels__` sets."""
    view = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        view.add_node(node, **{k: v for k, v in attrs.items() if k != "label"}, **{LABELS: {attrs["label"]}})
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        view.add_edge(source, target, key=key, **{k: v for k, v in attrs.items() if k != "type"},
                      **{LABELS: {attrs["type"]}})
    return view


def run_embedded_cypher(graph: nx.MultiDiGraph, query: str, params: dict[str, Any], *, write: bool,
                        engine: str) -> CypherResult:
    found = write_clauses(query)
    if found or write:
        what = f"this query writes ({', '.join(dict.fromkeys(found))}); " if found else ""
        raise QueryRefused(f"{what}the embedded store is written only by `methodkg ingest`; Cypher writes need "
                           "--neo4j URI --write")
    if params or parameter_names(query):
        raise QueryRefused("the embedded Cypher engine (grand-cypher) has no $parameters; " + _HINT)
    try:
        from grandcypher import GrandCypher
    except ImportError:  # pragma: no cover - a declared dependency
        raise QueryRefused("the embedded Cypher engine needs grand-cypher: pip install grand-cypher") from None
    try:
        raw = GrandCypher(cypher_view(graph)).run(query)
    except Exception as error:  # grand-cypher raises lark, Key and Value errors for what it does not support
        first = next((line.strip() for line in str(error).splitlines() if line.strip()), type(error).__name__)
        raise QueryRefused(f"the embedded Cypher engine (grand-cypher) cannot run this query "
                           f"({type(error).__name__}: {first[:160]}); {_HINT}") from None
    columns = [str(c) for c in raw]
    values = [list(raw[c]) for c in raw]
    length = max((len(v) for v in values), default=0)
    rows = [[_to_json(v[i]) if i < len(v) else None for v in values] for i in range(length)]
    return CypherResult(columns, rows, engine=f"{engine} (grand-cypher)")


def _to_json(value: Any) -> Any:
    """Nodes and edges as the Neo4j store renders them: {labels|type, properties}."""
    if isinstance(value, dict) and LABELS in value:
        props = {k: _to_json(v) for k, v in value.items() if k != LABELS and v is not None}  # as Neo4j: no nulls
        labels = sorted(value[LABELS])
        if len(labels) == 1 and labels[0] in REL_TYPES:
            return {"type": labels[0], "properties": props}
        return {"labels": labels, "properties": props}
    if isinstance(value, dict):
        if value and all(isinstance(v, dict) and LABELS in v for v in value.values()):  # multigraph: {key: edge}
            return [_to_json(v) for v in value.values()]
        return {str(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_to_json(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
