"""The ``einvoice_xml`` loader: an e-invoice XML file on its own (XRechnung CII or UBL, a
Peppol BIS UBL invoice, a Factur-X XML taken out of its PDF) is a document of one page.

The page has no print: its only word is the one the ``embedded_xml`` segmenter gives an
e-invoice attached to a PDF (:func:`~.components.payload`: the values read, one a line),
so a template's ``einvoice`` field reads the file as it reads a Factur-X attachment, and
rules check its parts (``xml.net_total + xml.tax_total == xml.grand_total``). Only an
``.xml`` file whose root element is a CII or UBL invoice is taken (other XML stays an
unsupported file type); it is read with the same safeguards (no DTD, bounded size).
"""

from __future__ import annotations

from typing import Any

from formsift.core.areas import code_words
from formsift.core.document import Document, Page
from formsift.core.errors import InputError
from formsift.core.kinds import Loader
from formsift.core.sources import Source
from formsift.plugins.einvoice.components import EmbeddedXml, EmbeddedXmlSegmenter
from formsift.plugins.einvoice.xml import _COMMENT, _FIRST_TAG, MAX_XML_BYTES, sniff, xml_text

_ROOT = _FIRST_TAG

#: The page an XML file is given: A4 in points (it is never drawn).
_A4 = (595.0, 842.0)


def _head(data: bytes) -> str:
    """The start of an XML file as text, for :func:`sniff` (a character cut off at the
    end of the head, or a wrong declaration, is no reason to refuse it here)."""
    head = data[:65536]
    try:
        return xml_text(head)
    except ValueError:
        for enc in ("utf-8", "utf-16"):
            try:
                return head.decode(enc, "ignore")
            except LookupError:  # (never)
                continue
    return ""


class _Blank:
    """A page renderer for a page with no print: a white image of the page's size (for
    what renders every page: the review tool, a region-first read)."""

    def __init__(self, files: list[EmbeddedXml]) -> None:
        self.embedded_xml = files

    def __call__(self, dpi: int) -> Any:
        import numpy as np

        w, h = (round(side * dpi / 72) for side in _A4)
        return np.full((h, w, 3), 255, np.uint8)


class EInvoiceXmlLoader(Loader):
    name = "einvoice_xml"
    version = "0.1.0"
    summary = ("E-invoice XML files on their own (XRechnung, Peppol BIS / UBL 2.1, CII): "
               "one page whose word is the invoice's values, for the einvoice field type")
    suffixes = (".xml",)

    def accepts(self, source: Source) -> bool:
        # any XML file: one that is no e-invoice is refused by load(), saying so
        return source.suffix == ".xml" and _head(source.data).lstrip("\ufeff \t\r\n"
                                                                     ).startswith("<")

    def load(self, source: Source) -> Document:
        data = source.data
        syntax = sniff(_head(data))
        if syntax is None:
            m = _ROOT.search(_COMMENT.sub("", _head(data)))
            root = f"its root element is {m.group(1)!r}, " if m else ""
            raise InputError(source.name, f"an XML file that is no e-invoice formsift reads "
                                          f"({root}not a CII CrossIndustryInvoice or a UBL "
                                          f"Invoice or CreditNote)",
                             hint="formsift reads e-invoice XML (XRechnung, Peppol BIS, "
                                  "Factur-X/ZUGFeRD CII): see docs/e-invoices.md")
        name = source.name.replace("\\", "/").rsplit("/", 1)[-1]  # the record's attachment
        if len(data) > MAX_XML_BYTES:
            file = EmbeddedXml(name, None, f"over {MAX_XML_BYTES:,} bytes")
        else:
            try:
                file = EmbeddedXml(name, xml_text(data))
            except ValueError as exc:
                file = EmbeddedXml(name, None, str(exc))
        page = Page(index=0, width=_A4[0], height=_A4[1], has_text_layer=True,
                    renderer=_Blank([file]))
        segmenter = EmbeddedXmlSegmenter()
        words = code_words(segmenter.segment(None, page), page)
        page.set_words(words)
        page.notes[segmenter.name] = {"codes": len(words)}
        page.notes["einvoice_xml"] = {"name": name, "einvoice": syntax}
        return Document(id=source.id, name=source.name, media_type="application/xml",
                        pages=[page], loader=self.name, size_bytes=len(data))
