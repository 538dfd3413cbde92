"""Standard output as an exporter plugin meets it: a reader that went away (``| head``) is
nobody's bug, and an export that fails midway leaves nothing partial (task J's findings
2.1 and 2.5)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from formsift.cli import EXIT_BROKEN_PIPE, EXIT_PLUGIN, main
from formsift.core.plugins import reset_default_registry

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "documents" / "invoice.pdf"

_EXPORTER = """
    from formsift import Exporter, hookimpl


    class Lines(Exporter):
        name = "{name}"
        version = "1.0"

        def export(self, results, stream):
            stream.write("partial;")
            {rest}


    @hookimpl
    def formsift_register_exporters():
        return [Lines]
"""


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    """plugin(name, rest) -> a local plugin module (--plugin NAME) with the exporter NAME
    that writes "partial;" then runs ``rest``."""
    names = []

    def write(name: str, rest: str) -> str:
        (tmp_path / f"{name.replace('-', '_')}.py").write_text(
            textwrap.dedent(_EXPORTER.format(name=name, rest=rest)))
        names.append(name.replace("-", "_"))
        return name.replace("-", "_")

    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    reset_default_registry()
    yield write
    reset_default_registry()
    for name in names:
        sys.modules.pop(name, None)


def _extract(fmt: str, module: str, *more: str) -> int:
    return main(["extract", str(SAMPLE), "-t", "invoice", "--no-progress", "-f", fmt,
                 "--plugin", module, *more])


class _Closed(io.StringIO):
    """Standard output whose reader went away."""

    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_is_not_blamed_on_the_exporter_plugin(plugin, monkeypatch, capsys):
    """``extract -f PLUGIN-FORMAT | head`` was exit 5, "plugin ... failed on the ...
    export: BrokenPipeError"; a built-in format exits 141 without a word."""
    module = plugin("jb-lines", 'stream.write("rest\\n" * 1000)')
    monkeypatch.setattr(sys, "stdout", _Closed())
    assert _extract("jb-lines", module) == EXIT_BROKEN_PIPE
    assert capsys.readouterr().err == ""


def test_a_closed_pipe_of_a_real_process_exits_as_a_shell_reports_it(plugin, tmp_path):
    """The same through a real pipe whose reader is gone: exit 141, nothing on stderr
    (no "Exception ignored" at exit either)."""
    module = plugin("jb-pipe", 'stream.write("rest\\n" * 1000)')
    read, write = os.pipe()
    os.close(read)  # the reader went away before anything was written
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "src")])}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "formsift", "extract", str(SAMPLE), "-t", "invoice",
             "--no-progress", "-f", "jb-pipe", "--plugin", module],
            stdout=write, stderr=subprocess.PIPE, cwd=tmp_path, env=env, timeout=300)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr.decode()) == (EXIT_BROKEN_PIPE, "")


def test_an_export_that_fails_midway_writes_nothing_to_standard_output(plugin, capsys):
    """A failing exporter's partial text ("partial;") was left on standard output."""
    module = plugin("jb-boom", 'raise OSError("disk quota")')
    assert _extract("jb-boom", module) == EXIT_PLUGIN
    out, err = capsys.readouterr()
    assert out == ""
    assert "plugin 'jb_boom' (<local>) failed on the jb-boom export: OSError: disk quota" \
        in err and err.rstrip().endswith("; nothing was written to standard output")


def test_an_export_that_succeeds_is_written_whole(plugin, capsys):
    module = plugin("jb-fine", 'stream.write("done\\n")')
    assert _extract("jb-fine", module) == 0
    assert capsys.readouterr().out == "partial;done\n"


def test_a_failed_export_to_a_new_file_says_it_was_not_written(plugin, tmp_path, capsys):
    module = plugin("jb-boom2", 'raise OSError("disk quota")')
    assert _extract("jb-boom2", module, "-o", str(tmp_path / "out.csv")) == EXIT_PLUGIN
    assert capsys.readouterr().err.rstrip().endswith(f"; {tmp_path / 'out.csv'} was not "
                                                     f"written")
    assert not (tmp_path / "out.csv").exists()


def test_engine_export_to_a_closed_stream_raises_broken_pipe_not_plugin_error(plugin):
    from formsift import Engine
    from formsift.core.plugins import default_registry

    module = plugin("jb-lib", 'stream.write("rest\\n")')
    engine = Engine(registry=default_registry(plugins=[module]))
    result = engine.extract(SAMPLE, "invoice")
    with pytest.raises(BrokenPipeError):
        engine.export([result], _Closed(), "jb-lib")


def _audit_db(path: Path, events: int) -> str:
    """An SQLite service database holding ``events`` audit events -> its URL."""
    pytest.importorskip("sqlalchemy", reason="the service extra is not installed")
    from datetime import datetime, timedelta

    from formsift.service import tables
    from formsift.service.storage import Store

    url = f"sqlite:///{path}"
    store = Store(url)
    with store.engine.begin() as conn:
        conn.execute(tables.audit_events.insert(), [
            {"at": datetime(2026, 1, 1) + timedelta(seconds=i), "actor": "svc",
             "action": "extract", "record_id": f"{i:036d}", "status": "accepted"}
            for i in range(events)])
    store.close()
    return url


def test_audit_export_streams_to_standard_output(tmp_path, monkeypatch):
    """``audit export`` was held back whole (120k events: first line after 5.7 s instead
    of 1.5 s, +33 MB): an event reaches standard output before the next is read."""
    import formsift.service.audit as audit

    url = _audit_db(tmp_path / "a.db", 3)
    out = io.StringIO()
    seen: list[str] = []
    real = audit.jsonl

    def watched(rows):
        for i, line in enumerate(real(rows)):
            if i:
                seen.append(out.getvalue())
            yield line

    monkeypatch.setattr(audit, "jsonl", watched)
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["audit", "export", "--db", url]) == 0
    lines = out.getvalue().splitlines(keepends=True)
    assert len(lines) == 3 and seen == ["".join(lines[:1]), "".join(lines[:2])]


def test_audit_export_to_a_closed_pipe_exits_as_a_shell_reports_it(tmp_path):
    """Streamed, a closed pipe still ends it with 141 and nothing on stderr (a short export
    too, whose text is flushed at the end rather than at exit)."""
    for events in (2, 3000):
        url = _audit_db(tmp_path / f"{events}.db", events)
        read, write = os.pipe()
        os.close(read)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        try:
            done = subprocess.run([sys.executable, "-m", "formsift", "audit", "export",
                                   "--db", url], stdout=write, stderr=subprocess.PIPE,
                                  env=env, timeout=300)
        finally:
            os.close(write)
        assert (events, done.returncode, done.stderr.decode()) == (events, EXIT_BROKEN_PIPE, "")
