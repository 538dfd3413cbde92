"""The shipped invoice template and credit notes: a credit note, corrective invoice or
debit note printed on the supplier's invoice form, with positive amounts, was accepted as
an invoice (a payable) unless titled "Credit note" or "Gutschrift"; and an invoice whose
terms mention a credit note was no invoice at all."""

from __future__ import annotations

import pytest

from formsift import Engine

BODY = """Invoice number INV-2026-0042
Invoice date 2026-11-28
Due date 2026-12-28
Description          Qty   Unit price   Amount
Consulting services   2     100.00      200.00
Subtotal 200.00
VAT 19% 38.00
Total 238.00
IBAN DE89 3704 0044 0532 0130 00
"""


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry)


def _extract(engine, tmp_path, title: str, footer: str = ""):
    doc = tmp_path / "doc.txt"
    doc.write_text(f"Kessler & Sohn KG          {title}\n22 Station Road\n{BODY}{footer}",
                   encoding="utf-8")
    return engine.extract(doc)


@pytest.mark.parametrize("title", [
    "CREDIT MEMO", "Credit Memo", "AVOIR", "Facture d'avoir", "NOTA DI CREDITO",
    "RECHNUNGSKORREKTUR", "FAKTURA KORYGUJĄCA", "ABONO", "DEBIT NOTE", "CREDIT NOTE",
    "Gutschrift", "Nota de crédito", "Factura rectificativa", "Creditnota",
    "FACTURA DE ABONO", "Abono", "AVOIR N° 12",
])
def test_a_credit_or_debit_note_is_no_invoice(engine, tmp_path, title):
    result = _extract(engine, tmp_path, title)
    assert result.template is None or result.status != "accepted", (title, result.status)


def _second_line_title(engine, tmp_path, title: str):
    doc = tmp_path / "doc.txt"
    doc.write_text(f"Kessler & Sohn KG\n{title}\n{BODY}", encoding="utf-8")
    return engine.extract(doc)


@pytest.mark.parametrize("title", ["Credit Memo", "Nota di credito", "Avoir n° 12"])
def test_a_title_line_in_any_case_is_a_credit_note(engine, tmp_path, title):
    result = _second_line_title(engine, tmp_path, title)
    assert result.template is None or result.status != "accepted", title


@pytest.mark.parametrize("footer", [
    "Returns are settled by credit note within 14 days.\n",
    "Rücksendungen werden per Gutschrift verrechnet.\n",
    "Payment: ABONO EN CUENTA\n",
    # words of a title in other senses, at a line's start or in capitals (the code read)
    "ABONO EN CUENTA A 30 DIAS FECHA FACTURA\n",
    "Abono mediante transferencia a la cuenta indicada\n",
    "MERCI DE NOUS AVOIR CHOISIS / THANK YOU FOR YOUR ORDER\n",
])
def test_an_invoice_mentioning_a_credit_note_stays_an_invoice(engine, tmp_path, footer):
    result = _extract(engine, tmp_path, "INVOICE", footer)
    assert result.template is not None and result.template.startswith("invoice")
    assert result.status == "accepted", result.reasons
    assert str(result.record()["total"]) == "238.00"
