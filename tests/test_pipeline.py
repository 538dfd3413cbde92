"""Template pipelines: component options checked against their models; pages without a text
layer read by the template's recognizer; tables continued across pages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift.core.engine import Engine
from formsift.core.plugins import PluginRegistry
from formsift.templates import check_source


@pytest.fixture(scope="module")
def reg():
    return PluginRegistry.discover(extra_plugins=[("stages", "tests.plugins.dummy_stages")])


def _errors(src, reg):
    _, diags = check_source(src, "p.sift", reg)
    return "\n".join(d.format() for d in diags if d.severity == "error")


def test_component_options_are_validated_at_the_template_line(reg):
    src = ('template t {\n  pipeline {\n    preprocess invert(strenght=3), invert(mode="medium")'
           '\n    recognize fixed_raeder\n  }\n  field x: money = anywhere\n}\n')
    text = _errors(src, reg)
    assert "p.sift:3:23: error: preprocessor 'invert' has no option 'strenght'" in text
    assert "did you mean 'strength'" in text
    assert "option 'mode'" in text and "'fast' or 'slow'" in text
    assert "unknown recognizer 'fixed_raeder'" in text and "did you mean 'fixed_reader'" in text


def test_scanned_page_is_read_by_the_templates_pipeline(reg):
    import cv2
    import numpy as np

    src = ('template t {\n  pipeline {\n    preprocess invert(strength=2)\n'
           '    recognize fixed_reader\n  }\n  field total: money = right of "Total"\n}\n')
    (tpl,), diags = check_source(src, "p.sift", reg)
    assert not diags
    png = cv2.imencode(".png", np.full((100, 100, 3), 255, np.uint8))[1].tobytes()
    result = Engine(registry=reg).extract(png, tpl)
    total = result.fields["total"]
    assert total.value == Decimal("12.50")
    # read at 0.8 by the recognizer: less confident than a text-layer value would be
    from formsift.templates.confidence import Signals, combine

    assert total.source == "fixed_reader" and total.confidence < combine(Signals())
    kinds = {(c.kind, c.name) for c in result.audit.components}
    assert ("recognizer", "fixed_reader") in kinds and ("preprocessor", "invert") in kinds
    assert "recognize" in result.audit.timings_ms


def test_image_without_recognizer_is_routed_to_review_with_a_reason():
    import cv2
    import numpy as np

    registry = PluginRegistry.discover(block=["ocr"])
    src = 'template t {\n  field total: money = right of "Total"\n}\n'
    (tpl,), _ = check_source(src, "p.sift", registry)
    png = cv2.imencode(".png", np.full((50, 50, 3), 255, np.uint8))[1].tobytes()
    result = Engine(registry=registry).extract(png, tpl)
    assert result.status.value == "review"
    assert result.reasons[0].code == "no_text"


def test_table_continues_across_pages_with_a_repeated_header(registry, make_pdf):
    src = '''template t {
      table items {
        description: text header "Description"
        amount: money header "Amount"
        until "Total"
      }
      field total: money = right of "Total"
      rule sum: sum(items.amount) == total
    }'''
    (tpl,), diags = check_source(src, "p.sift", registry)
    assert not diags
    head = [(50, 100, "Description"), (400, 100, "Amount")]
    page1 = head + [(50, 120 + 20 * i, f"Item {i}") for i in range(3)] + \
        [(400, 120 + 20 * i, f"{i + 1}.00") for i in range(3)]
    page2 = [*head, (50, 120, "Item 3"), (400, 120, "4.00"), (300, 200, "Total"),
             (400, 200, "10.00")]
    result = Engine(registry=registry).extract(make_pdf(page1, page2), tpl)
    rows = result.record()["items"]
    assert [r["description"] for r in rows] == ["Item 0", "Item 1", "Item 2", "Item 3"]
    assert result.tables["items"][3]["amount"].page == 2
    assert result.rules[0].passed is True


def test_near_tie_between_templates_is_reported(registry, make_pdf):
    a = 'template a {\n  match {\n    contains "Invoice"\n  }\n  field x: text? = anywhere\n}\n'
    b = 'template b {\n  match {\n    contains "Invoice"\n  }\n  field x: text? = anywhere\n}\n'
    (ta,), _ = check_source(a, "a.sift", registry)
    (tb,), _ = check_source(b, "b.sift", registry)
    result = Engine([ta, tb], registry=registry).extract(make_pdf([(50, 50, "Invoice 1")]))
    assert [s.template for s in result.classification] == ["a", "b"]
    assert any(r.code == "ambiguous" and "'b'" in r.message for r in result.reasons)
    assert result.status.value == "review"


def test_models_are_set_up_once_per_process_and_again_after_pickling(reg):
    import pickle

    import cv2
    import numpy as np

    from tests.plugins.dummy_stages import FixedReader

    src = 'template t {\n  pipeline {\n    recognize fixed_reader\n  }\n' \
          '  field total: money = right of "Total"\n}\n'
    (tpl,), _ = check_source(src, "p.sift", reg)
    png = cv2.imencode(".png", np.full((40, 40, 3), 255, np.uint8))[1].tobytes()
    before = FixedReader.setups
    engine = Engine(registry=reg)
    engine.extract(png, tpl)
    engine.extract(png, tpl)
    assert FixedReader.setups == before + 1
    component = tpl.stages[0].components[0]
    clone = pickle.loads(pickle.dumps(component))  # as sent to a worker process
    assert clone._ready is False
    clone.ensure_ready()
    assert FixedReader.setups == before + 2


@pytest.mark.parametrize("returns, problem", [
    ("none", "process() returned NoneType, not an image"),
    ("float", "process() returned an image of float64, not uint8"),
])
def test_a_preprocessor_returning_no_image_is_named(reg, returns, problem):
    """A preprocessor returning None was an internal error ('NoneType' object has no
    attribute 'shape') naming no plugin; a float image gave a silent 'no_text' review."""
    import cv2
    import numpy as np

    from formsift.core.errors import PluginError

    src = (f'template t {{\n  pipeline {{\n    preprocess broken_pre(returns="{returns}")\n'
           '    recognize fixed_reader\n  }\n  field total: money = right of "Total"\n}\n')
    (tpl,), diags = check_source(src, "p.sift", reg)
    assert not diags
    png = cv2.imencode(".png", np.full((100, 100, 3), 255, np.uint8))[1].tobytes()
    with pytest.raises(PluginError) as err:
        Engine(registry=reg).extract(png, tpl, name="scan.png")
    assert "plugin 'stages'" in str(err.value) and "failed on scan.png" in str(err.value)
    assert f"preprocessor 'broken_pre' (tests.plugins.dummy_stages.Broken): {problem}" in \
        str(err.value)


#: A table of descriptions, quantities and amounts read by their headers.
_ITEMS = '''template t {
      table items {
        description: text header "Description"
        qty: int header "Qty"
        amount: money header "Amount"
      }
    }'''


def _extract(registry, make_pdf, src, *pages):
    """The result of the template ``src`` (which must check clean) on a PDF of ``pages``."""
    (tpl,), diags = check_source(src, "p.sift", registry)
    assert not diags
    return Engine(registry=registry).extract(make_pdf(*pages), tpl)


def _items(registry, make_pdf, src, *pages):
    return _extract(registry, make_pdf, src, *pages).record()["items"]


def test_a_number_ending_a_long_description_stays_in_it(registry, make_pdf):
    """A user's bug: "Ergonomic office chair ErgoPlus 300" reached past half the way to
    the Qty header, so 300 became the quantity (accepted) and the printed 2 was dropped."""
    src = '''template t {
      table items {
        description: text header "Description"
        qty: int header "Qty"
        price: money header "Unit price"
        amount: money header "Amount"
      }
    }'''
    (tpl,), diags = check_source(src, "p.sift", registry)
    assert not diags
    rows = [("Copy paper A4, 80 g/m2, 500 sheets", "10", "4.95", "49.50"),
            ("Ergonomic office chair ErgoPlus 300", "2", "649.00", "1,298.00"),
            ("Paper shredder cross-cut, security level 4", "1", "89.00", "89.00")]
    page = [(80, 100, "Description"), (330, 100, "Qty"), (365, 100, "Unit price"),
            (432, 100, "Amount")]
    for i, (desc, qty, price, amount) in enumerate(rows):
        y = 120 + 16 * i
        page += [(80, y, desc), (339, y, qty), (381, y, price), (431, y, amount)]
    result = Engine(registry=registry).extract(make_pdf(page), tpl)
    got = [(r["description"], r["qty"]) for r in result.record()["items"]]
    assert got == [(desc, int(qty)) for desc, qty, _, _ in rows]


def test_a_footer_under_the_last_row_is_no_line_of_its_description(registry, make_pdf):
    """A user's bug: "Continued on next page" under the last row of page 1 became part
    of that row's description (accepted)."""
    src = '''template t {
      table items {
        description: text header "Description" multiline
        amount: money header "Amount"
        until "Total"
      }
    }'''
    (tpl,), diags = check_source(src, "p.sift", registry)
    assert not diags
    head = [(50, 100, "Description"), (400, 100, "Amount")]
    page1 = [*head, (50, 116, "Copy paper A4, recycled,"), (400, 116, "49.50"),
             (50, 128, "80 g/m2, 5 reams"), (50, 144, "Toner cartridge"),
             (400, 144, "389.90"), (50, 170, "Continued on next page")]
    page2 = [*head, (50, 116, "Office chair"), (400, 116, "649.00"), (300, 150, "Total"),
             (400, 150, "1088.40")]
    result = Engine(registry=registry).extract(make_pdf(page1, page2), tpl)
    assert [r["description"] for r in result.record()["items"]] == [
        "Copy paper A4, recycled, 80 g/m2, 5 reams", "Toner cartridge", "Office chair"]


