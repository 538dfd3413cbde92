"""Splitting an archive's scanner batches (the paper-archive journey): a stack of one
employee's payslips, month after month, is one payslip per page (an employee's ID is on
each of them); pages merged into one record never lose a value silently; blank backs and
separator sheets are named as such and do not send a batch to review; a blank page
classified alone says it has no text; split runs count documents and say what OCR took."""

from __future__ import annotations

import json

import pytest

from formsift import Engine
from formsift.batch.run import BatchSummary
from formsift.core.result import Status

MONTHS = [  # (period, gross, tax, social, net)
    ("01.10.2021 - 31.10.2021", "4.200,00", "840,00", "840,00", "2.520,00"),
    ("01.11.2021 - 30.11.2021", "4.350,00", "870,00", "870,00", "2.610,00"),
    ("01.12.2021 - 31.12.2021", "5.100,00", "1.020,00", "1.020,00", "3.060,00"),
]
IBAN = "DE89 3704 0044 0532 0130 00"


def payslip_page(pdf, month: int, iban: bool = True) -> None:
    """One German payslip of employee 4711 on a page of its own (no page numbers)."""
    period, gross, tax, social, net = MONTHS[month]
    page = pdf.new_page(width=595, height=842)
    put = page.insert_text
    put((50, 60), "Muster Bau GmbH", fontsize=14, fontname="hebo")
    put((380, 62), "Gehaltsabrechnung", fontsize=14, fontname="hebo")
    y = 120
    for label, value in (("Mitarbeiter", "Anna Schulz"), ("Personalnummer", "4711"),
                         ("Abrechnungszeitraum", period)):
        put((50, y), label, fontsize=10)
        put((200, y), value, fontsize=10)
        y += 15
    y = 220
    for label, value in (("Bruttoverdienst", gross), ("Lohnsteuer", tax),
                         ("Sozialversicherung", social), ("Auszahlungsbetrag", net)):
        put((50, y), label, fontsize=10)
        put((400 - 6 * len(value), y), value, fontsize=10)
        y += 16
    if iban:
        put((50, y + 30), f"Überwiesen auf: IBAN {IBAN}", fontsize=9)


def invoice_page(pdf, number: str) -> None:
    page = pdf.new_page(width=595, height=842)
    put = page.insert_text
    put((50, 60), "Acme Supplies Ltd", fontsize=14, fontname="hebo")
    put((380, 62), "INVOICE", fontsize=16, fontname="hebo")
    y = 120
    for label, value in (("Invoice No.", number), ("Invoice date", "12/03/2021")):
        put((50, y), label, fontsize=10)
        put((200, y), value, fontsize=10)
        y += 15
    for x, head in ((50, "Description"), (300, "Qty"), (360, "Unit price"), (450, "Amount")):
        put((x, 170), head, fontsize=10)
    for x, cell in ((50, "Copy paper A4"), (300, "4"), (360, "25.00"), (450, "100.00")):
        put((x, 190), cell, fontsize=10)
    y = 220
    for label, value in (("Subtotal", "100.00"), ("VAT 20%", "20.00"), ("Total", "120.00")):
        put((300, y), label, fontsize=10)
        put((450, y), value, fontsize=10)
        y += 16
    put((50, y + 30), f"IBAN {IBAN}", fontsize=9)


def pdf_of(*pages) -> bytes:
    """A PDF of pages drawn by (function, args...) or None for a blank page."""
    import pymupdf

    pdf = pymupdf.open()
    for spec in pages:
        if spec is None:
            pdf.new_page(width=595, height=842)
        elif spec == "separator":
            page = pdf.new_page(width=595, height=842)
            for x in range(100, 500, 60):  # patch-code bars
                page.draw_rect(pymupdf.Rect(x, 200, x + 20, 500), color=(0, 0, 0),
                               fill=(0, 0, 0))
            page.insert_text((120, 640), "SEPARATOR", fontsize=54, fontname="hebo")
        elif spec == "letter":
            page = pdf.new_page(width=595, height=842)
            page.insert_text((50, 100), "Dear Sir or Madam, thank you for your letter of "
                             "March. We enclose the documents you asked for.", fontsize=10)
        else:
            spec[0](pdf, *spec[1:])
    return pdf.tobytes()


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry, seen_store="memory")


