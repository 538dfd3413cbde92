"""``crnn(fallback="ppocr_v6")``: a free line crnn is unsure of (its characters' mean
confidence under ``fallback_below``) is read again by the fallback, whose words are kept
when their weakest word is surer; a word the two read otherwise (a number with other
marks too, but for crnn's word kept, whose marks stand, the same number) is doubted
(under the handwritten review floor), whichever reading is kept; one read alike keeps
the surer confidence, a word of one or two characters the less sure; a word the fallback
read nothing or only a mark across is doubted too (it confirms nothing); kept words are
handwriting on any region, carry crnn's name (the pipeline's lookups of handwriting by
recognizer name find them) and the page's ``fallback`` note lists them; sure lines and typed fields'
constrained readings are never read again; without the rapidocr wheel, ppocr_v6's
one-line error. The routing tests use a stub fallback (no wheel needed): ``Stub``, and
``V6Like`` reading as ppocr_v6 does."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from formsift.core.document import Page, Word
from formsift.core.errors import ComponentNotFound
from formsift.core.geometry import Box
from formsift.core.kinds import Constraint, TextRegion
from formsift.handwriting.decode import Decoded
from formsift.plugins.handwriting import recognize as crnn_module
from formsift.plugins.handwriting.cascade import DISAGREED, NOTE
from formsift.plugins.handwriting.recognize import CRNNRecognizer
from formsift.templates.runtime import HANDWRITTEN_MIN_CONFIDENCE

TEMPLATE = """template t {
  pipeline {
    recognize ppocr_rec, crnn(fallback="ppocr_v6")
  }
  field received_by: text = right of "Received by:" handwritten
}
"""


class Stub:
    """A fallback recognizer that reads every line as ``text`` at ``confidence``."""

    name = "ppocr_v6"

    def __init__(self, text: str, confidence: float) -> None:
        self.text, self.confidence = text, confidence
        self.calls = 0

    def recognize(self, image, page, regions, constraint=None):
        self.calls += 1
        return [Word(t, Box(0.1 * i, 0.0, 0.1 * i + 0.1, 1.0), page.index,
                     confidence=self.confidence, source="ppocr_v6", handwritten=True)
                for i, t in enumerate(self.text.split())]


class V6Like(Stub):
    """A fallback as ``ppocr_v6`` reads: its words handwriting only on a region labelled
    so, their characters at the model's own (high) confidences, the word at the word
    table's (lower) share."""

    def __init__(self, text: str, confidence: float, chars: float = 0.993) -> None:
        super().__init__(text, confidence)
        self.chars = chars

    def recognize(self, image, page, regions, constraint=None):
        self.calls += 1
        n, words, at = len(self.text), [], 0
        for t in self.text.split():
            at = self.text.index(t, at)  # each word where its characters are on the line
            words.append(Word(t, Box(at / n, 0.0, (at + len(t)) / n, 1.0), page.index,
                              confidence=self.confidence, source="ppocr_v6",
                              handwritten=regions[0].kind == "handwritten",
                              char_confidences=(self.chars,) * len(t)))
            at += len(t)
        return words


def _line(text: str, conf: float) -> Decoded:
    n = len(text)
    return Decoded(text, tuple((c, conf, (i + 0.5) / n) for i, c in enumerate(text)))


def _crnn(monkeypatch, line: Decoded, stub: Stub, **options) -> CRNNRecognizer:
    """crnn reading every line as ``line``, falling back on ``stub``."""
    monkeypatch.setattr(crnn_module, "fallback_recognizer",
                        lambda name, threads: stub if name else None)
    rec = CRNNRecognizer({"fallback": "ppocr_v6", **options})
    rec.ensure_ready()

    def read_lines(crops, constraint=None, heard=None):
        if heard is not None:
            heard[:] = [()] * len(crops)
        return [line] * len(crops)

    monkeypatch.setattr(rec, "read_lines", read_lines)
    return rec


