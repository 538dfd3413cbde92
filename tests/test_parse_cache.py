"""Parsed templates are kept between loads and processes, and never served stale."""

from __future__ import annotations

import pytest

from formsift.grammar import parse_cache
from formsift.grammar import parser as P

SOURCE = "template t {\n  field a: money = anywhere\n}\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FORMSIFT_CACHE_DIR", str(tmp_path / "cache"))
    parse_cache.clear_memory()
    yield tmp_path / "cache"
    parse_cache.clear_memory()


def _count_parses(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = P._parse

    def counting(source: str, path: str) -> P.ParseResult:
        calls.append(path)
        return real(source, path)

    monkeypatch.setattr(P, "_parse", counting)
    return calls


def test_a_file_is_parsed_once_per_text(cache, tmp_path, monkeypatch):
    calls = _count_parses(monkeypatch)
    path = str(tmp_path / "t.sift")
    first = P.parse_recovering(SOURCE, path)
    again = P.parse_recovering(SOURCE, path)
    assert calls == [path]
    assert again.tree == first.tree

    parse_cache.clear_memory()  # a new process: read from disk, not parsed
    from_disk = P.parse_recovering(SOURCE, path)
    assert calls == [path]
    assert from_disk.tree == first.tree

    edited = SOURCE.replace("money", "text")
    tree = P.parse_recovering(edited, path).tree
    assert calls == [path, path]
    assert tree is not None and tree.templates[0].fields[0].type.call.name.text == "text"
    assert len(list((cache / "parsed").iterdir())) == 1  # one file per template path


def test_diagnostics_are_the_callers_own(cache, tmp_path):
    path = str(tmp_path / "bad.sift")
    first = P.parse_recovering("template t {\n  feild a: money = anywhere\n}\n", path)
    assert first.diagnostics
    first.diagnostics.clear()
    assert P.parse_recovering("template t {\n  feild a: money = anywhere\n}\n",
                              path).diagnostics


def test_a_damaged_or_foreign_cache_file_is_parsed_again(cache, tmp_path, monkeypatch):
    path = str(tmp_path / "t.sift")
    P.parse_recovering(SOURCE, path)
    (file,) = (cache / "parsed").iterdir()
    file.write_bytes(b"not a pickle")
    parse_cache.clear_memory()
    calls = _count_parses(monkeypatch)
    assert P.parse_recovering(SOURCE, path).tree is not None
    assert calls == [path]


def test_sources_that_are_not_files_stay_in_memory(cache):
    P.parse_recovering(SOURCE, "<template>")
    assert not (cache / "parsed").exists()


def test_loading_a_template_set_twice_parses_nothing_again(cache, tmp_path, monkeypatch):
    from formsift import Engine

    for i in range(3):
        (tmp_path / f"t{i}.sift").write_text(SOURCE.replace("template t", f"template t{i}"))
    calls = _count_parses(monkeypatch)
    assert len(Engine(templates=[tmp_path]).templates) == 3
    assert len(calls) == 3  # once each, though packets are looked for first
    parse_cache.clear_memory()
    assert len(Engine(templates=[tmp_path]).templates) == 3
    assert len(calls) == 3


def test_the_disk_cache_stays_bounded(cache, tmp_path, monkeypatch):
    monkeypatch.setattr(parse_cache, "DISK_FILES", 8)
    for i in range(20):
        P.parse_recovering(SOURCE, str(tmp_path / f"t{i}.sift"))
    assert 4 <= len(list((cache / "parsed").glob("*.pickle"))) <= 8


@pytest.fixture
def fresh_regexes(cache):
    from formsift.templates import valid_regexes

    valid_regexes.forget()
    yield valid_regexes
    valid_regexes.forget()


def _count_compiles(monkeypatch) -> list[str]:
    from formsift.templates import compiler

    calls: list[str] = []
    real = compiler.compile_pattern

    def counting(pattern: str, flags: str = ""):
        calls.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(compiler, "compile_pattern", counting)
    return calls


REGEXES = ('template r {\n  match { contains /Rechnung\\s+Nr/ }\n'
           '  field a: text = search /Nr\\.?\\s*(\\d+)/\n}\n')


def test_a_regex_that_compiled_once_is_not_compiled_again_at_load(fresh_regexes, tmp_path,
                                                                  monkeypatch):
    from formsift.templates import check_source

    calls = _count_compiles(monkeypatch)
    assert not [d for d in check_source(REGEXES, str(tmp_path / "r.sift"))[1]]
    assert sorted(calls) == ["Nr\\.?\\s*(\\d+)", "Rechnung\\s+Nr"]
    fresh_regexes.forget()  # a new process: read from the file
    templates, diags = check_source(REGEXES, str(tmp_path / "r.sift"))
    assert not diags and len(calls) == 2
    # the template still works: the regex is compiled when first used
    from formsift import Engine

    result = Engine(templates=[]).extract(b"Rechnung Nr. 4711\n", templates[0], name="a.txt")
    assert result.value("a") == "4711"


def test_a_bad_regex_is_reported_every_time(fresh_regexes, tmp_path):
    from formsift.templates import check_source

    bad = 'template r {\n  field a: text = search /(unclosed/\n}\n'
    for _ in range(2):
        fresh_regexes.forget()
        diags = check_source(bad, str(tmp_path / "b.sift"))[1]
        assert any("invalid regex" in d.message for d in diags)


def test_a_damaged_list_of_regexes_is_ignored(fresh_regexes, tmp_path, monkeypatch):
    from formsift.templates import check_source

    check_source(REGEXES, str(tmp_path / "r.sift"))
    fresh_regexes.forget()  # the process ends: its regexes are written
    (file,) = (tmp_path / "cache").glob("regex-ok-*.bin")
    file.write_bytes(b"12345")  # not a whole number of hashes
    fresh_regexes.forget()
    calls = _count_compiles(monkeypatch)
    assert not check_source(REGEXES, str(tmp_path / "r.sift"))[1]
    assert len(calls) == 2


TABLE = ('template t {\n  table items {\n    name: text\n    qty: int\n'
         '    line /(?P<name>\\w+)\\s+(?P<qtty>\\d+)/\n  }\n}\n')


def test_a_known_table_regex_is_read_for_its_groups_not_compiled(fresh_regexes, tmp_path,
                                                                  monkeypatch):
    from formsift.templates import check_source

    first = check_source(TABLE, str(tmp_path / "t.sift"))[1]
    fresh_regexes.forget()  # a new process: the regex is known to compile
    calls = _count_compiles(monkeypatch)
    again = check_source(TABLE, str(tmp_path / "t.sift"))[1]
    assert not calls
    # the misspelt group is reported the same way both times
    assert [d.message for d in again] == [d.message for d in first]
    assert any("group 'qtty' is not a column" in d.message for d in again)


def test_loading_templates_leaves_the_garbage_collector_as_it_was(tmp_path):
    import gc

    from formsift import Engine

    (tmp_path / "t.sift").write_text(SOURCE, encoding="utf-8")
    was = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            assert len(Engine(templates=[tmp_path]).templates) == 1
            assert gc.isenabled() is state
    finally:
        (gc.enable if was else gc.disable)()
