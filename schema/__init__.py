"""Contracts: the facet catalog, the alias table, the pydantic models and the error hierarchy."""

from schema.catalog import FACETS, FACETS_BY_CQ, FACETS_BY_KEY, Facet, facet
from schema.errors import MethodkgError
from schema.models import Evidence, FacetResult, Fact, PaperMethodology, Status, Usage

__all__ = [
    "FACETS", "FACETS_BY_CQ", "FACETS_BY_KEY", "Evidence", "Fact", "Facet", "FacetResult",
    "MethodkgError", "PaperMethodology", "Status", "Usage", "facet",
]
