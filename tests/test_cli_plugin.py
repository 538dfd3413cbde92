"""``--plugin MODULE`` on every command that builds a plugin registry (a cheque journey,
finding D1b: a validator plugin of the user's own worked through ``Engine(extra_plugins=
...)``, but ``formsift check`` and ``extract`` said "unknown function", and only ``batch``
had ``--plugin``)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from formsift.cli import EXIT_OK, EXIT_PLUGIN, EXIT_TEMPLATE, main

PLUGIN = '''
from decimal import Decimal

from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import Function, Validator


class Twice(Validator):
    name = "NAME-rules"
    version = "0.1.0"
    summary = "NAME_twice(x): 2x"

    def functions(self):
        return [Function("NAME_twice", ("number",), "number", lambda x: Decimal(x) * 2,
                         "twice x")]


@hookimpl
def formsift_register_validators():
    return [Twice]
'''


@pytest.fixture
def folder(tmp_path, monkeypatch, request):
    """A folder holding a plugin module (named after the test: each test imports its own),
    a template calling its function, and a document; the current folder."""
    name = "plug_" + request.node.name.split("[")[0].removeprefix("test_")[:40]
    (tmp_path / f"{name}.py").write_text(PLUGIN.replace("NAME", name))
    (tmp_path / "t.sift").write_text(textwrap.dedent(f"""\
        template tw {{
          field a: money = right of "A:"
          field b: money = right of "B:"
          rule doubled: {name}_twice(a) == b
        }}
        """))
    (tmp_path / "good.txt").write_text("A: 2.50\nB: 5.00\n")
    (tmp_path / "bad.txt").write_text("A: 2.50\nB: 6.00\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))  # main() adds the current folder
    monkeypatch.setenv("FORMSIFT_SEEN_STORE", "memory")
    return name


def test_check_loads_a_local_plugin_before_or_after_the_command(folder, capsys):
    assert main(["check", "t.sift"]) == EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert f"unknown function '{folder}_twice'" in err and "--plugin MODULE" in err
    assert main(["check", "--plugin", folder, "t.sift"]) == EXIT_OK
    assert main(["--plugin", folder, "check", "t.sift"]) == EXIT_OK
    assert "t.sift: ok (tw)" in capsys.readouterr().out


def test_extract_explain_and_test_evaluate_the_plugin_rule(folder, capsys, tmp_path):
    assert main(["extract", "good.txt", "-t", "t.sift", "--plugin", folder]) == EXIT_OK
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "accepted" and result["rules"][0]["passed"] is True
    assert main(["extract", "bad.txt", "-t", "t.sift", "--plugin", folder]) == EXIT_OK
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "review" and result["rules"][0]["passed"] is False
    assert main(["explain", "bad.txt", "-t", "t.sift", "--plugin", folder]) == EXIT_OK
    assert f"{folder}_twice(a) == b does not hold" in capsys.readouterr().out
    golden = tmp_path / "golden"
    golden.mkdir()
    (golden / "t.sift").write_text((tmp_path / "t.sift").read_text())
    (golden / "good.txt").write_text("A: 2.50\nB: 5.00\n")
    (golden / "good.json").write_text(json.dumps({"a": "2.50", "b": "5.00"}))
    assert main(["test", str(golden), "--plugin", folder]) == EXIT_OK
    assert main(["schema", "t.sift", "--plugin", folder]) == EXIT_OK
    capsys.readouterr()
    assert main(["plugins", "--plugin", folder]) == EXIT_OK
    assert f"{folder}-rules" in capsys.readouterr().out


def test_batch_takes_the_plugin_before_the_command_too(folder, capsys, tmp_path):
    out = tmp_path / "r.jsonl"
    assert main(["--plugin", folder, "batch", "good.txt", "-t", "t.sift", "-o", str(out),
                 "-w", "1", "--no-progress"]) == EXIT_OK
    [line] = out.read_text().splitlines()
    assert json.loads(line)["status"] == "accepted"


@pytest.mark.parametrize(("plugin", "text"), [
    ("no_such_module_here", "cannot import plugin module 'no_such_module_here': "
                            "ModuleNotFoundError"),
    ("./plugins/my_plugin.py", "write --plugin my_plugin, run from the folder that holds "
                               "my_plugin.py (./plugins)"),
    ("json", "--plugin json: the module 'json' implements no formsift hook"),
    ("broken_plugin_mod", "cannot import plugin module 'broken_plugin_mod': "
                          "ZeroDivisionError: division by zero"),
])
@pytest.mark.parametrize("command", [
    ["check", "t.sift"], ["extract", "good.txt", "-t", "t.sift"],
    ["explain", "good.txt", "-t", "t.sift"], ["ocr", "good.txt"], ["plugins"],
])
def test_a_plugin_that_cannot_be_loaded_is_one_line_on_every_command(
        folder, capsys, tmp_path, plugin, text, command):
    (tmp_path / "broken_plugin_mod.py").write_text("x = 1 / 0\n")
    assert main([command[0], "--plugin", plugin, *command[1:]]) == EXIT_PLUGIN
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_the_service_workers_load_the_plugin_from_its_folder(folder, tmp_path):
    """The workers run ``python -P`` (the current folder is not on their path): they are
    told the folder each plugin was imported from."""
    import importlib

    from formsift.core.plugins import plugin_roots

    sys.path.insert(0, str(tmp_path))  # (restored by the fixture)
    importlib.import_module(folder)
    roots = plugin_roots([folder])
    assert roots == (str(tmp_path.resolve()),)
    code = textwrap.dedent(f"""
        from formsift.service.workers import WorkerSettings, _make_engine
        engine = _make_engine(WorkerSettings(templates=({str(tmp_path / 't.sift')!r},),
                                             plugins=({folder!r},), plugin_path={roots!r},
                                             warm_ocr=False))
        result = engine.extract({str(tmp_path / 'good.txt')!r}, template="tw")
        print(result.status.value, result.rules[0].passed)
        """)
    run = subprocess.run([sys.executable, "-P", "-c", code], cwd=Path(sys.prefix),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["accepted", "True"]
