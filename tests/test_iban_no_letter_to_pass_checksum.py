"""The iban type never makes a digit a letter to make mod 97 hold (KYC onboarding
journey: a clean print of 'IT60 X054 2821 1010 0000 0123 456', one digit mistyped, came
out accepted as IT60X054282110100000O123456, a valid and wrong IBAN).

In places of letters or digits (Italian, French, Swiss, Maltese, Cypriot account
numbers), a reading holds ten or more digits with a look-alike letter; with one wrong
digit, one of those changes made mod 97 hold for about one IBAN in 14. A letter read
among an account's digits ('O' for '0') is what a recognizer does, and is still put
right. Generated IBANs only (python-stdnum's registry and check digits)."""

from __future__ import annotations

import random

import pytest
from stdnum import iban

from formsift.core.document import Document
from formsift.core.result import Status
from formsift.plugins.fieldtypes.identifiers import iban_places
from formsift.templates import check_source, runtime
from tests.parsing import ctx, ftype, ocr_page

TYPO = "IT60 X054 2821 1010 0000 0123 456"  # IT60X0542811101000000123456, 1 -> 2
RIGHT = "IT60X0542811101000000123456"
COUNTRIES = ("IT", "FR", "CH", "MT", "CY")  # account numbers of letters or digits


def _generated(rng: random.Random, country: str) -> str:
    """A valid IBAN of ``country``: digits, a letter in one place of five that allows it."""
    places = iban_places()[country]
    while True:
        bban = "".join(rng.choice("0123456789") if k == "n" or (k == "c" and rng.random() < 0.8)
                       else rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for k in places[4:])
        value = country + iban.calc_check_digits(country + "00" + bban) + bban
        if iban.is_valid(value):
            return value


def _spaced(value: str) -> str:
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))


def test_a_mistyped_digit_is_not_made_a_letter(registry):
    assert not iban.is_valid(TYPO.replace(" ", ""))
    t = ftype(registry, "iban")
    assert t.find(TYPO, ctx()) == []
    assert "check digits are wrong" in (t.misfit(TYPO, ctx()) or "")


def test_no_generated_mistyped_iban_gets_a_letter_for_a_digit(registry):
    """One digit of a valid IBAN changed to another: whatever the type reads from it is
    never the reading with a digit changed to a letter (before: 34 of 500)."""
    rng = random.Random(7)
    t = ftype(registry, "iban")
    invented = []
    for i in range(500):
        good = _generated(rng, COUNTRIES[i % len(COUNTRIES)])
        at = rng.choice([k for k, c in enumerate(good) if c.isdigit() and k >= 4])
        bad = good[:at] + rng.choice([d for d in "0123456789" if d != good[at]]) + good[at + 1:]
        for f in t.find(_spaced(bad), ctx()):
            if any(r.isdigit() and v.isalpha() for r, v in zip(bad, f.value, strict=True)):
                invented.append((bad, f.value))
    assert invented == []


@pytest.mark.parametrize("read", [
    "IT60 X054 2811 1010 0000 O123 456",  # an account's 0 read O
    "IT60 X054 2811 1010 00O0 0123 456",
    "IT60 X054 28I1 1010 0000 0123 456",  # 1 read I, in the account's bank branch digits
])
def test_a_letter_read_for_a_digit_is_still_put_right(registry, read):
    found = ftype(registry, "iban").find(read, ctx())
    assert [f.value for f in found] == [RIGHT]


def test_no_iban_is_read_from_inside_another(registry):
    """A Maltese IBAN whose 5 was read S: its second group 'TRBG' read as Turkey with
    check digits 86 (B, G) made a valid Turkish IBAN of the rest but its last character
    (mod 97 holds for one such in 97): the Maltese one, put right, is the value."""
    read = "MT90 TRBG 6494 252M 8918 3NQ5 6K92 5S4"
    found = ftype(registry, "iban").find(read, ctx())
    assert [f.value for f in found] == ["MT90TRBG6494252M89183NQ56K92554"]


def test_generated_lookalike_letters_are_put_right(registry):
    """A digit of a valid IBAN read as its look-alike letter (0 as O, 1 as I, 5 as S, 8
    as B, 2 as Z, 6 as G): put right, never read otherwise."""
    pairs = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
    rng = random.Random(3)
    t = ftype(registry, "iban")
    right = tried = 0
    for i in range(300):
        good = _generated(rng, COUNTRIES[i % len(COUNTRIES)])
        at = rng.choice([k for k, c in enumerate(good) if c in pairs and k >= 4])
        read = good[:at] + pairs[good[at]] + good[at + 1:]
        found = t.find(_spaced(read), ctx())
        assert [f.value for f in found] in ([], [good])
        tried += 1
        right += bool(found)
    assert right >= 0.95 * tried


def test_the_journeys_reading_goes_to_review(registry):
    page = ocr_page(["Account", "to", "be", "linked"], ["IBAN:", *TYPO.split()])
    doc = Document("sha256:t", "t", "image/png", [page], "t")
    (t,), _ = check_source('template t {\n  field iban: iban = right of "IBAN:"\n'
                           '  rule iban_ok: valid_iban(iban)\n}', "t.sift", registry)
    ex = runtime.run(t, doc)
    assert ex.fields["iban"] is None
    assert ex.status is Status.REVIEW
    assert any(r.code == "invalid_value" and r.field == "iban" for r in ex.reasons)
