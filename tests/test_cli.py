"""The formsift command: outputs, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from formsift.cli import EXIT_CHECK, EXIT_INPUT, EXIT_OK, EXIT_TEMPLATE, EXIT_USAGE, main
from tests.test_engine import PAGE, TEMPLATE


@pytest.fixture
def files(tmp_path, make_pdf):
    tpl = tmp_path / "shop.sift"
    tpl.write_text(TEMPLATE)
    doc = tmp_path / "inv.pdf"
    doc.write_bytes(make_pdf(PAGE))
    return tmp_path, tpl, doc


def test_extract_json_record(files, capsys):
    _, tpl, doc = files
    assert main(["extract", str(doc), "-t", str(tpl), "--record"]) == EXIT_OK
    record = json.loads(capsys.readouterr().out)
    assert record["total"] == "30.35" and record["number"] == "INV-1042"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_extract_formats_to_a_file(files, fmt):
    tmp, tpl, doc = files
    out = tmp / f"out.{fmt}"
    assert main(["extract", str(doc), str(doc), "-t", str(tpl), "-f", fmt, "-o", str(out)]) == 0
    text = out.read_text()
    assert "30.35" in text


def test_extract_bad_input_still_writes_the_others(files, capsys):
    tmp, tpl, doc = files
    bad = tmp / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    code = main(["extract", str(doc), str(bad), "-t", str(tpl), "-f", "jsonl"])
    captured = capsys.readouterr()
    assert code == EXIT_INPUT
    lines = [json.loads(x) for x in captured.out.splitlines()]
    assert len(lines) == 2 and lines[1]["status"] == "error"
    assert "broken.pdf" in captured.err and "Traceback" not in captured.err


def test_unknown_format_is_one_clear_line(files, capsys):
    _, tpl, doc = files
    assert main(["extract", str(doc), "-t", str(tpl), "-f", "jsn"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "did you mean 'json'" in err and len(err.strip().splitlines()) == 1


def test_check_reports_errors_with_exit_code(tmp_path, capsys):
    bad = tmp_path / "bad.sift"
    bad.write_text('template t {\n  field total: mony = right of "Total"\n}\n')
    assert main(["check", str(bad)]) == EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert "bad.sift:2:16: error: unknown field type 'mony'" in err
    assert main(["check", "--format", "json", str(bad)]) == EXIT_TEMPLATE
    report = json.loads(capsys.readouterr().out)
    assert report[0]["diagnostics"][0]["line"] == 2


def test_check_reports_every_file_even_when_some_cannot_be_read(files, tmp_path, capsys):
    _, tpl, _ = files
    latin1 = tmp_path / "latin1.sift"
    latin1.write_bytes('template t {\n  title "Gr\u00fc\u00dfe"\n}\n'.encode("latin-1"))
    argv = ["check", str(tpl), str(tmp_path / "nosuch.sift"), str(latin1)]
    assert main(argv) == EXIT_TEMPLATE
    out = capsys.readouterr()
    assert "ok (shop_invoice)" in out.out
    assert "nosuch.sift: error: no such template file" in out.err
    assert "latin1.sift: error: not UTF-8 text" in out.err and "Traceback" not in out.err
    assert main([*argv, "--format", "json"]) == EXIT_TEMPLATE
    report = json.loads(capsys.readouterr().out)  # JSON even when files are missing
    assert [len(r["diagnostics"]) for r in report] == [0, 1, 1]


def test_check_ok(files, capsys):
    _, tpl, _ = files
    assert main(["check", str(tpl)]) == EXIT_OK
    assert "ok (shop_invoice)" in capsys.readouterr().out


def test_fmt_check_and_write(tmp_path, capsys):
    messy = tmp_path / "m.sift"
    messy.write_text('template t {\nfield   a :money=anywhere # c\n}\n')
    assert main(["fmt", "--check", str(messy)]) == EXIT_CHECK
    assert main(["fmt", "--write", str(messy)]) == EXIT_OK
    assert messy.read_text() == "template t {\n  field a: money = anywhere  # c\n}\n"
    assert main(["fmt", "--check", str(messy)]) == EXIT_OK


def test_schema_of_a_template_and_of_results(files, capsys):
    _, tpl, _ = files
    assert main(["schema", str(tpl)]) == EXIT_OK
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["properties"]) >= {"total", "items"}
    assert main(["schema", "--result"]) == EXIT_OK
    assert "ExtractionResult" in capsys.readouterr().out


#: The record of the `files` fixture's invoice, as `--record` prints it.
EXPECTED = {"number": "INV-1042", "issued": "2024-04-03", "net": "25.50", "vat": "4.85",
            "total": "30.35", "note": None, "items": [
                {"description": "Blue widgets", "qty": 2, "amount": "20.00"},
                {"description": "Red gadget with a long description", "qty": 1,
                 "amount": "5.50"}]}


def test_golden_test_command_shows_field_diffs(files, capsys):
    tmp, tpl, _doc = files
    expected = json.loads(json.dumps(EXPECTED))
    (tmp / "inv.json").write_text(json.dumps(expected))
    assert main(["test", str(tmp), "-t", str(tpl)]) == EXIT_OK
    expected["total"] = "99.99"
    (tmp / "inv.json").write_text(json.dumps(expected))
    assert main(["test", str(tmp), "-t", str(tpl)]) == EXIT_CHECK
    out = capsys.readouterr().out
    assert 'total: got "30.35", expected "99.99"' in out


def test_explain_lists_candidates_and_rules(files, capsys):
    _, tpl, doc = files
    assert main(["explain", str(doc), "-t", str(tpl)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "field total: money = right of \"Total\"" in out
    assert "-> #1 '30.35'" in out
    assert "rule totals: pass" in out.replace("error totals", "rule totals")


def test_explain_takes_the_reading_options_of_extract(files, capsys):
    """A user could not explain a --region-first or --mixed-ocr run (the options were
    refused), so what explain showed was not what extract had done."""
    _, tpl, doc = files
    assert main(["explain", str(doc), "-t", str(tpl), "--region-first",
                 "--mixed-ocr", "never"]) == EXIT_OK
    assert "-> #1 '30.35'" in capsys.readouterr().out


def test_explain_names_one_template_of_a_file_that_holds_several(files, capsys):
    """A user's bug: explain refused a file of several templates and advised
    `--templates FILE -t NAME`, which explain then refused as an unknown option."""
    tmp, _, doc = files
    both = tmp / "suppliers.sift"
    both.write_text(TEMPLATE + "\n" + TEMPLATE.replace("template shop_invoice",
                                                        "template other"))
    assert main(["explain", str(doc), "-t", str(both)]) != EXIT_OK
    assert "--templates" in capsys.readouterr().err
    assert main(["explain", str(doc), "--templates", str(both), "-t", "shop_invoice"]) == \
        EXIT_OK
    out = capsys.readouterr().out
    assert "with template shop_invoice@" in out and "-> #1 '30.35'" in out


def test_explain_tells_a_search_that_matched_nothing_from_one_that_read_no_value(tmp_path,
                                                                              capsys):
    """A utility-bill journey: explain said 'no date found' both when the regex matched
    nothing (OCR had read 't/m' as 'tm') and when it matched a date without a year; the
    two need different fixes."""
    doc = tmp_path / "bill.txt"
    doc.write_text("Periode 1 jan tm 31 mrt 2026\n")
    tpl = tmp_path / "bill.sift"
    tpl.write_text("template bill {\n"
                   "  field start: date = search /Periode\\s+(\\S+\\s+\\S+)/\n"
                   "  field end: date = search /t\\/m\\s+(.+)/\n}\n")
    main(["explain", str(doc), "--templates", str(tpl), "-t", "bill"])
    out = capsys.readouterr().out
    assert "matches 1 time(s), but no capture reads as a date value" in out
    assert "'1 jan': not a date" in out and "no year" in out
    assert "t\\/m\\s+(.+)/: the regex matches nothing in the text" in out


def test_inspect_words_and_png_overlay(files, capsys):
    tmp, _, doc = files
    png = tmp / "overlay.png"
    assert main(["inspect", str(doc), "--png", str(png)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Invoice No. INV-1042" in out
    assert png.exists() and png.read_bytes()[:4] == b"\x89PNG"


def test_plugins_json(capsys):
    assert main(["plugins", "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    names = {(c["kind"], c["name"]) for c in data["components"]}
    assert ("loader", "pdf") in names and ("field_type", "money") in names


def test_console_script_version_and_usage_errors():
    run = subprocess.run([sys.executable, "-m", "formsift", "--version"],
                         capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.startswith("formsift ")
    run = subprocess.run([sys.executable, "-m", "formsift", "extract"],
                         capture_output=True, text=True)
    assert run.returncode == 2
    run = subprocess.run([sys.executable, "-m", "formsift", "extract", "/nonexistent.pdf",
                          "-t", "invoice"], capture_output=True, text=True)
    assert run.returncode == EXIT_INPUT
    assert "Traceback" not in run.stderr and "/nonexistent.pdf: no such file" in run.stderr


def test_templates_lists_the_library(capsys):
    assert main(["templates"]) == EXIT_OK
    out = capsys.readouterr().out
    for name in ("invoice", "receipt", "delivery_note", "payslip"):
        assert name in out


DUP = '''template dup {
  field invoice_no: text = right of "Invoice No."
  rule first_time: not seen_before(invoice_no)
}'''


def test_explain_and_test_leave_the_duplicates_store_alone(tmp_path, make_pdf, capsys,
                                                           monkeypatch):
    """explain and test are looks, not business: nothing they read is recorded as seen
    (a golden run used to fill the user's real store). FORMSIFT_SEEN_STORE names the
    store of extract."""
    monkeypatch.setenv("FORMSIFT_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("FORMSIFT_SEEN_STORE", raising=False)
    golden = tmp_path / "golden"
    golden.mkdir()
    (golden / "dup.sift").write_text(DUP)
    for name, extra in (("one", "first"), ("two", "second")):
        (golden / f"{name}.pdf").write_bytes(make_pdf([(50, 100, "Invoice No."),
                                                       (150, 100, "INV-1"), (50, 200, extra)]))
        (golden / f"{name}.json").write_text(json.dumps({"invoice_no": "INV-1"}))
    tpl, doc = str(golden / "dup.sift"), str(golden / "one.pdf")
    assert main(["explain", doc, "-t", tpl]) == EXIT_OK
    assert "rule first_time: pass" in capsys.readouterr().out.replace("error first_time",
                                                                       "rule first_time")
    main(["test", str(golden)])
    capsys.readouterr()
    assert not (tmp_path / "state").exists()  # nothing recorded in the default store
    store = tmp_path / "seen.sqlite3"
    monkeypatch.setenv("FORMSIFT_SEEN_STORE", str(store))
    statuses = []
    for name in ("one", "two"):
        assert main(["extract", str(golden / f"{name}.pdf"), "-t", tpl]) == EXIT_OK
        statuses.append(json.loads(capsys.readouterr().out)["status"])
    assert statuses == ["accepted", "review"] and store.is_file()
    assert not (tmp_path / "state").exists()
    monkeypatch.delenv("FORMSIFT_SEEN_STORE")
    other = tmp_path / "other.sqlite3"  # --seen-store names the file of one run
    assert main(["extract", str(golden / "one.pdf"), "-t", tpl, "--seen-store",
                 str(other)]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["status"] == "accepted" and other.is_file()
    assert main(["extract", str(golden / "one.pdf"), "-t", tpl, "--seen-store",
                 str(tmp_path)]) == EXIT_USAGE  # a folder: one clear line, not a traceback
    assert "is a folder" in capsys.readouterr().err


# ---------------------------------------------------------------- what users ran into
def test_a_misspelt_option_gets_the_commands_usage_and_a_suggestion(files, capsys):
    _, tpl, doc = files
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(doc), "-t", str(tpl), "--recrod"])
    err = capsys.readouterr().err
    assert exit_.value.code == EXIT_USAGE
    assert err.startswith("usage: formsift extract")
    assert "--recrod (did you mean --record?)" in err


def test_record_lines_and_a_format_record_cannot_write(files, capsys):
    _, tpl, doc = files
    assert main(["extract", str(doc), str(doc), "-t", str(tpl), "-f", "jsonl",
                 "--record"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(x)["total"] for x in lines] == ["30.35", "30.35"]
    assert main(["extract", str(doc), "-t", str(tpl), "-f", "csv", "--record"]) == EXIT_USAGE
    assert "--record writes plain values as JSON" in capsys.readouterr().err


def test_record_says_on_stderr_which_documents_need_a_person(files, capsys):
    tmp, _tpl, doc = files
    other = tmp / "other.sift"
    other.write_text('template other {\n  match { contains "Nothing like it" }\n'
                     '  field x: text = anywhere\n}\n')
    assert main(["extract", str(doc), "--templates", str(other), "--record"]) == EXIT_OK
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {}
    assert "inv.pdf: no template matched (unknown document)" in captured.err
    strict = tmp / "strict.sift"
    strict.write_text(TEMPLATE.replace("rule ", "rule never: total > 1000000\n  rule ", 1))
    assert main(["extract", str(doc), "-t", str(strict), "--record"]) == EXIT_OK
    err = capsys.readouterr().err
    assert "inv.pdf: review: total > 1000000 does not hold (30.35 against 1000000)" in err


def test_csv_rows_say_why_a_record_is_in_review(files, capsys):
    tmp, _tpl, doc = files
    strict = tmp / "strict.sift"
    strict.write_text(TEMPLATE.replace("rule ", "rule never: total > 1000000\n  rule ", 1))
    assert main(["extract", str(doc), "-t", str(strict), "-f", "csv"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "review" in out and "total > 1000000 does not hold" in out


def test_golden_tests_list_documents_without_expected_json(files, capsys):
    tmp, tpl, doc = files
    (tmp / "inv.json").write_text(json.dumps({"total": "30.35"}))
    (tmp / "second.pdf").write_bytes(doc.read_bytes())
    code = main(["test", str(tmp), "-t", str(tpl)])
    out = capsys.readouterr().out
    assert "SKIP" in out and "second.pdf (no second.json beside it" in out
    assert "1 skipped (no expected JSON)" in out
    assert code == EXIT_CHECK  # inv.pdf gives more fields than its JSON expects


def test_two_files_defining_one_template_name_are_an_error(files, capsys):
    tmp, tpl, doc = files
    copy = tmp / "copy.sift"
    copy.write_text(TEMPLATE.replace('title "Shop invoice"', 'title "Another"'))
    code = main(["extract", str(doc), "--templates", str(tpl), "--templates", str(copy)])
    err = capsys.readouterr().err
    assert code == EXIT_TEMPLATE and "template 'shop_invoice' is defined twice" in err
    # the same file given twice is no conflict
    assert main(["extract", str(doc), "--templates", str(tpl), "--templates", str(tpl),
                 "--record"]) == EXIT_OK


def test_a_misspelt_option_of_a_nested_command_gets_that_commands_usage(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["keys", "list", "--jsn"])
    err = capsys.readouterr().err
    assert exit_.value.code == EXIT_USAGE
    assert err.startswith("usage: formsift keys list")
    assert "--jsn (did you mean --json?)" in err


def test_golden_tests_compare_decimals_as_numbers_and_show_a_pass_in_review(files, capsys):
    """`5010.670` against `5010.67` failed as text; a record in review passed silently;
    diffs showed umlauts as \\u escapes."""
    tmp, tpl, _doc = files
    expected = {**json.loads(json.dumps(EXPECTED)), "total": "30.350"}
    (tmp / "inv.json").write_text(json.dumps(expected))
    assert main(["test", str(tmp), "-t", str(tpl)]) == EXIT_OK
    assert "PASS" in capsys.readouterr().out
    strict = tmp / "strict.sift"
    strict.write_text(TEMPLATE.replace("rule ", "rule never: total > 1000000\n  rule ", 1))
    assert main(["test", str(tmp), "-t", str(strict)]) == EXIT_OK
    assert "(status review: rule_failed)" in capsys.readouterr().out
    expected["number"] = "Kästner"
    (tmp / "inv.json").write_text(json.dumps(expected))
    assert main(["test", str(tmp), "-t", str(tpl)]) == EXIT_CHECK
    assert 'expected "Kästner"' in capsys.readouterr().out


def test_output_through_a_symlink_or_a_hard_link_writes_the_file_itself(tmp_path, capsys):
    """Writing -o through a temporary file and a rename replaced a symlink (or one name of
    a hard-linked file) with a new plain file, leaving the real file unchanged."""
    from formsift.samples import generate

    doc = tmp_path / "inv.pdf"
    doc.write_bytes(generate("invoice", 0).pdf)
    real, link, hard = tmp_path / "real.json", tmp_path / "link.json", tmp_path / "hard.json"
    real.write_text("old")
    link.symlink_to(real)
    os.link(real, hard)
    assert main(["extract", str(doc), "-t", "invoice", "--record", "--no-progress",
                 "-o", str(link)]) == 0
    assert link.is_symlink() and json.loads(real.read_text())["invoice_no"]
    assert json.loads(hard.read_text()) == json.loads(real.read_text())  # still one file
    capsys.readouterr()


def test_an_output_pipe_closed_by_its_reader_is_not_success(monkeypatch):
    # `formsift extract ... | head -1` exited 0 although the output was not delivered
    import io
    from pathlib import Path

    from formsift.cli import EXIT_BROKEN_PIPE

    class Closed(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

    sample = Path(__file__).resolve().parents[1] / "examples" / "documents" / "invoice.pdf"
    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["extract", str(sample), "-t", "invoice", "--no-progress"]) == EXIT_BROKEN_PIPE


def test_dash_output_is_standard_output_and_a_debug_dir_file_is_a_usage_error(
        tmp_path, capsys, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    sample = Path(__file__).resolve().parents[1] / "examples" / "documents" / "invoice.pdf"
    assert main(["extract", str(sample), "-t", "invoice", "--record", "-o", "-"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["invoice_no"]
    assert not (tmp_path / "-").exists()  # it wrote a file called "-"
    (tmp_path / "afile").write_text("x")
    # every document was read, then failed with an internal error (exit 1)
    rc = main(["extract", str(sample), "-t", "invoice", "--debug-dir", "afile"])
    assert rc == EXIT_USAGE and "is a file, not a folder" in capsys.readouterr().err


# ---------------------------------------------------------------- help and usage
def _commands(parser, name=("formsift",)):
    """(command words, parser) of the command and of every subcommand below it."""
    import argparse

    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for word, sub in action.choices.items():
                yield from _commands(sub, (*name, word))


def test_every_option_and_positional_of_every_command_has_help():
    """`formsift inspect --help` listed `--dpi DPI` and `--json` with no word about them,
    and `train recognizer --help` printed "(default: None)" on required options: every
    argument of every (sub)command says what it is, and the default it has, if any."""
    import argparse

    from formsift.cli import _parser

    missing, no_default, noise = [], [], []
    for name, parser in _commands(_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if isinstance(action, argparse._SubParsersAction):
                missing += [f"{' '.join(name)} {a.dest}" for a in action._choices_actions
                            if not (a.help or "").strip()]
                continue
            what = f"{' '.join(name)} {'/'.join(action.option_strings) or action.dest}"
            text = (action.help or "").strip()
            if not text or text == argparse.SUPPRESS:
                missing.append(what)
            elif (action.default is not None and action.default is not False
                  and action.default != [] and action.default != argparse.SUPPRESS
                  and not action.required and "default" not in text.lower()):
                no_default.append(f"{what} (default {action.default!r})")
        shown = parser.format_help()
        noise += [f"{' '.join(name)}: {x}" for x in ("(default: None)", "(default: False)",
                                                     "(default: [])") if x in shown]
    assert not missing, "no help: " + ", ".join(missing)
    assert not no_default, "help does not state the default: " + ", ".join(no_default)
    assert not noise, "help shows a default that is none: " + ", ".join(noise)


def test_inspect_png_help_names_the_files_it_writes(files, capsys):
    """The help said "OUT.png for a one-page document", but `--png overlay` wrote
    overlay-p1.png: only an OUT ending in .png is written as given."""
    tmp, _, doc = files
    with pytest.raises(SystemExit):
        main(["inspect", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "OUT.png for a one-page document" not in shown
    assert "OUT-pN.png" in shown and "ends in .png" in shown
    assert main(["inspect", str(doc), "--png", str(tmp / "overlay")]) == EXIT_OK
    assert (tmp / "overlay-p1.png").exists() and not (tmp / "overlay.png").exists()
    assert main(["inspect", str(doc), "--png", str(tmp / "one.png")]) == EXIT_OK
    assert (tmp / "one.png").exists()


def test_fmt_check_and_write_cannot_be_combined(tmp_path, capsys):
    """`fmt --check --write` exited 6 and did not write, without a word why."""
    messy = tmp_path / "m.sift"
    messy.write_text('template t {\nfield   a :money=anywhere\n}\n')
    with pytest.raises(SystemExit) as exit_:
        main(["fmt", "--check", "--write", str(messy)])
    assert exit_.value.code == EXIT_USAGE
    assert "not allowed with argument" in capsys.readouterr().err
    assert "field   a" in messy.read_text()


def test_schema_of_a_template_and_result_cannot_be_combined(files, capsys):
    """`schema TEMPLATE --result` printed the result schema, the template ignored."""
    _, tpl, _ = files
    assert main(["schema", str(tpl), "--result"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "cannot be combined" in captured.err and "--result" in captured.err


def test_a_template_argument_that_is_a_folder_or_a_document_says_what_was_meant(
        files, capsys):
    tmp, tpl, doc = files
    folder = tmp / "mine"
    folder.mkdir()
    assert main(["extract", str(doc), "-t", str(folder)]) == EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert "is a directory" in err and f"--templates {folder}" in err
    # the arguments swapped: a document where the template goes
    assert main(["extract", str(tpl), "-t", str(doc)]) == EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert "not UTF-8" not in err and "looks like a document (PDF), not a template" in err
    assert "formsift extract DOCUMENT -t TEMPLATE" in err
    png = tmp / "scan.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert main(["explain", str(doc), "-t", str(png)]) == EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert "looks like a document (PNG image)" in err
    assert "formsift explain DOCUMENT -t TEMPLATE" in err
    assert main(["check", str(doc)]) == EXIT_TEMPLATE
    assert "looks like a document (PDF), not a template" in capsys.readouterr().err


def test_golden_tests_list_every_document_without_expected_json(files, capsys):
    """A folder of documents with no expected JSON at all was a usage error (exit 2) with
    one command, while documents without JSON beside others are SKIP lines: each is now a
    SKIP line with its command, and a run that tested nothing fails as a check (exit 6)."""
    tmp, tpl, doc = files
    (tmp / "second.pdf").write_bytes(doc.read_bytes())
    code = main(["test", str(tmp), "-t", str(tpl)])
    captured = capsys.readouterr()
    assert code == EXIT_CHECK
    for name in ("inv", "second"):
        assert (f"SKIP {tmp / name}.pdf (no {name}.json beside it: write one with formsift "
                f"extract {tmp / name}.pdf -t {tpl} --record -o {tmp / name}.json)"
                ) in captured.out
    assert "0 passed, 0 failed, 2 skipped (no expected JSON)" in captured.out
    assert "nothing was tested" in captured.err
    assert f"formsift extract {doc} -t {tpl} --record -o {tmp / 'inv.json'}" in captured.err
    # a folder without documents at all is still a usage error
    empty = tmp / "empty"
    empty.mkdir()
    assert main(["test", str(empty), "-t", str(tpl)]) == EXIT_USAGE
    assert "no documents" in capsys.readouterr().err


def test_one_long_scan_shows_a_bar_over_its_pages(tmp_path, monkeypatch, capsys):
    """A customs user's 9-page scan ran for two minutes with nothing on the terminal: the
    bar was drawn only for two or more files. One document's OCR now draws one over its
    pages."""
    import cv2
    import numpy as np
    import pymupdf

    image = np.full((300, 420), 255, np.uint8)
    cv2.putText(image, "TOTAL 12.50", (20, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    png = cv2.imencode(".png", image)[1].tobytes()
    doc = pymupdf.open()
    for _ in range(2):
        doc.new_page(width=420, height=300).insert_image(pymupdf.Rect(0, 0, 420, 300),
                                                         stream=png)
    path = tmp_path / "scan.pdf"
    path.write_bytes(doc.tobytes())
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["extract", str(path), "-t", "receipt", "--record",
                 "-o", str(tmp_path / "out.json")]) == EXIT_OK
    err = capsys.readouterr().err
    assert "2/2" in err and "page" in err


def test_explain_says_how_many_rows_it_leaves_out(tmp_path, make_pdf, capsys):
    """A customs user's 110-row table: explain printed "110 row(s)" and the first 20, with
    no word of the other 90."""
    tpl = tmp_path / "t.sift"
    tpl.write_text('template t {\n  table items {\n    description: text header "Item"\n'
                   '    amount: money header "Amount"\n  }\n}\n')
    lines = [(50, 60, "Item"), (300, 60, "Amount")]
    lines += [(50, 80 + 14 * i, f"Part {i + 1}") for i in range(25)]
    lines += [(300, 80 + 14 * i, f"{i + 1}.00") for i in range(25)]
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(make_pdf(lines))
    assert main(["explain", str(pdf), "-t", str(tpl)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "table items: 25 row(s)" in out and "... 5 more row(s)" in out
    assert "Part 25" not in out
    assert main(["explain", str(pdf), "-t", str(tpl), "--rows", "0"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Part 25" in out and "more row(s)" not in out
    with pytest.raises(SystemExit) as exc:  # the review: -3 showed every row
        main(["explain", str(pdf), "-t", str(tpl), "--rows", "-3"])
    assert exc.value.code == EXIT_USAGE


def test_the_page_bar_draws_pages_read_again(monkeypatch, capsys):
    """The review: a scan read twice (again with the template's own pipeline after
    classification) drew nothing for the second pass: its bar was closed."""
    from formsift.cli.commands import _page_bar
    from formsift.core.document import Document

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    from tqdm import tqdm

    bar = _page_bar(tqdm)
    doc = Document("sha256:x", "scan.pdf", "application/pdf", [], "scan.pdf")
    for done in (1, 2, 1, 2):
        bar(doc, done, 2)
    err = capsys.readouterr().err
    assert "read again scan.pdf" in err and err.count("2/2") >= 2


def test_explain_gives_the_status_extract_gives_and_names_what_the_match_missed(
        tmp_path, make_pdf, capsys):
    """An AP author's typo in the match block ("Müler" for "Müller"): extract -t said
    review (template_mismatch, "scores 0.50, under the threshold 1.00"), explain said
    accepted, and neither named the test that failed."""
    tpl = tmp_path / "t.sift"
    tpl.write_text('template t {\n  match {\n    contains "Müler Werkzeuge"\n'
                   '    contains "Rechnung"\n    threshold 1\n  }\n'
                   '  field total: money = right of "Gesamt"\n}\n')
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(make_pdf([(50, 60, "Müller Werkzeuge GmbH"), (50, 80, "Rechnung"),
                              (50, 100, "Gesamt"), (200, 100, "119.00")]))
    main(["extract", str(pdf), "-t", str(tpl), "--record", "--no-progress"])
    err = capsys.readouterr().err
    assert "review" in err and '(not found: "Müler Werkzeuge")' in err
    assert main(["explain", str(pdf), "-t", str(tpl)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "status: review" in out
    assert "reason [template_mismatch]" in out and '"Müler Werkzeuge"' in out
