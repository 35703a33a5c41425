import csv
import re

import pytest

from answer.router import route, route_all
from schema.catalog import FACETS
from schema.errors import RoutingError
from tests.conftest import BENCHMARK, needs_shared


@needs_shared
def test_each_competency_question_routes_to_its_own_facet():
    for row in csv.DictReader((BENCHMARK / "cqs.csv").read_text(encoding="utf-8").splitlines()):
        assert route(row["question"]).facet.cq == int(row["cq"])
        assert route(row["question"]).value_filter is None


PARAPHRASES = [
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
]


@pytest.mark.parametrize(("question", "facet", "value_filter"), PARAPHRASES)
def test_paraphrases(question, facet, value_filter):
    routed = route(question)
    assert (routed.facet.key, routed.value_filter) == (facet, value_filter)


def test_unroutable_question_is_an_error():
    with pytest.raises(RoutingError, match="methodkg facets"):
        route("What is the colour of the sky?")


@pytest.mark.parametrize(("question", "expected"), [
    ("Which optimizer and loss function were used?", [("optimizer", None), ("loss_function", None)]),
    ("Which GPU and framework did they use?", [("hardware", None), ("framework", None)]),
    ("How was the data split and the model validated?", [("data_split", None), ("generalizability", None)]),
    ("Which optimizer, loss function and learning rate?",
     [("optimizer", None), ("loss_function", None), ("hyperparameters", "learning rate")]),
    # one facet named twice, or a generic second word, or no coordinator: one facet, as `route` says
    ("What learning rate and batch size?", [("hyperparameters", "learning rate")]),
    ("Did they use Adam or SGD?", [("optimizer", None)]),
    ("Which dataset and model were used?", [("datasets", None)]),
    ("Which tuning method was used for the hyperparameters?", [("hyperparameter_tuning", None)]),
    # a list of examples is not a list of facets
    ("What are the hyperparameters used, such as learning rate, optimizer?", [("hyperparameters", None)]),
])
def test_route_all_names_every_facet_the_question_names(question, expected):
    assert [(r.facet.key, r.value_filter) for r in route_all(question)] == expected


def _variants(question: str) -> list[str]:
    """A competency question as asked, without its examples, and with them run into the sentence."""
    lowered = question.lower()
    return [question, re.sub(r"\(e\.g\.[^)]*\)", "", question),
            *(lowered.replace("(e.g.,", lead).replace(")", "") for lead in ("such as", "e.g.", "like", "including"))]


def test_competency_questions_and_paraphrases_stay_one_facet():
    questions = [v for f in FACETS for v in _variants(f.question)] + [q for q, _, _ in PARAPHRASES]
    if BENCHMARK.exists():
        questions += [v for row in csv.DictReader((BENCHMARK / "cqs.csv").read_text(encoding="utf-8").splitlines())
                      for v in _variants(row["question"])]
    checked = 0
    for question in questions:
        try:
            single = route(question)
        except RoutingError:
            continue
        assert route_all(question) == [single], question
        checked += 1
    assert checked >= 150
