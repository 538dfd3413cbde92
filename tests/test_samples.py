"""The sample-document generator: truth contract, arithmetic, variation, determinism."""

from __future__ import annotations

import calendar
import json
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from formsift.samples import DEGRADATIONS, KINDS, Sample, encode_png, generate, packet
from formsift.samples.money import amount, grouped, iban_check_digits, written_date
from tests.pdfs import same_document

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "examples" / "documents"
SEEDS = range(12)

FIELDS = {
    "invoice": {"invoice_no", "invoice_date", "due_date", "seller", "iban", "currency", "net",
                "vat", "total", "vat_rate", "items"},
    "receipt": {"merchant", "date", "total", "items", "cash", "change"},
    "delivery_note": {"note_no", "date", "customer", "items", "received_by"},
    "payslip": {"employee", "employee_id", "period_start", "period_end", "gross", "tax",
                "social", "net_pay", "iban"},
}
ROW_FIELDS = {
    "invoice": {"description", "qty", "unit_price", "amount"},
    "receipt": {"description", "amount"},
    "delivery_note": {"article", "description", "qty_ordered", "qty_delivered"},
}
MONEY = {"invoice": ("net", "vat", "total"), "receipt": ("total",),
         "payslip": ("gross", "tax", "social", "net_pay")}
DATES = {"invoice": ("invoice_date", "due_date"), "receipt": ("date",),
         "delivery_note": ("date",), "payslip": ("period_start", "period_end")}
MONEY_RE = re.compile(r"^-?\d+\.\d{2}$")


def D(s: str) -> Decimal:
    assert MONEY_RE.match(s), f"not a money string: {s!r}"
    return Decimal(s)


