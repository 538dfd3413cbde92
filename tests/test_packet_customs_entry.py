"""A customs entry desk's packets (commercial invoice, packing list, an optional
certificate of origin), generated born-digital: the same file extracted again is a
duplicate as a single document is; an ``each`` rule over an absent optional role holds
nothing back, as a plain rule does; the packet's CSV rows never read as accepted while
their packet is in review (tests/test_packet_csv_columns.py); the packet's messages say
"in review" and leave an ``or``'s guard out (customs broker journey, findings 1, 2, 4)."""

from __future__ import annotations

from formsift import Engine
from formsift.core.result import Status

TEMPLATES = '''
template c_invoice {
  match {
    contains "COMMERCIAL INVOICE"
    contains "Invoice No."
    threshold 1
  }
  field invoice_no: id = right of "Invoice No."
  table items {
    description: text header "Description"
    origin: text header "Origin"
    qty: int header "Qty"
    until "Subtotal"
  }
}

template c_packing {
  match {
    contains "PACKING LIST"
    contains "Invoice No."
    threshold 1
  }
  field invoice_no: id = right of "Invoice No."
  table items {
    description: text header "Description"
    qty: int header "Qty"
    until "Total cartons"
  }
}

template c_origin {
  match {
    contains "CERTIFICATE OF ORIGIN"
    contains "Country of Origin"
    threshold 1
  }
  field origin: text = right of "Country of Origin:"
  field invoice_ref: id = right of "Invoice Reference:"
}
'''

PACKET = '''
packet entry {
  document inv: c_invoice
  document pl: c_packing
  document coo: c_origin?

  rule same_invoice_no: pl.invoice_no == inv.invoice_no
  rule line_qty: each inv.items: qty == lookup(description, pl.items.description, pl.items.qty)
  RULES
}
'''

ORIGIN_RULE = "rule coo_origin: each inv.items: origin == coo.origin"
LINES = [("Ball valve", 120), ("Gate valve", 40), ("Check valve", 75)]


def entry_pdf(origins: tuple[str, ...] = ("CN", "CN", "CN"), coo: str | None = "CN",
              packed: dict[str, int | str] | None = None, packing_list: bool = True,
              invoice_no: str = "SBE-26-5179", cartons: bool = False) -> bytes:
    """An invoice of LINES (each line's origin), a packing list (``packed``: other
    quantities by description, "" for a blank cell; ``cartons``: a Cartons column before
    Qty) and, unless ``coo`` is None, a certificate of origin saying that country."""
    import pymupdf

    packed = packed or {}
    doc = pymupdf.open()

    def page(head: list[str], header: tuple[str, ...], rows: list[tuple[str, ...]],
             foot: str) -> None:
        p = doc.new_page(width=595, height=842)
        y = 60
        for line in head:
            p.insert_text((50, y), line, fontsize=11)
            y += 18
        for row in [header, *rows]:
            y += 18
            for x, text in zip((50, 250, 350), row, strict=False):
                p.insert_text((x, y), text, fontsize=10)
        p.insert_text((50, y + 30), foot, fontsize=11)

    page(["COMMERCIAL INVOICE", f"Invoice No.  {invoice_no}"], ("Description", "Origin", "Qty"),
         [(d, o, str(q)) for (d, q), o in zip(LINES, origins, strict=True)],
         "Subtotal  1234.00")
    if packing_list:
        if cartons:
            page(["PACKING LIST", f"Invoice No.  {invoice_no}"],
                 ("Description", "Cartons", "Qty"),
                 [(d, "4", str(packed.get(d, q))) for d, q in LINES], "Total cartons  12")
        else:
            page(["PACKING LIST", f"Invoice No.  {invoice_no}"], ("Description", "Qty"),
                 [(d, str(packed.get(d, q))) for d, q in LINES], "Total cartons  12")
    if coo is not None:
        page(["CERTIFICATE OF ORIGIN", f"Invoice Reference: {invoice_no}",
              f"Country of Origin: {coo}"], (), [], "Issued by the chamber of commerce")
    return doc.tobytes()


def _engine(registry, tmp_path, rules: str = ORIGIN_RULE, **options) -> Engine:
    path = tmp_path / "customs.sift"
    path.write_text(TEMPLATES + PACKET.replace("RULES", rules))
    return Engine(templates=[path], registry=registry,
                  seen_store=options.pop("seen_store", "memory"), **options)


def _rule(result, name: str):
    return next(r for r in result.rules if r.name == name)


# ------------------------------------------------------------ finding 1: a copy sent again
NEW_ENTRY = "rule new_entry: not seen_before(inv.invoice_no) message \"invoice already entered\""


