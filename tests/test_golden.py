"""`formsift test`: golden folders (nested ones too), their templates and their reports."""

from __future__ import annotations

import json

import pytest

from formsift.cli import EXIT_CHECK, EXIT_OK, main
from formsift.core.engine import Engine
from formsift.templates.golden import diff, run_golden, template_source

#: A template of its own kind (no library template matches its documents).
ROWS = '''
template {name} {{
  title "Rows test"
  match {{
    contains "Rows test"
  }}
  field number: id = right of "Sheet No."
  table items {{
    description: text header "Description"
    qty: int header "Qty"
    amount: money header "Amount"
    until "Total"
  }}
}}
'''

#: The rows of a sheet: (description, qty, amount).
ITEMS = [("Blue widgets", 2, "20.00"), ("Red gadget", 1, "5.50"), ("Green bolt", 7, "3.50"),
         ("Yellow nut", 4, "1.20"), ("Grey washer", 9, "0.90"), ("Black screw", 3, "2.10")]


def sheet(number: str, items: list[tuple[str, int, str]]) -> list[tuple[float, float, str]]:
    page = [(50, 60, "Rows test"), (50, 100, "Sheet No."), (150, 100, number),
            (50, 200, "Description"), (300, 200, "Qty"), (450, 200, "Amount")]
    y = 220
    for description, qty, amount in items:
        page += [(50, y, description), (300, y, str(qty)), (450, y, amount)]
        y += 20
    return [*page, (350, y + 40, "Total"), (450, y + 40, "99.00")]


def record(number: str, items: list[tuple[str, int, str]]) -> dict:
    return {"number": number, "items": [{"description": d, "qty": q, "amount": a}
                                        for d, q, a in items]}


@pytest.fixture
def nested(tmp_path, make_pdf):
    """golden/a and golden/b, each with its own template (named differently), a document
    and its expected JSON; golden itself holds no template."""
    root = tmp_path / "golden"
    for sub, name, number in (("a", "rows_a", "A-1"), ("b", "rows_b", "B-2")):
        folder = root / sub
        folder.mkdir(parents=True)
        (folder / f"{name}.sift").write_text(ROWS.format(name=name))
        (folder / "sheet.pdf").write_bytes(make_pdf(sheet(number, ITEMS[:2])))
        (folder / "sheet.json").write_text(json.dumps(record(number, ITEMS[:2])))
    return root


def test_a_parent_folder_runs_each_subfolder_with_its_own_template(nested, capsys):
    """`formsift test golden` classified every document against the library: only the
    folders given on the command line had their .sift looked for."""
    assert main(["test", str(nested / "a"), str(nested / "b")]) == EXIT_OK
    capsys.readouterr()
    assert main(["test", str(nested)]) == EXIT_OK, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "2 passed, 0 failed" in out and "classified" not in out


def test_a_document_takes_the_template_of_its_nearest_folder_that_has_one(nested, make_pdf,
                                                                         capsys):
    # golden/a/deeper has no .sift: golden/a's applies; golden/b/own has its own
    deeper = nested / "a" / "deeper"
    deeper.mkdir()
    (deeper / "more.pdf").write_bytes(make_pdf(sheet("A-3", ITEMS[:3])))
    (deeper / "more.json").write_text(json.dumps(record("A-3", ITEMS[:3])))
    own = nested / "b" / "own"
    own.mkdir()
    (own / "rows_c.sift").write_text(ROWS.format(name="rows_c"))
    (own / "other.pdf").write_bytes(make_pdf(sheet("C-1", ITEMS[:1])))
    (own / "other.json").write_text(json.dumps(record("C-1", ITEMS[:1])))

    report = run_golden(Engine(seen_store="memory"), [nested])
    assert [c.ok for c in report.cases] == [True] * 4, "\n".join(report.lines())
    assert template_source(deeper / "more.pdf", nested) == str(nested / "a" / "rows_a.sift")
    assert template_source(own / "other.pdf", nested) == str(own / "rows_c.sift")
    # the walk stops at the folder given: golden/a given alone still finds rows_a.sift
    assert template_source(deeper / "more.pdf", nested / "a") == str(
        nested / "a" / "rows_a.sift")
    # a folder with several .sift files chooses none of them
    (own / "rows_d.sift").write_text(ROWS.format(name="rows_d"))
    assert template_source(own / "other.pdf", nested) is None