def q(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def valid_iban(code: str) -> bool:
    moved = code[4:] + code[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def pdf_words(pdf: bytes) -> list[str]:
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [w[4] for page in doc for w in page.get_text("words")]


@pytest.fixture(scope="module")
def samples() -> dict[tuple[str, int], Sample]:
    return {(k, s): generate(k, s) for k in KINDS for s in SEEDS}


# -- the truth contract ----------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_truth_has_exactly_the_contract_fields(kind, samples):
    for seed in SEEDS:
        sample = samples[kind, seed]
        assert sample.kind == kind
        assert sample.name == f"{kind}-{seed:03d}"
        assert sample.pdf.startswith(b"%PDF-")
        assert set(sample.truth) == FIELDS[kind]
        for row in sample.truth.get("items", []):
            assert set(row) == ROW_FIELDS[kind]
        for key in MONEY.get(kind, ()):
            D(sample.truth[key])
        for key in DATES[kind]:
            date.fromisoformat(sample.truth[key])
        json.dumps(sample.truth)  # JSON-ready, no Decimal or date objects


@pytest.mark.parametrize("kind", ["invoice", "receipt", "delivery_note"])
def test_tables_have_two_to_eight_rows_and_vary(kind, samples):
    counts = {len(samples[kind, s].truth["items"]) for s in SEEDS}
    assert min(counts) >= 2 and max(counts) <= 8
    assert len(counts) >= 3


def test_invoice_arithmetic_is_exact(samples):
    for seed in SEEDS:
        t = samples["invoice", seed].truth
        for row in t["items"]:
            assert isinstance(row["qty"], int) and row["qty"] > 0
            assert q(row["qty"] * D(row["unit_price"])) == D(row["amount"])
        net = D(t["net"])
        assert sum((D(r["amount"]) for r in t["items"]), Decimal(0)) == net
        assert q(net * Decimal(t["vat_rate"]) / 100) == D(t["vat"])
        assert net + D(t["vat"]) == D(t["total"])
        assert t["vat_rate"] in {"7", "19", "20"}
        assert t["currency"] == "EUR"
        assert t["due_date"] > t["invoice_date"]
        assert re.fullmatch(r"(INV|RE)-\d{4}-\d{4}", t["invoice_no"])


def test_receipt_items_add_up(samples):
    for seed in SEEDS:
        t = samples["receipt", seed].truth
        assert sum((D(r["amount"]) for r in t["items"]), Decimal(0)) == D(t["total"])
        assert D(t["cash"]) - D(t["change"]) == D(t["total"]) and D(t["change"]) >= 0


def test_payslip_net_pay_and_period(samples):
    for seed in SEEDS:
        t = samples["payslip", seed].truth
        assert D(t["gross"]) - D(t["tax"]) - D(t["social"]) == D(t["net_pay"])
        start, end = date.fromisoformat(t["period_start"]), date.fromisoformat(t["period_end"])
        assert start.day == 1 and (start.year, start.month) == (end.year, end.month)
        assert end.day == calendar.monthrange(end.year, end.month)[1]


def test_delivery_notes_quantities(samples):
    for seed in SEEDS:
        t = samples["delivery_note", seed].truth
        assert t["received_by"] and re.fullmatch(r"DN-\d{4}-\d{5}", t["note_no"])
        for row in t["items"]:
            assert re.fullmatch(r"A-\d{4}", row["article"])
            assert isinstance(row["qty_ordered"], int) and isinstance(row["qty_delivered"], int)
            assert 0 <= row["qty_delivered"] <= row["qty_ordered"]


@pytest.mark.parametrize("kind", ["invoice", "payslip"])
def test_ibans_are_valid_and_printed_in_groups_of_four(kind, samples):
    from stdnum import iban as stdnum_iban

    for seed in SEEDS:
        sample = samples[kind, seed]
        code = sample.truth["iban"]
        assert re.fullmatch(r"DE\d{20}", code)
        assert valid_iban(code) and stdnum_iban.is_valid(code)
        assert grouped(code) in " ".join(sample.words_truth)


def test_iban_check_digits_match_a_published_example():
    # the IBAN used as an example throughout ISO 13616 documentation
    assert iban_check_digits("DE", "370400440532013000") == "89"


# -- what is printed ---------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_words_truth_is_what_the_pdf_contains(kind, samples):
    for seed in (0, 1, 5):
        sample = samples[kind, seed]
        assert Counter(pdf_words(sample.pdf)) == Counter(sample.words_truth)


@pytest.mark.parametrize("kind", KINDS)
def test_only_base14_fonts_are_used(kind, samples):
    import pymupdf

    with pymupdf.open(stream=samples[kind, 0].pdf, filetype="pdf") as doc:
        fonts = {f[3] for page in doc for f in page.get_fonts()}
        assert all(f[1] == "n/a" for page in doc for f in page.get_fonts())  # not embedded
    assert fonts <= {"Helvetica", "Helvetica-Bold", "Courier", "Courier-Bold", "Times-Italic"}


def test_invoice_prints_its_values_in_the_documents_language(samples):
    languages = set()
    for seed in SEEDS:
        sample = samples["invoice", seed]
        t, text = sample.truth, " ".join(sample.words_truth)
        lang = "de" if "RECHNUNG" in text else "en"
        assert ("INVOICE" in text) == (lang == "en")
        languages.add(lang)
        issued = date.fromisoformat(t["invoice_date"])
        if lang == "de":
            assert f"{issued:%d.%m.%Y}" in text
        else:
            assert issued.isoformat() in text or written_date(issued, "en", 0) in text
        for key in ("net", "vat", "total"):
            assert amount(Decimal(t[key]), lang) in text
        for row in t["items"]:
            assert amount(Decimal(row["unit_price"]), lang) in text
        assert t["invoice_no"] in text and t["seller"] in text
        assert f"{t['vat_rate']}%" in text
    assert languages == {"en", "de"}


def test_amount_and_date_formatting():
    assert amount(Decimal("1234.5"), "en") == "1,234.50"
    assert amount(Decimal("1234.5"), "de") == "1.234,50"
    assert amount(Decimal("1234567.005"), "de") == "1.234.567,01"
    assert amount(Decimal("12"), "en") == "12.00"
    assert written_date(date(2024, 3, 3), "de") == "03.03.2024"
    assert written_date(date(2024, 3, 3), "en", 0) == "3 March 2024"
    assert written_date(date(2024, 3, 3), "en", 1) == "2024-03-03"


def test_label_wording_and_layout_vary_with_the_seed(samples):
    texts = [" ".join(samples["invoice", s].words_truth) for s in SEEDS]
    for variants in (("Invoice No.", "Invoice number"), ("Subtotal", "Net amount"),
                     ("Rechnungsnummer", "Rechnung Nr."), ("Gesamtbetrag", "Rechnungsbetrag")):
        assert all(any(v in t for t in texts) for v in variants), variants
    import pymupdf

    lefts = set()
    for seed in SEEDS:
        with pymupdf.open(stream=samples["invoice", seed].pdf, filetype="pdf") as doc:
            first = doc[0].get_text("words")[0]
            lefts.add(round(first[0]))
    assert len(lefts) >= 5
    receipts = {samples["receipt", s].truth["merchant"] for s in SEEDS}
    assert len(receipts) >= 4


def test_receipts_are_narrow_monospaced_pages_with_varied_dates(samples):
    import pymupdf

    seen = set()
    for seed in SEEDS:
        sample = samples["receipt", seed]
        with pymupdf.open(stream=sample.pdf, filetype="pdf") as doc:
            assert doc[0].rect.width == 226 and doc[0].rect.height > 300
        printed = next(w for i, w in enumerate(sample.words_truth)
                       if i and sample.words_truth[i - 1] == "DATE:")
        seen.add(re.sub(r"\d", "9", printed))
    assert len(seen) >= 3


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="known: invoice"):
        generate("credit_note")


# -- determinism -------------------------------------------------------------------------

def test_same_seed_same_bytes_and_different_seeds_differ():
    for kind in KINDS:
        a, b = generate(kind, 7), generate(kind, 7)
        assert a.pdf == b.pdf and a.truth == b.truth and a.words_truth == b.words_truth
        assert generate(kind, 8).pdf != a.pdf


def test_bytes_are_the_same_in_another_process():
    code = ("import hashlib, sys; from formsift.samples import KINDS, generate, packet; "
            "print([hashlib.sha256(generate(k, 3).pdf).hexdigest() for k in KINDS], "
            "hashlib.sha256(packet(list(KINDS), 1, shuffle=True)[0]).hexdigest())")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, env={"PYTHONHASHSEED": seed, "LC_ALL": "C"}
                              ).stdout for seed in ("1", "2")}
    assert len(outputs) == 1
    import hashlib

    here = str([hashlib.sha256(generate(k, 3).pdf).hexdigest() for k in KINDS])
    assert outputs.pop().startswith(here)


