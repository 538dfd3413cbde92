"""The band crop (formsift.handwriting.preprocess.without_neighbours): a line crop read
with the ink of the lines written above and below it removed, for a model trained so
(its metadata's "crop"); every other model reads its lines as before."""

from __future__ import annotations

import random

import numpy as np
import pytest

from formsift.handwriting import augment
from formsift.handwriting.charset import CHARSET
from formsift.handwriting.data import Mixture, Source
from formsift.handwriting.preprocess import line_tensor, model_crop, without_neighbours


def _text(text: str, width: int = 420, height: int = 44) -> np.ndarray:
    import cv2

    img = np.full((height, width), 255, np.uint8)
    cv2.putText(img, text, (6, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    return img


def _page() -> tuple[np.ndarray, np.ndarray]:
    """A crop of the middle one of three closely written lines (with the descenders of
    the line above and the tops of the line below), and that line alone."""
    import cv2

    page = np.full((130, 420), 255, np.uint8)
    for y, text in ((30, "gypsy jumping quay"), (66, "Total amount 1250"),
                    (102, "Hidden Kettle Bill")):
        cv2.putText(page, text, (6, y), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    alone = np.full((130, 420), 255, np.uint8)
    cv2.putText(alone, "Total amount 1250", (6, 66), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    return page[26:92], alone[26:92]


def test_the_band_crop_removes_the_lines_written_above_and_below():
    crop, alone = _page()
    ink = model_crop(crop)
    band = model_crop(crop, "band")
    clean = model_crop(alone)
    # the ink crop keeps the neighbours' fragments (taller than the line); the band crop
    # is the line alone
    assert ink.shape[0] > clean.shape[0] + 8
    assert band.shape == clean.shape
    assert np.count_nonzero(band < 128) == np.count_nonzero(clean < 128)


def test_a_clean_line_keeps_its_dots_accents_and_capitals():
    import cv2

    line = _text("Jij lit ici, Ete 1999")
    # an accent: a stroke apart above the E
    cv2.line(line, (292, 9), (300, 5), 0, 2)
    assert np.array_equal(without_neighbours(line), line)
    assert np.array_equal(model_crop(line, "band"), model_crop(line))


def test_a_ruling_across_the_crop_is_not_taken_for_the_line():
    """A ruling's row holds more ink than any row of the writing: taken for the line's
    band, it would have every stroke of the writing removed as a neighbour's."""
    import cv2

    for y in (2, 33, 40):  # a cut stroke at the top, rulings under the writing
        line = np.full((48, 460), 255, np.uint8)
        cv2.putText(line, "Total amount", (120, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
        writing = model_crop(line)
        cv2.line(line, (0, y), (459, y), 0, 2)
        band = model_crop(line, "band")
        assert band.shape[0] >= writing.shape[0] - 1, y
        assert np.count_nonzero(band < 128) >= np.count_nonzero(writing < 128), y


def test_the_ink_crop_is_the_default_and_an_unknown_crop_is_refused():
    crop, _ = _page()
    assert np.array_equal(line_tensor(crop), line_tensor(crop, crop="ink"))
    with pytest.raises(ValueError, match="unknown line crop 'tight'"):
        model_crop(crop, "tight")
    with pytest.raises(ValueError, match="unknown line crop"):
        Mixture([], CHARSET, crop="tight")


class _Fixed(Source):
    def __init__(self, img: np.ndarray, text: str, stackable: bool = True) -> None:
        super().__init__(1.0)
        self.img, self.text, self.stackable = img, text, stackable

    def sample(self, rng: random.Random) -> tuple[np.ndarray, str]:
        return self.img, self.text


def test_lines_cut_between_neighbour_lines_and_read_with_the_mixtures_crop():
    line = _text("Total 12")
    rng = random.Random(3)
    stacked = augment.between_lines(line, _text("gypsy"), _text("Hill"), rng)
    # fragments of both neighbours: ink at the crop's top and bottom rows
    assert stacked.shape[0] > line.shape[0] and stacked.shape[1] == line.shape[1]
    assert (stacked[:3] < 128).any() and (stacked[-3:] < 128).any()
    mix = Mixture([_Fixed(line, "Total 12")], CHARSET, strength=0, neighbour_lines=1.0,
                  crop="band")
    img, text = mix.draw(random.Random(1))
    assert text == "Total 12" and img.shape[0] > line.shape[0]
    _, _, _, widths, texts = next(mix.batches(random.Random(1), 2, bucket=1))
    assert texts == ["Total 12", "Total 12"]
    # the batch holds the band crop of such lines (as wide as the line alone), not their
    # ink crop (taller with the neighbours' fragments, so narrower at the model's height)
    rng = random.Random(1)
    drawn = [mix.draw(rng)[0] for _ in range(2)]
    assert sorted(widths) == sorted(line_tensor(d, crop="band").shape[2] for d in drawn)
    assert all(line_tensor(d).shape[2] < line_tensor(line).shape[2] - 4 for d in drawn)
    assert all(abs(w - line_tensor(line).shape[2]) <= 4 for w in widths)
    # digit strings (not stackable) are drawn as they are
    digits = Mixture([_Fixed(line, "12", stackable=False)], CHARSET, strength=0,
                     neighbour_lines=1.0)
    assert digits.draw(random.Random(1))[0].shape == line.shape


def _tiny_model(folder, meta: dict[str, str]):
    """An untrained small model exported as ONNX with ``meta``: (torch model, path)."""
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    from formsift.handwriting.train import build_model, export_onnx

    model = build_model(CHARSET, {"channels": (4, 4, 4, 4), "collapse": 8, "hidden": 8,
                                  "layers": 1})
    return model, export_onnx(model, CHARSET, folder / "m.onnx", meta)


def test_a_model_trained_with_the_band_crop_reads_with_it(tmp_path, monkeypatch):
    from formsift.core.errors import ComponentNotFound
    from formsift.plugins.handwriting import recognize

    seen: list[str] = []

    def spy(image, height=32, crop="ink", deslant=False):
        seen.append(crop)
        return line_tensor(image, height, crop, deslant)

    monkeypatch.setattr(recognize, "line_tensor", spy)
    crop, _ = _page()
    _, band = _tiny_model(tmp_path / "band", {"crop": "band"})
    rec = recognize.CRNNRecognizer({"model": str(band)})
    rec.ensure_ready()
    assert rec.crop == "band"
    rec.read_lines([crop])
    assert seen == ["band"]
    # a model without the key (every earlier model, users' models): the ink crop
    _, plain = _tiny_model(tmp_path / "plain", {})
    rec = recognize.CRNNRecognizer({"model": str(plain)})
    rec.ensure_ready()
    seen.clear()
    rec.read_lines([crop])
    assert rec.crop == "ink" and seen == ["ink"]
    _, odd = _tiny_model(tmp_path / "odd", {"crop": "tight"})
    rec = recognize.CRNNRecognizer({"model": str(odd)})
    with pytest.raises(ComponentNotFound, match="line crop 'tight'"):
        rec.ensure_ready()


def test_the_export_check_reads_with_the_models_crop(tmp_path):
    from formsift.handwriting.train import parity

    model, path = _tiny_model(tmp_path, {"crop": "band"})
    crop, _ = _page()
    check = parity(model, path, [crop, _text("Total 12")], "band")
    assert check.ok and check.lines == 2


def test_words_are_cut_on_the_line_their_reader_read():
    """The word gaps of a reading are fractions of the crop its model read: a reader
    with the band crop has its lines cut into words on the band crop."""
    import cv2

    from formsift.handwriting.collage import cut_words
    from formsift.handwriting.decode import Decoded

    crop = np.full((60, 460), 255, np.uint8)
    cv2.putText(crop, "Total amount", (120, 40), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    cv2.line(crop, (0, 2), (440, 2), 0, 2)  # the descender of a long line above, cut
    band = model_crop(crop, "band")
    assert band.shape[1] < model_crop(crop).shape[1] - 100
    gap = (np.flatnonzero((band < 128).any(axis=0))[0] + 5 * 20) / band.shape[1]
    reading = Decoded("Total amount", tuple((c, 0.9, gap if c == " " else 0.0)
                                            for c in "Total amount"))
    words = cut_words(crop, "Total amount", reading, "band")
    assert [w for _, w in words] == ["Total", "amount"]
    assert sum(img.shape[1] for img, _ in words) == band.shape[1]
