"""Files attached to a PDF's pages (``FileAttachment`` annotations): listed, not read.

Factur-X and ZUGFeRD place the e-invoice XML among the document's embedded files (read
by the PDF loader, see docs/e-invoices.md); some tools attach it to a page instead, as an
annotation (a paper-clip icon). formsift does not read those: :func:`note_page_attachments`
says in the page's notes that they are there (``attached_files``), so that an e-invoice
nobody compared with the print is visible, not silently left out.
"""

from __future__ import annotations

from typing import Any

from formsift.core.document import Page
from formsift.plugins.einvoice.xml import KNOWN_NAMES

#: At most this many attachments are listed per page (``not_listed`` counts the others).
MAX_LISTED = 20

#: What the note says about them.
WHY = ("a file attached to the page as an annotation is not read (the einvoice field "
       "reads the document's embedded files, where Factur-X places the XML)")


def note_page_attachments(doc: Any, pages: list[Page]) -> None:
    """Note each page of ``doc`` (a PyMuPDF document; ``pages`` its pages as loaded) that
    carries file attachment annotations: ``attached_files`` with their count, names,
    sizes and, for a name the standards give an e-invoice, ``known_as``. A damaged
    annotation is noted with why; it never stops the PDF from loading."""
    try:
        if not doc.has_annots():
            return
    except Exception:  # an older PyMuPDF, a damaged page tree: look page by page
        pass
    import pymupdf

    for page in pages:
        try:
            pdf_page = doc[page.index]  # (kept: an annotation is read through its page)
            annots = list(pdf_page.annots(types=[pymupdf.PDF_ANNOT_FILE_ATTACHMENT]))
        except Exception as exc:
            page.notes["attached_files"] = {"count": None, "read": False,
                                            "why": f"unreadable: {str(exc)[:80]}"}
            continue
        if not annots:
            continue
        files: list[dict[str, Any]] = []
        for annot in annots[:MAX_LISTED]:
            try:
                info = annot.file_info or {}
            except Exception as exc:
                files.append({"name": None, "why": f"unreadable: {str(exc)[:80]}"})
                continue
            name = str(info.get("filename") or info.get("description") or "")
            entry: dict[str, Any] = {"name": name}
            if isinstance(info.get("size"), int) and info["size"] >= 0:
                entry["size"] = info["size"]
            if name.lower() in KNOWN_NAMES:
                entry["known_as"] = KNOWN_NAMES[name.lower()]
            files.append(entry)
        note: dict[str, Any] = {"count": len(annots), "files": files, "read": False,
                                "why": WHY}
        if len(annots) > len(files):
            note["not_listed"] = len(annots) - len(files)
        page.notes["attached_files"] = note
