"""Loaders: turn files into SourceDocuments, one clear error per file that cannot be read.

Supported: .txt and .md (UTF-8, UTF-16 with BOM, Latin-1 fallback), the retrieval-record .txt of
the seed pipeline (only its context is paper text), .pdf (text layer, pypdf), GROBID TEI .xml, and
.jsonl / .jsonl.gz of passages (one paper per line). Heavy parsers are imported only when needed.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from extractor.document import SourceDocument
from extractor.limits import DEFAULT_MAX_BYTES
from schema.errors import InputError

STREAM_SUFFIXES = (".jsonl", ".jsonl.gz")  # one paper per line, read as a stream
SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".xml", ".tei", *STREAM_SUFFIXES)
MAX_ID_LENGTH = 200

_RECORD_HEADER = "Use the following pieces of context to answer the question at the end."
_RECORD_QUESTION = re.compile(r"\n\s*Question:\s*%INSTRUCTIONS:|\n\s*Question:", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class LoadFailure:
    """A file (or one line of a JSONL file) that could not be read, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


LoadResult = SourceDocument | LoadFailure


def suffix_of(path: Path) -> str:
    name = path.name.casefold()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.casefold()


def discover(paths: list[Path]) -> Iterator[Path | LoadFailure]:
    """Files to load: the given files, and supported files found under given folders (sorted)."""
    for path in paths:
        if path.is_dir():  # every visible file is tried: an unsupported one gets its error line too
            found = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
            if not found:
                yield LoadFailure(str(path), "folder contains no files")
            yield from found
        elif path.exists():
            yield path
        else:
            yield LoadFailure(str(path), "no such file or folder")


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def clean_paper_id(value: object) -> str:
    """A paper id is any short printable string; quotes and Cypher are harmless (ids are parameters)."""
    text = _CONTROL.sub("", str(value)).strip()
    if not text:
        raise InputError("empty paper id")
    if len(text) > MAX_ID_LENGTH:
        raise InputError(f"paper id longer than {MAX_ID_LENGTH} characters")
    return text