def test_the_hint_for_a_document_without_expected_json_names_its_template(nested, make_pdf,
                                                                         capsys):
    """The SKIP line suggested `formsift extract DOC --record -o ...` without `-t`: that
    writes the expected JSON from whatever library template classification picks."""
    extra = nested / "b" / "new.pdf"
    extra.write_bytes(make_pdf(sheet("B-9", ITEMS[:1])))
    assert main(["test", str(nested)]) == EXIT_OK
    out = capsys.readouterr().out
    tpl = nested / "b" / "rows_b.sift"
    assert (f"SKIP {extra} (no new.json beside it: write one with formsift extract {extra}"
            f" -t {tpl} --record -o {extra.with_suffix('.json')})") in out
    # -t given: the hint names it
    assert main(["test", str(nested / "b"), "-t", str(tpl)]) == EXIT_OK
    assert f"formsift extract {extra} -t {tpl} --record" in capsys.readouterr().out
    # the hint's command writes the JSON the test then passes with
    assert main(["extract", str(extra), "-t", str(tpl), "--record", "--no-progress",
                 "-o", str(extra.with_suffix(".json"))]) == EXIT_OK
    assert main(["test", str(nested)]) == EXIT_OK
    assert "3 passed, 0 failed" in capsys.readouterr().out


def test_a_folder_with_only_documents_without_json_gives_the_command_with_its_template(
        tmp_path, make_pdf, capsys):
    folder = tmp_path / "fresh"
    folder.mkdir()
    (folder / "rows_e.sift").write_text(ROWS.format(name="rows_e"))
    (folder / "one.pdf").write_bytes(make_pdf(sheet("E-1", ITEMS[:1])))
    assert main(["test", str(folder)]) != EXIT_OK
    err = capsys.readouterr().err
    assert f"-t {folder / 'rows_e.sift'} --record" in err


#: A second kind of sheet, for a file that holds two templates.
CREDITS = ROWS.replace('"Rows test"', '"Credit sheet"')


def test_a_file_of_several_templates_is_no_single_template(tmp_path, make_pdf, capsys):
    """An AP author kept an invoice and a credit-note template in one file beside the
    documents: -t FILE silently used the first, so the credit note's expected JSON,
    written with the command `formsift test` suggested, held the invoice template's
    blanks, and the test passed (status review)."""
    folder = tmp_path / "supplier"
    folder.mkdir()
    both = folder / "supplier.sift"
    both.write_text(ROWS.format(name="sheet") + CREDITS.format(name="credit"))
    credit = folder / "credit.pdf"
    page = [(x, y, "Credit sheet" if text == "Rows test" else text)
            for x, y, text in sheet("C-7", ITEMS[:2])]
    credit.write_bytes(make_pdf(page))
    # -t with such a file names the templates instead of taking the first
    assert main(["extract", str(credit), "-t", str(both), "--record",
                 "--no-progress"]) != EXIT_OK
    err = capsys.readouterr().err
    assert "holds 2 templates (sheet, credit)" in err and f"--templates {both}" in err
    # the folder's file classifies each document among its templates, and the hint for
    # a document without JSON says so
    assert main(["test", str(folder)]) != EXIT_OK
    err = capsys.readouterr().err
    assert f"formsift extract {credit} --templates {both} --record" in err
    assert main(["extract", str(credit), "--templates", str(both), "--record",
                 "--no-progress", "-o", str(credit.with_suffix(".json"))]) == EXIT_OK
    capsys.readouterr()
    assert json.loads(credit.with_suffix(".json").read_text()) == record("C-7", ITEMS[:2])
    assert main(["test", str(folder)]) == EXIT_OK
    assert "PASS" in capsys.readouterr().out


def test_a_row_missing_in_the_middle_is_named_once_and_the_rows_after_it_still_pair(
        tmp_path, make_pdf, capsys):
    """Rows were compared by position: one lost row made every field of every row after it
    a mismatch. The run still fails."""
    (tmp_path / "rows.sift").write_text(ROWS.format(name="rows"))
    lost = [*ITEMS[:2], *ITEMS[3:]]  # "Green bolt" is not on the page
    (tmp_path / "sheet.pdf").write_bytes(make_pdf(sheet("R-1", lost)))
    (tmp_path / "sheet.json").write_text(json.dumps(record("R-1", ITEMS)))
    assert main(["test", str(tmp_path)]) == EXIT_CHECK
    out = capsys.readouterr().out
    assert "items: 5 item(s), expected 6" in out
    assert 'items: missing row 2: {"description": "Green bolt", "qty": 7, "amount": "3.50"}' \
        in out
    assert "items[" not in out, out  # no row after it is reported
    assert "0 passed, 1 failed" in out
    # an extra row: the same, the other way round
    (tmp_path / "sheet.json").write_text(json.dumps(record("R-1", [*lost[:3], lost[4]])))
    assert main(["test", str(tmp_path)]) == EXIT_CHECK
    out = capsys.readouterr().out
    assert 'items: extra row at 3: {"description": "Grey washer", "qty": 9, "amount": "0.90"}' \
        in out and "items[" not in out


