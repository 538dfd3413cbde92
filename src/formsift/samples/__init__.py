"""Deterministic sample documents with known truth, for tests, golden files and benchmarks.

``generate(kind, seed)`` returns a :class:`Sample`: a born-digital PDF of an invoice,
receipt, delivery note or payslip (or, for packets, a KYC form, ID card, proof of address,
cover letter or two-page invoice), the values a template must extract from it (``truth``,
JSON-ready) and every word printed (``words_truth``). ``render_scan`` turns a PDF into
page images, clean or degraded like a scan or phone photo; ``packet`` concatenates several
samples into one PDF; ``mrz_strip`` prints a machine-readable zone alone on a small page;
``rubber_stamp`` and ``round_stamp`` set a receiving office's stamp on a PyMuPDF page.
The same arguments always give the same bytes::

    from formsift.samples import generate, render_scan
    sample = generate("invoice", seed=3)      # sample.name == "invoice-003"
    sample.truth["total"]                     # a string such as "1234.50"
    pages = render_scan(sample.pdf, dpi=150, degrade="skew", seed=3)

PyMuPDF, NumPy and OpenCV are imported only when a function needs them.
"""

from __future__ import annotations

from formsift.samples.generator import KINDS, Sample, generate, packet
from formsift.samples.scans import DEGRADATIONS, encode_png, render_scan
from formsift.samples.stamps import round_stamp, rubber_stamp
from formsift.samples.strips import mrz_strip

#: Kinds made for packets (KYC form, ID card, proof of address, cover letter, two-page
#: invoice): see :mod:`formsift.samples.packets`.
PACKET_KINDS = ("kyc_form", "id_card", "proof_of_address", "letter", "invoice_2p")

__all__ = ["DEGRADATIONS", "KINDS", "PACKET_KINDS", "Sample", "encode_png", "generate",
           "mrz_strip", "packet", "render_scan", "round_stamp", "rubber_stamp"]
