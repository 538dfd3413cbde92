"""A narrative cut by the page break after an abbreviation goes on at the top of the next
page (stop 34's code read c, finding 4: a correct read became a review).

88eb155 stops a line at the top of a next page from joining the last row's narrative when
that narrative ends a sentence and the line reads as a heading. It took any last word ending
in a point for a sentence's end: "... with the court clerk to the U.S." cut there, page 2
going on "District Court for Delaware", left that line out and sent the bill to review. An
abbreviation's point ("U.S.", "Inc.", "e.g.", an initial "J.") ends no sentence.
"""

from __future__ import annotations

import pymupdf
import pytest

from formsift.core.engine import Engine
from formsift.templates import compile_template
from tests.test_table_description_over_page_break import SIFT, SIZE, WIDTH, X, _wrap
from tests.test_table_heading_after_page_break import _bill, _entries

OPENING = ("Telephone conference with opposing counsel regarding the scheduling order and "
           "confirm deadlines with the court clerk")
PADS = ["", "to", "to the", "for the", "regarding the", "at the clerk of the", "with the",
        "for the office of the clerk", "in", "re", "regarding the court"]


def _cut_after(end: str, rest: str) -> str:
    """A narrative ending in ``end`` where the column wraps: ``rest``'s first word would
    not fit on its last line."""
    for pad in PADS:
        head = " ".join(p for p in (OPENING, pad, end) if p)
        last = _wrap(head)[-1]
        if last.endswith(end) and pymupdf.get_text_length(
                last + " " + rest.split()[0], "helv", SIZE) > WIDTH:
            return head
    raise AssertionError(f"no narrative ending in {end!r} where the column wraps")


@pytest.mark.parametrize("end,rest", [
    ("U.S.", "District Court for Delaware"),
    ("Acme Inc.", "General Counsel"),
    ("exhibits, e.g.", "Exhibit 4"),
    ("partner J.", "Smith"),
])
def test_a_narrative_cut_after_an_abbreviation_goes_on(end, rest):
    head = _cut_after(end, rest)
    text = head + " " + rest
    entries = _entries()
    entries[2] = (entries[2][0], "DK", text, "1.5", "442.50")
    pdf = _bill(entries, break_after=2, top=[rest], top_x=X["narrative"],
                cut=len(_wrap(head)))
    result = Engine().extract(pdf, compile_template(SIFT))
    rows = result.record()["entries"]
    assert [r["narrative"] for r in rows] == [e[2] for e in entries]
    assert result.status.value == "accepted", result.reasons
    assert not any(p.notes.get("table_lines_left_out") for p in result.page_info)


def test_a_full_stop_after_a_word_still_ends_the_sentence():
    """88eb155's case is kept: a finished sentence, then a heading, stays apart."""
    from formsift.templates.tables import _ends_sentence
    assert _ends_sentence("person.") and _ends_sentence("Exhibit.") and _ends_sentence("3.")
    assert _ends_sentence('done."') and _ends_sentence("no.") and _ends_sentence("ready?")
    assert not any(_ends_sentence(w) for w in ("U.S.", "Inc.", "Corp.", "No.", "Ltd.",
                                               "e.g.", "etc.", "J.", "Ph.D.", "(i.e.)"))
