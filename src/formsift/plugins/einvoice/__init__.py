"""E-invoices embedded in PDFs (Factur-X, ZUGFeRD, XRechnung, UBL): the ``einvoice`` field
type and the ``embedded_xml`` segmenter that gives it the XML the PDF loader kept (see
:mod:`.components`; the XML is read by :mod:`.xml`), and the ``einvoice_xml`` loader of
e-invoice XML files on their own (:mod:`.loader`). docs/e-invoices.md tells the story.

The plugin's entry point is named ``xml_invoices``: entry points register in name order,
and the engine's default segmenter is the first one registered, which must stay the OCR
text detector (plugin ``ocr``).
"""

from __future__ import annotations

from formsift.core.hookspecs import hookimpl
from formsift.plugins.einvoice.components import EInvoiceType, EmbeddedXmlSegmenter
from formsift.plugins.einvoice.loader import EInvoiceXmlLoader


@hookimpl
def formsift_register_loaders() -> list[type]:
    return [EInvoiceXmlLoader]


@hookimpl
def formsift_register_field_types() -> list[type]:
    return [EInvoiceType]


@hookimpl
def formsift_register_segmenters() -> list[type]:
    return [EmbeddedXmlSegmenter]
