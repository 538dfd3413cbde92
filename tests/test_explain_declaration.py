"""`formsift explain` shows each field's declaration as written, its modifiers included
(hotel journey, finding 9: `in head` was left out, so a user debugging a region could not
see that the field was scoped to it)."""

from __future__ import annotations

from formsift import Engine
from formsift.cli import EXIT_OK, main
from formsift.templates import check_source
from formsift.templates.explain import declaration, explain

TEMPLATE = '''template folio {
  currency "JPY"

  region head = box(0%, 0%, 100%, 30%) on first page

  field folio_no: id(/\\d{6}/) = right of "Folio No." | "Folio" in head  # the head only
  field room: text = right of "Room" or below "Room No." in head pattern /\\d{3,4}/
    on first page
  field total: money = right of "Total" default 0
}
'''

PAGE = [(50, 60, "Folio No."), (150, 60, "482113"), (50, 80, "Room"), (150, 80, "1204"),
        (50, 400, "Total"), (150, 400, "18,400")]


def test_explain_shows_the_field_declarations_as_written(tmp_path, make_pdf, capsys):
    tpl = tmp_path / "hotel.sift"
    tpl.write_text(TEMPLATE)
    doc = tmp_path / "folio.pdf"
    doc.write_bytes(make_pdf(PAGE))
    assert main(["explain", str(doc), "-t", str(tpl)]) == EXIT_OK
    out = capsys.readouterr().out
    assert 'field folio_no: id(/\\d{6}/) = right of "Folio No." | "Folio" in head\n' in out
    assert ('field room: text = right of "Room" or below "Room No." in head pattern '
            '/\\d{3,4}/ on first page\n') in out
    assert 'field total: money = right of "Total" default 0\n' in out
    assert "-> #1 '482113'" in out


def test_a_template_of_no_file_shows_its_declarations_rebuilt(registry, make_pdf):
    (tpl,), diags = check_source(TEMPLATE, "<text>", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    assert declaration(tpl.fields["folio_no"]) == \
        'field folio_no: id = right of "Folio No." | "Folio" in head'
    assert declaration(tpl.fields["room"]) == \
        ('field room: text = right of "Room" or below "Room No." in head pattern /\\d{3,4}/ '
         'on first page')
    out = explain(Engine([tpl], registry=registry), make_pdf(PAGE), tpl)
    assert 'field folio_no: id = right of "Folio No." | "Folio" in head\n' in out


def test_explain_of_a_template_file_changed_since_it_was_compiled_rebuilds_the_line(
        tmp_path):
    """The file no longer holds what was compiled: its lines are not shown as the
    declarations (they may be of another field), the compiled fields are."""
    from formsift.templates import load_template
    from formsift.templates.explain import declarations

    tpl = tmp_path / "hotel.sift"
    tpl.write_text(TEMPLATE)
    compiled = load_template(tpl)
    assert declarations(compiled)["total"] == 'field total: money = right of "Total" default 0'
    tpl.write_text(TEMPLATE.replace('right of "Total"', 'right of "Grand Total"'))
    assert declarations(compiled) == {}
    assert 'right of "Total"' in declaration(compiled.fields["total"])
