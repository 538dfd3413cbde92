"""Continuation pages of several documents of one kind in a packet (mortgage journey,
findings 1, 2 and 5).

1. Two 2-page statements of one account, pages shuffled A1 B2 B1 A2: each page repeats the
   title, its "Statement period: ..." line and "Page n of 2"; only page 1 has the account
   number and opening balance, page 2 the closing balance. Page 2 joined whichever page 1
   came just before it: December was given January's closing balance, accepted. A page
   now joins the document whose lines it shares (its period), and when nothing tells two
   documents apart, both go to review (``pages_disagree``), never accepted.
2. The same statements in order, with a match block page 2 passes too: every page was a
   document of its own (4 instead of 2). A page the template claims that carries "page 2
   of 2" and no identifier of its own continues a document of that template.
5. A cover letter naming the document ("...the documents for my mortgage application")
   scored for the template on one of its two match tests and became an empty document of
   it, not listed as unassigned; with the shipped library a one-line note naming a
   passport was classified ``id_card``.
"""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.result import Status
from tests.parsing import engine_for
from tests.pdfs import text_lines

#: page 2 fails this match block (no account number, no opening balance on it)
_FIRST_PAGE_MATCH = """template bank_statement {
  currency "GBP"
  date_order "DMY"
  match {
    contains "Current account statement"
    contains "Account number"
    contains "Opening balance"
  }
  field account_no: id = right of "Account number"
  field opening: money = right of "Opening balance"
  field closing: money = right of "Closing balance"
}"""

#: every page passes this one (the title and the period are on each)
_EVERY_PAGE_MATCH = """template bank_statement {
  currency "GBP"
  date_order "DMY"
  match {
    contains "Current account statement"
    contains "Statement period"
  }
  field account_no: id = right of "Account number"
  field opening: money = right of "Opening balance"
  field closing: money = right of "Closing balance"
}"""

_MONTHS = {"A": ("01/12/2025 - 31/12/2025", "1,200.00", "TESCO -54.20", "2,104.55"),
           "B": ("01/01/2026 - 31/01/2026", "2,104.55", "TESCO -61.10", "3,010.00")}


def _statement_page(month: str, n: int, period: bool = True, top: float = 60
                    ) -> list[tuple[float, float, str]]:
    """Page ``n`` (1 or 2) of the statement of ``month`` ("A": December, "B": January),
    its first line ``top`` points from the top of the page."""
    when, opening, row, closing = _MONTHS[month]
    head = ["Northbank plc - Current account statement"]
    if period:
        head.append("Statement period: " + when)
    head.append(f"Page {n} of 2")
    if n == 1:
        return text_lines(*head, "Account holder: Mrs M E Hughes", "Account number: 43827711",
                      "Opening balance: " + opening, row, top=top)
    return text_lines(*head, "SALARY HARBOURSIDE LOGISTICS 3,290.00", "Closing balance: " + closing,
                  top=top)


def _engine(tmp_path, source: str) -> Engine:
    return engine_for(tmp_path, source, "stmt.sift")


def _documents(result) -> list[tuple[list[int], str, str | None]]:
    return [(d.pages, d.result.status.value, str(d.result.value("closing")))
            for d in result.documents]


@pytest.mark.parametrize("source", [_FIRST_PAGE_MATCH, _EVERY_PAGE_MATCH],
                         ids=["page2_unclaimed", "page2_claimed"])
@pytest.mark.parametrize("order", ["A1 B2 B1 A2", "A1 A2 B1 B2", "B2 A1 B1 A2",
                                   "A2 B1 A1 B2"])
def test_a_statements_page_2_joins_the_page_1_of_its_period(make_pdf, tmp_path, source,
                                                            order):
    pages = order.split()
    engine = _engine(tmp_path, source)
    result = engine.extract_packet(
        make_pdf(*(_statement_page(p[0], int(p[1])) for p in pages)), name="stmts.pdf")
    where = {p: n + 1 for n, p in enumerate(pages)}
    closing = {"A": "2104.55", "B": "3010.00"}
    expected = sorted(([where[m + "1"], where[m + "2"]], "accepted", closing[m])
                      for m in "AB")
    assert sorted(_documents(result)) == expected, result.reasons
    assert result.unassigned_pages == []
    assert result.status is Status.ACCEPTED, result.reasons


