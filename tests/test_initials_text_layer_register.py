"""Initials columns of a born-digital register (controlled-drug register journey, findings
2 and 3): a typed "AB" in an ``initials`` cell of a PDF's text layer was masked as print
and read not initialled, so a born-digital register never passed its witness rules; and
the "Given by" column read not initialled on most rows, scans too, because its cells were
cut to half their width: its header was found as "given" of "Amount / given" and "by" of
"Given / by" (the words of two columns on the header's second line), and a column read
under the same header (the initials' text beside their mark) was taken for the
neighbour the cell ends half-way to."""

from __future__ import annotations

TEMPLATE = """template register {
  locale "en_GB"
  match { contains "DRUG REGISTER" }
  table entries {
    date: date(format="%d/%m/%y") header "Date"
    given: int header "Amount given"
    given_by: text? header "Given by"
    signed_by: initials header "Given by"
    witness: text? header "Witnessed by"
    witnessed: initials header "Witnessed by"
    balance: int header "Balance"
    until "Carried forward"
  }
}
"""

ROWS = [("02/11/26", "1", "AB", "CN", "19"), ("03/11/26", "1", "AB", "—", "18"),
        ("04/11/26", "1", "", "CN", "17"), ("05/11/26", "1", "JD", "N/A", "16")]


def _register(make_pdf) -> bytes:
    items = [(40, 60, "CONTROLLED DRUG REGISTER"),
             (40, 100, "Date"), (200, 100, "Amount"), (203, 112, "given"),
             (300, 100, "Given"), (306, 112, "by"), (380, 100, "Witnessed"),
             (395, 112, "by"), (480, 100, "Balance")]
    for i, (date, given, by, witness, balance) in enumerate(ROWS):
        y = 140 + 22 * i
        items += [(40, y, date), (210, y, given), (480, y, balance)]
        items += [(305, y, by)] if by else []
        items += [(390, y, witness)]
    items.append((40, 140 + 22 * len(ROWS), "Carried forward 16"))
    return make_pdf(items)


def test_typed_initials_in_a_text_layer_are_initials(tmp_path, make_pdf):
    from formsift import Engine

    (tmp_path / "r.sift").write_text(TEMPLATE)
    (tmp_path / "r.pdf").write_bytes(_register(make_pdf))
    rows = Engine().extract(tmp_path / "r.pdf", str(tmp_path / "r.sift")).tables["entries"]
    assert [r["given_by"].value if r.get("given_by") else None for r in rows] == \
        ["AB", "AB", None, "JD"]
    # a blank cell, a dash and "N/A" typed in place of initials are none
    assert [r["signed_by"].value for r in rows] == [True, True, False, True]
    assert [r["witnessed"].value for r in rows] == [True, False, True, False]


def _line(y: float, *words: tuple[float, str]):
    from formsift.core.document import Line, Word
    from formsift.core.geometry import Box

    return Line([Word(t, Box(x, y, x + 0.011 * len(t), y + 0.012), 0) for x, t in words], 0)


def test_a_header_is_not_two_columns_words_on_its_second_line():
    """"given" of "Amount / given" and "by" of "Given / by", on the header's second line a
    column apart, are no "Given by": the header is "Given" over "by"."""
    from formsift.templates.tables import _header_boxes

    top = _line(0.226, (0.469, "Amount"), (0.553, "Amount"), (0.643, "Given"),
                (0.721, "Witnessed"))
    bottom = _line(0.238, (0.467, "received"), (0.56, "given"), (0.653, "by"),
                   (0.746, "by"))
    found = _header_boxes([top, bottom], ("Given by",))
    assert list(found) == [1] and [round(b.x0, 3) for b in found[1]] == [0.643]
