"""The offline rule-based extractor: vocabulary look-up plus a few patterns, with honest context rules.

How a fact is found:
1. Sentences are scanned once; token n-grams are looked up in the alias table of schema/ (all facets at
   once), and facet patterns catch what a vocabulary cannot (hyper-parameter settings, links, splits).
2. A facet may require a cue in the sentence (ImageNet is a *weights* fact only near "pre-trained").
3. Context decides the kind of fact: negated ("no augmentation was applied"), hedged (generic, hypothetical
   or someone else's work: "typically", "such as ... or", "X et al. used"), or stated. Text in the
   references is never read as this paper's method.
Evidence is always the sentence the mention stands in, cut from the normalized text.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, insort
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from extractor.base import Extractor
from extractor.document import Document
from extractor.text import sentence_spans
from schema.aliases import ALIASES, alias_key, canonicalize
from schema.catalog import FACETS
from schema.models import Evidence, FacetResult, Fact, PaperMethodology


def _rules_version() -> str:
    """Release number plus a digest of every rule input (vocabulary, facet catalog, these rules, sentence splitting
    and normalization): any change re-extracts stored papers."""
    from pathlib import Path

    here = Path(__file__).parent
    digest = hashlib.sha256()
    digest.update(repr(sorted(ALIASES.items())).encode())
    digest.update(repr(FACETS).encode())
    for name in ("rules.py", "text.py", "normalize.py"):
        digest.update((here / name).read_bytes())
    digest = digest.hexdigest()
    return f"0.1.0+{digest[:8]}"


VERSION = _rules_version()

# Facets whose values come from patterns only (the alias table names them, the pattern finds the setting).
PATTERN_ONLY_FACETS = frozenset({"hyperparameters"})

# Words that say weights came from somewhere; the facet cue adds "from scratch" (the other answer).
_WEIGHTS_WORDS = r"pre-?trained|weights|transfer learning|fine-?tun|initiali[sz]|checkpoint"
# A mention counts for the facet only if its sentence also matches this cue.
FACET_CUES: dict[str, re.Pattern[str]] = {
    "pretrained_weights": re.compile(rf"{_WEIGHTS_WORDS}|from scratch", re.I),
    "data_repository": re.compile(r"\bdata(set)?s?\b|\brecordings\b|\bimages\b|\bannotations\b", re.I),
    "code_repository": re.compile(r"\bcode\b|\bscripts?\b|\bsoftware\b|\bimplementation\b|\brepositor|github|"
                                  r"gitlab|bitbucket|available", re.I),
    "loss_function": re.compile(r"loss|objective|cost function|criterion", re.I),
    "regularization": re.compile(r"regulari|overfit|dropout|weight decay|penal|batch norm|early", re.I),
    "stopping_criterion": re.compile(r"stop|epoch|converge|plateau|terminat|patience|halt", re.I),
    "monitoring": re.compile(r"monitor|track|during training|each epoch|every epoch|curve|tensorboard|checkpoint|"
                             r"saved|logged|\btrain|\bepoch|assess|evaluat|tun", re.I),
    "randomness": re.compile(r"random|seed|repeat|runs?\b|times\b|initiali", re.I),
    "generalizability": re.compile(r"generali|independent|unseen|valid|robust|transfer|divers|other (sites|regions)|"
                                   r"cross", re.I),
    "postprocessing": re.compile(r"post-?process|after|output|predict|visuali|threshold|suppression|saliency|"
                                 r"grad-?cam|confusion|ensemble", re.I),
    "data_bias": re.compile(r"imbalanc|balanc|bias|minority|majority|under-?represent|rare|skew|weight", re.I),
    "deployment_process": re.compile(r"deploy|serial|export|convert|inference|app\b|application|api\b|edge|"
                                     r"production|field", re.I),
    "deployment_platform": re.compile(r"deploy|hosted|run(s|ning)? on|platform|app\b|application|cloud|device|"
                                      r"server|edge", re.I),
    "data_split": re.compile(r"split|divid|partition|fold|subset|set\b|sets\b|cross-?valid", re.I),
    "data_collection": re.compile(r"collect|record|acquir|captur|deploy|obtain|gather|survey|install|download|"
                                  r"sampl|took|taken|\bdata\b|imagery|images|tracked|equipped|fitted|scanned", re.I),
    "hardware": re.compile(r"gpu|tpu|cpu|nvidia|train|run|comput|memory|ram\b|processor|workstation|server|"
                           r"machine|card|cluster|hardware|accelerat|device", re.I),
}

# A named dataset counts as used only near a verb of use (not "ResNet won the ILSVRC 2012 challenge").
FACET_CUES["datasets"] = re.compile(r"\b(?:used?\b|using|utili[sz]|employ|train|test|evaluat|validat|collected|download|"
                                    r"obtain|from|provided|taken|extracted|consist|contain|compris|available|public|"
                                    r"benchmark|dataset|data set|database)", re.I)

# A facet named by a vocabulary word (not found by a pattern) counts only if its sentence also matches this:
# "Data found on GitHub" names a host, not this paper's code.
VOCABULARY_CUES: dict[str, re.Pattern[str]] = {
    "code_repository": re.compile(r"\bcode\b|\bcodes\b|\bscripts?\b|\bsoftware\b|\bimplementation|\bsource\b|"
                                  r"\bpackage|\bnotebook|\bmodels?\b|\btool|\brepositor|\bprogram"),
}
# A dataset or model named as where weights came from: the facet cue without "from scratch".
_WEIGHTS_SOURCE = re.compile(_WEIGHTS_WORDS)
# A mention does not count for the facet when its sentence matches this (ImageNet as pre-training source is not
# a dataset of the pipeline; an architecture named in a sentence about someone else's benchmark is context).
FACET_ANTI_CUES: dict[str, re.Pattern[str]] = {
    "datasets": re.compile(r"pre-?trained|transfer learning|initiali[sz]|weights", re.I),
}
# The words right before or after a mention that give it another role: a dataset named as the challenge an
# architecture won ("ResNet won the ILSVRC") or as the source of an evaluation protocol ("the official COCO
# evaluation metrics", "AP as defined by the COCO dataset") is not data the pipeline used. Searched in the
# lowercased sentence: `before` must end where the mention starts, `after` must start where it ends.
MENTION_ROLE_BEFORE: dict[str, re.Pattern[str]] = {
    "datasets": re.compile(r"(?:\b(?:won|wins|winners? of|winning)|\bdefined (?:by|in)|\b(?:metrics?|protocol|criteria|"
                           r"evaluation) (?:of|from|used (?:in|by|for))|\beditions? of)(?:\s+[\w'\u2019\-]+){0,4}?\s+$"),
}
MENTION_ROLE_AFTER: dict[str, re.Pattern[str]] = {
    "datasets": re.compile(r"[\s\-]*(?:style\s+)?(?:challenge\s+|official\s+)?(?:evaluation|metrics?\b|protocol|criteri|"
                           r"api\b|map\b|ap\b|mean average precision|average precision|detection metric|winner)"),
}



def _for_lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern without IGNORECASE, searched in casefolded text: several times faster in `re`."""
    assert pattern.pattern == pattern.pattern.lower() or "\\" in pattern.pattern, pattern.pattern
    return re.compile(pattern.pattern)


FACET_CUES = {key: _for_lowered(p) for key, p in FACET_CUES.items()}
FACET_ANTI_CUES = {key: _for_lowered(p) for key, p in FACET_ANTI_CUES.items()}

