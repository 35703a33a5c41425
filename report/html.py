"""The HTML report: one self-contained file (inline CSS, SVG and JS; no CDN, no font), readable in print.

Paper text is hostile input: every string from a paper or a store goes through `esc` (html.escape with
quotes), and a Content-Security-Policy allows only this file's own script (by hash), so even a missed
escape could not run an injected script or load anything from the network.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from report import svg
from report.model import CHECKLIST, CHECKLIST_KEYS, STATUS_ORDER, STATUS_TEXT, FacetEntry, FactView, PaperCard, Report
from schema.catalog import FACETS, FACETS_BY_KEY
from schema.models import Status, content_id

SYMBOL = {Status.STATED: "●", Status.NEGATED: "⊘", Status.NOT_STATED: "·", Status.NOT_EXTRACTED: "?",
          Status.FAILED: "✕"}
RANK = {s: i for i, s in enumerate(STATUS_ORDER)}  # sort key of a matrix cell
OPEN_CARDS_UP_TO = 3  # with more papers, cards start folded (the matrix links open them)


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def anchor(paper_id: str) -> str:
    """A safe, stable element id for a paper (ids may hold any character)."""
    return "p-" + content_id(paper_id)


CSS = """
:root{--ink:#1d2430;--muted:#5f6b7a;--line:#dde2e8;--bg:#f6f7f9;--card:#fff;--accent:#3b6ea8;
--stated:#2e7d32;--stated-bg:#dff0e0;--negated:#7b1fa2;--negated-bg:#f1e1f6;--not_stated:#8a5a00;--not_stated-bg:#fff1cc;
--not_extracted:#5f6b7a;--not_extracted-bg:#eceff2;--failed:#b71c1c;--failed-bg:#fde0e0}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header.top{background:#1f3a5f;color:#fff;padding:18px 32px 14px}
header.top h1{margin:0 0 4px;font-size:22px;font-weight:600}
header.top .meta{color:#c9d6e6;font-size:13px}
nav.toc{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:6px 32px;font-size:13px}
nav.toc a{margin-right:18px;color:var(--accent);text-decoration:none;font-weight:500}
main{padding:18px 32px 40px;max-width:1500px}
h2{font-size:18px;margin:26px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:15px;margin:16px 0 6px}
p.lead{color:var(--muted);margin:4px 0 12px;max-width:980px}
.kpis{display:flex;gap:12px;flex-wrap:wrap;margin:6px 0 4px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:150px}
.kpi b{display:block;font-size:22px;font-weight:600}
.kpi span{color:var(--muted);font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:12px}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.panel h3{margin:2px 0 6px}
.row2{display:grid;grid-template-columns:minmax(660px,1.5fr) minmax(320px,1fr);gap:14px;align-items:start}
svg.chart{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--ink);overflow:visible}
svg.chart .num{fill:var(--muted)} svg.chart .muted{fill:var(--muted)}
svg.chart .group{font-size:10px;font-weight:600;letter-spacing:.08em;fill:var(--muted)} svg.chart .rule{stroke:var(--line)}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:12px;color:var(--muted);margin:6px 0}
.legend span{display:inline-flex;align-items:center;gap:5px}
.sw{display:inline-block;width:14px;height:14px;border-radius:3px;text-align:center;line-height:14px;font-size:10px}
ol.checklist{margin:6px 0 0;padding-left:20px;font-size:13px}
ol.checklist li{break-inside:avoid;margin-bottom:3px} ol.checklist .why{color:var(--muted)}
.chip{display:inline-block;border-radius:10px;padding:0 8px;font-size:11.5px;font-weight:600;white-space:nowrap}
.s-stated{color:var(--stated);background:var(--stated-bg)} .s-negated{color:var(--negated);background:var(--negated-bg)}
.s-not_stated{color:var(--not_stated);background:var(--not_stated-bg)}
.s-not_extracted{color:var(--not_extracted);background:repeating-linear-gradient(135deg,var(--not_extracted-bg) 0 4px,#fff 4px 7px)}
.s-failed{color:#fff;background:var(--failed)}
.tools{display:flex;gap:12px;align-items:center;margin:8px 0}
.tools input{font:inherit;padding:5px 9px;border:1px solid #b8c1cc;border-radius:6px;width:320px}
.tools .count{color:var(--muted);font-size:12px}
.matrix-wrap{overflow:auto;max-height:78vh;background:var(--card);border:1px solid var(--line);border-radius:8px}
table.matrix{border-collapse:separate;border-spacing:0;font-size:12px}
table.matrix th,table.matrix td{border-bottom:1px solid var(--line)}
table.matrix thead th{position:sticky;top:0;background:#fff;z-index:2;cursor:pointer;vertical-align:bottom;padding:4px 2px;user-select:none}
table.matrix thead th.vert span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block;max-height:150px;white-space:nowrap;font-weight:500}
table.matrix thead th:hover{background:#eef3f9}
table.matrix thead th[aria-sort=ascending]::after{content:"▲";display:block;font-size:9px;color:var(--accent)}
table.matrix thead th[aria-sort=descending]::after{content:"▼";display:block;font-size:9px;color:var(--accent)}
table.matrix thead th.ck span::before{content:"★ ";color:#c28a00}
table.matrix thead th.stage-start,table.matrix td.stage-start{border-left:2px solid #c5ccd5}
table.matrix tbody th{position:sticky;left:0;background:#fff;text-align:left;font-weight:500;padding:3px 8px;min-width:230px;max-width:300px;z-index:1}
table.matrix tbody th a{color:var(--accent);text-decoration:none}
table.matrix tbody th .t{color:var(--muted);font-weight:400;font-size:11px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:290px}
table.matrix td{text-align:center;width:25px;min-width:25px;height:24px;padding:0}
table.matrix td.score{width:58px;font-variant-numeric:tabular-nums;font-weight:600;padding:0 6px}
table.matrix thead th.paper-h{text-align:left;padding-left:8px;left:0;z-index:3}
tr.hidden{display:none}
details.card{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:10px 0;padding:0}
details.card>summary{cursor:pointer;padding:10px 14px;font-size:14px;list-style-position:inside}
details.card>summary .pid{font-weight:600}
details.card>summary .ttl{color:var(--ink)}
details.card>summary .sub{color:var(--muted);font-size:12px;margin-left:8px}
.card-body{padding:0 16px 14px;border-top:1px solid var(--line)}
.card-meta{color:var(--muted);font-size:12px;margin:8px 0}
.completeness{margin:8px 0 4px;font-size:13px}
.completeness .bar{display:inline-block;vertical-align:middle;width:160px;height:9px;background:#e4e8ed;border-radius:5px;overflow:hidden;margin:0 8px}
.completeness .bar i{display:block;height:100%;background:var(--accent)}
.stage h4{margin:14px 0 4px;font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.facet{display:grid;grid-template-columns:220px 1fr;gap:10px;padding:6px 0;border-top:1px solid #eef0f3;break-inside:avoid}
.facet .fl{font-weight:500}
.facet .fl .ck{color:#c28a00;margin-right:3px}
.facet .fl .chip{margin-top:3px}
.facet ul{list-style:none;margin:0;padding:0}
.facet li{margin:0 0 6px}
.facet .val{font-weight:600}
blockquote{margin:2px 0 0;padding:3px 10px;border-left:3px solid #b8c7da;background:#f7f9fc;color:#2b3442;font-style:italic;white-space:pre-wrap;overflow-wrap:anywhere}
.loc{color:var(--muted);font-size:11.5px}
.tag{font-size:11px;border-radius:4px;padding:0 5px;margin-left:4px}
.tag.neg{color:var(--negated);background:var(--negated-bg)}
li.hedged{color:#8a939f} li.hedged blockquote{color:#8a939f;border-left-color:#dde2e8;background:#fbfbfc}
li.hedged .tag{background:#eef0f3;color:#6b7480}
.none{color:var(--not_stated);font-weight:600}
.err{color:var(--failed);font-weight:600}
.notex{color:var(--not_extracted);font-style:italic}
footer{color:var(--muted);font-size:12px;padding:10px 32px 30px}
@media print{
 body{background:#fff;font-size:11px}
 nav.toc,.tools{display:none}
 header.top{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 6px}
 header.top .meta{color:#333}
 main{padding:0;max-width:none}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .matrix-wrap{overflow:visible;max-height:none;border:none}
 table.matrix thead th,table.matrix tbody th{position:static}
 tr.hidden{display:table-row}
 details.card{break-before:page;border:none}
 details.card>summary{list-style:none;font-size:15px;padding:0 0 6px}
 .row2{grid-template-columns:1fr}
 section{break-inside:auto}
 a{color:inherit;text-decoration:none}
}
"""

JS = """
(function(){
  var table=document.getElementById('matrix');
  var input=document.getElementById('filter');
  var counter=document.getElementById('shown');
  var state={sort:null,dir:'asc',filter:''};
  function cellKey(row,col){var c=row.children[col];var v=c.getAttribute('data-v');
    return v===null?c.textContent.trim().toLowerCase():parseFloat(v);}
  function sortBy(col,dir){
    var tbody=table.tBodies[0];var rows=Array.prototype.slice.call(tbody.rows);
    rows.sort(function(a,b){var x=cellKey(a,col),y=cellKey(b,col);
      var r=(x<y?-1:x>y?1:0);if(r===0){r=a.rowIndex-b.rowIndex;}return dir==='desc'?-r:r;});
    rows.forEach(function(r){tbody.appendChild(r);});
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
      if(i===col){th.setAttribute('aria-sort',dir==='desc'?'descending':'ascending');}else{th.removeAttribute('aria-sort');}});
    state.sort=table.tHead.rows[0].cells[col].getAttribute('data-key');state.dir=dir;save();}
  function applyFilter(text){
    var q=text.trim().toLowerCase();var shown=0;
    Array.prototype.forEach.call(table.tBodies[0].rows,function(r){
      var hit=!q||r.getAttribute('data-search').indexOf(q)>=0;r.classList.toggle('hidden',!hit);if(hit){shown++;}});
    counter.textContent=shown+' of '+table.tBodies[0].rows.length+' papers shown';state.filter=text;save();}
  function save(){var h='sort='+encodeURIComponent(state.sort||'')+':'+state.dir+'&filter='+encodeURIComponent(state.filter);
    if(history.replaceState){history.replaceState(null,'','#'+h);}}
  function colOf(key){var cells=table.tHead.rows[0].cells;
    for(var i=0;i<cells.length;i++){if(cells[i].getAttribute('data-key')===key){return i;}}return -1;}
  if(table){
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
      th.addEventListener('click',function(){
        var dir=th.getAttribute('aria-sort')==='ascending'?'desc':'asc';
        if(!th.hasAttribute('aria-sort')&&th.getAttribute('data-first')==='desc'){dir='desc';}
        sortBy(i,dir);});});
    input.addEventListener('input',function(){applyFilter(input.value);});
    var h=location.hash.replace(/^#/,'');var params={};
    h.split('&').forEach(function(kv){var i=kv.indexOf('=');if(i>0){params[kv.slice(0,i)]=decodeURIComponent(kv.slice(i+1));}});
    if(params.filter){input.value=params.filter;}
    applyFilter(input.value);
    if(params.sort){var p=params.sort.split(':');var c=colOf(p[0]);if(c>=0){sortBy(c,p[1]==='desc'?'desc':'asc');}}
  }
  function openTarget(){var id=location.hash.slice(1);var el=id&&document.getElementById(id);
    if(el&&el.tagName==='DETAILS'){el.open=true;}}
  window.addEventListener('hashchange',openTarget);openTarget();
  window.addEventListener('beforeprint',function(){
    Array.prototype.forEach.call(document.querySelectorAll('details'),function(d){d.setAttribute('data-was',d.open?'1':'0');d.open=true;});});
  window.addEventListener('afterprint',function(){
    Array.prototype.forEach.call(document.querySelectorAll('details'),function(d){d.open=d.getAttribute('data-was')==='1';});});
  document.documentElement.setAttribute('data-ready','1');
})();
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode("ascii")
CSP = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{_SCRIPT_HASH}'; "
       "base-uri 'none'; form-action 'none'")


def _chip(status: Status) -> str:
    return f'<span class="chip s-{status.value}">{esc(STATUS_TEXT[status])}</span>'


def _legend() -> str:
    items = "".join(f'<span><i class="sw s-{s.value}">{SYMBOL[s]}</i>{esc(STATUS_TEXT[s])}</span>' for s in STATUS_ORDER)
    return f'<div class="legend">{items}<span>★ reproducibility checklist facet</span></div>'


def _fact_li(fact: FactView) -> str:
    tag = ""
    cls = ""
    if fact.hedged:
        cls, tag = ' class="hedged"', '<span class="tag">generic/cited mention, not counted</span>'
    elif fact.negated:
        tag = '<span class="tag neg">not done</span>'
    mention = "" if fact.mention == fact.value else f' <span class="loc">(“{esc(fact.mention)}”)</span>'
    return (f'<li{cls}><span class="val">{esc(fact.display)}</span>{mention}{tag}'
            f'<blockquote>{esc(fact.quote)}</blockquote><span class="loc">{esc(fact.location)}</span></li>')


def _facet_block(entry: FacetEntry) -> str:
    marker = '<span class="ck" title="reproducibility checklist">★</span>' if entry.facet.key in CHECKLIST_KEYS else ""
    body: list[str] = []
    if entry.status is Status.FAILED:
        body.append(f'<div class="err">extraction failed: {esc(entry.error or "no reason recorded")}</div>')
    elif entry.status is Status.NOT_EXTRACTED:
        body.append('<div class="notex">not extracted: this facet was never assessed for this paper '
                    '(re-run <code>methodkg ingest --force</code>)</div>')
    elif entry.status is Status.NOT_STATED:
        body.append('<div class="none">not stated</div>')
    if entry.facts or entry.hedged:
        body.append("<ul>" + "".join(_fact_li(f) for f in entry.facts + entry.hedged) + "</ul>")
    return (f'<div class="facet" data-facet="{esc(entry.facet.key)}" data-status="{entry.status.value}">'
            f'<div class="fl">{marker}{esc(entry.facet.label)}<br>{_chip(entry.status)}</div>'
            f'<div class="fv">{"".join(body)}</div></div>')


def _completeness(card: PaperCard) -> str:
    c = card.completeness
    pct = round(100 * c.score)
    labels = lambda keys: ", ".join(esc(FACETS_BY_KEY[k].label) for k in keys) or "none"  # noqa: E731
    unknown = f' · <span class="err">cannot tell: {labels(c.unknown)}</span>' if c.unknown else ""
    return (f'<div class="completeness"><b>Checklist completeness {len(c.reported)}/{len(CHECKLIST_KEYS)}</b>'
            f'<span class="bar"><i style="width:{pct}%"></i></span>{pct}% · missing: {labels(c.missing)}{unknown}</div>')


def paper_card(card: PaperCard, *, open_: bool) -> str:
    title = f' <span class="ttl">— {esc(card.title)}</span>' if card.title else ""
    sub = f"{len(card.completeness.reported)}/{len(CHECKLIST_KEYS)} checklist · {card.fact_count} facts"
    meta = [f"extractor {esc(card.extractor)}"]
    if card.extracted_at:
        meta.append(f"extracted {esc(card.extracted_at)}")
    if card.doi:
        meta.append(f"doi {esc(card.doi)}")
    if card.source:
        meta.append(f"source {esc(card.source)}")
    stages = "".join(
        f'<div class="stage" data-stage="{esc(stage)}"><h4>{esc(stage)}</h4>{"".join(_facet_block(e) for e in entries)}</div>'
        for stage, entries in card.by_stage() if entries)
    return (f'<details class="card" id="{anchor(card.paper_id)}"{" open" if open_ else ""}>'
            f'<summary><span class="pid">{esc(card.paper_id)}</span>{title}<span class="sub">{esc(sub)}</span></summary>'
            f'<div class="card-body"><div class="card-meta">{" · ".join(meta)}</div>{_completeness(card)}{stages}</div>'
            "</details>")


def _matrix(report: Report) -> str:
    head = ['<th class="paper-h" data-key="paper">Paper</th>',
            '<th data-key="completeness" data-first="desc" title="checklist completeness">Complete</th>']
    previous_stage = None
    stage_start: set[str] = set()
    for facet in sorted(FACETS, key=lambda f: _stage_index(f.stage)):
        classes = ["vert"]
        if facet.key in CHECKLIST_KEYS:
            classes.append("ck")
        if facet.stage != previous_stage:
            classes.append("stage-start")
            stage_start.add(facet.key)
            previous_stage = facet.stage
        head.append(f'<th class="{" ".join(classes)}" data-key="{esc(facet.key)}" '
                    f'title="{esc(facet.label)} ({esc(facet.stage)})"><span>{esc(facet.label)}</span></th>')
    rows = []
    for card in report.cards:
        values = [v.value for e in card.entries for v in e.facts if not v.negated]
        search = " ".join([card.paper_id, card.title or "", *values]).lower()
        score = card.completeness.score
        cells = [f'<th scope="row"><a href="#{anchor(card.paper_id)}">{esc(card.paper_id)}</a>'
                 + (f'<div class="t" title="{esc(card.title)}">{esc(card.title)}</div>' if card.title else "") + "</th>",
                 f'<td class="score" data-v="{score:.4f}">{round(100 * score)}%</td>']
        entries = {e.facet.key: e for e in card.entries}
        for facet in sorted(FACETS, key=lambda f: _stage_index(f.stage)):
            e = entries[facet.key]
            tip = f"{facet.label}: {STATUS_TEXT[e.status]}"
            if e.facts:
                tip += " — " + "; ".join(dict.fromkeys(v.display for v in e.facts))
            if e.error:
                tip += " — " + e.error
            extra = " stage-start" if facet.key in stage_start else ""
            cells.append(f'<td class="s-{e.status.value}{extra}" data-v="{RANK[e.status]}" title="{esc(tip)}">'
                         f"{SYMBOL[e.status]}</td>")
        rows.append(f'<tr data-search="{esc(search)}">{"".join(cells)}</tr>')
    return (f'<table class="matrix" id="matrix"><thead><tr>{"".join(head)}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _stage_index(stage: str) -> int:
    from schema.catalog import STAGES

    return STAGES.index(stage)  # type: ignore[arg-type]


def _overview(report: Report) -> str:
    n = len(report.cards)
    facts = sum(c.fact_count for c in report.cards)
    full = sum(1 for c in report.cards if len(c.completeness.reported) == len(CHECKLIST_KEYS))
    kpis = (f'<div class="kpis"><div class="kpi"><b>{n}</b><span>papers</span></div>'
            f'<div class="kpi"><b>{round(100 * report.mean_completeness)}%</b><span>mean checklist completeness</span></div>'
            f'<div class="kpi"><b>{full}</b><span>papers reporting all {len(CHECKLIST_KEYS)} checklist items</span></div>'
            f'<div class="kpi"><b>{facts}</b><span>facts of the papers’ own, each with its quote</span></div></div>')
    buckets = [0] * (len(CHECKLIST_KEYS) + 1)
    for card in report.cards:
        buckets[len(card.completeness.reported)] += 1
    hist = svg.histogram(buckets, title="Papers by number of checklist items reported",
                         xlabel=f"checklist items reported (of {len(CHECKLIST_KEYS)})")
    checklist = "".join(f'<li><b>{esc(FACETS_BY_KEY[k].label)}</b> <span class="why">— {esc(why)}</span></li>'
                        for k, why in CHECKLIST)
    rows = [(s.facet.stage, s.facet.label, {k.value: v for k, v in s.counts.items()})
            for s in sorted(report.facets, key=lambda s: (_stage_index(s.facet.stage), FACETS.index(s.facet)))]
    shares = svg.stacked_status_chart(rows, n, title="Share of papers stating each facet", width=720)
    tops = "".join(
        f'<div class="panel"><h3>{esc(FACETS_BY_KEY[key].label)}</h3>'
        + svg.bar_chart([(t.value, t.papers) for t in values], n, title=f"Most used: {FACETS_BY_KEY[key].label}")
        + "</div>"
        for key, values in report.top.items())
    return (
        f'<section id="overview"><h2>Overview</h2>{kpis}'
        f'<div class="row2"><div class="panel"><h3>Share of papers stating each facet</h3>'
        f'<p class="lead">Bar = all {n} papers, coloured by status, grouped by pipeline stage; the number is the share '
        f'with status <i>stated</i>. Generic or cited mentions (hedged) never count.</p>{_legend()}{shares}</div>'
        f'<div class="panel"><h3>Reproducibility checklist</h3>'
        f'<p class="lead">Completeness = checklist items a paper states (or explicitly says were not done, e.g. '
        f'“no augmentation”) ÷ {len(CHECKLIST_KEYS)}. Items: Ahmed et al. (2025)’s eight variables of method '
        f'reproducibility plus what re-running training needs.</p>{hist}<ol class="checklist">{checklist}</ol></div></div>'
        f'<h2>Most used values</h2><p class="lead">Canonical values (alias table), counted once per paper, among papers '
        f'that state the facet; bar length = share of all {n} papers.</p><div class="grid">{tops}</div></section>')


def render_html(report: Report) -> str:
    n = len(report.cards)
    corpus = n > 1
    meta = [f"{n} paper{'s' if n != 1 else ''}", "extractor " + ", ".join(report.extractors or ["–"]),
            f"generated {report.generated_at}"]
    if report.store:
        meta.append(report.store)
    nav = ('<nav class="toc"><a href="#overview">Overview</a><a href="#matrix-section">Matrix</a>'
           '<a href="#papers">Paper cards</a></nav>') if corpus else ""
    parts = [_overview(report)] if corpus else []
    if corpus:
        parts.append(
            '<section id="matrix-section"><h2>Papers × facets</h2>'
            '<p class="lead">Click a column header to sort (by status, then by order), type to filter by paper id, '
            'title or a stated value (e.g. <i>Adam</i>). Click a paper to open its card. The state is kept in the '
            'address (#sort=…&amp;filter=…), so a view can be shared.</p>'
            f'{_legend()}<div class="tools"><input id="filter" type="search" placeholder="Filter papers, titles, values…" '
            'aria-label="filter papers"><span class="count" id="shown"></span></div>'
            f'<div class="matrix-wrap">{_matrix(report)}</div></section>')
    cards = "".join(paper_card(c, open_=n <= OPEN_CARDS_UP_TO) for c in report.cards)
    parts.append(f'<section id="papers"><h2>Paper cards</h2>{"" if corpus else _legend()}'
                 f'<p class="lead">Every facet in catalog order, grouped by pipeline stage, with the verbatim quote and '
                 f'character span behind each value. ★ marks checklist items.</p>{cards}</section>')
    title = "Methodology report" if corpus else f"Methodology card: {report.cards[0].paper_id}" if n else "Methodology report"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f'<header class="top"><h1>{esc(title)}</h1><div class="meta">{esc(" · ".join(meta))}</div></header>{nav}'
        f'<main>{"".join(parts)}</main>'
        '<footer>methodkg · every value is backed by the quoted sentence at the given character span of the '
        'normalized paper text; “not stated” means the extractor looked and found nothing. '
        'Numbers are reproducible with the Cypher queries in docs/reports.md.</footer>'
        f"<script>{JS}</script></body></html>\n")
