"""A packet rule that says a document's table may have no rows (``missing(dn.items) or
...``) holds when it has none, as a single document's rule does (b6b93a9); one that does
not say so is still not evaluated, with a reason (the previous fixer's note, stop 32)."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.core.result import Status
from tests.test_packets import THREE_WAY, three_way_pdf

#: the delivery note's table reads no rows (its start label is on no page)
EMPTY_DN = THREE_WAY.replace('until "Received by"', 'until "Received by"\n    from "Nothing"')


def _engine(registry, tmp_path, rules: str):
    src = EMPTY_DN.split("  rule same_po")[0] + rules + "\n}\n"
    path = tmp_path / "t.sift"
    path.write_text(src)
    return Engine(templates=[path], registry=registry, seen_store="memory")


def test_a_rule_that_allows_no_rows_holds_over_an_empty_table(registry, tmp_path):
    engine = _engine(registry, tmp_path, "  rule dn_lines: missing(dn.items) or "
                                         "count(dn.items) == count(inv.items)")
    result = engine.extract_packet(three_way_pdf(), name="empty.pdf")
    assert result.document("dn").result.tables.get("items") in ([], None)
    rule = next(r for r in result.rules if r.name == "dn_lines")
    assert rule.passed is True, rule.message
    assert not any(r.rule == "dn_lines" for r in result.reasons), result.reasons


def test_a_policy_that_asks_about_the_table_says_so_too(registry, tmp_path):
    engine = _engine(registry, tmp_path,
                     "  rule dn_lines: count(dn.items) <= count(inv.items)\n"
                     "  review when present(dn.items) and count(dn.items) == 0")
    result = engine.extract_packet(three_way_pdf(), name="empty.pdf")
    rule = next(r for r in result.rules if r.name == "dn_lines")
    assert rule.passed is True, rule.message


def test_a_rule_that_does_not_say_so_is_not_evaluated(registry, tmp_path):
    engine = _engine(registry, tmp_path,
                     "  rule dn_lines: count(dn.items) <= count(inv.items)\n"
                     "  rule inv_lines: missing(inv.items) or count(inv.items) > 0")
    result = engine.extract_packet(three_way_pdf(), name="empty.pdf")
    rule = next(r for r in result.rules if r.name == "dn_lines")
    assert rule.passed is None
    assert result.status is not Status.ACCEPTED
    assert "dn_lines" in [r.rule for r in result.reasons if r.code == "rule_not_evaluated"]
