"""Report content: every status shown as itself, quotes and locations, corpus numbers, hostile text escaped."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from graph.embedded import EmbeddedStore
from report import build_report, render
from report.model import CHECKLIST_KEYS
from schema.catalog import FACETS
from schema.models import Status
from tests.conftest import SEED_CONTEXT, needs_shared
from tests.report_corpus import FAILURE, HOSTILE, build_corpus


@pytest.fixture
def corpus(run_cli, tmp_path):
    return build_corpus(run_cli, tmp_path / "papers", tmp_path / "corpus")


@pytest.fixture
def report(corpus):
    with EmbeddedStore(corpus) as store:
        return build_report(store.read_all(), store=store.description)


def entry(report, paper_id, key):
    card = next(c for c in report.cards if c.paper_id == paper_id)
    return next(e for e in card.entries if e.facet.key == key)


def test_cards_show_every_status_with_quotes(report):
    assert [c.paper_id for c in report.cards] == ["alpha", "beta", "gamma"]
    for card in report.cards:  # every facet, in catalog order
        assert [e.facet.key for e in card.entries] == [f.key for f in FACETS]
    optimizer = entry(report, "alpha", "optimizer")
    assert optimizer.status is Status.STATED and [f.value for f in optimizer.facts] == ["Adam"]
    adam = optimizer.facts[0]
    text = (report.cards[0].source or "")
    assert adam.quote.startswith("We trained a ResNet-50") and adam.end - adam.start == len(adam.quote)
    assert adam.section == "Methods" and "chars" in adam.location and text.endswith("alpha.txt")
    augmentation = entry(report, "alpha", "augmentation")
    assert augmentation.status is Status.NEGATED and augmentation.facts[0].negated
    assert augmentation.facts[0].quote == "No data augmentation was applied."
    assert entry(report, "alpha", "preprocessing").status is Status.NOT_STATED
    hedged = entry(report, "beta", "optimizer")
    assert hedged.status is Status.NOT_STATED and hedged.facts == []
    assert sorted(f.value for f in hedged.hedged) == ["Adam", "SGD"]
    failed = entry(report, "gamma", "optimizer")
    assert failed.status is Status.FAILED and failed.error == FAILURE
    assert entry(report, "gamma", "datasets").status is Status.NOT_STATED
    assert entry(report, "gamma", "hyperparameters").status is Status.NOT_EXTRACTED


def test_completeness_counts_stated_and_negated_and_says_what_is_unknown(report):
    alpha, beta, gamma = (c.completeness for c in report.cards)
    assert alpha.missing == ["preprocessing"] and len(alpha.reported) == 11 and alpha.unknown == []
    assert beta.reported == ["model", "metrics"]
    assert gamma.reported == ["model"] and gamma.missing == ["datasets"]
    assert "optimizer" in gamma.unknown and "hyperparameters" in gamma.unknown
    assert len(gamma.reported) + len(gamma.missing) + len(gamma.unknown) == len(CHECKLIST_KEYS)
    assert report.mean_completeness == pytest.approx((11 + 2 + 1) / 3 / len(CHECKLIST_KEYS))


def test_corpus_shares_and_top_values_ignore_hedged_mentions(report):
    shares = {s.facet.key: s for s in report.facets}
    assert shares["optimizer"].counts == {Status.STATED: 1, Status.NEGATED: 0, Status.NOT_STATED: 1,
                                          Status.NOT_EXTRACTED: 0, Status.FAILED: 1}
    assert shares["optimizer"].share_stated == pytest.approx(1 / 3)
    assert shares["augmentation"].counts[Status.NEGATED] == 1 and shares["augmentation"].share_stated == 0
    assert shares["model"].share_stated == 1.0
    assert [(t.value, t.papers) for t in report.top["optimizer"]] == [("Adam", 1)]  # beta's "such as Adam" is not
    assert {t.value for t in report.top["model"]} == {"ResNet-50", "U-Net", "Vision Transformer"}


def test_markdown_says_each_status_plainly_and_escapes_paper_text(report):
    text = render(report, "md")
    assert "**Preprocessing** ★ — `not_stated` — not stated" in text
    assert f"extraction failed: {FAILURE}" in text
    assert "not extracted (never assessed for this paper)" in text
    assert "**SGD** *(generic/cited mention, not counted)*" in text
    assert "**Data augmentation** *(not done)*" in text
    assert "> No data augmentation was applied." in text
    assert "<script>" not in text and "&lt;script&gt;" in text and "<b>friends" not in text
    assert "| optimizer |" not in text and "| training | Optimizer | 33% | 1 | 0 | 1 | 0 | 1 |" in text


def test_html_escapes_hostile_text_and_is_self_contained(report):
    page = render(report, "html")
    assert page.count("<script>") == 1 and "document.title='PWNED'</script>" not in page
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;b&gt;friends&lt;/b&gt;" in page
    assert re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page) is None  # nothing loaded from a network
    assert "@import" not in page and "url(" not in page and "@media print" in page
    assert "Content-Security-Policy" in page and "default-src &#x27;none&#x27;" in page
    for status in ("stated", "negated", "not_stated", "not_extracted", "failed"):
        assert f'class="chip s-{status}"' in page
    assert "generic/cited mention, not counted" in page and "<svg" in page and 'id="matrix"' in page


def test_csv_and_json_carry_one_row_per_paper_and_facet(report):
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert len(rows) == 3 * len(FACETS)
    by = {(r["paper_id"], r["facet"]): r for r in rows}
    assert by[("alpha", "optimizer")]["values"] == "Adam" and by[("alpha", "optimizer")]["status"] == "stated"
    assert by[("alpha", "augmentation")]["negated_values"] == "Data augmentation"
    assert by[("beta", "optimizer")]["hedged_values"] == "SGD || Adam" and by[("beta", "optimizer")]["values"] == ""
    assert by[("beta", "model")]["evidence"].count(HOSTILE) == 1  # raw text: CSV consumers quote it themselves
    assert by[("gamma", "optimizer")]["error"] == FAILURE and by[("gamma", "loss_function")]["status"] == "not_extracted"
    data = json.loads(render(report, "json"))
    assert data["papers"] == 3 and [c["paper_id"] for c in data["cards"]] == ["alpha", "beta", "gamma"]
    assert {f["facet"]: f["share_stated"] for f in data["facets"]}["optimizer"] == pytest.approx(0.3333, abs=1e-4)
    assert data["top_values"]["optimizer"] == [{"value": "Adam", "papers": 1}]


def test_report_command_formats_selection_and_errors(run_cli, corpus, tmp_path):
    out = tmp_path / "out" / "alpha.html"
    code, _, err = run_cli("--store", str(corpus), "report", "--paper", "alpha", "--format", "html", "--out", str(out))
    assert code == 0 and "wrote" in err
    page = out.read_text(encoding="utf-8")
    assert "Methodology card: alpha" in page and 'id="matrix"' not in page  # one paper: a card, no matrix
    code, text, _ = run_cli("--store", str(corpus), "report", "-p", "beta", "-p", "gamma")
    assert code == 0 and "## beta" in text and "## gamma" in text and "## alpha" not in text
    code, _, err = run_cli("--store", str(corpus), "report", "--paper", "nope")
    assert code == 1 and "unknown paper 'nope'" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run_cli("--store", str(tmp_path / "empty"), "report")
    assert code == 1 and "no papers yet" in err
    for command in ("report", "export"):
        code, text, _ = run_cli(command, "--help")
        assert code == 0 and "Example" in text


@needs_shared
def test_seed_card_shows_preprocessing_not_stated_and_imagenet_weights_with_quote(run_cli, tmp_path):
    store = str(tmp_path / "seed")
    assert run_cli("--store", store, "ingest", str(SEED_CONTEXT), "--paper-id", "seed")[0] == 0
    code, text, _ = run_cli("--store", store, "report", "--paper", "seed", "--format", "json")
    card = json.loads(text)["cards"][0]
    facets = {f["facet"]: f for f in card["facets"]}
    assert code == 0 and facets["preprocessing"]["status"] == "not_stated" and facets["preprocessing"]["facts"] == []
    weights = facets["pretrained_weights"]
    assert weights["status"] == "stated" and weights["facts"][0]["value"] == "ImageNet"
    assert "pre-trained weights obtained from the ‘imagenet’ dataset" in weights["facts"][0]["evidence"]
    code, md_text, _ = run_cli("--store", store, "report", "--paper", "seed")
    assert "**Preprocessing** ★ — `not_stated` — not stated" in md_text
    assert "> The models were initialized with pre-trained weights obtained from the ‘imagenet’ dataset." in md_text


def test_csv_cells_never_start_like_a_spreadsheet_formula(tmp_path, run_cli):
    (tmp_path / "f.txt").write_text("Methods\n\n=HYPERLINK(\"http://x\") We trained a U-Net with Adam.")
    run_cli("ingest", str(tmp_path / "f.txt"))
    code, out, _ = run_cli("report", "--format", "csv")
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert code == 0 and any("HYPERLINK" in c for c in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
