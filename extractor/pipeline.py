"""Ingest: load -> normalize -> extract -> prune ungrounded facts -> write in batches.

Shared by `methodkg ingest`, `demo`, the benchmarks and the tests. A bad file or a failing paper is
reported and skipped; the rest of the batch goes on; what was written stays written. Papers whose
text and extractor are unchanged are skipped, so an interrupted run simply runs again.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

from extractor.base import Extractor
from extractor.document import Document
from extractor.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MAX_FACTS
from extractor.load import STREAM_SUFFIXES, LoadFailure, discover, load_path, suffix_of
from extractor.normalize import normalize_document
from schema.catalog import FACETS
from schema.errors import MethodkgError, StoreError
from schema.models import FacetResult, PaperMethodology, Usage

log = logging.getLogger("methodkg.ingest")


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
    incomplete: list[str] = field(default_factory=list)  # stored, but some facets failed (LLM errors)

    def add(self, event: IngestEvent) -> None:
        if event.kind == "stored":
            self.stored += 1
            if event.paper is not None and any(r.error for r in event.paper.facets.values()):
                self.incomplete.append(event.paper.paper_id or event.source)
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


def failed_record(document: Document, extractor: Extractor, reason: str) -> PaperMethodology:
    """What to store when extraction of a paper raised: every facet `failed` with the reason, and an
    extractor tag that is not up to date, so the next run extracts the paper again."""
    return PaperMethodology(
        paper_id=document.paper_id, title=document.title, doi=document.doi, source=document.source,
        sha256=document.sha256, extractor=f"{extractor.tag}+failed",
        extracted_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        facets={f.key: FacetResult(facet=f.key, error=reason, extractor=extractor.tag) for f in FACETS},
    )


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
    max_chars: int = DEFAULT_MAX_CHARS,
    on_event: Callable[[IngestEvent], None] | None = None,
    on_total: Callable[[int | None], None] | None = None,
) -> IngestSummary:
    """Ingest files and folders into the store; `paper_id` names a single file's paper.

    `on_total` is told how many events to expect, for a progress bar, without reading any file twice:
    at the start the number of inputs when none is JSONL, else None (unknown: a JSONL file's papers are
    counted as it streams); once the last JSONL file is read, the full count.
    """
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

    # Papers are extracted in input order; an extractor that waits on the network (llm, hybrid) says how
    # many papers may be in flight (`concurrency`), and events are still emitted in input order.
    workers = max(1, int(getattr(extractor, "concurrency", 1) or 1))
    pool = ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
    window: deque[tuple[str, Future | None, IngestEvent | None]] = deque()

    def submit(document: Document) -> Future:
        if pool is not None:
            return pool.submit(extract_document, document, extractor, max_facts)
        done: Future = Future()
        try:
            done.set_result(extract_document(document, extractor, max_facts))
        except Exception as error:  # reported by finish()
            done.set_exception(error)
        return done

    def finish(source: str, future: Future | None, event: IngestEvent | None) -> None:
        if event is not None:
            emit(event)
            return
        assert future is not None
        try:
            paper, rejected = future.result()
        except Exception as error:  # one paper's bug must not sink the batch
            if isinstance(error, MethodkgError):
                reason = str(error)
            else:
                log.error("extraction of %s failed", source, exc_info=error)
                reason = f"extraction failed: {type(error).__name__}: {error}"
            document = getattr(future, "document", None)
            if document is None:
                emit(IngestEvent("failed", source, getattr(future, "paper_id", None), reason))
                return
            paper, rejected = failed_record(document, extractor, reason), []
        if all(r.error for r in paper.facets.values()) and store.fingerprint(paper.paper_id) is not None:
            # Nothing was read this time: what is stored stays (nothing already stored is lost).
            reason = next((r.error for r in paper.facets.values() if r.error), "extraction failed")
            emit(IngestEvent("failed", source, paper.paper_id, f"{reason}; the stored version is kept"))
            return
        if all(r.error for r in paper.facets.values()):  # a new paper: `failed` in the graph, retried next run
            pending.append(paper)
            emit(IngestEvent("failed", source, paper.paper_id, next(r.error for r in paper.facets.values())))
            if len(pending) >= batch_size:
                flush()
            return
        summary.facts += sum(len(r.facts) for r in paper.facets.values())
        summary.rejected_facts += len(rejected)
        summary.usage = _add_usage(summary.usage, paper.usage)
        pending.append(paper)
        emit(IngestEvent("stored", source, paper.paper_id, paper=paper))
        if len(pending) >= batch_size:
            flush()

    def drain(limit: int) -> None:
        while len(window) > limit or (window and window[0][1] is not None and window[0][1].done()):
            finish(*window.popleft())

    items = list(discover(list(paths)))  # file names only: nothing is read here
    streams_left = sum(1 for item in items if isinstance(item, Path) and suffix_of(item) in STREAM_SUFFIXES)
    expected = len(items) - streams_left  # one event per plain file or bad input; JSONL: one per line read
    if on_total:
        on_total(None if streams_left else expected)
    try:
        for item in items:
            if isinstance(item, LoadFailure):
                window.append((item.source, None, IngestEvent("failed", item.source, reason=item.reason)))
                drain(2 * workers)
                continue
            streamed = suffix_of(item) in STREAM_SUFFIXES
            for loaded in load_path(item, paper_id=paper_id, max_bytes=max_bytes):
                expected += streamed
                if isinstance(loaded, LoadFailure):
                    window.append((loaded.source, None, IngestEvent("failed", loaded.source, reason=loaded.reason)))
                elif loaded.paper_id in seen:
                    window.append((loaded.source, None, IngestEvent(
                        "failed", loaded.source, loaded.paper_id,
                        f"duplicate paper id {loaded.paper_id!r} in this run; give distinct ids")))
                elif len(loaded.raw_text) > max_chars:
                    seen.add(loaded.paper_id)
                    window.append((loaded.source, None, IngestEvent(
                        "failed", loaded.source, loaded.paper_id,
                        f"text has {len(loaded.raw_text):,} characters, over the limit of {max_chars:,} (--max-chars)")))
                else:
                    seen.add(loaded.paper_id)
                    try:
                        document = normalize_document(loaded)
                        if not force and store.fingerprint(document.paper_id) == (document.sha256, extractor.tag):
                            window.append((loaded.source, None,
                                           IngestEvent("unchanged", loaded.source, document.paper_id)))
                        else:
                            future = submit(document)
                            future.paper_id = loaded.paper_id  # type: ignore[attr-defined]
                            future.document = document  # type: ignore[attr-defined]
                            window.append((loaded.source, future, None))
                    except StoreError:  # the store, not this paper, is the problem: stop (work written is kept)
                        raise
                    except MethodkgError as error:
                        window.append((loaded.source, None,
                                       IngestEvent("failed", loaded.source, loaded.paper_id, str(error))))
                drain(2 * workers)
            if streamed:
                streams_left -= 1
                if on_total and not streams_left:
                    on_total(expected)
        drain(0)
    except BaseException:  # Ctrl-C or a crash: stop the extractor's calls (its close() waits for them)
        cancel = getattr(extractor, "cancel", None)
        if callable(cancel):
            cancel()
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        try:  # keep what is done, if the store can still take it
            flush()
        except StoreError as error:  # e.g. a Bolt connection cut by the interrupt: the next run redoes the batch
            log.warning("the last batch was not written (%s); running the same command again finishes it", error)
        raise
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
    flush()
    return summary


def _add_usage(a: Usage, b: Usage) -> Usage:
    return Usage(calls=a.calls + b.calls, prompt_tokens=a.prompt_tokens + b.prompt_tokens,
                 completion_tokens=a.completion_tokens + b.completion_tokens, cached_calls=a.cached_calls + b.cached_calls)
