"""A document's "Page 2 of 2" in a packet joins its page 1 whatever heads it (letters of
credit journey, stop 33, finding 3).

A 2-page SWIFT MT700 printout in a shuffled packet: each page prints "Page n of 2" at its
top, page 1 the title and the credit's fields, page 2 the fields that run over (46A, 47A,
48) under "SWIFT MESSAGE - MT700 (continued)", under page 1's title, or under no title
(the message named at its foot).
Page 2 passes one of the template's two match tests and holds none of its required fields:
it was listed in ``unassigned_pages`` ("a cover letter that names the document?") while
the MT700 said "page(s) 2 missing", both to review. The header line of a page was its top
line, "Page 2 of 2" itself, never the same as page 1's "Page 1 of 2"; and a page its
template claims joined a document of that template only under the same header.
"""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.result import Status
from tests.parsing import engine_for
from tests.pdfs import text_lines

_TEMPLATES = """template mt700 {
  title "SWIFT MT700 documentary credit"
  locale "en"
  match {
    contains /MT\\s?700/
    contains ":32B:"
  }
  field lc_no: id(/[A-Z]{2}[A-Z0-9]*\\d[A-Z0-9]*/) = right of ":20:"
  field amount: money = right of ":32B:"
  field charges: text? = right of ":71B:"
}

template invoice {
  locale "en"
  match {
    contains "COMMERCIAL INVOICE"
    contains "Invoice No."
  }
  field invoice_no: id = right of "Invoice No."
  field total: money = right of "Total Amount"
}

template packing_list {
  match {
    contains "PACKING LIST"
    contains "Packing List No."
  }
  field pl_no: id = right of "Packing List No."
}
"""

_TITLE = "SWIFT MESSAGE - MT700 ISSUE OF A DOCUMENTARY CREDIT"
#: what heads page 2 under its page cue
_HEADINGS = {"continued": "SWIFT MESSAGE - MT700 (continued)", "same": _TITLE, "none": None}
_FOOT = (40.0, 800.0, "END OF MT700 MESSAGE")


def _page(*texts: str | None, cue: str | None = None) -> list[tuple[float, float, str]]:
    items = [(450.0, 45.0, cue)] if cue else []
    return items + text_lines(*texts, x=40.0, top=100.0)


def _credit(number: str, heading: str | None) -> dict[str, list[tuple[float, float, str]]]:
    foot = [] if heading else [_FOOT]
    return {
        "p1": _page(_TITLE, f":20:{number}", ":31C:261020", ":32B:USD125000,00",
                    ":39A:10/10", ":45A:STAINLESS STEEL BALL VALVES DN50 PN16",
                    ":59:ORIENT VALVE MANUFACTURING PTE LTD", cue="Page 1 of 2"),
        "p2": _page(heading, ":46A:+FULL SET CLEAN ON BOARD BILLS OF LADING",
                    ":47A:+ALL DOCUMENTS MUST QUOTE THE CREDIT NUMBER",
                    ":71B:ALL CHARGES OUTSIDE SINGAPORE FOR BENEFICIARY",
                    ":48:21/FROM THE DATE OF SHIPMENT", cue="Page 2 of 2") + foot,
    }