@pytest.mark.parametrize("kind", KINDS)
def test_golden_files_are_up_to_date(kind):
    files = sorted((GOLDEN / kind).glob("*.pdf"))
    assert len(files) >= 3, "run: python scripts/make_samples.py"
    for pdf in files:
        seed = int(pdf.stem.rsplit("-", 1)[1])
        sample = generate(kind, seed)
        assert same_document(pdf.read_bytes(), sample.pdf), \
            f"{pdf} is stale: run scripts/make_samples.py"
        expected = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
        assert expected == sample.truth
        assert pdf.stat().st_size < 8000


@pytest.mark.parametrize("kind", KINDS)
def test_example_documents_are_up_to_date(kind):
    path = EXAMPLES / f"{kind}.pdf"
    assert same_document(path.read_bytes(), generate(kind, 0).pdf), \
        "run: make_samples.py --examples"


def test_importing_the_package_loads_no_heavy_dependency():
    code = ("import sys, formsift.samples; "
            "print(sorted(m for m in ('pymupdf', 'fitz', 'cv2', 'numpy') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "[]"


# -- scans ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def receipt_pdf() -> bytes:
    return generate("receipt", 1).pdf


def test_clean_render_has_the_page_size_at_the_resolution(receipt_pdf):
    import numpy as np

    from formsift.samples import render_scan

    (img,) = render_scan(receipt_pdf, dpi=72)
    assert isinstance(img, np.ndarray) and img.dtype == np.uint8 and img.ndim == 3
    assert img.shape[1] == 226 and img.shape[2] == 3
    (big,) = render_scan(receipt_pdf, dpi=144)
    assert big.shape[1] == 452
    assert img.min() < 50 and np.median(img) == 255  # dark text on white paper


@pytest.mark.parametrize("degrade", [d for d in DEGRADATIONS if d != "clean"])
def test_degradations_are_deterministic_and_change_the_image(receipt_pdf, degrade):
    import numpy as np

    from formsift.samples import render_scan

    clean = render_scan(receipt_pdf, 100)[0]
    (a,), (b,) = (render_scan(receipt_pdf, 100, degrade, seed=4) for _ in range(2))
    assert a.dtype == np.uint8 and a.ndim == 3 and a.shape[2] == 3
    assert np.array_equal(a, b)
    assert a.shape != clean.shape or not np.array_equal(a, clean)
    if degrade in ("noise", "skew", "photo", "all"):
        (c,) = render_scan(receipt_pdf, 100, degrade, seed=5)
        assert not np.array_equal(a, c)


def test_skew_keeps_white_corners_and_photo_darkens_the_background(receipt_pdf):
    from formsift.samples import render_scan

    (skewed,) = render_scan(receipt_pdf, 100, "skew", seed=1)
    assert skewed[0, 0].tolist() == [255, 255, 255]
    (photo,) = render_scan(receipt_pdf, 100, "photo", seed=1)
    assert photo[0, 0].max() < 120
    (lit,) = render_scan(receipt_pdf, 100, "lighting")
    corners = [int(lit[y, x].mean()) for y in (0, -1) for x in (0, -1)]
    assert max(corners) - min(corners) > 60  # brighter on one side than the other


def test_unknown_degradation_is_an_error(receipt_pdf):
    from formsift.samples import render_scan

    with pytest.raises(ValueError, match="unknown degradation"):
        render_scan(receipt_pdf, 72, "coffee-stain")


def test_encode_png_round_trips(receipt_pdf):
    import cv2
    import numpy as np

    from formsift.samples import render_scan

    (img,) = render_scan(receipt_pdf, 50, "noise")
    png = encode_png(img)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert np.array_equal(cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR), img)


