"""Colour dropout (journey notices, finding 4): a red RECEIVED stamp over a letter head
wiped out the print under it ('Stel RECE1V2 05678' for 'Steuernummer: 143/123/45678'),
and the letter came out unknown. `preprocess dropout` removes coloured ink lighter than
print, keeping the black print under it."""

from __future__ import annotations

import numpy as np
import pytest

from formsift.core.document import Page
from formsift.plugins.preprocess.filters import Dropout

RED = (40, 40, 210)  # BGR
BLUE = (200, 60, 30)


def _stamped(color=RED) -> np.ndarray:
    import cv2

    image = np.full((400, 1200, 3), 255, np.uint8)
    cv2.putText(image, "Steuernummer: 143/123/45678", (60, 200), cv2.FONT_HERSHEY_SIMPLEX,
                1.4, (0, 0, 0), 3, cv2.LINE_AA)
    cv2.putText(image, "Datum: 04.12.2026", (60, 280), cv2.FONT_HERSHEY_SIMPLEX, 1.4,
                (0, 0, 0), 3, cv2.LINE_AA)
    stamp = np.full_like(image, 255)
    cv2.putText(stamp, "RECEIVED", (150, 250), cv2.FONT_HERSHEY_DUPLEX, 3.2, color, 9,
                cv2.LINE_AA)
    cv2.rectangle(stamp, (130, 140), (760, 290), color, 6)
    # ink is absorbed by the paper: print under the stamp stays as dark as it is
    return (image.astype(np.float32) * stamp.astype(np.float32) / 255).astype(np.uint8)


def _dropout(image, **options):
    page = Page(index=0, width=image.shape[1], height=image.shape[0])
    return Dropout(options).process(image, page), page


def test_red_ink_goes_and_black_print_stays():
    image = _stamped()
    out, page = _dropout(image)
    black = (image.max(axis=2) < 60)  # print, alone or under the stamp
    red_only = (image[..., 2] > 150) & (image[..., 1] < 120)
    assert (out[black].max(axis=1) < 90).all()
    assert (out[red_only].min(axis=1) > 200).all()
    assert 0 < page.notes["dropout"]["removed"] < 0.2


def test_only_the_chosen_inks_go():
    out, _ = _dropout(_stamped(BLUE))  # red by default: a blue stamp stays
    assert (out[..., 0].astype(int) - out[..., 2]).max() > 100
    out, _ = _dropout(_stamped(BLUE), colors=["blue"])
    assert (out[..., 0].astype(int) - out[..., 2]).max() < 60


def test_a_gray_image_is_left_as_it_is():
    gray = np.full((50, 50), 128, np.uint8)
    out, _ = _dropout(gray)
    assert out is gray


def test_a_template_reads_the_print_under_a_stamp(tmp_path):
    import cv2

    from formsift import Engine

    path = tmp_path / "stamped.png"
    cv2.imwrite(str(path), _stamped())
    tpl = tmp_path / "t.sift"
    tpl.write_text('template t {\n  pipeline {\n    preprocess dropout, orientation, deskew\n'
                   '  }\n  field tax_no: text = right of "Steuernummer:"\n'
                   '  field date: date = right of "Datum:"\n}\n', encoding="utf-8")
    result = Engine(seen_store="memory").extract(path, str(tpl))
    assert result.value("tax_no") == "143/123/45678"
    assert str(result.value("date")) == "2026-12-04"


def test_options_are_checked():
    from formsift.core.errors import FormsiftError

    with pytest.raises((FormsiftError, ValueError)):
        Dropout({"colors": ["purple"]})