def test_a_table_that_declares_only_some_columns_reads_them_right(registry, make_pdf):
    """A user's bug: a table declaring only Qty, Unit and Amount of an order confirmation
    (Pos, Art. No., Description and Unit price left out) took the position number as the
    quantity and the unit price as the amount, lost three of five rows at a wrapped
    description, and was accepted. Words under headers the template leaves out now go to
    no column, and of two amounts in a cell the one under the header is taken."""
    src = '''template t {
      table items {
        qty: int header "Qty"
        unit: text header "Unit"
        amount: money header "Amount"
        until "Subtotal"
      }
    }'''
    page = [(50, 100, "Pos"), (80, 100, "Art. No."), (150, 100, "Description"),
            (360, 100, "Qty"), (395, 100, "Unit"), (440, 100, "Unit price"),
            (510, 100, "Amount")]
    rows = [("1", "HB-2210", "Hex bolt M12 x 80, DIN 933, zinc plated", "500", "pcs",
             "0.42", "210.00"),
            ("2", "BR-6204", "Deep groove ball bearing 6204-2RS", "40", "pcs", "6.85",
             "274.00"),
            ("3", "SH-0300", "Drive shaft 300 mm, hardened", "2", "pcs", "1,245.50",
             "2,491.00")]
    y = 116
    for pos, art, desc, qty, unit, price, amount in rows:
        page += [(52, y, pos), (80, y, art), (150, y, desc), (365, y, qty), (395, y, unit),
                 (445, y, price), (515, y, amount)]
        y += 12
        if pos == "2":
            page.append((150, y, "sealed both sides, C3 clearance"))  # a wrapped line
            y += 12
    page += [(440, y + 10, "Subtotal"), (515, y + 10, "2,975.00")]
    result = _extract(registry, make_pdf, src, page)
    assert [(r["qty"], r["unit"], r["amount"]) for r in result.record()["items"]] == [
        (500, "pcs", "210.00"), (40, "pcs", "274.00"), (2, "pcs", "2491.00")]


