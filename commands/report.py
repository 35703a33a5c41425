"""Report and export commands: a methodology card per paper, a reproducibility matrix per corpus, and
the graph for Gephi / yEd (GraphML) or `neo4j-admin database import` (CSV)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from commands.common import (
    JsonOption,
    Neo4jOption,
    StoreOption,
    console,
    err_console,
    fail,
    open_graph,
    print_json,
    progress_bar,
    reports_errors,
)


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    csv = "csv"
    json = "json"


class ExportFormat(StrEnum):
    graphml = "graphml"
    neo4j_csv = "neo4j-csv"


def register(app: typer.Typer) -> None:
    app.command(epilog="Examples:\n\n  methodkg report --format html --out report.html\n\n"
                "  methodkg report --paper seed\n\n  methodkg report --format csv --out matrix.csv")(report)
    app.command(epilog="Examples:\n\n  methodkg export --format graphml --out methodkg.graphml\n\n"
                "  methodkg export --format neo4j-csv --out import/")(export)


def load_papers(ctx: typer.Context, paper_ids: list[str] | None, store: Path | None, neo4j: str | None):  # noqa: ANN201
    """Read the selected papers (all if none given) through the store contract, with progress."""
    with open_graph(ctx, store, neo4j) as graph:
        description = graph.description
        ids = list(dict.fromkeys(paper_ids)) if paper_ids else graph.paper_ids()
        if not ids:
            raise fail("the store has no papers yet; run `methodkg ingest PATH` (or `methodkg demo`) first")
        papers = []
        progress = progress_bar("reading", disable=len(ids) < 50)
        with progress:
            for paper_id in progress.track(ids):
                paper = graph.read(paper_id)
                if paper is None:
                    raise fail(f"unknown paper {paper_id!r}; `methodkg papers` lists the stored ones")
                papers.append(paper)
    return papers, description


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")


@reports_errors
def report(
    ctx: typer.Context,
    paper: Annotated[list[str] | None, typer.Option("--paper", "-p", help="Paper id (repeatable); all papers if omitted.")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="md (readable), html (one offline file), "
                                              "csv (one row per paper and facet), json (everything).")] = ReportFormat.md,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many most-used values per facet.")] = 10,
    store: StoreOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """A methodology card per paper (every facet, its status, values and quotes) and, for several papers, the
    corpus at a glance: papers x facets matrix, share stating each facet, most used values, checklist completeness."""
    from report import build_report, render

    papers, description = load_papers(ctx, paper, store, neo4j)
    text = render(build_report(papers, top_n=top, store=description), fmt.value)
    _write(text, out)
    if out is not None:
        err_console.print(f"wrote {escape(str(out))} ({fmt.value}, {len(papers)} paper{'s' if len(papers) != 1 else ''})",
                          highlight=False)


@reports_errors
def export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="graphml (Gephi, yEd) or neo4j-csv "
                                              "(files for `neo4j-admin database import`).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="GraphML file, or folder for the CSV files.")],
    paper: Annotated[list[str] | None, typer.Option("--paper", "-p", help="Paper id (repeatable); all papers if omitted.")] = None,
    json_out: JsonOption = False,
    store: StoreOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Export the graph (papers, facets, values; fact and ASSESSED edges) for other tools."""
    from report.export import write_graphml, write_neo4j_csv

    papers, _ = load_papers(ctx, paper, store, neo4j)
    if fmt is ExportFormat.graphml:
        if out.is_dir():
            raise fail(f"{out}: is a folder; give a file name such as {out / 'methodkg.graphml'}", 2)
        nodes, edges = write_graphml(papers, out)
        summary = {"format": fmt.value, "out": str(out), "papers": len(papers), "nodes": nodes, "relationships": edges}
    else:
        if out.exists() and not out.is_dir():
            raise fail(f"{out}: exists and is not a folder; neo4j-csv writes several files into a folder", 2)
        files = write_neo4j_csv(papers, out)
        summary = {"format": fmt.value, "out": str(out), "papers": len(papers), "files": files,
                   "nodes": sum(n for f, n in files.items() if f.startswith("nodes_")),
                   "relationships": sum(n for f, n in files.items() if f.startswith("relationships_"))}
    if json_out:
        print_json(summary)
    else:
        console.print(f"wrote {escape(str(out))}: {summary['nodes']} nodes, {summary['relationships']} relationships "
                      f"from {len(papers)} papers" + (f"; import command in {escape(str(out / 'IMPORT.txt'))}"
                                                      if fmt is ExportFormat.neo4j_csv else ""), highlight=False)