_OTHERS = {
    "inv": _page("ORIENT VALVE MANUFACTURING PTE LTD", "COMMERCIAL INVOICE",
                 "Invoice No.: OV-26709", "Total Amount: USD 124,800.00"),
    "pl": _page("ORIENT VALVE MANUFACTURING PTE LTD", "PACKING LIST",
                "Packing List No.: PL-OV-26709", "Gross weight: 12,480.00 KGS"),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    return engine_for(tmp_path_factory.mktemp("tpl"), _TEMPLATES, "lc.sift")


@pytest.mark.parametrize("heading", list(_HEADINGS))
@pytest.mark.parametrize("order", ["p2 inv p1 pl", "inv p1 pl p2", "p1 p2 inv", "pl p2 p1"])
def test_page_2_of_a_document_joins_its_page_1_in_a_shuffled_packet(make_pdf, engine,
                                                                     heading, order):
    pages = {**_credit("LC26SG0003", _HEADINGS[heading]), **_OTHERS}
    names = order.split()
    result = engine.extract_packet(make_pdf(*(pages[n] for n in names)), name="lc.pdf")
    where = {n: k + 1 for k, n in enumerate(names)}
    assert result.unassigned_pages == [], result.reasons
    credit = [d for d in result.documents if d.template == "mt700"]
    assert len(credit) == 1, result.reasons
    assert credit[0].pages == [where["p1"], where["p2"]]  # in the order of the page cues
    record = credit[0].result
    assert record.status is Status.ACCEPTED, record.reasons
    assert str(record.value("lc_no")) == "LC26SG0003"
    assert "ALL CHARGES OUTSIDE SINGAPORE" in str(record.value("charges"))  # page 2's
    assert len(result.documents) == 1 + sum(n in _OTHERS for n in names)
    assert not [r for r in result.reasons if r.code == "unassigned_pages"]


def test_a_page_2_nothing_tells_between_two_documents_is_never_accepted(make_pdf, engine):
    """Guard: two credits of 2 pages each, one page 2 only, headed otherwise than both
    pages 1: nothing on it tells which it continues; it joins one and both go to review."""
    a, b = _credit("LC26SG0003", None), _credit("LC26SG0004", None)
    result = engine.extract_packet(make_pdf(a["p1"], b["p1"], a["p2"]), name="lc.pdf")
    assert result.unassigned_pages == []
    assert [d.pages for d in result.documents] == [[1], [2, 3]]  # the one next to it
    assert all(d.result.status is not Status.ACCEPTED for d in result.documents)
    assert result.status is not Status.ACCEPTED


def test_a_page_2_no_template_claims_still_needs_the_header(make_pdf, engine):
    """Guard: a "Page 2 of 2" that no template claims and whose heading is not the
    document's (another sender's letter) joins nothing: it stays unassigned."""
    letter = _page("Dear Sirs, please find the documents under the credit enclosed.",
                   "Yours faithfully", cue="Page 2 of 2")
    result = engine.extract_packet(make_pdf(_credit("LC26SG0003", None)["p1"], letter),
                                   name="lc.pdf")
    assert result.unassigned_pages == [2]
    assert [d.pages for d in result.documents] == [[1]]


def _uncounted(page: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    return [item for item in page if not item[2].startswith("Page ")]


def test_a_page_saying_continued_joins_the_document_before_it(make_pdf, engine):
    """Without page cues (journey's P10): a page its template claims whose top says
    "(continued)", right after a page of a document of that template, continues it."""
    credit = {k: _uncounted(v) for k, v in _credit("LC26SG0003", _HEADINGS["continued"]).items()}
    result = engine.extract_packet(make_pdf(_OTHERS["inv"], credit["p1"], credit["p2"],
                                            _OTHERS["pl"]), name="lc.pdf")
    assert result.unassigned_pages == [], result.reasons
    assert [(d.template, d.pages) for d in result.documents] == [
        ("invoice", [1]), ("mt700", [2, 3]), ("packing_list", [4])]
    record = result.documents[1].result
    assert record.status is Status.ACCEPTED, record.reasons
    assert "ALL CHARGES OUTSIDE SINGAPORE" in str(record.value("charges"))


def test_a_page_saying_continued_after_another_document_joins_nothing(make_pdf, engine):
    """Guard: the same page after a page of another document (no page cue, no identifier
    tells where it belongs in a shuffled file): it stays unassigned, as documented."""
    credit = {k: _uncounted(v) for k, v in _credit("LC26SG0003", _HEADINGS["continued"]).items()}
    result = engine.extract_packet(make_pdf(credit["p1"], _OTHERS["inv"], credit["p2"]),
                                   name="lc.pdf")
    assert result.unassigned_pages == [3]
    assert [(d.template, d.pages) for d in result.documents] == [("mt700", [1]),
                                                                ("invoice", [2])]


def test_a_later_page_without_its_document_is_said_so_not_a_cover_letter(make_pdf, engine):
    """A "Page 2 of 2" its template claims whose page 1 is not in the file stays
    unassigned; the reason says it is a later page of a document, not "a cover letter"."""
    credit = _credit("LC26SG0003", _HEADINGS["continued"])
    result = engine.extract_packet(make_pdf(_OTHERS["inv"], credit["p2"]), name="lc.pdf")
    assert result.unassigned_pages == [2]
    said = next(r.message for r in result.reasons if r.code == "unassigned_pages")
    assert "page 2 of 2" in said and "cover letter" not in said, said