def test_a_description_spaced_a_little_wider_stays_whole(registry, make_pdf):
    """A user's scan: OCR set "x" of "Hex bolt M12 x 80, DIN 933, zinc plated" a little
    more than a word space apart, and "zinc plated", past half the way to "Qty", was
    dropped into the quantity cell: the description lost its end, accepted."""
    import pymupdf

    head = "Hex bolt M12"
    gap = pymupdf.get_text_length(head, fontsize=10) + 9  # wider than a word space
    page = [(50, 100, "Description"), (290, 100, "Qty"), (340, 100, "Amount"),
            (50, 116, head), (50 + gap, 116, "x 80, DIN 933, zinc plated"),
            (295, 116, "500"), (345, 116, "210.00")]
    result = _extract(registry, make_pdf, _ITEMS, page)
    assert result.record()["items"] == [
        {"description": "Hex bolt M12 x 80, DIN 933, zinc plated", "qty": 500,
         "amount": "210.00"}]


def test_descriptions_printed_above_their_numbers_stay_with_them(registry, make_pdf):
    """Receipts that print each item's name on a line of its own above its numbers
    ("Coke" / "1 x 2.10  2.10"): every description went to the row above ("1 x" took the
    first row's place) and the receipt was accepted with them all one row off."""
    src = '''template t {
      table items {
        description: text header "Description" multiline
        amount: money header "Total"
        until "TOTAL :"
      }
    }'''
    page = [(50, 100, "Description"), (150, 100, "Qty"), (190, 100, "U.price"),
            (250, 100, "Total")]
    y = 114
    for name, qty, price in [("Coke", "1", "2.10"), ("Soya Bean", "2", "1.60"),
                             ("Rendang Chicken Rice", "1", "9.90")]:
        page += [(50, y, name), (150, y + 12, f"{qty} x"), (190, y + 12, price),
                 (250, y + 12, f"{int(qty) * float(price):.2f}")]
        y += 24
    page += [(150, y, "TOTAL :"), (250, y, "15.20")]
    result = _extract(registry, make_pdf, src, page)
    assert [(r["description"], r["amount"]) for r in result.record()["items"]] == [
        ("Coke", "2.10"), ("Soya Bean", "3.20"), ("Rendang Chicken Rice", "9.90")]


