"""Score stored answers against gold labels (paper level or per retrieval context), with a baseline beside them.

The gold files are binary: `stated` (the paper addresses the question) or `not_stated`. Our five statuses map
onto that as follows, and this is the one place that says so:

- `stated` and `negated` -> "stated": a paper that says "no augmentation was applied" *addresses* the question,
  which is what the human annotators judged.
- `not_stated` -> "not_stated".
- a paper missing from the store, or a facet `not_extracted` / `failed` -> "missing": reported separately and
  never counted as agreement or disagreement, so an extraction failure cannot pass for absence.

Gold files are read here and only here (never by an extractor).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from schema.catalog import FACETS_BY_CQ
from schema.errors import InputError
from schema.models import PaperMethodology, Status

Label = Literal["stated", "not_stated"]
Prediction = Literal["stated", "not_stated", "missing"]
LABELS: tuple[Label, ...] = ("stated", "not_stated")


class ReadableStore(Protocol):
    def read(self, paper_id: str) -> PaperMethodology | None: ...


@dataclass(frozen=True)
class GoldRow:
    """One labelled (paper or context, question) pair; `key` is the stored paper id to look up."""

    key: str
    paper_id: str
    cq: int
    label: Label


@dataclass
class Figures:
    """Confusion counts for one question (or all), with the derived rates."""

    tp: int = 0  # gold stated, predicted stated
    fn: int = 0  # gold stated, predicted not_stated
    tn: int = 0  # gold not_stated, predicted not_stated
    fp: int = 0  # gold not_stated, predicted stated
    missing: int = 0  # no usable prediction (paper not stored, facet not extracted or failed)

    def add(self, gold: Label, predicted: Prediction) -> None:
        if predicted == "missing":
            self.missing += 1
        elif gold == "stated":
            if predicted == "stated":
                self.tp += 1
            else:
                self.fn += 1
        elif predicted == "not_stated":
            self.tn += 1
        else:
            self.fp += 1

    @property
    def scored(self) -> int:
        return self.tp + self.fn + self.tn + self.fp

    @property
    def agree(self) -> int:
        return self.tp + self.tn

    @property
    def agreement(self) -> float | None:
        return _rate(self.agree, self.scored)

    @property
    def recall(self) -> float | None:
        """Share of gold `stated` rows that were answered stated."""
        return _rate(self.tp, self.tp + self.fn)

    @property
    def specificity(self) -> float | None:
        """Share of gold `not_stated` rows kept not_stated."""
        return _rate(self.tn, self.tn + self.fp)

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "scored": self.scored, "agree": self.agree, "agreement": self.agreement,
                "recall_stated": self.recall, "specificity": self.specificity}


@dataclass
class Evaluation:
    """Per-question and overall figures for our answers, and for the baseline on the same rows if given."""

    ours: dict[int, Figures] = field(default_factory=dict)
    baseline: dict[int, Figures] | None = None
    rows: int = 0
    baseline_missing_rows: int = 0

    @staticmethod
    def total(per_cq: Mapping[int, Figures]) -> Figures:
        out = Figures()
        for f in per_cq.values():
            out.tp, out.fn, out.tn, out.fp, out.missing = (out.tp + f.tp, out.fn + f.fn, out.tn + f.tn,
                                                          out.fp + f.fp, out.missing + f.missing)
        return out

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "rows": self.rows,
            "status_mapping": {"stated": "stated", "negated": "stated", "not_stated": "not_stated",
                               "not_extracted": "missing", "failed": "missing", "paper not stored": "missing"},
            "ours": {"overall": self.total(self.ours).as_dict(),
                     "per_cq": {str(cq): f.as_dict() for cq, f in sorted(self.ours.items())}},
        }
        if self.baseline is not None:
            data["baseline"] = {"overall": self.total(self.baseline).as_dict(),
                                "per_cq": {str(cq): f.as_dict() for cq, f in sorted(self.baseline.items())},
                                "rows_without_baseline": self.baseline_missing_rows}
        return data


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _open_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"{path}: cannot read as CSV ({error})") from None


def _parse_cq(path: Path, number: int, raw: str | None) -> int:
    try:
        cq = int(str(raw).strip())
    except ValueError:
        raise InputError(f"{path}:{number}: cq {raw!r} is not a question number") from None
    if cq not in FACETS_BY_CQ:
        raise InputError(f"{path}:{number}: cq {cq} is not in the catalog (1-{max(FACETS_BY_CQ)})")
    return cq


def load_gold(path: Path, *, contexts: bool = False) -> list[GoldRow]:
    """Gold rows: `paper_id` (or, with contexts, `doc_id` = the stored id of one context), `cq`, `label`."""
    records = _open_csv(path)
    id_column = "doc_id" if contexts else "paper_id"
    if records and (id_column not in records[0] or "cq" not in records[0] or "label" not in records[0]):
        if not contexts and "doc_id" in records[0] and "paper_id" not in records[0]:
            id_column = "doc_id"
        else:
            raise InputError(f"{path}: needs columns {id_column}, cq, label (found: {', '.join(records[0])})")
    rows = []
    for number, record in enumerate(records, start=2):
        label = (record.get("label") or "").strip()
        if label not in LABELS:
            raise InputError(f"{path}:{number}: label {label!r} is not one of {', '.join(LABELS)}")
        key = (record.get(id_column) or "").strip()
        if not key:
            raise InputError(f"{path}:{number}: empty {id_column}")
        paper_id = (record.get("paper_id") or key).strip()
        rows.append(GoldRow(key=key, paper_id=paper_id, cq=_parse_cq(path, number, record.get("cq")), label=label))  # type: ignore[arg-type]
    return rows


def load_baseline(path: Path) -> dict[tuple[str, int], Label]:
    """Baseline answers per (paper_id, cq), from a `vote` (or `label`) column."""
    records = _open_csv(path)
    column = "vote" if records and "vote" in records[0] else "label"
    if records and ("paper_id" not in records[0] or "cq" not in records[0] or column not in records[0]):
        raise InputError(f"{path}: needs columns paper_id, cq, vote (found: {', '.join(records[0])})")
    out: dict[tuple[str, int], Label] = {}
    for number, record in enumerate(records, start=2):
        vote = (record.get(column) or "").strip()
        if vote not in LABELS:
            raise InputError(f"{path}:{number}: {column} {vote!r} is not one of {', '.join(LABELS)}")
        out[(record["paper_id"].strip(), _parse_cq(path, number, record.get("cq")))] = vote  # type: ignore[assignment]
    return out


def prediction_of(paper: PaperMethodology | None, cq: int) -> Prediction:
    """Our binary answer for one question of one stored paper (see the module docstring for the mapping)."""
    if paper is None:
        return "missing"
    status = paper.status(FACETS_BY_CQ[cq].key)
    if status in (Status.STATED, Status.NEGATED):
        return "stated"
    if status is Status.NOT_STATED:
        return "not_stated"
    return "missing"


def evaluate(rows: Iterable[GoldRow], store: ReadableStore, baseline: Mapping[tuple[str, int], Label] | None = None,
             cqs: set[int] | None = None) -> Evaluation:
    """Score the stored answers (and the baseline's, on the same rows) against the gold rows."""
    result = Evaluation(baseline={} if baseline is not None else None)
    cache: dict[str, PaperMethodology | None] = {}
    for row in rows:
        if cqs and row.cq not in cqs:
            continue
        result.rows += 1
        if row.key not in cache:
            cache[row.key] = store.read(row.key)
        result.ours.setdefault(row.cq, Figures()).add(row.label, prediction_of(cache[row.key], row.cq))
        if baseline is not None and result.baseline is not None:
            vote = baseline.get((row.paper_id, row.cq))
            if vote is None:
                result.baseline_missing_rows += 1
            result.baseline.setdefault(row.cq, Figures()).add(row.label, vote or "missing")
    return result
