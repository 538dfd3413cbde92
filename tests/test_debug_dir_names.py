"""--debug-dir with two documents of one file name (d1/scan.png and d2/scan.png): the
second's images overwrote the first's in DIR/scan.png/."""

from __future__ import annotations

from formsift import Engine
from formsift.samples import encode_png, generate, render_scan


def test_two_documents_of_one_name_get_two_folders(tmp_path):
    engine = Engine(debug_dir=tmp_path / "dbg")
    for seed, folder in ((1, "d1"), (2, "d2")):
        (tmp_path / folder).mkdir()
        png = tmp_path / folder / "scan.png"
        png.write_bytes(encode_png(render_scan(generate("receipt", seed).pdf, 100, "clean")[0]))
        engine.extract(png, "receipt")
    engine.extract(tmp_path / "d1" / "scan.png", "receipt")  # the first again: its folder
    folders = sorted(p.name for p in (tmp_path / "dbg").iterdir())
    assert len(folders) == 2 and folders[0] == "scan.png"
    assert folders[1].startswith("scan.png-")
    for f in folders:
        assert any((tmp_path / "dbg" / f).iterdir())