# Look-alikes: a value whose words also have an everyday or other-field sense. The pattern is searched in the
# lowercased words around the mention (40 characters either side); a match means the other sense.
VALUE_LOOKALIKES: dict[tuple[str, str], re.Pattern[str]] = {
    ("model", "SSD"): re.compile(r"\b\d+\s?[tg]b\b|nvme|pcie|sata\b|solid[- ]state|storage|\bdisk|\bdrive"),
    ("purpose", "Object detection"): re.compile(
        r"geo-?detector|geographic(?:al)? detector|detection (?:probabilit|limit|rate|histor|range|distance)|"
        r"(?:change|outlier|edge) detection"),
    ("purpose", "Counting"): re.compile(r"parameter counts?|counts? of (?:the )?parameters|\bcount (?:data|models?|"
                                        r"regression|variables?)"),
    ("purpose", "Recognition"): re.compile(r"pattern recognition"),
    # a statistical method named "... regression" says nothing of what the deep-learning model predicts
    ("purpose", "Regression"): re.compile(
        r"(?:isotonic|logistic|linear|ridge|lasso|poisson|quantile|polynomial|multiple|stepwise|kernel|beta|binomial|"
        r"gaussian process|least[- ]squares?|forest|boosted|weighted|segmented|spatial) regression"),
    ("purpose", "Classification"): re.compile(r"scene classification|classification (?:map|scheme|system)"),
    ("metrics", "Precision"): re.compile(
        r"(?:enhanc|improv|increas|rais|boost|higher|greater|better|lower|reduc)\w*\s+(?:the\s+)?(?:overall\s+)?"
        r"precision\b|precision (?:of|in) (?:the|our|this) (?:method|approach|measurement|estimat|locat|position)|"
        r"precision agriculture|numerical precision|(?:single|double|half|mixed|float\w*)[- ]precision|"
        r"precision[- ]recall[- ]gain"),
    # "sensitivity to differences in device" is how much something reacts, not the true positive rate
    ("metrics", "Recall"): re.compile(r"sensitivity to\b|precision[- ]recall[- ]gain"),
    ("postprocessing", "Thresholding"): re.compile(r"toleran|significan|p-?value|\bp\s?[<=]"),
    # correctness in the everyday sense, or of a measurement, is not a model's evaluation metric
    ("metrics", "Accuracy"): re.compile(
        r"(?:ensur|guarant|verif|check|confirm|maintain)\w*\s+(?:the\s+|high\s+|its\s+|their\s+)?accuracy|"
        r"(?:positional|geometric|geolocation|location|gps|horizontal|vertical|radiometric|measurement|annotation|"
        r"labell?ing|timing|clock) accuracy|accuracy of (?:the )?(?:gps|experiment|measurement|position|locat|"
        r"annotation|label|field|data\b)|(?:rel[yi]\w*|depend\w*) (?:up)?on (?:the )?accuracy|"
        # "to enhance the prediction accuracy" as an aim, without a figure after it
        r"(?<!\d )(?:enhanc|improv|increas|boost|ensur)\w* (?:[\w'\u2019\-]+ ){0,3}?accuracy(?![^.;]{0,30}\d)"),
    # t-SNE or PCA "for visualising" the learned features: a plot of the results, not a step before training
    ("preprocessing", "Dimensionality reduction"): re.compile(r"visuali[sz]|\bplot"),
    ("stopping_criterion", "Convergence"): re.compile(
        r"convergence (?:issues?|problems?|warnings?|failures?|errors?)|(?:fail\w*|not|never) (?:to )?converg"),
    ("hardware", "CPU"): re.compile(r"cpu (?:energy|power|consumption|emissions?)"),
    # IoU as the threshold inside another metric ("AP at an IoU threshold of 0.5"), not a reported score
    ("metrics", "IoU"): re.compile(r"iou (?:threshold|of 0?\.\d|\s*[>\u2265=])|threshold of (?:the )?iou"),
    # the mean of per-class precisions, not the detection metric AP
    ("metrics", "Average precision"): re.compile(r"(?:class|macro|micro|weighted)[- ]average precision"),
    # a loop of the method ("repeated until every fold was the test set") is not a repetition of the experiment
    ("randomness", "Repeated runs"): re.compile(r"repeated (?:until|for each|for every)|\bk-?fold|\beach fold|\bevery fold"),
}
# A value counts only if its sentence (lowercased) also says this: the word alone is too common.
VALUE_CUES: dict[tuple[str, str], re.Pattern[str]] = {
    ("purpose", "Species identification"): re.compile(
        r"species|tax(?:a|on)|individual|animal|bird|plant|insect|fish|mammal|\bcalls?\b|\bsongs?\b|specimen"),
    ("augmentation", "Scaling"): re.compile(r"augment|random|zoom|jitter|flip|rotat"),
    # "repeated" alone is any loop ("repeated convolutions", "repeated until convergence"): runs need a count or runs
    ("randomness", "Repeated runs"): re.compile(
        r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|several|multiple)\s+(?:times|runs|"
        r"repetitions|replicates|trials)\b|\b(?:runs|trials|replicates|replications|seeds?)\b|\bindependent(?:ly)?\s+"
        r"(?:trained|runs?|repetitions)"),
    ("postprocessing", "Thresholding"): re.compile(
        r"confidence|probabilit|score|predict|output|detection|binar|segment|classif|mask|threshold(?:ed|ing)"),
}
# Sentences about a statistical model, where "convergence" is the fitting algorithm's, not training's.
_STATISTICAL_FIT = re.compile(r"mixed[- ]effects?|\bglmm|\bglm\b|\bgam\b|mcmc|chains\b|gelman|r-?hat")
# Lowercase words that are place or proper names when capitalized mid-sentence ("the Tibetan Plateau").
_COMMON_NOUN_SURFACES = frozenset({"plateau"})
_COMMON_NOUN_VALUES = frozenset({("stopping_criterion", "Validation loss plateau")})
# A symbol in a numbered series ("features F1, F2 and F3") is a variable, not a metric or a penalty.
_SYMBOL = re.compile(r"^([A-Z])(\d)$")

# Context vocabulary.
_NEGATION = re.compile(r"\b(no|not|without|never|neither|nor|none|lack of|absence of|n't)\b(?! only\b)", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\bbut\b|\bwhile\b|\bwhereas\b")
_ALWAYS_HEDGE = re.compile(
    r"\b(typically|commonly|usually|generally|widely used|widely adopted|popular|in the future|future work|"
    r"future studies|future research|would|could|might|should|it is possible|state-of-the-art methods|"
    r"we recommend|is recommended|are recommended)\b", re.I)
_WEAK_HEDGE = re.compile(r"\b(such as|for example|for instance|like|including|can|could|may|often)\b", re.I)
# "e.g." hedges only the list it opens ("segmentation, e.g. using the UNet model"), not the whole sentence: a table
# row or a methods sentence can hold an example in brackets and still state what was done.
_EXAMPLE_MARKER = re.compile(r"\be\.g\.,?\s")
_THIS_PAPER = re.compile(
    r"\b(we|our|us|this (study|paper|work|research|article|analysis|project|manuscript)|the present (study|work)|"
    r"herein|here|the proposed|the current study)\b|"
    r"\b(was|were) (used|applied|trained|employed|adopted|set|performed|implemented|chosen|selected|conducted|"
    r"initiali[sz]ed|fine-tuned|optimi[sz]ed|split|divided|resized|normali[sz]ed|augmented|collected|evaluated|"
    r"computed|calculated|carried out|run|obtained|fed|built|developed|repeated|tuned|averaged|validated|tested|"
    r"labell?ed|annotated|extracted|processed|stopped|saved|modified|acquired|recorded|downloaded|gathered)\b", re.I)
_CITATION = re.compile(r"\bet al\.?|\[\d+(?:\s*[,\u2013-]\s*\d+)*\]|\(\s*[A-Z][^()]{1,60}?,?\s(19|20)\d\d[a-z]?\s*\)")
_REFERENCE_ENTRY = re.compile(
    r"^[A-Z][A-Za-z\u00C0-\u017F'\-]+,\s(?:[A-Z]\.\s?){1,3}(?:,|and|&)|"  # "Smith, J., ..."
    r"\b(19|20)\d\d[a-z]?\.\s.{5,200}\b\d{1,4}\s?\(\d{1,3}\)|"  # "2019. Title. Journal 12(3)"
    r"\b\d{1,4}\s?[,:]\s?\d{1,5}\s?[\u2013-]\s?\d{1,5}\.?$"  # volume, pages
)
# "X is available at ...", "can be accessed at ...": the paper's own availability statement, whatever cites it.
_AVAILABILITY = re.compile(
    r"\b(?:is|are|was|were|been|be|is also|are also)\s+(?:made\s+)?(?:publicly\s+|freely\s+|openly\s+|also\s+)*"
    r"(?:available|accessible|deposited|archived|hosted|released|published|provided|shared|stored|uploaded)\b|"
    r"\bcan be (?:accessed|found|downloaded|obtained|retrieved)\b|\bavailable (?:at|from|on|online|upon|in|via|for download)\b|"
    r"\b(?:we|authors?)\s+(?:here\s+|also\s+|hereby\s+)?(?:have\s+)?(?:release|released|share|shared|provide|publish|"
    r"deposit|deposited|make|made)\b",
    re.I)
# A reference-list line: journal words, volume/pages, author lists.
# Reference-entry signs, one pattern each so cheap text checks can skip most of them (hot path).
_BIB_WORDS = re.compile(
    r"\b(?:In Proceedings|Proceedings of|Proc\.|Conference on|Journal of|J\. [A-Z]|Trans\. |Transactions on|vol\.|pp\.|"
    r"arXiv(?::| preprint)|doi:|ISBN|Retrieved from|Accessed on|\(accessed)")
_BIB_NUMBERED = re.compile(r"^\[\d{1,3}\]\s+[A-Z]\.")  # [12] J. Smith
_BIB_YEAR_VOLUME = re.compile(r"\b(?:19|20)\d\d[a-z]?\)?[.,]\s.{3,160}?\b\d{1,4}\s?\(\d{1,3}\)")  # 2019. Title. J 12(3)
_BIB_AUTHORS = (
    re.compile(r"(?:\b[A-Z][a-z\u00C0-\u017F'\-]+,? (?:[A-Z]\.\s?){1,3}[,;&]\s*){2}"),  # Surname, A. B., Surname, C.,
    re.compile(r"(?:\b[A-Z][a-z\u00C0-\u017F'\-]+ [A-Z]{1,3}(?:,| and| &)\s){2}"),  # Surname AB, Surname CD,
)


def _looks_bibliographic(text: str) -> bool:
    """A reference entry: publication words, a numbered entry, "year. title. volume(issue)" or an author list."""
    if _BIB_WORDS.search(text) or (text.startswith("[") and _BIB_NUMBERED.search(text)):
        return True
    if "(" in text and _BIB_YEAR_VOLUME.search(text):
        return True
    return ("," in text or "&" in text or " and " in text) and any(p.search(text) for p in _BIB_AUTHORS)


# A paper title standing alone (reference chunks without headings): no verb, no first person, a few words.
_VERBISH = re.compile(r"\b(?:is|are|was|were|be|been|being|has|have|had|we|our|i|it|they|this|these|can|could|may|"
                      r"might|will|would|should|must|did|does|do)\b|\w(?:ed|es)\b", re.I)
_THIS_PAPER_L, _AVAILABILITY_L, _ALWAYS_HEDGE_L, _WEAK_HEDGE_L = (
    re.compile(p.pattern) for p in (_THIS_PAPER, _AVAILABILITY, _ALWAYS_HEDGE, _WEAK_HEDGE))
_REFERENCE_HEAD = re.compile(r"[A-Z][A-Za-z\u00C0-\u017F'\-]+,\s(?:[A-Z]\.\s?){1,3}(?:,|and|&)")
_REFERENCE_YEAR = re.compile(r"\b(19|20)\d\d[a-z]?\.\s.{5,200}\b\d{1,4}\s?\(\d{1,3}\)")
_REFERENCE_PAGES = re.compile(r"\b\d{1,4}\s?[,:]\s?\d{1,5}\s?[\u2013-]\s?\d{1,5}\.?$")
# An organisation as author: "Example Software Team, 2018.", "R Core Team (2020)."
# ... and with the title after it, when the year's letter kept the splitter from cutting: "GBIF, 2022f. Occurrence".
_REFERENCE_ORG_YEAR_TITLE = re.compile(r"[A-Z][\w&.\-]*(?:\s[\w&.\-]+){0,6},\s\(?(?:19|20)\d\d[a-z]?\)?\.\s")
_REFERENCE_ORG_YEAR = re.compile(r"^[A-Z][\w&.\-]*(?:\s[\w&.\-]+){0,6},?\s\(?(?:19|20)\d\d[a-z]?\)?\.?$")
# A title with a colon and no finite verb: "DeerNet-X: an efficient detector for ungulates in thermal video."
_COLON_TITLE = re.compile(r"^[A-Z][\w\-]*(?:[ \-][\w\-]+){0,3}:\s+(?:an?|the|towards?|on|using|from|how|when|what|why|"
                          r"[A-Z][a-z]+)\b")
_FINITE_OR_FIRST_PERSON = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|we|our|us|it|they|can|could|may|will|"
                                     r"would|should|did|does|do)\b|\d|%", re.I)
