import csv

import pytest
from pydantic import ValidationError

from schema.aliases import alias_key, canonicalize
from schema.catalog import FACETS, FACETS_BY_CQ, NODE_LABELS, REL_TYPES
from schema.models import Evidence, FacetResult, Fact, Status
from tests.conftest import BENCHMARK, needs_shared


@needs_shared
def test_one_facet_per_competency_question_with_its_exact_text():
    rows = list(csv.DictReader((BENCHMARK / "cqs.csv").read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 28
    for row in rows:
        assert FACETS_BY_CQ[int(row["cq"])].question == row["question"]


def test_extra_facets_and_allow_list():
    keys = {f.key for f in FACETS}
    assert {"pretrained_weights", "loss_function", "hyperparameters"} <= keys
    assert len(NODE_LABELS) == len(FACETS) + 2 and len(REL_TYPES) == len(FACETS) + 1


@pytest.mark.parametrize(("facet", "spelling", "canonical"), [
    ("model", "ResNet50", "ResNet-50"), ("model", "resnet 50", "ResNet-50"), ("model", "ResNet-50", "ResNet-50"),
    ("optimizer", "stochastic gradient descent", "SGD"), ("framework", "Tensorflow", "TensorFlow"),
    ("model", "unet", "U-Net"), ("model", "Some  New Net", "Some New Net"),
])
def test_alias_table_canonicalizes(facet, spelling, canonical):
    assert canonicalize(facet, spelling) == canonical


def test_alias_key_folds_case_and_punctuation():
    assert alias_key("Faster R-CNN") == alias_key("faster rcnn") == "fasterrcnn"


TEXT = "We trained the network with Adam at a learning rate of 0.001."


def test_evidence_must_be_the_text_at_its_span():
    good = Evidence.model_validate({"quote": "Adam", "start": 28, "end": 32}, context={"text": TEXT})
    assert good.is_grounded_in(TEXT)
    with pytest.raises(ValidationError, match="quote not found"):
        Evidence.model_validate({"quote": "SGD", "start": 28, "end": 31}, context={"text": TEXT})
    with pytest.raises(ValidationError, match="length"):
        Evidence(quote="Adam", start=0, end=10)


def test_models_forbid_unknown_fields_and_facets():
    ev = Evidence.from_span(TEXT, 28, 32)
    with pytest.raises(ValidationError):
        Fact(facet="optimizer", value="Adam", mention="Adam", evidence=ev, extractor="t@1", confidence=0.9)
    with pytest.raises(ValidationError, match="unknown facet"):
        Fact(facet="flavour", value="Adam", mention="Adam", evidence=ev, extractor="t@1")


def test_status_rule():
    ev = Evidence.from_span(TEXT, 28, 32)
    stated = Fact(facet="optimizer", value="Adam", mention="Adam", evidence=ev, extractor="t@1")
    hedged = stated.model_copy(update={"hedged": True})
    negated = stated.model_copy(update={"negated": True})
    assert FacetResult(facet="optimizer", facts=[stated], extractor="t@1").status is Status.STATED
    assert FacetResult(facet="optimizer", facts=[hedged], extractor="t@1").status is Status.NOT_STATED
    assert FacetResult(facet="optimizer", facts=[negated], extractor="t@1").status is Status.NEGATED
    assert FacetResult(facet="optimizer", facts=[], extractor="t@1").status is Status.NOT_STATED
    assert FacetResult(facet="optimizer", facts=[stated], error="timeout", extractor="t@1").status is Status.FAILED
    assert stated.fact_id != negated.fact_id and stated.fact_id == stated.model_copy().fact_id
