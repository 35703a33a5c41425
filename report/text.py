"""Markdown, CSV and JSON renderings of a report, for reading in a repository and for pipelines.

Markdown is rendered to HTML by most viewers, so paper text is HTML-escaped and table cells lose their
pipes and line breaks; CSV and JSON carry the raw text (their consumers quote it themselves).
"""

from __future__ import annotations

import csv
import io
import json
from html import escape
from typing import Any

from report.model import CHECKLIST, CHECKLIST_KEYS, STATUS_ORDER, STATUS_TEXT, FactView, PaperCard, Report
from schema.catalog import FACETS_BY_KEY
from schema.models import Status


def md(text: object) -> str:
    """Inline Markdown-safe text: no HTML, no table breaks, no emphasis or link syntax."""
    out = escape(str(text), quote=False).replace("\r", " ").replace("\n", " ")
    for ch in "\\|*_`[]#":
        out = out.replace(ch, "\\" + ch)
    return out


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _fact_md(fact: FactView) -> list[str]:
    tags = " *(generic/cited mention, not counted)*" if fact.hedged else " *(not done)*" if fact.negated else ""
    return [f"- **{md(fact.display)}**{tags} — {md(fact.location)}", f"  > {md(fact.quote)}"]


def card_markdown(card: PaperCard) -> str:
    c = card.completeness
    lines = [f"## {md(card.paper_id)}" + (f" — {md(card.title)}" if card.title else ""), ""]
    meta = [f"extractor {md(card.extractor)}"] + ([f"doi {md(card.doi)}"] if card.doi else [])
    lines += [" · ".join(meta), "",
              f"Checklist completeness: **{len(c.reported)}/{len(CHECKLIST_KEYS)}** ({_pct(c.score)}); missing: "
              + (", ".join(md(FACETS_BY_KEY[k].label) for k in c.missing) or "none")
              + ("; cannot tell: " + ", ".join(md(FACETS_BY_KEY[k].label) for k in c.unknown) if c.unknown else ""), ""]
    for stage, entries in card.by_stage():
        if not entries:
            continue
        lines += [f"### {stage.capitalize()}", ""]
        for e in entries:
            star = " ★" if e.facet.key in CHECKLIST_KEYS else ""
            head = f"**{md(e.facet.label)}**{star} — `{e.status.value}`"
            if e.status is Status.NOT_STATED:
                head += " — not stated"
            elif e.status is Status.FAILED:
                head += f" — extraction failed: {md(e.error or 'no reason recorded')}"
            elif e.status is Status.NOT_EXTRACTED:
                head += " — not extracted (never assessed for this paper)"
            lines.append(head)
            for fact in e.facts + e.hedged:
                lines += _fact_md(fact)
            lines.append("")
    return "\n".join(lines)


def render_markdown(report: Report) -> str:
    n = len(report.cards)
    lines = ["# Methodology report", "",
             f"{n} paper{'s' if n != 1 else ''} · extractor {md(', '.join(report.extractors) or '–')} · generated {report.generated_at}", ""]
    if n > 1:
        lines += ["## Share of papers stating each facet", "",
                  "Share = papers with status `stated` / all papers. Hedged (generic or cited) mentions never count.", "",
                  "| stage | facet | share stated | " + " | ".join(s.value for s in STATUS_ORDER) + " |",
                  "|---|---|---:|" + "---:|" * len(STATUS_ORDER)]
        for s in report.facets:
            lines.append(f"| {s.facet.stage} | {md(s.facet.label)} | {_pct(s.share_stated)} | "
                         + " | ".join(str(s.counts[st]) for st in STATUS_ORDER) + " |")
        lines += ["", "## Most used values", "", "Canonical values, counted once per paper, among papers stating the facet.", ""]
        for key, values in report.top.items():
            listed = ", ".join(f"{md(v.value)} ({v.papers})" for v in values) or "none"
            lines.append(f"- **{md(FACETS_BY_KEY[key].label)}**: {listed}")
        lines += ["", "## Reproducibility checklist", "",
                  f"Completeness = checklist facets with status `stated` or `negated` / {len(CHECKLIST_KEYS)}. "
                  f"Mean over the papers: **{_pct(report.mean_completeness)}**.", ""]
        lines += [f"{i}. **{md(FACETS_BY_KEY[k].label)}** (`{k}`) — {md(why)}" for i, (k, why) in enumerate(CHECKLIST, 1)]
        lines += ["", "## Matrix", "", "Status per paper and facet: " + ", ".join(
            f"{_SYM[s]} {STATUS_TEXT[s]}" for s in STATUS_ORDER) + ".", "",
            "| paper | complete | " + " | ".join(f"`{s.facet.key}`" for s in report.facets) + " |",
            "|---|---:|" + "---|" * len(report.facets)]
        for card in report.cards:
            cells = [_SYM[card.status(s.facet.key)] for s in report.facets]
            lines.append(f"| {md(card.paper_id)} | {_pct(card.completeness.score)} | " + " | ".join(cells) + " |")
        lines += ["", "# Paper cards", ""]
    lines += [card_markdown(card) for card in report.cards]
    return "\n".join(lines).rstrip() + "\n"


