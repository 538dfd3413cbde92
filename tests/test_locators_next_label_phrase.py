"""A value right of its label ends before the next label on its line, all of that label's
words, not only its last one, which ends in a colon (meters journey, finding 7): on a
proof of delivery, 'Time:  1759      No. of parcels:  6' (a handwritten 17:59 whose colon
the recognizer lost) gave the time's text as '1759 No. of', no time, and the time was
missing. A run of words set apart by a gap and ending in a word with a colon is the next
label."""

from __future__ import annotations

from tests.words import laid_out, run, values, words_doc

POD = '''template t {
  field time: time = right of "Time:" handwritten
  field parcels: int = right of "No. of parcels:" handwritten
}'''


def _hand(line, *indexes):
    return tuple((*w, True) if i in indexes else w for i, w in enumerate(line))


def test_the_next_labels_words_are_not_the_value(registry):
    (line,) = laid_out((("Time:", 0), ("1759", 0.04), ("No.", 0.1), ("of", 0.01),
                        ("parcels:", 0.01), ("6", 0.05)))
    ex = run(POD, words_doc(_hand(line, 1, 5)), registry)
    assert values(ex) == {"time": "17:59:00", "parcels": "6"}
    assert ex.fields["time"].raw == "1759"


def test_a_value_with_words_keeps_them_before_the_next_label(registry):
    src = '''template t {
  currency "EUR"
  field total: money = right of "Total:"
  field due: date = right of "Date:"
  field paid_by: text = right of "Paid by:"
}'''
    (total, due) = laid_out((("Total:", 0), ("12.50", 0.02), ("EUR", 0.01), ("Paid", 0.1),
                             ("by:", 0.01), ("card", 0.02)),
                            (("Date:", 0), ("04", 0.02), ("Dec", 0.01), ("2026", 0.01),
                             ("Due", 0.1), ("date:", 0.01), ("18", 0.02), ("Dec", 0.01),
                             ("2026", 0.01)))
    ex = run(src, words_doc(total, due), registry)
    assert values(ex)["total"] == "12.50" and ex.fields["total"].currency == "EUR"
    assert values(ex)["due"] == "2026-12-04"
    assert values(ex)["paid_by"] == "card"


def test_words_of_letters_close_to_the_value_stay_its_own(registry):
    """Without a gap setting them apart, the words before the next label's last word are
    the value's, as before: '12 kg Net weight:' with even spaces gives its number."""
    src = '''template t {
  field qty: int = right of "Qty:"
}'''
    (line,) = laid_out((("Qty:", 0), ("12", 0.02), ("pcs", 0.01), ("Net", 0.01),
                        ("weight:", 0.01), ("8", 0.02)))
    ex = run(src, words_doc(line), registry)
    assert values(ex)["qty"] == "12"
