"""Word splitting from CTC character positions and the line's pixels; dates inside codes."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.drawing import draw_line, draw_words

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


def _read(rec, img):
    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion

    return rec.recognize(img, Page(0, img.shape[1], img.shape[0], "px"),
                         [TextRegion(Box(0, 0, 1, 1))])


def _glued(pieces, gap_pt, fontsize=16, grey=None):
    """``pieces`` drawn ``gap_pt`` points apart, and the characters a model that wrote no
    spaces would give for them: (char, confidence, centre as a fraction of the width)."""
    import pymupdf

    x, placed, chars = 8.0, [], []
    for piece in pieces:
        placed.append((x, piece))
        for ch in piece:
            w = pymupdf.get_text_length(ch, fontname="helv", fontsize=fontsize)
            chars.append((ch, 0.99, x + w / 2))
            x += w
        x += gap_pt
    width = x - gap_pt + 8
    return draw_words(placed, width, fontsize=fontsize, grey=grey), [
        (c, p, cx / width) for c, p, cx in chars]


def _words(rec, img, chars, spaces=None):
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.ocr.recognize import Line

    line = Line(chars, spaces or [0.0] * len(chars), 1.0)
    return [w.text for w in rec._words(line, TextRegion(Box(0, 0, 1, 1)), 0, img)]


def test_glued_words_are_split_at_wide_ink_gaps(registry):
    """The model wrote no space (PP-OCR often drops them on receipts); the pixels show
    wide gaps between "TEL", ":" and the number, and none inside the number."""
    rec = registry.create("recognizer", "ppocr_rec")
    img, chars = _glued(["TEL", ":", "03-51213881"], gap_pt=12)
    assert _words(rec, img, chars) == ["TEL", ":", "03-51213881"]
    tight = registry.create("recognizer", "ppocr_rec", {"space_gap": 9.0})
    assert _words(tight, img, chars) == ["TEL:03-51213881"]
    img, chars = _glued(["TEL", ":", "03-51213881"], gap_pt=0.5)  # really glued
    assert _words(rec, img, chars) == ["TEL:03-51213881"]


def test_light_grey_print_beside_black_print_is_ink_too(registry):
    """A label printed in grey beside a black value ("Date:" 31/12/2017, as on oyo.png):
    the grey letters are ink, so the blank between two of them is narrow (before, Otsu's
    cut took them for paper and measured gaps as wide as the letters, and the label came
    out "D ate:")."""
    from formsift.plugins.ocr.recognize import ink_gaps

    rec = registry.create("recognizer", "ppocr_rec")
    img, chars = _glued(["Date:", "31/12/2017"], gap_pt=5, grey={"Date:": 0.72})
    gaps = ink_gaps(img, [c[2] for c in chars])
    inside_label = gaps[:4]  # D-a, a-t, t-e, e-:
    assert max(inside_label) < rec.options.space_gap, gaps
    assert gaps[4] >= rec.options.space_gap  # the blank between label and date stays wide
    assert _words(rec, img, chars) == ["Date:", "31/12/2017"]


def test_the_models_own_space_probability_splits_words(registry):
    """Where the model's space probability between two characters is high enough, a
    space is there even when its best guess was a blank; between two digits the ink
    alone never splits."""
    rec = registry.create("recognizer", "ppocr_rec")
    img, chars = _glued(["TOTAL", "12"], gap_pt=0.5)
    spaces = [0.0] * len(chars)
    assert _words(rec, img, chars, spaces) == ["TOTAL12"]
    spaces[5] = 0.2  # before "1"
    assert _words(rec, img, chars, spaces) == ["TOTAL", "12"]
    img, chars = _glued(["111", "111"], gap_pt=8)  # a wide gap between two digits
    assert _words(rec, img, chars) == ["111111"]
    assert _words(rec, img, chars, [0.0, 0.0, 0.0, 0.02, 0.0, 0.0]) == ["111", "111"]


@needs_models
def test_words_drawn_apart_are_read_apart(registry):
    rec = registry.create("recognizer", "ppocr_rec")
    words = _read(rec, draw_line("TEL : 03-51213881", gap=8))
    assert [w.text for w in words] == ["TEL", ":", "03-51213881"]
    assert words[0].box.x1 <= words[1].box.x0 <= words[1].box.x1 <= words[2].box.x0
    assert all(len(w.char_confidences) == len(w.text) for w in words)


@needs_models
@pytest.mark.parametrize("font", ["helv", "tiro"])
@pytest.mark.parametrize("text", ["24-11-17 13:11 RM 15.00", "11/11/2011 TOTAL 111.11",
                                  "Date: 01-11-2018", "INV 1111 1171"])
def test_numbers_stay_whole(registry, font, text):
    """A "1" in a proportional font stands alone in a wide cell: its neighbours' gaps look
    like spaces, but "11" is one number."""
    rec = registry.create("recognizer", "ppocr_rec")
    assert [w.text for w in _read(rec, draw_line(text, font=font))] == text.split()


def test_inside_number_rule():
    from formsift.plugins.ocr.recognize import _inside_number

    chars = [(c, 1.0, i / 10) for i, c in enumerate("RM5.90")]
    assert _inside_number(3, chars) and _inside_number(4, chars)
    assert not _inside_number(2, chars)


def test_a_date_inside_a_code_ranks_below_a_timestamp():
    from formsift.core.kinds import ParseContext
    from formsift.core.locale import get_locale
    from formsift.plugins.fieldtypes.dates import DateType

    ctx = ParseContext(get_locale("en"))
    (code,) = DateType().find("HD03-04-06 - 5/40/160", ctx)
    (stamp,) = DateType().find("19-09-17 15:39 SH01", ctx)
    (plain,) = DateType().find("Date: 19-09-17", ctx)
    assert code.score < plain.score < stamp.score


@needs_models
@pytest.mark.parametrize("turns", [1, 3])
def test_vertical_lines_are_read_either_way_up(registry, turns):
    import numpy as np

    from formsift.core.document import Page

    det = registry.create("segmenter", "ppocr_det")
    rec = registry.create("recognizer", "ppocr_rec")
    v = np.ascontiguousarray(np.rot90(draw_line("TOTAL 2024-05-01", fontsize=22), turns))
    img = np.full((900, 500, 3), 255, np.uint8)
    img[50:50 + v.shape[0], 200:200 + v.shape[1]] = v
    page = Page(0, 500, 900, "px")
    words = rec.recognize(img, page, det.segment(img, page))
    assert [w.text for w in words] == ["TOTAL", "2024-05-01"]


def test_an_amount_glued_to_its_currency_code_is_found():
    from decimal import Decimal

    from formsift.core.kinds import ParseContext
    from formsift.core.locale import get_locale
    from formsift.plugins.fieldtypes.amounts import MoneyType

    ctx = ParseContext(get_locale("en"))
    found = MoneyType().find("TOTAL: RM29.30", ctx)
    assert [(f.value, f.start) for f in found] == [(Decimal("29.30"), 9)]
    assert MoneyType().find("INV2024", ctx) == []  # not a currency code: stays a word


def test_a_typed_fields_shape_keeps_its_digits_together(registry):
    # a monospaced date whose digits sit far apart: ink gaps (and a faint space cue from
    # the model) would split it; in a date field's box its shape keeps it one word
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.fieldtypes.dates import DATE_SHAPE
    from formsift.plugins.ocr.recognize import Line

    rec = registry.create("recognizer", "ppocr_rec")
    img, chars = _glued(["2", "019-04-1", "6"], gap_pt=12)
    spaces = [0.0] * len(chars)
    spaces[1] = spaces[9] = 0.02
    line = Line(chars, spaces, 1.0)
    region = TextRegion(Box(0, 0, 1, 1))
    assert [w.text for w in rec._words(line, region, 0, img)] == ["2", "019-04-1", "6"]
    assert [w.text for w in rec._words(line, region, 0, img, DATE_SHAPE)] == ["2019-04-16"]
    # text that has the shape with its ink spaces keeps them ("31 August 2024")
    img, chars = _glued(["31", "August", "2024"], gap_pt=12)
    assert [w.text for w in rec._words(Line(chars, [0.0] * len(chars), 1.0), region, 0,
                                       img, DATE_SHAPE)] == ["31", "August", "2024"]


def _probs(steps):
    """A (T, C) probability matrix over blank + "0123456789.," + space: each step a dict
    {char: probability}, the rest of the mass on the blank."""
    import numpy as np

    chars = ["<blank>", *"0123456789.,", " "]
    out = np.zeros((len(steps), len(chars)), np.float32)
    for t, step in enumerate(steps):
        for ch, p in step.items():
            out[t, chars.index(ch)] = p
        out[t, 0] = 1.0 - sum(step.values())
    return chars, out


@pytest.mark.parametrize(("comma", "expected"), [(0.4, "1.094,56"), (0.001, "1.094.56")])
def test_decoding_prefers_the_fields_shape_when_the_model_saw_it(registry, comma, expected):
    # the model hesitates between "." and "," as the decimal separator of "1.094,56": a
    # money field's shape (one thousands separator, another decimal one) picks ",", but
    # only when the model gave it a real chance
    from formsift.plugins.fieldtypes.amounts import NUMBER_SHAPE

    rec = registry.create("recognizer", "ppocr_rec")
    steps = [{c: 0.99} for c in "1.094"] + [{".": 0.99 - comma, ",": comma}] + \
            [{c: 0.99} for c in "56"]
    spaced = [s for step in steps for s in (step, {})]  # a blank step between characters
    rec._model_chars, probs = _probs(spaced)
    chars, spaces = rec._decode(probs, len(spaced), len(spaced))
    assert "".join(c[0] for c in chars) == "1.094.56"
    shaped, cues = rec._shaped(probs, None, NUMBER_SHAPE, chars, spaces)
    assert "".join(c[0] for c in shaped) == expected and len(cues) == len(shaped)
    if expected != "1.094.56":
        assert shaped[5][1] == min(c[1] for c in chars)  # the changed character is doubted


def test_a_reading_changed_to_fit_a_shape_keeps_the_characters_positions():
    # dropping a stray "-" before a date must not shift the characters after it (their
    # positions decide the word boxes and where the ink gaps are looked for)
    from formsift.handwriting.decode import realign

    chars = [(c, 0.9, (i + 0.5) / 13) for i, c in enumerate("-31August2024")]
    spaces = [0.0] * len(chars)
    spaces[3] = 0.2  # the model's space cue before "A"
    out, cues = realign(chars, "31August2024", spaces)
    assert [c[0] for c in out] == list("31August2024")
    assert [c[2] for c in out] == [c[2] for c in chars[1:]] and cues[2] == 0.2
    chars[5] = ("g", 0.6, chars[5][2])  # the reading's weakest character
    out, _ = realign(chars, "3lAugust2024", spaces)  # "1" changed to "l": doubted
    assert out[1] == ("l", 0.6, chars[2][2]) and out[0] == chars[1]


def test_a_comma_with_a_space_after_it_separates_numbers(registry):
    """The bug report: "80 g/m2, 5 reams" came out as "g/m2,5": a comma between digits was
    always taken for a decimal comma. One that hugs the digit before it and has a word
    space after it separates; a decimal comma, or one spread evenly on both sides as
    monospaced receipts print it, stays inside the number."""
    rec = registry.create("recognizer", "ppocr_rec")
    img, chars = _glued(["g/m2,", "5", "reams"], gap_pt=8)
    assert _words(rec, img, chars) == ["g/m2,", "5", "reams"]
    img, chars = _glued(["Größe", "2,5", "kg"], gap_pt=8)
    assert _words(rec, img, chars) == ["Größe", "2,5", "kg"]
    img, chars = _glued(["5", ",", "90"], gap_pt=8)  # spread evenly: one amount
    assert _words(rec, img, chars) == ["5,90"]


def test_a_lone_character_covers_its_detected_line(registry):
    """One character has no pitch to size its box: it is the whole (tight) line, not a
    sliver of 4% of it."""
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.ocr.recognize import Line

    rec = registry.create("recognizer", "ppocr_rec")
    region = TextRegion(Box(0.50, 0.30, 0.52, 0.32))
    (word,) = rec._words(Line([("7", 0.98, 0.5)], [0.0], 1.0), region, 0)
    assert word.text == "7"
    assert word.box.x0 == pytest.approx(0.50) and word.box.x1 == pytest.approx(0.52)


def test_characters_all_apart_share_their_line(registry):
    """No pitch either when every character stands alone ("Y N 5", spaces the model
    wrote): each gets its share of the line, boxes do not overlap."""
    import itertools

    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.ocr.recognize import Line

    rec = registry.create("recognizer", "ppocr_rec")
    chars = [("Y", 0.9, 0.2), (" ", 0.9, 0.35), ("N", 0.9, 0.5), (" ", 0.9, 0.65),
             ("5", 0.9, 0.8)]
    words = rec._words(Line(chars, [0.0] * 5, 1.0), TextRegion(Box(0.1, 0.5, 0.5, 0.52)), 0)
    assert [w.text for w in words] == ["Y", "N", "5"]
    assert all(a.box.x1 <= b.box.x0 + 1e-9 for a, b in itertools.pairwise(words))
