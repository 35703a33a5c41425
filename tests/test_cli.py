import json

from extractor.normalize import normalize_text
from tests.conftest import SEED_CONTEXT, SEED_RECORD, needs_shared, stored_rows

PREPROCESSING = "What preprocessing steps are involved before training a deep learning model (e.g., normalization, scaling, cleaning)?"


@needs_shared
def test_seed_answers_from_context_and_from_raw_record(run_cli, tmp_path):
    for source in (SEED_CONTEXT, SEED_RECORD):
        store = str(tmp_path / source.stem)
        code, _, _ = run_cli("--store", store, "ingest", str(source), "--paper-id", "seed")
        assert code == 0
        code, out, _ = run_cli("--store", store, "ask", PREPROCESSING, "--paper", "seed", "--json")
        answer = json.loads(out)
        assert code == 0 and answer["status"] == "not_stated" and answer["answer"] == "not stated"
        assert answer["paper"] == "seed" and answer["facet"] == "preprocessing" and answer["values"] == []
        answer = json.loads(run_cli("--store", store, "ask", "Which pre-trained weights were used?", "-p", "seed", "--json")[1])
        assert answer["status"] == "stated" and answer["values"][0]["value"] == "ImageNet"
        text = normalize_text(SEED_CONTEXT.read_text(encoding="utf-8"))
        for value in answer["values"]:
            assert set(value) >= {"value", "evidence", "start", "end"}
            assert text[value["start"]:value["end"]] == value["evidence"]
        answer = json.loads(run_cli("--store", store, "ask", "Which optimizer did they use?", "-p", "seed", "--json")[1])
        assert answer["status"] != "stated"


