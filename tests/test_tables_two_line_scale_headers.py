"""A scale's headers printed on two lines (surveys journey, finding 3): a Likert grid
prints its extreme answers stacked in narrow columns, "Strongly" / "disagree",
"Disagree", "Neutral", "Agree", "Strongly" / "agree". The declared "Agree" took the
"agree" under "Strongly" (the line holding more headers wins, and the stacked headers
count on the lower line), and "Disagree" the "disagree" under "Strongly": the ticks under
"Strongly agree" came out as Agree, Disagree and Strongly agree read nothing. A word that
is one part of another column's two-line header is that column's; the one-word header is
the one standing alone on the other line."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests import test_checkbox_matrix_table as matrix


def test_a_born_digital_scale_with_stacked_headers(registry, tmp_path):
    matrix.test_drawn_boxes_of_a_born_digital_matrix_are_read(registry, tmp_path, True)


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
def test_a_scanned_scale_with_stacked_headers(registry, tmp_path):
    matrix.test_a_scanned_matrix_is_read_without_a_pipeline(registry, tmp_path, True)


def test_two_ticks_in_a_row_under_stacked_headers_go_to_review(registry, tmp_path):
    matrix.test_a_row_with_two_ticks_goes_to_review(registry, tmp_path, True)


def test_the_header_words_go_to_their_columns(registry, tmp_path):
    """Where each column's header was found, as ``formsift explain`` shows the rows:
    Disagree and Agree are the words standing alone, each over its own boxes."""
    from formsift.core.engine import Engine

    result = Engine(registry=registry).extract(matrix._born_digital(True),
                                               matrix._template(tmp_path, True), name="q.pdf")
    boxes = {c: [row[c].box[0] for row in result.tables["likert"]] for c in matrix.COLS}
    for c, x in zip(matrix.COLS, matrix.X, strict=True):
        assert all(abs(b * 595 - x) < 3 for b in boxes[c]), (c, boxes[c])
