"""Text normalization: NFKC (ligatures), de-hyphenation, unwrapped lines, tidy whitespace; then sections.

PDF text layers (PDFMiner, pypdf) break words at line ends ("clas-\\nsification"), print ligatures
("ﬁ"), and wrap every line. Evidence offsets point into the text this module returns, so quotes
shown to users read as sentences.
"""

from __future__ import annotations

import re
import unicodedata

from extractor.document import Document, Section, SourceDocument
from schema.models import text_sha256

# Fragments before a line-end hyphen that form hyphenated compounds in this literature: "pre-\ntrained" stays
# "pre-trained". Prefixes that usually fuse ("de-\npendencies", "re-\nsults", "in-\nput", "up-\ndate", "out-\nput")
# lose the hyphen.
_KEEP_HYPHEN_PREFIXES = frozenset(
    ["pre", "post", "non", "multi", "self", "semi", "cross", "fine", "well", "high", "low", "large", "small", "deep",
     "state", "end", "real", "long", "short", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
     "ten"]
)
# ... unless what follows is only a suffix: "state-\nment", "end-\ning", "high-\nest" are one word.
_SUFFIX_AFTER = re.compile(r"(?:ment|ments|ing|ings|er|ers|est|ly|ness|ed|en|ity|ities|istic|ize|ise|ized|ised|"
                           r"ization|isation|s|ship|ward|wards|less)\b")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# The patterns below start with a literal or a rare character so that `re` can skip ahead quickly:
# normalization runs on every paper and must stay a small part of extraction time.
# The hyphen first, then the look-behind: scanning for the rare hyphen is several times faster than testing \w
# before every character.
_LINE_END_HYPHEN = re.compile(r"[-\u2010\u2011](?<=\w[-\u2010\u2011])[ \t]*\n[ \t]*(?=[a-z])")
_HSPACE = re.compile(r"[^\S\n]{2,}|[^\S \n]")  # runs of blanks, or a single tab / odd space
# Some PDF fonts encode the "Th" ligature as "+": "+e results", "+is paper", "+erefore".
_TH_LIGATURE = re.compile(r"\+(?<![\w+]\+)(?=(?:e|is|ese|ey|en|ere|erefore|at|us|rough|an|ose|ird|eir|em|ree|ereby)\b)")
_BLANK_LINES = re.compile(r"\n{3,}")
_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.|[A-H]\.)\s+[A-Z][^\n]{1,90}$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S")

HEADING_KINDS: tuple[tuple[str, str], ...] = (
    # (regex on the lowercased heading, section kind); first match wins
    (r"\b(references|bibliography|literature cited|works cited)\b", "references"),
    (r"\backnowledg", "acknowledgements"),
    (r"\b(data|code|software)( and (code|data))? availability\b|\bavailability of\b|\bopen research\b|"
     r"\bsupplementary\b|\bsupporting information\b", "availability"),
    (r"\babstract\b|\bsummary\b|\bhighlights\b", "abstract"),
    (r"\brelated work|\bprevious work|\bliterature review|\bbackground\b|\bstate of the art", "related_work"),
    (r"\bintroduction\b", "introduction"),
    (r"\bresults?\b|\bevaluation\b|\bperformance\b|\bexperiments?\b", "results"),
    (r"\bdiscussion\b|\blimitations\b", "discussion"),
    (r"\bconclusions?\b|\bfuture work\b|\bconcluding\b", "conclusion"),
    (r"\bappendix\b", "appendix"),
    (r"\bmethod|\bmaterials?\b|\bdata\b|\bdataset|\bmodel|\btraining\b|\bimplementation\b|\barchitecture\b|"
     r"\bsetup\b|\bset-up\b|\bsetting|\bapproach\b|\bpre-?processing\b|\bstudy (area|site)\b|\bnetwork\b|"
     r"\bexperimental\b|\bprocedure\b|\bpipeline\b|\bdeep learning\b|\bfeature", "methods"),
)
_HEADING_KIND_PATTERNS = tuple((re.compile(p), kind) for p, kind in HEADING_KINDS)
_PLAIN_HEADINGS = re.compile(
    r"^(abstract|introduction|background|related work|methods?|materials and methods|methodology|results|"
    r"discussion|conclusions?|references|bibliography|acknowledge?ments?|data availability( statement)?|"
    r"code availability|results and discussion|experiments?|experimental setup|appendix)\s*:?$",
    re.IGNORECASE,
)


def clean_characters(raw: str) -> str:
    """NFKC (ligatures, full-width forms), unified line ends, no invisible characters."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", raw))
    if "+" in text:
        text = _TH_LIGATURE.sub("Th", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _join_hyphenated(match: re.Match[str]) -> str:
    """Drop the line-end hyphen and break, unless the word before it is a compound prefix or a number."""
    text, end = match.string, match.start()
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    left = text[start:end]
    if left[-1].isdigit():
        return "-"
    return "-" if left.casefold() in _KEEP_HYPHEN_PREFIXES and not _SUFFIX_AFTER.match(text, match.end()) else ""


def is_heading(line: str) -> bool:
    """A short standalone line that names a section: numbered, markdown, or a well-known heading word."""
    line = line.strip()
    if not line or len(line) > 100:
        return False
    if _MARKDOWN_HEADING.match(line) or _PLAIN_HEADINGS.match(line):
        return True
    return bool(_NUMBERED_HEADING.match(line)) and not line.endswith((".", ",", ";")) and not re.search(r"\d\s*[%=]", line)


def normalize_text(raw: str) -> str:
    """The normalized text of a paper: paragraphs separated by a blank line, headings on their own."""
    text = clean_characters(raw)
    text = _HSPACE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _LINE_END_HYPHEN.sub(_join_hyphenated, text)
    paragraphs: list[str] = []
    for block in text.split("\n\n"):
        current: list[str] = []
        for line in block.split("\n"):
            if not line:
                continue
            if is_heading(line):
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
                paragraphs.append(line)
            else:
                current.append(line)
        if current:
            paragraphs.append(" ".join(current))
    return _BLANK_LINES.sub("\n\n", "\n\n".join(p for p in paragraphs if p.strip()))


def heading_kind(title: str) -> str:
    lowered = title.casefold().lstrip("#").strip()
    lowered = re.sub(r"^(\d+(\.\d+)*\.?|[ivx]+\.|[a-h]\.)\s*", "", lowered)
    for pattern, kind in _HEADING_KIND_PATTERNS:
        if pattern.search(lowered):
            return kind
    return "other"


def detect_sections(text: str) -> list[Section]:
    """Sections from heading paragraphs; text before the first heading is `front`."""
    sections: list[Section] = []
    title, kind, start = "(front matter)", "front", 0
    offset = 0
    for paragraph in text.split("\n\n"):
        if is_heading(paragraph):
            if offset > start:
                sections.append(Section(title=title, kind=kind, start=start, end=offset))
            title, kind, start = paragraph.lstrip("#").strip(), heading_kind(paragraph), offset
        offset += len(paragraph) + 2
    if len(text) > start:
        sections.append(Section(title=title, kind=kind, start=start, end=len(text)))
    return sections


def normalize_document(source: SourceDocument) -> Document:
    text = normalize_text(source.raw_text)
    return Document(
        paper_id=source.paper_id,
        text=text,
        sha256=text_sha256(text),
        source=source.source,
        title=source.title,
        doi=source.doi,
        sections=detect_sections(text),
    )