# An abbreviations list: "RNN, recurrent neural network; SGD, stochastic gradient descent; ..."
_GLOSSARY = re.compile(r"(?:\b[A-Z][A-Za-z0-9\-]{1,12},\s+[A-Za-z][A-Za-z\- ]{2,60};\s*){2}")
# Someone else's work told as a story: "For example, Doe and Roe used ...", "Their approach yielded ...",
# "first introduced in the ExampleNet-2 and used in ...".
_NAME = r"[A-Z][a-z\u00C0-\u017F'\-]+"
_DID = r"(?:used|applied|proposed|developed|trained|employed|introduced|adopted|presented|designed)"
# Each part has a cheap substring gate (see _tells_other_work): these run on every sentence with a mention.
_OTHER_WORK_EXAMPLE = re.compile(
    rf"\b(?:for example|for instance|e\.g\.),?\s+{_NAME}(?:\s(?:and|&)\s{_NAME}|\set al\.?)?(?:\s\(?\d{{4}}\)?)?"
    rf"\s+(?:{_DID[3:-1]}|showed|found|combined|achieved|built|compared)\b")
_OTHER_WORK_PAIR = re.compile(rf"(?:and|&) {_NAME}(?:\s\(?\d{{4}}\)?)?\s+{_DID}\b")
_CAPITALISED_BEFORE = re.compile(rf"\b{_NAME} $")
_OTHER_WORK_THEIR = re.compile(r"\b(?:[Tt]heir|[Hh]is|[Hh]er) (?:approach|method|methods|model|models|study|work|"
                               r"network|system|framework|results?|classifier|detector)\b")
_OTHER_WORK_FIRST = re.compile(r"\b(?:first|originally) (?:developed|introduced|proposed|presented|described|used) "
                               r"(?:in|by)\b")


def _tells_other_work(text: str, lowered: str) -> bool:
    """Someone else's work told as a story (no first person in the sentence)."""
    if ("example" in lowered or "instance" in lowered or "e.g." in lowered) and _OTHER_WORK_EXAMPLE.search(text):
        return True
    if (" and " in text or " & " in text) and any(
            _CAPITALISED_BEFORE.search(text, max(0, m.start() - 30), m.start()) for m in _OTHER_WORK_PAIR.finditer(text)):
        return True
    if ("heir " in lowered or "his " in lowered or "her " in lowered) and _OTHER_WORK_THEIR.search(text):
        return True
    return ("first" in lowered or "originally" in lowered) and bool(_OTHER_WORK_FIRST.search(text))


_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b")
# A single author's "I applied ...", in the original case ("i" alone would match "i.e." once lowercased).
_SOLE_AUTHOR = re.compile(r"\bI\s+(?:have\s+|also\s+|then\s+|first\s+)?(?:[a-z]+ed|built|ran|fit|chose|set|split|wrote|"
                          r"took|made|found|used)\b")
# A finite verb: body sentences have one, the title pieces of a reference entry mostly do not.
# A conditional that reports a procedure has a past tense or a setting ("If the loss did not improve for 10 epochs").
_PAST_OR_NUMBER = re.compile(r"\b(?:was|were|had|did)\b|\d")
# A pointer to this paper's own results: "For example, MobileNetV2 was selected for species A (Fig. 6)".
_OWN_FIGURE = re.compile(r"\((?:see )?(?:fig|figure|table|tab)\.?\s*[a-z]?\d")
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|can|will|would|should|could|may|might|must|does|do|did)\b")
# "you" in lowercase, or opening the sentence: not "You Only Look Once" (YOLO) spelled out mid-sentence
_READER = re.compile(r"\byou(?:r|rs)?\b|^\s*Your?\b(?! Only Look Once)")
# A sentence that refers back to a tool ("The package is ...") and the sentence before, which says we built it.
_ANAPHOR = re.compile(r"\s*(?:the|this|our|these) (?:[\w\-]+ )?(?:package|library|tool|toolbox|software|module|plugin|"
                      r"code|scripts?|app|application|implementation)\b")
_WE_BUILT = re.compile(r"\bwe (?:have )?(?:also )?(?:developed|created|wrote|written|built|implemented|designed|"
                       r"programmed|coded|released)\b")
# A clause that hands what follows to earlier work: "a technique first developed in ExampleNet-2 and used in ...".
_OTHER_WORK_CLAUSE = re.compile(r"\b(?:first|originally|previously|initially) (?:developed|introduced|proposed|"
                                r"presented|described|used|designed) (?:in|by|for)\b[^;:()]{0,80}$", re.I)


def _is_reference_entry(sentence: str) -> bool:
    """_REFERENCE_ENTRY, with cheap gates before each (costly) alternative: this runs on every sentence."""
    if _REFERENCE_HEAD.match(sentence):
        return True
    if len(sentence) < 90 and _REFERENCE_ORG_YEAR.match(sentence):
        return True
    if "," in sentence[:60] and _REFERENCE_ORG_YEAR_TITLE.match(sentence):
        return True
    if "(" in sentence and _REFERENCE_YEAR.search(sentence):
        return True
    return sentence[-1:] in ".0123456789" and bool(_REFERENCE_PAGES.search(sentence, max(0, len(sentence) - 40)))


_SKIPPED_SECTIONS = frozenset({"references"})
# How the next piece of a reference entry can begin: "In: International Conference on ...".
_ENTRY_CONTINUES = ("In:", "In Proceedings", "Proceedings of")
_HEDGED_SECTIONS = frozenset({"related_work"})

_TOKEN = re.compile(r"[A-Za-z0-9\u00B2]+")
_CITED_NAME = re.compile(r"(?<![a-z0-9\u00b2])([a-z]{4,})\d{1,3}(?![a-z0-9\u00b2])")  # in lowercased text
_CITED_NAME_ANY_CASE = re.compile(_CITED_NAME.pattern, re.I)
_JOINABLE_GAP = re.compile(r"[\s\-\u2010\u2011/._'&+]{0,3}$")  # used with match(text, pos, endpos)
MAX_QUOTE = 400

# Hyper-parameter settings: "<name> of/= <number>" or "<number> <name>" (epochs, iterations).
_NUMBER = (r"(?P<amount>10\^?\s?[-−–]\s?\d+|"
           r"\d+(?:[.,]\d+)?(?:\s?[x×·]\s?10\^?\s?[-−–]?\s?\d+|[eE]\s?[-−–]?\d+)?)")
_HP_NAMES = sorted({s for c, spellings in ALIASES["hyperparameters"].items() for s in (c, *spellings)}, key=len,
                   reverse=True)
# "steps" before a number is a numbered list ("Steps: 1 Using ..."); step counts come as "10,000 steps".
_HP_NAME_ALT = "|".join(re.escape(n) for n in _HP_NAMES if (len(n) > 2 or n == "LR") and n != "steps")
_HP_AFTER = re.compile(
    rf"\b(?P<name>{_HP_NAME_ALT})\b(?:\s*\([^)0-9]{{0,20}}\))?(?:\s+[^\s\d]{{1,2}}(?=\s*=))?"
    # "(which we set to 0.001)", "with a rate of 0.3"
    rf"(?:\s*\(\s*(?:which|that)\s+(?:we\s+)?(?:(?:was|were|is)\s+)?(?:set|fixed|chose|chosen|selected)\s+"
    rf"(?:to|at|as)|\s+(?:layers?\s+)?(?:with|using|at)\s+an?\s+(?:rate|probability|value|size)\s+of)?\s*\(?\s*"
    rf"(?:of|=|:|was|were|is|set to|equal to|was set to|"
    rf"were set to|was fixed at|was set at|at|to)?\s*(?:set to\s*|fixed at\s*|initially\s*)?(?:about|approximately|~)?\s*"
    rf"(?:\((?!\d{{1,2}}\)))?{_NUMBER}(?P<unit>\s?%)?", re.I)  # "a filter size of (3, 3)", not a list's "(1)"
# Not a symbol's index: "in t-1 and t-2 iterations" counts no iterations.
_HP_BEFORE = re.compile(rf"(?<![A-Za-z][-\u2212\u2013])(?<![\w.]){_NUMBER}\s+(?P<name>epochs?|training epochs|iterations|steps)\b",
                        re.I)
