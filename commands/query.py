"""Look-up commands: ask, facts, papers, facets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    print_jsonl,
    reports_errors,
)
from schema.errors import RoutingError

if TYPE_CHECKING:
    from answer.lookup import Answer
    from answer.router import Route

STATUS_STYLE = {"stated": "green", "negated": "magenta", "not_stated": "yellow", "not_extracted": "dim",
                "failed": "bold red"}


def register(app: typer.Typer) -> None:
    app.command(epilog="Examples:\n\n  methodkg ask \"Which optimizer did they use?\" --paper seed\n\n"
                "  methodkg ask \"What learning rate?\" --json\n\n"
                "  methodkg ask \"Which optimizer and loss function were used?\"\n\n  methodkg ask --batch questions.jsonl --json")(ask)
    app.command(epilog="Example:\n\n  methodkg facts seed --json")(facts)
    app.command(epilog="Example:\n\n  methodkg papers --json")(papers)
    app.command(epilog="Example:\n\n  methodkg facets --json")(facets)


@reports_errors
def ask(
    ctx: typer.Context,
    question: Annotated[str | None, typer.Argument(help="A question in your words, a competency question, or a facet key.")] = None,
    paper: Annotated[list[str] | None, typer.Option("--paper", "-p", help="Paper id (repeatable); all papers if omitted.")] = None,
    batch: Annotated[Path | None, typer.Option("--batch", help="JSONL file of {\"paper\": ID, \"question\": TEXT} lines.")] = None,
    json_out: JsonOption = False,
    store: StoreOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Answer a question from the graph: grounded values with quotes, or exactly "not stated".

    A question naming several facets ("Which optimizer and loss function?") gets one answer per facet.
    """
    from answer.lookup import answer_question
    from answer.router import route_all

    if (question is None) == (batch is None):
        raise fail("give a QUESTION or --batch FILE (not both)", 2)
    with open_graph(ctx, store, neo4j) as graph:
        cache: dict[str, object] = {}

        def load(paper_id: str):  # noqa: ANN202
            if paper_id not in cache:
                cache[paper_id] = graph.read(paper_id)
            return cache[paper_id]

        if batch is not None:
            answers = []  # one line per input line: an answer, or the reason there is none
            for number, line in enumerate(batch.read_text(encoding="utf-8").splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    paper_id, text = str(item["paper"]), str(item["question"])
                except (json.JSONDecodeError, KeyError, TypeError):
                    answers.append(_error_line(None, None, f"{batch}:{number}: expected a JSON object with "
                                                           "\"paper\" and \"question\""))
                    continue
                found = load(paper_id)
                if found is None:
                    answers.append(_error_line(paper_id, text, f"unknown paper {paper_id!r}"))
                    continue
                try:  # a question naming several facets gives one line per facet
                    answers.extend(answer_question(found, routed, text).model_dump(mode="json")
                                   for routed in route_all(text))
                except RoutingError as error:
                    answers.append(_error_line(paper_id, text, str(error)))
            if json_out:
                for item in answers:
                    print_jsonl(item)
            else:
                _print_answer_table(answers)
            return

        assert question is not None
        try:
            routes = route_all(question)
        except RoutingError as error:
            if json_out:  # a script reading stdout still gets JSON
                print_json(_error_line(paper[0] if paper and len(paper) == 1 else None, question, str(error)))
            raise
        paper_ids = paper or graph.paper_ids()
        if not paper_ids:
            raise fail("the store has no papers yet; run `methodkg ingest PATH` (or `methodkg demo`) first")
        found_papers = []
        for paper_id in paper_ids:
            found = load(paper_id)
            if found is None:
                raise fail(f"unknown paper {paper_id!r}; `methodkg papers` lists the stored ones")
            found_papers.append(found)
        # One answer per (facet, paper), facet by facet in the order the question names them.
        blocks = [(routed, [answer_question(found, routed, question) for found in found_papers]) for routed in routes]
    if json_out:
        data = [r.model_dump(mode="json") for _, results in blocks for r in results]
        print_json(data[0] if paper and len(paper) == 1 and len(routes) == 1 else data)
        return
    for number, (routed, results) in enumerate(blocks):
        if number:
            console.print()
        _print_block(question, routed, results)


def _print_block(question: str, routed: Route, results: list[Answer]) -> None:
    """One facet's answers: the routing line, then each paper's status, values and quotes."""
    label = routed.facet.label + (f" ({routed.value_filter})" if routed.value_filter else "")
    console.print(f"[bold]{escape(question)}[/]  [dim]-> {routed.facet.key}: {escape(label)}[/]")
    for result in results:
        style = STATUS_STYLE[result.status.value]
        console.print(f"\n[bold]{escape(result.paper)}[/]  [{style}]{result.status.value}[/]  {escape(result.answer)}")
        for value in result.values:
            console.print(f"  • [bold]{escape(value.value)}[/]  [dim]{value.start}-{value.end}"
                          f"{' · ' + escape(value.section) if value.section else ''}[/]")
            console.print(f"    [italic]“{escape(value.evidence)}”[/]")
        if result.hedged and result.status.value != "stated":
            names = ", ".join(dict.fromkeys(v.value for v in result.hedged))
            console.print(f"  [dim]only generic or cited mentions (not counted): {escape(names)}[/]")


def _error_line(paper_id: str | None, question: str | None, reason: str) -> dict:
    """A batch line without an answer keeps the answer's shape: no facet, no status, the reason."""
    return {"paper": paper_id, "question": question, "facet": None, "status": None, "values": [], "error": reason}


def _print_answer_table(answers: list[dict]) -> None:
    table = Table("paper", "facet", "status", "answer", show_lines=False)
    for item in answers:
        if "error" in item:
            table.add_row(escape(item["paper"] or ""), "", "[red]error[/]", escape(item["error"]))
            continue
        style = STATUS_STYLE[item["status"]]
        table.add_row(escape(item["paper"]), item["facet"], f"[{style}]{item['status']}[/]", escape(item["answer"]))
    console.print(table)


@reports_errors
def facts(
    ctx: typer.Context,
    paper_id: Annotated[str, typer.Argument(help="Paper id, as listed by `methodkg papers`.")],
    all_facets: Annotated[bool, typer.Option("--all", help="Also list facets with nothing stated.")] = False,
    json_out: JsonOption = False,
    store: StoreOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Every fact stored for one paper, facet by facet, with its quote."""
    from schema.catalog import FACETS

    with open_graph(ctx, store, neo4j) as graph:
        paper = graph.read(paper_id)
    if paper is None:
        raise fail(f"unknown paper {paper_id!r}; `methodkg papers` lists the stored ones")
    if json_out:
        print_json(paper.model_dump(mode="json"))
        return
    table = Table("facet", "status", "value", "quote", title=escape(f"{paper.paper_id} · {paper.extractor}"), show_lines=True)
    for facet in FACETS:
        status = paper.status(facet.key)
        result = paper.facets.get(facet.key)
        shown = [f for f in (result.facts if result else []) if not f.hedged]
        if not shown:
            if all_facets or status.value in ("failed",):
                table.add_row(facet.key, f"[{STATUS_STYLE[status.value]}]{status.value}[/]",
                              escape(result.error or "") if result else "", "")
            continue
        for fact in shown:
            table.add_row(facet.key, f"[{STATUS_STYLE[status.value]}]{'negated' if fact.negated else status.value}[/]",
                          escape(fact.display_value()), escape(fact.evidence.quote))
    console.print(table)


@reports_errors
def papers(ctx: typer.Context, json_out: JsonOption = False, store: StoreOption = None, neo4j: Neo4jOption = None) -> None:
    """The stored papers, with how many facets were assessed and facts found."""
    with open_graph(ctx, store, neo4j) as graph:
        summaries = graph.summaries()
        counts = graph.counts()
    if json_out:
        print_json([s.__dict__ for s in summaries])
        return
    table = Table("paper", "title", "extractor", "facets", "facts")
    for s in summaries:
        table.add_row(escape(s.paper_id), escape((s.title or "")[:60]), s.extractor, str(s.facets_assessed), str(s.facts))
    console.print(table)
    console.print(f"[dim]{len(summaries)} papers · {counts.nodes} nodes · {counts.relationships} relationships[/]")


@reports_errors
def facets(json_out: JsonOption = False) -> None:
    """The facet catalog: what can be asked, and where it lives in the graph."""
    from schema.catalog import FACETS

    if json_out:
        print_json([{"key": f.key, "label": f.label, "stage": f.stage, "cq": f.cq, "question": f.question,
                     "node_label": f.node_label, "rel_type": f.rel_type} for f in FACETS])
        return
    table = Table("key", "cq", "stage", "graph", "question")
    for f in FACETS:
        table.add_row(f.key, str(f.cq or "-"), f.stage, f"[dim]-[:{f.rel_type}]->(:{f.node_label})[/]", escape(f.question))
    console.print(table)
