"""The extractor contract and the one registry of back-ends.

A back-end implements `extract(document) -> PaperMethodology`; everything before (loading,
normalization) and after (grounding check, storage) is shared, so back-ends stay small.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from typing import Any

from extractor.document import Document
from schema.models import PaperMethodology

# name -> "module:Class"; imported only when chosen, so the offline path never loads openai.
EXTRACTORS: dict[str, str] = {
    "rules": "extractor.rules:RuleExtractor",
    "llm": "extractor.llm:LLMExtractor",
    "hybrid": "extractor.hybrid:HybridExtractor",
}


class Extractor(ABC):
    """Turns one normalized document into facts for every facet it assesses."""

    name: str
    version: str

    @property
    def tag(self) -> str:
        """`name@version`, recorded on every fact and assessment."""
        return f"{self.name}@{self.version}"

    @abstractmethod
    def extract(self, document: Document) -> PaperMethodology:
        """Facts with evidence cut from `document.text`; a facet not assessed is simply absent."""

    def close(self) -> None:
        """Release clients or caches (nothing by default)."""


def get_extractor(name: str, **options: Any) -> Extractor:
    from schema.errors import MethodkgError

    try:
        module_name, class_name = EXTRACTORS[name].split(":")
    except KeyError:
        raise MethodkgError(f"unknown extractor {name!r}; choose one of: {', '.join(EXTRACTORS)}") from None
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(**options)
