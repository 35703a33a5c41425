"""Graph exploration commands: cypher (read-only unless --write) and push (embedded store -> Neo4j)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from commands.common import (
    JsonOption,
    Neo4jOption,
    StoreOption,
    console,
    fail,
    open_graph,
    print_json,
    progress_bar,
    reports_errors,
    settings,
)


def register(app: typer.Typer) -> None:
    app.command(epilog="Examples:\n\n  methodkg cypher \"MATCH (p:Paper)-[:USES_OPTIMIZER]->(o) RETURN p.paper_id, o.name\"\n\n"
                "  methodkg --neo4j bolt://127.0.0.1:7687 cypher \"MATCH (m:Model {name: $name})<-[:USES_MODEL]-(p) "
                "RETURN p.paper_id\" --param name=ResNet-50 --json\n\n"
                "  Recipes: docs/cypher-cookbook.md")(cypher)
    app.command(epilog="Example:\n\n  methodkg push --store .methodkg --neo4j bolt://127.0.0.1:7687")(push)


def parse_param(text: str) -> tuple[str, Any]:
    """`k=v` with JSON-ish typing: numbers, true/false/null, JSON lists/objects/"strings"; else the raw text."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip().isidentifier():
        raise typer.BadParameter(f"{text!r}: expected NAME=VALUE, e.g. --param name=ResNet-50 or --param limit=5")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    if isinstance(value, float) and value != value:  # json accepts NaN: keep it a string
        value = raw
    return key.strip(), value


@reports_errors
def cypher(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="A Cypher query; values as $parameters (see --param).")],
    param: Annotated[list[str] | None, typer.Option("--param", "-P", help="NAME=VALUE query parameter (repeatable); "
                                                    "numbers, true/false and JSON are typed, the rest is text.")] = None,
    write: Annotated[bool, typer.Option("--write", help="Allow the query to change the graph (Neo4j only).")] = False,
    json_out: JsonOption = False,
    store: StoreOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Run a Cypher query on the graph: read-only unless --write. On the embedded store, a read-only subset
    (grand-cypher); what it cannot run is refused, not answered wrongly."""
    params = dict(parse_param(p) for p in param or [])
    with open_graph(ctx, store, neo4j) as graph:
        result = graph.cypher(query, params, write=write)
    if json_out:
        print_json([dict(zip(result.columns, row, strict=True)) for row in result.rows])
        return
    count = f"{len(result.rows)} row{'' if len(result.rows) == 1 else 's'}"
    if result.columns:
        table = Table(*[escape(c) for c in result.columns])
        for row in result.rows:
            table.add_row(*[escape(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for v in row])
        console.print(table)
    console.print(f"[dim]{escape(count)} · {escape(result.engine)}[/]")
    if not result.rows and any(isinstance(v, int | float) for v in params.values()):
        console.print("[dim]note: numeric --param values are numbers; quote them for text ids: --param 'id=\"99\"'[/]")


@reports_errors
def push(
    ctx: typer.Context,
    store: StoreOption = None,
    neo4j: Neo4jOption = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Papers per write transaction.")] = 25,
    json_out: JsonOption = False,
) -> None:
    """Copy an embedded store into Neo4j (idempotent): extract offline, explore in Neo4j later."""
    import os

    from graph.embedded import GRAPH_FILE, EmbeddedStore, has_store
    from graph.store import DEFAULT_STORE_DIR, open_store

    s = settings(ctx)
    uri = neo4j or s.neo4j or os.environ.get("NEO4J_URI")
    if not uri:
        raise fail("push needs a Neo4j URI: --neo4j bolt://HOST:7687 (or NEO4J_URI)", 2)
    directory = Path(store or s.store or os.environ.get("METHODKG_STORE") or DEFAULT_STORE_DIR)
    if not has_store(directory):
        raise fail(f"{directory}: no embedded store here ({GRAPH_FILE} missing); give --store DIR")
    source = EmbeddedStore(directory)
    papers = facts = 0
    progress = progress_bar("push", disable=json_out)
    with open_store(None, uri, write=True) as target, progress:
        ids = source.paper_ids()
        task = progress.add_task("", total=len(ids))
        for start in range(0, len(ids), batch_size):
            batch = [p for p in (source.read(i) for i in ids[start:start + batch_size]) if p is not None]
            target.write(batch)
            papers += len(batch)
            facts += sum(len(r.facts) for p in batch for r in p.facets.values())
            progress.update(task, advance=len(batch))
        counts = target.counts()
        description = target.description
    summary = {"from": str(directory), "to": description, "papers": papers, "facts": facts,
               "nodes": counts.nodes, "relationships": counts.relationships}
    if json_out:
        print_json(summary)
    else:
        console.print(f"pushed [green]{papers}[/] papers ({facts} facts) from {escape(str(directory))} to "
                      f"{escape(description)}: {counts.nodes} nodes, {counts.relationships} relationships")
