"""Commands that write the graph: ingest and demo."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from commands.common import (
    JsonOption,
    Neo4jOption,
    StoreOption,
    console,
    err_console,
    open_graph,
    print_json,
    progress_bar,
    reports_errors,
    settings,
)
from extractor.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MAX_FACTS
from graph.store import DEFAULT_STORE_DIR
from schema.models import Usage
from schema.secrets import redact

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples" / "papers"
LLM = "LLM extractor (--extractor llm or hybrid)"


def register(app: typer.Typer) -> None:
    app.command(epilog="Examples:\n\n  methodkg ingest papers/\n\n  methodkg ingest ../shared/seed/context.txt --paper-id seed\n\n"
                "  methodkg --neo4j bolt://127.0.0.1:7687 ingest papers.jsonl\n\n"
                "  methodkg ingest papers/ --extractor llm --model gpt-4o-mini\n\n"
                "  methodkg ingest papers/ -e llm --model llama3.1 --base-url http://localhost:11434/v1 --dry-run")(ingest)
    app.command(epilog="Example:\n\n  methodkg demo && methodkg ask \"Which optimizer did they use?\"")(demo)


def run_ingest(ctx: typer.Context, paths: list[Path], *, store: Path | None, neo4j: str | None, extractor_name: str,
               extractor_options: dict, paper_id: str | None, force: bool, batch_size: int, max_bytes: int,
               max_facts: int, json_out: bool, quiet: bool = False, max_chars: int = DEFAULT_MAX_CHARS):  # noqa: ANN202
    """Ingest with a progress bar, one error line per bad input, and a summary; returns the summary."""
    from extractor.base import get_extractor
    from extractor.pipeline import IngestEvent, ingest

    extractor = get_extractor(extractor_name, **extractor_options)
    progress = progress_bar("ingest", disable=quiet or json_out)
    try:
        with open_graph(ctx, store, neo4j, write=True) as graph, progress:
            task = progress.add_task("", total=None)  # known once every JSONL file is read (each is read once)
            spent: list[Usage] = []

            def on_event(event: IngestEvent) -> None:
                progress.update(task, advance=1, description=escape(event.paper_id or Path(event.source).name)[:40])
                if event.kind == "failed":
                    reason = redact(event.reason or "")  # a server may echo a key back in its error
                    progress.console.print(f"[bold red]error:[/] {escape(event.source)}: {escape(reason)}",
                                           highlight=False, soft_wrap=True)
                elif event.paper is not None:
                    errors = {r.error for r in event.paper.facets.values() if r.error}
                    if errors:
                        progress.console.print(f"[bold red]error:[/] {escape(event.source)}: extraction failed, facets "
                                               f"marked failed: {escape(sorted(errors)[0])}", highlight=False,
                                               soft_wrap=True)
                if event.paper is not None and event.paper.usage.calls + event.paper.usage.cached_calls:
                    spent.append(event.paper.usage)
                    calls = sum(u.calls for u in spent)
                    tokens = sum(u.prompt_tokens + u.completion_tokens for u in spent)
                    progress.update(task, description=f"{escape(event.paper_id or '')[:30]} · {calls} calls, "
                                                      f"{tokens} tokens")

            summary = ingest(paths, graph, extractor, paper_id=paper_id, force=force, batch_size=batch_size,
                             max_bytes=max_bytes, max_facts=max_facts, max_chars=max_chars,
                             on_event=on_event, on_total=lambda total: progress.update(task, total=total))
            description = graph.description
    finally:
        extractor.close()
    if json_out:
        print_json({"store": description, "stored": summary.stored, "unchanged": summary.unchanged,
                    "failed": summary.failed, "facts": summary.facts, "rejected_facts": summary.rejected_facts,
                    "usage": summary.usage.model_dump(), "failures": [redact(f) for f in summary.failures],
                    "incomplete": summary.incomplete})
    elif not quiet:
        table = Table(show_header=False, box=None)
        table.add_row("stored", f"[green]{summary.stored}[/]")
        table.add_row("unchanged (skipped)", str(summary.unchanged))
        table.add_row("failed", f"[red]{summary.failed}[/]" if summary.failed else "0")
        if summary.incomplete:
            table.add_row("stored with failed facets", f"[red]{len(summary.incomplete)}[/] (run again to retry them)")
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
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse input files larger than this.")] = DEFAULT_MAX_BYTES,
    max_facts: Annotated[int, typer.Option("--max-facts", min=1, help="Keep at most this many facts per paper.")] = DEFAULT_MAX_FACTS,
    max_chars: Annotated[int, typer.Option("--max-chars", min=1, help="Refuse papers whose text is longer.")] = DEFAULT_MAX_CHARS,
    model: Annotated[str | None, typer.Option("--model", envvar="METHODKG_MODEL", show_default=False, rich_help_panel=LLM,
                                              help="LLM model name, e.g. gpt-4o-mini or llama3.1.")] = None,
    base_url: Annotated[str | None, typer.Option("--base-url", envvar="OPENAI_BASE_URL", show_default=False,
                                                 rich_help_panel=LLM, help="OpenAI-compatible endpoint, e.g. "
                                                 "http://localhost:11434/v1 (Ollama). Default: api.openai.com.")] = None,
    api_key: Annotated[str | None, typer.Option("--api-key", envvar="OPENAI_API_KEY", show_default=False,
                                                rich_help_panel=LLM, help="API key (never printed; local servers "
                                                "accept any).")] = None,
    mode: Annotated[str, typer.Option("--mode", rich_help_panel=LLM, help="Structured-output mode: tools, json, "
                                      "json_schema, md_json or auto (tools on api.openai.com, json_schema "
                                      "elsewhere).")] = "auto",
    max_retries: Annotated[int, typer.Option("--max-retries", min=0, rich_help_panel=LLM, help="Re-asks after "
                                             "invalid or ungrounded output, and retries after 429/5xx/timeouts.")] = 2,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, rich_help_panel=LLM,
                                             help="LLM requests in flight at once.")] = 4,
    timeout: Annotated[float, typer.Option("--timeout", min=1, rich_help_panel=LLM,
                                           help="Seconds per LLM request.")] = 120.0,
    context_tokens: Annotated[int, typer.Option("--context-tokens", min=1024, rich_help_panel=LLM,
                                                help="The model's context window; papers are cut into chunks "
                                                "that fit it, at section boundaries.")] = 8192,
    no_cache: Annotated[bool, typer.Option("--no-cache", rich_help_panel=LLM,
                                           help="Do not read or write the LLM response cache.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", rich_help_panel=LLM, help="Print the prompt, the schema "
                                          "sent and a token estimate per paper; no LLM call, nothing stored.")] = False,
    json_out: JsonOption = False,
    store: StoreOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Extract methodology facts from papers into the graph. Re-running skips what is already stored."""
    if paper_id and (len(paths) != 1 or paths[0].is_dir()):
        raise typer.BadParameter("--paper-id names one file's paper; give exactly one file")
    options: dict = {}
    if extractor in ("llm", "hybrid"):
        options = {"model": model, "base_url": base_url, "api_key": api_key, "mode": mode, "max_retries": max_retries,
                   "concurrency": concurrency, "timeout": timeout, "context_tokens": context_tokens,
                   "use_cache": not no_cache}
    elif dry_run:
        raise typer.BadParameter("--dry-run shows LLM requests; use it with --extractor llm or hybrid")
    if dry_run:
        if not options["model"]:
            options["model"] = "<model>"
        options["api_key"] = options["api_key"] or "dry-run"
        run_dry(paths, options, paper_id=paper_id, max_bytes=max_bytes, json_out=json_out)
        return
    summary = run_ingest(ctx, paths, store=store, neo4j=neo4j, extractor_name=extractor, extractor_options=options,
                         paper_id=paper_id, force=force, batch_size=batch_size, max_bytes=max_bytes,
                         max_facts=max_facts, json_out=json_out, max_chars=max_chars)
    if summary.failed or summary.incomplete:
        raise typer.Exit(1)