def test_a_handwritten_number_with_a_gap_between_equal_digits_is_two_readings(
        registry, make_pdf):
    """A warehouse's bug: a received quantity of 22 written with a gap ("2  2") was read
    2, accepted: two equal values side by side were not counted as two readings."""
    src = '''template t {
      table items {
        description: text header "Description"
        qty: int header "Received" handwritten
      }
    }'''
    page = [(50, 100, "Description"), (300, 100, "Received"),
            (50, 116, "Copy paper A4"), (305, 116, "2"), (318, 116, "2"),
            (50, 132, "Toner cartridge"), (305, 132, "30")]
    result = _extract(registry, make_pdf, src, page)
    assert result.status.value == "review"
    assert "2 or 22" in " ".join(r.message for r in result.reasons)


#: A delivery note whose table stops at the signature ("Received by") of each page.
_SIGNED_NOTE = '''template t {
      table items {
        article: id header "Article"
        qty: int header "Qty"
        until "Received by"
      }
    }'''


def test_a_table_goes_on_where_a_later_page_repeats_its_header_after_its_stop_label(
        registry, make_pdf):
    """A warehouse's delivery note signed page by page ("Received by" under each page's
    lines, the table's stop label): the lines of page 2 were lost, the note accepted. A
    next page that repeats the header goes on with the table; one that does not, does not."""
    def page(rows, header=True):
        items = [(50, 100, "Article"), (300, 100, "Qty")] if header else []
        items += [(50, 116 + 14 * i, a) for i, (a, _) in enumerate(rows)]
        items += [(305, 116 + 14 * i, q) for i, (_, q) in enumerate(rows)]
        return [*items, (50, 300, "Received by: ____________")]

    signed = _items(registry, make_pdf, _SIGNED_NOTE, page([("A-1668", "5"), ("A-9457", "2")]),
                    page([("A-7001", "7")]))
    assert [r["article"] for r in signed] == ["A-1668", "A-9457", "A-7001"]
    notes = _items(registry, make_pdf, _SIGNED_NOTE, page([("A-1668", "5")]),
                   [(50, 100, "Terms: goods remain ours"), (50, 116, "B-2 9")])
    assert [r["article"] for r in notes] == ["A-1668"]


def test_a_table_read_by_headers_may_have_a_computed_column(registry, make_pdf):
    """A template author's report: `unit_code: text default unece_unit(uom)`, as the docs
    show for line-rule tables, was refused in a table read by headers ('column needs a
    header'); the workaround was a header label that is not on the page."""
    src = '''template t {
      table items {
        qty: int header "Qty"
        price: money header "Price"
        amount: money default qty * price
      }
    }'''
    page = [(50, 100, "Qty"), (200, 100, "Price"), (55, 116, "3"), (200, 116, "2.50"),
            (55, 130, "2"), (200, 130, "1.25")]
    result = _extract(registry, make_pdf, src, page)
    assert result.record()["items"] == [{"qty": 3, "price": "2.50", "amount": "7.50"},
                                        {"qty": 2, "price": "1.25", "amount": "2.50"}]
    assert result.tables["items"][0]["amount"].locator == "default"


def test_a_copy_page_after_the_stop_label_adds_no_rows(registry, make_pdf):
    """The review of the table going on after its stop label: page 2 a "COPY" of a
    delivery note doubled its lines, accepted. A later page whose rows all repeat rows
    already read is a copy."""
    page = [(50, 100, "Article"), (300, 100, "Qty"), (50, 116, "A-100"), (305, 116, "500"),
            (50, 130, "B-200"), (305, 130, "40"), (50, 300, "Received by: J. Smith")]
    copy = [(250, 60, "COPY"), *page]
    assert [r["article"] for r in _items(registry, make_pdf, _SIGNED_NOTE, page, copy)] == [
        "A-100", "B-200"]


def test_a_label_beside_a_declared_header_keeps_its_values(registry, make_pdf):
    """The review of undeclared header labels: a receipt headed "Item  Qty  Amount    RM"
    with its amounts under "RM" gave no items at all, accepted. When the header's other
    labels leave a number column blank in every row, the rows are read by the declared
    columns alone."""
    src = '''template t {
      table items {
        description: text header "Item"
        amount: money header "Amount"
        until "TOTAL"
      }
    }'''
    page = [(40, 96, "Item"), (120, 96, "Qty"), (180, 96, "Amount"), (235, 96, "RM"),
            (40, 110, "Coke"), (120, 110, "2"), (230, 110, "2.10"),
            (40, 122, "Rice"), (120, 122, "1"), (230, 122, "4.20"),
            (40, 140, "TOTAL"), (230, 140, "6.30")]
    assert _items(registry, make_pdf, src, page) == [
        {"description": "Coke", "amount": "2.10"}, {"description": "Rice", "amount": "4.20"}]


