"""Two models read a line together (``CRNNRecognizer.add_partner``, measured by
``benchmarks/bench_handwriting.py --ensemble``): each cuts the line as it was trained to (a
model trained on deslanted lines reads it deslanted), and the two models' per-frame
log-probabilities are averaged before decoding (formsift.handwriting.ensemble)."""

from __future__ import annotations

import numpy as np
import pytest

from formsift.core.kinds import Constraint
from formsift.handwriting import ensemble
from formsift.handwriting.decode import to_probs
from formsift.handwriting.preprocess import STRIDE, model_crop
from formsift.plugins.handwriting import recognize
from formsift.plugins.handwriting.models import shipped_model
from tests.handwriting.test_deslant_model import _slanted


def _upright(text: str = "Hill 1147") -> np.ndarray:
    """A line written upright (no deslanting changes it)."""
    import cv2

    from formsift.handwriting.slant import DEAD_ZONE, estimate_slant

    img = np.full((44, 300), 255, np.uint8)
    cv2.putText(img, text, (6, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    assert abs(estimate_slant(img)) <= DEAD_ZONE
    return img


def _less_sure(probs: np.ndarray) -> np.ndarray:
    """``probs`` (per frame) made half as sure: each frame's square roots, normalised."""
    root = np.sqrt(probs)
    return root / root.sum(axis=-1, keepdims=True)


class _Other:
    """A session giving the wrapped model's output made less sure (:func:`_less_sure`):
    another model, reading alike, by which the mean is told from either."""

    def __init__(self, session) -> None:
        self.session = session

    def run(self, names, feed):
        return [np.log(_less_sure(np.exp(self.session.run(names, feed)[0])))]

    def __getattr__(self, name):
        return getattr(self.session, name)


def _pair(monkeypatch, **options):
    """The shipped model with the shipped model as its ensemble partner, the partner's
    output rolled (:class:`_Other`); and the probabilities greedy decoding receives."""
    rec = recognize.CRNNRecognizer(options)
    rec.add_partner(shipped_model())
    rec._partner.session = _Other(rec._partner.session)
    decoded: list[np.ndarray] = []
    real = recognize.greedy

    def spy(probs, charset, mask=None, used_steps=None):
        decoded.append(probs)
        return real(probs, charset, mask, used_steps)

    monkeypatch.setattr(recognize, "greedy", spy)
    return rec, decoded


def _alone(rec, gray: np.ndarray) -> np.ndarray:
    """The first model's own probabilities for a line already cut."""
    from formsift.handwriting.preprocess import batch, crop_tensor

    x, widths = batch([crop_tensor(gray)])
    out = to_probs(rec._session.run(None, {rec._input: x})[0])
    return out[0][:max(1, widths[0] // STRIDE)]


@pytest.mark.parametrize("constraint", [None, Constraint(alphabet="0123456789 ")])
def test_decoding_reads_the_mean_of_the_two_models_log_probabilities(monkeypatch,
                                                                     constraint):
    rec, decoded = _pair(monkeypatch)
    line = _upright()  # upright: both models' frames fall alike
    rec.read_lines([line], constraint)
    first = _alone(rec, model_crop(line))
    second = _less_sure(first)
    mean = np.sqrt(first * second)
    assert np.allclose(decoded[0], mean / mean.sum(axis=1, keepdims=True), atol=1e-6)
    for one in (first, second):
        assert not np.allclose(decoded[0], one, atol=1e-3)


def test_without_the_option_decoding_reads_the_first_model_alone(monkeypatch):
    rec, decoded = _pair(monkeypatch)
    plain = recognize.CRNNRecognizer({})
    plain.ensure_ready()
    line = _upright()
    plain.read_lines([line])
    assert np.allclose(decoded[0], _alone(rec, model_crop(line)), atol=1e-6)


def test_a_partner_trained_deslanted_reads_the_line_deslanted(monkeypatch):
    rec, decoded = _pair(monkeypatch)
    rec._partner.deslant = True
    seen: list[np.ndarray] = []
    read = rec._partner.read

    def spy(line):
        seen.append(line.gray)
        return read(line)

    monkeypatch.setattr(rec._partner, "read", spy)
    line = _slanted()
    rec.read_lines([line])
    assert np.array_equal(seen[0], model_crop(line, deslant=True))
    assert decoded[0].shape == _alone(rec, model_crop(line)).shape  # the first's frames


def test_a_cut_is_the_models_crop():
    line = _slanted()
    for deslant in (False, True):
        cut, _ = ensemble.cut(line, deslant=deslant)
        assert np.array_equal(cut.gray, model_crop(line, deslant=deslant))
    assert ensemble.cut(line, deslant=True)[0].shear != 0


def test_frames_are_followed_through_both_cuts():
    # the second cut starts 4 pixels further left on the line and is sheared by 0.25
    # about row 8: its columns lie 4 + 0.25 * 8 = 6 pixels right, 3 frames later
    mine = ensemble.Cut(None, 0.0, 0.0, x0=10, width=40, columns=40)
    theirs = ensemble.Cut(None, -0.25, 0.0, x0=6, width=46, columns=46)
    row = 8.0
    rng = np.random.default_rng(0)
    first = rng.dirichlet(np.ones(5), size=20)
    second = np.vstack([np.full((3, 5), 0.2), first, np.full((3, 5), 0.2)])
    assert np.allclose(ensemble.aligned(second, mine, theirs, 20, row), first)
    # a frame beyond the second reading's end takes its last frame
    assert np.allclose(ensemble.aligned(second[:10], mine, theirs, 20, row)[8:],
                       second[9])


def test_half_a_frame_off_takes_both_neighbours():
    mine = ensemble.Cut(None, 0.0, 0.0, x0=0, width=10, columns=10)
    theirs = ensemble.Cut(None, 0.0, 0.0, x0=-1, width=10, columns=10)
    second = np.eye(3)[[0, 1, 2, 0, 0]]
    got = ensemble.aligned(second, mine, theirs, 4, 0.0)
    assert np.allclose(got[0], [0.5, 0.5, 0.0]) and np.allclose(got[1], [0, 0.5, 0.5])


def test_variants_and_a_partner_are_refused_together():
    from formsift.core.errors import FormsiftError

    rec = recognize.CRNNRecognizer({"variants": True})
    with pytest.raises(FormsiftError, match="choose one"):
        rec.add_partner(shipped_model())


def test_a_partner_of_other_characters_is_refused_in_one_line(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    from formsift.core.errors import ComponentNotFound
    from formsift.handwriting.train import build_model, export_onnx

    tiny = {"channels": (4, 4, 4, 4), "collapse": 8, "hidden": 8, "layers": 1}
    other = export_onnx(build_model("0123456789", tiny), "0123456789", tmp_path / "d.onnx")
    with pytest.raises(ComponentNotFound, match="does not read the characters"):
        recognize.CRNNRecognizer({}).add_partner(other)
