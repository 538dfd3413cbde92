"""`formsift check` on a library: a template name defined in two files (journey templib,
finding 4). `check DIR` passed such a folder (each file is fine on its own) while
`extract --templates DIR` refused it at load, stopping every document of the library."""

from __future__ import annotations

import json

from formsift.cli import EXIT_OK, EXIT_TEMPLATE, main

SUPPLIER = '''template {name} {{
  title "{title}"
  match {{
    contains "{title}" weight 2
  }}
  field invoice_no: id = right of "Invoice No."
}}
'''


def library(tmp_path, *files):
    folder = tmp_path / "lib"
    folder.mkdir()
    for file, name, title in files:
        (folder / file).write_text(SUPPLIER.format(name=name, title=title))
    return folder


def test_check_reports_a_name_defined_in_two_files_of_a_folder(tmp_path, capsys):
    # s46.sift was copied from s45.sift and its name not changed
    lib = library(tmp_path, ("s45.sift", "s45", "Blau Papier"), ("s46.sift", "s45", "Rot AG"),
                  ("s07.sift", "s07", "Gruen KG"))
    assert main(["check", str(lib)]) == EXIT_TEMPLATE
    captured = capsys.readouterr()
    message = (f"template 's45' is defined twice: in {lib / 's45.sift'} and in "
               f"{lib / 's46.sift'}")
    assert message in captured.err
    assert f"{lib / 's46.sift'}:1:" in captured.err  # where: the second definition's line
    assert f"{lib / 's46.sift'}: ok" not in captured.out
    assert f"{lib / 's07.sift'}: ok (s07)" in captured.out  # the others are still ok
    # extract refuses the same set at load, with the same message
    assert main(["extract", str(tmp_path / "none.pdf"), "--templates", str(lib)]) \
        == EXIT_TEMPLATE
    assert message in capsys.readouterr().err


def test_check_reports_duplicates_across_files_given_one_by_one_and_in_json(tmp_path, capsys):
    lib = library(tmp_path, ("a.sift", "same", "Alpha"), ("b.sift", "same", "Beta"))
    assert main(["check", str(lib / "a.sift"), str(lib / "b.sift"), "--format", "json"]) \
        == EXIT_TEMPLATE
    report = {r["file"]: r for r in json.loads(capsys.readouterr().out)}
    assert report[str(lib / "a.sift")]["diagnostics"] == []
    (d,) = report[str(lib / "b.sift")]["diagnostics"]
    assert d["severity"] == "error" and "'same' is defined twice" in d["message"]
    assert d["line"] == 1


def test_one_file_named_twice_or_distinct_names_are_no_duplicate(tmp_path, capsys):
    lib = library(tmp_path, ("a.sift", "alpha", "Alpha"), ("b.sift", "beta", "Beta"))
    assert main(["check", str(lib), str(lib / "a.sift")]) == EXIT_OK
    assert "defined twice" not in capsys.readouterr().err
