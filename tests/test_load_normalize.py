import gzip
import json

from extractor.load import LoadFailure, load_path, strip_retrieval_record
from extractor.normalize import detect_sections, normalize_text
from tests.conftest import SEED_CONTEXT, SEED_RECORD, needs_shared


def test_normalization_ligatures_hyphenation_whitespace():
    text = normalize_text("The clas-\nsification uses ﬁne-tuning of pre-\ntrained   weights\nacross lines.")
    assert text == "The classification uses fine-tuning of pre-trained weights across lines."


def test_headings_become_sections():
    text = normalize_text("Intro text.\n\n2. Materials and methods\n\nWe used Adam.\n\nReferences\n\nSmith, J., 2019.")
    kinds = [(s.title, s.kind) for s in detect_sections(text)]
    assert kinds == [("(front matter)", "front"), ("2. Materials and methods", "methods"), ("References", "references")]


@needs_shared
def test_retrieval_record_keeps_only_the_context():
    record = SEED_RECORD.read_text(encoding="utf-8")
    context = strip_retrieval_record(record)
    assert "Helpful Answer" not in context and "Query:" not in context and "Use the following" not in context
    assert normalize_text(context) == normalize_text(SEED_CONTEXT.read_text(encoding="utf-8"))


def test_jsonl_bad_lines_are_reported_and_the_rest_loaded(tmp_path):
    path = tmp_path / "papers.jsonl.gz"
    lines = [json.dumps({"paper_id": "a", "text": "We used Adam."}), "{not json", json.dumps({"paper_id": "b"}),
             json.dumps({"doc_id": "c__cq1", "paper_id": "c", "context": "Images were collected."})]
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    results = list(load_path(path))
    assert [r.paper_id for r in results if not isinstance(r, LoadFailure)] == ["a", "c__cq1"]
    failures = [str(r) for r in results if isinstance(r, LoadFailure)]
    assert len(failures) == 2 and "papers.jsonl.gz:2: invalid JSON" in failures[0] and ":3: no `text`" in failures[1]


def test_bad_files_get_one_reason_each(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "paper.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    reasons = {p.name: str(next(load_path(p))) for p in tmp_path.iterdir()}
    assert "empty file" in reasons["empty.txt"]
    assert "binary content" in reasons["junk.txt"]
    assert "unsupported file type '.docx'" in reasons["paper.docx"]
    assert "PDF" in reasons["broken.pdf"]


def test_text_encodings(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 images were normalized.".encode("latin-1"))
    (tmp_path / "wide.txt").write_bytes("We used Adam.".encode("utf-16"))
    assert next(load_path(tmp_path / "latin.txt")).raw_text.startswith("Café")
    assert next(load_path(tmp_path / "wide.txt")).raw_text == "We used Adam."


def test_tei_reads_body_and_skips_bibliography(tmp_path):
    tei = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A study</title></titleStmt>
    <sourceDesc><biblStruct><idno type="DOI">10.1/x</idno></biblStruct></sourceDesc></fileDesc></teiHeader>
    <text><body><div><head n="2">Methods</head><p>We used the Adam optimizer.</p></div></body>
    <back><div type="references"><listBibl><biblStruct><title>SGD paper</title></biblStruct></listBibl></div></back></text></TEI>"""
    (tmp_path / "p.xml").write_text(tei)
    doc = next(load_path(tmp_path / "p.xml"))
    assert doc.title == "A study" and doc.doi == "10.1/x"
    assert "2 Methods" in doc.raw_text and "Adam" in doc.raw_text and "SGD" not in doc.raw_text


def test_tei_entity_expansion_is_refused(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&lol2;</p></body></text></TEI>')
    (tmp_path / "bomb.xml").write_text(bomb)
    result = next(load_path(tmp_path / "bomb.xml"))
    assert isinstance(result, LoadFailure) and "unsafe XML" in result.reason


@needs_shared
def test_seed_files_load():
    assert next(load_path(SEED_CONTEXT)).paper_id == "context"


def test_line_end_hyphen_kept_only_for_compound_prefixes():
    text = normalize_text("The de-\npendencies, re-\nsults and in-\nput of the pre-\ntrained, non-\nlinear, state-\n"
                          "of-the-art model; a state-\nment on high-\nest scores.")
    assert text == ("The dependencies, results and input of the pre-trained, non-linear, state-of-the-art model; "
                    "a statement on highest scores.")
