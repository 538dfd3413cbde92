"""Findings of a security review: templates written by others (their ``model=`` files,
their size), template references that are paths to any file, inbox folders filled by
others (links out of the folder, huge files), ``--plugin`` given a path, and PDF passwords
kept off the command line. Each once leaked, crashed or misled; each is now one clear
line."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from formsift import Engine, compile_template
from formsift.cli import EXIT_PLUGIN, EXIT_TEMPLATE, EXIT_USAGE, main
from formsift.core.errors import PluginError, TemplateError

#: What a file that is no template may hold: never to be quoted back in an error.
SECRET = "root:x:0:0:SECRET-LINE:/root:/bin/bash\ndaemon:x:1:1:OTHER-SECRET:/usr/sbin\n"
#: The smallest file laid out as an ONNX model (IR version 7, an empty graph), which
#: onnxruntime still refuses to load.
HOLLOW_ONNX = b"\x08\x07\x3a\x00"


def _template(model: str, component: str = "ppocr_det", stage: str = "segment") -> str:
    return (f'template own {{\n  pipeline {{\n    {stage} {component}(model="{model}")\n'
            f'  }}\n  field a: text = right of "A"\n}}\n')


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "passwd"
    path.write_text(SECRET)
    return path


# ---------------------------------------------------------------- model= in templates
def test_check_refuses_a_model_file_that_is_no_onnx_model_at_the_option(tmp_path, secret,
                                                                          capsys):
    # `formsift check` said "ok" for model="/etc/shadow"; extraction then failed as an
    # internal error, and `formsift serve` died at start-up with a traceback
    tpl = tmp_path / "own.sift"
    tpl.write_text(_template(str(secret)))
    assert main(["check", str(tpl)]) == EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert f"own.sift:3:23: error: segmenter 'ppocr_det', option 'model': '{secret}' is " \
           f"not an ONNX model" in err
    assert "SECRET" not in err
    (tmp_path / "doc.txt").write_text("A 1\n")
    assert main(["extract", str(tmp_path / "doc.txt"), "-t", str(tpl)]) == EXIT_TEMPLATE
    assert "is not an ONNX model" in capsys.readouterr().err


def test_a_json_model_option_takes_json_and_an_onnx_one_takes_onnx(tmp_path, registry):
    from formsift.plugins.handwriting.models import shipped_model

    (tmp_path / "style.json").write_text('{"weights": []}')
    (tmp_path / "own.onnx").write_bytes(shipped_model().read_bytes())
    compile_template(_template("style.json", "handwriting"), registry,
                     path=str(tmp_path / "a.sift"))
    compile_template(_template("own.onnx", "crnn", "recognize"), registry,
                     path=str(tmp_path / "b.sift"))
    with pytest.raises(TemplateError, match="is not a JSON model file"):
        compile_template(_template("own.onnx", "handwriting"), registry,
                         path=str(tmp_path / "c.sift"))
    with pytest.raises(TemplateError, match="is not an ONNX model"):
        compile_template(_template("style.json", "crnn", "recognize"), registry,
                         path=str(tmp_path / "d.sift"))


def test_allowed_model_dirs_refuse_other_files_without_saying_whether_they_exist(
        tmp_path, secret, monkeypatch, registry):
    from formsift.plugins.handwriting.models import shipped_model

    models = tmp_path / "models"
    models.mkdir()
    (models / "own.onnx").write_bytes(shipped_model().read_bytes())
    monkeypatch.setenv("FORMSIFT_ALLOWED_MODEL_DIRS", str(models))
    compile_template(_template(str(models / "own.onnx"), "crnn", "recognize"), registry)
    messages = []
    for path in (secret, tmp_path / "missing.onnx", models / ".." / "passwd"):
        with pytest.raises(TemplateError) as caught:
            compile_template(_template(str(path)), registry)
        messages.append(str(caught.value).split(": ", 3)[-1].splitlines()[0])
    assert len(set(m.replace(str(p), "") for m, p in zip(
        messages, (secret, tmp_path / "missing.onnx", models / ".." / "passwd"),
        strict=True))) == 1  # the same answer for a file that exists and one that does not
    assert "not in a folder FORMSIFT_ALLOWED_MODEL_DIRS allows" in messages[0]
    monkeypatch.setenv("FORMSIFT_ALLOWED_MODEL_DIRS", "none")
    with pytest.raises(TemplateError, match="files may not be named here"):
        compile_template(_template(str(models / "own.onnx"), "crnn", "recognize"), registry)


def test_a_model_file_its_component_cannot_load_is_one_line_naming_the_option(
        tmp_path, registry):
    from formsift.templates import load_model_files

    (tmp_path / "hollow.onnx").write_bytes(HOLLOW_ONNX)
    template = compile_template(_template("hollow.onnx"), registry,
                                path=str(tmp_path / "own.sift"))  # laid out as a model
    # what `formsift serve` runs before it starts its workers
    with pytest.raises(PluginError) as caught:
        load_model_files([template])
    message = str(caught.value)
    assert "\n" not in message
    assert "template 'own': segmenter 'ppocr_det' cannot load the file its template " \
           "names (model=" in message and "hollow.onnx" in message
    # and extraction: a plugin_error naming the option, not an internal error
    import cv2
    import numpy as np

    scan = tmp_path / "scan.png"
    cv2.imwrite(str(scan), np.full((400, 300, 3), 255, np.uint8))
    with pytest.raises(PluginError, match="'ppocr_det' cannot load the file its template "
                                          "names \\(model="):
        Engine(registry=registry, seen_store="memory").extract(scan, template)


# ---------------------------------------------------------------- template references
def test_a_template_reference_to_a_file_that_is_no_template_does_not_quote_it(
        tmp_path, secret, make_pdf):
    # Engine().extract(data, "/etc/passwd") quoted 20 of its 25 lines in the error
    engine = Engine(seen_store="memory")
    data = make_pdf([(50, 100, "Invoice")])
    linked = tmp_path / "looks.sift"
    linked.symlink_to(secret)
    for ref in (str(secret), os.path.relpath(secret), str(linked)):
        with pytest.raises(TemplateError) as caught:
            engine.extract(data, ref)
        message = str(caught.value)
        assert "SECRET" not in message and "root:x" not in message
        assert "\n" not in message
        assert ("template files end in .sift" in message
                or "a template file starts with 'template NAME {'" in message)


def test_a_template_with_a_typo_in_its_first_word_still_gets_the_parsers_hint(tmp_path):
    with pytest.raises(TemplateError, match="did you mean 'template'"):
        compile_template('templat x {\n  field a: text = right of "A"\n}\n')


# ---------------------------------------------------------------- template size
def test_a_template_over_1_mb_is_refused_before_it_is_parsed(tmp_path, capsys):
    # a 10 MB template needed 2.8 GB to check; under a memory limit, "internal error:
    # MemoryError"
    from formsift.templates import MAX_TEMPLATE_BYTES

    assert MAX_TEMPLATE_BYTES == 1_000_000
    big = 'template big {\n  match { contains "' + "A" * MAX_TEMPLATE_BYTES + '" }\n}\n'
    with pytest.raises(TemplateError, match=r"over the limit of 1,000,000 \(1 MB\)"):
        compile_template(big)
    huge = tmp_path / "huge.sift"
    with open(huge, "wb") as fh:  # sparse: 10 GB that no disk holds, never read
        fh.write(b"template huge {\n")
        fh.truncate(10 * 1024**3)
    (tmp_path / "x.txt").write_text("A 1\n")
    t0 = time.perf_counter()
    assert main(["check", str(huge)]) == EXIT_TEMPLATE
    assert main(["extract", str(tmp_path / "x.txt"), "-t", str(huge)]) == EXIT_TEMPLATE
    with pytest.raises(TemplateError, match="over the limit"):
        _ = Engine(templates=[tmp_path], seen_store="memory").templates
    assert time.perf_counter() - t0 < 10
    err = capsys.readouterr().err
    assert err.count("huge.sift: error: the template is 10,737,418,240 bytes, over the "
                     "limit of 1,000,000 (1 MB)") == 1
    assert "huge.sift: the template is 10,737,418,240 bytes" in err


# ---------------------------------------------------------------- batch inbox
def test_batch_does_not_follow_links_out_of_its_folder(tmp_path, secret, make_pdf):
    from formsift.batch import run_batch

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(make_pdf([(50, 100, "Invoice No. A-1")]))
    (inbox / "passwd.txt").symlink_to(secret)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.pdf").write_bytes(make_pdf([(50, 100, "Invoice No. O-1")]))
    (inbox / "shared").symlink_to(outside)
    (inbox / "inner.pdf").symlink_to(inbox / "a.pdf")  # inside the folder: followed
    out = tmp_path / "r.jsonl"
    items = {Path(i.path).name: i for i in run_batch([inbox], "invoice", out, workers=1)}
    assert set(items) == {"a.pdf", "passwd.txt", "shared", "inner.pdf"}
    for name in ("passwd.txt", "shared"):
        assert items[name].error == "input_error"
        assert "symbolic link that leads outside the folder given: not followed" in \
            items[name].result().message
    assert items["inner.pdf"].error == "duplicate_input"  # read (it is a.pdf again)
    assert "SECRET" not in out.read_text()
    followed = {Path(i.path).name for i in run_batch(
        [inbox], "invoice", tmp_path / "f.jsonl", workers=1, follow_outside_links=True)}
    assert {"passwd.txt", "o.pdf"} <= followed


def test_batch_refuses_an_oversize_file_by_its_size_and_counts_planning_time(
        tmp_path, monkeypatch):
    # a 10 GB file was read in full to hash it (19-39 s), while the summary said 1.1 s
    from formsift.batch import inputs, run, run_batch

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sparse = inbox / "sparse.pdf"
    with open(sparse, "wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(10 * 1024**3)
    t0 = time.perf_counter()
    with pytest.raises(Exception, match=r"file is 10,737,418,240 bytes, over the limit "
                                        r"of 536,870,912"):
        inputs.content_hash(str(sparse), max_bytes=512 * 1024 * 1024)
    assert time.perf_counter() - t0 < 2

    def slow_hash(path, *args, **kwargs):
        time.sleep(0.6)
        return inputs.content_hash(path, *args, **kwargs)

    monkeypatch.setattr(run, "content_hash", slow_hash)
    batch = run_batch([inbox], "invoice", tmp_path / "r.jsonl", workers=1)
    (item,) = list(batch)
    assert item.error == "input_error" and "over the limit of 536,870,912" in \
        item.result().message
    assert batch.summary.wall_seconds >= 0.6  # the planning is part of the run


# ---------------------------------------------------------------- --plugin
@pytest.mark.parametrize(("plugin", "text"), [
    ("../../etc/passwd", "--plugin takes the name of an importable module"),
    ("plugins/my_plugin.py", "write --plugin my_plugin, run from the folder that holds "
                             "my_plugin.py (plugins)"),
    ("os", "--plugin os: the module 'os' implements no formsift hook"),
])
def test_plugin_given_a_path_or_a_module_without_hooks_is_a_clear_error(
        tmp_path, make_pdf, capsys, plugin, text):
    doc = tmp_path / "a.pdf"
    doc.write_bytes(make_pdf([(50, 100, "Invoice")]))
    argv = ["batch", str(doc), "-t", "invoice", "-o", str(tmp_path / "r.jsonl"),
            "--no-progress", "--plugin", plugin]
    assert main(argv) == EXIT_PLUGIN
    err = capsys.readouterr().err
    assert text in err and "TypeError" not in err and len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------- PDF passwords
@pytest.fixture
def encrypted(tmp_path, make_pdf) -> Path:
    import pymupdf

    doc = pymupdf.open(stream=make_pdf([(50, 100, "Invoice No. A-1")]), filetype="pdf")
    path = tmp_path / "locked.pdf"
    path.write_bytes(doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="s3cret",
                                 owner_pw="own"))
    return path


def test_the_pdf_password_can_come_from_a_file_or_the_environment(
        tmp_path, encrypted, capsys, monkeypatch):
    # --password only: visible in /proc/PID/cmdline and kept in the shell history
    monkeypatch.setenv("FORMSIFT_SEEN_STORE", "memory")
    extract = ["extract", str(encrypted), "-t", "invoice", "--record"]
    assert main(extract) == 3  # no password: an input error
    assert "needs a password" in capsys.readouterr().err
    secret_file = tmp_path / "pw.txt"
    secret_file.write_text("s3cret\n")
    assert main([*extract, "--password-file", str(secret_file)]) == 0
    assert '"invoice_no": "A-1"' in capsys.readouterr().out
    monkeypatch.setenv("FORMSIFT_PDF_PASSWORD", "s3cret")
    assert main(extract) == 0
    assert '"invoice_no": "A-1"' in capsys.readouterr().out
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(encrypted), "-t", "invoice", "-o", str(out),
                 "--no-progress"]) == 0
    assert main([*extract, "--password", "x", "--password-file", str(secret_file)]) \
        == EXIT_USAGE
    assert "give --password or --password-file, not both" in capsys.readouterr().err
    assert main([*extract, "--password-file", str(tmp_path / "none.txt")]) == EXIT_USAGE
    assert "--password-file" in capsys.readouterr().err
