"""Reports over the methodology graph: a card per paper, a matrix per corpus, exports for other tools.

Built only on the GraphStore contract (PaperMethodology objects), so every store gives the same report.
`build_report` computes; `render` lays out in md, html, csv or json.
"""

from __future__ import annotations

from report.model import Report, build_report

FORMATS = ("md", "html", "csv", "json")


def render(report: Report, fmt: str) -> str:
    """The report in one of FORMATS."""
    if fmt == "html":
        from report.html import render_html

        return render_html(report)
    from report import text

    renderers = {"md": text.render_markdown, "csv": text.render_csv, "json": text.render_json}
    return renderers[fmt](report)


__all__ = ["FORMATS", "Report", "build_report", "render"]
