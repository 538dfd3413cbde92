"""Documents for the service tests: generated samples, and one made to need review."""

from __future__ import annotations

import re


def invoice(seed: int = 1) -> tuple[bytes, dict]:
    from formsift.samples import generate

    s = generate("invoice", seed)
    return s.pdf, s.truth


def invoice_needing_review(seed: int = 1) -> tuple[bytes, dict, str]:
    """An invoice whose printed total is wrong by a digit (net + vat != total), so that the
    totals rule fails and the record goes to review. Returns (pdf, truth, printed total)."""
    import pymupdf

    pdf, truth = invoice(seed)
    digits = re.sub(r"\D", "", truth["total"])
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    page = doc[0]
    hits = [w for w in page.get_text("words") if re.sub(r"\D", "", w[4]) == digits]
    assert hits, "the sample's total is not printed as one word"
    x0, y0, x1, y1, text = hits[-1][:5]
    wrong = str((int(text[0]) % 9) + 1) + text[1:] if text[0].isdigit() else text
    assert wrong != text
    page.add_redact_annot(pymupdf.Rect(x0, y0, x1, y1))
    page.apply_redactions()
    page.insert_text((x0, y1 - 2), wrong, fontsize=(y1 - y0) * 0.8, fontname="helv")
    data = doc.tobytes()
    doc.close()
    return data, truth, wrong


def invoice_missing_a_line(seed: int = 1, line: int = 1) -> tuple[bytes, dict, dict]:
    """An invoice with one line item blanked out, so that the line items no longer add
    up to the net amount (the sum_items rule fails: review). Returns (pdf, truth, the
    missing line as the generator wrote it)."""
    import pymupdf

    pdf, truth = invoice(seed)
    item = truth["items"][line]
    digits = re.sub(r"\D", "", item["amount"])
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    page = doc[0]
    words = page.get_text("words")
    y = next(w[1] for w in words if re.sub(r"\D", "", w[4]) == digits)
    for w in words:
        if abs(w[1] - y) < 3:
            page.add_redact_annot(pymupdf.Rect(w[:4]))
    page.apply_redactions()
    data = doc.tobytes()
    doc.close()
    return data, truth, item


def labelled_pdf(*rows: tuple[float, str, str]) -> bytes:
    """A one-page PDF printing each ``(y, label, value)``: the label at x 50, its value at
    x 200, in 10 pt (the claim and invoice forms of the review tests)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    for y, label, value in rows:
        page.insert_text((50, y), label, fontsize=10)
        page.insert_text((200, y), value, fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data
