"""Typed contracts between pipeline steps: evidence, facts, per-facet results, a paper's methodology.

Models forbid unknown fields so a typo or an LLM's invented key fails loudly. Grounding is checked
against the source text passed as validation context (`context={"text": ...}`): a fact whose quote
is not the text at its span does not validate.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from schema.catalog import FACETS, FACETS_BY_KEY

SCHEMA_VERSION = "1"


class Status(StrEnum):
    """The five answer statuses of DESIGN.md, never confused with each other."""

    STATED = "stated"
    NEGATED = "negated"
    NOT_STATED = "not_stated"
    NOT_EXTRACTED = "not_extracted"
    FAILED = "failed"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Strict):
    """A verbatim quote of the normalized paper text and where it stands."""

    quote: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    section: str | None = None

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Evidence:
        if self.end - self.start != len(self.quote):
            raise ValueError(f"span {self.start}-{self.end} does not have the quote's length {len(self.quote)}")
        text = (info.context or {}).get("text") if info is not None else None
        if text is not None and text[self.start : self.end] != self.quote:
            raise ValueError(f"quote not found in the source text at {self.start}-{self.end}: {self.quote[:60]!r}")
        return self

    @classmethod
    def from_span(cls, text: str, start: int, end: int, section: str | None = None) -> Evidence:
        """Evidence cut from the text itself, so it is grounded by construction."""
        return cls(quote=text[start:end], start=start, end=end, section=section)

    def is_grounded_in(self, text: str) -> bool:
        return text[self.start : self.end] == self.quote


class Fact(_Strict):
    """One methodological fact of one paper, with the quote that supports it."""

    facet: str
    value: str = Field(min_length=1, description="canonical name of the value node, e.g. ResNet-50")
    mention: str = Field(min_length=1, description="the spelling used in the paper")
    evidence: Evidence
    amount: str | None = Field(default=None, description="quantitative setting, e.g. 0.001 (hyper-parameters)")
    unit: str | None = None
    negated: bool = False
    hedged: bool = Field(default=False, description="generic, hypothetical or cited mention: not this paper's fact")
    extractor: str = Field(description="name@version of the extractor that produced it")

    @model_validator(mode="after")
    def _known_facet(self) -> Fact:
        if self.facet not in FACETS_BY_KEY:
            raise ValueError(f"unknown facet {self.facet!r}")
        return self

    @property
    def fact_id(self) -> str:
        """Content-derived id: the same fact of the same paper always gets the same id."""
        return content_id(self.facet, self.value, self.amount or "", self.unit or "", str(self.negated), str(self.hedged))

    @property
    def counts_as_stated(self) -> bool:
        return not self.negated and not self.hedged

    def display_value(self) -> str:
        if self.amount is None:
            return self.value
        return f"{self.value} = {self.amount}{(' ' + self.unit) if self.unit else ''}"


class FacetResult(_Strict):
    """What extraction found for one facet of one paper; `status` follows from the facts."""

    facet: str
    facts: list[Fact] = Field(default_factory=list)
    error: str | None = Field(default=None, description="why extraction of this facet failed")
    extractor: str

    @property
    def status(self) -> Status:
        return status_of(self.facts, self.error)

    @property
    def stated_facts(self) -> list[Fact]:
        return [f for f in self.facts if f.counts_as_stated]


def status_of(facts: list[Fact], error: str | None) -> Status:
    """The one rule that turns facts into a status (stores and answers all use it)."""
    if error is not None:
        return Status.FAILED
    if any(f.counts_as_stated for f in facts):
        return Status.STATED
    if any(f.negated and not f.hedged for f in facts):
        return Status.NEGATED
    return Status.NOT_STATED


class Usage(_Strict):
    """Cost of extracting one paper (LLM calls and tokens; zero for rules)."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_calls: int = 0


class PaperMethodology(_Strict):
    """Everything methodkg knows about one paper: the unit written to and read from the graph."""

    paper_id: str = Field(min_length=1)
    title: str | None = None
    doi: str | None = None
    source: str | None = None
    sha256: str = Field(min_length=64, max_length=64, description="of the normalized text")
    extractor: str
    extracted_at: str | None = Field(default=None, description="UTC ISO time of extraction")
    facets: dict[str, FacetResult] = Field(default_factory=dict)
    usage: Usage = Field(default_factory=Usage)

    def status(self, facet_key: str) -> Status:
        result = self.facets.get(facet_key)
        return Status.NOT_EXTRACTED if result is None else result.status

    def ordered_results(self) -> list[FacetResult]:
        """Results in catalog order (reports and answers rely on a stable order)."""
        return [self.facets[f.key] for f in FACETS if f.key in self.facets]


def content_id(*parts: Any) -> str:
    """A short stable hash of its parts, used for node and relationship ids."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:20]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