def test_the_running_lines_of_a_page_lower_in_the_picture(make_pdf, tmp_path):
    """Photos of the statements: the print lies lower in the picture than a page's top
    margin (its first lines at a quarter of the height), and every page 2 fitted either
    page 1 as well (review); its first lines are its running lines wherever they are."""
    engine = _engine(tmp_path, _FIRST_PAGE_MATCH)
    pages = ["A1", "B2", "B1", "A2"]
    result = engine.extract_packet(
        make_pdf(*(_statement_page(p[0], int(p[1]), top=210) for p in pages)),
        name="photos.pdf")
    assert sorted(_documents(result)) == [([1, 4], "accepted", "2104.55"),
                                          ([3, 2], "accepted", "3010.00")], result.reasons


@pytest.mark.parametrize("source", [_FIRST_PAGE_MATCH, _EVERY_PAGE_MATCH],
                         ids=["page2_unclaimed", "page2_claimed"])
def test_pages_nothing_tells_apart_are_never_accepted(make_pdf, tmp_path, source):
    """Without a period line each page 2 fits either page 1 as well: a shuffled file can
    not be told from one in order, so both documents go to review, saying so."""
    engine = _engine(tmp_path, source)
    pages = ["A1", "B2", "B1", "A2"]
    result = engine.extract_packet(
        make_pdf(*(_statement_page(p[0], int(p[1]), period=False) for p in pages)),
        name="stmts.pdf")
    assert len(result.documents) == 2
    for d in result.documents:
        assert d.result.status is not Status.ACCEPTED
        said = [r.message for r in d.result.reasons if r.code == "pages_disagree"]
        assert said and "tell" in said[0], d.result.reasons
    assert result.status is Status.REVIEW


def test_a_page_2_far_from_its_page_1_still_joins_it(make_pdf, tmp_path):
    """Guard: one statement, its page 2 before its page 1 with another page between (a
    page of another kind): the only page 1 it can continue."""
    engine = _engine(tmp_path, _FIRST_PAGE_MATCH)
    letter = text_lines("Dear Sir or Madam,", "please find my bank statement enclosed.")
    result = engine.extract_packet(
        make_pdf(_statement_page("A", 2), letter, _statement_page("A", 1)), name="s.pdf")
    assert _documents(result) == [([3, 1], "accepted", "2104.55")]
    assert result.unassigned_pages == [2]


_INVOICE = """template acme_invoice {
  currency "EUR"
  match {
    contains "ACME Corp"
    contains "Invoice No."
  }
  field invoice_no: id = right of "Invoice No."
  field date: date = right of "Invoice date"
  field total: money = right of "Total"
}"""


def _invoice_page(number: str, day: str, n: int, total: str) -> list[tuple[float, float, str]]:
    head = ["ACME Corp", f"Invoice date: {day}", f"Page {n} of 2"]
    if n == 1:
        return text_lines(*head, f"Invoice No. {number}", "Consulting services 300.00")
    return text_lines(*head, "Travel 40.00", f"Total {total}")


def test_shuffled_invoices_of_one_supplier_split_by_their_running_lines(make_pdf, tmp_path):
    """The same for invoices: page 2 carries the invoice date, not the number."""
    path = tmp_path / "acme.sift"
    path.write_text(_INVOICE)
    engine = Engine(templates=[path], seen_store="memory")
    pages = [_invoice_page("A-1", "03/04/2026", 1, "340.00"),
             _invoice_page("A-2", "17/04/2026", 2, "980.00"),
             _invoice_page("A-2", "17/04/2026", 1, "980.00"),
             _invoice_page("A-1", "03/04/2026", 2, "340.00")]
    result = engine.extract_packet(make_pdf(*pages), name="invoices.pdf")
    got = sorted((d.pages, str(d.result.value("invoice_no")), str(d.result.value("total")),
                  d.result.status.value) for d in result.documents)
    assert got == [([1, 4], "A-1", "340.00", "accepted"),
                   ([3, 2], "A-2", "980.00", "accepted")], result.reasons


