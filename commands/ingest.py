"""Commands that write the graph: ingest and demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from commands.common import (
    JsonOption,
    Neo4jOption,
    StoreOption,
    console,
    err_console,
    open_graph,
    print_json,
    reports_errors,
)

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples" / "papers"


def register(app: typer.Typer) -> None:
    app.command(epilog="Examples:\n\n  methodkg ingest papers/\n\n  methodkg ingest ../shared/seed/context.txt --paper-id seed\n\n"
                "  methodkg --neo4j bolt://127.0.0.1:7687 ingest papers.jsonl")(ingest)
    app.command(epilog="Example:\n\n  methodkg demo && methodkg ask \"Which optimizer did they use?\"")(demo)


def run_ingest(ctx: typer.Context, paths: list[Path], *, store: Path | None, neo4j: str | None, extractor_name: str,
               extractor_options: dict, paper_id: str | None, force: bool, batch_size: int, max_bytes: int,
               max_facts: int, json_out: bool, quiet: bool = False, max_chars: int = 2_000_000):  # noqa: ANN202
    """Ingest with a progress bar, one error line per bad input, and a summary; returns the summary."""
    from extractor.base import get_extractor
    from extractor.pipeline import IngestEvent, count_papers, ingest

    extractor = get_extractor(extractor_name, **extractor_options)
    total = count_papers(paths)
    progress = Progress(TextColumn("[bold]ingest[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                        TimeElapsedColumn(), TimeRemainingColumn(), console=err_console, transient=True,
                        disable=quiet or json_out)
    try:
        with open_graph(ctx, store, neo4j, write=True) as graph, progress:
            task = progress.add_task("", total=total)

            def on_event(event: IngestEvent) -> None:
                progress.update(task, advance=1, description=escape(event.paper_id or Path(event.source).name)[:40])
                if event.kind == "failed":
                    progress.console.print(f"[bold red]error:[/] {escape(event.source)}: {escape(event.reason or '')}",
                                           highlight=False, soft_wrap=True)

            summary = ingest(paths, graph, extractor, paper_id=paper_id, force=force, batch_size=batch_size,
                             max_bytes=max_bytes, max_facts=max_facts, max_chars=max_chars,
                             on_event=on_event)
            description = graph.description
    finally:
        extractor.close()
    if json_out:
        print_json({"store": description, "stored": summary.stored, "unchanged": summary.unchanged,
                    "failed": summary.failed, "facts": summary.facts, "rejected_facts": summary.rejected_facts,
                    "usage": summary.usage.model_dump(), "failures": summary.failures})
    elif not quiet:
        table = Table(show_header=False, box=None)
        table.add_row("stored", f"[green]{summary.stored}[/]")
        table.add_row("unchanged (skipped)", str(summary.unchanged))
        table.add_row("failed", f"[red]{summary.failed}[/]" if summary.failed else "0")
        table.add_row("facts written", str(summary.facts))
        if summary.rejected_facts:
            table.add_row("facts rejected (ungrounded)", f"[yellow]{summary.rejected_facts}[/]")
        if summary.usage.calls or summary.usage.cached_calls:
            table.add_row("LLM calls (cached)", f"{summary.usage.calls} ({summary.usage.cached_calls})")
            table.add_row("tokens in / out", f"{summary.usage.prompt_tokens} / {summary.usage.completion_tokens}")
        table.add_row("store", escape(description))
        console.print(table)
    return summary


@reports_errors
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .pdf .txt .md .xml (GROBID TEI) .jsonl[.gz].",
                                                readable=False)],  # unreadable files get their own error line
    paper_id: Annotated[str | None, typer.Option("--paper-id", help="Paper id for a single file (default: file stem).")] = None,
    extractor: Annotated[str, typer.Option("--extractor", "-e", help="rules (offline), llm or hybrid.")] = "rules",
    force: Annotated[bool, typer.Option("--force", help="Re-extract papers whose text and extractor are unchanged.")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Papers per write transaction.")] = 25,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse input files larger than this.")] = 50 * 1024 * 1024,
    max_facts: Annotated[int, typer.Option("--max-facts", min=1, help="Keep at most this many facts per paper.")] = 2000,
    max_chars: Annotated[int, typer.Option("--max-chars", min=1, help="Refuse papers whose text is longer.")] = 2_000_000,
    json_out: JsonOption = False,
    store: StoreOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Extract methodology facts from papers into the graph. Re-running skips what is already stored."""
    if paper_id and (len(paths) != 1 or paths[0].is_dir()):
        raise typer.BadParameter("--paper-id names one file's paper; give exactly one file")
    summary = run_ingest(ctx, paths, store=store, neo4j=neo4j, extractor_name=extractor, extractor_options={},
                         paper_id=paper_id, force=force, batch_size=batch_size, max_bytes=max_bytes,
                         max_facts=max_facts, json_out=json_out, max_chars=max_chars)
    if summary.failed:
        raise typer.Exit(1)


DEMO_QUESTIONS = (
    "Which pre-trained weights were used?",
    "Which optimizer did they use?",
    "What preprocessing steps are involved before training a deep learning model (e.g., normalization, scaling, cleaning)?",
    "What learning rate?",
    "Is the code available?",
    "What are the data augmentation techniques applied in the deep learning pipeline (e.g., Flipping, Rotating, Scaling)?",
)


@reports_errors
def demo(ctx: typer.Context, store: StoreOption = None, json_out: JsonOption = False) -> None:
    """The main job on the bundled example papers, offline: ingest them, then ask a few questions."""
    from answer.lookup import answer_question
    from answer.router import route

    run_ingest(ctx, [EXAMPLES_DIR], store=store, neo4j=None, extractor_name="rules", extractor_options={},
               paper_id=None, force=False, batch_size=25, max_bytes=50 * 1024 * 1024, max_facts=2000,
               json_out=False, quiet=json_out)
    answers = []
    with open_graph(ctx, store, None) as graph:
        for paper in graph.read_all():
            if paper.source and not str(paper.source).startswith(str(EXAMPLES_DIR)):
                continue
            for question in DEMO_QUESTIONS:
                answers.append(answer_question(paper, route(question), question))
    if json_out:
        print_json([a.model_dump(mode="json") for a in answers])
        return
    from commands.query import STATUS_STYLE

    table = Table("paper", "question", "status", "answer", title="methodkg demo: answers from the graph", show_lines=True)
    for a in answers:
        table.add_row(escape(a.paper), escape(a.question[:60]), f"[{STATUS_STYLE[a.status.value]}]{a.status.value}[/]",
                      escape(a.answer))
    console.print(table)
    console.print("Next: [bold]methodkg ask \"Which optimizer did they use?\"[/] · [bold]methodkg facts camera_trap_yolo[/]")
