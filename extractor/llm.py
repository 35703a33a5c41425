"""The LLM extractor: instructor + openai against any OpenAI-compatible endpoint, grounded facts only.

One structured call per chunk asks for every facet (extractor/llm_prompt.py); instructor validates the
answer against `ChunkFacts` with the chunk as context and re-asks with the validation error when a
quote is not in the text or the JSON is invalid (`max_retries`). Transport failures are ours to handle:
the openai client's own retries are off (`max_retries=0`) so that back-off honours `Retry-After` and every
failure is counted and reported. A chunk that fails for good makes every facet of the paper `failed`
with the reason: a facet we could not read is never `not_stated`.

openai and instructor are imported here only, when this extractor is chosen: `methodkg ask` never
loads them.
"""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pydantic import ValidationError

from extractor.base import Extractor
from extractor.document import Document
from extractor.llm_cache import ResponseCache, cache_key, default_cache_path
from extractor.llm_prompt import (
    PROMPT_VERSION,
    SCHEMA_VERSION,
    Chunk,
    ChunkFacts,
    GroundingState,
    LLMFact,
    chunk_budget_chars,
    estimate_tokens,
    messages,
    plan_chunks,
)
from schema.aliases import canonicalize
from schema.catalog import FACETS
from schema.errors import ExtractionError
from schema.models import Evidence, FacetResult, Fact, PaperMethodology, Usage
from schema.secrets import redact, remember

log = logging.getLogger("methodkg.llm")

VERSION = f"0.1.0+p{PROMPT_VERSION}s{SCHEMA_VERSION}"
OPENAI_URL = "https://api.openai.com/v1"
MODES = ("auto", "tools", "json", "json_schema", "md_json")
DEFAULT_CONTEXT_TOKENS = 8192
MAX_WAIT = 120.0  # seconds: the longest Retry-After we honour
CANCELLED = "cancelled: the run was interrupted"


def choose_mode(mode: str, base_url: str | None) -> str:
    """`auto`: function calling on api.openai.com, JSON-schema constrained output elsewhere.

    OpenAI's tool calls are its best-tested structured path. Local servers (vLLM, llama.cpp, Ollama >= 0.5)
    implement `response_format={"type": "json_schema"}` by constrained decoding, which guarantees
    parseable JSON of the right shape whatever the model's chat template, while their tool calling
    depends on the template and is often ignored (the failure neo4j-graphrag #376 reports). A server
    without json_schema support: pass --mode md_json (schema in the prompt, JSON read from the text).
    """
    if mode not in MODES:
        raise ExtractionError(f"unknown --mode {mode!r}; choose one of: {', '.join(MODES)}")
    if mode != "auto":
        return mode
    return "tools" if urlparse(base_url or OPENAI_URL).hostname == "api.openai.com" else "json_schema"


@dataclass
class ChunkOutcome:
    facts: list[LLMFact] = field(default_factory=list)
    error: str | None = None
    usage: Usage = field(default_factory=Usage)
    dropped: list[str] = field(default_factory=list)