def test_a_word_under_a_left_out_header_does_not_join_the_description(registry,
                                                                      make_pdf):
    """The review: "pcs" under a "Unit" header the template leaves out, two characters
    after a long description, was glued to it ("Hex bolt M12 x 80 galvanised pcs")."""
    import pymupdf

    ux = 50 + pymupdf.get_text_length("Hex bolt M12 x 80 galvanised", fontsize=10) + 11
    page = [(50, 100, "Description"), (ux, 100, "Unit"), (260, 100, "Qty"),
            (330, 100, "Amount"), (50, 116, "Hex bolt M12 x 80 galvanised"),
            (ux, 116, "pcs"), (265, 116, "500"), (335, 116, "210.00")]
    assert _items(registry, make_pdf, _ITEMS, page) == [
        {"description": "Hex bolt M12 x 80 galvanised", "qty": 500, "amount": "210.00"}]


def test_a_wrapped_description_does_not_end_a_table_without_multiline(registry, make_pdf):
    """An evaluator's quote: the first item's description wrapped onto a second line
    ("Steel shelving unit" / "with 5 shelves, grey") in a table whose column is not
    `multiline`: the table ended there, one row of three, accepted. A text line between
    two rows at their leading continues the row above; one after the last row (a note
    before the stop label) is no part of it."""
    src = '''template t {
      table items {
        description: text header "Description"
        qty: int header "Qty"
        amount: money header "Amount"
        until "Total"
      }
    }'''
    page = [(72, 210, "Description"), (320, 210, "Qty"), (480, 210, "Amount"),
            (72, 228, "Steel shelving unit"), (320, 228, "4"), (480, 228, "518.00"),
            (72, 240, "with 5 shelves, grey"),
            (72, 258, "Packing tape, 48 mm"), (320, 258, "20"), (480, 258, "47.00"),
            (72, 270, "Prices valid for 30 days"),
            (380, 300, "Total"), (480, 300, "565.00")]
    assert _items(registry, make_pdf, src, page) == [
        {"description": "Steel shelving unit with 5 shelves, grey", "qty": 4,
         "amount": "518.00"},
        {"description": "Packing tape, 48 mm", "qty": 20, "amount": "47.00"}]


_CONTINUED = '''template t {
      table items {
        description: text header "Description" multiline
        qty: int header "Qty"
        amount: money header "Amount"
        until "Subtotal"
      }
    }'''


def _page(rows, y=100, tail=()):
    out = [(50, y, "Description"), (300, y, "Qty"), (400, y, "Amount")]
    for i, (desc, qty, amount) in enumerate(rows):
        out += [(50, y + 18 * (i + 1), desc), (300, y + 18 * (i + 1), qty),
                (400, y + 18 * (i + 1), amount)]
    return out + list(tail)


def test_a_blank_page_inside_a_table_does_not_end_it(registry, make_pdf):
    """A customs user's invoice scanned duplex: the blank back of page 1 ended the table,
    and the rows of the pages after it were lost, accepted."""
    first = _page([("Bolts", "4", "10.00")])
    last = _page([("Nuts", "5", "2.50")], tail=[(300, 200, "Subtotal"), (400, 200, "12.50")])
    assert _items(registry, make_pdf, _CONTINUED, first, [], last) == [
        {"description": "Bolts", "qty": 4, "amount": "10.00"},
        {"description": "Nuts", "qty": 5, "amount": "2.50"}]


def test_a_description_cut_by_a_page_break_keeps_its_end(registry, make_pdf):
    """A row split across a page break: "LED floodlight ... with aluminium heat" on page
    1, "sink, 5000 K" at the top of page 2 under the repeated header; the end was lost,
    accepted."""
    first = _page([("Bolts", "4", "10.00"), ("LED floodlight 150 W with aluminium heat", "2",
                                             "90.00")])
    last = _page([], tail=[(50, 136, "Nuts"), (300, 136, "5"), (400, 136, "2.50"),
                           (300, 170, "Subtotal"), (400, 170, "102.50")])
    last.insert(3, (50, 118, "sink, 5000 K"))
    assert _items(registry, make_pdf, _CONTINUED, first, last) == [
        {"description": "Bolts", "qty": 4, "amount": "10.00"},
        {"description": "LED floodlight 150 W with aluminium heat sink, 5000 K", "qty": 2,
         "amount": "90.00"},
        {"description": "Nuts", "qty": 5, "amount": "2.50"}]


