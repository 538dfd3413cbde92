"""A word list named by a relative path is read from the template's folder, as a model
file is (cheque journey, finding 1): ``crnn(lexicon="amountwords.txt")`` passed
``formsift check`` and failed ``formsift extract`` run from another folder with "word
list amountwords.txt: no such file" (exit 3)."""

from __future__ import annotations

import pytest

from formsift.cli import EXIT_OK, main
from formsift.handwriting.lexicon import load
from formsift.templates import load_template

TEMPLATE = """template hw {{
  pipeline {{
    recognize  ppocr_rec, crnn({option}="{name}")
  }}
  field memo: text = right of "Memo"
}}
"""


def _crnn(template):
    return next(c for s in template.stages for c in s.components if c.name == "crnn")


@pytest.mark.parametrize("option", ["lexicon", "lm"])
def test_a_relative_word_list_is_read_from_the_templates_folder(tmp_path, monkeypatch,
                                                                 option):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "amountwords.txt").write_text("one\ntwo\nhundred\n")
    sift = folder / "cheque.sift"
    sift.write_text(TEMPLATE.format(option=option, name="amountwords.txt"))
    elsewhere = tmp_path / "run"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    value = getattr(_crnn(load_template(sift)).options, option)
    assert value == str((folder / "amountwords.txt").resolve())
    assert load(value).known("hundred")


def test_check_fails_where_extract_would(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "templates"
    folder.mkdir()
    sift = folder / "cheque.sift"
    sift.write_text(TEMPLATE.format(option="lexicon", name="amountwords.txt"))
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(sift)]) != EXIT_OK
    err = capsys.readouterr().err
    assert "option 'lexicon': no file 'amountwords.txt' (a relative path is read from " \
           "the template's folder)" in err
    assert "Traceback" not in err


def test_a_language_code_stays_a_language_code(tmp_path):
    pytest.importorskip("spellchecker")
    sift = tmp_path / "cheque.sift"
    sift.write_text(TEMPLATE.format(option="lexicon", name="en"))
    assert _crnn(load_template(sift)).options.lexicon == "en"
