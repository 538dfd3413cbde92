"""``anywhere`` with an id's pattern does not cut a value out of a longer word (journey
shipping, finding 2): on a delivery order, ``id(/[A-Z]{4}\\d{7}/)[] = anywhere`` read a
phantom container ``LSHA0099812`` out of the B/L number ``PSLSHA0099812`` beside the real
one, accepted, and the single field took it first. Fixed by 4817178 (a type's pattern reads
a whole value); this is the shipping journey's case."""

from __future__ import annotations

from formsift.core.result import Status
from tests.parsing import extract_text

TEMPLATE = """template delivery_order {
  match { contains "DELIVERY ORDER" }
  field containers: id(/[A-Z]{4}\\d{7}/)[] = anywhere
  field first_container: id(/[A-Z]{4}\\d{7}/) = anywhere
}
"""


def test_a_container_pattern_takes_no_part_of_a_bl_number(tmp_path):
    text = ("DELIVERY ORDER\nB/L No.: PSLSHA0099812\nBooking: MAEU2026110045\n"
            "Containers: CMAU3001129  TGHU9876540\n")
    result = extract_text(tmp_path, TEMPLATE, text)
    assert result.record()["containers"] == ["CMAU3001129", "TGHU9876540"]
    assert result.record()["first_container"] == "CMAU3001129"
    assert result.status == Status.ACCEPTED


def test_a_number_glued_to_punctuation_is_still_read(tmp_path):
    # a run ends at punctuation: "(CMAU3001129)" and "CMAU3001129," hold the number
    text = "DELIVERY ORDER\nContainers (CMAU3001129), TGHU9876540,\n"
    result = extract_text(tmp_path, TEMPLATE, text)
    assert result.record()["containers"] == ["CMAU3001129", "TGHU9876540"]
