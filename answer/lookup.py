"""Answer a routed question from a stored paper: grounded values, or exactly "not stated".

Nothing here generates text from the paper: an answer is the stored facts with their quotes, or one of
the five statuses said plainly.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from answer.router import Route
from schema.models import Fact, PaperMethodology, Status, status_of

NOT_STATED = "not stated"


class AnswerValue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str
    mention: str
    amount: str | None = None
    unit: str | None = None
    evidence: str
    start: int
    end: int
    section: str | None = None
    negated: bool = False

    @classmethod
    def of(cls, fact: Fact) -> AnswerValue:
        return cls(value=fact.display_value(), mention=fact.mention, amount=fact.amount, unit=fact.unit,
                   evidence=fact.evidence.quote, start=fact.evidence.start, end=fact.evidence.end,
                   section=fact.evidence.section, negated=fact.negated)


class Answer(BaseModel):
    """The JSON contract of `methodkg ask --json`."""

    model_config = ConfigDict(extra="forbid")
    paper: str
    question: str
    facet: str
    facet_label: str
    status: Status
    answer: str
    values: list[AnswerValue]
    hedged: list[AnswerValue] = []
    reason: str | None = None


def answer_question(paper: PaperMethodology, route: Route, question: str) -> Answer:
    facet = route.facet
    result = paper.facets.get(facet.key)
    base = {"paper": paper.paper_id, "question": question, "facet": facet.key, "facet_label": facet.label}
    if result is None:
        return Answer(**base, status=Status.NOT_EXTRACTED, values=[],
                      answer=f"not extracted: {facet.label.lower()} was never extracted for this paper",
                      reason="facet not assessed by the extractor that stored this paper; re-run `ingest --force`")
    if result.error is not None:  # still `failed`, but facts kept (e.g. rules in hybrid mode) are shown
        kept = [f for f in result.facts if route.keeps(f.value)]
        return Answer(**base, status=Status.FAILED, reason=result.error,
                      values=[AnswerValue.of(f) for f in kept if f.counts_as_stated],
                      hedged=[AnswerValue.of(f) for f in kept if f.hedged],
                      answer=f"extraction failed: {result.error}")
    facts = [f for f in result.facts if route.keeps(f.value)]
    status = status_of(facts, None)
    hedged = [AnswerValue.of(f) for f in facts if f.hedged]
    if status is Status.STATED:
        values = [AnswerValue.of(f) for f in facts if f.counts_as_stated]
        text = "; ".join(dict.fromkeys(v.value for v in values))
    elif status is Status.NEGATED:
        values = [AnswerValue.of(f) for f in facts if f.negated and not f.hedged]
        text = "not done: " + "; ".join(dict.fromkeys(f"{v.value}" for v in values))
    else:
        values, text = [], NOT_STATED
    return Answer(**base, status=status, values=values, hedged=hedged, answer=text)