def test_bad_file_in_a_batch_does_not_stop_the_others(run_cli, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Methods\n\nWe trained a U-Net with Adam.")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "bad.pdf").write_bytes(b"%PDF-1.7 garbage")
    code, out, err = run_cli("ingest", str(tmp_path / "in"), "--json")
    summary = json.loads(out)
    assert code == 1 and summary["stored"] == 1 and summary["failed"] == 2
    assert any("empty.txt: empty file" in f for f in summary["failures"])
    code, out, _ = run_cli("ask", "Which optimizer?", "--json")
    assert [a["values"][0]["value"] for a in json.loads(out)] == ["Adam"]


def test_reingest_is_a_no_op_and_force_rewrites(run_cli, tmp_path, store_dir):
    (tmp_path / "p.txt").write_text("We trained a U-Net with Adam.")
    assert json.loads(run_cli("ingest", str(tmp_path / "p.txt"), "--json")[1])["stored"] == 1
    before = stored_rows(store_dir)
    assert [pid for pid, _ in before] == ["p"]
    assert json.loads(run_cli("ingest", str(tmp_path / "p.txt"), "--json")[1])["unchanged"] == 1
    assert stored_rows(store_dir) == before


def test_ask_batch_jsonl(run_cli, tmp_path):
    (tmp_path / "p.txt").write_text("We trained a U-Net with Adam for 50 epochs.")
    run_cli("ingest", str(tmp_path / "p.txt"))
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"paper": "p", "question": "What optimizer?"}\n{"paper": "p", "question": "cq 24"}\n'
                     '{"paper": "nope", "question": "cq 1"}\n')
    code, out, _ = run_cli("ask", "--batch", str(batch), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [a.get("status") for a in lines] == ["stated", "not_stated", None]
    assert "unknown paper" in lines[2]["error"]


def test_demo_runs_offline(run_cli):
    code, out, _ = run_cli("demo", "--json")
    answers = json.loads(out)
    assert code == 0 and {a["paper"] for a in answers} == {"camera_trap_yolo", "birdsong_cnn", "landcover_unet"}
    by = {(a["paper"], a["question"]): a for a in answers}
    assert by[("birdsong_cnn", "Which optimizer did they use?")]["answer"] == "Adam"
    assert by[("landcover_unet", "Which optimizer did they use?")]["status"] == "not_stated"


def test_every_command_has_help_with_an_example(run_cli):
    for command in ("ingest", "ask", "facts", "papers", "facets", "demo", "eval"):
        code, out, _ = run_cli(command, "--help")
        assert code == 0 and "Example" in out, command


def test_unknown_paper_is_a_clear_error(run_cli, tmp_path):
    (tmp_path / "p.txt").write_text("We used Adam.")
    run_cli("ingest", str(tmp_path / "p.txt"))
    code, _, err = run_cli("facts", "missing")
    assert code == 1 and "unknown paper 'missing'" in err


def test_ask_batch_answers_every_line_even_bad_ones(run_cli, tmp_path):
    (tmp_path / "p.txt").write_text("We trained a U-Net with Adam.")
    run_cli("ingest", str(tmp_path / "p.txt"))
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"paper": "p", "question": "What is the capital of France?"}\nnot json\n'
                     '{"paper": "p", "question": "Which optimizer?"}\n')
    code, out, _ = run_cli("ask", "--batch", str(batch), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 3
    assert lines[0]["status"] is None and "cannot tell which facet" in lines[0]["error"]
    assert lines[1]["paper"] is None and "q.jsonl:2" in lines[1]["error"]
    assert lines[2]["status"] == "stated" and lines[2]["values"][0]["value"] == "Adam"


def test_unroutable_question_with_json_still_prints_json(run_cli, tmp_path):
    (tmp_path / "p.txt").write_text("We used Adam.")
    run_cli("ingest", str(tmp_path / "p.txt"))
    code, out, err = run_cli("ask", "asdf qwerty", "--paper", "p", "--json")
    assert code == 1 and "cannot tell which facet" in err
    assert json.loads(out) == {"paper": "p", "question": "asdf qwerty", "facet": None, "status": None, "values": [],
                               "error": json.loads(out)["error"]}


def test_missing_store_and_files_are_one_clear_line(run_cli, tmp_path):
    code, _, err = run_cli("--store", str(tmp_path / "typo"), "papers")
    assert code == 1 and "no methodkg store at" in err and "Traceback" not in err
    (tmp_path / "p.txt").write_text("We used Adam.")
    run_cli("ingest", str(tmp_path / "p.txt"))
    code, _, err = run_cli("ask", "--batch", str(tmp_path / "missing.jsonl"))
    assert code == 1 and "missing.jsonl" in err and "Traceback" not in err
    (tmp_path / "a-file").write_text("")
    code, _, err = run_cli("report", "--out", str(tmp_path / "a-file" / "r.md"))  # a file where a folder must be
    assert code == 1 and err.startswith("error:") and "Traceback" not in err


def test_credentials_in_a_neo4j_uri_are_never_shown(run_cli):
    code, out, err = run_cli("--neo4j", "bolt://neo4j:supersecret999@127.0.0.1:9", "papers")
    assert code == 1 and err.startswith("error:") and "supersecret999" not in out + err
    code, _, err = run_cli("--neo4j", "http://user:supersecret999@127.0.0.1:9", "papers")
    assert code == 1 and "not a Neo4j URI" in err and "supersecret999" not in err and "Traceback" not in err


def test_ask_a_question_naming_two_facets_answers_each(run_cli, tmp_path):
    (tmp_path / "p.txt").write_text("We trained a U-Net with Adam, minimising the cross-entropy loss.")
    (tmp_path / "q.txt").write_text("We trained a U-Net with SGD.")
    run_cli("ingest", str(tmp_path / "p.txt"), str(tmp_path / "q.txt"))
    question = "Which optimizer and loss function were used?"
    code, out, _ = run_cli("ask", question, "--paper", "p", "--json")
    answers = json.loads(out)
    assert code == 0 and [(a["paper"], a["facet"], a["status"]) for a in answers] == [
        ("p", "optimizer", "stated"), ("p", "loss_function", "stated")]
    assert answers[0]["values"][0]["value"] == "Adam" and all(a["question"] == question for a in answers)
    code, out, _ = run_cli("ask", question, "--json")  # every paper: one object per (paper, facet)
    assert {(a["paper"], a["facet"], a["status"]) for a in json.loads(out)} == {
        ("p", "optimizer", "stated"), ("p", "loss_function", "stated"),
        ("q", "optimizer", "stated"), ("q", "loss_function", "not_stated")}
    code, out, _ = run_cli("ask", question, "--paper", "q")
    assert code == 0 and "-> optimizer: Optimizer" in out and "-> loss_function: Loss function" in out
    assert "SGD" in out and "not stated" in out
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"paper": "q", "question": question}) + "\n"
                     + json.dumps({"paper": "q", "question": "What learning rate and batch size?"}) + "\n")
    code, out, _ = run_cli("ask", "--batch", str(batch), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [(a["facet"], a["status"]) for a in lines] == [
        ("optimizer", "stated"), ("loss_function", "not_stated"), ("hyperparameters", "not_stated")]