_SYM = {Status.STATED: "✔", Status.NEGATED: "⊘", Status.NOT_STATED: "·", Status.NOT_EXTRACTED: "?", Status.FAILED: "✕"}

CSV_COLUMNS = ("paper_id", "title", "stage", "facet", "facet_label", "status", "checklist", "values", "negated_values",
               "hedged_values", "evidence", "locations", "error", "completeness")


class _FormulaSafeWriter:
    """csv writer whose cells never start like a spreadsheet formula: paper text is untrusted."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: list[str]) -> None:
        self._writer.writerow([f"'{c}" if isinstance(c, str) and c[:1] in ("=", "+", "-", "@", "\t", "\r") else c
                               for c in row])


def render_csv(report: Report) -> str:
    """Long format: one row per paper and facet (values and quotes joined with ' || ')."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer = _FormulaSafeWriter(writer)
    for card in report.cards:
        for e in card.entries:
            own = [f for f in e.facts if not f.negated]
            # paper text opened in a spreadsheet must not run as a formula (=, +, -, @ first)
            negated = [f for f in e.facts if f.negated]
            shown = e.facts + e.hedged
            writer.writerow([
                card.paper_id, card.title or "", e.facet.stage, e.facet.key, e.facet.label, e.status.value,
                "yes" if e.facet.key in CHECKLIST_KEYS else "no",
                " || ".join(dict.fromkeys(f.display for f in own)),
                " || ".join(dict.fromkeys(f.display for f in negated)),
                " || ".join(dict.fromkeys(f.display for f in e.hedged)),
                " || ".join(f.quote for f in shown),
                " || ".join(f"{f.start}-{f.end}" + (f" {f.section}" if f.section else "") for f in shown),
                e.error or "", f"{card.completeness.score:.4f}",
            ])
    return buffer.getvalue()


def _fact_json(f: FactView) -> dict[str, Any]:
    return {"value": f.value, "display": f.display, "mention": f.mention, "amount": f.amount, "unit": f.unit,
            "evidence": f.quote, "start": f.start, "end": f.end, "section": f.section, "negated": f.negated,
            "hedged": f.hedged}


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "generated_at": report.generated_at,
        "papers": len(report.cards),
        "extractors": report.extractors,
        "checklist": [{"facet": k, "why": why} for k, why in CHECKLIST],
        "mean_completeness": round(report.mean_completeness, 4),
        "facets": [{"facet": s.facet.key, "label": s.facet.label, "stage": s.facet.stage,
                    "share_stated": round(s.share_stated, 4), "counts": {k.value: v for k, v in s.counts.items()}}
                   for s in report.facets],
        "top_values": {key: [{"value": t.value, "papers": t.papers} for t in values] for key, values in report.top.items()},
        "cards": [{
            "paper_id": c.paper_id, "title": c.title, "doi": c.doi, "source": c.source, "extractor": c.extractor,
            "extracted_at": c.extracted_at,
            "completeness": {"score": round(c.completeness.score, 4), "reported": c.completeness.reported,
                             "missing": c.completeness.missing, "unknown": c.completeness.unknown},
            "facets": [{"facet": e.facet.key, "stage": e.facet.stage, "status": e.status.value, "error": e.error,
                        "facts": [_fact_json(f) for f in e.facts], "hedged": [_fact_json(f) for f in e.hedged]}
                       for e in c.entries],
        } for c in report.cards],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
