"""Training data: real lines cut into words and recombined (formsift.handwriting.collage),
and a training config's extra font fragments."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from formsift.handwriting.collage import WordCollage, cut_words
from formsift.handwriting.decode import Decoded
from formsift.handwriting.fonts import handwriting_fonts


def _line(spans: list[tuple[int, int]], width: int = 400, height: int = 60) -> np.ndarray:
    """A grey page with one dark block ("word") per (x0, x1) span."""
    img = np.full((height, width), 230, np.uint8)
    for x0, x1 in spans:
        img[15:45, x0:x1] = 20
    return img


def _ink_runs(img: np.ndarray) -> int:
    cols = (img < 128).any(axis=0)
    return int(np.count_nonzero(cols[1:] & ~cols[:-1]) + cols[0])


def _reading(text: str, space_fractions: list[float]) -> Decoded:
    chars, k = [], 0
    for ch in text:
        if ch == " ":
            chars.append((" ", 0.9, space_fractions[k]))
            k += 1
        else:
            chars.append((ch, 0.9, 0.0))
    return Decoded(text, tuple(chars))


def test_a_line_is_cut_at_the_spaces_its_reading_places():
    img = _line([(40, 120), (160, 230), (280, 360)])
    # the crop the model sees runs from the ink's left edge (minus a pad) to its right
    # edge: spaces in the middle of each gap, as fractions of that crop
    left, right = 40 - 3, 360 + 3
    gaps = [(120 + 160) / 2, (230 + 280) / 2]
    fractions = [(g - left) / (right - left) for g in gaps]
    words = cut_words(img, "alpha beta gamma", _reading("alpha beta gamma", fractions))
    assert [w for _, w in words] == ["alpha", "beta", "gamma"]
    for piece, _ in words:
        assert _ink_runs(piece) == 1  # one whole block each, nothing of its neighbours
    # paper moved to white: words from different pages meet on one shade
    assert all(int(np.percentile(piece, 90)) == 255 for piece, _ in words)


def test_a_line_whose_reading_has_another_number_of_words_is_not_cut():
    img = _line([(40, 120), (160, 230), (280, 360)])
    assert cut_words(img, "alpha beta gamma", _reading("alphabeta gamma", [0.6])) == []
    assert cut_words(img, "alpha", _reading("alpha", [])) == []


def test_recombined_lines_hold_their_words_in_order_with_gaps():
    blocks = [(_line([(10, 10 + 20 * (i + 1))], width=20 * (i + 1) + 20), f"w{i}")
              for i in range(5)]
    words = [(img[:, 5:-5], text) for img, text in blocks]
    source = WordCollage(1.0, words=words)
    rng = random.Random(4)
    for _ in range(20):
        img, text = source.sample(rng)
        assert img.dtype == np.uint8 and img.ndim == 2
        assert 1 <= len(text.split()) <= 8
        assert set(text.split()) <= {t for _, t in words}
        assert _ink_runs(img) == len(text.split())


def test_no_words_is_a_clear_error():
    with pytest.raises(ValueError, match="no real words"):
        WordCollage(1.0, words=[])


def test_a_config_can_add_font_fragments_without_changing_the_default_list(tmp_path,
                                                                            monkeypatch):
    source = next((p for p in Path("/usr/share/fonts").rglob("DejaVuSans.ttf")), None)
    if source is None:
        pytest.skip("DejaVu Sans is not installed")
    shutil.copy(source, tmp_path / "zzquill-Regular.ttf")
    monkeypatch.setenv("FORMSIFT_FONTS", str(tmp_path))
    assert tmp_path / "zzquill-Regular.ttf" not in handwriting_fonts()
    assert tmp_path / "zzquill-Regular.ttf" in handwriting_fonts(("ZZQuill",))