def _read(rec: CRNNRecognizer, constraint: Constraint | None = None,
          page: Page | None = None, kind: str = "handwritten") -> list[Word]:
    img = np.full((60, 400), 255, np.uint8)
    page = page or Page(0, img.shape[1], img.shape[0])
    return rec.recognize(img, page, [TextRegion(Box(0, 0, 1, 1), kind)], constraint)


def _alone(monkeypatch, line: Decoded) -> list[Word]:
    """crnn's own words for ``line``, read without a fallback."""
    return _read(_crnn(monkeypatch, line, Stub("", 0.0), fallback=None))


def test_an_unsure_line_is_read_again_and_the_surer_words_kept(monkeypatch):
    stub = Stub("Sofia Rossi", 0.9)
    words = _read(_crnn(monkeypatch, _line("Jofia Rorst", 0.6), stub))
    assert stub.calls == 1
    assert [(w.text, w.source) for w in words] == [("Sofia", "crnn"), ("Rossi", "crnn")]


def test_an_unsure_line_keeps_crnns_words_when_the_fallback_is_less_sure(monkeypatch):
    stub = Stub("Sofa Rose", 0.01)
    words = _read(_crnn(monkeypatch, _line("Jofia Rorst", 0.6), stub))
    assert stub.calls == 1
    assert [(w.text, w.source) for w in words] == [("Jofia", "crnn"), ("Rorst", "crnn")]


def test_a_value_the_two_read_otherwise_goes_to_review(monkeypatch):
    # JI claim c05: crnn read "3,640.00" unsure (0.49, review), ppocr_v6 "31640.00" (the
    # comma as a 1) at 0.71, which was accepted
    stub = Stub("31640.00", 0.71)
    words = _read(_crnn(monkeypatch, _line("3,640.00", 0.6), stub))
    assert stub.calls == 1 and [w.text for w in words] == ["31640.00"]
    assert words[0].confidence <= DISAGREED < HANDWRITTEN_MIN_CONFIDENCE


@pytest.mark.parametrize("kind", ["handwritten", "text"])
def test_a_fallback_word_is_handwriting_no_surer_than_its_word_in_any_region(monkeypatch,
                                                                           kind):
    # code read r1 of 81ab080: on a region labelled "text" (crnn the only recognizer of a
    # pipeline reads every region) ppocr_v6's words stayed printed, so a field took their
    # characters' own confidences (0.993) for the doubted word's 0.69, and accepted it
    stub = V6Like("31640.00", 0.71)
    words = _read(_crnn(monkeypatch, _line("3,640.00", 0.6), stub), kind=kind)
    assert stub.calls == 1 and [w.text for w in words] == ["31640.00"]
    w = words[0]
    assert w.handwritten and w.source == "crnn"
    assert w.confidence <= DISAGREED < HANDWRITTEN_MIN_CONFIDENCE
    assert w.char_confidences and max(w.char_confidences) <= w.confidence


def test_crnns_word_kept_is_doubted_where_the_fallback_read_it_otherwise(monkeypatch):
    # code read r1: '100.39' read '180.39' by crnn at 0.71 (kept, the surer), '100.39' by
    # the fallback: accepted, the disagreement dropped
    line = _line("180.39", 0.9)
    (own,) = _alone(monkeypatch, line)
    assert own.confidence >= HANDWRITTEN_MIN_CONFIDENCE  # accepted without the fallback
    words = _read(_crnn(monkeypatch, line, V6Like("100.39", 0.5)))
    assert [w.text for w in words] == ["180.39"]
    assert words[0].confidence <= DISAGREED
    assert max(words[0].char_confidences) <= DISAGREED
    # read alike, crnn's word stays as it was
    assert _read(_crnn(monkeypatch, line, V6Like("180.39", 0.5))) == [own]