def load_path(path: Path, paper_id: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[LoadResult]:
    """Every paper in one file; a failure never stops the other papers of a JSONL file."""
    suffix = suffix_of(path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputError("empty file")
        if size > max_bytes:
            raise InputError(f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (--max-bytes)")
        if suffix in STREAM_SUFFIXES:
            yield from _load_jsonl(path, max_bytes)
            return
        loader = _LOADERS.get(suffix)
        if loader is None:
            raise InputError(f"unsupported file type {suffix or '(none)'!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
        document = loader(path, paper_id or path.stem)
        if not document.raw_text.strip():
            raise InputError("no text found")
        yield document
    except InputError as error:
        yield LoadFailure(str(path), str(error))
    except PermissionError:
        yield LoadFailure(str(path), "permission denied")
    except OSError as error:
        yield LoadFailure(str(path), f"cannot read: {error.strerror or error}")
    except Exception as error:  # a parser's own bug or an unsupported feature: this file fails, the batch goes on
        yield LoadFailure(str(path), f"cannot read: {type(error).__name__}: {str(error)[:200]}")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1; refuses binary content."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError("invalid UTF-16 text") from error
    sample = data[:8192]
    if b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) * 0.05:
        raise InputError("binary content, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def strip_retrieval_record(text: str) -> str:
    """Only the context of a RAG record is paper text; its question and the model's answer never are."""
    if not text.lstrip().startswith(_RECORD_HEADER):
        return text
    body = text.lstrip()[len(_RECORD_HEADER):]
    body = body.split("\n", 1)[1] if "\n" in body else ""
    match = _RECORD_QUESTION.search(body)
    return body[: match.start()] if match else body


def _load_text(path: Path, paper_id: str) -> SourceDocument:
    text = strip_retrieval_record(decode_text(path.read_bytes()))
    title = None
    if suffix_of(path) == ".md":
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), None)
    return SourceDocument(paper_id=clean_paper_id(paper_id), raw_text=text, source=str(path), title=title)


def _load_pdf(path: Path, paper_id: str) -> SourceDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise InputError("encrypted PDF (password required)")
            except Exception as error:  # pypdf raises several types for unsupported encryption
                raise InputError("encrypted PDF (password required)") from error
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(f"corrupt or truncated PDF ({type(error).__name__})") from error
    text = "\n\n".join(pages)
    if not text.strip():
        raise InputError("PDF has no text layer (scanned or image-only?); run OCR first")
    return SourceDocument(paper_id=clean_paper_id(paper_id), raw_text=text, source=str(path), title=title)


_TEI = "{http://www.tei-c.org/ns/1.0}"


def _load_tei(path: Path, paper_id: str) -> SourceDocument:
    """GROBID TEI: title, DOI, abstract, body and back divisions (headings kept), never the bibliography."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.parse(str(path)).getroot()
    except DefusedXmlException as error:
        raise InputError(f"unsafe XML refused ({type(error).__name__})") from error
    except SafeET.ParseError as error:
        raise InputError(f"malformed XML ({error})") from error
    if not root.tag.startswith(_TEI):
        raise InputError("XML is not a TEI document (expected GROBID output)")

    def text_of(element: object) -> str:
        return " ".join("".join(element.itertext()).split())  # type: ignore[attr-defined]

    title_el = root.find(f".//{_TEI}titleStmt/{_TEI}title")
    doi_el = root.find(f".//{_TEI}sourceDesc//{_TEI}idno[@type='DOI']")
    parts: list[str] = []
    abstract = root.find(f".//{_TEI}profileDesc/{_TEI}abstract")
    if abstract is not None and text_of(abstract):
        parts += ["Abstract", text_of(abstract)]
    for container in (root.find(f".//{_TEI}text/{_TEI}body"), root.find(f".//{_TEI}text/{_TEI}back")):
        if container is None:
            continue
        for div in container.iter(f"{_TEI}div"):
            if div.find(f".//{_TEI}listBibl") is not None:
                continue
            head = div.find(f"{_TEI}head")
            if head is not None and text_of(head):
                number = head.get("n")
                parts.append(f"{number} {text_of(head)}" if number else text_of(head))
            parts += [text_of(p) for p in div.findall(f"{_TEI}p") if text_of(p)]
    return SourceDocument(
        paper_id=clean_paper_id(paper_id),
        raw_text="\n\n".join(parts),
        source=str(path),
        title=text_of(title_el) if title_el is not None and text_of(title_el) else None,
        doi=text_of(doi_el) if doi_el is not None and text_of(doi_el) else None,
    )


MAX_JSONL_LINE = 20 * 1024 * 1024


def _load_jsonl(path: Path, max_bytes: int) -> Iterator[LoadResult]:
    """One paper per line: id from `doc_id`, `paper_id` or `id`; text from `text` or `context`."""
    opener = gzip.open if suffix_of(path) == ".jsonl.gz" else open
    try:
        with opener(path, "rb") as handle:
            limit = min(MAX_JSONL_LINE, max_bytes)
            for number, line in enumerate(_bounded_lines(handle, limit), start=1):
                where = f"{path}:{number}"
                if line is None:  # never held in memory whole: a compressed file can expand enormously
                    yield LoadFailure(where, f"line longer than {limit / 1024 / 1024:g} MB")
                    continue
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except (json.JSONDecodeError, UnicodeDecodeError) as error:
                    yield LoadFailure(where, f"invalid JSON ({error.__class__.__name__}: {str(error)[:80]})")
                    continue
                if not isinstance(record, dict):
                    yield LoadFailure(where, "line is not a JSON object")
                    continue
                raw_id = record.get("doc_id") or record.get("paper_id") or record.get("id")
                text = record.get("text") if record.get("text") is not None else record.get("context")
                if raw_id is None:
                    yield LoadFailure(where, "no `paper_id`, `doc_id` or `id` field")
                    continue
                if not isinstance(text, str) or not text.strip():
                    yield LoadFailure(where, "no `text` or `context` field with text")
                    continue
                try:
                    paper_id = clean_paper_id(raw_id)
                except InputError as error:
                    yield LoadFailure(where, str(error))
                    continue
                yield SourceDocument(
                    paper_id=paper_id,
                    raw_text=strip_retrieval_record(text),
                    source=where,
                    title=record.get("title") if isinstance(record.get("title"), str) else None,
                    doi=record.get("doi") if isinstance(record.get("doi"), str) else None,
                )
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        yield LoadFailure(str(path), f"cannot read: {error}")


def _bounded_lines(handle: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Lines of at most `limit` bytes; a longer line is skipped in bounded reads and yields None."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):  # skip the rest of the over-long line
            line = handle.readline(1024 * 1024)
        yield None


_LOADERS = {".txt": _load_text, ".md": _load_text, ".pdf": _load_pdf, ".xml": _load_tei, ".tei": _load_tei}