def test_rows_pair_by_content_and_paired_rows_show_their_field_mismatches():
    a, b, c, d = ({"d": "A", "n": 1}, {"d": "B", "n": 2}, {"d": "C", "n": 3},
                  {"d": "D", "n": 4})
    # a row missing and a later row with a wrong value: one line each
    assert diff({"items": [a, b, c, d]}, {"items": [a, c, {**d, "n": 5}]}) == [
        "items: 3 item(s), expected 4",
        'items: missing row 1: {"d": "B", "n": 2}',
        "items[3, got as 2].n: got 5, expected 4"]
    # an extra row before a changed one: the changed one pairs with its own row
    assert diff([a, b], [{"d": "X", "n": 0}, a, {**b, "n": 9}]) == [
        "record: 3 item(s), expected 2",
        'record: extra row at 0: {"d": "X", "n": 0}',
        "record[1, got as 2].n: got 9, expected 2"]
    # same count, one value wrong: the rows pair by position as before
    assert diff([a, b, c], [a, {**b, "d": "b"}, c]) == ['record[1].d: got "b", expected "B"']
    # rows equal but for trailing zeros of a decimal are equal rows
    assert diff([{"x": "1.50"}, {"x": "2"}], [{"x": "2"}]) == [
        "record: 1 item(s), expected 2", 'record: missing row 0: {"x": "1.50"}']
    assert diff([{"x": "1.50"}], [{"x": "1.5"}]) == []
    # a list of plain values
    assert diff(["a", "b", "c"], ["a", "c"]) == ["record: 2 item(s), expected 3",
                                                 'record: missing row 1: "b"']


def test_a_number_matches_however_its_expected_value_is_written():
    """A customs user's golden files: `"freight": "1250"` and a JSON number `40578.51`
    failed against the record's "1250.00" and "40578.51", though the docs say decimals
    compare as numbers. Without a decimal on either side (identifiers) values stay text."""
    assert diff({"freight": "1250", "amount": 40578.51, "net": "2761"},
                {"freight": "1250.00", "amount": "40578.51", "net": "2761.0"}) == []
    assert diff({"id": "007"}, {"id": "7"}) == ['id: got "7", expected "007"']
    assert diff({"total": "12"}, {"total": "13.00"}) != []


#: Two document kinds and the packet they arrive in.
PACKET_FILE = '''
template slip {
  match { contains "Delivery slip" }
  field number: id = right of "Slip No."
}
template bill {
  match { contains "Freight bill" }
  field number: id = right of "Bill No."
}
packet shipment {
  document slip: slip
  document bill: bill
}
'''


def test_the_hint_for_a_packet_folder_splits_the_file(tmp_path, make_pdf, capsys):
    """HR journey: in a folder whose .sift defines a packet, the SKIP hint gave the
    command without --split; it wrote one document's record (the first template that
    matched, status review 'several_documents'), which then passed without the packet
    ever being split or its rules run."""
    folder = tmp_path / "packets"
    folder.mkdir()
    (folder / "shipment.sift").write_text(PACKET_FILE)
    doc = folder / "p1.pdf"
    doc.write_bytes(make_pdf([(50, 60, "Delivery slip"), (50, 100, "Slip No."),
                              (150, 100, "S-17")],
                             [(50, 60, "Freight bill"), (50, 100, "Bill No."),
                              (150, 100, "B-42")]))
    assert main(["test", str(folder)]) != EXIT_OK
    hint = capsys.readouterr().err
    assert "--split --record" in hint, hint
    # the hint's command writes the packet record the test then splits the file for
    command = hint.split("write one with formsift ")[1].split(" and check")[0].split()
    assert main([*command, "--no-progress"]) in (EXIT_OK, EXIT_CHECK)
    assert json.loads(doc.with_suffix(".json").read_text())["packet"] == "shipment"
    report = run_golden(Engine(seen_store="memory"), [folder])
    assert [(c.ok, c.packet) for c in report.cases] == [(True, "shipment")], report.lines()
