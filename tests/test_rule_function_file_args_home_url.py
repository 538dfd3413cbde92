"""A rule function's file argument (``Function.file_params``, code read r8 of 72fcd03):
``~/wl.csv`` was passed unexpanded ("no whitelist file '~/wl.csv'") although a component's
file option expands it, and a value with a URL scheme ('https://...', 'db://...') was made
'<template folder>/https:/...'. A leading ``~`` is now the home folder, and a URL
(``scheme://``) is passed as written; a file name with ':' is still a file (code read
r12)."""

from __future__ import annotations

import pytest

from formsift.templates import check_source
from tests.test_rule_function_file_args import _registry

_TEMPLATE = ('template t {\n  field vat: text = right of "VAT:"\n'
             '  rule ok: listed_in(vat, "WHERE")\n}\n')


@pytest.fixture
def folders(tmp_path, monkeypatch):
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "wl.csv").write_text("IT1\n")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "run").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path / "run")
    return tmp_path


def _messages(registry, folders, where: str) -> list[str]:
    source = _TEMPLATE.replace("WHERE", where)
    (folders / "tpl" / "t.sift").write_text(source)
    _, diagnostics = check_source(source, str(folders / "tpl" / "t.sift"), registry)
    return [d.message for d in diagnostics]


def test_a_home_path_is_expanded(fake_site, folders):
    registry = _registry(fake_site, "(1,)")
    assert _messages(registry, folders, "~/wl.csv") == []
    missing = _messages(registry, folders, "~/gone.csv")
    assert missing == [f"no whitelist file {str(folders / 'home' / 'gone.csv')!r}"]


@pytest.mark.parametrize("url", ["https://lists.example/wl.csv", "db://whitelists",
                                 "file:///etc/wl.csv"])
def test_a_url_is_passed_as_written(fake_site, folders, url):
    # the plugin's check says its value: the URL itself, not a path under tpl/
    registry = _registry(fake_site, "(1,)")
    assert _messages(registry, folders, url) == [f"no whitelist file {url!r}"]


@pytest.mark.parametrize("name", ["wl-2026-01-01T10:00.csv", "wl:2026.csv"])
def test_a_name_with_a_colon_is_a_file_beside_the_template(fake_site, folders, name):
    # code read r12: 'wl-2026-01-01T10:00.csv' was taken for a URL scheme and looked up in
    # the current folder (run/); only 'scheme://' makes a value a URL
    (folders / "tpl" / name).write_text("IT1\n")
    registry = _registry(fake_site, "(1,)")
    assert _messages(registry, folders, name) == []
    (folders / "tpl" / name).unlink()
    assert _messages(registry, folders, name) == \
        [f"no whitelist file {str(folders / 'tpl' / name)!r}"]


def test_a_windows_drive_is_a_path_not_a_url(fake_site, folders):
    registry = _registry(fake_site, "(1,)")
    # read from the template's folder, as any relative path is on a POSIX system
    [message] = _messages(registry, folders, "C:/lists/wl.csv")
    assert message == f"no whitelist file {str(folders / 'tpl' / 'C:' / 'lists' / 'wl.csv')!r}"
