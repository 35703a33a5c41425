"""Test inputs made by the tests themselves: synthetic papers and bad files of every kind."""

from __future__ import annotations

import json
import random
from pathlib import Path

MODELS = ["ResNet-50", "U-Net", "YOLOv5", "VGG16", "a random forest", "an LSTM", "EfficientNet-B0", "Faster R-CNN"]
OPTIMIZERS = ["SGD", "Adam", "RMSprop", "AdamW"]
FRAMEWORKS = ["PyTorch", "TensorFlow", "Keras"]


def synthetic_paper(rng: random.Random) -> str:
    """A short methods section with a random mix of stated, negated and absent facets."""
    sentences = [f"We trained {rng.choice(MODELS)} with {rng.choice(OPTIMIZERS)} and a learning rate of "
                 f"{rng.choice(['0.1', '0.01', '0.001'])}."]
    if rng.random() < 0.5:
        sentences.append(f"The model was implemented in {rng.choice(FRAMEWORKS)}.")
    if rng.random() < 0.3:
        sentences.append("No data augmentation was applied.")
    if rng.random() < 0.4:
        sentences.append(f"Images were split into {rng.choice([70, 80])}% for training and the rest for testing.")
    if rng.random() < 0.3:
        sentences.append(f"Code is available at https://github.com/lab/repo{rng.randrange(1000)}.")
    return "Methods\n\n" + " ".join(sentences)


def write_jsonl_corpus(path: Path, count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    ids = [f"paper-{i:04d}" for i in range(count)]
    with path.open("w", encoding="utf-8") as handle:
        for paper_id in ids:
            handle.write(json.dumps({"paper_id": paper_id, "text": synthetic_paper(rng)}) + "\n")
    return ids


def text_pdf(text: str, stream_filter: str | None = None) -> bytes:
    """A minimal valid one-page PDF whose text layer says `text` (correct xref offsets).

    `stream_filter` names a /Filter for the content stream (an unsupported one makes parsers fail).
    """
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    length = b"<< /Length " + str(len(stream)).encode() + (f" /Filter /{stream_filter}".encode() if stream_filter else b"")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        length + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def blank_pdf(encrypt_with: str | None = None) -> bytes:
    """A PDF with no text layer (as a scanned paper), optionally encrypted."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    if encrypt_with:
        writer.encrypt(user_password=encrypt_with, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