def test_crnns_words_kept_read_alike_across_a_space_are_not_doubted(monkeypatch):
    line = _line("Sofia Rossi", 0.9)
    words = _read(_crnn(monkeypatch, line, V6Like("SofiaRossi", 0.1)))
    assert words == _alone(monkeypatch, line)


@pytest.mark.parametrize("crnn, fallback", [
    ("1,234", "1.234"), ("12.05.2026", "12,05,2026"), ("33731", "337.31"),
    ("69,37.09", "6937.09"),
    # code read r7: a number read with other marks is read otherwise. The amount parser
    # reads an apostrophe as a thousands gap only ("12'50": the field took 12, accepted),
    # a mark several times as thousands ('1.234.56' no number); a text or ID field takes
    # the marks as read ('4,12' was accepted for crnn's right '4.12', '12345.67' for
    # '12.345.67', '030123.45' for '030.123.45'); '2 150.00', two words, is '150.00' after
    # a stray stroke as likely as 2150.00; and where the marks differ, which is right the
    # two do not say ('337,31' / '337.31', '31,94' / '31.94' on generated amounts)
    ("12.50", "12'50"), ("12,345.67", "12'345'67"), ("1.234.56", "1,234,56"),
    ("12.345.67", "12345.67"), ("030.123.45", "030123.45"), ("4.12", "4,12"),
    ("337,31", "337.31"), ("1,234.56", "1.234,56"), ("6937.09", "6,937.09"),
    ("2 150.00", "2,150.00"), ("1 413.91", "1,413.91")])
def test_a_number_read_with_other_marks_is_read_otherwise(monkeypatch, crnn, fallback):
    words = _read(_crnn(monkeypatch, _line(crnn, 0.6), V6Like(fallback, 0.9)))
    assert max(w.confidence for w in words) <= DISAGREED


@pytest.mark.parametrize("crnn, fallback", [("180.39", "180,39"), ("1,234.56", "1.234,56")])
def test_crnns_word_kept_read_as_the_same_number_with_other_marks_is_not_doubted(
        monkeypatch, crnn, fallback):
    # kept, crnn's marks are the ones read: the fallback's same digits with other marks in
    # the same places, read to the same value by the amount parser, are no doubt of them
    line = _line(crnn, 0.9)
    assert _read(_crnn(monkeypatch, line, V6Like(fallback, 0.5))) == _alone(monkeypatch, line)


@pytest.mark.parametrize("crnn, fallback", [("180.39", "180'39"), ("1.250", "1,250"),
                                            ("12.345.67", "12345.67"), ("1.234.56", "1,234,56")])
def test_crnns_word_kept_read_as_another_number_is_doubted(monkeypatch, crnn, fallback):
    # code read r7: "180'39" is 180 and 39 to the amount parser, '1,250' and '1.250' are
    # apart by locale, '12345.67' has its marks elsewhere, '1,234,56' is no number
    words = _read(_crnn(monkeypatch, _line(crnn, 0.9), V6Like(fallback, 0.5)))
    assert max(w.confidence for w in words) <= DISAGREED


@pytest.mark.parametrize("fallback", ["", ".", ". ,"])
def test_crnns_word_kept_is_doubted_where_the_fallback_read_no_digit_or_letter(
        monkeypatch, fallback):
    # code read r10 of a98b007: taking "the fallback read nothing there" for agreement
    # accepted crnn's wrong '180.89' (for 180.39), '78.00' (48.00) and '17' (7) at
    # 0.71-0.76 in hinted fields: crnn was unsure of the line, and nothing read there
    # confirms nothing
    line = _line("180.89", 0.9)
    words = _read(_crnn(monkeypatch, line, V6Like(fallback, 0.5)))
    assert words and max(w.confidence for w in words) <= DISAGREED