def test_one_employees_payslips_month_after_month_are_one_document_each(engine):
    """A simplex stack of one employee's payslips: the same Personalnummer on every page
    joined them into one accepted record; the later months were nowhere in the output and
    period_end was the next month's first day."""
    data = pdf_of((payslip_page, 0), (payslip_page, 1), (payslip_page, 2))
    result = engine.extract_packet(data, name="stack.pdf")
    assert [d.pages for d in result.documents] == [[1], [2], [3]]
    assert [d.result.record()["period_end"] for d in result.documents] == [
        "2021-10-31", "2021-11-30", "2021-12-31"]
    assert [str(d.result.record()["net_pay"]) for d in result.documents] == [
        "2520.00", "2610.00", "3060.00"]
    assert result.status is Status.ACCEPTED
    # why page 2 is not page 1's continuation is said
    assert any("Personalnummer" in e or "employee_id" in e
               for e in result.documents[1].evidence)


def test_one_employees_payslips_extracted_as_one_file_say_there_are_several(engine):
    """Without --split, a file of two payslips of one employee says it holds another."""
    data = pdf_of((payslip_page, 0), (payslip_page, 1))
    result = engine.extract(data, "payslip", name="two.pdf")
    assert result.status is Status.REVIEW
    assert "several_documents" in [r.code for r in result.reasons]


def test_pages_merged_into_one_record_show_the_values_they_disagree_on(engine):
    """The second payslip lacks its IBAN, so it is no whole payslip of its own and joins
    the first by the employee's number: its figures must not vanish silently."""
    data = pdf_of((payslip_page, 0), (payslip_page, 1, False))
    result = engine.extract_packet(data, name="merged.pdf")
    merged = [d for d in result.documents if d.pages == [1, 2]]
    assert merged, [d.pages for d in result.documents]
    reasons = merged[0].result.reasons
    said = [r for r in reasons if r.code == "pages_disagree"]
    assert said, [r.code for r in reasons]
    assert "2610" in said[0].message.replace(".", "").replace(",", "")  # page 2's net pay
    assert merged[0].result.status is not Status.ACCEPTED
    assert result.status is not Status.ACCEPTED


def test_a_two_page_document_sharing_its_number_is_still_one(engine):
    """A document's own number on both pages still joins them (no whole one on page 2)."""
    import pymupdf

    data = pdf_of((invoice_page, "INV-2021-0042"))
    pdf = pymupdf.open(stream=data, filetype="pdf")
    page = pdf.new_page(width=595, height=842)
    page.insert_text((50, 60), "Acme Supplies Ltd", fontsize=14, fontname="hebo")
    page.insert_text((50, 120), "Invoice No.", fontsize=10)
    page.insert_text((200, 120), "INV-2021-0042", fontsize=10)
    page.insert_text((50, 160), "Terms: payable within 30 days.", fontsize=10)
    result = engine.extract_packet(pdf.tobytes(), name="two-pages.pdf")
    assert [d.pages for d in result.documents] == [[1, 2]]


def test_blank_backs_and_separator_sheets_are_named_and_do_not_force_review(engine):
    data = pdf_of((invoice_page, "INV-2021-0001"), None, "separator",
                  (invoice_page, "INV-2021-0002"), None)
    result = engine.extract_packet(data, name="duplex.pdf")
    assert [d.pages for d in result.documents] == [[1], [4]]
    assert result.unassigned_pages == [2, 3, 5]  # every page accounted for
    assert result.blank_pages == [2, 5]
    assert result.separator_pages == [3]
    kinds = [c.kind for c in result.page_classification]
    assert kinds == ["document", "blank", "separator", "document", "blank"]
    assert all(d.result.status is Status.ACCEPTED for d in result.documents)
    assert result.status is Status.ACCEPTED, [r.message for r in result.reasons]
    assert result.record()["blank_pages"] == [2, 5]
    # what reading the file took is said: the packet's, and each page OCR read
    assert {"load", "recognize", "split", "total"} <= set(result.timings_ms)
    assert result.page_classification[1].recognize_ms is not None


def test_a_page_with_text_no_template_claims_still_forces_review(engine):
    data = pdf_of((invoice_page, "INV-2021-0001"), None, "letter")
    result = engine.extract_packet(data, name="letter.pdf")
    assert result.unassigned_pages == [2, 3]
    assert result.blank_pages == [2]
    assert result.status is Status.REVIEW
    said = [r for r in result.reasons if r.code == "unassigned_pages"]
    assert said and "page(s) 3 match no template" in said[0].message
    assert "2 blank" in said[0].message


def test_a_blank_page_classified_alone_says_it_has_no_text(engine):
    """Without a template, a blank scan was only an 'unknown document'; with one it said
    no_text."""
    result = engine.extract(pdf_of(None), name="blank.pdf")
    assert result.status is Status.REVIEW
    assert result.reasons[0].code == "no_text"


