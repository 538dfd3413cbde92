"""The formsift command on files and habits from other systems: a password file saved by
Windows Notepad, options where users put them, inputs with the same name."""

from __future__ import annotations

import argparse

import pytest

from formsift.cli import EXIT_INPUT, main, pdf_password
from formsift.core.errors import FormsiftError


@pytest.mark.parametrize("data", [b"\xef\xbb\xbfs3cret\n", b"\xef\xbb\xbfs3cret\r\n",
                                  b"s3cret"])
def test_password_file_with_a_bom(tmp_path, data):
    path = tmp_path / "pw.txt"
    path.write_bytes(data)
    args = argparse.Namespace(password=None, password_file=str(path))
    assert pdf_password(args) == "s3cret"


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_before_or_after_the_command(tmp_path, where):
    from formsift.core.errors import InputError

    args = ["extract", str(tmp_path / "missing.pdf"), "--no-progress"]
    args = ["--debug", *args] if where == "before" else [*args, "--debug"]
    with pytest.raises(InputError, match="no such file"):  # the traceback, not a line
        main(args)


def test_debug_after_a_subcommand_of_a_command(tmp_path, capsys):
    with pytest.raises(FormsiftError):
        main(["keys", "list", "--db", str(tmp_path / "none.db"), "--debug"])


def test_no_debug_is_still_one_line(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "missing.pdf"), "--no-progress"]) == EXIT_INPUT
    assert "no such file" in capsys.readouterr().err


def _cli(args, stdin: bytes, cwd):
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "formsift", *args], input=stdin,
                          capture_output=True, cwd=cwd, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_extract_reads_one_document_from_stdin(tmp_path, make_pdf):
    import json

    from tests.test_engine import PAGE, TEMPLATE

    (tmp_path / "shop.sift").write_text(TEMPLATE)
    run = _cli(["extract", "-", "-t", "shop.sift", "--record", "--with-status",
                "--no-progress"], make_pdf(PAGE), tmp_path)
    item = json.loads(run.stdout)
    assert item["source"] == "<stdin>" and item["record"]["number"] == "INV-1042", run.stderr
    note = b"Invoice\nInvoice No. INV-7\n"
    named = _cli(["extract", "-", "--name", "note.txt", "-t", "shop.sift", "--record",
                  "--with-status", "--no-progress"], note, tmp_path)
    assert json.loads(named.stdout)["source"] == "note.txt", named.stderr
    ocr = _cli(["ocr", "-", "--name", "note.txt"], note, tmp_path)
    assert ocr.returncode == 0 and b"INV-7" in ocr.stdout


def test_stdin_given_twice_or_name_without_it(tmp_path):
    assert main(["extract", "-", "-", "--no-progress"]) == 2
    assert main(["extract", str(tmp_path / "a.pdf"), "--name", "x.pdf"]) == 2


@pytest.mark.parametrize("command", [["extract", "a.pdf"], ["batch", "inbox", "-o", "o.jsonl"],
                                     ["explain", "a.pdf"], ["test", "samples"]])
def test_template_given_twice_is_an_error(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*command, "-t", "acme.sift", "-t", "other.sift"])
    assert stop.value.code == 2
    assert "-t/--template given twice ('acme.sift' and 'other.sift')" in capsys.readouterr().err
