"""A fax's speck beside a label's colon is no value: "Devise :. EUR" gave the currency
':.' and "N° de commande : . BC45482" no order number (the lone '.' was taken for the
value, refused as an id, and the number after it never tried): two needless reviews, and
a wrong currency, on one faxed purchase order (journey JS of stop 43)."""

from __future__ import annotations

from tests.words import run, values, words_doc

SRC = '''template t {
  field po_no: id = right of "N° de commande"
  field currency: text = right of "Devise"
  field ref: text? = right of "Référence"
  field total: money = right of "Total TTC"
}'''


def _doc(*extra):
    return words_doc(
        (("N°", 0.067, 0.085), ("de", 0.088, 0.106), ("commande", 0.109, 0.189),
         (":", 0.192, 0.201), (".", 0.201, 0.210), ("BC45482", 0.278, 0.341)),
        (("Devise", 0.068, 0.113), (":.", 0.119, 0.132), ("EUR", 0.277, 0.309)),
        (("Total", 0.640, 0.675), ("TTC", 0.682, 0.707), (":", 0.710, 0.716),
         ("-", 0.80, 0.81), ("1", 0.82, 0.83), ("234,56", 0.84, 0.88)),
        *extra)


def test_a_speck_after_the_labels_colon_is_no_value(registry):
    got = values(run(SRC, _doc(), registry))
    assert got["po_no"] == "BC45482"
    assert got["currency"] == "EUR"
    assert got["total"] == "-1234.56"  # a minus before the number is still its sign


def test_a_label_followed_by_specks_alone_has_no_value(registry):
    """Nothing but the colon and a speck right of the label: the field is blank, not '.'."""
    got = values(run(SRC, _doc((("Référence", 0.068, 0.14), (":", 0.142, 0.15),
                                (".", 0.151, 0.156)),), registry))
    assert got["ref"] is None



def test_a_speck_after_a_colon_printed_on_the_label_is_no_value(registry):
    """As English and German print it, the colon on the label's word ("Currency: . EUR",
    "Order No: . BC45482"): the speck was the currency ('.', accepted) and the order
    number was missing (code read r6 of stop 43)."""
    src = '''template t {
  field po_no: id = right of "Order No"
  field currency: text = right of "Currency"
  field note: text? = right of "Note"
  field total: money = right of "Total"
}'''
    doc = words_doc((("Order", 0.067, 0.11), ("No:", 0.114, 0.14), (".", 0.15, 0.156),
                     ("BC45482", 0.278, 0.341)),
                    (("Currency:", 0.068, 0.14), (".", 0.15, 0.156), ("EUR", 0.277, 0.309)),
                    (("Note:", 0.068, 0.11), (".", 0.12, 0.126)),
                    (("Total:", 0.068, 0.11), (".50", 0.12, 0.15)))
    got = values(run(src, doc, registry))
    assert got == {"po_no": "BC45482", "currency": "EUR", "note": None,
                   "total": "0.50"}  # a point that starts the value stays its own
