"""Golden tests of a template library (journey templib, findings 1 and 2): `formsift test`
could not classify among the user's own folder of templates (no --templates; a folder of
two versioned .sift files silently fell back to the shipped library), and an expected JSON
could not name the template that must read the document, so one supplier's document read
by another template (or a generic one) still passed."""

from __future__ import annotations

import json

import pytest

from formsift.cli import EXIT_CHECK, EXIT_OK, main

SUPPLIER = '''template {name} {{
  match {{
    contains "{title}" weight 2
    contains "{label}"
  }}
  field invoice_no: id = right of "{label}"
}}
'''

#: A catch-all for the suppliers' common print: it reads one field more than theirs.
GENERIC = '''template generic {
  match {
    contains "Invoice No."
  }
  field invoice_no: id = right of "Invoice No."
  field supplier: text = search /^(\\w+ Papier GmbH)/
}
'''


def invoice(make_pdf, supplier: str, number: str, label: str = "Invoice No.") -> bytes:
    return make_pdf([(50, 60, supplier), (50, 100, label), (150, 100, number)])


@pytest.fixture
def lib(tmp_path):
    """A library, one folder per supplier: beta has two layouts in two versioned files."""
    root = tmp_path / "lib"
    for folder, name, title, label in (
            ("alpha", "alpha", "Alpha Papier GmbH", "Invoice No."),
            ("beta", "beta_v1", "Beta Papier GmbH", "Invoice No."),
            ("beta", "beta_v2", "Beta Papier GmbH", "Rechnungsnummer")):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / f"{name}.sift").write_text(
            SUPPLIER.format(name=name, title=title, label=label))
    return root


def test_a_folder_of_several_sift_files_classifies_among_them(lib, make_pdf, capsys):
    """`formsift test nested/s11` (s11_v1.sift, s11_v2.sift beside the document) read it
    with the shipped library: FAIL (classified as 'receipt')."""
    beta = lib / "beta"
    (beta / "new.pdf").write_bytes(invoice(make_pdf, "Beta Papier GmbH", "B-2",
                                           "Rechnungsnummer"))
    (beta / "new.json").write_text(json.dumps({"invoice_no": "B-2"}))
    assert main(["test", str(beta)]) == EXIT_OK, capsys.readouterr().out
    assert "1 passed, 0 failed" in capsys.readouterr().out


def test_test_templates_classifies_every_document_among_a_library(lib, tmp_path, make_pdf,
                                                                  capsys):
    golden = tmp_path / "golden"
    golden.mkdir()
    (golden / "a.pdf").write_bytes(invoice(make_pdf, "Alpha Papier GmbH", "A-1"))
    (golden / "a.json").write_text(json.dumps({"invoice_no": "A-1"}))
    (golden / "b.pdf").write_bytes(invoice(make_pdf, "Beta Papier GmbH", "B-1"))
    (golden / "b.json").write_text(json.dumps({"template": "beta_v1", "status": "accepted",
                                               "record": {"invoice_no": "B-1"}}))
    assert main(["test", str(golden), "--templates", str(lib)]) == EXIT_OK, \
        capsys.readouterr().out
    assert "2 passed, 0 failed" in capsys.readouterr().out
    # without it, the shipped library is used, and the failure says so
    assert main(["test", str(golden)]) == EXIT_CHECK
    assert "among the shipped library: give --templates DIR" in capsys.readouterr().out
    # -t with --templates names one of them
    (golden / "b.json").unlink()
    assert main(["test", str(golden), "--templates", str(lib), "-t", "alpha"]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"formsift extract {golden / 'b.pdf'} --templates {lib} -t alpha --record" in out


@pytest.fixture
def stolen(lib, tmp_path, make_pdf):
    """alpha's invoice, which the generic template reads too (and wins the near-tie: it
    finds one field more)."""
    (lib / "generic.sift").write_text(GENERIC)
    golden = tmp_path / "golden"
    golden.mkdir()
    (golden / "a.pdf").write_bytes(invoice(make_pdf, "Alpha Papier GmbH", "A-1"))
    return golden


def test_a_document_read_by_another_template_than_the_expected_fails(lib, stolen, capsys):
    expected = stolen / "a.json"
    expected.write_text(json.dumps({"template": "alpha", "record": {"invoice_no": "A-1"}}))
    assert main(["test", str(stolen), "--templates", str(lib)]) == EXIT_CHECK
    out = capsys.readouterr().out
    assert "FAIL" in out and \
        "template: read by template 'generic', expected template 'alpha'" in out
    # the status alone can be pinned too
    expected.write_text(json.dumps({"status": "review", "record": {
        "invoice_no": "A-1", "supplier": "Alpha Papier GmbH"}}))
    assert main(["test", str(stolen), "--templates", str(lib)]) == EXIT_CHECK
    assert "status: got 'accepted', expected 'review'" in capsys.readouterr().out
    # a plain record (the golden files written before) is compared as before
    expected.write_text(json.dumps({"invoice_no": "A-1", "supplier": "Alpha Papier GmbH"}))
    assert main(["test", str(stolen), "--templates", str(lib)]) == EXIT_OK


def test_the_hint_writes_the_template_and_status_which_then_pass(lib, stolen, capsys):
    """The SKIP hint of a classified document writes the expected JSON with its template
    and status (extract --record --with-status), which the test then compares."""
    assert main(["test", str(stolen), "--templates", str(lib)]) == EXIT_CHECK
    doc = stolen / "a.pdf"
    command = (f"formsift extract {doc} --templates {lib} --record --with-status -o "
               f"{doc.with_suffix('.json')}")
    assert command in capsys.readouterr().err
    main([*command.split()[1:], "--no-progress"])
    written = json.loads(doc.with_suffix(".json").read_text())
    assert written["template"] == "generic" and written["status"] == "accepted"
    capsys.readouterr()
    assert main(["test", str(stolen), "--templates", str(lib)]) == EXIT_OK
    # the user corrects the template to the supplier's: the test now says who took it
    written["template"] = "alpha"
    doc.with_suffix(".json").write_text(json.dumps(written))
    assert main(["test", str(stolen), "--templates", str(lib)]) == EXIT_CHECK
    assert "expected template 'alpha'" in capsys.readouterr().out
