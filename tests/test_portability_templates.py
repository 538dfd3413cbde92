"""Template folders written from other systems: a macOS AppleDouble twin (``._acme.sift``),
a hidden ``.x.sift`` or a file in ``.git/`` is not a template and stops nothing."""

from __future__ import annotations

import pytest

from formsift.cli import EXIT_OK, main
from formsift.templates import template_files
from tests.test_engine import TEMPLATE


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "shop.sift").write_text(TEMPLATE)
    (tmp_path / "._shop.sift").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (tmp_path / ".draft.sift").write_text("half a template {")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "old.sift").write_text("not one")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "other.sift").write_text(TEMPLATE.replace("shop_invoice", "other"))
    (tmp_path / "more" / "._other.sift").write_bytes(b"\x00\x05\x16\x07")
    return tmp_path


def test_template_files_leave_hidden_files_out(folder):
    assert [p.name for p in template_files(folder)] == ["shop.sift"]
    assert [p.name for p in template_files(folder, recursive=True)] == ["other.sift",
                                                                        "shop.sift"]


def test_check_of_a_folder_with_appledouble_twins(folder, capsys):
    assert main(["check", str(folder)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "shop.sift: ok" in out and "other.sift: ok" in out and "._" not in out