def test_whole_documents_of_one_print_run_stay_apart(make_pdf, tmp_path):
    """Guard: slips printed in one run ("Page 2 of 3" of the run), each holding every
    field its template requires, are three documents, not one of three pages."""
    path = tmp_path / "slip.sift"
    path.write_text("""template slip {
  date_order "DMY"
  match { contains "Delivery slip" }
  field date: date = right of "Date"
  field qty: int = right of "Quantity"
}""")
    engine = Engine(templates=[path], seen_store="memory")
    pages = [text_lines("Delivery slip", f"Date: 0{n}/04/2026", f"Quantity: {n + 4}",
                    f"Page {n} of 3") for n in (1, 2, 3)]
    result = engine.extract_packet(make_pdf(*pages), name="slips.pdf")
    assert [(d.pages, str(d.result.value("qty"))) for d in result.documents] == [
        ([1], "5"), ([2], "6"), ([3], "7")]


# ---------------------------------------------------------------- a page naming a kind
_APPLICATION = """template mortgage_application {
  match {
    contains "Mortgage Application"
    contains "Application No."
  }
  field application_no: id = right of "Application No."
  field surname: text = right of "Surname"
  field loan_amount: money = right of "Loan amount requested"
}"""


def test_a_cover_letter_naming_the_document_is_unassigned(make_pdf, tmp_path):
    path = tmp_path / "app.sift"
    path.write_text(_APPLICATION)
    engine = Engine(templates=[path], seen_store="memory")
    cover = text_lines("Hi,", "Please find enclosed the documents for my mortgage application.",
                   "Thanks, Margaret")
    form = text_lines("Mortgage Application Form", "Application No. MA-2026-0413",
                  "Surname: Hughes", "Loan amount requested: 285,000.00")
    result = engine.extract_packet(make_pdf(cover, form), name="app.pdf")
    assert [(d.template, d.pages) for d in result.documents] == [
        ("mortgage_application", [2])]
    assert result.unassigned_pages == [1]
    said = [r.message for r in result.reasons if r.code == "unassigned_pages"]
    assert said and "mortgage_application" in said[0], result.reasons
    assert result.status is Status.REVIEW


def test_a_note_naming_a_passport_is_no_id_card(make_pdf):
    """The shipped library: a one-line note is no identity document."""
    engine = Engine(seen_store="memory")
    note = text_lines("Note: my passport is being renewed, I will send a copy next week.")
    result = engine.extract(make_pdf(note), name="note.pdf")
    assert result.template != "id_card", result.classification


def test_a_note_naming_the_packets_documents_is_unassigned(make_pdf):
    """The shipped library's kyc packet: a note naming the onboarding form and a passport
    holds neither; it is reported, not taken for either."""
    engine = Engine(seen_store="memory")
    note = text_lines("Dear team, attached is my completed Customer onboarding pack and a copy "
                  "of my passport.")
    result = engine.extract_packet(make_pdf(note), name="note.pdf")
    assert result.documents == []
    assert result.unassigned_pages == [1]
    assert result.status is Status.REVIEW



def test_a_cover_letter_holding_a_field_still_loses_the_role_to_the_document(registry,
                                                                           tmp_path):
    """Guard: a cover letter quoting the delivery note's number holds one of its fields:
    a document of it, whose role goes to the real delivery note, and said why."""
    import pymupdf

    from tests.test_packets import THREE_WAY, three_way_pdf

    path = tmp_path / "t.sift"
    path.write_text(THREE_WAY.split("  rule delivered")[0] + "}\n")
    engine = Engine(templates=[path], registry=registry, seen_store="memory")
    out = pymupdf.open()
    cover = out.new_page(width=595, height=842)
    cover.insert_text((50, 80), "please find enclosed the signed Delivery note", fontsize=11)
    cover.insert_text((50, 100), "Delivery note No.  DN-88214", fontsize=11)
    out.insert_pdf(pymupdf.open(stream=three_way_pdf(), filetype="pdf"))
    result = engine.extract_packet(out.tobytes(), name="cover.pdf")
    assert {d.role: d.pages for d in result.documents} == {
        None: [1], "po": [2], "dn": [3], "inv": [4]}
    (reason,) = [r for r in result.reasons if r.code == "extra_documents"]
    assert "role 'dn' went to document 3 (pages 3), which matches t_dn better " \
           "(score 1 against 0.5)" in reason.message
