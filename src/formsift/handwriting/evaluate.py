"""Measuring a handwriting model on one's own labelled lines, describing a model file, and
fitting its word-confidence table (``formsift train evaluate`` / ``train calibrate``, and
``formsift train recognizer`` after training). Inference only: onnxruntime, no torch.

The lines are read as the ``crnn`` recognizer reads a line cut out of a page (no
constraint, no word list), from the image files themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formsift.handwriting.calibration import (
    DIGIT_BOUNDS,
    DIGIT_RIGHT,
    METADATA_KEY,
    Calibration,
    cautious_calibration,
    lettered,
    no_digits_table,
    word_outcomes,
)
from formsift.handwriting.charset import CHARSET, FOLD
from formsift.handwriting.corpus import LineSample
from formsift.handwriting.metrics import edit_distance


def _fold(text: str) -> str:
    """Typographic variants folded (as training folds labels), spaces collapsed; other
    characters kept, those the model lacks too (they count as errors)."""
    return " ".join("".join(FOLD.get(c, c) for c in text).split())


@dataclass(frozen=True)
class LineResult:
    image: str
    truth: str
    read: str
    edits: int


@dataclass
class Evaluation:
    lines: list[LineResult]
    #: (weakest character confidence, right, text) of every word read
    words: list[tuple[float, bool, str]]
    truth_words: int
    #: characters of the labels the model cannot write, with the lines using them
    missing: dict[str, int] = field(default_factory=dict)

    @property
    def cer(self) -> float:
        chars = sum(len(r.truth) for r in self.lines)
        return sum(r.edits for r in self.lines) / chars if chars else 0.0

    @property
    def exact(self) -> int:
        return sum(r.read == r.truth for r in self.lines)

    @property
    def words_right(self) -> int:
        return sum(r for _, r, _ in self.words)

    def worst(self, n: int) -> list[LineResult]:
        ranked = sorted(self.lines, key=lambda r: (-r.edits / max(1, len(r.truth)),
                                                   -r.edits, r.image))
        return [r for r in ranked[:n] if r.edits]

    def by_confidence(self, calibration: Calibration, digits: bool = False
                      ) -> list[tuple[str, int, int, float]]:
        """Words with letters (``digits``: words without) per bin of their weakest
        character's confidence: (bin, words, right, the model's table there)."""
        bounds = DIGIT_BOUNDS if digits else calibration.bounds
        table = (calibration.digit_right or DIGIT_RIGHT) if digits else \
            calibration.word_right
        edges = [*bounds, 1.0]
        out = []
        for i, lo in enumerate(bounds):
            hi = edges[i + 1]
            inside = [r for c, r, t in self.words if lettered(t) != digits
                      and lo <= c < (hi if i + 1 < len(bounds) else 2.0)]
            out.append((f"{lo:.2f}-{min(hi, 1.0):.2f}", len(inside), sum(inside), table[i]))
        return out


def load_recognizer(model: str | Path | None, **options: Any) -> Any:
    """The ``crnn`` recognizer on ``model`` (None: the shipped one), uncalibrated: the raw
    weakest-character confidences are what calibration bins. ``options``: more of the
    recognizer's options (``lm``, ``deslant``, ``variants``: how a template would read
    free text)."""
    from pydantic import ValidationError

    from formsift.core.errors import FormsiftError
    from formsift.plugins.handwriting.recognize import CRNNRecognizer

    try:
        rec = CRNNRecognizer({"model": str(model) if model else None, "calibrated": False,
                              **options})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise FormsiftError(f"crnn option {where!r}: "
                            f"{first['msg'].removeprefix('Value error, ')}") from None
    rec.ensure_ready()
    return rec


def read(rec: Any, samples: list[LineSample]) -> list[Any]:
    """Each sample's image read by the recognizer (one line at a time)."""
    import cv2

    out = []
    for s in samples:
        img = cv2.imread(str(s.image), cv2.IMREAD_GRAYSCALE)
        if img is None:
            from formsift.core.errors import FormsiftError

            raise FormsiftError(f"{s.image}: cannot read this image")
        out.append(rec.read_lines([img])[0])
    return out


