"""A table's ``signature`` or ``initials`` column is read from the pixels of each row's
cell, as a field of the type is from its box (petitions journey, stop 32, finding 1: a
petition's Signature column passed ``formsift check`` and came back "has no 'signed'" on
every row, the squiggles read as text that is no signature value)."""

from __future__ import annotations

import random

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

ROWS = [("Margaret Hollis", "12/02/2026", True), ("Daniel Okafor", "12/02/2026", True),
        ("Priya Natarajan", "13/02/2026", False), ("Helen Moss", "16/02/2026", True)]

#: columns' left edges (points): name, date, initials, signature; the table's right edge
X = (50, 220, 330, 400, 560)
TOP, PITCH = 100, 34


def _squiggle(page, x0: float, x1: float, y: float, rng: random.Random, tall: float) -> None:
    """A pen's scrawl from x0 to x1 around the baseline y: a signature (or initials)."""
    points, x = [], x0
    while x < x1:
        points.append((x, y - rng.uniform(0, tall)))
        x += rng.uniform(4, 9)
    page.draw_polyline(points, color=(0.05, 0.1, 0.5), width=1.2)


def _sheet(rows, ruled: bool, initials: bool = False, seed: int = 3) -> bytes:
    import pymupdf

    rng = random.Random(seed)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 60), "CITIZENS' INITIATIVE PETITION", fontsize=14)
    heads = ["Printed Name", "Date Signed"] + (["Initials"] if initials else []) + ["Signature"]
    xs = [X[0], X[1]] + ([X[2]] if initials else []) + [X[3]]
    for x, text in zip(xs, heads, strict=True):
        page.insert_text((x + 4, TOP - 8), text, fontsize=10)
    bottom = TOP + PITCH * (len(rows) + 2)  # two blank rows under the filled ones
    if ruled:
        for y in [TOP - 22, *(TOP + PITCH * i for i in range(len(rows) + 3))]:
            page.draw_line((X[0], y), (X[4], y))
        for x in [*xs, X[4]]:
            page.draw_line((x, TOP - 22), (x, bottom))
    for i, (name, date, signed) in enumerate(rows):
        y = TOP + 22 + PITCH * i
        page.insert_text((X[0] + 4, y), name, fontsize=11)
        page.insert_text((X[1] + 4, y), date, fontsize=11)
        if signed:
            _squiggle(page, X[3] + 8, X[3] + rng.uniform(100, 140), y + 2, rng, 16)
            if initials:
                _squiggle(page, X[2] + 12, X[2] + 40, y + 2, rng, 12)
    page.insert_text((50, bottom + 40), "Circulator: Janet Rowe", fontsize=11)
    data = doc.tobytes()
    doc.close()
    return data


TEMPLATE = """template petition {
  match { contains "PETITION" }
  table signers {
    name: text header "Printed Name"
    date: date(format="%d/%m/%Y") header "Date Signed"
COLUMNS
    until "Circulator:"
  }
  rule all_signed: each signers: signed
}
"""


def _extract(tmp_path, pdf: bytes, columns: str):
    path = tmp_path / "petition.sift"
    path.write_text(TEMPLATE.replace("COLUMNS", columns))
    engine = Engine(templates=[path], seen_store="memory")
    return engine.extract(pdf, template="petition")


@pytest.mark.parametrize("ruled", [True, False])
def test_each_rows_signature_is_read_from_its_cell(tmp_path, ruled):
    result = _extract(tmp_path, _sheet(ROWS, ruled), '    signed: signature header "Signature"')
    rows = result.tables["signers"]
    assert [r["name"].value for r in rows] == [n for n, _, _ in ROWS]
    assert [r["signed"].value for r in rows] == [s for _, _, s in ROWS]
    assert all(r["signed"].confidence >= 0.5 for r in rows)
    assert not any(r.code == "field_missing" for r in result.reasons), result.reasons
    rule = next(r for r in result.rules if r.name == "all_signed")
    assert rule.passed is False and rule.rows == [2]  # the unsigned third row
    assert [r.rule for r in result.reasons] == ["all_signed"]


def test_all_signed_is_accepted(tmp_path):
    rows = [(n, d, True) for n, d, _ in ROWS]
    result = _extract(tmp_path, _sheet(rows, ruled=True),
                      '    signed: signature header "Signature"')
    assert [r["signed"].value for r in result.tables["signers"]] == [True] * 4
    assert result.status == Status.ACCEPTED, result.reasons


def test_initials_and_signature_columns_beside_each_other(tmp_path):
    result = _extract(tmp_path, _sheet(ROWS, ruled=False, initials=True),
                      '    initialled: initials header "Initials"\n'
                      '    signed: signature header "Signature"')
    rows = result.tables["signers"]
    assert [r["initialled"].value for r in rows] == [s for _, _, s in ROWS]
    assert [r["signed"].value for r in rows] == [s for _, _, s in ROWS]


def test_a_table_of_names_and_signatures_alone_has_its_rows(tmp_path):
    """No column but the image's to tell a row by: the names make the rows (the
    signature column, read from pixels, is no column of values a row's words must fill)."""
    path = tmp_path / "petition.sift"
    path.write_text(TEMPLATE.replace('    date: date(format="%d/%m/%Y") header "Date Signed"\n',
                                     "").replace("COLUMNS",
                                                 '    signed: signature header "Signature"'))
    engine = Engine(templates=[path], seen_store="memory")
    result = engine.extract(_sheet(ROWS, ruled=True), template="petition")
    rows = result.tables["signers"]
    assert [r["signed"].value for r in rows] == [s for _, _, s in ROWS]


def test_a_page_with_no_image_says_why_the_column_is_blank(tmp_path):
    from tests.parsing import extract_text

    template = TEMPLATE.replace('    date: date(format="%d/%m/%Y") header "Date Signed"\n',
                                "").replace("COLUMNS", '    signed: signature header "Signature"')
    text = ("CITIZENS' INITIATIVE PETITION\n\nPrinted Name       Signature\n"
            "Margaret Hollis    M. Hollis\nDaniel Okafor      D. Okafor\n\n"
            "Circulator: Janet Rowe\n")
    result = extract_text(tmp_path, template, text, Engine(seen_store="memory"))
    assert [r["name"].value for r in result.tables["signers"]] == ["Margaret Hollis",
                                                                   "Daniel Okafor"]
    (reason,) = [r for r in result.reasons if r.field == "signers.signed"]
    assert reason.code == "field_missing"
    assert "read from the image of each row's cell" in reason.message, reason.message
    assert "is 'signature' the column's type" not in reason.message


def test_a_misspelt_signature_header_is_said_so(tmp_path):
    result = _extract(tmp_path, _sheet(ROWS, ruled=True),
                      '    signed: signature header "Signatures of electors"')
    (reason,) = [r for r in result.reasons if r.field == "signers.signed"]
    assert "is not on the table's header line" in reason.message, reason.message