# "repeated for 1000 iterations": the whole experiment, run again, not the training length.
_REPEATED_BEFORE = re.compile(r"\brepeat\w*[^.;]{0,40}$", re.I)
# A count of nodes or units is a layer's width only where the sentence is about a network, not a graph.
_NETWORK_CORE = r"hidden|network|dense|neural|lstm|gru|perceptron|mlp|fully"
_NETWORK_WORDS = re.compile(rf"layer|{_NETWORK_CORE}")
# ... and a count of layers only where a network is named: "in the cases where 2 layers (of rasters) were used".
_LAYERED_NETWORK_WORDS = re.compile(rf"{_NETWORK_CORE}|convolution|conv\b|recurrent|model|encoder|decoder|attention|"
                                    r"transformer|pooling|residual|cnn|deep|node|neuron|unit|resnet|vgg|backbone|"
                                    r"architecture|depth|\bwe\b")
# Architecture settings: "16 filters", "three convolutional layers", "64 hidden units".
_COUNT = r"(?P<amount>\d{1,5}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|sixteen|thirty-two|sixty-four)"
_HP_ARCH = re.compile(
    rf"\b{_COUNT}\s+(?:(?:hidden|fully[- ]connected|dense|convolutional|convolution|conv|recurrent|LSTM|GRU|"
    rf"pooling|max[- ]pooling|residual|output|trainable|neurons?\s+in\s+the)\s+)?"
    rf"(?P<name>layers|filters|kernels|hidden units|units|neurons|nodes|blocks|heads|trees)\b", re.I)
_ARCH_NAMES = {"layers": "number of layers", "filters": "number of filters", "kernels": "number of filters",
               "hidden units": "hidden units", "units": "hidden units", "neurons": "hidden units", "nodes": "hidden units",
               "blocks": "number of blocks", "heads": "attention heads", "trees": "number of trees"}
_HP_TABLE = re.compile(r"\b(?:hyper-?\s?parameters?|training parameters|parameter settings|model parameters|"
                       r"training settings)\b[^.;]{0,80}?\b(?:are|is|were|was)?\s*(?:listed|given|shown|summari[sz]ed|"
                       r"reported|presented|provided|detailed|described)\s+in\s+(?:Table|Tab\.|the Supplementary|"
                       r"Supplementary|Appendix|SI\b)", re.I)
# A table caption naming the settings: "Table 2: The hyperparameter values of the models".
_HP_CAPTION = re.compile(r"\bTable\s+[A-Z]?\d{1,2}[.:]?\s+(?:[^.;]{0,80}?\s)?(?:hyper-?\s?parameters?|parameter settings|"
                         r"training parameters|model parameters)\b", re.I)
# "did not improve for 10 epochs", "a patience of 10 epochs": early-stopping patience, not the training length.
_PATIENCE_BEFORE = re.compile(r"(?:improv\w*|patience|progress|stagnat\w*|plateau\w*|decreas\w*|chang\w*)"
                              r"[^.;]{0,25}$", re.I)
_SEARCH_WORDS = re.compile(r"search|grid|tested|tried|tuned|candidate|compar|range|limit")
_SIZE_TABLE = re.compile(r"compar|efficien|flops|size|count|number of|speed|memory")
_EVERY_BEFORE = re.compile(r"\bevery\s+$", re.I)
_EPOCHS_FOR = re.compile(r"\b(?:for|over|after)\s+(?P<amount>\d{1,5})\s+(?:training\s+)?epochs\b", re.I)

# A link broken by the PDF's line ends: "github. com/x", "Bird-Species -Classification", "weecology/ NeonTreeEval".
_URL = re.compile(r"(?:https?://|www\.)(?:[/\-_.]\s(?=[\w\-]*[/._\-][\w\-/._]*[\w/])|\s(?=-[A-Za-z0-9])|"
                  r"(?<=/)\s(?=(?-i:[A-Za-z0-9]+[A-Z0-9_\-][\w\-.]*?)(?:[)\s,;]|\.?$|\.\s))|"
                  r"[^\s<>()\"'\u201c\u201d])+|"
                  r"\b(?:github\.com|gitlab\.com|bitbucket\.org|zenodo\.org|"
                  r"figshare\.com|datadryad\.org)/[^\s<>()\"']+|\bdoi\.org/10\.\d{4,9}/[^\s<>()\"']+", re.I)
_CODE_NOUNS = r"code|codes|scripts?|software|implementation|source|package|notebooks?|pipeline|programs?|weights"
_CODE_WORDS = re.compile(rf"\b(?:{_CODE_NOUNS}|tool|models?|algorithm)\b", re.I)
# At a data archive a bare "models" is model output; code there is named as such, or as trained models.
_ARCHIVED_CODE = re.compile(rf"\b(?:{_CODE_NOUNS}|(?:trained|fitted|final|best) models?)\b", re.I)
_DATA_WORDS = re.compile(r"\b(?:data|dataset|datasets|data set|images|recordings|annotations|labels|photos|records|"
                         r"occurrences|observations|audio|videos)\b", re.I)
_ON_REQUEST = re.compile(r"\b(?:up)?on (?:reasonable |justified )?request\b|\bfrom the (?:corresponding )?authors?\b|"
                         r"\bby contacting\b", re.I)
# Open access said without a link: "the complete data set is available online", "we provide code and data".
_OPEN_ACCESS = re.compile(r"\b(?:publicly|freely|openly) (?:available|accessible)\b|\bavailable (?:online|for download)\b|"
                          r"\bcan be (?:freely )?downloaded\b|\bwe (?:here |also )?(?:provide|release|share|publish)\b"
                          r"(?=[^.;]{0,80}\b(?:code|scripts?) and data\b|[^.;]{0,80}\bdata and (?:code|scripts?)\b)",
                          re.I)
# "The scripts and data ...", "All data ...": a sentence about this paper's own things, not the field's.
_DEFINITE_START = re.compile(r"\s*(?:The|All|Our|These|Both)\b")
_SHARED_CODE = re.compile(r"\b(?:code|codes|scripts?|software|source files?|notebooks?|packages?)\b", re.I)
_OWN_CODE = re.compile(r"\b(?:our|the|all|including|with|and) (?:source )?(?:code|scripts)\b", re.I)
# "four public plant image datasets", "two publicly available datasets": data someone published, here used.
_PUBLIC_DATASET = re.compile(r"\b(?:public|publicly available|open(?:-access)?|benchmark)\s+(?:[a-z\-]+\s+){0,3}?"
                             r"(?:data\s?sets?|databases?)\b", re.I)
_SUPPLEMENT = re.compile(r"\b(?:supplementary|supporting information|supplemental|appendix|electronic supplement)", re.I)
_THIRD_PARTY = re.compile(r"\b(?:package|library|toolbox|plugin|module|API)\b[^.;]{0,12}(?:\(|available|at\b|from\b|https?)",
                          re.I)
_OWN = re.compile(r"\bour\b|\bwe (?:have )?(?:provide|release|share|make|made|publish|deposit)|"
                  r"\bthis (?:study|paper|work|project|article)", re.I)
_NOT_AVAILABLE = re.compile(r"\bnot (?:be )?(?:publicly |freely |openly )?(?:available|accessible|shared|provided)|"
                            r"\bconfidential\b|\bcannot be (?:shared|made available|provided)|\bno (?:new )?(?:data|datasets?|code) "
                            r"(?:were|was|are|is) (?:generated|produced|created|shared)", re.I)
# "the Mossbank Reef dataset", "QX77 dataset [17]", "the public FRG-12K dataset": named, hence published data.
_NAMED_DATASET = re.compile(
    r"(?P<name>(?:[A-Z][\w@'\-]*|\d+[A-Za-z][\w\-]*)(?:\s(?:[A-Z0-9][\w@'\-]*|&))?(?:\s(?:[A-Z0-9][\w@'\-]*))?)"
    r"(?:\s\([A-Z][\w\-]{0,10}\))?\s+(?:data\s?sets?|database|benchmark|corpus|archive|collection)\b")
_NOT_A_NAME = frozenset(
    ["input", "output", "target", "source", "own", "current", "existing", "present", "collected", "processed",
     "cleaned", "augmented", "remaining", "total", "sample", "example", "shared", "available",
     "table", "tab", "fig", "figure", "section", "appendix", "supplementary", "eq", "equation", "step",
     "sql", "nosql", "mysql", "postgresql", "mongodb", "sqlite", "csv", "json", "excel", "oracle", "access", "gis",
     "relational", "online", "web", "study", "research", "distributed", "parallel", "processing", "cloud", "graph",
     "vector", "document", "for", "in", "from", "with", "on", "of", "to", "by", "and", "using", "via",
     "google", "github", "gitlab", "mendeley", "scopus", "pubmed", "kaggle", "zenodo", "figshare", "dryad",
     "the", "this", "that", "these", "those", "our", "their", "its", "a", "an", "each", "whole", "full", "original", "final", "new", "same", "entire", "large", "small", "public", "training", "train", "test", "testing", "validation", "image", "images", "audio", "video", "field", "raw", "main", "second", "first", "third", "combined", "private", "benchmark", "labelled", "labeled", "annotated", "complete", "resulting", "reference", "additional", "independent", "external", "both", "all", "several", "many", "other", "different", "such", "two", "three", "four", "five", "multiple", "synthetic", "simulated",
     # a sensor or modality describes data, it does not name a dataset ("our RGB-D dataset", "the UAV dataset")
     "rgb", "rgb-d", "rgbd", "thermal", "infrared", "lidar", "hyperspectral", "multispectral", "sar", "uav", "drone",
     "aerial", "satellite", "acoustic", "camera", "trap", "spectrogram", "point"])
