"""Default input limits, in one place for the loaders, the pipeline and the command line (no imports: cheap)."""

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # a file larger than this is refused (--max-bytes)
DEFAULT_MAX_CHARS = 2_000_000  # a long paper is ~100k characters; a whole book ~1M (--max-chars)
DEFAULT_MAX_FACTS = 2000  # facts kept per paper (--max-facts)