def test_a_packet_file_extracted_again_is_a_duplicate(registry, tmp_path):
    """The same PDF extracted twice was accepted twice: seen_before skips what the same
    file recorded, and the identical-file check ran for single documents only."""
    engine = _engine(registry, tmp_path, NEW_ENTRY, seen_store=tmp_path / "seen.db")
    data = entry_pdf()
    first = engine.extract_packet(data, name="P01.pdf")
    assert first.packet == "entry" and first.status is Status.ACCEPTED, first.reasons
    again = engine.extract_packet(data, name="P01.pdf")
    assert again.status is Status.REVIEW
    (dup,) = [r for r in again.reasons if r.code == "duplicate_document"]
    assert "this file was extracted before" in dup.message and "SBE-26-5179" in dup.message
    assert dup.refers_to is not None and dup.refers_to.document_id == first.document_id
    assert _rule(again, "new_entry").passed is True  # the rule itself skips its own file
    # another run, another engine on the same store: still the same file sent again
    later = _engine(registry, tmp_path, NEW_ENTRY, seen_store=tmp_path / "seen.db")
    assert later.extract_packet(data, name="P01.pdf").status is Status.REVIEW
    # the other side: a new packet, a packet template without seen_before, the service
    engine = _engine(registry, tmp_path, NEW_ENTRY)
    assert engine.extract_packet(entry_pdf(), name="a.pdf").status is Status.ACCEPTED
    other = engine.extract_packet(entry_pdf(invoice_no="SBE-26-5180"), name="b.pdf")
    assert other.status is Status.ACCEPTED, other.reasons
    plain = _engine(registry, tmp_path)  # no seen_before: nothing recorded, nothing said
    data = entry_pdf()
    for _ in range(2):
        result = plain.extract_packet(data, name="a.pdf")
        assert result.status is Status.ACCEPTED, result.reasons
    # the service says a file sent again itself (flag_resent=False)
    quiet = _engine(registry, tmp_path, NEW_ENTRY, flag_resent=False)
    for _ in range(2):
        assert quiet.extract_packet(data, name="a.pdf").status is Status.ACCEPTED


# ------------------------------------------------- finding 2: an absent optional role
def test_an_each_rule_over_an_absent_optional_role_holds_nothing_back(registry, tmp_path):
    """No certificate (role coo?) sent the packet to review: 'coo.origin' is blank in
    every row, while a plain rule over coo is not evaluated and holds nothing back."""
    engine = _engine(registry, tmp_path, ORIGIN_RULE + "\n  rule coo_ref: coo.invoice_ref "
                                                      "== inv.invoice_no")
    result = engine.extract_packet(entry_pdf(coo=None), name="P02.pdf")
    assert [d.role for d in result.documents] == ["inv", "pl"]
    rule = _rule(result, "coo_origin")
    assert rule.passed is None
    assert rule.message == ("not evaluated: coo.origin is missing (the packet has no coo "
                            "document)")
    assert _rule(result, "coo_ref").passed is None
    assert not [r for r in result.reasons if r.code == "rule_not_evaluated"], result.reasons
    assert result.status is Status.ACCEPTED
    # the other side: with a certificate, the rule checks every row and fails
    engine = _engine(registry, tmp_path)
    ok = engine.extract_packet(entry_pdf(), name="ok.pdf")
    assert _rule(ok, "coo_origin").passed is True and ok.status is Status.ACCEPTED
    other = engine.extract_packet(entry_pdf(coo="DE"), name="de.pdf")
    assert _rule(other, "coo_origin").passed is False and other.status is Status.REVIEW
    # and the row's own cell blank throughout is for a person to look at, as before
    path = tmp_path / "customs.sift"
    path.write_text(path.read_text().replace("origin: text header", "origin: text? header"))
    engine = Engine(templates=[path], registry=registry, seen_store="memory")
    result = engine.extract_packet(entry_pdf(origins=("", "", "")), name="blank.pdf")
    rule = _rule(result, "coo_origin")
    assert rule.passed is None and "blank in every row" in rule.message
    assert result.status is Status.REVIEW


# -------------------------------------------------------------- finding 4: messages
def test_a_document_not_accepted_is_said_to_be_in_review(registry, tmp_path):
    _engine(registry, tmp_path)
    path = tmp_path / "customs.sift"
    # the packing list's total is required and not printed: that document is in review
    path.write_text(path.read_text().replace(
        'field invoice_no: id = right of "Invoice No."\n  table items {\n    description: '
        'text header "Description"\n    qty: int header "Qty"',
        'field invoice_no: id = right of "Invoice No."\n  field gross: decimal = right of '
        '"Gross weight"\n  table items {\n    description: text header "Description"\n'
        '    qty: int header "Qty"'))
    engine = Engine(templates=[path], registry=registry, seen_store="memory")
    result = engine.extract_packet(entry_pdf(), name="p.pdf")
    said = [r.message for r in result.reasons if r.code == "document_review"]
    assert said and said[0].startswith("document 2 (c_packing, pages 2) is in review: "), said


def test_an_or_names_the_check_not_its_guard(registry, tmp_path):
    """'row 1: missing(coo.origin) is false; origin == coo.origin (DE against CN)': the
    guard's half said nothing."""
    engine = _engine(registry, tmp_path, "rule coo_origin: each inv.items: "
                                         "missing(coo.origin) or origin == coo.origin")
    result = engine.extract_packet(entry_pdf(origins=("CN", "DE", "CN")), name="p.pdf")
    rule = _rule(result, "coo_origin")
    assert rule.passed is False
    assert "missing(coo.origin)" not in rule.message.partition("does not hold")[2]
    assert "row 2: origin == coo.origin (DE against CN)" in rule.message, rule.message
    none = _engine(registry, tmp_path, "rule coo_origin: each inv.items: "
                                       "not present(coo.origin) or origin == coo.origin")
    message = _rule(none.extract_packet(entry_pdf(origins=("CN", "DE", "CN")),
                                        name="p.pdf"), "coo_origin").message
    assert "present(coo.origin) is true" not in message and "(DE against CN)" in message
    # an or of guards alone still names them: they are all it has
    from formsift.templates import compile_template
    from formsift.templates.rules import Scope
    from formsift.templates.runtime import _sides

    template = compile_template('template g {\n  field a: text? = right of "A:"\n'
                                '  field b: text? = right of "B:"\n'
                                '  rule one: present(a) or present(b)\n}\n')
    scope = Scope({"a": None, "b": None}, {})
    assert _sides(template.rules[0].expr, scope) == (": present(a) is false; present(b) "
                                                     "is false")