def evaluate(rec: Any, samples: list[LineSample], root: Path | None = None) -> Evaluation:
    """CER, lines read exactly and words read right of ``rec`` on ``samples``."""
    decoded = read(rec, samples)
    truths = [_fold(s.text) for s in samples]
    results = []
    missing: dict[str, int] = {}
    known = set(rec.charset) | {" "}
    for s, line, truth in zip(samples, decoded, truths, strict=True):
        text = _fold(line.text)
        name = str(s.image.relative_to(root)) if root and s.image.is_relative_to(root) \
            else str(s.image)
        results.append(LineResult(name, truth, text, edit_distance(truth, text)))
        for ch in set(truth) - known:
            missing[ch] = missing.get(ch, 0) + 1
    return Evaluation(results, word_outcomes(decoded, truths),
                      sum(len(t.split()) for t in truths), missing)


def calibration_for(rec: Any, samples: list[LineSample], lines: str) -> Calibration:
    """A model's word-confidence table fitted on ``samples`` (lines it was not trained
    on; :func:`~formsift.handwriting.calibration.cautious_calibration`)."""
    return cautious_calibration(word_outcomes(read(rec, samples),
                                              [_fold(s.text) for s in samples]), lines)


@dataclass(frozen=True)
class ModelCard:
    path: str
    charset: str
    meta: dict[str, str]
    calibration: Calibration

    @property
    def beyond_shipped(self) -> str:
        return "".join(c for c in self.charset if c not in CHARSET)

    @property
    def lacks_shipped(self) -> str:
        return "".join(c for c in CHARSET if c not in self.charset)


def model_card(rec: Any, path: str) -> ModelCard:
    meta = dict(rec._session.get_modelmeta().custom_metadata_map)
    from formsift.plugins.handwriting.recognize import _calibration

    return ModelCard(path, rec.charset, meta, _calibration(meta, Path(path)))


def describe(card: ModelCard) -> list[str]:
    """The model card as lines for people."""
    m = card.meta
    out = [f"model: {card.path}"]
    trained = m.get("trained_by", "")
    if trained:
        facts = [f"{flag} {m[k]}" for k, flag in (("data", "--data"), ("init", "--init"))
                 if m.get(k)]
        facts += [f"{m[k]} {what}" for k, what in (("training_lines", "training lines"),
                                                  ("validation_lines", "validation lines"))
                  if m.get(k)]
        if m.get("val_cer"):
            facts.append(f"validation CER {m['val_cer']}")
        if m.get("created"):
            facts.append(f"written {m['created']}")
        out.append(f"  trained by {trained}" + (f" ({', '.join(facts)})" if facts else ""))
    beyond = card.beyond_shipped
    lacks = card.lacks_shipped
    out.append(f"  characters ({len(card.charset)}): {card.charset!r}")
    if beyond or lacks:
        out.append("  compared with the shipped model's: "
                   + "; ".join(p for p in (f"adds {beyond!r}" if beyond else "",
                                           f"lacks {lacks!r}" if lacks else "") if p))
    out.append(f"  word confidence: {card.calibration.describe()}")
    from formsift.plugins.handwriting.models import shipped_model

    shipped = Path(card.path).resolve() == shipped_model().resolve()
    out.append(f"  digit confidence: {card.calibration.describe_digits(not shipped)}")
    warning = None if shipped else no_digits_table(m, card.path)
    if warning:
        out.append(f"  warning: {warning}")
    elif (METADATA_KEY not in m or card.calibration.digit_source == "shipped") \
            and trained.startswith("formsift train"):
        out.append(f"  (fit its own on lines it was not trained on: formsift train calibrate "
                   f"--data DIR --model {card.path})")
    return out


def write_calibration(path: Path, calibration: Calibration) -> None:
    """Store ``calibration`` in the ONNX model ``path``."""
    set_metadata(path, {METADATA_KEY: calibration.to_json()})


def set_metadata(path: Path, meta: dict[str, str]) -> None:
    """Set (add or replace) metadata entries of an ONNX model file, atomically (needs the
    ``onnx`` package)."""
    import os

    import onnx

    proto = onnx.load(str(path))
    keep = [(e.key, e.value) for e in proto.metadata_props if e.key not in meta]
    del proto.metadata_props[:]
    for k, v in [*keep, *meta.items()]:
        entry = proto.metadata_props.add()
        entry.key, entry.value = k, v
    tmp = path.with_name(path.name + ".tmp")
    onnx.save(proto, str(tmp))
    os.replace(tmp, path)
