"""A value a PDF viewer's strikethrough tool struck out (a StrikeOut annotation, its quads
over the words) is a cancelled reading, as one struck through by a drawn line: a total
and a table's cell go to review with an ``invalid_value`` reason naming the struck value
(and the correction typed beside it, as page text or a FreeText annotation), a row struck
out whole (or with its description) is left out of the table, while struck numbers beside
a description left standing are struck cells of a row that stays. A value of a few
figures ('95.00', a quantity '12') is shorter than the page's strokes
(``struck.MIN_LENGTH``) and the annotation's line ends with its letters, so before, such
values were accepted. Highlight, Underline and Squiggly
annotations over the same values change nothing, nor a StrikeOut over part of a word or
one a viewer does not show (hidden, NoView, transparent, in optional content switched
off). Pages drawn here (born-digital)."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.core.result import Status

TEMPLATE = """template bill {
  match { contains "INVOICE" }
  field net: money = right of "Subtotal"
  field vat: money = right of "VAT"
  field total: money = right of "Total"
  rule totals: net + vat == total
}"""

PO = """template po {
  match { contains "PURCHASE ORDER" }
  field net: money = right of "Subtotal"
  table lines {
    item: id header "Part No."
    description: text header "Description"
    qty: decimal header "Qty"
    line_total: money header "Amount"
    until "Subtotal"
  }
  rule sum_lines: sum(lines.line_total) == net
}"""

ROWS = [("GR-53390", "Hex bolt M8x40", "2", "1,390.48"),
        ("GR-12946", "Filter cartridge", "12", "5,829.36"),
        ("GR-26100", "Shaft coupling", "12", "26,901.60")]
MARKUPS = ["highlight", "underline", "squiggly"]


def invoice(typed: str | None = None) -> Any:
    """A born-digital invoice (an open pymupdf document): Subtotal 79.83, VAT 15.17, Total
    95.00 flush right; ``typed`` is printed right of the total."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 80), "INVOICE", fontsize=16, fontname="hebo")
    y = 300.0
    for label, amount in (("Subtotal", "79.83"), ("VAT", "15.17"), ("Total", "95.00")):
        page.insert_text((340, y), label, fontsize=10)
        page.insert_text((520 - pymupdf.get_text_length(amount, fontsize=10), y), amount,
                         fontsize=10)
        y += 20
    if typed:
        page.insert_text((530, y - 20), typed, fontsize=10, color=(0.8, 0, 0))
    return doc


