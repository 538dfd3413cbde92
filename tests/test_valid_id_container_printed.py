"""Container numbers as carriers print them (journey shipping, finding 5):
``valid_id("iso6346", x)`` refused ``MSCU 123456-6`` (the check digit set apart by a hyphen,
as bills of lading and seal lists print it: python-stdnum strips spaces only), sending a
valid container to review. Every form a carrier prints passes, a wrong check digit fails
in every form, and the record keeps the number as printed."""

from __future__ import annotations

import pytest

from formsift.core.result import Status
from formsift.plugins.validators.national_ids import valid_id
from tests.parsing import extract_text

_LETTERS = {ch: v for ch, v in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                   [10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25,
                                    26, 27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38],
                                   strict=True)}


def container(owner: str, serial: str) -> str:
    """ISO 6346: the letters' values (A=10, multiples of 11 skipped) and the digits, weighted
    2**position, mod 11, 10 written 0."""
    values = [_LETTERS[c] for c in owner] + [int(d) for d in serial]
    return owner + serial + str(sum(v * 2 ** i for i, v in enumerate(values)) % 11 % 10)


CONTAINERS = [container(o, s) for o, s in [("MSCU", "123456"), ("CMAU", "300112"),
                                          ("TGHU", "987654"), ("HLXU", "001234"),
                                          ("MAEU", "876543"), ("OOLU", "555000")]]


def printed(number: str) -> list[str]:
    """The forms carriers print: compact, owner and serial apart, the check digit apart by
    a space or a hyphen (an en dash in some PDFs), hyphens throughout, the check digit
    boxed (OCR reads the box as brackets)."""
    o, s, d = number[:4], number[4:10], number[10]
    return [number, f"{o} {s} {d}", f"{o} {s}-{d}", f"{o}-{s}-{d}", f"{o}{s}-{d}",
            f"{o} {s}–{d}", f"{o} {s} [{d}]", f"{o} {s}({d})", f"{o.lower()} {s}-{d}"]


@pytest.mark.parametrize("number", CONTAINERS)
def test_container_numbers_as_printed(number):
    for form in printed(number):
        assert valid_id("iso6346", form), form


@pytest.mark.parametrize("number", CONTAINERS)
def test_a_wrong_check_digit_fails_in_every_form(number):
    wrong = number[:10] + str((int(number[10]) + 3) % 10)
    for form in printed(wrong):
        assert not valid_id("iso6346", form), form
    assert not valid_id("iso6346", number[:10])  # no check digit
    assert not valid_id("iso6346", f"{number[:4]} {number[4:10]}-")


def test_the_journeys_container_is_valid():
    assert CONTAINERS[0] == "MSCU1234566"


def test_a_hyphenated_container_passes_the_rule_and_is_kept_as_printed(tmp_path):
    tpl = ('template cont {\n'
           '  field container: id(/[A-Z]{4}\\s?\\d{6}[-\\s]?\\d/) = right of "Container:"\n'
           '  rule cd: valid_id("iso6346", container)\n}\n')
    result = extract_text(tmp_path, tpl, "ARRIVAL NOTICE\nContainer: MSCU 123456-6\n")
    assert result.status == Status.ACCEPTED, [r.message for r in result.reasons]
    assert result.fields["container"].value == "MSCU 123456-6"
    result = extract_text(tmp_path, tpl, "ARRIVAL NOTICE\nContainer: MSCU 123456-9\n")
    assert result.status == Status.REVIEW
