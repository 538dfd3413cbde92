"""An optional amount column whose cell holds a number that does not read was taken for a
blank cell, and the record accepted (hotel journey: 'Breakfast  W35,000', the won sign
read as a W, under a `money?` Charges column)."""

from __future__ import annotations

from formsift import Engine

TEMPLATE = '''template folio {
  locale "en"
  field balance: money = right of "Balance"
  table items {
    desc: text header "Description"
    charge: money? header "Charges"
    credit: money? header "Credits"
    until "Balance"
  }
}
'''


def _extract(tmp_path, body: str):
    doc = tmp_path / "folio.txt"
    doc.write_text("Description            Charges       Credits\n" + body +
                   "Balance                              0\n")
    sift = tmp_path / "folio.sift"
    sift.write_text(TEMPLATE)
    return Engine(seen_store="memory").extract(doc, template=sift)


def test_digits_that_do_not_read_in_an_optional_column_send_the_record_to_review(tmp_path):
    result = _extract(tmp_path, "Room                   189,000\n"
                                "Breakfast              W35,000\n"
                                "VISA ****6610                        224,000\n")
    assert result.status.value == "review"
    (reason,) = [r for r in result.reasons if r.code == "invalid_value"]
    assert reason.field == "items.charge" and "row 2: 'W35,000'" in reason.message


def test_words_without_digits_in_an_optional_column_are_blank_cells(tmp_path):
    result = _extract(tmp_path, "Room                   189,000\n"
                                "Breakfast              incl.\n"
                                "VISA ****6610                        189,000\n")
    assert result.status.value == "accepted", result.reasons
    assert [r["charge"] for r in result.record()["items"]] == ["189000", None, None]


def test_a_line_with_words_under_an_amount_column_does_not_end_a_table_with_until(tmp_path):
    """'Breakfast  incl.' ended the table: the payment row below it was lost, and the
    record accepted without it."""
    for word in ("incl.", "-", "n/a"):
        result = _extract(tmp_path, "Room                   189,000\n"
                                    f"Breakfast              {word}\n"
                                    "VISA ****6610                        189,000\n")
        rows = result.record()["items"]
        assert [r["desc"] for r in rows] == ["Room", "Breakfast", "VISA ****6610"], word
        assert rows[2]["credit"] == "189000"


def test_a_description_running_into_the_amount_column_is_no_unread_amount(tmp_path):
    """A receipt's product line 'FUJI XEROX EVERYDAY A4 70GSM' with its numbers on the
    line below: 'A4 70GSM' under the amount column is words, not a misread amount (it
    made a row of its own with a blank amount, and the receipt went to review)."""
    doc = tmp_path / "r.txt"
    doc.write_text("Item                          Amount\n"
                   "FUJI XEROX EVERYDAY           A4 70GSM\n"
                   "5 27499                       11.00\n"
                   "PEN BLUE                      2.50\n"
                   "TOTAL                         13.50\n")
    sift = tmp_path / "r.sift"
    sift.write_text('template r {\n  locale "en"\n  field total: money = right of "TOTAL"\n'
                    '  table items {\n    description: text header "Item" multiline\n'
                    '    amount: money header "Amount"\n    until "TOTAL"\n  }\n'
                    '  rule sum: sum(items.amount) == total\n}\n')
    result = Engine(seen_store="memory").extract(doc, template=sift)
    assert not [r for r in result.reasons if r.code in ("field_missing", "invalid_value")]
    assert [r["amount"] for r in result.record()["items"]] == ["11.00", "2.50"]