def test_page_furniture_is_no_row_and_no_description(registry, make_pdf):
    """A customs user's invoice: "Continued on next page" at the rows' spacing ended each
    page's last description ("... Continued on next page"), and a "Page 1 of 2" footer
    became a row with quantity 1; both accepted."""
    first = _page([("Bolts", "4", "10.00"), ("Washers", "9", "1.80")],
                  tail=[(50, 154, "Continued on next page"), (50, 172, "Page 1 of 2")])
    last = _page([("Nuts", "5", "2.50")], tail=[(50, 136, "Seite 2 von 2"),
                                               (300, 160, "Subtotal"), (400, 160, "14.30")])
    assert _items(registry, make_pdf, _CONTINUED, first, last) == [
        {"description": "Bolts", "qty": 4, "amount": "10.00"},
        {"description": "Washers", "qty": 9, "amount": "1.80"},
        {"description": "Nuts", "qty": 5, "amount": "2.50"}]


def test_a_terms_page_with_a_small_table_does_not_resume_the_items(registry, make_pdf):
    """After the stop label, a terms page with a fee table headed "Description" and
    "Amount" resumed the line items (the fees became rows, accepted). A next page goes on
    with the table only when its header holds as many of the table's columns."""
    items = _page([("Bolts", "4", "10.00")], tail=[(300, 150, "Subtotal"), (400, 150, "10.00")])
    terms = [(50, 80, "Terms and conditions"), (50, 100, "Description"), (400, 100, "Amount"),
             (50, 118, "Handling fee per pallet"), (400, 118, "150.00")]
    assert _items(registry, make_pdf, _CONTINUED, items, terms) == [
        {"description": "Bolts", "qty": 4, "amount": "10.00"}]


def test_a_long_position_number_does_not_push_a_description_into_the_next_column(
        registry, make_pdf):
    """A customs user's invoice from position 1000 on: "1000" ends a word space before its
    description, so the line read as one phrase under "Pos" and "Description", and the end
    of the description ("inch, 2 m,", past half the way to "HS Code") went to the HS code:
    "inch, 2 m, 4009420000", accepted."""
    src = '''template t {
      table items {
        pos: int header "Pos"
        description: text header "Description"
        hs_code: text header "HS Code"
        amount: money header "Amount"
      }
    }'''
    page = [(40, 100, "Pos"), (65, 100, "Description"), (265, 100, "HS Code"),
            (515, 100, "Amount"),
            (40, 118, "999"), (65, 118, "Safety gloves nitrile"), (265, 118, "4015190000"),
            (515, 118, "12.00"),
            (40, 136, "1000"), (65, 136, "Hydraulic hose assembly 1/2 inch, 2 m,"),
            (265, 136, "4009420000"), (515, 136, "274.55")]
    rows = _items(registry, make_pdf, src, page)
    assert rows[1] == {"pos": 1000, "description": "Hydraulic hose assembly 1/2 inch, 2 m,",
                       "hs_code": "4009420000", "amount": "274.55"}


_PLAIN = '''template t {
      table items {
        description: text header "Description"
        amount: money header "Amount"
        UNTIL
      }
    }'''


def test_the_reviews_cases_of_text_lines_between_rows(registry, make_pdf):
    """The review of wrapped lines and page furniture: each case read right before those
    changes, and read wrong (accepted) after them."""
    head = [(50, 100, "Description"), (400, 100, "Amount"), (50, 118, "Bolts"),
            (400, 118, "10.00"), (50, 136, "Nuts"), (400, 136, "2.50")]
    no_until = _PLAIN.replace("UNTIL", "")
    # a note under the rows of a table without a stop label, the total below it
    note = [*head, (50, 150, "All prices include VAT"), (300, 170, "Total"),
            (400, 170, "12.50")]
    assert _items(registry, make_pdf, no_until, note) == [
        {"description": "Bolts", "amount": "10.00"}, {"description": "Nuts", "amount": "2.50"}]
    # "Page 1 of 1" under them ends such a table too; an item named "PG 16/13" is a row
    footer = [*head, (50, 150, "Reducer PG 16/13 brass"), (400, 150, "4.00"),
              (250, 166, "Page 1 of 1"), (300, 184, "Total"), (400, 184, "16.50")]
    assert [r["description"] for r in _items(registry, make_pdf, no_until, footer)] == [
        "Bolts", "Nuts", "Reducer PG 16/13 brass"]
    # a heading between rows (a capital after a finished description) is no part of a row
    until = _PLAIN.replace("UNTIL", 'until "Total"')
    heading = [*head[:4], (50, 132, "Labour"), (50, 148, "Fitting"), (400, 148, "40.00"),
               (300, 170, "Total"), (400, 170, "50.00")]
    assert _items(registry, make_pdf, until, heading) == [
        {"description": "Bolts", "amount": "10.00"},
        {"description": "Fitting", "amount": "40.00"}]
    # names printed above their numbers, the column not multiline: no name joins the row
    # above it (the table ends as before, and its sum rule sends it to review)
    above = [(50, 100, "Description"), (400, 100, "Amount"), (50, 116, "Coke"),
             (50, 130, "1 x 2.10"), (400, 130, "2.10"), (50, 144, "Fried rice"),
             (50, 158, "1 x 4.20"), (400, 158, "4.20"), (300, 180, "Total"), (400, 180, "6.30")]
    assert "Fried rice" not in str(_items(registry, make_pdf, until, above))


