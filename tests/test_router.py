import csv

import pytest

from answer.router import route
from schema.errors import RoutingError
from tests.conftest import BENCHMARK, needs_shared


@needs_shared
def test_each_competency_question_routes_to_its_own_facet():
    for row in csv.DictReader((BENCHMARK / "cqs.csv").read_text(encoding="utf-8").splitlines()):
        assert route(row["question"]).facet.cq == int(row["cq"])
        assert route(row["question"]).value_filter is None


@pytest.mark.parametrize(("question", "facet", "value_filter"), [
    ("Which optimizer did they use?", "optimizer", None),
    ("What learning rate?", "hyperparameters", "learning rate"),
    ("What batch size did they use?", "hyperparameters", "batch size"),
    ("Is the code available?", "code_link", None),
    ("Where can I find the code?", "code_repository", None),
    ("Is the data available?", "data_repository", None),
    ("Which pre-trained weights were used?", "pretrained_weights", None),
    ("Which GPU was used to train the model?", "hardware", None),
    ("What loss function?", "loss_function", None),
    ("How was the data split?", "data_split", None),
    ("Did they fix a random seed?", "randomness", None),
    ("cq 12", "model", None),
    ("optimizer", "optimizer", None),
    ("Was the model fine-tuned?", "pretrained_weights", None),  # not hyper-parameter *tuning*
    ("Which tuning method was used for the hyperparameters?", "hyperparameter_tuning", None),
    ("How was the model validated?", "generalizability", None),
    ("How many epochs?", "hyperparameters", "epochs"),
])
def test_paraphrases(question, facet, value_filter):
    routed = route(question)
    assert (routed.facet.key, routed.value_filter) == (facet, value_filter)


def test_unroutable_question_is_an_error():
    with pytest.raises(RoutingError, match="methodkg facets"):
        route("What is the colour of the sky?")
