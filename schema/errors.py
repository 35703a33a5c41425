"""One root exception and a few meaningful subclasses, so callers can catch at the right level."""


class MethodkgError(Exception):
    """Root of every error methodkg raises on purpose."""


class InputError(MethodkgError):
    """A source file cannot be read as a paper (missing, empty, corrupt, unsupported)."""


class ExtractionError(MethodkgError):
    """An extractor could not produce a result for a paper or a facet."""


class UngroundedEvidence(ExtractionError):
    """A fact's quote is not in the source text at its span."""


class UnknownFacet(MethodkgError):
    """A facet key that is not in the catalog."""


class RoutingError(MethodkgError):
    """A question that cannot be mapped to a facet."""


class StoreError(MethodkgError):
    """The graph store cannot be read or written."""


class StoreUnavailable(StoreError):
    """The graph server cannot be reached."""


class StoreLocked(StoreError):
    """Another process holds the embedded store's write lock."""


class QueryRefused(StoreError):
    """A Cypher query that methodkg will not run (write without --write, unsupported on this store)."""
