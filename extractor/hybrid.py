"""Rules and LLM together: facts merged per facet, each with its own evidence, deduplicated by fact_id.

Where the LLM failed for a facet, the rules' facts are kept AND the LLM's failure reason is recorded
(FacetResult.error), so the facet's status is `failed`: the rules alone missing something is not
evidence that the paper does not state it, and a half-done assessment must not read as complete. The
rules' facts stay visible (`methodkg facts`) and the next run retries the LLM part.
"""

from __future__ import annotations

from typing import Any

from extractor.base import Extractor
from extractor.document import Document
from extractor.rules import RuleExtractor
from schema.models import FacetResult, PaperMethodology, Usage


class HybridExtractor(Extractor):
    name = "hybrid"

    def __init__(self, **llm_options: Any) -> None:
        from extractor.llm import LLMExtractor

        self.rules = RuleExtractor()
        self.llm = LLMExtractor(**llm_options)
        self.version = f"{self.rules.tag}+{self.llm.tag}"

    @property
    def concurrency(self) -> int:
        return self.llm.concurrency

    def extract(self, document: Document) -> PaperMethodology:
        by_rules = self.rules.extract(document)
        by_llm = self.llm.extract(document)
        facets: dict[str, FacetResult] = {}
        for key in dict.fromkeys([*by_rules.facets, *by_llm.facets]):
            ours, theirs = by_rules.facets.get(key), by_llm.facets.get(key)
            facts, seen = [], set()
            for result in (theirs, ours):  # the LLM's fact first: its quote is the model's chosen evidence
                for fact in result.facts if result else []:
                    if fact.fact_id not in seen:
                        seen.add(fact.fact_id)
                        facts.append(fact)
            error = theirs.error if theirs else None
            if error and ours and ours.error is None:
                error = f"LLM: {error} (rule-based facts kept)"
            elif ours and ours.error:
                error = f"rules: {ours.error}" + (f"; LLM: {error}" if error else "")
            facets[key] = FacetResult(facet=key, facts=facts, error=error, extractor=self.tag)
        failed = any(r.error for r in facets.values())
        return PaperMethodology(
            paper_id=document.paper_id, title=document.title, doi=document.doi, source=document.source,
            sha256=document.sha256, extractor=self.tag if not failed else f"{self.tag}+failed", facets=facets,
            usage=Usage(**by_llm.usage.model_dump()),
        )

    def cancel(self) -> None:
        self.llm.cancel()

    def close(self) -> None:
        self.llm.close()