def run_dry(paths: list[Path], options: dict, *, paper_id: str | None, max_bytes: int, json_out: bool) -> None:
    """--dry-run: what the LLM extractor would send for each paper, with token estimates; no call."""
    import json

    from extractor.llm import LLMExtractor
    from extractor.llm_prompt import fixed_prompt_tokens
    from extractor.load import LoadFailure, discover, load_path
    from extractor.normalize import normalize_document

    extractor = LLMExtractor(**{**options, "use_cache": False})
    previews = []
    try:
        for item in discover(list(paths)):
            if isinstance(item, LoadFailure):
                err_console.print(f"[bold red]error:[/] {escape(item.source)}: {escape(item.reason)}", highlight=False)
                continue
            for loaded in load_path(item, paper_id=paper_id, max_bytes=max_bytes):
                if isinstance(loaded, LoadFailure):
                    err_console.print(f"[bold red]error:[/] {escape(loaded.source)}: {escape(loaded.reason)}",
                                      highlight=False)
                    continue
                previews.extend(extractor.preview(normalize_document(loaded)))
    finally:
        extractor.close()
    total = sum(p["estimated_input_tokens"] for p in previews)
    if json_out:
        print_json({"model": extractor.model, "base_url": extractor.base_url, "mode": extractor.mode,
                    "fixed_prompt_tokens": fixed_prompt_tokens(), "calls": len(previews),
                    "estimated_input_tokens": total, "requests": previews})
        return
    if previews:
        first = previews[0]["request"]
        console.rule(f"request sent per chunk (mode {extractor.mode}, model {escape(extractor.model)})")
        console.print(escape(json.dumps(first, indent=2, ensure_ascii=False)), highlight=False, soft_wrap=True)
    table = Table("paper", "chunk", "chars", "~input tokens", "max output", title="LLM dry run: no call made")
    for p in previews:
        table.add_row(escape(p["paper"]), f"{p['chunk']}/{p['of']}", str(p["chunk_chars"]),
                      str(p["estimated_input_tokens"]), str(p["max_output_tokens"]))
    console.print(table)
    console.print(f"{len(previews)} calls, ~{total} input tokens (~{fixed_prompt_tokens()} fixed prompt and schema "
                  f"per call; tokens estimated as characters / 4)")


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

    # Offline means the embedded store: a NEO4J_URI in the shell does not redirect the demo (--neo4j still does).
    store = store or settings(ctx).store or Path(os.environ.get("METHODKG_STORE") or DEFAULT_STORE_DIR)
    run_ingest(ctx, [EXAMPLES_DIR], store=store, neo4j=None, extractor_name="rules", extractor_options={},
               paper_id=None, force=False, batch_size=25, max_bytes=DEFAULT_MAX_BYTES, max_facts=DEFAULT_MAX_FACTS,
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

    console.print("[bold]Questions asked of each paper[/] (answers come from the graph, with quotes: "
                  "`methodkg ask ... --paper ID`):")
    for number, question in enumerate(DEMO_QUESTIONS, start=1):
        console.print(f"  Q{number}. {escape(question)}")
    table = Table("paper", "question", "status", "answer", title="methodkg demo: answers from the graph", show_lines=True)
    for a in answers:
        number = DEMO_QUESTIONS.index(a.question) + 1
        asked = route(a.question).value_filter  # "What learning rate?" asks about one hyper-parameter
        table.add_row(escape(a.paper), f"Q{number} {escape(asked or a.facet_label)}",
                      f"[{STATUS_STYLE[a.status.value]}]{a.status.value}[/]", escape(a.answer))
    console.print(table)
    console.print("Next: [bold]methodkg ask \"Which optimizer did they use?\"[/] · [bold]methodkg facts camera_trap_yolo[/]")
