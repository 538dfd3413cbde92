"""The CLI's side of the motor claims journey (findings 2 and 3): the stderr line of a
record in review names the reasons a person acts on; a folder given to ``extract`` names
``--split DIR``; files given one by one that say they are pages of one document are told
so, not joined."""

from __future__ import annotations

from formsift.cli import main
from formsift.core.result import Reason, Status


def test_the_stderr_line_names_the_reasons_to_act_on(capsys):
    from formsift.cli.commands import _note_status
    from formsift.core.result import Audit, ExtractionResult

    low = [Reason(code="low_confidence", field=f"f{i}", message=f"confidence 0.3 for 'f{i}'")
           for i in range(6)]
    acts = [Reason(code="rule_failed", rule="one_witnesses",
                   message="witnesses: tick exactly one"),
            Reason(code="pages_missing", message="page(s) 2 missing")]
    result = ExtractionResult(document_id="x", source="c04.pdf", pages=1, template="claim",
                              status=Status.REVIEW, reasons=[*low, *acts],
                              audit=Audit(input_name="c04.pdf", input_hash="x"))
    _note_status(result)
    err = capsys.readouterr().err
    assert "review: witnesses: tick exactly one; page(s) 2 missing; confidence 0.3" in err
    assert "(+5 more: 5 low_confidence)" in err


# ---------------------------------------------------------------- 3. several files
FORM = '''template twopager {
  match { contains "ACME CLAIM FORM" }
  field policy_no: text = right of "Policy:" on page 1
  field cost: money = right of "Cost:" on page 2
}
'''


def test_a_folder_of_page_images_names_split(tmp_path, capsys):
    from PIL import Image

    folder = tmp_path / "c10"
    folder.mkdir()
    for name in ("IMG_2041.jpg", "IMG_2042.jpg"):
        Image.new("RGB", (1240, 1754), "white").save(folder / name)
    tpl = tmp_path / "claim.sift"
    tpl.write_text(FORM)
    code = main(["extract", str(folder), "-t", str(tpl), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 3 and "Traceback" not in err
    assert f"formsift extract --split {folder} --templates {tpl}" in err
    assert "look like the pages of one document" in err and "IMG_2041.jpg" in err
    assert f"formsift batch {folder}" in err


def test_pages_of_one_document_in_two_files_are_told_not_joined(tmp_path, capsys, make_pdf):
    import json

    p1 = tmp_path / "c10_p1.pdf"
    p2 = tmp_path / "c10_p2.pdf"
    p1.write_bytes(make_pdf([(50, 60, "ACME CLAIM FORM"), (50, 100, "Policy: MTR-1234"),
                             (50, 800, "Page 1 of 2")]))
    p2.write_bytes(make_pdf([(50, 60, "ACME CLAIM FORM"), (50, 100, "Cost: 1225.00"),
                             (50, 800, "Page 2 of 2")]))
    tpl = tmp_path / "claim.sift"
    tpl.write_text(FORM)
    out = tmp_path / "out.json"
    main(["extract", str(p1), str(p2), "-t", str(tpl), "--record", "--with-status",
          "--no-progress", "-o", str(out)])
    err = capsys.readouterr().err
    assert "look like pages of one twopager" in err and "--split DIR" in err
    first, second = json.loads(out.read_text())
    said = [r["message"] for r in first["reasons"] if r["code"] == "pages_missing"]
    assert said and f"the next file given, {p2}, is page(s) 2 of a twopager" in said[0]
    said = [r["message"] for r in second["reasons"] if r["code"] == "pages_missing"]
    assert said and f"the file given before, {p1}, is page(s) 1" in said[0]
    # the stderr line of each puts its missing page first
    assert f"{p2}: review: the pages say there are 2" in err
