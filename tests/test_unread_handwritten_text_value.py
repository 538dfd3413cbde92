"""Handwriting where a text-kind value belongs (an e-mail, an IBAN, an id) that does not
read as one is said, as it is for numbers and dates (pledges journey, finding 3): a
donor's handwritten e-mail read 'melli cmaiteosk', a card number '4 2 0 0 5 9 1 4 5 7',
and the optional fields vanished with no reason, as if left blank."""

from __future__ import annotations

from formsift.core.document import Word
from formsift.core.geometry import Box
from formsift.templates.locators import _missed
from tests.parsing import ctx, ftype


def _words(texts: list[str], handwritten: bool) -> list[Word]:
    return [Word(t, Box(0.3 + 0.1 * i, 0.4, 0.38 + 0.1 * i, 0.42), 0, 0.3,
                 "crnn" if handwritten else "ppocr_rec", handwritten)
            for i, t in enumerate(texts)]


def test_unreadable_handwriting_of_an_email_is_a_misfit(registry) -> None:
    misses: list[str] = []
    misfits: list[str] = []
    _missed(misses, _words(["melli", "cmaiteosk"], True), 'right of "Email:"',
            ftype(registry, "email"), ctx(), misfits)
    assert misfits == ['right of "Email:": handwriting "melli cmaiteosk" does not read as '
                       "an email value"]


def test_an_id_of_handwritten_digits_that_does_not_match_is_a_misfit(registry) -> None:
    misfits: list[str] = []
    _missed([], _words(["4 2 0 0 5 9 1 4 5 7"], True), 'right of "Card number"',
            ftype(registry, "id", pattern=r"\d{16}"), ctx(), misfits)
    assert misfits and "does not read as an id value" in misfits[0]


def test_print_beside_a_text_field_is_no_misfit(registry) -> None:
    """Guard: printed words there may be anything (the next label, a note)."""
    misfits: list[str] = []
    _missed([], _words(["see", "overleaf"], False), 'right of "Email:"',
            ftype(registry, "email"), ctx(), misfits)
    assert misfits == []