# -- packets ----------------------------------------------------------------------------

def test_packet_concatenates_samples_in_order():
    import pymupdf

    kinds = ["invoice", "receipt", "payslip", "invoice"]
    data, layout = packet(kinds, seed=10)
    assert [k for k, _ in layout] == kinds
    assert [pages for _, pages in layout] == [[1], [2], [3], [4]]
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        assert doc.page_count == 4
        assert doc[1].rect.width == 226
        # document i is generate(kinds[i], seed + i)
        assert doc[3].get_text("words") == \
            pymupdf.open(stream=generate("invoice", 13).pdf, filetype="pdf")[0].get_text("words")
    assert packet(kinds, seed=10) == (data, layout)


def test_shuffled_packet_is_a_seeded_permutation():
    import pymupdf

    kinds = list(KINDS) * 2
    data, layout = packet(kinds, seed=2, shuffle=True)
    pages = [p for _, ps in layout for p in ps]
    assert sorted(pages) == list(range(1, len(kinds) + 1))
    assert pages != sorted(pages)
    assert packet(kinds, seed=2, shuffle=True) == (data, layout)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for i, (kind, (page,)) in enumerate(layout):
            width = doc[page - 1].rect.width
            assert (width == 226) == (kind == "receipt"), (i, kind, page)


# -- the script -------------------------------------------------------------------------

def test_make_samples_script_writes_pdfs_truth_and_scans(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_samples.py"),
                          "--out", str(tmp_path), "--count", "2", "--first-seed", "5",
                          "--kinds", "invoice", "receipt", "--scans"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in (tmp_path / "invoice").iterdir())
    assert names == ["invoice-005.json", "invoice-005.pdf", "invoice-005.png",
                     "invoice-006.json", "invoice-006.pdf", "invoice-006.png"]
    text = (tmp_path / "receipt" / "receipt-006.json").read_text(encoding="utf-8")
    truth = generate("receipt", 6).truth
    assert text == json.dumps(truth, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert (tmp_path / "receipt" / "receipt-006.png").read_bytes().startswith(b"\x89PNG")
    assert not (tmp_path / "payslip").exists()
