"""What a money field reads after a whole amount depends on whether a hand wrote it
(code read Z1 of 880d0bf and c4e6291, engineer D's task).

1. "NN/100" after a whole amount is a cheque's cents in a hand ("1312 75/100"); printed, it
   is as likely a ratio or a page ("Balance: 100 25/100" on a scanned statement came out
   100.25, accepted). Where the context does not say the text is handwriting, both
   readings are kept, tied (a rule decides, or review: ambiguous); a cheque's own shapes
   ("and 75/100", "⁰⁰/₁₀₀", "xx/100") are its cents anywhere.
2. Six digits after a printed whole amount ("1312 401100": a French ledger account) were
   taken for "40/100" with its slash read as a 1, and the amount refused (invalid_value).
   Print writes its slashes: the number is another one, not glued to the amount.
3. A constrained re-read of a handwritten "1312 751100" (its slash read 1) as
   "1312751100" was accepted as 1312751100.00: a re-read that joins two groups of digits
   into one amount is doubtful, and is not taken (:func:`constrained.merges_groups`).
4. A hand's dash after an amount with cents ("1250.00-") is a flourish, no minus, where
   the context says the text is handwriting; printed, it stays an export's minus.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import ParseContext, Recognizer, TextRegion
from formsift.core.locale import get_locale
from tests.parsing import extract_text, ftype


@dataclass(frozen=True)
class _Ctx(ParseContext):
    """A context that says whether the text is handwriting (the words' label or the
    field's hint, which the locators are to set: ``ParseContext.handwritten``)."""

    handwritten: bool | None = None


def _found(registry: Any, text: str, hand: bool | None = None,
           recognized: bool = True) -> list[tuple[str, bool]]:
    ctx = _Ctx(get_locale("en_US"), "USD", recognized, hand)
    return [(str(f.value), f.tied) for f in ftype(registry, "money", decimals=2).find(text, ctx)]


# -- 1. "NN/100": a hand's cents, or a printed ratio ------------------------------------

@pytest.mark.parametrize("hand, recognized", [(None, True), (False, True), (None, False)])
def test_a_plain_fraction_of_100_not_known_handwritten_reads_both_ways(registry, hand,
                                                                       recognized):
    assert _found(registry, "Balance: 100 25/100", hand, recognized) == [
        ("100.25", False), ("100.00", True)]


def test_a_handwritten_fraction_of_100_is_the_cents(registry):
    assert _found(registry, "100 25/100", hand=True) == [("100.25", False)]


@pytest.mark.parametrize("text, value", [
    ("1250 and 75/100", "1250.75"), ("1,250⁰⁰/₁₀₀", "1250.00"), ("56 no/100", "56.00"),
    ("1250 xx/100", "1250.00"), ("1250 OO/1oo", "1250.00"),
])
def test_a_cheques_own_shapes_are_cents_in_print_too(registry, text, value):
    assert _found(registry, text, hand=False) == [(value, False)]


def test_a_printed_statements_balance_over_100_goes_to_review(tmp_path):
    """A text layer (print): before, 100.25 accepted with no reason."""
    template = """template t {
  currency "USD"
  locale "en_US"
  field balance: money(decimals=2) = right of "Balance:"
}"""
    result = extract_text(tmp_path, template, "ACME Supplies statement\nBalance: 100 25/100\n")
    assert result.status == "review"
    assert [r.code for r in result.reasons] == ["ambiguous"], result.reasons
    assert "100.00" in result.reasons[0].message and "100.25" in result.reasons[0].message


# -- 2. a printed code after an amount is not glued to it -----------------------------

def test_six_digits_after_a_printed_amount_are_another_number(registry, tmp_path):
    assert _found(registry, "1312 401100", hand=False)[:1] == [("1312.00", False)]
    assert _found(registry, "1312 401100", recognized=False)[:1] == [("1312.00", False)]
    template = """template t {
  currency "EUR"
  locale "fr_FR"
  field amount: money(decimals=2) = right of "Montant"
}"""
    result = extract_text(tmp_path, template, "Montant 1312 401100\n")
    assert result.status == "accepted", result.reasons
    assert str(result.fields["amount"].value) == "1312.00"


@pytest.mark.parametrize("hand", [True, None])
def test_six_digits_after_a_handwritten_amount_stay_a_misread_fraction(registry, hand):
    """A hand's "75/100" with its slash read as a 1 (or where nothing says which): the
    amount is not read without its cents (as 880d0bf)."""
    assert _found(registry, "1312 751100", hand=hand) == []


# -- 4. a hand's dash after the cents --------------------------------------------------

@pytest.mark.parametrize("text", ["1250.00-", "1,250.00-", "3600-"])
def test_a_hands_dash_after_an_amount_is_no_minus(registry, text):
    (found,) = _found(registry, text, hand=True)
    assert found[0] in ("1250.00", "3600.00") and not found[1]


@pytest.mark.parametrize("hand", [False, None])
def test_a_printed_minus_after_the_cents_stays_a_sign(registry, hand):
    assert _found(registry, "1,250.00-", hand=hand) == [("-1250.00", False)]


@pytest.mark.parametrize("hand", [False, None])
def test_a_printed_dash_after_a_whole_amount_still_reads_both_ways(registry, hand):
    assert _found(registry, "1,250-", hand=hand) == [("1250.00", False), ("-1250.00", True)]


# -- 3. a constrained re-read that joins two groups of digits ---------------------------

TEMPLATE = """template t {
  currency "USD"
  locale "en_US"
  field amount: money(decimals=2) = right of "Amount:" handwritten
}"""


class Hand(Recognizer):
    """Reads every region as ``free``, or as ``shaped`` under a constraint (money's
    alphabet has no slash: the hand's "75/100" comes back as "751100")."""

    name = "hand"
    handwriting = True
    free, shaped = "1312 751100", "1312751100"

    def ensure_ready(self) -> None:
        pass

    def recognize(self, image: Any, page: Page, regions: list[TextRegion],
                  constraint: Any = None) -> list[Word]:
        out = []
        for r in regions:
            text = self.shaped if constraint is not None else self.free
            x = r.box.x0
            for part in text.split():
                w = 0.3 * (r.box.width * len(part) / len(text))
                out.append(Word(part, Box(x, r.box.y0, x + w, r.box.y1), page.index, 0.9,
                                self.name, True, None, (0.9,) * len(part)))
                x += w + 0.01
        return out


class Printed(Recognizer):
    name = "printed"

    def ensure_ready(self) -> None:
        pass


def _extract(registry: Any, monkeypatch: pytest.MonkeyPatch, hand: Hand) -> Any:
    from formsift import Engine
    from formsift.templates import check_source

    words = [Word("Amount:", Box(0.05, 0.20, 0.14, 0.22), 0, 0.99, "printed")]
    x = 0.30
    for text in hand.free.split():
        words.append(Word(text, Box(x, 0.20, x + 0.012 * len(text), 0.22), 0, 0.9, "hand",
                          True, None, (0.9,) * len(text)))
        x += 0.012 * len(text) + 0.01
    doc = Document("sha256:t", "t.png", "image/png", [Page(0, 800, 1000, words=words)],
                   "image")
    (template,), _ = check_source(TEMPLATE, "t.sift", registry)
    engine = Engine(registry=registry, seen_store="memory")
    monkeypatch.setattr(engine, "_recognition_stages", lambda t: ([], [], [Printed(), hand]))
    monkeypatch.setattr(engine, "_prepared",
                        lambda d, p, pre: np.full((1000, 800), 255, np.uint8))
    return engine.extract_document(doc, template)


def test_a_reread_that_joins_two_groups_into_one_amount_is_not_taken(registry, monkeypatch):
    """Before: 1312751100.00 accepted at 0.9 (HEAD c4e6291 + 880d0bf's refusal)."""
    result = _extract(registry, monkeypatch, Hand())
    amount = result.fields.get("amount")
    assert amount is None or amount.value != 1312751100, amount
    assert result.status == "review"
    (place,) = result.page_info[0].notes["constrained"]["places"]
    assert place["read"] == "1312751100" and place["kept"] is False and place["merged"]


def test_a_reread_that_keeps_the_groups_apart_is_taken(registry, monkeypatch):
    """The guard: a re-read that reads the cents' slash (or only a thousands group
    apart) is a value as before."""
    hand = Hand()
    hand.free, hand.shaped = "I 3l2.7S", "1312.75"  # a thousands group joined
    result = _extract(registry, monkeypatch, hand)
    assert str(result.fields["amount"].value) == "1312.75", result.reasons


@pytest.mark.parametrize("free, read, merged", [
    ("1312 751100", "1312751100", True), ("1312 75l100", "1312751100", True),
    ("12 5O", "1250", True),
    ("1 312.7S", "1312.75", False), ("1 312.7S", "1 312.75", False),
    ("1312 751100", "1312 751100", False), ("4 500,00", "4500.00", False),
])
def test_merges_groups(free, read, merged):
    from formsift.templates.constrained import merges_groups

    assert merges_groups(free, read) is merged


def test_a_pdfs_no_break_space_before_the_fraction_is_a_space(registry, tmp_path):
    """PyMuPDF's text of "100 25/100" set in Liberation Mono is one word, "100\\u00a025/100":
    the fraction after a no-break space was not seen, and 100.00 was accepted."""
    assert _found(registry, "100\u00a025/100", recognized=False) == [
        ("100.25", False), ("100.00", True)]
    font = "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf"
    pymupdf = pytest.importorskip("pymupdf")
    if not __import__("os").path.exists(font):
        pytest.skip("Liberation Mono not installed")
    from formsift import Engine

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="F", fontfile=font)
    page.insert_text((50, 80), "ACME Supplies Ltd statement", fontsize=14, fontname="F")
    page.insert_text((50, 160), "Balance: 100 25/100", fontsize=11, fontname="F")
    template = """template t {
  currency "USD"
  locale "en_US"
  field balance: money(decimals=2) = right of "Balance:"
}"""
    result = Engine(seen_store="memory").extract(doc.tobytes(), template)
    assert result.status == "review" and [r.code for r in result.reasons] == ["ambiguous"]