@pytest.mark.parametrize("text", ["1", "20"])
def test_agreeing_on_a_word_of_one_or_two_characters_lifts_nothing(monkeypatch, text):
    # code read r1: a quantity 4 both read '1', crnn at 0.49, lifted to 0.93 and accepted
    line = _line(text, 0.6)
    (own,) = _alone(monkeypatch, line)
    words = _read(_crnn(monkeypatch, line, V6Like(text, 0.93)))
    assert [w.text for w in words] == [text]
    assert words[0].confidence <= own.confidence < HANDWRITTEN_MIN_CONFIDENCE


def test_a_word_the_two_read_alike_keeps_the_surer_confidence(monkeypatch):
    stub = Stub("71.51", 0.98)
    words = _read(_crnn(monkeypatch, _line("71.51", 0.6), stub))
    assert [(w.text, w.confidence) for w in words] == [("71.51", 0.98)]


def test_agreeing_on_a_character_crnn_did_not_read_confirms_nothing(monkeypatch):
    # a generated quantity 95: crnn read "35", its 3 under 0.5 (0.34), ppocr_v6 "35" at
    # 0.71, which was accepted
    stub = Stub("35", 0.71)
    words = _read(_crnn(monkeypatch, _line("35", 0.4), stub))
    assert [w.text for w in words] == ["35"]
    assert words[0].confidence <= DISAGREED < HANDWRITTEN_MIN_CONFIDENCE


def test_only_the_words_read_otherwise_are_doubted(monkeypatch):
    stub = Stub("Sofia Rossi", 0.9)
    words = _read(_crnn(monkeypatch, _line("Sofia Rorst", 0.6), stub))
    assert [(w.text, w.confidence) for w in words] == [("Sofia", 0.9), ("Rossi", DISAGREED)]


def test_the_fallbacks_words_are_found_as_this_recognizers_handwriting(monkeypatch):
    # JI c03 / c09: words sourced "ppocr_v6", a name the pipeline does not know as a
    # handwriting recognizer, kept print's reading beside them ("Lidl Lidl Bonn Bonn")
    # and were never read again under their field's type (loss_time lost)
    from formsift.templates import constrained

    rec = _crnn(monkeypatch, _line("Jofia Rorst", 0.6), Stub("Sofia Rossi", 0.9))
    rec.name = "hand"  # a pipeline's own name for the recognizer
    page = Page(0, 400, 60)
    words = _read(rec, page=page)
    hand = {rec.name}  # as routing.read_page gathers the handwriting recognizers' names
    printed = Word("Rossi", words[1].box, 0, 0.99, "ppocr_rec")
    # routing.read_page's and region_first's handwriting: by recognizer name
    assert [w for w in [*words, printed] if w.handwritten and w.source in hand] == words
    assert constrained._theirs([*words, printed], hand) == words
    assert page.notes[NOTE] == {"by": "ppocr_v6",
                                "words": [[w.text, w.box.as_list()] for w in words]}


def test_crnns_own_words_are_not_noted(monkeypatch):
    page = Page(0, 400, 60)
    _read(_crnn(monkeypatch, _line("Jofia Rorst", 0.6), Stub("Sofa Rose", 0.01)), page=page)
    assert NOTE not in page.notes


def test_a_sure_line_is_not_read_again(monkeypatch):
    stub = Stub("Sofia Rossi", 0.99)
    words = _read(_crnn(monkeypatch, _line("Sofia Rossi", 0.99), stub))
    assert stub.calls == 0
    assert [w.text for w in words] == ["Sofia", "Rossi"]


def test_the_threshold_is_an_option(monkeypatch):
    stub = Stub("Sofia Rossi", 0.9)
    _read(_crnn(monkeypatch, _line("Sofia Rossi", 0.97), stub, fallback_below=0.98))
    assert stub.calls == 1


def test_a_typed_fields_constrained_reading_is_never_read_again(monkeypatch):
    stub = Stub("980.43", 0.99)
    words = _read(_crnn(monkeypatch, _line("480.43", 0.5), stub),
                  Constraint(alphabet="0123456789.,"))
    assert stub.calls == 0
    assert [w.text for w in words] == ["480.43"]


