"""methodkg eval on a store the test ingests and gold/baseline files the test writes; figures checked by hand."""

import json

from evaluation.score import Figures


def _corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "p1.txt").write_text("Methods\n\nWe trained a U-Net with the Adam optimizer.")
    (folder / "p2.txt").write_text("Methods\n\nWe counted birds along transects.")
    (folder / "p3.txt").write_text("Methods\n\nNo data augmentation was applied to the images.")
    return folder


GOLD = """paper_id,cq,label
p1,15,stated
p2,15,stated
p3,4,stated
p2,4,not_stated
p1,4,not_stated
p2,12,not_stated
p1,12,not_stated
ghost,15,stated
"""
# ours:     p1/15 stated (tp), p2/15 not_stated (fn), p3/4 negated -> stated (tp), p2/4 (tn), p1/4 (tn),
#           p2/12 (tn), p1/12 U-Net stated (fp), ghost missing.
BASELINE = """paper_id,cq,vote,yes_count
p1,15,stated,5
p2,15,stated,4
p3,4,not_stated,1
p2,4,stated,3
p1,4,not_stated,0
p2,12,not_stated,0
p1,12,not_stated,2
"""


def test_eval_figures_by_hand(run_cli, tmp_path):
    run_cli("ingest", str(_corpus(tmp_path)))
    (tmp_path / "gold.csv").write_text(GOLD)
    (tmp_path / "base.csv").write_text(BASELINE)
    code, out, _ = run_cli("eval", "--gold", str(tmp_path / "gold.csv"), "--baseline", str(tmp_path / "base.csv"), "--json")
    assert code == 0
    data = json.loads(out)
    ours = data["ours"]["overall"]
    assert (ours["tp"], ours["fn"], ours["tn"], ours["fp"], ours["missing"]) == (2, 1, 3, 1, 1)
    assert ours["agreement"] == 5 / 7 and ours["recall_stated"] == 2 / 3 and ours["specificity"] == 3 / 4
    assert data["ours"]["per_cq"]["4"]["tp"] == 1  # negated counts as "the paper addresses it"
    assert data["ours"]["per_cq"]["12"]["fp"] == 1
    base = data["baseline"]["overall"]
    # baseline: p1/15 tp, p2/15 tp, p3/4 fn, p2/4 fp, p1/4 tn, p2/12 tn, p1/12 tn; ghost has no vote -> missing
    assert (base["tp"], base["fn"], base["tn"], base["fp"], base["missing"]) == (2, 1, 3, 1, 1)
    assert data["baseline"]["rows_without_baseline"] == 1


def test_eval_restricts_questions_and_prints_a_table(run_cli, tmp_path):
    run_cli("ingest", str(_corpus(tmp_path)))
    (tmp_path / "gold.csv").write_text(GOLD)
    code, out, _ = run_cli("eval", "--gold", str(tmp_path / "gold.csv"), "--cq", "12", "--json")
    data = json.loads(out)
    assert code == 0 and data["rows"] == 2 and list(data["ours"]["per_cq"]) == ["12"]
    assert data["ours"]["overall"]["agreement"] == 0.5
    code, out, _ = run_cli("eval", "--gold", str(tmp_path / "gold.csv"))
    assert code == 0 and "optimizer" in out and "missing" in out


def test_eval_table_is_readable_in_80_columns(run_cli, tmp_path):
    run_cli("ingest", str(_corpus(tmp_path)))
    (tmp_path / "gold.csv").write_text(GOLD)
    (tmp_path / "base.csv").write_text(BASELINE)
    code, out, _ = run_cli("eval", "--gold", str(tmp_path / "gold.csv"), "--baseline", str(tmp_path / "base.csv"))
    assert code == 0
    assert "\u2026" not in out  # no cell or header cut short
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "base" in out and "--json for the raw counts" in out


def test_eval_contexts_use_doc_id_and_the_papers_baseline(run_cli, tmp_path):
    contexts = tmp_path / "contexts.jsonl"
    contexts.write_text(
        json.dumps({"doc_id": "pa__cq15", "paper_id": "pa", "cq": 15, "context": "We used the Adam optimizer."}) + "\n"
        + json.dumps({"doc_id": "pa__cq20", "paper_id": "pa", "cq": 20, "context": "Birds were counted."}) + "\n")
    run_cli("ingest", str(contexts))
    (tmp_path / "gold.csv").write_text("doc_id,paper_id,cq,label\npa__cq15,pa,15,stated\npa__cq20,pa,20,not_stated\n")
    (tmp_path / "base.csv").write_text("paper_id,cq,vote\npa,15,not_stated\npa,20,stated\n")
    code, out, _ = run_cli("eval", "--gold", str(tmp_path / "gold.csv"), "--contexts", "--baseline",
                           str(tmp_path / "base.csv"), "--json")
    data = json.loads(out)
    assert code == 0 and data["ours"]["overall"]["agree"] == 2
    assert data["baseline"]["overall"]["agree"] == 0 and data["baseline"]["overall"]["fp"] == 1


def test_eval_bad_gold_is_one_clear_error(run_cli, tmp_path):
    (tmp_path / "gold.csv").write_text("paper_id,cq,label\np1,15,maybe\n")
    code, _, err = run_cli("eval", "--gold", str(tmp_path / "gold.csv"))
    assert code == 1 and "gold.csv:2" in err and "maybe" in err
    code, _, err = run_cli("eval", "--gold", str(tmp_path / "missing.csv"))
    assert code == 1 and "no such file" in err


def test_figures_rates_are_none_without_rows():
    figures = Figures()
    assert figures.agreement is None and figures.recall is None
    figures.add("stated", "missing")
    assert figures.missing == 1 and figures.scored == 0