def order(net: str = "34,121.44") -> Any:
    """A born-digital purchase order (an open pymupdf document) of ROWS."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 80), "PURCHASE ORDER", fontsize=16, fontname="hebo")
    xs, y = (40, 130, 330, 420), 240.0
    for x, head in zip(xs, ("Part No.", "Description", "Qty", "Amount"), strict=True):
        page.insert_text((x, y), head, fontsize=8.5, fontname="hebo")
    for row in ROWS:
        y += 20
        for x, text in zip(xs, row, strict=True):
            page.insert_text((x, y), text, fontsize=8.5)
    page.insert_text((330, y + 30), "Subtotal", fontsize=9, fontname="hebo")
    page.insert_text((420, y + 30), net, fontsize=9)
    return doc


def marked(doc: Any, kind: str | None, words: list[tuple[str, int]],
           free: str | None = None, hidden: bool = False) -> bytes:
    """``doc``'s bytes with one annotation of ``kind`` ("strikeout", a MARKUPS' one or
    None) over the words ``words`` (text, which of them), and a FreeText annotation
    ``free`` right of the first."""
    import pymupdf

    page = doc[0]
    found = page.get_text("words")
    rects = [pymupdf.Rect([w[:4] for w in found if w[4] == text][n]) for text, n in words]
    if kind is not None:
        annot = getattr(page, f"add_{kind}_annot")([r.quad for r in rects])
        if hidden:
            annot.set_flags(pymupdf.PDF_ANNOT_IS_HIDDEN)
        annot.update()
    if free:
        r = rects[0]
        page.add_freetext_annot(pymupdf.Rect(r.x1 + 8, r.y0 - 1, r.x1 + 70, r.y1 + 2), free,
                                fontsize=9).update()
    return doc.tobytes()


def extract(tmp_path: Any, data: bytes, sift: str = TEMPLATE) -> Any:
    from formsift import Engine

    (tmp_path / "t.sift").write_text(sift)
    (tmp_path / "d.pdf").write_bytes(data)
    return Engine(templates=[tmp_path / "t.sift"], seen_store="memory").extract(
        tmp_path / "d.pdf")


def seen(result: Any) -> Any:
    """What a user sees of ``result``: status, fields, tables and reasons."""
    def cell(v: Any) -> Any:
        return None if v is None else (v.raw, str(v.value), round(v.confidence, 4))

    return (result.status, {k: cell(v) for k, v in result.fields.items()},
            {t: [{c: cell(v) for c, v in row.items()} for row in rows]
             for t, rows in result.tables.items()},
            [(r.code, r.field, r.message) for r in result.reasons])


@pytest.mark.parametrize("correction", [None, "typed", "freetext"])
def test_a_total_struck_out_by_a_pdf_viewer_is_cancelled(tmp_path, correction):
    doc = invoice(typed="90.00" if correction == "typed" else None)
    data = marked(doc, "strikeout", [("95.00", 0)],
                  free="90.00" if correction == "freetext" else None)
    result = extract(tmp_path, data)
    assert result.status is Status.REVIEW, result.reasons
    said = [r for r in result.reasons if r.code == "invalid_value"]
    assert [r.field for r in said] == ["total"], result.reasons
    assert "'95.00' is struck through" in said[0].message
    assert ("'90.00' written near it" in said[0].message) is (correction is not None)
    assert result.fields["total"].confidence <= 0.5  # the totals rule passed: no lift


@pytest.mark.parametrize("kind", MARKUPS)
def test_other_markup_over_the_total_changes_nothing(tmp_path, kind):
    plain = seen(extract(tmp_path, invoice().tobytes()))
    assert plain[0] is Status.ACCEPTED, plain
    assert seen(extract(tmp_path, marked(invoice(), kind, [("95.00", 0)]))) == plain


@pytest.mark.parametrize("hidden", [False, True], ids=["shown", "hidden"])
def test_a_struck_out_quantity_goes_to_review_its_row_standing(tmp_path, hidden):
    data = marked(order(), "strikeout", [("12", 0)], free="25", hidden=hidden)
    result = extract(tmp_path, data, PO)
    if hidden:  # an annotation the page does not show strikes nothing
        assert seen(result) == seen(extract(tmp_path, marked(order(), None, [("12", 0)],
                                                             free="25"), PO))
        return
    assert result.status is Status.REVIEW, result.reasons
    said = [r for r in result.reasons if r.code == "invalid_value"]
    assert [(r.field, r.rows) for r in said] == [("lines.qty", [1])], result.reasons
    assert "row 2 'qty': '12' is struck through ('25' written beside it)" in said[0].message
    assert len(result.tables["lines"]) == 3
    assert result.tables["lines"][1]["qty"].confidence <= 0.5


def test_a_row_struck_out_whole_is_left_out(tmp_path):
    row = [("GR-12946", 0), ("Filter", 0), ("cartridge", 0), ("12", 0), ("5,829.36", 0)]
    result = extract(tmp_path, marked(order(net="28,292.08"), "strikeout", row), PO)
    assert [r["item"].value for r in result.tables["lines"]] == ["GR-53390", "GR-26100"]
    assert not [r for r in result.reasons if r.code == "invalid_value"], result.reasons
    assert result.status is Status.ACCEPTED, result.reasons


@pytest.mark.parametrize("kind", MARKUPS)
def test_other_markup_over_a_cell_or_a_row_changes_nothing(tmp_path, kind):
    plain = seen(extract(tmp_path, order().tobytes(), PO))
    assert plain[0] is Status.ACCEPTED, plain
    for words in ([("12", 0)], [("GR-12946", 0), ("Filter", 0), ("12", 0), ("5,829.36", 0)]):
        assert seen(extract(tmp_path, marked(order(), kind, words), PO)) == plain


def test_a_strike_out_over_part_of_a_word_strikes_nothing(tmp_path):
    doc = order()
    page = doc[0]
    page.add_strikeout_annot(page.search_for("946", quads=True)[0]).update()  # 'GR-12946'
    assert seen(extract(tmp_path, doc.tobytes(), PO)) == seen(
        extract(tmp_path, order().tobytes(), PO))


PO3 = """template po3 {
  match { contains "PURCHASE ORDER" }
  field net: money = right of "Subtotal"
  table lines {
    description: text header "Description"
    qty: decimal header "Qty"
    line_total: money header "Amount"
    until "Subtotal"
  }
}"""


def order3(net: str = "34,121.44") -> Any:
    """A purchase order of ROWS' description, quantity and amount (3 columns), no sum
    rule: a row left out changes no rule."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 80), "PURCHASE ORDER", fontsize=16, fontname="hebo")
    xs, y = (40, 330, 420), 240.0
    for x, head in zip(xs, ("Description", "Qty", "Amount"), strict=True):
        page.insert_text((x, y), head, fontsize=8.5, fontname="hebo")
    for row in ROWS:
        y += 20
        for x, text in zip(xs, row[1:], strict=True):
            page.insert_text((x, y), text, fontsize=8.5)
    page.insert_text((330, y + 30), "Subtotal", fontsize=9, fontname="hebo")
    page.insert_text((420, y + 30), net, fontsize=9)
    return doc


