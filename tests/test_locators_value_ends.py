"""Where a value beside or under its label ends: a bracketed amount runs on past the
column window of ``below`` to its closing bracket; a blank field's value never comes from
after the next label on its row (a phrase ending in ':')."""

from __future__ import annotations

from tests.words import laid_out, run, tpl, values, words_doc

# -- finding: below cuts a bracketed amount -------------------------------------------

BELOW = '''template t {
  locale "es_ES"
  currency "EUR"
  field x: money = below "Total factura"
  field y: money = right of "Retención IRPF (15%)"
}'''


def test_below_reads_a_bracketed_amount_to_its_closing_bracket(make_pdf, registry):
    """A user's bug (Spanish invoice): under "Total factura" the next line's "(225,00 €)"
    lay partly past the column window: 'below' read "(225,00", dropped the unmatched "("
    and gave 225.00, where 'right of' on the same line read -225.00."""
    import pymupdf

    from formsift.core.engine import Engine

    def right(text, y):
        w = pymupdf.get_text_length(text, fontname="helv", fontsize=10)
        return (545 - w, y, text)

    pdf = make_pdf([(300, 200, "Total factura"), right("1.815,00 EUR", 200),
                    (300, 217, "Retención IRPF (15%)"), right("(225,00 EUR)", 217),
                    (300, 234, "Total a pagar"), right("1.590,00 EUR", 234)])
    res = Engine(registry=registry).extract(pdf, template=tpl(BELOW, registry))
    assert str(res.fields["y"].value) == "-225.00"
    assert str(res.fields["x"].value) == "-225.00"
    assert res.fields["x"].raw.startswith("(") and res.fields["x"].raw.endswith(")")


# -- finding: a blank field takes what follows the next label on its row -----------

CERTIFIED = '''template t {
  locale "en_US"
  currency "USD"
  field due: money = right of "Current Payment Due"
  field certified: money? = right of "Amount Certified" handwritten
  field initials: text? = right of "Initials"
}'''


def test_a_blank_amount_does_not_take_the_handwriting_after_the_next_label(registry):
    """A user's bug (pay application on a scan): "Amount Certified:" left blank, and
    "Site Manager Initials: JM" further along the row: the record went to review because
    the handwritten "JM" 'does not read as a money value' for amount_certified."""
    (due, cert) = laid_out(
        (("8.", 0), ("Current", 0.01), ("Payment", 0.01), ("Due", 0.01), ("$", 0.2),
         ("58,680.00", 0.01)),
        (("Amount", 0), ("Certified:", 0.01), ("Site", 0.25), ("Manager", 0.01),
         ("Initials:", 0.01), ("JM", 0.02)))
    cert = (*cert[:-1], (*cert[-1], True))
    ex = run(CERTIFIED, words_doc(due, cert), registry)
    assert values(ex) == {"due": "58680.00", "certified": None, "initials": "JM"}
    assert not [r for r in ex.reasons if r.field == "certified"], ex.reasons


def test_an_amount_before_the_next_label_is_still_read(registry):
    (cert,) = laid_out((("Amount", 0), ("Certified:", 0.01), ("12,000.00", 0.02),
                        ("Initials:", 0.2), ("7", 0.02)))
    ex = run(CERTIFIED, words_doc(cert), registry)
    assert values(ex)["certified"] == "12000.00"
    # and the next label's number is no rival of it
    (cert,) = laid_out((("Amount", 0), ("Certified:", 0.01), ("Initials:", 0.2),
                        ("7", 0.02)))
    ex = run(CERTIFIED, words_doc(cert), registry)
    assert values(ex)["certified"] is None


def test_a_label_found_as_the_start_of_its_phrase_still_reads_after_the_phrase(registry):
    """The Spanish scan "Fecha de emisi6n: 04/12/2026" with a regex label that matched
    only "Fecha": the rest of its own phrase ends in a colon and is no next label."""
    src = """template t {
  locale "es_ES"
  field issued: date = right of /Fecha(?! de vencimiento)( factura| de emisión)?/
  field certified: money? = right of "Amount Certified"
}"""
    (issued, cert) = laid_out((("Fecha", 0), ("de", 0.01), ("emisi6n:", 0.01),
                               ("04/12/2026", 0.01)),
                              (("Amount", 0), ("Certified:", 0.01), ("Initials:", 0.01),
                               ("7", 0.01)))
    ex = run(src, words_doc(issued, cert), registry)
    assert values(ex) == {"issued": "2026-12-04", "certified": None}

