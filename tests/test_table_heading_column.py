"""A header-based table can carry the section heading printed above its rows into each
row: ``section: text heading`` (pricelist journey, finding 7: a category manager needs the
section, BEVERAGES / DAIRY, of each article in the CSV; ``skip_line`` only dropped it).
The heading is the last line above the row that the table passed over as no row (above
the first row, between rows, or at the top of a next page), carried on to the next
pages until another one."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status
from formsift.grammar.formatter import format_source
from formsift.templates import check_source

TEMPLATE = '''template pricelist {
  match { contains "Price List" }
  table items {
    section: text%s heading
    art_no: id(/\\d{6}/) header "Art. No."
    description: text header "Description" multiline
    unit_price: money header "Unit Price"
    until "Prices in EUR"
  }
}'''


def _price_list(path, pages: list[list[tuple[str, ...]]], sub: str = "") -> str:
    import pymupdf

    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page(width=595, height=842)
        page.insert_text((40, 50), "Mini Price List", fontsize=14)
        y = 90
        for head, x in (("Art. No.", 40), ("Description", 120)):
            page.insert_text((x, y), head, fontsize=8, fontname="hebo")
        page.insert_text((440 - pymupdf.get_text_length("Unit Price", fontsize=8,
                                                        fontname="hebo"), y),
                         "Unit Price", fontsize=8, fontname="hebo")
        if sub:  # the header's second line, under the price's header
            y += 10
            page.insert_text((440 - pymupdf.get_text_length(sub, fontsize=8), y), sub,
                             fontsize=8)
        y += 14
        for line in lines:
            if len(line) == 1:
                y += 2
                page.insert_text((40, y), line[0], fontsize=9, fontname="hebo")
                y += 13
                continue
            page.insert_text((40, y), line[0], fontsize=8)
            page.insert_text((120, y), line[1], fontsize=8)
            page.insert_text((440 - pymupdf.get_text_length(line[2], fontsize=8), y), line[2],
                             fontsize=8)
            y += 11
    page.insert_text((40, y + 10), "Prices in EUR excl. VAT", fontsize=8)
    out = str(path / "pl.pdf")
    doc.save(out)
    return out


def _extract(tmp_path, pages, optional="?", sub=""):
    tpl = tmp_path / "pl.sift"
    tpl.write_text(TEMPLATE % optional, encoding="utf-8")
    result = Engine(seen_store="memory").extract(_price_list(tmp_path, pages, sub),
                                                 template=str(tpl))
    rows = [(r["art_no"].value, r["section"].value if r["section"] is not None else None)
            for r in result.tables["items"]]
    return result, rows


ONE_PAGE = [[("BEVERAGES",), ("111111", "Cola Classic", "1.00"),
             ("222222", "Orange Lemonade", "2.00"), ("DAIRY",),
             ("333333", "Greek Yoghurt", "3.00"), ("444444", "Skyr natural", "4.00")]]


def test_each_row_carries_its_section(tmp_path):
    result, rows = _extract(tmp_path, ONE_PAGE, "")
    assert rows == [("111111", "BEVERAGES"), ("222222", "BEVERAGES"),
                    ("333333", "DAIRY"), ("444444", "DAIRY")]
    assert result.status is Status.ACCEPTED


def test_a_section_goes_on_over_the_next_page(tmp_path):
    pages = [ONE_PAGE[0], [("555555", "Butter unsalted", "5.00"), ("SNACKS",),
                           ("666666", "Paprika Crisps", "6.00")]]
    _, rows = _extract(tmp_path, pages)
    assert rows[4:] == [("555555", "DAIRY"), ("666666", "SNACKS")]


def test_a_section_at_the_top_of_a_next_page(tmp_path):
    pages = [ONE_PAGE[0], [("SNACKS",), ("555555", "Paprika Crisps", "5.00")]]
    _, rows = _extract(tmp_path, pages)
    assert rows[3:] == [("444444", "DAIRY"), ("555555", "SNACKS")]


def test_rows_above_any_heading_leave_it_blank(tmp_path):
    """The guard: no heading above the first rows, the column is blank there (required,
    the record goes to review)."""
    pages = [[("111111", "Cola Classic", "1.00"), ("DAIRY",),
              ("333333", "Greek Yoghurt", "3.00")]]
    _, rows = _extract(tmp_path, pages)
    assert rows == [("111111", None), ("333333", "DAIRY")]
    result, _ = _extract(tmp_path, pages, "")
    assert result.status is Status.REVIEW


@pytest.mark.parametrize("column", ['section: text header "Section" heading',
                                    'section: text heading line /(?P<section>x)/',
                                    'section: text heading multiline',
                                    'section: text heading handwritten',
                                    'section: text heading default "x"'])
def test_a_heading_column_has_no_header(column):
    source = f'template t {{\n  table t {{ {column}\n  a: text header "A" }}\n}}\n'
    _, diags = check_source(source)
    assert any("is the heading above each row" in d.message for d in diags), \
        [d.format() for d in diags]


def test_heading_formats_idempotently():
    once = format_source('template t { table x { s: text? heading a: text header "A" } }')
    assert "s: text? heading" in once
    assert format_source(once) == once
    assert check_source(once)[0]


def test_the_headers_second_line_is_no_section(tmp_path):
    """The code read of this stop: "(EUR)" printed under "Unit Price" on each page became
    the section of the rows above the page's first heading, accepted."""
    pages = [ONE_PAGE[0], [("555555", "Butter unsalted", "5.00"), ("SNACKS",),
                           ("666666", "Paprika Crisps", "6.00")]]
    _, rows = _extract(tmp_path, pages, sub="(EUR)")
    assert rows == [("111111", "BEVERAGES"), ("222222", "BEVERAGES"), ("333333", "DAIRY"),
                    ("444444", "DAIRY"), ("555555", "DAIRY"), ("666666", "SNACKS")]
