"""``each signers: not seen_before(name)``: a duplicate check over a table's rows records
and asks each row's value, as a field's check does (petitions journey, stop 32, finding 2:
the same signer on two sheets passed, because the row values were neither recorded nor
asked)."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.core.result import Status

TEMPLATE = """template sheet {
  match { contains "PETITION" }
  field circulator: text = right of "Circulator:"
  table signers {
    name: text header "Printed Name"
    until "Circulator:"
  }
  rule new_signer: each signers: not seen_before(name)
}
"""


def _sheet(make_pdf, names, circulator="Janet Rowe"):
    items = [(50, 60, "PETITION"), (50, 100, "Printed Name")]
    items += [(50, 120 + 20 * i, name) for i, name in enumerate(names)]
    items.append((50, 140 + 20 * len(names), f"Circulator: {circulator}"))
    return make_pdf(items)


def _engine(tmp_path, template=TEMPLATE):
    path = tmp_path / "sheet.sift"
    path.write_text(template)
    return Engine(templates=[path], seen_store="memory")


def test_a_signer_on_an_earlier_sheet_fails_the_row(tmp_path, make_pdf):
    engine = _engine(tmp_path)
    sheet = _sheet(make_pdf, ["Margaret Hollis", "Daniel Okafor"])
    first = engine.extract(sheet, template="sheet")
    assert first.status == Status.ACCEPTED, first.reasons
    second = engine.extract(_sheet(make_pdf, ["Priya Natarajan", "daniel okafor",
                                              "Lucy Carver"], "Owen Price"),
                            template="sheet")
    assert second.status == Status.REVIEW, second.reasons
    rule = next(r for r in second.rules if r.name == "new_signer")
    assert rule.passed is False
    assert rule.rows == [1]  # the second row, 0-based
    failed = next(r for r in second.reasons if r.rule == "new_signer")
    assert failed.code == "rule_failed"
    assert failed.refers_to is not None and failed.refers_to.document_id == first.document_id
    # the first sheet extracted again is no duplicate of the second, nor of itself (its
    # own rows' values) by the rule: a copy sent again is said so, duplicate_document
    again = engine.extract(sheet, template="sheet")
    assert not any(r.rule == "new_signer" for r in again.reasons), again.reasons
    assert [r.code for r in again.reasons] == ["duplicate_document"]


def test_new_signers_pass(tmp_path, make_pdf):
    engine = _engine(tmp_path)
    assert engine.extract(_sheet(make_pdf, ["Margaret Hollis"]),
                          template="sheet").status == Status.ACCEPTED
    other = engine.extract(_sheet(make_pdf, ["Aisha Rahman", "George Bennett"], "Owen Price"),
                           template="sheet")
    assert other.status == Status.ACCEPTED, other.reasons


def test_a_key_of_a_column_and_a_field(tmp_path, make_pdf):
    """seen_before(circulator, name): a row's value with a field's makes its key."""
    engine = _engine(tmp_path, TEMPLATE.replace("seen_before(name)",
                                                "seen_before(circulator, name)"))
    assert engine.extract(_sheet(make_pdf, ["Daniel Okafor"]),
                          template="sheet").status == Status.ACCEPTED
    other = engine.extract(_sheet(make_pdf, ["Daniel Okafor", "Lucy Carver"], "Owen Price"),
                           template="sheet")
    assert other.status == Status.ACCEPTED, other.reasons  # another circulator's sheet
    same = engine.extract(_sheet(make_pdf, ["Lucy Carver", "Daniel Okafor", "Helen Moss"]),
                          template="sheet")
    assert same.status == Status.REVIEW, same.reasons
    assert next(r for r in same.rules if r.name == "new_signer").rows == [1]


def test_a_packet_rule_over_a_documents_rows(registry, tmp_path):
    """each inv.items: not seen_before(article) in a packet: each row's value recorded
    once the packet is final, and asked by the next packet."""
    from tests.test_packets import THREE_WAY, three_way_pdf

    src = THREE_WAY.replace("  rule same_po:", "  rule new_articles: each inv.items: "
                                               "not seen_before(article)\n  rule same_po:")
    path = tmp_path / "three_way.sift"
    path.write_text(src)
    engine = Engine(templates=[path], registry=registry, seen_store="memory")
    first = engine.extract_packet(three_way_pdf(), name="first.pdf")
    assert next(r for r in first.rules if r.name == "new_articles").passed is True
    assert first.status == Status.ACCEPTED, first.reasons
    second = engine.extract_packet(three_way_pdf(invoiced={"4711-310": 900}),
                                   name="second.pdf")
    rule = next(r for r in second.rules if r.name == "new_articles")
    assert rule.passed is False, rule.message
    assert second.status == Status.REVIEW
