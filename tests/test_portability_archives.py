"""A ZIP archive given as a document is refused as an archive, naming the files it holds,
the same in extract, the Python API and batch (MuPDF would otherwise "repair" a stored
archive of PDFs into its last PDF, and the first would be in no output)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from formsift.batch.inputs import expand
from formsift.cli import EXIT_INPUT, main
from formsift.core.engine import Engine
from formsift.core.errors import InputError
from tests.test_engine import PAGE, TEMPLATE


def _zip(members: dict[str, bytes], method=zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.fixture
def archives(tmp_path, make_pdf):
    first = make_pdf(PAGE)
    second = make_pdf([(x, y, t.replace("INV-1042", "INV-1043")) for x, y, t in PAGE])
    (tmp_path / "shop.sift").write_text(TEMPLATE)
    (tmp_path / "two.zip").write_bytes(_zip({"a.pdf": first, "b.pdf": second}))
    (tmp_path / "deflated.zip").write_bytes(_zip({"a.pdf": first}, zipfile.ZIP_DEFLATED))
    return tmp_path


@pytest.mark.parametrize("name", ["two.zip", "deflated.zip"])
def test_extract_refuses_an_archive_naming_its_files(archives, capsys, name):
    code = main(["extract", str(archives / name), "-t", str(archives / "shop.sift"),
                 "--record", "--with-status", "-f", "jsonl", "--no-progress"])
    out = capsys.readouterr().out
    assert code == EXIT_INPUT
    [item] = [json.loads(x) for x in out.splitlines()]
    assert item["status"] == "error" and "ZIP archive" in item["message"]
    assert "a.pdf" in item["message"] and "unzip" in item["message"]
    if name == "two.zip":
        assert "b.pdf" in item["message"] and "INV-1043" not in out


def test_api_refuses_archive_bytes(archives):
    with pytest.raises(InputError, match=r"ZIP archive \(2 files: a\.pdf, b\.pdf\)"):
        Engine().extract((archives / "two.zip").read_bytes(), name="upload.zip")


def test_batch_lists_an_archive_as_an_input_not_ignored(archives):
    found = expand([str(archives)], suffixes={".pdf", ".sift"})
    assert any(p.endswith("two.zip") for p in found.paths)
    assert not any(p.endswith(".zip") for p in found.ignored_paths)


def test_office_documents_are_no_archives_to_refuse(tmp_path):
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    (tmp_path / "letter.docx").write_bytes(docx)
    with pytest.raises(InputError, match="unsupported file type"):
        Engine().extract(docx, name="letter.docx")
    assert expand([str(tmp_path)], suffixes={".pdf"}).paths == []
