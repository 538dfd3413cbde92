"""A folder of templates holding a macOS AppleDouble twin (._acme.sift) or a hidden
.x.sift: `extract --templates DIR` exited 4 and Engine(templates=DIR) raised on it (the
check and fmt commands already left such files out)."""

from __future__ import annotations

from formsift import Engine

TEMPLATE = """template acme {
  match { contains "ACME" }
  field total: money = right of "Total"
}
"""


def test_hidden_files_in_a_template_folder_are_left_out(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "acme.sift").write_text(TEMPLATE, encoding="utf-8")
    (folder / "._acme.sift").write_bytes(b"\x00\x05\x16\x07Mac OS X        \x00\x02")
    (folder / ".draft.sift").write_text("template broken {", encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("ACME Corp\nTotal 12.50\n", encoding="utf-8")
    result = Engine(templates=[str(folder)]).extract(doc)
    assert result.template == "acme"
    assert str(result.record()["total"]) == "12.50"
