"""Ingest: load -> normalize -> extract -> prune ungrounded facts -> write in batches.

Shared by `methodkg ingest`, `demo`, the benchmarks and the tests. A bad file or a failing paper is
reported and skipped; the rest of the batch goes on; what was written stays written. Papers whose
text and extractor are unchanged are skipped, so an interrupted run simply runs again.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

from extractor.base import Extractor
from extractor.document import Document
from extractor.load import DEFAULT_MAX_BYTES, LoadFailure, discover, load_path, suffix_of
from extractor.normalize import normalize_document
from schema.errors import MethodkgError, StoreError
from schema.models import FacetResult, PaperMethodology, Usage

log = logging.getLogger("methodkg.ingest")

DEFAULT_MAX_FACTS = 2000

EventKind = Literal["stored", "unchanged", "failed"]


class WritableStore(Protocol):
    def write(self, papers: Sequence[PaperMethodology]) -> None: ...
    def fingerprint(self, paper_id: str) -> tuple[str, str] | None: ...


@dataclass(frozen=True)
class IngestEvent:
    kind: EventKind
    source: str
    paper_id: str | None = None
    reason: str | None = None
    paper: PaperMethodology | None = None


@dataclass
class IngestSummary:
    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    facts: int = 0
    rejected_facts: int = 0
    usage: Usage = field(default_factory=Usage)
    failures: list[str] = field(default_factory=list)

    def add(self, event: IngestEvent) -> None:
        if event.kind == "stored":
            self.stored += 1
        elif event.kind == "unchanged":
            self.unchanged += 1
        else:
            self.failed += 1
            self.failures.append(f"{event.source}: {event.reason}")


def prune_ungrounded(paper: PaperMethodology, text: str, max_facts: int = DEFAULT_MAX_FACTS) -> tuple[PaperMethodology, list[str]]:
    """Drop every fact whose quote is not the text at its span, and cap facts per paper; say why."""
    reasons: list[str] = []
    kept_total = 0
    facets: dict[str, FacetResult] = {}
    for key, result in paper.facets.items():
        kept = []
        for fact in result.facts:
            if not fact.evidence.is_grounded_in(text):
                reasons.append(f"{paper.paper_id}/{key}: dropped {fact.value!r}: quote not found in the text at "
                               f"{fact.evidence.start}-{fact.evidence.end}")
            elif kept_total >= max_facts:
                reasons.append(f"{paper.paper_id}/{key}: dropped {fact.value!r}: over the limit of {max_facts} facts "
                               "per paper (--max-facts)")
            else:
                kept.append(fact)
                kept_total += 1
        facets[key] = result.model_copy(update={"facts": kept})
    for reason in reasons:
        log.warning(reason)
    return paper.model_copy(update={"facets": facets}), reasons


def extract_document(document: Document, extractor: Extractor, max_facts: int = DEFAULT_MAX_FACTS) -> tuple[PaperMethodology, list[str]]:
    paper = extractor.extract(document)
    paper = paper.model_copy(update={"extracted_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")})
    return prune_ungrounded(paper, document.text, max_facts)


def count_papers(paths: Iterable[Path]) -> int:
    """How many papers the paths hold (JSONL lines counted), for a progress bar."""
    total = 0
    for item in discover(list(paths)):
        if isinstance(item, LoadFailure):
            total += 1
            continue
        if suffix_of(item) in (".jsonl", ".jsonl.gz"):
            opener = gzip.open if suffix_of(item) == ".jsonl.gz" else open
            try:
                with opener(item, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


def ingest(
    paths: Sequence[Path],
    store: WritableStore,
    extractor: Extractor,
    *,
    paper_id: str | None = None,
    force: bool = False,
    batch_size: int = 25,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_facts: int = DEFAULT_MAX_FACTS,
    on_event: Callable[[IngestEvent], None] | None = None,
) -> IngestSummary:
    """Ingest files and folders into the store; `paper_id` names a single file's paper."""
    summary = IngestSummary()
    pending: list[PaperMethodology] = []
    seen: set[str] = set()

    def emit(event: IngestEvent) -> None:
        summary.add(event)
        if on_event:
            on_event(event)

    def flush() -> None:
        if pending:
            batch = pending[:]
            pending.clear()
            store.write(batch)

    try:
        for item in discover(list(paths)):
            if isinstance(item, LoadFailure):
                emit(IngestEvent("failed", item.source, reason=item.reason))
                continue
            for loaded in load_path(item, paper_id=paper_id, max_bytes=max_bytes):
                if isinstance(loaded, LoadFailure):
                    emit(IngestEvent("failed", loaded.source, reason=loaded.reason))
                    continue
                if loaded.paper_id in seen:
                    emit(IngestEvent("failed", loaded.source, loaded.paper_id,
                                     f"duplicate paper id {loaded.paper_id!r} in this run; give distinct ids"))
                    continue
                seen.add(loaded.paper_id)
                try:
                    document = normalize_document(loaded)
                    if not force and store.fingerprint(document.paper_id) == (document.sha256, extractor.tag):
                        emit(IngestEvent("unchanged", loaded.source, document.paper_id))
                        continue
                    paper, rejected = extract_document(document, extractor, max_facts)
                except StoreError:  # the store, not this paper, is the problem: stop (work written is kept)
                    raise
                except MethodkgError as error:
                    emit(IngestEvent("failed", loaded.source, loaded.paper_id, str(error)))
                    continue
                except Exception as error:  # one paper's bug must not sink the batch
                    log.exception("extraction of %s failed", loaded.source)
                    emit(IngestEvent("failed", loaded.source, loaded.paper_id,
                                     f"extraction failed: {type(error).__name__}: {error}"))
                    continue
                summary.facts += sum(len(r.facts) for r in paper.facets.values())
                summary.rejected_facts += len(rejected)
                summary.usage = _add_usage(summary.usage, paper.usage)
                pending.append(paper)
                emit(IngestEvent("stored", loaded.source, paper.paper_id, paper=paper))
                if len(pending) >= batch_size:
                    flush()
    finally:  # Ctrl-C or a crash: keep what is done
        flush()
    return summary


def _add_usage(a: Usage, b: Usage) -> Usage:
    return Usage(calls=a.calls + b.calls, prompt_tokens=a.prompt_tokens + b.prompt_tokens,
                 completion_tokens=a.completion_tokens + b.completion_tokens, cached_calls=a.cached_calls + b.cached_calls)