@pytest.mark.parametrize(("typed", "one_quad"), [(False, False), (True, False), (False, True)],
                         ids=["alone", "corrected", "one-quad"])
def test_struck_numbers_of_a_row_are_corrected_cells_not_a_struck_row(tmp_path, typed,
                                                                      one_quad):
    # one annotation over qty '12' and amount '5,829.36' (2 of 3 cells; a quad each, or
    # one quad across both), the description not struck: the row stays, each struck cell
    # goes to review (it was left out silently)
    import pymupdf

    doc = order3(net="32,149.88" if typed else "34,121.44")
    page = doc[0]
    q, a = (pymupdf.Rect(next(w[:4] for w in page.get_text("words") if w[4] == text))
            for text in ("12", "5,829.36"))
    if typed:
        for r, fix in ((q, "10"), (a, "4,857.80")):
            page.insert_text((r.x1 + 4, r.y1 - 2), fix, fontsize=8.5, color=(0.8, 0, 0))
    page.add_strikeout_annot([(q | a).quad] if one_quad else [q.quad, a.quad]).update()
    result = extract(tmp_path, doc.tobytes(), PO3)
    assert [r["description"].value for r in result.tables["lines"]] == [
        "Hex bolt M8x40", "Filter cartridge", "Shaft coupling"]
    assert result.status is Status.REVIEW, result.reasons
    said = [(r.field, r.rows) for r in result.reasons if r.code == "invalid_value"]
    assert said == [("lines.qty", [1]), ("lines.line_total", [1])], result.reasons


def test_a_row_struck_with_its_description_is_left_out(tmp_path):
    row = [("Filter", 0), ("cartridge", 0), ("12", 0)]  # the amount not struck
    result = extract(tmp_path, marked(order3(), "strikeout", row), PO3)
    assert [r["description"].value for r in result.tables["lines"]] == [
        "Hex bolt M8x40", "Shaft coupling"]
    assert not [r for r in result.reasons if r.code == "invalid_value"], result.reasons


#: Optional content as a PDF writer other than pymupdf stores it (groups without the
#: /Usage /CreatorInfo pymupdf's add_ocg writes, for which get_ocgs says "on" whatever /D
#: says): the group's dictionary and /OCProperties, {o} its number.
GROUP = "<< /Type /OCG /Name (Review) >>"
OPTIONAL = {
    "plain-off": (GROUP, "<< /OCGs [{o} 0 R] /D << /OFF [{o} 0 R] >> >>"),
    "base-off": (GROUP, "<< /OCGs [{o} 0 R] /D << /BaseState /OFF >> >>"),
    "off-in-d-on-in-another": (GROUP, "<< /OCGs [{o} 0 R] /D << /OFF [{o} 0 R] >> "
                                      "/Configs [<< /ON [{o} 0 R] >>] >>"),
    "view-usage-off": ("<< /Type /OCG /Name (Review) /Usage << /View << /ViewState /OFF >> "
                       ">> >>", "<< /OCGs [{o} 0 R] /D << /ON [{o} 0 R] /AS [<< /Event /View "
                                "/Category [/View] /OCGs [{o} 0 R] >>] >> >>"),
    "membership-off": (GROUP, "<< /OCGs [{o} 0 R] /D << /OFF [{o} 0 R] >> >>"),
    "base-off-listed-on": (GROUP, "<< /OCGs [{o} 0 R] /D << /BaseState /OFF /ON [{o} 0 R] "
                                  ">> >>"),
    "on-in-d-off-in-another": (GROUP, "<< /OCGs [{o} 0 R] /D << /ON [{o} 0 R] >> "
                                      "/Configs [<< /OFF [{o} 0 R] >>] >>"),
    "not-listed": (GROUP, "<< /OCGs [] /D << /OFF [{o} 0 R] >> >>"),
}


