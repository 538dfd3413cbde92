"""The formsift command on files and habits from other systems: a password file saved by
Windows Notepad, options where users put them, inputs with the same name."""

from __future__ import annotations

import argparse

import pytest

from formsift.cli import pdf_password


@pytest.mark.parametrize("data", [b"\xef\xbb\xbfs3cret\n", b"\xef\xbb\xbfs3cret\r\n",
                                  b"s3cret"])
def test_password_file_with_a_bom(tmp_path, data):
    path = tmp_path / "pw.txt"
    path.write_bytes(data)
    args = argparse.Namespace(password=None, password_file=str(path))
    assert pdf_password(args) == "s3cret"