# "Table 3 dataset", "Fig. 2 database": a pointer into the paper, not a name.
_POINTER_WORDS = frozenset(["table", "tab", "fig", "figure", "section", "appendix", "supplementary", "eq", "equation",
                            "step"])
_CODE_HOSTS = {"github.com": "GitHub", "gitlab.com": "GitLab", "bitbucket.org": "Bitbucket", "codeocean.com": "Code Ocean",
               "sourceforge.net": "SourceForge"}
_DATA_HOSTS = {"zenodo.org": "Zenodo", "figshare.com": "Figshare", "datadryad.org": "Dryad", "gbif.org": "GBIF",
               "kaggle.com": "Kaggle", "pangaea.de": "PANGAEA", "osf.io": "OSF", "dataverse.harvard.edu": "Dataverse",
               "data.mendeley.com": "Mendeley Data", "lila.science": "LILA BC", "xeno-canto.org": "Xeno-canto"}
_DATA_DOI_PREFIXES = {"10.5281": "Zenodo", "10.6084": "Figshare", "10.5061": "Dryad", "10.15468": "GBIF",
                      "10.1594": "PANGAEA", "10.17632": "Mendeley Data", "10.7910": "Dataverse"}
# A journal's own pages (running heads, article links) are not where a paper's data live.
_PUBLISHER = re.compile(r"nature\.com|sciencedirect|springer|wiley|elsevier|mdpi\.com|plos|frontiersin|tandfonline|"
                        r"ieee|doi\.org/10\.1016|doi\.org/10\.1007|doi\.org/10\.1038")
_SPLIT_PERCENT = re.compile(r"\b\d{1,2}(?:\.\d+)?\s?%[^.;]{0,60}?\b(train|training|validation|validating|test|testing)\b"
                            r"|\b(train|training|validation|test|testing)[^.;]{0,30}?\b\d{1,2}(?:\.\d+)?\s?%", re.I)
# People giving the examples their labels: "we labelled them into 'dam' or 'not dam'", "clips were annotated as".
_LABELLED_BY_PEOPLE = re.compile(
    r"\b(?:we|experts?|annotators?|observers?|volunteers?|biologists?|authors?)\s+(?:[^.;]{0,80}?\band\s+)?"
    r"(?:then\s+|also\s+)?(?:manually\s+|"
    r"visually\s+)?(?:labell?ed|annotated|tagged)\s+(?:them|each|all|every|the|these|those|\d[\d,]*)\b[^.;]{0,60}?"
    r"\b(?:into|as|with|according)\b|"
    r"\b(?:images|photos|clips|recordings|frames|calls|detections|videos|files|spectrograms|tiles|patches)\s+were\s+"
    r"(?:then\s+|subsequently\s+)?(?:manually\s+|visually\s+|independently\s+)?(?:labell?ed|annotated|tagged)\s+"
    r"(?:as|into|by|with|according)\b", re.I)
_SPLIT_RATIO = re.compile(r"\b\d{1,2}\s?[:/]\s?\d{1,2}(?:\s?[:/]\s?\d{1,2})?\s+(?:ratio|split)\b", re.I)


@dataclass(frozen=True)
class _TokenSpan:
    """One sentence's tokens as a window on the paper's token list (tokenized once per paper)."""

    text: str
    tokens: list[tuple[int, int, str]]  # (start, end, lowercased token) over the whole text
    candidates: list[int]  # indices of tokens some alias starts with, sorted
    lo: int
    hi: int
    offset: int  # where the sentence starts in the text

    def candidate_indices(self) -> list[int]:
        return self.candidates[bisect_left(self.candidates, self.lo) : bisect_left(self.candidates, self.hi)]


@dataclass(frozen=True)
class Mention:
    facet: str
    value: str
    surface: str
    start: int
    end: int
    amount: str | None = None
    unit: str | None = None
    kind: str = "vocabulary"
    negated: bool | None = None  # None: decided by the sentence context
    hedged: bool | None = None


class _Lexicon:
    """alias_key -> [(facet, canonical)] over every facet; `prefixes` holds every prefix of every key, so the
    n-gram walk stops as soon as no alias can continue (a trie walk over a set)."""

    def __init__(self) -> None:
        self.entries: dict[str, list[tuple[str, str]]] = {}
        self.prefixes: set[str] = set()
        self.max_tokens = 1
        self.max_words: dict[str, int] = {}  # most blank-separated words of any spelling of the key
        only_acronyms: dict[str, bool] = {}
        for facet_key, table in ALIASES.items():
            for canonical, spellings in table.items():
                for spelling in (canonical, *spellings):
                    key = alias_key(spelling)
                    if len(key) < 2:  # "R²" folds to "r": a single letter would match every initial
                        continue
                    bucket = self.entries.setdefault(key, [])
                    if (facet_key, canonical) not in bucket:
                        bucket.append((facet_key, canonical))
                    self.max_tokens = max(self.max_tokens, len(_TOKEN.findall(spelling)))
                    self.max_words[key] = max(self.max_words.get(key, 1), len(spelling.split()))
                    only_acronyms[key] = only_acronyms.get(key, True) and _looks_like_acronym(spelling)
        for key in self.entries:
            self.prefixes.update(key[:i] for i in range(1, len(key) + 1))
        # Short keys (CNN, SGD, AP, RF) and keys only ever spelled as acronyms (CLIP, YOLO) match only as written
        # in capitals, never as ordinary words ("3-s clips").
        self.case_sensitive = frozenset(k for k in self.entries if len(k) <= 3 or only_acronyms[k])


class _SentenceContext:
    """Lazily computed facts about one sentence's wording."""

    def __init__(self, text: str, section_kind: str | None, previous: str = "") -> None:
        self.text = text
        self.lowered = text.lower()  # only searched for yes/no cues, never used for offsets
        self.section_kind = section_kind
        self.previous = previous  # the sentence before, lowercased: what "The package ..." refers to

    @cached_property
    def own_by_reference(self) -> bool:
        """"We developed the X package. The package is available at ...": the tool named here is the paper's own."""
        return bool(self.previous) and bool(_ANAPHOR.match(self.lowered)) and bool(_WE_BUILT.search(self.previous))

    @cached_property
    def this_paper(self) -> bool:
        return bool(_THIS_PAPER_L.search(self.lowered)) or ("I " in self.text and bool(_SOLE_AUTHOR.search(self.text)))

    @cached_property
    def availability(self) -> bool:
        return bool(_AVAILABILITY_L.search(self.lowered))

    @cached_property
    def bibliographic(self) -> bool:
        """A reference entry or a bare title: someone else's work, whatever words it holds."""
        if _looks_bibliographic(self.text) or (";" in self.text and _GLOSSARY.search(self.text)):
            return True
        if self.text.endswith("?.") and not _FIRST_PERSON.search(self.lowered):
            return True  # a question as a title, closed by the reference's full stop
        if len(self.text) < 40 and self.text[:1] in "\u2018\u201c'\"" and len(self.text.split()) <= 2:
            return True  # "'biomod2'." alone: a quoted name left over from a reference entry
        if ":" in self.text[:60] and _COLON_TITLE.match(self.text) and not _FINITE_OR_FIRST_PERSON.search(self.text):
            return True
        words = self.text.split()
        return 3 <= len(words) <= 22 and self.text.endswith(".") and self.text[:1].isupper() and \
            not _VERBISH.search(self.text) and not any(c.isdigit() for c in self.text) and "=" not in self.text

    @property
    def reads_as_entry_piece(self) -> bool:
        """Short, no first person, not a procedure told in the passive: a title or journal piece of a reference
        ("Random forests.", "YOLOv4: optimal speed and accuracy of", "GitHub Repository.")."""
        return len(self.text.split()) <= 25 and not _FIRST_PERSON.search(self.lowered) and not self.this_paper and \
            not _FINITE.search(self.lowered) and not self.text.startswith(("Table", "Fig"))

    @cached_property
    def may_give_examples(self) -> bool:
        return "e.g." in self.lowered and not (self.this_paper or self.availability)

    @cached_property
    def cites_earlier_work(self) -> bool:
        lowered = self.lowered
        return "first" in lowered or "origin" in lowered or "previous" in lowered or "initially" in lowered

    @cached_property
    def hedged(self) -> bool:
        if self.bibliographic or _ALWAYS_HEDGE_L.search(self.lowered):
            return True
        if self.text.startswith(("For example", "For instance")) and not _FIRST_PERSON.search(self.lowered) and \
                not _OWN_FIGURE.search(self.lowered):
            return True  # "For example, in the 2016 challenge, models were trained ...": someone else's work
        if not _FIRST_PERSON.search(self.lowered) and _tells_other_work(self.text, self.lowered):
            return True
        if self.this_paper or self.availability:
            return False
        if self.text.startswith("If ") and not _PAST_OR_NUMBER.search(self.lowered):
            return True  # "If a ViT is trained from scratch, its performance lags behind": a hypothetical
        if "you" in self.lowered and _READER.search(self.text):  # advice to the reader, not this paper's method
            return True
        return bool(_WEAK_HEDGE_L.search(self.lowered) or _CITATION.search(self.text)) or self.section_kind in _HEDGED_SECTIONS

    def negated_at(self, start: int) -> bool:
        """A negation word in the same clause, at most five words before the mention."""
        window = self.text[max(0, start - 60) : start]
        if not _NEGATION.search(window):  # most mentions: no negation word at all nearby
            return False
        window = _CLAUSE_BREAK.split(window)[-1]
        words = window.split()[-5:]
        return bool(_NEGATION.search(" ".join(words)))


