"""A small corpus covering every status, shared by the report, export and browser tests.

alpha and beta are ingested from text by the real rule extractor (stated, negated, hedged, and a hostile
quote); gamma is written straight to the store the way an LLM run would leave it: one facet stated, one
failed with a reason, one assessed with nothing found, every other facet never extracted.
"""

from __future__ import annotations

from pathlib import Path

from graph.embedded import EmbeddedStore
from schema.models import Evidence, FacetResult, Fact, PaperMethodology, text_sha256

HOSTILE = "<script>document.title='PWNED'</script><img src=x onerror=\"document.title='PWNED'\">"

ALPHA = """Methods

We trained a ResNet-50 initialized with ImageNet weights using the Adam optimizer with a learning rate of 0.001 \
and a batch size of 32 for 50 epochs in PyTorch on an NVIDIA V100 GPU. No data augmentation was applied. \
The data were split into 80% training and 20% test sets. We report accuracy and F1-score. Random seeds were \
fixed to 42. Code is available at https://github.com/example/alpha. The images come from the public Snapshot \
Serengeti dataset.
"""

BETA = f"""Introduction

Optimizers such as SGD or Adam are typically used for deep networks. Here we trained a U-Net for segmentation \
of {HOSTILE} images and evaluated it with IoU.
"""

GAMMA_TEXT = "We fine-tuned a Vision Transformer on drone images."
FAILURE = "LLM endpoint timed out after 3 retries"


def gamma() -> PaperMethodology:
    start = GAMMA_TEXT.index("Vision Transformer")
    model = Fact(facet="model", value="Vision Transformer", mention="Vision Transformer",
                 evidence=Evidence.from_span(GAMMA_TEXT, 0, len(GAMMA_TEXT), "Methods"), extractor="llm@test")
    assert start > 0
    return PaperMethodology(
        paper_id="gamma", title="Gamma & <b>friends</b>", sha256=text_sha256(GAMMA_TEXT), extractor="llm@test",
        extracted_at="2025-01-01T00:00:00Z",
        facets={"model": FacetResult(facet="model", facts=[model], extractor="llm@test"),
                "optimizer": FacetResult(facet="optimizer", error=FAILURE, extractor="llm@test"),
                "datasets": FacetResult(facet="datasets", extractor="llm@test")},
    )


def build_corpus(run_cli, folder: Path, store_dir: Path) -> Path:
    """Ingest alpha and beta with the rule extractor, write gamma directly; returns the store folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (folder / "beta.txt").write_text(BETA, encoding="utf-8")
    code, _, err = run_cli("--store", str(store_dir), "ingest", str(folder))
    assert code == 0, err
    with EmbeddedStore(store_dir, write=True) as store:
        store.write([gamma()])
    return store_dir