def test_a_next_pages_letterhead_or_heading_is_no_part_of_the_last_row(registry, make_pdf):
    """The review of descriptions cut by a page break: a page 2 without the header glued
    its letterhead onto the last item ("Desk lamp LED Kessler & Sohn KG ..."), one with
    the header its group heading ("Desk lamp LED Services"), accepted."""
    first = _page([("Bolts", "4", "10.00"), ("Desk lamp LED", "1", "35.00")])
    letterhead = [(50, 60, "Kessler & Sohn KG"), (50, 76, "Invoice INV-4711 continued"),
                  (50, 100, "Nuts"), (300, 100, "5"), (400, 100, "2.50"),
                  (300, 130, "Subtotal"), (400, 130, "47.50")]
    heading = _page([], tail=[(50, 118, "Services"), (50, 136, "Fitting"), (300, 136, "1"),
                              (400, 136, "40.00"), (300, 170, "Subtotal"), (400, 170, "85.00")])
    for second in (letterhead, heading):
        rows = _items(registry, make_pdf, _CONTINUED, first, second)
        assert rows[1]["description"] == "Desk lamp LED", rows


def test_a_cell_of_the_wrong_type_is_named_not_reported_blank(registry, make_pdf):
    """An evaluator's quote with a quantity of 2.5 under an `int` column: the reason said
    the row had no 'qty' and to write 'int?' if it may be blank, which would hide it. The
    reason names the text that did not read as the column's type."""
    page = [(50, 100, "Description"), (300, 100, "Qty"), (400, 100, "Amount"),
            (50, 118, "Bolts"), (300, 118, "4"), (400, 118, "10.00"),
            (50, 136, "Cable"), (300, 136, "2.5"), (400, 136, "5.00"),
            (50, 154, "Nuts"), (400, 154, "2.50")]
    result = _extract(registry, make_pdf, _ITEMS, page)
    (reason,) = [r for r in result.reasons if r.field == "items.qty"]
    assert reason.code == "field_missing"
    assert "row 2: '2.5'" in reason.message and "an int value" in reason.message
    assert "row(s) 2, 3 of table 'items'" in reason.message  # row 3 is blank


def test_two_headers_one_word_space_apart_are_two_columns(registry, make_pdf):
    """A template author's scan: "Unit  Unit price" came out of OCR one word space apart,
    read as one header phrase holding the declared "Unit", so the unit price went into the
    unit cell ("pcs 0.50"), accepted. The declared header's word starting the phrase again
    begins a column the template leaves out."""
    src = '''template t {
      table items {
        description: text header "Description"
        qty: int header "Qty"
        unit: text? header "Unit"
        amount: money header "Amount"
      }
    }'''
    page = [(50, 100, "Pos"), (80, 100, "Description"), (250, 100, "Qty"),
            (300, 100, "Unit Unit price"), (450, 100, "Amount")]
    for i, (desc, qty, price) in enumerate([("Hex bolt", "10", "0.50"),
                                            ("Washer", "100", "0.05")]):
        y = 120 + 15 * i
        page += [(50, y, str(i + 1)), (80, y, desc), (250, y, qty), (300, y, "pcs"),
                 (340, y, price), (450, y, "5.00")]
    assert _items(registry, make_pdf, src, page) == [
        {"description": "Hex bolt", "qty": 10, "unit": "pcs", "amount": "5.00"},
        {"description": "Washer", "qty": 100, "unit": "pcs", "amount": "5.00"}]


def test_descriptions_above_numbers_keep_a_later_rows_wrapped_tail(registry, make_pdf):
    """The review of descriptions printed above their numbers: once the first row read
    that way, a later row with a description of its own lost the wrapped line before it."""
    src = '''template t {
      table items {
        description: text header "Description" multiline
        amount: money header "Total"
        until "TOTAL :"
      }
    }'''
    page = [(50, 100, "Description"), (150, 100, "Qty"), (250, 100, "Total"),
            (50, 114, "Coke"), (150, 126, "1 x"), (250, 126, "2.10"),
            (50, 140, "Rice"), (250, 140, "4.20"), (50, 152, "with egg"),
            (50, 164, "Tea"), (250, 164, "1.50"), (150, 180, "TOTAL :")]
    assert _items(registry, make_pdf, src, page) == [
        {"description": "Coke", "amount": "2.10"},
        {"description": "Rice with egg", "amount": "4.20"},
        {"description": "Tea", "amount": "1.50"}]


