"""Duplicates across templates: an airline ticket claimed once with the airline's receipt
and once with the travel agency's (two templates, each checking the ticket number with
seen_before) was accepted twice, as seen_before asked per template. Templates that share
`duplicates "NAME"` record and ask their values under that name."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.templates import check_source

TEMPLATES = """template airline {{
  {shared}
  match {{ contains "Airline receipt" }}
  field ticket: id(/\\d{{13}}/) = right of "Ticket"
  rule first_time: not seen_before(ticket)
}}
template agency {{
  {shared}
  match {{ contains "Agency invoice" }}
  field ticket: id(/\\d{{13}}/) = right of "Ticket no"
  rule first_time: not seen_before(ticket)
}}
"""


def _run(tmp_path, shared: str):
    tpl = tmp_path / "t.sift"
    tpl.write_text(TEMPLATES.format(shared=shared), encoding="utf-8")
    a = tmp_path / "a.txt"
    a.write_text("Airline receipt\nTicket 2201234567890\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("Travel Agency invoice\nTicket no 2201234567890\n", encoding="utf-8")
    engine = Engine(templates=[str(tpl)], seen_store="memory")
    return engine.extract(a), engine.extract(b)


def test_templates_sharing_duplicates_see_each_others_values(tmp_path):
    first, second = _run(tmp_path, 'duplicates "tickets"')
    assert (first.template, first.status) == ("airline", "accepted")
    assert second.template == "agency" and second.status == "review"
    assert [r.rule for r in second.reasons if r.code == "rule_failed"] == ["first_time"]


def test_without_the_setting_each_template_has_its_own(tmp_path):
    first, second = _run(tmp_path, "")
    assert first.status == second.status == "accepted"


@pytest.mark.parametrize(("setting", "severity"), [('duplicates ""', "error"),
                                                   ("duplicates 3", "error")])
def test_a_bad_name_is_an_error(registry, setting, severity):
    src = f'template t {{\n  {setting}\n  field a: text = right of "A"\n}}\n'
    _, diags = check_source(src, "t.sift", registry)
    assert severity in [d.severity for d in diags]


def test_the_setting_without_seen_before_is_a_warning(registry):
    src = 'template t {\n  duplicates "x"\n  field a: text = right of "A"\n}\n'
    _, diags = check_source(src, "t.sift", registry)
    assert [d.severity for d in diags] == ["warning"]
    assert "seen_before" in diags[0].message
