"""formsift's output to a standard output that is not UTF-8 (a Windows console or pipe in
cp1252, ``LC_ALL=C`` without UTF-8 mode, a legacy ``PYTHONIOENCODING``): a character the
encoding cannot hold is written as a ``\\uXXXX`` escape, never a crash half-way."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

TEMPLATE = """template shop_note {
  match { contains "Invoice" }
  field supplier: text = right of "Supplier:"
  field number: id = right of "Invoice No."
}
"""
NOTE = "Invoice\nSupplier: Müller & Söhne 🧾\nInvoice No. INV-7\n"


def _run(args, env_extra, cwd):
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LANG")}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "formsift", *args], capture_output=True,
                          env=env, cwd=cwd, timeout=120)


@pytest.fixture
def note(tmp_path):
    (tmp_path / "shop.sift").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "Rechnung März 🧾.txt").write_text(NOTE, encoding="utf-8")
    return tmp_path


ENVS = [{"PYTHONIOENCODING": "cp1252"},
        {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}]


@pytest.mark.parametrize("env", ENVS, ids=["cp1252", "C-locale"])
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_output_is_exact_json_in_any_encoding(note, env, fmt):
    run = _run(["extract", "Rechnung März 🧾.txt", "-t", "shop.sift", "--record",
                "--with-status", "--no-progress", "-f", fmt], env, note)
    assert run.returncode == 0, run.stderr
    text = run.stdout.decode(env.get("PYTHONIOENCODING", "ascii"), "surrogateescape")
    item = json.loads(text.splitlines()[0] if fmt == "jsonl" else text)
    assert item["record"]["supplier"] == "Müller & Söhne 🧾"
    assert item["source"].endswith(".txt")


@pytest.mark.parametrize("env", ENVS, ids=["cp1252", "C-locale"])
def test_text_and_csv_output_do_not_crash(note, env):
    csv = _run(["extract", "Rechnung März 🧾.txt", "-t", "shop.sift", "-f", "csv",
                "--no-progress"], env, note)
    assert csv.returncode == 0, csv.stderr
    assert b"\\u00fcller" in csv.stdout or "Müller".encode("cp1252") in csv.stdout
    ocr = _run(["ocr", "Rechnung März 🧾.txt"], env, note)
    assert ocr.returncode == 0, ocr.stderr
    assert b"\\ud83e\\uddfe" in ocr.stdout
    library = _run(["templates", "invoice"], env, note)
    assert library.returncode == 0, library.stderr
    assert b"internal error" not in csv.stderr + ocr.stderr + library.stderr


def test_utf8_output_is_left_as_it_is(note):
    run = _run(["ocr", "Rechnung März 🧾.txt"], {"PYTHONIOENCODING": "utf-8"}, note)
    assert run.returncode == 0 and "Müller & Söhne 🧾" in run.stdout.decode("utf-8")