def test_the_summary_of_a_split_run_counts_documents():
    summary = BatchSummary(split=True, inputs=2)
    summary.statuses.update({"review": 2})
    summary.documents.update({"accepted": 18, "review": 4})
    summary.wall_seconds = 10.0
    table = summary.table()
    assert "documents in the files of this run: 22 (accepted 18, review 4, rejected 0)" \
        in table
    assert "files/s" in table and "2.20 documents/s" in table
    assert "docs/s" not in table
    data = summary.as_dict()
    assert data["documents"] == {"accepted": 18, "review": 4, "rejected": 0}
    assert json.dumps(data)
    assert "documents" not in BatchSummary().as_dict()  # a run of single records


def test_a_split_batch_counts_the_documents_of_its_files(tmp_path, registry):
    from formsift.batch.run import run_batch

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.pdf").write_bytes(pdf_of(
        (invoice_page, "INV-2021-0001"), "letter", (invoice_page, "INV-2021-0002")))
    run = run_batch([str(tmp_path / "in")], output=str(tmp_path / "out.jsonl"), split=True,
                    workers=1, seen_store="memory")
    items = list(run)
    assert [i.status for i in items] == ["review"]
    assert items[0].documents == {"accepted": 2}
    assert run.summary.documents == {"accepted": 2}


def test_a_few_faint_words_showing_through_are_a_blank_page(engine):
    """The back of a sheet whose front shows through: OCR reads a few mirrored words
    ('gton yiavilea') from print far lighter than any text of the page's own."""
    import pymupdf

    pdf = pymupdf.open(stream=pdf_of((invoice_page, "INV-2021-0001")), filetype="pdf")
    back = pdf.new_page(width=595, height=842)
    back.insert_text((60, 80), "gton yiavilea ilgqu ello", fontsize=14,
                     color=(0.8, 0.8, 0.8))
    dark = pdf.new_page(width=595, height=842)
    dark.insert_text((60, 80), "Handwritten note: call back", fontsize=14)
    # as a scan's OCR reads them (a text layer's words are print, never show-through)
    from formsift.templates.packet_runner import extract_packet

    doc = engine.load(pdf.tobytes(), name="bleed.pdf")
    for page in doc.pages[1:]:
        for w in page.words:
            w.source = "ppocr_rec"
    result = extract_packet(engine, doc)
    assert result.blank_pages == [2]
    assert [c.kind for c in result.page_classification] == ["document", "blank", "unknown"]
    assert result.status is Status.REVIEW  # page 3's text is no document's


def test_a_separator_sheet_classified_alone_is_named(engine):
    result = engine.extract(pdf_of("separator"), name="sep.pdf")
    assert [r.code for r in result.reasons] == ["unknown_document"]
    assert "separator sheet" in result.reasons[0].message


def test_a_split_leaves_the_engines_page_hook_alone(registry):
    """The review of this change: extract_packet swapped engine.on_page_read for a timing
    wrapper while it read the pages, so two packets extracted at once on one engine (a web
    app's threads share it) could leave a stale wrapper installed, holding a document. The
    page times come from recognition itself now."""
    engine = Engine(registry=registry, seen_store="memory")
    seen = []

    def hook(doc, done, total):
        seen.append(engine.on_page_read is hook)

    engine.on_page_read = hook
    result = engine.extract_packet(pdf_of((invoice_page, "INV-2021-0001"), None),
                                   name="two.pdf")
    assert seen and all(seen)
    assert engine.on_page_read is hook
    assert result.page_classification[0].recognize_ms is None  # a text layer: not read
    assert result.page_classification[1].recognize_ms is not None  # the blank page: OCR


@pytest.mark.parametrize("note", ["Paid 12/03/2021 J.S.", "Notes: goods returned"])
def test_a_few_printed_words_on_a_text_layer_are_no_blank_page(engine, note):
    """The code read of this change: a born-digital page with a short note in 10 pt has
    little ink, and the rule for faint show-through on scans called it blank, so the
    packet was accepted with the note's page set aside unseen."""
    import pymupdf

    pdf = pymupdf.open(stream=pdf_of((invoice_page, "INV-2021-0001"), None))
    pdf[1].insert_text((60, 100), note, fontsize=10)
    result = engine.extract_packet(pdf.tobytes(), name="note.pdf")
    assert result.unassigned_pages == [2] and result.blank_pages == []
    assert result.page_classification[1].kind == "unknown"
    assert result.status is Status.REVIEW