def test_a_short_cell_left_of_a_centred_header_stays_in_its_column(registry, make_pdf):
    """A "Description" header centred over a wide column, the descriptions left-aligned
    well left of it: "Washers", too short to reach under the header, went to "Pos" (the
    half-way line between the headers) and the row had no description."""
    src = '''template t {
      table items {
        pos: int header "Pos"
        description: text header "Description"
        qty: int header "Qty"
        amount: money header "Amount"
        until "Total"
      }
    }'''
    page = [(50, 100, "Pos"), (185, 100, "Description"), (380, 100, "Qty"),
            (480, 100, "Amount"),
            (50, 118, "1"), (90, 118, "Stainless steel hex bolts M8 x 40"), (380, 118, "200"),
            (480, 118, "36.00"),
            (50, 136, "2"), (90, 136, "Washers"), (380, 136, "200"), (480, 136, "4.00"),
            (50, 154, "3"), (90, 154, "Heavy duty anchor plugs"), (380, 154, "24"),
            (480, 154, "19.20"),
            (300, 184, "Total"), (480, 184, "59.20")]
    rows = _items(registry, make_pdf, src, page)
    assert [r["description"] for r in rows] == [
        "Stainless steel hex bolts M8 x 40", "Washers", "Heavy duty anchor plugs"]
    assert [r["pos"] for r in rows] == [1, 2, 3]


def test_a_misspelt_header_is_named_in_the_reason(registry, make_pdf):
    """An AP author wrote "Einzelpries" for "Einzelpreis": the reason said the rows have
    no 'unit_price' and hinted to write 'money?' if it may be blank, which would hide the
    typo; it now says the header is not on the header line."""
    src = '''template t {
      table items {
        description: text header "Beschreibung"
        unit_price: money header "Einzelpries"
        amount: money header "Betrag"
      }
    }'''
    page = [(50, 100, "Beschreibung"), (300, 100, "Einzelpreis"), (450, 100, "Betrag"),
            (50, 118, "Schrauben"), (300, 118, "0.50"), (450, 118, "10.00")]
    result = _extract(registry, make_pdf, src, page)
    (reason,) = [r for r in result.reasons if r.field == "items.unit_price"]
    assert reason.code == "field_missing"
    assert 'its header "Einzelpries" is not on the table\'s header line' in reason.message
    assert "money?" not in reason.message
    # a header that is found, over a blank cell, keeps the hint
    page = [(50, 100, "Beschreibung"), (300, 100, "Einzelpries"), (450, 100, "Betrag"),
            (50, 118, "Schrauben"), (450, 118, "10.00")]
    (reason,) = [r for r in _extract(registry, make_pdf, src, page).reasons
                 if r.field == "items.unit_price"]
    assert "write 'money?' if it may be blank" in reason.message


def test_a_position_number_is_no_part_of_a_description_column_span(registry, make_pdf):
    """The review of the centred-header change: position numbers set a word space before
    descriptions under a centred "Description" header; one long description reaching
    under the header put the position column inside the description column's span, and
    every short row's number went to the description ("1 Gloves size L"), accepted."""
    src = '''template t {
      table items {
        pos: int? header "Pos"
        description: text header "Description"
        qty: int header "Qty"
        amount: money header "Amount"
        until "Total"
      }
    }'''
    rows = [("1", "Gloves size L"), ("2", "Tape"), ("3", "Washers")]
    page = [(40, 100, "Pos"), (140, 100, "Description"), (300, 100, "Qty"),
            (430, 100, "Amount")]
    for i, (pos, text) in enumerate(rows):
        y = 118 + 16 * i
        page += [(64.4, y, pos), (75, y, text), (300, y, "5"), (430, y, "10.00")]
    page += [(64.4, 166, "4"), (75, 166, "Screwdriver set precision"), (300, 166, "5"),
             (430, 166, "10.00"), (300, 200, "Total"), (430, 200, "40.00")]
    got = [(r["pos"], r["description"]) for r in _items(registry, make_pdf, src, page)]
    # the fourth, "4 Screwdriver ...", a word space apart and under one header, was read
    # whole as the description (before the centred-header change too): its number ends
    # before where the other rows' descriptions start, so it is the position's
    assert got == [(1, "Gloves size L"), (2, "Tape"), (3, "Washers"),
                   (4, "Screwdriver set precision")]
    # a description that starts with a number where the others start keeps it
    page[-6:-4] = [(64.4, 166, "4"), (75, 166, "2 m hose, 1/2 inch")]
    got = [(r["pos"], r["description"]) for r in _items(registry, make_pdf, src, page)]
    assert got[3] == (4, "2 m hose, 1/2 inch")
