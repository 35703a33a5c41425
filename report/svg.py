"""Inline SVG bar charts (no library, no external resource): a report must open offline.

Every text placed in an SVG is escaped: values come from papers and may be hostile.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

STATUS_COLOURS = {
    "stated": "#2e7d32", "negated": "#7b1fa2", "not_stated": "#f0b429", "not_extracted": "#b0b7bf",
    "failed": "#c62828",
}


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(rows: Sequence[tuple[str, int]], total: int, *, title: str, width: int = 330, label_width: int = 130,
              colour: str = "#3b6ea8") -> str:
    """Horizontal bars of counts out of `total` (e.g. papers using each optimizer)."""
    row_h, top = 20, 6
    height = top + row_h * max(len(rows), 1) + 4
    bar_w = width - label_width - 60
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    if not rows:
        parts.append(f'<text x="0" y="{top + 13}" class="muted">no paper states one</text>')
    for i, (label, count) in enumerate(rows):
        y = top + i * row_h
        w = round(bar_w * count / total, 1) if total else 0
        share = f"{count} ({100 * count / total:.0f}%)" if total else str(count)
        parts.append(
            f'<g><title>{escape(label)}: {count} of {total} papers</title>'
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{escape(_truncate(label, 20))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{max(w, 1)}" height="13" rx="2" fill="{colour}"/>'
            f'<text x="{label_width + w + 4}" y="{y + 13}" class="num">{escape(share)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def stacked_status_chart(rows: Sequence[tuple[str, str, dict[str, int]]], total: int, *, title: str,
                         width: int = 640, label_width: int = 170) -> str:
    """One bar per facet, split by status, with the share stated printed at its end.

    rows: (group, label, {status: papers}) in display order; a group heading is drawn where the group changes.
    """
    row_h, top = 19, 4
    groups = len(dict.fromkeys(g for g, _, _ in rows))
    height = top + row_h * (len(rows) + groups) + 4
    bar_w = width - label_width - 50
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    y = top - row_h
    previous = None
    for group, label, counts in rows:
        if group != previous:
            y += row_h
            previous = group
            parts.append(f'<text x="0" y="{y + 14}" class="group">{escape(group.upper())}</text>'
                         f'<line x1="0" x2="{width - 10}" y1="{y + 17.5}" y2="{y + 17.5}" class="rule"/>')
        y += row_h
        x = float(label_width)
        parts.append(f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>')
        for status, colour in STATUS_COLOURS.items():
            n = counts.get(status, 0)
            if not n or not total:
                continue
            w = bar_w * n / total
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="13" fill="{colour}">'
                         f'<title>{escape(label)}: {n} of {total} papers {status.replace("_", " ")}</title></rect>')
            x += w
        stated = counts.get("stated", 0)
        share = f"{100 * stated / total:.0f}%" if total else "–"
        parts.append(f'<text x="{label_width + bar_w + 6}" y="{y + 13}" class="num">{share}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(counts: Sequence[int], *, title: str, xlabel: str, width: int = 330, height: int = 150) -> str:
    """Vertical bars, one per bucket 0..len-1 (papers by number of checklist items reported)."""
    left, bottom, top = 8, 30, 14
    n = len(counts)
    peak = max(counts) if counts and max(counts) else 1
    slot = (width - left * 2) / n
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    for i, c in enumerate(counts):
        h = (height - bottom - top) * c / peak
        x = left + i * slot
        y = height - bottom - h
        parts.append(f'<g><title>{c} papers with {i} reported</title>'
                     f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{slot - 4:.1f}" height="{max(h, 0.5):.1f}" fill="#3b6ea8"/>'
                     + (f'<text x="{x + slot / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" class="num">{c}</text>' if c else "")
                     + f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 13}" text-anchor="middle" class="num">{i}</text></g>')
    parts.append(f'<text x="{width / 2:.0f}" y="{height - 3}" text-anchor="middle" class="muted">{escape(xlabel)}</text>')
    parts.append("</svg>")
    return "".join(parts)
