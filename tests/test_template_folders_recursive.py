"""A folder of templates is read with its subfolders everywhere (journey templib, finding
6): `formsift check lib/` and `formsift test lib/` walked subfolders, while `extract
--templates lib/`, `Engine(templates=["lib/"])` (and so the service) read the top folder
only, and refused a library kept one folder per supplier (its template beside its golden
documents): "the folder holds no templates"."""

from __future__ import annotations

import json

import pytest

from formsift.cli import EXIT_OK, main
from formsift.core.engine import Engine
from formsift.core.errors import TemplateError

SUPPLIER = '''template {name} {{
  match {{
    contains "{title}" weight 2
  }}
  field invoice_no: id = right of "Invoice No."
}}
'''


@pytest.fixture
def per_supplier(tmp_path, make_pdf):
    """lib/alpha/alpha.sift, lib/beta/beta.sift (one folder per supplier), a hidden
    lib/.old/beta.sift (an editor's backup: never a template) and beta's invoice."""
    lib = tmp_path / "lib"
    for name, title in (("alpha", "Alpha Papier GmbH"), ("beta", "Beta Druck AG")):
        (lib / name).mkdir(parents=True)
        (lib / name / f"{name}.sift").write_text(SUPPLIER.format(name=name, title=title))
    (lib / ".old").mkdir()
    (lib / ".old" / "beta.sift").write_text(SUPPLIER.format(name="beta", title="x"))
    doc = tmp_path / "inv.pdf"
    doc.write_bytes(make_pdf([(50, 60, "Beta Druck AG"), (50, 100, "Invoice No."),
                              (150, 100, "B-77")]))
    return lib, doc


def test_an_engine_given_a_folder_reads_its_subfolders(per_supplier):
    lib, doc = per_supplier
    engine = Engine(templates=[lib], seen_store="memory")
    assert sorted(t.name for t in engine.templates) == ["alpha", "beta"]
    result = engine.extract(doc)
    assert result.template == "beta" and result.value("invoice_no") == "B-77"


def test_extract_templates_folder_reads_its_subfolders_as_check_does(per_supplier, capsys):
    lib, doc = per_supplier
    assert main(["check", str(lib)]) == EXIT_OK
    checked = capsys.readouterr().out
    assert main(["extract", str(doc), "--templates", str(lib), "--no-progress",
                 "--record", "--with-status"]) == EXIT_OK
    item = json.loads(capsys.readouterr().out)
    assert item["template"] == "beta" and item["record"] == {"invoice_no": "B-77"}
    assert str(lib / "beta" / "beta.sift") in checked and ".old" not in checked


def test_a_folder_without_templates_even_below_is_still_an_error(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(TemplateError, match=r"the folder holds no templates.*subfolders"):
        _ = Engine(templates=[tmp_path]).templates
