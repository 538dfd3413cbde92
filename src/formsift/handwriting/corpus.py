"""Line datasets on disk: a folder of images plus a transcription file.

Format (the one ``formsift train recognizer --data DIR`` reads): ``DIR/labels.tsv``, one
line per image, ``relative/path/to/image.png<TAB>transcription`` (UTF-8, a byte-order mark
allowed; lines starting with ``#`` and empty lines are ignored). Images: PNG, JPEG, TIFF or
BMP, one text line each, any size, greyscale or colour.

:func:`dev_split` splits the real lines of ``handwriting-dev`` deterministically: within each
source (contemporary French, 19th-century English) lines are ranked by the SHA-1 of their
line id, and the first half of each source is the held-out measurement part (never trained
on), the second half the fine-tuning part. :func:`validation_split` then keeps a share of
the fine-tuning part of each source out of training, as validation lines that choose the
epoch kept (never lines of the held-out part).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from formsift.core.errors import FormsiftError

LABELS = "labels.tsv"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")


@dataclass(frozen=True)
class LineSample:
    image: Path
    text: str
    source: str = ""
    line_id: str = ""


#: Problems listed in one error, at most (the count of the rest follows).
SHOWN_PROBLEMS = 20


def read_labels(folder: str | Path) -> list[LineSample]:
    """The samples of a dataset folder (or of its ``labels.tsv`` given directly); one
    error listing every problem found, each with its line, unreadable images too."""
    folder = Path(folder)
    if folder.is_file() and folder.name == LABELS:
        folder = folder.parent
    path = folder / LABELS
    if folder.is_file():
        raise FormsiftError(f"{folder}: --data is a folder holding {LABELS} (or that file "
                            f"itself), not another file")
    if not folder.is_dir():
        raise FormsiftError(f"{folder}: no such folder")
    if not path.is_file():
        raise FormsiftError(f"{folder}: no {LABELS} (expected lines 'image<TAB>text')")
    out: list[LineSample] = []
    problems: list[str] = []
    seen: dict[Path, tuple[int, str]] = {}  # image: (line, text) where first labelled
    for n, raw in enumerate(_labels_text(path).splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        if "\t" not in raw:
            problems.append(f"{path}:{n}: expected 'image<TAB>text'")
            continue
        name, text = raw.split("\t", 1)
        image = folder / name
        if image.suffix.lower() not in IMAGE_SUFFIXES:
            problems.append(f"{path}:{n}: {name} is not an image ({', '.join(IMAGE_SUFFIXES)})")
        elif not image.is_file():
            problems.append(f"{path}:{n}: {name} does not exist")
        elif not text.strip():
            problems.append(f"{path}:{n}: empty transcription")
        elif not _readable(image):
            problems.append(f"{path}:{n}: {name} cannot be read as an image")
        elif (first := seen.setdefault(image.resolve(), (n, text.strip())))[1] \
                != text.strip():
            problems.append(f"{path}:{n}: {name} is labelled again with another text "
                            f"({text.strip()!r}; line {first[0]} has {first[1]!r})")
        else:
            out.append(LineSample(image, text.strip(), line_id=Path(name).stem))
    if problems:
        shown = problems[:SHOWN_PROBLEMS]
        more = len(problems) - len(shown)
        raise FormsiftError(f"{len(problems)} problem(s) in {path}:\n  " + "\n  ".join(
            p.removeprefix(f"{path}:") for p in shown) + (f"\n  ... and {more} more"
                                                            if more else ""))
    if not out:
        raise FormsiftError(f"{path}: no samples")
    return out


def _labels_text(path: Path) -> str:
    """The labels file's text: UTF-8, with or without the byte-order mark a spreadsheet
    writes; any other encoding is one error saying so (and where), not a crash."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FormsiftError(f"{path}: UTF-16 text (as a spreadsheet's 'Unicode Text' "
                            f"saves it): save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise FormsiftError(f"{path}: not UTF-8 text (line {line}, byte {e.start}): save "
                            f"it as UTF-8") from None


def _readable(image: Path) -> bool:
    """Whether OpenCV can decode the image (found before training starts, not after)."""
    import cv2

    return cv2.imread(str(image), cv2.IMREAD_GRAYSCALE) is not None


def _rank(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def dev_lines(folder: str | Path) -> list[LineSample]:
    """All handwriting-dev lines with their source and line id (from labels.jsonl)."""
    folder = Path(folder)
    out = []
    for raw in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if raw.strip():
            rec = json.loads(raw)
            out.append(LineSample(folder / rec["image"], rec["text"], rec["source"],
                                  rec.get("line_id") or Path(rec["image"]).stem))
    return out


def dev_split(folder: str | Path) -> dict[str, list[LineSample]]:
    """``{"heldout": [...], "finetune": [...]}``: the deterministic split of handwriting-dev
    (half of each source held out, chosen by the SHA-1 of ``source/line_id``)."""
    by_source: dict[str, list[LineSample]] = {}
    for s in dev_lines(folder):
        by_source.setdefault(s.source, []).append(s)
    split: dict[str, list[LineSample]] = {"heldout": [], "finetune": []}
    for source in sorted(by_source):
        ranked = sorted(by_source[source], key=lambda s: _rank(f"{s.source}/{s.line_id}"))
        half = (len(ranked) + 1) // 2
        split["heldout"].extend(ranked[:half])
        split["finetune"].extend(ranked[half:])
    return split


def validation_split(finetune: list[LineSample], share: float
                     ) -> tuple[list[LineSample], list[LineSample]]:
    """(train, validation) of the fine-tuning lines: within each source, ``share`` of its
    lines (rounded, at least one of a source of two or more lines when ``share`` > 0),
    ranked by the SHA-1 of ``val/source/line_id`` (a ranking of its own, not the
    held-out split's), go to validation; the rest keep their order for training."""
    if not 0 <= share < 1:
        raise FormsiftError(f"[data] val_real = {share}: a share of the fine-tune lines, "
                            f"at least 0 and below 1")
    by_source: dict[str, list[LineSample]] = {}
    for s in finetune:
        by_source.setdefault(s.source, []).append(s)
    val_ids: set[tuple[str, str]] = set()
    for source, lines in by_source.items():
        n = round(share * len(lines))
        if share > 0 and len(lines) >= 2:
            n = max(n, 1)
        ranked = sorted(lines, key=lambda s: _rank(f"val/{s.source}/{s.line_id}"))
        val_ids.update((source, s.line_id) for s in ranked[:n])
    train = [s for s in finetune if (s.source, s.line_id) not in val_ids]
    val = [s for s in finetune if (s.source, s.line_id) in val_ids]
    return train, val


def hash_split(samples: list[LineSample], percent: int) -> tuple[list[LineSample],
                                                                  list[LineSample]]:
    """(train, validation): about ``percent`` % of the samples, chosen by a hash of the
    image name, go to validation (at least one when there are two or more samples)."""
    val = [s for s in samples if int(_rank(s.image.name)[:8], 16) % 100 < percent]
    if not val and len(samples) >= 2 and percent > 0:
        val = [min(samples, key=lambda s: _rank(s.image.name))]
    train = [s for s in samples if s not in val]
    return train, val