class RuleExtractor(Extractor):
    """Offline extractor for every facet of the catalog."""

    name = "rules"
    version = VERSION

    def __init__(self) -> None:
        self._lexicon = _Lexicon()

    def extract(self, document: Document) -> PaperMethodology:
        facts: dict[str, dict[str, Fact]] = {f.key: {} for f in FACETS}
        text = document.text
        tokens, candidates, token_starts = self._tokens(text)
        previous: tuple[object, str] = (None, "")  # (section, lowered text) of the sentence before
        sentences = list(self._sentences(document))
        is_reference = [_is_reference_entry(text[start:end]) for _, start, end in sentences]
        entry_run = 0  # sentences since a reference entry's head, while they read as its title or journal
        for k, (section, start, end) in enumerate(sentences):
            sentence = text[start:end]
            if is_reference[k]:
                entry_run = 1
                continue
            context = _SentenceContext(sentence, section.kind if section else None,
                                       previous[1] if previous[0] is section else "")
            previous = (section, context.lowered)
            near_entry = 0 < entry_run <= 3 or (k + 1 < len(sentences) and (
                is_reference[k + 1] or text.startswith(_ENTRY_CONTINUES, sentences[k + 1][1])))
            if near_entry and context.reads_as_entry_piece:
                context.bibliographic = True  # a piece of a reference entry cut up by the PDF's columns
                entry_run += 1
            else:
                entry_run = 0
            sentence_tokens = _TokenSpan(text, tokens, candidates, bisect_left(token_starts, start),
                                         bisect_left(token_starts, end), start)
            cue_ok: dict[str, bool] = {}
            mentions = list(self._mentions(sentence, start, sentence_tokens, context))
            listed = _listed_candidates(mentions, context.lowered)
            for mention in mentions:
                if mention.facet not in cue_ok:
                    cue = FACET_CUES.get(mention.facet)
                    cue_ok[mention.facet] = cue is None or bool(cue.search(context.lowered))
                if not cue_ok[mention.facet] or not _counts_for_facet(mention, context.lowered):
                    continue
                fact = Fact(
                    facet=mention.facet,
                    value=mention.value,
                    mention=mention.surface,
                    evidence=self._evidence(text, start, end, mention, section.title if section else None),
                    amount=mention.amount,
                    unit=mention.unit,
                    negated=mention.negated if mention.negated is not None else context.negated_at(mention.start),
                    hedged=_is_hedged(mention, context) or mention.facet in listed if mention.hedged is None
                    else mention.hedged or context.bibliographic,
                    extractor=self.tag,
                )
                facts[mention.facet].setdefault(fact.fact_id, fact)
        results = {
            key: FacetResult(facet=key, facts=_drop_shadowed(list(found.values())), extractor=self.tag)
            for key, found in facts.items()
        }
        return PaperMethodology(
            paper_id=document.paper_id, title=document.title, doi=document.doi, source=document.source,
            sha256=document.sha256, extractor=self.tag, facets=results,
        )

    def _tokens(self, text: str) -> tuple[list[tuple[int, int, str]], list[int], list[int]]:
        """Tokens once per text (each sentence takes its slice by bisection), the indices of those an alias can
        start with, and the token starts."""
        lowered = text.lower()  # tokens are ASCII, where lower == casefold; offsets hold if the length does
        same_offsets = len(lowered) == len(text)
        if same_offsets:
            tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(lowered)]
        else:
            tokens = [(*m.span(), m.group().casefold()) for m in _TOKEN.finditer(text)]
        prefixes = self._lexicon.prefixes
        candidates = [i for i, t in enumerate(tokens) if t[2] in prefixes]
        token_starts = [t[0] for t in tokens]
        for cited in (_CITED_NAME if same_offsets else _CITED_NAME_ANY_CASE).finditer(lowered if same_offsets else text):
            # "TensorFlow43": a superscript citation glued to a name by the PDF text layer
            name = cited.group(1).casefold()
            if name in self._lexicon.entries and cited.group().casefold() not in prefixes:
                i = bisect_left(token_starts, cited.start())
                if i == len(tokens) or tokens[i][0] != cited.start():
                    continue
                tokens[i] = (cited.start(), cited.start() + len(name), name)
                insort(candidates, i)
        return tokens, candidates, token_starts

    def _sentences(self, document: Document) -> Iterator[tuple[object, int, int]]:
        sections = document.sections or []
        if not sections:
            for start, end in sentence_spans(document.text):
                yield None, start, end
            return
        for section in sections:
            if section.kind in _SKIPPED_SECTIONS:
                continue
            for start, end in sentence_spans(document.text, section.start, section.end):
                yield section, start, end

    def _mentions(self, sentence: str, offset: int, tokens: _TokenSpan,
                  context: _SentenceContext) -> Iterator[Mention]:
        names_a_setting = False
        lowered = context.lowered
        may_hold_url = "http" in lowered or "www." in lowered or ".com/" in lowered or ".org/" in lowered
        urls = [m.span() for m in _URL.finditer(sentence)] if may_hold_url else []
        for mention in self._vocabulary_mentions(sentence, offset, tokens):
            if urls and any(a < mention.end and mention.start < b for a, b in urls):
                continue  # "github.com/lab/yolo-tools" names a repository, not a model the paper used
            if ((mention.facet, mention.value) in _CHECKED_VALUES or len(mention.surface) == 2) and \
                    _is_lookalike(mention, sentence, context):
                continue
            if mention.facet in PATTERN_ONLY_FACETS:  # the setting itself is found by the patterns below
                names_a_setting = True
            else:
                yield mention
        yield from _pattern_mentions(sentence, context, names_a_setting)

    def _vocabulary_mentions(self, sentence: str, offset: int, span: _TokenSpan) -> Iterator[Mention]:
        """Longest alias match at each candidate token, walking the prefix set; offsets relative to the sentence."""
        lexicon = self._lexicon
        prefixes, entries_of = lexicon.prefixes, lexicon.entries
        text, tokens, hi = span.text, span.tokens, span.hi
        next_free = span.lo
        for i in span.candidate_indices():
            if i < next_free:
                continue
            key = ""
            best: tuple[int, str] | None = None
            for j in range(i, min(hi, i + lexicon.max_tokens)):
                if j > i and not _JOINABLE_GAP.match(text, tokens[j - 1][1], tokens[j][0]):
                    break
                key += tokens[j][2]
                if key not in prefixes:
                    break
                if key in entries_of:
                    surface = text[tokens[i][0] : tokens[j][1]]
                    # "W and b" is not "wandb": a match may not spread over many more words than the alias has
                    if (key not in lexicon.case_sensitive or _looks_like_acronym(surface)) and \
                            len(surface.split()) <= lexicon.max_words[key] + 1:
                        best = (j, key)
            if best is None:
                continue
            j, key = best
            a, b = tokens[i][0] - offset, tokens[j][1] - offset
            next_free = j + 1
            if (a and sentence[a - 1] == "_") or sentence[b : b + 1] == "_":  # part of a code: "SEA_HINDCAST_WAV_01"
                continue
            surface = sentence[a:b]
            for facet_key, canonical in entries_of[key]:
                yield Mention(facet_key, canonical, surface, a, b)

    def _evidence(self, text: str, start: int, end: int, mention: Mention, section: str | None) -> Evidence:
        if end - start > MAX_QUOTE:  # a window around the mention, cut at spaces
            centre = start + (mention.start + mention.end) // 2
            lo = max(start, centre - MAX_QUOTE // 2)
            hi = min(end, lo + MAX_QUOTE)
            lo = text.find(" ", lo, centre) + 1 if lo > start and text.find(" ", lo, centre) >= 0 else lo
            hi = text.rfind(" ", centre, hi) if hi < end and text.rfind(" ", centre, hi) > 0 else hi
            start, end = lo, hi
        return Evidence.from_span(text, start, end, section)


def _looks_like_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(1, len(letters) - 1)


def _counts_for_facet(mention: Mention, lowered: str) -> bool:
    """The sentence lets the mention count for its facet (past the facet cue): vocabulary cues and anti-cues, the
    role the words around it give it, and a weights source named with weights."""
    if mention.kind == "vocabulary":
        vocabulary_cue = VOCABULARY_CUES.get(mention.facet)
        if vocabulary_cue is not None and not vocabulary_cue.search(lowered):
            return False
        anti = FACET_ANTI_CUES.get(mention.facet)
        if anti is not None and anti.search(lowered):
            return False
    if mention.facet in MENTION_ROLE_BEFORE and _plays_another_role(mention, lowered):
        return False
    # "hyper-parameters tuned for COCO training from scratch": no weights came from COCO
    return mention.facet != "pretrained_weights" or mention.value == "Trained from scratch" or \
        bool(_WEIGHTS_SOURCE.search(lowered))


def _listed_candidates(mentions: list[Mention], lowered: str) -> frozenset[str]:
    """Three or more optimizers in one sentence read as a search space ("Adam, SGD, RMSprop, Adamax ..."), whose
    chosen one is named on its own elsewhere; not a negated list, nor our own use without a word of searching."""
    values = {m.value for m in mentions if m.facet == "optimizer"}
    if len(values) < 3 or _NEGATION.search(lowered):
        return frozenset()
    if _FIRST_PERSON.search(lowered) and not _SEARCH_WORDS.search(lowered):
        return frozenset()
    return frozenset({"optimizer"})


def _is_hedged(mention: Mention, context: _SentenceContext) -> bool:
    """Not this paper's fact: the sentence is hedged, or the mention sits in earlier work's clause, in an "e.g."
    list, or among candidates and contrasts."""
    sentence, start = context.text, mention.start
    return (context.hedged or context.cites_earlier_work and _in_other_work_clause(sentence, start)
            or context.may_give_examples and _in_example_list(sentence, start)
            or _is_contrast_or_candidate(mention, context))


def _plays_another_role(mention: Mention, lowered: str) -> bool:
    """The words around the mention give it a role other than the facet's (see MENTION_ROLE_BEFORE)."""
    before = MENTION_ROLE_BEFORE[mention.facet]
    after = MENTION_ROLE_AFTER[mention.facet]
    return bool(before.search(lowered, max(0, mention.start - 60), mention.start) or
                after.match(lowered, mention.end, mention.end + 40))


# Facets where a paper settles on one value, so "X or Y" lists candidates (a search grid) and "unlike X" a contrast.
# Not augmentations or preprocessing, where "rotated or flipped" applies both.
_ONE_CHOICE_FACETS = frozenset({"optimizer", "loss_function", "framework", "pretrained_weights"})
_CONTRAST_WORDS = r"unlike|instead of|rather than|comparing (?:it |them )?(?:with|to|against)|compared (?:to|with)"
_CONTRAST_BEFORE = re.compile(rf"\b(?:{_CONTRAST_WORDS}|in contrast to|as opposed to|in place of|"
                              r"compar\w+ (?:the )?(?:\w+ )?(?:and|with|to|versus|vs\.?))\s+"
                              r"(?:the\s+|a\s+|an\s+)?(?:standard\s+|original\s+|classical\s+|conventional\s+)?$")
# The acronym after a contrasted long name: "after comparing with stochastic gradient descent (SGD)".
_CONTRAST_BEFORE_ACRONYM = re.compile(rf"\b(?:{_CONTRAST_WORDS})\s+(?:the\s+)?(?:[\w\-]+\s+){{1,4}}\($")
_COMPARED_FIRST = re.compile(r"\bcompar\w+\s+(?:the\s+)?(?:performance\s+of\s+(?:the\s+)?)?$")
_OR_BEFORE = re.compile(r"\b(?:or|and/or|versus|vs\.?)\s+(?:the\s+|an?\s+)?$")
_OR_AFTER = re.compile(r"(?:\s+(?:optimi[sz]er|algorithm|loss|framework|library|weights))?\s*,?\s+(?:or|and/or|versus|vs\.?)\s")


def _is_contrast_or_candidate(mention: Mention, context: _SentenceContext) -> bool:
    """"AdamW, which, unlike the standard Adam", "Optimizer: RMSprop or Adam", "we compared SGD and Adam": the value
    is what the paper did not (or not yet) choose. Negated lists ("no X or Y") keep their negation."""
    if mention.facet not in _ONE_CHOICE_FACETS:
        return False
    lowered, start, end = context.lowered, mention.start, mention.end
    window = max(0, start - 60)
    if _CONTRAST_BEFORE.search(lowered, window, start) or _COMPARED_FIRST.search(lowered, window, start):
        return True
    if start and lowered[start - 1] == "(" and _CONTRAST_BEFORE_ACRONYM.search(lowered, window, start):
        return True
    if not (" or " in lowered or " vs" in lowered or "versus" in lowered) or _NEGATION.search(lowered):
        return False
    return bool(_OR_BEFORE.search(lowered, window, start) or _OR_AFTER.match(lowered, end))


def _in_example_list(sentence: str, start: int) -> bool:
    """The mention is in the list an "e.g." opens: after it, within 80 characters, no bracket, clause or sentence end
    in between."""
    window_start = max(0, start - 80)
    markers = list(_EXAMPLE_MARKER.finditer(sentence, window_start, start))
    if not markers:
        return False
    between = sentence[markers[-1].end():start]
    return not any(c in between for c in ");:")


def _in_other_work_clause(sentence: str, start: int) -> bool:
    """The mention follows "first developed in ..." in its clause: the earlier work's, whatever the sentence says."""
    return bool(_OTHER_WORK_CLAUSE.search(sentence, max(0, start - 120), start))


_CHECKED_VALUES = frozenset(VALUE_LOOKALIKES) | frozenset(VALUE_CUES) | _COMMON_NOUN_VALUES | {
    ("stopping_criterion", "Convergence")}


def _is_lookalike(mention: Mention, sentence: str, context: _SentenceContext) -> bool:
    """The mention's words in another sense: storage SSD, a geographical detector, features F1-F3, a place."""
    key = (mention.facet, mention.value)
    lookalike = VALUE_LOOKALIKES.get(key)
    if lookalike is not None and lookalike.search(
            context.lowered, max(0, mention.start - 40), min(len(sentence), mention.end + 40)):
        return True
    cue = VALUE_CUES.get(key)
    if cue is not None and not cue.search(context.lowered):
        return True
    if key == ("stopping_criterion", "Convergence") and _STATISTICAL_FIT.search(context.lowered):
        return True
    surface = mention.surface
    if mention.start > 0 and surface[:1].isupper() and surface.casefold() in _COMMON_NOUN_SURFACES:
        return True
    symbol = _SYMBOL.match(surface) if len(surface) == 2 else None
    if symbol:
        series = set(re.findall(rf"\b{symbol.group(1)}(\d)\b", sentence))
        if len(series) >= 3:
            return True
    return False


def _pattern_mentions(sentence: str, context: _SentenceContext, names_a_setting: bool) -> Iterator[Mention]:
    yield from _hyperparameter_mentions(sentence, context.lowered, names_a_setting)
    if "label" in context.lowered or "annotat" in context.lowered or "tagged" in context.lowered:
        for m in _LABELLED_BY_PEOPLE.finditer(sentence):
            yield Mention("annotation", "Manual annotation", m.group(), m.start(), m.end(), kind="pattern")
            break
    yield from _link_mentions(sentence, context)
    yield from _dataset_mentions(sentence, context)
    if "%" not in sentence and ":" not in sentence and "/" not in sentence:
        return
    for pattern in (_SPLIT_PERCENT, _SPLIT_RATIO):
        for m in pattern.finditer(sentence):
            value = "Train/validation/test split" if re.search(r"validat", sentence, re.I) else "Train/test split"
            yield Mention("data_split", value, m.group(), m.start(), m.end(), kind="pattern")


def _hyperparameter_mentions(sentence: str, lowered: str, names_a_setting: bool) -> Iterator[Mention]:
    has_parameter_word = "parameter" in lowered or "setting" in lowered
    if not _HAS_DIGIT_OR_COUNT.search(lowered) and not has_parameter_word:
        return
    patterns = [_HP_AFTER] if names_a_setting else []
    if "epoch" in lowered or "iteration" in lowered or "steps" in lowered:
        patterns.append(_HP_BEFORE)
    for pattern in patterns:
        for m in pattern.finditer(sentence):
            name = canonicalize("hyperparameters", m.group("name"))
            if name == "iterations" and _REPEATED_BEFORE.search(sentence, max(0, m.start() - 60), m.start()):
                yield Mention("randomness", "Repeated runs", m.group(), m.start(), m.end(),
                              amount=_amount(m.group("amount")), kind="pattern")
                continue
            if name in ("epochs", "iterations", "steps") and _EVERY_BEFORE.search(sentence, max(0, m.start() - 12),
                                                                                 m.start()):
                continue  # "cycled every 100 epochs", "decayed every 30 epochs": a schedule's period, not the length
            if name == "epochs" and _PATIENCE_BEFORE.search(sentence, max(0, m.start() - 60), m.start()):
                # "did not improve for 10 epochs": the "not" is the criterion's own wording, not a negation of it
                yield Mention("stopping_criterion", "Early stopping", m.group(), m.start(), m.end(),
                              amount=_amount(m.group("amount")), unit="epochs patience", kind="pattern", negated=False)
                continue
            if not _is_network_count(name, sentence, lowered, m.end("amount")):
                continue
            unit = "%" if (m.groupdict().get("unit") or "").strip() == "%" else None
            yield Mention("hyperparameters", name, m.group(), m.start(), m.end(),
                          amount=_amount_in_context(sentence, m.start("amount"), _amount(m.group("amount"))),
                          unit=unit, kind="pattern")
    for m in _HP_ARCH.finditer(sentence) if _ARCH_WORDS.search(lowered) else ():
        name = _ARCH_NAMES[m.group("name").casefold()]
        if not _is_network_count(name, sentence, lowered, m.end("amount")) or \
                _FROZEN_BEFORE.search(lowered, max(0, m.start() - 40), m.start()):
            continue  # "froze the first four layers" says which layers were frozen, not how deep the network is
        yield Mention("hyperparameters", name, m.group(), m.start(), m.end(),
                      amount=_amount_in_context(sentence, m.start(), m.group("amount").casefold()), kind="pattern")
    for m in (*_HP_TABLE.finditer(sentence), *_HP_CAPTION.finditer(sentence)) if has_parameter_word else ():
        if "model parameters" in m.group().lower() and _SIZE_TABLE.search(lowered):
            continue  # "Comparison of two model parameters and detection efficiency": a parameter count
        yield Mention("hyperparameters", "hyper-parameters listed in a table", m.group(), m.start(), m.end(),
                      kind="pattern")
    for m in _EPOCHS_FOR.finditer(sentence) if "epoch" in lowered else ():
        if _PATIENCE_BEFORE.search(sentence, max(0, m.start() - 60), m.start()):
            continue
        if re.search(r"\btrain|\bfine-?tun|\bran\b|\brun\b", sentence, re.I):
            yield Mention("stopping_criterion", "Fixed number of epochs", m.group(), m.start(), m.end(),
                          amount=m.group("amount"), kind="pattern")


_COUNT_NAMES = frozenset({"number of layers", "hidden units", "number of blocks", "number of trees", "number of filters",
                          "attention heads"})
# A measure after the number: "layers of 0 to 10 cm" are soil depths, not a count of anything in a network.
_MEASURE_AFTER = re.compile(r"\s*(?:(?:to|-|\u2013)\s*\d[\d.,]*\s*)?(?:cm|mm|m|km|ha|kg|g|m2|km2|\u00b0)\b")
_FROZEN_BEFORE = re.compile(r"\bfr(?:oze|eeze|ozen|eezing)\b[^.;]{0,35}$")
# "from 20 to 100 trees", "up to three hidden layers", "through 12 and 24 blocks": a range or alternatives, and
# the setting's amount says so rather than picking one end. Not after a setting word ("batch size of 32 and").
_RANGE_BEFORE = re.compile(
    r"(?:(?<!\bof )(?<!= )(?<!: )(?<!\bto )(?<!\bat )\b(?P<low>\d+(?:[.,]\d+)?|one|two|three|four|five|six|eight|ten)"
    r"\s*,?\s*(?P<sep>to|-|\u2013|and|or)\s*|\b(?P<upto>up to|at most|a maximum of)\s+)$", re.I)


def _is_network_count(name: str, sentence: str, lowered: str, amount_end: int) -> bool:
    """A count of layers, units, blocks ... only where a network is named, and never a measure."""
    if name not in _COUNT_NAMES:
        return True
    if _MEASURE_AFTER.match(lowered, amount_end):
        return False
    if name == "hidden units":
        return bool(_NETWORK_WORDS.search(lowered))
    return name != "number of layers" or bool(_LAYERED_NETWORK_WORDS.search(lowered))


def _amount_in_context(sentence: str, start: int, amount: str) -> str:
    """The amount, widened to the range or alternatives it ends: "20-100", "up to three", "12/24"."""
    m = _RANGE_BEFORE.search(sentence, max(0, start - 30), start)
    if m is None:
        return amount
    if m.group("upto"):
        return f"up to {amount}"
    separator = "/" if m.group("sep").casefold() in ("and", "or") else "-"
    return f"{m.group('low')}{separator}{amount}"


def _amount(raw: str) -> str:
    return re.sub(r"\s+", "", raw).replace("−", "-").replace("–", "-")


def _repaired_url(raw: str) -> str:
    """A URL as printed, with PDF line-break spaces removed and trailing punctuation dropped."""
    return re.sub(r"\s+", "", raw).rstrip(".,;:]")


def _link_mentions(sentence: str, context: _SentenceContext) -> Iterator[Mention]:
    """Links and availability statements. A code link counts only when the sentence says something is available
    (or we release it), so a link to a third-party library ("using fastai https://github.com/fastai") is a tool
    reference, not this paper's code; a link in a sentence about data and not code is a data link."""
    lowered_sentence = context.lowered  # computed once per sentence already
    if not ("http" in lowered_sentence or "www." in lowered_sentence or ".org/" in lowered_sentence
            or ".com/" in lowered_sentence or "request" in lowered_sentence or "availab" in lowered_sentence
            or "supplement" in lowered_sentence or "deposit" in lowered_sentence or "archiv" in lowered_sentence
            or "provide" in lowered_sentence or "download" in lowered_sentence):
        return
    about_code = bool(_CODE_WORDS.search(sentence))
    about_data = bool(_DATA_WORDS.search(sentence))
    offers = context.availability or context.section_kind == "availability"
    refused = bool(_NOT_AVAILABLE.search(sentence))
    found_link = False
    for m in _URL.finditer(sentence):
        surface = m.group().rstrip(".,;:]")
        url = _repaired_url(surface)
        lowered = url.casefold()
        start, end = m.start(), m.start() + len(surface)
        code_host = next((v for h, v in _CODE_HOSTS.items() if h in lowered), None)
        if code_host is None and re.match(r"(?:https?://)?gitlab\.", lowered):  # a self-hosted GitLab
            code_host = "GitLab"
        data_host = next((v for h, v in _DATA_HOSTS.items() if h in lowered), None)
        data_host = data_host or next((v for p, v in _DATA_DOI_PREFIXES.items() if f"doi.org/{p}/" in lowered), None)
        # "trained models are available from zenodo"; a bare "models" at a data archive is model output, not code
        if data_host and about_code and not about_data and _ARCHIVED_CODE.search(sentence):
            code_host = data_host
        if code_host and (about_code or not about_data):
            bare = sentence.strip().rstrip(".") == surface  # a footnote holding only the link
            third_party = bool(_THIRD_PARTY.search(sentence)) and not _OWN.search(sentence) and \
                not context.own_by_reference
            # a link to someone's repository or library is not this paper's code
            hedged = None if (offers or bare) and not third_party else True
            yield Mention("code_link", url, surface, start, end, kind="pattern", hedged=hedged)
            yield Mention("code_repository", code_host, surface, start, end, kind="pattern", hedged=hedged)
            found_link = True
        elif code_host or data_host or (offers and about_data and not about_code):
            host = data_host or code_host or "Web page"
            hedged = None if (offers or data_host) else True
            yield Mention("data_link", url, surface, start, end, kind="pattern", hedged=hedged)
            yield Mention("data_repository", host, surface, start, end, kind="pattern", hedged=hedged)
            if (offers or data_host) and about_data and not _PUBLISHER.search(lowered):  # the data the paper used, named by where they are
                yield Mention("datasets", f"Dataset at {re.sub(r'^(?:https?://)?(?:www[.])?', '', url).rstrip('/')}",
                              surface, start, end, kind="pattern", hedged=hedged)
            found_link = True
        elif offers and about_code and not refused and _ARCHIVED_CODE.search(sentence):
            # a page that is not a code host holds code only when the sentence says code (or trained models) are
            # there: "an annotation tool available in the project's web site" is a web application
            # "the Hyperopt package (available at http://...)": where a tool lives, not this paper's code
            third_party = bool(_THIRD_PARTY.search(sentence)) and not _OWN.search(sentence) and \
                not context.own_by_reference
            yield Mention("code_link", url, surface, start, end, kind="pattern", hedged=True if third_party else None)
            found_link = True
    if found_link or not (offers or refused):
        return
    # Availability said without a link: supplementary material, on request, or not available.
    place = ("Available on request" if _ON_REQUEST.search(sentence) else
             "Supplementary material" if _SUPPLEMENT.search(sentence) else None)
    open_access = None if refused or place else _OPEN_ACCESS.search(sentence)
    if open_access is not None:
        a, b = open_access.start(), open_access.end()
        if about_code and _OWN_CODE.search(sentence) and not _THIRD_PARTY.search(sentence):
            yield Mention("code_link", "Available (no link given)", open_access.group(), a, b, kind="pattern")
        if about_data and (context.this_paper or context.section_kind == "availability" or
                           _DEFINITE_START.match(sentence)):
            # "several networks trained on large data sets are now publicly available" is the field's, not ours
            yield Mention("datasets", "Publicly available data", open_access.group(), a, b, kind="pattern")
        return
    anchor = _AVAILABILITY.search(sentence) or _NOT_AVAILABLE.search(sentence)
    if anchor is None:
        return
    # "not publicly available, but can be obtained from the authors on request" offers a way: not a negation.
    negated = refused and place is None
    value = place or "Not available"
    # "Details on the implementation can be found in the Supplementary Material" describes the code, it does not
    # share it: a supplement holds code only when the sentence names code itself
    if about_code and (place or refused) and (place != "Supplementary material" or _SHARED_CODE.search(sentence)):
        yield Mention("code_link", value, anchor.group(), anchor.start(), anchor.end(), kind="pattern",
                      negated=negated)
    if about_data and (place or refused):
        yield Mention("data_repository", value, anchor.group(), anchor.start(), anchor.end(), kind="pattern",
                      negated=negated)


def _dataset_mentions(sentence: str, context: _SentenceContext) -> Iterator[Mention]:
    """Named datasets ("the Mossbank Reef dataset", "QX77 dataset"): a dataset with a name is a published one."""
    if "ata" not in sentence and "base" not in sentence and "enchmark" not in sentence and "orpus" not in sentence:
        return
    if "ublic" in sentence or "open" in context.lowered or "benchmark" in context.lowered:
        for m in _PUBLIC_DATASET.finditer(sentence):
            if not FACET_ANTI_CUES["datasets"].search(context.lowered) and context.this_paper:
                yield Mention("datasets", "Public dataset", sentence[m.start():m.end()], m.start(), m.end(),
                              kind="pattern")
                break
    for m in _NAMED_DATASET.finditer(sentence):
        name = m.group("name").strip()
        words = name.split()
        first = words[0]
        if first.casefold() in _NOT_A_NAME:
            words = words[1:]
            if not words:
                continue
            first = words[0]
            name = " ".join(words)
        if any(w.casefold() in _NOT_A_NAME for w in words) or _POINTER_WORDS.intersection(
                w.casefold() for w in m.group("name").split()):
            continue
        distinctive = any(sum(c.isupper() for c in w) >= 2 or any(c.isdigit() for c in w) for w in words)
        at_start = sentence[: m.start()].strip() == ""
        if len(name) < 3 or (not distinctive and (at_start or len(first) < 4)):
            continue
        if FACET_ANTI_CUES["datasets"].search(context.lowered):
            continue
        # "ImageNet dataset" and "ImageNet" are one dataset: the value is the name, canonical where known
        yield Mention("datasets", canonicalize("datasets", name), m.group(), m.start(), m.end(), kind="pattern")


_ARCH_WORDS = re.compile(r"layers|filters|kernels|units|neurons|nodes|blocks|heads|trees")
_HAS_DIGIT_OR_COUNT = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|sixteen)\b")


def _drop_shadowed(facts: list[Fact]) -> list[Fact]:
    """A hedged mention of a value the paper also states adds nothing: keep the stated one."""
    stated = {(f.value, f.amount) for f in facts if f.counts_as_stated}
    return [f for f in facts if f.counts_as_stated or (f.value, f.amount) not in stated]
