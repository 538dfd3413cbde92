"""Text values beside or under a label: a line of words under its label is read whole, up
to the next column, however far it runs past the label's own column."""

from __future__ import annotations

from formsift import Engine
from formsift.templates import compile_template

TEMPLATE = """template gst {
  field amount_words: text = below "Amount Chargeable (in words)"
  field currency: text = below "Currency"
}"""

WORDS = ("INR Twenty-Three Thousand One Hundred Twenty-Eight and Eighty-Nine Paise Only")


def test_a_text_line_under_its_label_is_read_whole(make_pdf):
    """A user's bug (GST invoices): the amount in words under "Amount Chargeable (in
    words)" was cut a quarter page past the label, 'INR Twenty-Three Thousand One Hundred
    Twenty-Eight', and the words rule then reported a mismatch the invoice did not have."""
    pdf = make_pdf([(40, 100, "Amount Chargeable (in words)"), (40, 114, WORDS),
                    (40, 160, "Currency"), (300, 160, "Total"),
                    (40, 174, "INR"), (300, 174, "23,128.89")])
    result = Engine(templates=[], seen_store="memory").extract(
        pdf, compile_template(TEMPLATE), name="gst.pdf")
    assert result.fields["amount_words"].value == WORDS
    # a text value still ends where the next column starts
    assert result.fields["currency"].value == "INR"