def unseen(doc: Any, how: str) -> bytes:
    """``doc``'s bytes with a StrikeOut annotation over '95.00' that a viewer does not
    show: ``how`` "noview" (flag NoView), "oc-off" (in optional content switched off),
    "ocmd-off" (in a membership of optional content switched off), "transparent" (/CA 0),
    or an OPTIONAL's key (the objects written by hand, the annotation's /OC the group or,
    for "membership-...", a membership dictionary of it); or that a viewer shows: "ca0-key"
    (/CA 0 in its dictionary, its appearance stream left opaque) and OPTIONAL's last three.
    """
    import pymupdf

    page = doc[0]
    rect = pymupdf.Rect(next(w[:4] for w in page.get_text("words") if w[4] == "95.00"))
    annot = page.add_strikeout_annot(rect.quad)
    if how == "noview":
        annot.set_flags(pymupdf.PDF_ANNOT_IS_NO_VIEW | pymupdf.PDF_ANNOT_IS_PRINT)
    elif how == "oc-off":
        annot.set_oc(doc.add_ocg("Review comments", on=False))
    elif how == "ocmd-off":
        annot.set_oc(doc.set_ocmd(ocgs=[doc.add_ocg("Review comments", on=False)]))
    elif how == "transparent":
        annot.set_opacity(0)
    annot.update()
    if how == "ca0-key":
        doc.xref_set_key(annot.xref, "CA", "0")
    elif how in OPTIONAL:
        group, properties = OPTIONAL[how]
        o = doc.get_new_xref()
        doc.update_object(o, group)
        doc.xref_set_key(doc.pdf_catalog(), "OCProperties", properties.format(o=o))
        if how.startswith("membership"):
            m = doc.get_new_xref()
            doc.update_object(m, f"<< /Type /OCMD /OCGs [{o} 0 R] /P /AnyOn >>")
            o = m
        doc.xref_set_key(annot.xref, "OC", f"{o} 0 R")
    return doc.tobytes()


def drawn(data: bytes) -> bool:
    """Whether MuPDF draws anything of ``data``'s annotations on its page."""
    import pymupdf

    page = pymupdf.open(stream=data, filetype="pdf")[0]
    return page.get_pixmap(dpi=72).samples != page.get_pixmap(dpi=72, annots=False).samples


@pytest.mark.parametrize("how", ["noview", "oc-off", "ocmd-off", "transparent",
                                 "plain-off", "base-off", "off-in-d-on-in-another",
                                 "view-usage-off", "membership-off"])
def test_a_strike_out_the_viewer_does_not_show_strikes_nothing(tmp_path, how):
    data = unseen(invoice(), how)
    assert not drawn(data)  # MuPDF draws it not
    plain = seen(extract(tmp_path, invoice().tobytes()))
    assert plain[0] is Status.ACCEPTED, plain
    assert seen(extract(tmp_path, data)) == plain


@pytest.mark.parametrize("how", ["ca0-key", "base-off-listed-on", "on-in-d-off-in-another",
                                 "not-listed"])
def test_a_strike_out_the_viewer_shows_cancels_the_total(tmp_path, how):
    data = unseen(invoice(), how)
    assert drawn(data)  # MuPDF draws the strike
    result = extract(tmp_path, data)
    assert result.status is Status.REVIEW, result.reasons
    said = [r for r in result.reasons if r.code == "invalid_value"]
    assert [r.field for r in said] == ["total"], result.reasons
    assert "'95.00' is struck through" in said[0].message


@pytest.mark.parametrize(("state", "unseen"), [("ON", False), ("OFF", True)])
def test_a_large_strike_out_in_optional_content_is_judged_drawn_smaller(state, unseen):
    """Code read r14 of 965c2a7: a StrikeOut in optional content is drawn alone to see
    whether MuPDF shows it, at full size: 100 of them 1,700 points wide took 5.6 s of CPU.
    It is drawn at a scale under DRAWN_PIXELS now (0.2 s), and a stroke so drawn still
    leaves ink where the layer is on, none where it is off."""
    import pymupdf

    from formsift.plugins.loaders import pdf as loader

    doc = pymupdf.open()
    page = doc.new_page(width=2000, height=2000)
    group = doc.get_new_xref()
    doc.update_object(group, "<< /Type /OCG /Name (L) >>")
    doc.xref_set_key(doc.pdf_catalog(), "OCProperties",
                     f"<< /OCGs [{group} 0 R] /D << /{state} [{group} 0 R] >> >>")
    annot = page.add_strikeout_annot(pymupdf.Rect(5, 5, 1705, 1705))
    annot.update()
    doc.xref_set_key(annot.xref, "OC", f"{group} 0 R")
    reread = pymupdf.open("pdf", doc.tobytes())[0]
    (strike,) = list(loader._annots(reread))
    assert strike.rect.width * strike.rect.height > loader.DRAWN_PIXELS
    assert loader._unseen(strike) is unseen