class _Failure(Exception):
    """A classified call failure: transient ones are retried with back-off."""

    def __init__(self, reason: str, transient: bool, wait: float | None = None, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.transient, self.wait, self.unreachable = reason, transient, wait, unreachable


class LLMExtractor(Extractor):
    """Facts from an LLM, each with a quote found in the paper; honest `failed` statuses."""

    name = "llm"

    def __init__(self, model: str | None = None, base_url: str | None = None, api_key: str | None = None,
                 mode: str = "auto", max_retries: int = 2, concurrency: int = 4, timeout: float = 120.0,
                 context_tokens: int = DEFAULT_CONTEXT_TOKENS, use_cache: bool = True, cache_path: Path | None = None,
                 backoff: float = 1.0) -> None:
        self.model = model or os.environ.get("METHODKG_MODEL") or ""
        if not self.model:
            raise ExtractionError("no model given: pass --model or set METHODKG_MODEL (e.g. gpt-4o-mini, or "
                                  "llama3.1 on Ollama)")
        self.base_url = (base_url or os.environ.get("OPENAI_BASE_URL") or OPENAI_URL).rstrip("/")
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if urlparse(self.base_url).hostname == "api.openai.com":
                raise ExtractionError("OPENAI_API_KEY is not set (needed for api.openai.com; local servers given "
                                      "with --base-url accept any key)")
            key = "not-needed"  # Ollama, vLLM and llama.cpp ignore the key
        remember(key)
        self.mode = choose_mode(mode, self.base_url)
        self.max_retries = max(0, max_retries)
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
        self.context_tokens = context_tokens
        self.output_tokens = min(4096, max(512, context_tokens // 4))
        self.budget_chars = chunk_budget_chars(context_tokens, self.output_tokens)
        self.backoff = backoff
        self.version = f"{VERSION}:{self.model}"
        self.cache = ResponseCache(cache_path or default_cache_path()) if use_cache else None
        self._slots = threading.BoundedSemaphore(self.concurrency)
        # One pool for every chunk of every paper: the pipeline's paper threads only wait on it, so
        # `concurrency` stays the number of requests in flight, however many chunks a paper has.
        self._pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="methodkg-llm")
        self._cancel = threading.Event()
        self._unreachable: str | None = None
        self._client = self._make_client(key)

    def _make_client(self, api_key: str) -> Any:
        import instructor
        import openai

        # instructor logs every failed attempt at ERROR; we classify and report failures ourselves
        logging.getLogger("instructor").setLevel(logging.CRITICAL)

        modes = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON,
                 "json_schema": instructor.Mode.JSON_SCHEMA, "md_json": instructor.Mode.MD_JSON}
        self._openai = openai.OpenAI(base_url=self.base_url, api_key=api_key, timeout=self.timeout, max_retries=0)
        return instructor.from_openai(self._openai, mode=modes[self.mode])

    # -- one paper --------------------------------------------------------------------------------------

    def plan(self, document: Document) -> list[Chunk]:
        return plan_chunks(document, self.budget_chars)

    def preview(self, document: Document) -> list[dict[str, Any]]:
        """The exact requests `extract` would send (prompt, schema as the mode sends it), no HTTP call."""
        from instructor.v2.core.providers import Provider
        from instructor.v2.core.registry import mode_registry

        handlers = mode_registry.get_handlers(Provider.OPENAI, self._client.mode)
        requests = []
        for chunk in self.plan(document):
            _, kwargs = handlers.request_handler(ChunkFacts, {"messages": messages(chunk), "model": self.model,
                                                              "temperature": 0, "max_tokens": self.output_tokens})
            text = "".join(str(m.get("content") or "") for m in kwargs["messages"])
            extra = {k: v for k, v in kwargs.items() if k in ("tools", "tool_choice", "response_format")}
            tokens = estimate_tokens(text) + estimate_tokens(json.dumps(extra)) if extra else estimate_tokens(text)
            requests.append({"paper": document.paper_id, "chunk": chunk.index + 1, "of": chunk.total,
                             "chunk_chars": len(chunk.text), "estimated_input_tokens": tokens,
                             "max_output_tokens": self.output_tokens, "request": kwargs})
        return requests

    def extract(self, document: Document) -> PaperMethodology:
        outcomes = self._run_chunks(self.plan(document))
        facts: dict[str, list[Fact]] = {f.key: [] for f in FACETS}
        seen: set[str] = set()
        for outcome in outcomes:
            for reason in outcome.dropped:
                log.warning("%s: dropped ungrounded fact: %s", document.paper_id, reason)
            for item in outcome.facts:
                fact = self._fact(document, item)
                if fact is None:
                    continue
                if fact.fact_id not in seen:
                    seen.add(fact.fact_id)
                    facts[fact.facet].append(fact)
        errors = [o.error for o in outcomes if o.error]
        error = None
        if errors:
            error = errors[0] if len(outcomes) == 1 else f"{len(errors)} of {len(outcomes)} chunks failed: {errors[0]}"
            log.info("%s: LLM extraction failed: %s", document.paper_id, error)  # the CLI prints it once
        usage = Usage()
        for o in outcomes:
            usage = Usage(calls=usage.calls + o.usage.calls, prompt_tokens=usage.prompt_tokens + o.usage.prompt_tokens,
                          completion_tokens=usage.completion_tokens + o.usage.completion_tokens,
                          cached_calls=usage.cached_calls + o.usage.cached_calls)
        return PaperMethodology(
            paper_id=document.paper_id, title=document.title, doi=document.doi, source=document.source,
            sha256=document.sha256,
            # an incomplete paper must not look up to date, so the next run extracts it again
            extractor=self.tag if error is None else f"{self.tag}+failed",
            facets={key: FacetResult(facet=key, facts=found, error=error, extractor=self.tag)
                    for key, found in facts.items()},
            usage=usage,
        )

    def _fact(self, document: Document, item: LLMFact) -> Fact | None:
        """The stored Fact, or None (logged) when the model's fact is not a valid one: one bad fact must
        not lose the paper."""
        span = item.span
        assert span is not None  # set by grounding; ungrounded facts never get here
        section = document.section_at(span.start)
        mention = " ".join(item.value.split())
        try:
            return Fact(facet=item.facet, value=canonicalize(item.facet, mention), mention=mention,
                        evidence=Evidence.from_span(document.text, span.start, span.end,
                                                    section.title if section else None),
                        amount=(item.amount or "").strip() or None, unit=(item.unit or "").strip() or None,
                        negated=item.negated, hedged=item.hedged, extractor=self.tag)
        except ValidationError as error:
            detail = "; ".join(e["msg"] for e in error.errors())
            log.warning("%s: dropped invalid fact %s=%r: %s", document.paper_id, item.facet, item.value, detail)
            return None

    # -- one chunk ----------------------------------------------------------------------------------------

    def _run_chunks(self, chunks: list[Chunk]) -> list[ChunkOutcome]:
        futures: list[Future[ChunkOutcome] | None] = []
        for chunk in chunks:
            try:
                futures.append(self._pool.submit(self._run_chunk, chunk))
            except RuntimeError:  # the pool was shut down: the run is being interrupted
                futures.append(None)
        outcomes = []
        for future in futures:
            try:
                outcomes.append(future.result() if future is not None else ChunkOutcome(error=CANCELLED))
            except CancelledError:
                outcomes.append(ChunkOutcome(error=CANCELLED))
        return outcomes

    def _key(self, chunk: Chunk) -> str:
        """Everything the answer depends on: endpoint, model, mode, grounding rules and the exact messages
        sent (instructions, title, "part i of n", the chunk), so any prompt change misses the cache."""
        return cache_key(self.base_url, self.model, self.mode, PROMPT_VERSION,
                         json.dumps(messages(chunk), sort_keys=True, ensure_ascii=False))

    def _run_chunk(self, chunk: Chunk) -> ChunkOutcome:
        key = self._key(chunk)
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                state = GroundingState(chunk, max_attempts=1, lenient=True)
                try:
                    parsed = ChunkFacts.model_validate_json(cached, context={"grounding": state})
                    return ChunkOutcome(parsed.facts, None, Usage(cached_calls=1), state.dropped)
                except ValidationError:
                    log.warning("ignoring an unreadable cache entry for %s", chunk.document.paper_id)
        usage = Usage()
        attempts = self.max_retries + 1
        for attempt in range(1, attempts + 1):
            if self._cancel.is_set():
                return ChunkOutcome(error=CANCELLED, usage=usage)
            if self._unreachable:
                return ChunkOutcome(error=self._unreachable, usage=usage)
            state = GroundingState(chunk, max_attempts=attempts)
            try:
                parsed, completion = self._call(chunk, state, usage)
            except _Failure as failure:
                if failure.transient and attempt < attempts:
                    wait = failure.wait if failure.wait is not None else self._backoff(attempt)
                    log.info("%s: %s; retrying in %.1fs", chunk.document.paper_id, failure.reason, wait)
                    if self._cancel.wait(wait):  # interrupted while backing off
                        return ChunkOutcome(error=CANCELLED, usage=usage, dropped=state.dropped)
                    continue
                reason = failure.reason if attempt == 1 else f"{failure.reason} (after {attempt} attempts)"
                if failure.unreachable:
                    self._unreachable = f"{reason}; not tried again in this run"
                return ChunkOutcome(error=reason, usage=usage, dropped=state.dropped)
            if self.cache is not None:
                self.cache.put(key, ChunkFacts(facts=parsed.facts).model_dump_json(), usage.prompt_tokens,
                               usage.completion_tokens)
            return ChunkOutcome(parsed.facts, None, usage, state.dropped)
        raise AssertionError("unreachable")  # the loop always returns

    def _backoff(self, attempt: int) -> float:
        return min(60.0, self.backoff * 2 ** (attempt - 1)) * random.uniform(0.75, 1.25)

    def _call(self, chunk: Chunk, state: GroundingState, usage: Usage) -> tuple[ChunkFacts, Any]:
        from instructor.core.hooks import Hooks

        request = messages(chunk)
        estimate = sum(estimate_tokens(m["content"]) for m in request)

        def on_request(*_args: object, **_kwargs: object) -> None:
            state.next_attempt()
            usage.calls += 1

        def on_response(response: Any) -> None:
            reported = getattr(response, "usage", None)
            usage.prompt_tokens += getattr(reported, "prompt_tokens", None) or estimate
            usage.completion_tokens += getattr(reported, "completion_tokens", None) or 0

        hooks = Hooks()
        hooks.on("completion:kwargs", on_request)
        hooks.on("completion:response", on_response)
        try:
            with self._slots:
                return self._client.create_with_completion(
                    messages=request, response_model=ChunkFacts, max_retries=self.max_retries,
                    context={"grounding": state}, strict=False, hooks=hooks, model=self.model, temperature=0,
                    max_tokens=self.output_tokens)
        except Exception as error:  # classified below; anything unexpected still fails this chunk only
            failure = self._classify(error)
            failure.reason = redact(failure.reason)  # some servers echo the key back in their error message
            raise failure from error

    def _classify(self, error: Exception) -> _Failure:
        import openai
        from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

        root: BaseException = error
        if isinstance(error, InstructorRetryException) and error.__cause__ is not None:
            root = error.__cause__
        if isinstance(root, ValidationError | json.JSONDecodeError | ValueError) and \
                not isinstance(root, openai.APIError):
            first = str(root).strip().splitlines()
            detail = " ".join(first[:3])[:300]
            n = getattr(error, "n_attempts", None) or self.max_retries + 1
            return _Failure(f"invalid output from {self.model} after {n} attempts: {detail}", transient=False)
        if isinstance(root, openai.APITimeoutError):
            return _Failure(f"request to {self.base_url} timed out after {self.timeout:g}s", transient=True)
        if isinstance(root, openai.APIConnectionError):
            cause = root.__cause__ or root
            return _Failure(f"cannot reach the LLM endpoint {self.base_url}: {type(cause).__name__}: {cause}",
                            transient=True, unreachable=True)
        if isinstance(root, openai.APIStatusError):
            status = root.status_code
            message = _error_message(root)
            transient = status in (408, 409, 429) or status >= 500
            wait = _retry_after(root.response) if transient else None
            hint = " (check the API key)" if status in (401, 403) else \
                " (check --model and --base-url)" if status == 404 else ""
            return _Failure(f"HTTP {status} from {self.base_url}: {message}{hint}", transient=transient, wait=wait)
        if isinstance(root, IncompleteOutputException):
            return _Failure(f"the answer was cut at {self.output_tokens} output tokens; raise --context-tokens",
                            transient=False)
        if isinstance(root, AssertionError) and "Unable to generate" in str(root):
            return _Failure(f"the model refused: {root}", transient=False)
        return _Failure(f"{type(root).__name__}: {root}", transient=False)

    def cancel(self) -> None:
        """Interrupt the run: queued chunks are dropped and running ones stop before their next attempt."""
        self._cancel.set()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Cancel what is left, wait for the calls in flight, and only then close the cache and the client."""
        self.cancel()
        self._pool.shutdown(wait=True)
        if self.cache is not None:
            self.cache.close()
        self._openai.close()


def _error_message(error: Any) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])[:200]
    return str(getattr(error, "message", error))[:200]


def _retry_after(response: Any) -> float | None:
    """Seconds to wait from `retry-after-ms` or `Retry-After` (seconds or an HTTP date), capped."""
    headers = getattr(response, "headers", None) or {}
    try:
        if headers.get("retry-after-ms"):
            return min(MAX_WAIT, max(0.0, float(headers["retry-after-ms"]) / 1000))
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return min(MAX_WAIT, max(0.0, float(value)))
        except ValueError:
            return min(MAX_WAIT, max(0.0, parsedate_to_datetime(value).timestamp() - time.time()))
    except (TypeError, ValueError):
        return None
