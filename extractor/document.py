"""The normalized paper text and its structure, as the extractors see it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

SectionKind = str  # one of SECTION_KINDS

SECTION_KINDS = (
    "front", "abstract", "introduction", "related_work", "methods", "results", "discussion", "conclusion",
    "availability", "acknowledgements", "references", "appendix", "other",
)


class Section(BaseModel):
    """A span of the text under one heading; `kind` tells methods from references or related work."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    kind: SectionKind
    start: int
    end: int


class SourceDocument(BaseModel):
    """What a loader read: the paper's own text (raw) and its metadata."""

    model_config = ConfigDict(extra="forbid")
    paper_id: str = Field(min_length=1)
    raw_text: str
    source: str
    title: str | None = None
    doi: str | None = None


class Document(BaseModel):
    """A paper ready for extraction: normalized text (all offsets point into it) and its sections."""

    model_config = ConfigDict(extra="forbid")
    paper_id: str
    text: str
    sha256: str
    source: str
    title: str | None = None
    doi: str | None = None
    sections: list[Section] = Field(default_factory=list)

    def section_at(self, offset: int) -> Section | None:
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        return None
