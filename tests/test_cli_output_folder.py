"""`-o` into a folder that does not exist fails before any document is read (japan
journey: it failed only after the whole extraction had run)."""

from formsift.cli import main


def test_a_missing_output_folder_is_refused_first(tmp_path, capsys):
    missing_input = tmp_path / "not-there.pdf"  # would be an input error if it were read
    out = tmp_path / "no-such-folder" / "out.json"
    code = main(["extract", str(missing_input), "-t", "invoice", "-o", str(out)])
    err = capsys.readouterr().err
    assert code != 0 and "no-such-folder does not exist" in err
    assert "not-there.pdf" not in err and "Traceback" not in err
