"""`methodkg eval`: score the stored answers against gold labels, with a baseline side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from commands.common import JsonOption, Neo4jOption, StoreOption, console, fail, open_graph, print_json, reports_errors


def register(app: typer.Typer) -> None:
    app.command(
        name="eval",
        epilog="Examples:\n\n  methodkg --store /tmp/bp eval --gold gold_paper.csv --cq 5,10,12,13,19,22 "
               "--baseline seed_pipeline.csv\n\n  methodkg --store /tmp/bc eval --gold gold_context.csv --contexts --json",
    )(evaluate_command)


def _parse_cqs(raw: str | None) -> set[int] | None:
    if not raw:
        return None
    try:
        return {int(part) for part in raw.replace(" ", "").split(",") if part}
    except ValueError:
        raise fail(f"--cq expects question numbers separated by commas, e.g. 5,10,12 (got {raw!r})", 2) from None


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


@reports_errors
def evaluate_command(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Option("--gold", help="CSV with paper_id (or doc_id), cq, label (stated/not_stated).")],
    contexts: Annotated[bool, typer.Option("--contexts", help="Gold rows are retrieval contexts: doc_id is the stored "
                                                              "paper id (ingest contexts.jsonl.gz first).")] = False,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="CSV with paper_id, cq, vote: scored on the "
                                                                     "same rows, side by side.")] = None,
    cq: Annotated[str | None, typer.Option("--cq", help="Only these questions, e.g. 5,10,12,13,19,22.")] = None,
    json_out: JsonOption = False,
    store: StoreOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Agreement, recall of `stated` and specificity per question. stated and negated count as "stated" (the
    paper addresses the question); papers not stored, or facets not extracted / failed, are reported as missing."""
    from evaluation.score import evaluate, load_baseline, load_gold

    cqs = _parse_cqs(cq)
    rows = load_gold(gold, contexts=contexts)
    votes = load_baseline(baseline) if baseline else None
    with open_graph(ctx, store, neo4j) as graph:
        result = evaluate(rows, graph, votes, cqs)
    if result.rows == 0:
        raise fail(f"{gold}: no gold rows" + (f" for questions {cq}" if cq else ""))
    if json_out:
        print_json(result.as_dict())
        return
    _print_table(result, gold, contexts)


def _print_table(result, gold: Path, contexts: bool) -> None:  # noqa: ANN001
    """The figures as a table; on a narrow terminal (or a pipe, 80 columns) the raw counts and the baseline's
    recall/fp columns are left out so every cell stays readable (--json has everything)."""
    from evaluation.score import Evaluation
    from schema.catalog import FACETS_BY_CQ

    side = result.baseline is not None
    wide = console.width >= 150
    any_missing = any(f.missing for f in result.ours.values())
    title = f"methodkg eval · {gold.name} · {'per context' if contexts else 'paper level'} · {result.rows} rows"
    table = Table(title=title, show_lines=False)
    ours_columns = ["cq", "facet", "n", "agree", "recall stated", "kept not_stated"] if wide else \
        ["cq", "facet", "agree", "recall stated", "kept not_stated"]
    if wide:
        ours_columns += ["tp/fn/tn/fp", "missing"]
    elif any_missing:
        ours_columns += ["missing"]
    short = {} if wide else {"recall stated": "recall", "kept not_stated": "kept", "baseline agree": "base agree",
                             "baseline kept": "base kept", "missing": "n/a"}
    for name in ours_columns:
        table.add_column(short.get(name, name), justify="left" if name == "facet" else "right",
                         no_wrap=name in ("facet", "agree"))
    baseline_columns = ["baseline agree", "baseline recall", "baseline kept", "baseline fp"] if wide else \
        ["baseline agree", "baseline kept"]
    if side:
        for name in baseline_columns:
            table.add_column(short.get(name, name), justify="right", style="dim")

    def row(label: str, facet: str, ours, theirs) -> list[str]:  # noqa: ANN001
        cells = {"cq": label, "facet": facet, "n": str(ours.scored + ours.missing),
                 "agree": f"{ours.agree}/{ours.scored} {_pct(ours.agreement)}",
                 "recall stated": f"{ours.tp}/{ours.tp + ours.fn} {_pct(ours.recall)}" if wide else _pct(ours.recall),
                 "kept not_stated": f"{ours.tn}/{ours.tn + ours.fp} {_pct(ours.specificity)}" if wide
                 else _pct(ours.specificity),
                 "tp/fn/tn/fp": f"{ours.tp}/{ours.fn}/{ours.tn}/{ours.fp}", "missing": str(ours.missing)}
        out = [cells[name] for name in ours_columns]
        if side:
            theirs_cells = {"baseline agree": f"{theirs.agree}/{theirs.scored} {_pct(theirs.agreement)}" if wide
                            else _pct(theirs.agreement),
                            "baseline recall": _pct(theirs.recall), "baseline kept": _pct(theirs.specificity),
                            "baseline fp": str(theirs.fp)}
            out += [theirs_cells[name] for name in baseline_columns]
        return out

    for number, ours in sorted(result.ours.items()):
        theirs = result.baseline.get(number) if side else None
        table.add_row(*row(str(number), FACETS_BY_CQ[number].key, ours, theirs))
    table.add_section()
    table.add_row(*row("all", "", Evaluation.total(result.ours), Evaluation.total(result.baseline) if side else None),
                  style="bold")
    console.print(table)
    console.print("[dim]stated and negated count as \"stated\"; missing (n/a) = paper not stored or facet not extracted/failed"
                  " (not scored)." + (f" Rows without a baseline answer: {result.baseline_missing_rows}."
                                      if side and result.baseline_missing_rows else "") +
                  ("" if wide else " Wider terminal or --json for the raw counts.") + "[/]")