def test_without_fallback_nothing_is_read_again(monkeypatch):
    stub = Stub("Sofia Rossi", 0.9)
    words = _read(_crnn(monkeypatch, _line("Jofia Rorst", 0.3), stub, fallback=None))
    assert [w.text for w in words] == ["Jofia", "Rorst"] and stub.calls == 0


@pytest.mark.parametrize("options", [{"fallback": "tesseract"},
                                     {"fallback": "ppocr_v6", "fallback_below": 1.5},
                                     {"fallback_below": 0.9}])
def test_a_wrong_option_is_refused(options):
    with pytest.raises(ValueError, match="fallback"):
        CRNNRecognizer(options)


def test_without_the_wheel_the_same_one_line_error_as_ppocr_v6(tmp_path, monkeypatch, capsys):
    from formsift.cli import main
    from formsift.samples import encode_png

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "rapidocr" else real(name, *a))
    monkeypatch.setenv("FORMSIFT_MODELS", str(tmp_path))  # a folder without the model
    with pytest.raises(ComponentNotFound, match=r"PP-OCRv6_rec_small\.onnx is not installed"):
        CRNNRecognizer({"fallback": "ppocr_v6"}).ensure_ready()
    (tmp_path / "t.sift").write_text(TEMPLATE)
    (tmp_path / "in.png").write_bytes(encode_png(np.full((200, 400), 255, np.uint8)))
    code = main(["extract", str(tmp_path / "in.png"), "--template", str(tmp_path / "t.sift")])
    err = capsys.readouterr().err.strip()
    assert code == 5
    assert err.count("\n") == 0 and "Traceback" not in err, err
    assert "pip install --no-deps rapidocr==3.10.0" in err


def _v6_installed() -> bool:
    from formsift.plugins.handwriting.ppocr_v6 import PPOCRv6Recognizer

    try:
        PPOCRv6Recognizer().model_path()
    except ComponentNotFound:
        return False
    return True


@pytest.mark.skipif(not _v6_installed(), reason="no rapidocr 3.10.0 wheel")
def test_a_template_names_it_and_it_loads_ppocr_v6(registry):
    from formsift.templates import check_source

    (_template,), diags = check_source(TEMPLATE, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    rec = CRNNRecognizer({"fallback": "ppocr_v6"})
    rec.ensure_ready()
    assert rec._fallback is not None and rec._fallback.name == "ppocr_v6"


def test_a_fallback_on_another_scale_is_warned_of(monkeypatch, caplog):
    from formsift.plugins.handwriting.cascade import scales_apart

    _crnn(monkeypatch, _line("Sofia", 0.6), Stub("Sofia", 0.9), calibrated=False)
    assert "different scales" in caplog.text and "calibrated=false" in caplog.text
    caplog.clear()
    _crnn(monkeypatch, _line("Sofia", 0.6), Stub("Sofia", 0.9))
    assert "different scales" not in caplog.text
    assert scales_apart(True, "fitted") and not scales_apart(True, "shipped")


def test_a_models_own_digits_table_is_warned_of_too(monkeypatch, caplog):
    """Code read r3 of 1ef7fb4: a model whose own table is for words without letters only
    (JT's meter model: its words table the shipped one) was not warned of."""
    from formsift.handwriting.calibration import Calibration

    own = Calibration(digit_right=(0.0, 0.25, 0.25, 0.25, 0.58, 0.58, 0.59, 0.91),
                      digit_source="fitted", digit_words=85, digit_words_right=82)
    monkeypatch.setattr(crnn_module, "_calibration", lambda meta, path: own)
    _crnn(monkeypatch, _line("Sofia", 0.6), Stub("Sofia", 0.9))
    assert "different scales" in caplog.text and "words without letters" in caplog.text
