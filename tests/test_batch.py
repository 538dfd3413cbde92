"""Batch runs: parallel workers, one line per input, resume, crashes and hangs.

The misbehaving inputs are born-digital PDFs carrying a marker that the test plugin
``tests.plugins.chaos`` acts on inside the worker (hang, os._exit, segfault, SIGKILL).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from formsift.batch import run_batch
from formsift.batch.inputs import expand
from formsift.batch.output import ResultsFile
from formsift.cli import EXIT_INPUT, EXIT_OK, EXIT_TEMPLATE, EXIT_USAGE, main
from tests.plugins.chaos import marker_pdf
from tests.plugins.chaos import write_invoices as invoices
from tests.test_cli import DUP

CHAOS = "tests.plugins.chaos"
ROOT = Path(__file__).resolve().parents[1]


def read_lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()]


# ---------------------------------------------------------------------- chaos run
@pytest.fixture(scope="module")
def chaos(tmp_path_factory):
    """One run over good, corrupt, hanging and crashing inputs (shared by several tests)."""
    tmp = tmp_path_factory.mktemp("chaos")
    inbox = tmp / "inbox"
    good = invoices(inbox / "sub", 4)
    (inbox / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / "notes.doc").write_text("not a document")  # no loader reads .doc: not picked
    (inbox / ".hidden.pdf").write_bytes(b"%PDF-")        # hidden: ignored
    for name in ("hang", "exit", "segfault", "kill", "once"):
        (inbox / f"{name}.pdf").write_bytes(marker_pdf(f"CHAOS-{name.upper()}"))
    missing = tmp / "missing.pdf"
    out = tmp / "results.jsonl"
    flags = tmp / "flags"
    flags.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FORMSIFT_CHAOS_DIR", str(flags))
        run = run_batch([inbox, missing], "invoice", out, workers=2, timeout=2.0, retries=1,
                        plugins=[CHAOS])
        items = list(run)
    return {"run": run, "items": items, "lines": read_lines(out), "out": out,
            "good": good, "inbox": inbox, "missing": missing}


def test_every_input_ends_as_exactly_one_line(chaos):
    lines, items = chaos["lines"], chaos["items"]
    assert len(lines) == len(items) == 12 == chaos["run"].summary.inputs
    assert len({x["source"] for x in lines}) == 12
    # each line carries the input path and (when the file could be read) its content hash
    for line in lines:
        assert line["source"]
        if not line["source"].endswith(("missing.pdf", "empty.pdf")):  # (nothing to hash)
            assert line["document_id"].startswith("sha256:")


def test_outcomes_of_good_corrupt_hanging_and_crashing_inputs(chaos):
    by_name = {Path(x["source"]).name: x for x in chaos["lines"]}
    for path in chaos["good"]:
        assert by_name[path.name]["status"] == "accepted"
        assert by_name[path.name]["fields"]["total"]["value"]
    assert by_name["corrupt.pdf"]["error"] == "input_error"
    assert by_name["empty.pdf"]["error"] == "input_error"
    assert by_name["missing.pdf"]["error"] == "input_error"
    assert by_name["hang.pdf"]["error"] == "timeout"
    for name in ("exit.pdf", "segfault.pdf", "kill.pdf"):
        assert by_name[name]["error"] == "worker_crashed", name
        assert "tried 2 times" in by_name[name]["message"]
    assert "SIGSEGV" in by_name["segfault.pdf"]["message"]
    assert "SIGKILL" in by_name["kill.pdf"]["message"]
    assert by_name["once.pdf"]["status"] == "review"  # crashed once, retried, then done


def test_crashing_inputs_are_retried_a_bounded_number_of_times(chaos):
    attempts = {Path(i.path).name: i.attempts for i in chaos["items"]}
    assert attempts["exit.pdf"] == attempts["kill.pdf"] == attempts["once.pdf"] == 2
    assert attempts["invoice-00000.pdf"] == 1


def test_summary_counts_and_replaced_workers(chaos):
    summary = chaos["run"].summary
    assert summary.statuses["accepted"] == 4 and summary.statuses["error"] == 7
    assert summary.errors == {"input_error": 3, "timeout": 1, "worker_crashed": 3}
    assert summary.ignored == 2 and summary.retried == 4
    assert [Path(p).name for p in summary.ignored_paths] == [".hidden.pdf", "notes.doc"]
    fates = [w.fate for w in summary.workers]
    assert fates.count("killed (timeout)") == 1
    assert sum("SIGSEGV" in f for f in fates) == 2 and sum("SIGKILL" in f for f in fates) == 2
    # workers count the documents they finished (not those they died on or timed out on;
    # the missing and the empty file never reach a worker)
    assert sum(w.docs for w in summary.workers) == 6
    table = summary.table()
    assert "worker_crashed 3" in table and "docs/s" in table


def test_resume_skips_everything_already_written(chaos):
    run = run_batch([chaos["inbox"], chaos["missing"]], "invoice", chaos["out"], workers=2,
                    plugins=[CHAOS])
    assert run.todo == 0 and sum(run.summary.skipped.values()) == 12
    assert list(run) == []
    assert len(read_lines(chaos["out"])) == 12


def test_models_are_set_up_once_per_worker_not_per_document(tmp_path, monkeypatch):
    import cv2
    import numpy as np

    monkeypatch.setenv("FORMSIFT_COUNT_DIR", str(tmp_path))
    (tmp_path / "scans").mkdir()
    for i in range(8):  # pages without a text layer go through the recognizer
        # (a page's size: a folder walk leaves out images too small to be one)
        img = np.full((300, 400, 3), 255 - i, np.uint8)
        (tmp_path / "scans" / f"scan-{i}.png").write_bytes(cv2.imencode(".png", img)[1])
    run = run_batch([tmp_path / "scans"], "invoice", tmp_path / "r.jsonl", workers=2,
                    block=["ocr"], plugins=["tests.plugins.counting_reader"])
    items = list(run)
    assert len(items) == 8 and all(i.status != "error" for i in items)
    setups = (tmp_path / "setups.txt").read_text().split()
    assert len(setups) == len(set(setups)) <= 2  # no worker set its models up twice
    # every worker that read documents set up once (a worker the run ended before it
    # reported ready may have no pid in the summary)
    busy = [str(w.pid) for w in run.summary.workers if w.docs]
    assert busy and set(busy) <= set(setups)
    assert sum(w.docs for w in run.summary.workers) == 8


# ---------------------------------------------------------------------- resume
def test_interrupted_run_resumes_without_redoing_finished_inputs(tmp_path):
    docs = invoices(tmp_path / "in", 6)
    out = tmp_path / "r.jsonl"
    run = run_batch([tmp_path / "in"], "invoice", out, workers=1)
    first = []
    for item in run:
        first.append(item.path)
        if len(first) == 2:
            run.stop()  # what Ctrl-C does
    assert run.summary.interrupted and run.summary.unfinished == 6 - len(first)
    assert [x["source"] for x in read_lines(out)] == first
    # an interrupted write leaves half a line: it is dropped and that input redone
    with open(out, "a") as fh:
        fh.write('{"source": "cut off')
    second = run_batch([tmp_path / "in"], "invoice", out, workers=1)
    assert second.done.truncated
    assert sum(second.summary.skipped.values()) == len(first) and second.todo == 6 - len(first)
    redone = [i.path for i in second]
    assert not set(redone) & set(first)
    lines = read_lines(out)
    assert sorted(x["source"] for x in lines) == sorted(str(d) for d in docs)


def test_retry_errors_runs_error_inputs_again(tmp_path):
    from formsift.batch.inputs import content_hash

    good = invoices(tmp_path / "in", 1)[0]
    bad = tmp_path / "in" / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    out = tmp_path / "r.jsonl"
    out.write_text("".join(json.dumps(x) + "\n" for x in [  # as an earlier run left it
        {"source": str(good), "status": "accepted", "document_id": content_hash(str(good))},
        {"source": str(bad), "status": "error", "error": "worker_crashed", "message": "",
         "document_id": content_hash(str(bad))}]))
    assert run_batch([tmp_path / "in"], "invoice", out).todo == 0
    again = run_batch([tmp_path / "in"], "invoice", out, workers=1, retry_errors=True)
    assert again.todo == 1 and again.summary.skipped == {"accepted": 1}
    assert [i.error for i in again] == ["input_error"]
    lines = read_lines(out)  # the old error line was replaced, not duplicated
    assert [x.get("error") for x in lines] == [None, "input_error"]


def test_results_file_is_locked_against_a_second_writer(tmp_path):
    from formsift.core.errors import FormsiftError

    first = ResultsFile(tmp_path / "r.jsonl")
    first.open()
    try:
        with pytest.raises(FormsiftError, match="another batch run"):
            ResultsFile(tmp_path / "r.jsonl").open()
    finally:
        first.close()


# ---------------------------------------------------------------------- inputs
def test_expand_walks_folders_filters_and_reads_stdin(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for rel in ("a/1.pdf", "a/b/2.PNG", "a/b/3.txt", "a/.x.pdf", ".git/4.pdf"):
        (tmp_path / rel).write_bytes(b"x")
    found = expand([tmp_path / "a"], suffixes={".pdf", ".png"})
    assert [Path(p).name for p in found.paths] == ["1.pdf", "2.PNG"] and found.ignored == 2
    found = expand([tmp_path / "a"], globs=["*.txt"])
    assert [Path(p).name for p in found.paths] == ["3.txt"]
    stdin = io.StringIO(f"{tmp_path / 'a/1.pdf'}\n\n{tmp_path / 'nope.pdf'}\n")
    found = expand(["-", tmp_path / "a" / "1.pdf"], stdin=stdin)
    assert [Path(p).name for p in found.paths] == ["1.pdf", "nope.pdf"] and found.duplicates == 1


LOADED = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def test_files_in_folders_without_a_known_suffix_are_taken_by_content(tmp_path):
    """A PDF named 'noext' or 'mail-attachment.pdf.1' was only counted as ignored."""
    box = tmp_path / "box"
    box.mkdir()
    files = {"noext": b"%PDF-1.7\n", "mail-attachment.pdf.1": b"%PDF-1.4\n",
             "photo": b"\x89PNG\r\n\x1a\n....", "scan.jpeg.bak": b"\xff\xd8\xff\xe0..",
             "fax": b"II*\x00....", "notes.docx": b"PK\x03\x04", "readme": b"%PDF in text",
             ".DS_Store": b"%PDF-1.4\n"}  # hidden: left out, whatever it holds
    for name, data in files.items():
        (box / name).write_bytes(data)
    os.mkfifo(box / "pipe")  # never opened: reading it would wait for a writer
    found = expand([box], suffixes=LOADED)
    assert sorted(Path(p).name for p in found.paths) == [
        "fax", "mail-attachment.pdf.1", "noext", "photo", "scan.jpeg.bak"]
    assert [Path(p).name for p in found.ignored_paths] == [
        ".DS_Store", "notes.docx", "pipe", "readme"] and found.ignored == 4
    # only what an installed loader reads (the image loader blocked: no images)
    found = expand([box], suffixes={".pdf"})
    assert sorted(Path(p).name for p in found.paths) == ["mail-attachment.pdf.1", "noext"]
    # --glob chooses by name alone
    assert [Path(p).name for p in expand([box], globs=["*.1"]).paths] == [
        "mail-attachment.pdf.1"]


def test_the_summary_names_the_files_it_ignored():
    from formsift.batch.run import BatchSummary

    paths = [f"in/other-{n}.docx" for n in range(7)]
    summary = BatchSummary(inputs=1, ignored=8, ignored_paths=["in/.DS_Store", *paths])
    table = summary.table()
    assert "8 files in folders ignored" in table
    # the first few (hidden ones last), then how many more; the JSON has all of them
    assert ("in/other-0.docx, in/other-1.docx, in/other-2.docx, in/other-3.docx, "
            "in/other-4.docx and 3 more") in table
    data = summary.as_dict()
    assert data["ignored"] == 8 and data["ignored_paths"] == ["in/.DS_Store", *paths]
    odd = BatchSummary(inputs=1, ignored=1, ignored_paths=["in/a\nb\x1b[31m"]).table()
    assert "in/a\\nb\\x1b[31m" in odd and "\x1b" not in odd  # no terminal codes


# ---------------------------------------------------------------------- CLI
def test_cli_batch_names_ignored_files_and_reads_a_pdf_without_suffix(tmp_path, capsys):
    from formsift.samples import generate

    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "noext").write_bytes(generate("invoice", 0).pdf)
    (inbox / "notes.docx").write_bytes(b"PK\x03\x04")
    out, summary = tmp_path / "r.jsonl", tmp_path / "s.json"
    assert main(["batch", str(inbox), "-t", "invoice", "-o", str(out), "-w", "1",
                 "--no-progress", "--summary-json", str(summary)]) == EXIT_OK
    err = capsys.readouterr().err
    assert [x["source"] for x in read_lines(out)] == [str(inbox / "noext")]
    assert "1 file in folders ignored" in err and str(inbox / "notes.docx") in err
    stats = json.loads(summary.read_text())
    assert stats["ignored"] == 1 and stats["ignored_paths"] == [str(inbox / "notes.docx")]


def test_batch_and_test_read_region_first(tmp_path, capsys):
    """A claims-form team could try --region-first on one file, but not in bulk or in
    their golden tests: batch and test had no such option."""
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png, generate, render_scan

    if not models_available():
        pytest.skip("OCR models not installed")
    template = Path(__file__).parents[1] / "benchmarks" / "templates" / "payslip_form.sift"
    inbox = tmp_path / "in"
    inbox.mkdir()
    scan = inbox / "slip.png"
    scan.write_bytes(encode_png(render_scan(generate("payslip", 1).pdf, 200, "clean", 1)[0]))
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(inbox), "-t", str(template), "-o", str(out), "-w", "1",
                 "--no-progress", "--region-first"]) == EXIT_OK
    (line,) = read_lines(out)
    assert line["page_info"][0]["notes"]["ocr"]["mode"] == "regions"
    assert main(["extract", str(scan), "-t", str(template), "--region-first", "--record",
                 "--no-progress", "-o", str(scan.with_suffix(".json"))]) == EXIT_OK
    capsys.readouterr()
    assert main(["test", str(inbox), "-t", str(template), "--region-first"]) == EXIT_OK
    assert "1 passed" in capsys.readouterr().out


def test_cli_batch_writes_lines_summary_and_exit_codes(tmp_path, capsys):
    invoices(tmp_path / "in", 2)
    (tmp_path / "in" / "bad.pdf").write_bytes(b"garbage")
    out = tmp_path / "r.jsonl"
    argv = ["batch", str(tmp_path / "in"), "--glob", "*.pdf", "-t", "invoice", "-o", str(out),
            "--no-progress"]
    summary = tmp_path / "summary.json"
    assert main([*argv, "-w", "2", "--summary-json", str(summary)]) == EXIT_INPUT
    err = capsys.readouterr().err  # (exit 3: an input ended as an error line)
    stats = json.loads(summary.read_text())
    assert stats["statuses"] == {"accepted": 2, "review": 0, "rejected": 0, "error": 1}
    assert stats["errors"] == {"input_error": 1} and len(stats["workers"]) == 2
    assert "3 inputs; 3 to do on 2 worker(s)" in err and "docs/s" in err
    assert "input_error 1" in err and "Traceback" not in err
    assert "formsift: error: " in err and "bad.pdf: not a valid PDF file" in err  # not only in r
    assert sorted(x["status"] for x in read_lines(out)) == ["accepted", "accepted", "error"]
    # run again: nothing to do, and the exit code still tells about the error line
    assert main(argv) == EXIT_INPUT
    assert "3 skipped as already done" in capsys.readouterr().err
    (tmp_path / "in" / "bad.pdf").unlink()
    out.write_text("".join(line + "\n" for line in out.read_text().splitlines()
                           if json.loads(line)["status"] != "error"))
    assert main(argv) == EXIT_OK
    assert "2 skipped as already done" in capsys.readouterr().err


def test_cli_batch_never_writes_into_a_file_that_is_not_its_own(tmp_path, capsys):
    invoices(tmp_path / "in", 1)
    notes = tmp_path / "notes.txt"
    notes.write_text("a\nb")  # no newline at the end: not a cut-short result line either
    argv = ["batch", str(tmp_path / "in"), "-t", "invoice", "--no-progress", "-o"]
    assert main([*argv, str(notes)]) == EXIT_USAGE
    assert "not a formsift results file (line 1" in capsys.readouterr().err
    assert notes.read_text() == "a\nb"
    out = tmp_path / "r.jsonl"
    assert main([*argv, str(out)]) == EXIT_OK
    before = out.read_text()
    assert main([*argv[:2], "-t", "receipt", "--no-progress", "-o", str(out)]) == EXIT_USAGE
    assert "holds results of template(s) invoice" in capsys.readouterr().err
    assert out.read_text() == before


@pytest.mark.parametrize(("argv", "code", "text"), [
    (["-t", "nosuch.sift"], EXIT_TEMPLATE, "no such template file"),
    (["-t", "invoice", "--ray", "{inbox}"], EXIT_USAGE, "--ray=ADDRESS"),
    (["-t", "invoice", "--workers", "0"], EXIT_USAGE, "at least 1"),
    (["-t", "invoice", "--glob", "*.none"], EXIT_USAGE, "no inputs found"),
    (["-t", "invoice", "--plugin", "no_such_module"], 5, "cannot import plugin module"),
    (["-t", "invoice", "--timeout", "-1"], EXIT_USAGE, "--timeout cannot be negative"),
    (["-t", "invoice", "-o", "{out}.csv"], EXIT_USAGE, "batch writes JSON Lines"),
    (["-t", "invoice", "--timeout", "nan"], EXIT_USAGE, "--timeout must be a number"),
    (["-t", "invoice", "-o", "-"], EXIT_USAGE, "batch needs a file to write"),
])
def test_cli_batch_user_errors_are_one_line(tmp_path, capsys, argv, code, text):
    invoices(tmp_path / "in", 1)
    argv = [a.replace("{inbox}", str(tmp_path / "in")).replace("{out}", str(tmp_path / "r"))
            for a in argv]
    rc = main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "r.jsonl"), *argv])
    err = capsys.readouterr().err
    assert rc == code and text in err and "Traceback" not in err


def test_ctrl_c_stops_cleanly_and_the_rerun_finishes(tmp_path):
    invoices(tmp_path / "in", 3)
    (tmp_path / "in" / "zz-hang.pdf").write_bytes(marker_pdf("CHAOS-HANG"))
    out = tmp_path / "r.jsonl"
    cmd = [sys.executable, "-m", "formsift", "batch", str(tmp_path / "in"), "-t", "invoice",
           "-o", str(out), "-w", "1", "--plugin", CHAOS, "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait for the three invoices; then it hangs
        if out.exists() and len(out.read_text().splitlines()) == 3:
            break
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "not done (interrupted)" in err
    assert len(read_lines(out)) == 3
    rerun = subprocess.run([*cmd, "--timeout", "1"], cwd=ROOT, capture_output=True,
                           text=True, timeout=60)
    assert rerun.returncode == EXIT_INPUT, rerun.stderr
    assert "3 skipped as already done" in rerun.stderr
    lines = read_lines(out)
    assert len(lines) == 4 and lines[-1]["error"] == "timeout"


# ---------------------------------------------------------------------- Ray
def test_ray_batch_on_a_local_instance(tmp_path):
    pytest.importorskip("ray")
    invoices(tmp_path / "in", 3)
    (tmp_path / "in" / "exit.pdf").write_bytes(marker_pdf("CHAOS-EXIT"))
    (tmp_path / "in" / "hang.pdf").write_bytes(marker_pdf("CHAOS-HANG"))
    out = tmp_path / "r.jsonl"
    run = run_batch([tmp_path / "in"], "invoice", out, timeout=3.0, retries=0,
                    plugins=[CHAOS], ray=True, ray_address="local",
                    ray_init={"num_cpus": 2, "include_dashboard": False})
    items = list(run)
    errors = {Path(i.path).name: i.error for i in items}
    assert len(items) == len(read_lines(out)) == 5
    assert errors["exit.pdf"] == "worker_crashed" and errors["hang.pdf"] == "timeout"
    assert [errors[f"invoice-0000{i}.pdf"] for i in range(3)] == [None] * 3
    fates = [w.fate for w in run.summary.workers]
    assert run.summary.backend == "ray" and "killed (timeout)" in fates
    assert fates.count("died (actor's worker process died, exit type SYSTEM_ERROR)") == 1
    assert sum(w.docs for w in run.summary.workers) == 3
    again = run_batch([tmp_path / "in"], "invoice", out, ray=True)
    assert again.todo == 0  # resume works the same; no Ray started when nothing is to do


def test_an_unreachable_ray_address_fails_at_once_with_exit_2(tmp_path, capsys,
                                                              monkeypatch):
    """Ray retries an address nobody answers at for many minutes; the batch says so in one
    line before starting Ray (a usage error, exit 2), in a moment."""
    pytest.importorskip("ray")
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    invoices(tmp_path / "in", 1)
    out = tmp_path / "r.jsonl"
    t0 = time.monotonic()
    rc = main(["batch", str(tmp_path / "in"), "-t", "invoice", "-o", str(out),
               "--no-progress", "--ray=127.0.0.1:1"])
    err = capsys.readouterr().err
    assert rc == EXIT_USAGE, err
    assert "cannot reach the Ray cluster at --ray=127.0.0.1:1" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert time.monotonic() - t0 < 15
    monkeypatch.setenv("RAY_ADDRESS", "127.0.0.1:1")  # `--ray` alone reads RAY_ADDRESS
    assert main(["batch", str(tmp_path / "in"), "-t", "invoice", "-o", str(out),
                 "--no-progress", "--ray"]) == EXIT_USAGE
    assert "cannot reach the Ray cluster at RAY_ADDRESS=127.0.0.1:1" in capsys.readouterr().err
    assert not out.exists() or not out.read_text()


def test_ray_auto_without_a_cluster_is_one_line(tmp_path, capsys, monkeypatch):
    """``--ray=auto`` looks for a cluster started on this machine; none running (or a
    stale record of one) is a usage error in one line, not a hang or a traceback."""
    pytest.importorskip("ray")
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    monkeypatch.setenv("RAY_TMPDIR", str(tmp_path / "ray-tmp"))  # no record of a cluster
    invoices(tmp_path / "in", 1)
    out = tmp_path / "r.jsonl"
    rc = main(["batch", str(tmp_path / "in"), "-t", "invoice", "-o", str(out),
               "--no-progress", "--ray=auto"])
    err = capsys.readouterr().err
    assert rc == EXIT_USAGE, err
    assert ("--ray=auto found no running Ray cluster" in err
            or "cannot reach the Ray cluster at --ray=auto" in err), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists() or not out.read_text()


def test_ctrl_c_while_ray_connects_ends_the_run(tmp_path):
    """An address that accepts connections but is no Ray cluster: Ray's start-up hangs in
    native code; Ctrl-C still ends the run (exit 130), without waiting for Ray."""
    pytest.importorskip("ray")
    import socket
    import threading

    server = socket.create_server(("0.0.0.0", 0))  # Ray may dial this host's own address
    port = server.getsockname()[1]
    accepted: list[socket.socket] = []

    def accept() -> None:  # take connections, never answer
        with contextlib.suppress(OSError):
            while True:
                accepted.append(server.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    invoices(tmp_path / "in", 1)
    err = tmp_path / "err.txt"
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    with open(err, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "formsift", "batch",
                                 str(tmp_path / "in"), "-t", "invoice", "-o",
                                 str(tmp_path / "r.jsonl"), "--no-progress",
                                 f"--ray=127.0.0.1:{port}"], cwd=ROOT, stderr=fh, env=env,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while "to do on the Ray cluster" not in err.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, err.read_text()
            time.sleep(0.1)
        time.sleep(2)  # inside ray.init now
        assert proc.poll() is None, err.read_text()
        t0 = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)
        assert time.monotonic() - t0 < 15
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        server.close()
        for conn in accepted:
            conn.close()
    text = err.read_text()
    assert proc.returncode == 130, text
    assert "not done (interrupted)" in text and "Traceback" not in text


def test_ray_missing_is_one_clear_line(monkeypatch):
    from formsift.batch import ray_backend
    from formsift.core.errors import FormsiftError

    monkeypatch.setitem(sys.modules, "ray", None)  # as if it were not installed
    with pytest.raises(FormsiftError, match=r"pip install 'formsift\[ray\]'"):
        ray_backend.import_ray()


# ---------------------------------------------------------------------- scheduler logic
class ScriptedBackend:
    """A backend without processes: each task's fate is scripted by its path."""

    def __init__(self, start_fails=0, start_error=None):
        self.start_fails, self.start_error = start_fails, start_error
        self.events, self.started, self.killed = [], [], []

    def start(self, wid):
        from formsift.batch.pool import Event

        self.started.append(wid)
        if self.start_error:
            self.events.append(Event("failed", wid, exit_code=5, message=self.start_error))
        elif self.start_fails:
            self.start_fails -= 1
            self.events.append(Event("died", wid, message="exit code 1"))
        else:
            self.events.append(Event("ready", wid, pid=1000 + wid))

    def submit(self, wid, task):
        from formsift.batch.pool import Event
        from formsift.batch.worker import Outcome

        if task.path == "crash":
            self.events.append(Event("died", wid, message="killed by SIGSEGV"))
        elif task.path != "hang":
            self.events.append(Event("done", wid, outcome=Outcome("accepted", None, "h", "{}",
                                                                  0.0)))

    def wait(self, timeout):
        events, self.events = self.events, []
        if not events:
            time.sleep(min(timeout, 0.01))
        return events

    def kill(self, wid):
        self.killed.append(wid)

    def close(self):
        pass


def _tasks(*paths):
    from formsift.batch.pool import Task

    return [Task(i, p, None) for i, p in enumerate(paths)]


def test_scheduler_retries_a_crashing_input_then_gives_up():
    from formsift.batch.pool import Scheduler

    backend = ScriptedBackend()
    sched = Scheduler(backend, 2, retries=2, poll=0.01)
    items = {i.task.path: i for i in sched.run(_tasks("a", "crash", "b"))}
    assert items["crash"].outcome.error == "worker_crashed" and items["crash"].attempts == 3
    assert items["a"].outcome.status == items["b"].outcome.status == "accepted"
    # three crashes cost three workers; one replacement was needed, the other worker took
    # the retries when it was free (workers are started only while there is work for them)
    assert backend.started == [1, 2, 3]
    assert [w.fate for w in sched.stats] == ["died (killed by SIGSEGV)"] * 3


def test_scheduler_times_out_a_hanging_input_and_replaces_its_worker():
    from formsift.batch.pool import Scheduler

    backend = ScriptedBackend()
    items = list(Scheduler(backend, 1, timeout=0.05, poll=0.01).run(_tasks("hang", "a")))
    assert [(i.task.path, i.outcome.error) for i in items] == [("hang", "timeout"), ("a", None)]
    assert backend.killed == [1] and backend.started == [1, 2]


def test_scheduler_stops_when_workers_cannot_start():
    from formsift.batch.pool import BatchError, Scheduler

    with pytest.raises(BatchError, match="keep dying while starting") as err:
        list(Scheduler(ScriptedBackend(start_fails=99), 2, poll=0.01).run(_tasks("a", "b")))
    assert err.value.exit_code == 1
    with pytest.raises(BatchError, match="could not start: plugin broken") as err:
        list(Scheduler(ScriptedBackend(start_error="plugin broken"), 1).run(_tasks("a")))
    assert err.value.exit_code == 5
    # two start-up deaths in a row are tolerated
    items = list(Scheduler(ScriptedBackend(start_fails=2), 1, poll=0.01).run(_tasks("a")))
    assert [i.outcome.status for i in items] == ["accepted"]


def test_scheduler_recycles_workers_after_max_docs():
    from formsift.batch.pool import Scheduler

    backend = ScriptedBackend()
    sched = Scheduler(backend, 2, max_docs=2, poll=0.01)
    items = list(sched.run(_tasks(*"abcde")))
    assert sorted(i.task.path for i in items) == list("abcde")
    assert all(w.docs <= 2 for w in sched.stats) and sum(w.docs for w in sched.stats) == 5
    assert sum(w.fate == "recycled after 2 docs" for w in sched.stats) == 2


# ---------------------------------------------------------------------- duplicates store
def test_seen_store_option_chooses_the_duplicates_file(tmp_path, make_pdf, capsys,
                                                      monkeypatch):
    """--seen-store names the SQLite file the workers share (and later runs see);
    FORMSIFT_SEEN_STORE=memory keeps everything in memory; neither touches the user's
    default file."""
    monkeypatch.setenv("FORMSIFT_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("FORMSIFT_SEEN_STORE", raising=False)
    tpl = tmp_path / "dup.sift"
    tpl.write_text(DUP)
    docs = []
    for name, number in (("a", "INV-1"), ("b", "inv-1"), ("c", "INV-2"), ("d", "INV-2")):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(make_pdf([(50, 100, "Invoice No."), (150, 100, number),
                                   (50, 200, name)]))
        docs.append(str(path))
    store = tmp_path / "shared" / "seen.sqlite3"
    store.parent.mkdir()

    def batch(inputs: list[str], out: str, *extra: str) -> dict[str, str]:
        assert main(["batch", *inputs, "-t", str(tpl), "-o", str(tmp_path / out), "-w", "1",
                     "--no-progress", *extra]) == EXIT_OK, capsys.readouterr().err
        return {Path(x["source"]).stem: x["status"] for x in read_lines(tmp_path / out)}

    assert batch(docs[:3], "r.jsonl", "--seen-store", str(store)) == {
        "a": "accepted", "b": "review", "c": "accepted"}
    assert store.is_file()
    # a later run (resuming) sees what the first one recorded
    assert batch(docs, "r.jsonl", "--seen-store", str(store))["d"] == "review"
    monkeypatch.setenv("FORMSIFT_SEEN_STORE", "memory")
    assert batch(docs, "m.jsonl") == {"a": "accepted", "b": "review", "c": "accepted",
                                      "d": "review"}
    assert not (tmp_path / "state").exists()
    assert main(["batch", *docs, "-t", str(tpl), "-o", str(tmp_path / "x.jsonl"),
                 "--seen-store", str(tmp_path)]) == EXIT_USAGE
    assert "is a folder" in capsys.readouterr().err
    assert main(["batch", *docs, "-t", str(tpl), "-o", str(tmp_path / "y.jsonl"),
                 "--seen-store", str(tmp_path / "typo" / "seen.db")]) == EXIT_USAGE
    assert "its folder" in capsys.readouterr().err and not (tmp_path / "typo").exists()


def test_a_file_sent_again_on_a_later_run_is_a_duplicate(tmp_path, make_pdf, capsys):
    """A user's bug: night 1 accepted INV-R0101; night 2 got the very same file again (new
    output file, same --seen-store) and accepted it again: seen_before skips the
    document's own records, and a byte-identical copy is the same document."""
    tpl = tmp_path / "dup.sift"
    tpl.write_text(DUP)
    doc = tmp_path / "inv.pdf"
    doc.write_bytes(make_pdf([(50, 100, "Invoice No."), (150, 100, "INV-R0101")]))
    store = tmp_path / "seen.sqlite3"

    def night(out: str) -> dict:
        assert main(["batch", str(doc), "-t", str(tpl), "-o", str(tmp_path / out), "-w", "1",
                     "--no-progress", "--seen-store", str(store)]) == EXIT_OK, \
            capsys.readouterr().err
        (line,) = read_lines(tmp_path / out)
        return line

    assert night("night1.jsonl")["status"] == "accepted"
    again = night("night2.jsonl")
    assert again["status"] == "review"
    assert [r["code"] for r in again["reasons"]] == ["duplicate_document"]
    assert "INV-R0101" in again["reasons"][0]["message"]


def test_split_writes_one_packet_line_per_input_and_resumes(tmp_path):
    """A nightly run over an inbox of packets: each file is split into its documents (as
    `formsift extract --split` does), one line per file with each document's pages and
    record; a second run skips what is done, and a results file of one kind is never
    resumed as the other."""
    from tests.test_packets import combine

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    layouts = {}
    for i, parts in enumerate([[("invoice", 1), ("invoice", 2), ("invoice", 3)],
                               [("invoice", 4), ("letter", 5), ("receipt", 6)]]):
        data, layout = combine(parts)
        (inbox / f"p{i}.pdf").write_bytes(data)
        layouts[f"p{i}.pdf"] = layout
    out = tmp_path / "packets.jsonl"
    assert main(["batch", str(inbox), "--split", "-o", str(out), "-w", "1",
                 "--seen-store", "memory", "--no-progress"]) == EXIT_OK
    lines = {Path(x["source"]).name: x for x in read_lines(out)}
    assert sorted(lines) == ["p0.pdf", "p1.pdf"]
    for name, layout in layouts.items():
        docs = [(d["template"], d["pages"]) for d in lines[name]["documents"]]
        want = [("receipt" if k == "receipt" else "invoice", pages) for k, pages in layout
                if k != "letter"]
        assert docs == want, name
        assert all(d["result"]["fields"] for d in lines[name]["documents"])
    assert lines["p1.pdf"]["unassigned_pages"] == layouts["p1.pdf"][1][1]  # the letter
    run = run_batch([inbox], None, out, split=True, workers=1)
    assert run.todo == 0
    run.close()
    with pytest.raises(Exception, match="holds packets"):
        run_batch([inbox], None, out, workers=1)
    assert main(["batch", str(inbox), "--split", "-t", "invoice", "-o",
                 str(tmp_path / "x.jsonl")]) == EXIT_USAGE


def test_workers_run_in_a_session_of_their_own():
    """Ctrl-C in a terminal signals the foreground process group: it must reach the batch
    (which stops its workers), not a worker still starting up, whose interpreter would
    die with a KeyboardInterrupt traceback."""
    import os

    from formsift.batch.processes import ProcessBackend
    from formsift.batch.worker import WorkerConfig

    backend = ProcessBackend(WorkerConfig(template="invoice", seen_store="memory"))
    try:
        backend.start(0)
        pid = backend.pids()[0]
        assert os.getsid(pid) == pid != os.getsid(0)
    finally:
        backend.close()


def test_a_worker_reads_a_relative_model_path_from_the_original_templates_folder(
        tmp_path, monkeypatch):
    """Workers compile their own copy of the templates (carried as text); a template's
    relative model="..." must still point beside the original file."""
    import shutil

    from formsift.batch.worker import WorkerConfig, WorkerRuntime
    from formsift.plugins.handwriting.models import shipped_model

    (tmp_path / "models").mkdir()
    shutil.copy(shipped_model(), tmp_path / "models" / "own.onnx")
    template = tmp_path / "hw.sift"
    template.write_text('template hw {\n  pipeline {\n    recognize crnn(model='
                        '"models/own.onnx")\n  }\n  field a: text = anywhere\n}\n')
    monkeypatch.chdir("/")
    runtime = WorkerRuntime(WorkerConfig(templates=(str(template),)).embed_templates())
    (compiled,) = runtime.engine.templates
    (crnn,) = compiled.stages[0].components
    assert crnn.options.model == str((tmp_path / "models" / "own.onnx").resolve())


def test_a_worker_leaves_no_scratch_folder_behind(tmp_path, monkeypatch):
    """Every batch worker made a folder in the temp directory, removed only if its process
    ended cleanly: workers killed (timeouts, the parent's shutdown) left them behind, one
    per worker per run. Now one is made only for template files, and removed at shutdown."""
    from formsift.batch.worker import WorkerConfig, WorkerRuntime

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    WorkerRuntime(WorkerConfig(template="invoice"))
    assert list(scratch.iterdir()) == []
    template = tmp_path / "own.sift"
    template.write_text("template own {\n  field a: text = anywhere\n}\n")
    runtime = WorkerRuntime(WorkerConfig(templates=(str(template),)).embed_templates())
    assert len(list(scratch.iterdir())) == 1
    runtime.close()
    assert list(scratch.iterdir()) == []


def test_a_copy_of_an_input_in_the_same_run_is_not_extracted_twice(tmp_path):
    """A byte-identical copy (or a link) gave a second accepted record of one invoice in
    one run: paid twice. Its line now says which file it repeats; a resume keeps both."""
    docs = invoices(tmp_path / "in", 2)
    copy = tmp_path / "in" / "zz-copy.pdf"
    copy.write_bytes(docs[0].read_bytes())
    out = tmp_path / "r.jsonl"
    items = {Path(i.path).name: i for i in run_batch([tmp_path / "in"], "invoice", out,
                                                     workers=1)}
    assert items["zz-copy.pdf"].status == "error"
    assert items["zz-copy.pdf"].error == "duplicate_input"
    assert items[docs[0].name].status == "accepted"
    line = next(x for x in read_lines(out) if x["source"] == str(copy))
    assert f"the same file as {docs[0]}" in line["message"]
    again = run_batch([tmp_path / "in"], "invoice", out, workers=1, retry_errors=True)
    assert again.todo == 0  # the copy's content is done: nothing to redo
    list(again)
    assert sorted(x["source"] for x in read_lines(out)) == sorted(
        str(p) for p in [*docs, copy])  # and its line stays
    # while the first copy keeps failing, retries do not add more lines for the copy
    lines = [x for x in read_lines(out) if x["source"] != str(docs[0])]
    out.write_text("".join(json.dumps(x) + "\n" for x in lines) + json.dumps(
        {"source": str(docs[0]), "status": "error", "error": "worker_crashed", "message": "",
         "document_id": items[docs[0].name].document_id}) + "\n")
    list(run_batch([tmp_path / "in"], "invoice", out, workers=1, retry_errors=True))
    assert [x["source"] for x in read_lines(out)].count(str(copy)) == 1


def test_a_rerun_counts_a_copys_error_line_as_an_error(tmp_path):
    # the copy's line is duplicate_input; a re-run counted it as its twin (accepted), and
    # the exit code went from 3 to 0 with the error line still in the file
    docs = invoices(tmp_path / "in", 1)
    (tmp_path / "in" / "zz-copy.pdf").write_bytes(docs[0].read_bytes())
    out = tmp_path / "r.jsonl"
    list(run_batch([tmp_path / "in"], "invoice", out, workers=1))
    again = run_batch([tmp_path / "in"], "invoice", out, workers=1)
    list(again)
    assert dict(again.summary.skipped) == {"accepted": 1, "error": 1}


def test_empty_files_are_input_errors_not_copies_of_each_other(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in ("upload1.pdf", "upload2.png"):
        (inbox / name).write_bytes(b"")
    out = tmp_path / "r.jsonl"
    items = list(run_batch([inbox], "invoice", out, workers=1))
    assert {(i.error, "file is empty" in i.result().message) for i in items} == {
        ("input_error", True)}
    (inbox / "upload3.pdf").write_bytes(b"")  # a new empty file is a new input
    third = list(run_batch([inbox], "invoice", out, workers=1))
    assert [Path(i.path).name for i in third] == ["upload3.pdf"]


def test_a_folder_that_cannot_be_listed_is_an_error_line_not_left_out(tmp_path,
                                                                     monkeypatch):
    docs = invoices(tmp_path / "in" / "open", 1)
    locked = tmp_path / "in" / "locked"
    locked.mkdir()
    real_scandir, real_listdir = os.scandir, os.listdir

    def refuse(real):
        def call(path="."):
            if os.fspath(path) == str(locked):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(path)
        return call

    # (chmod 000 would not stop root, who runs the CI)
    monkeypatch.setattr(os, "scandir", refuse(real_scandir))
    monkeypatch.setattr(os, "listdir", refuse(real_listdir))
    found = expand([tmp_path / "in"], suffixes={".pdf"})
    assert sorted(found.paths) == sorted([str(locked), str(docs[0])])
    items = list(run_batch([tmp_path / "in"], "invoice", tmp_path / "r.jsonl", workers=1))
    line = next(i for i in items if i.path == str(locked)).result()
    assert line.error == "input_error" and "cannot be listed" in line.message


def test_a_linked_folder_is_walked_once(tmp_path):
    docs = invoices(tmp_path / "elsewhere", 2)
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "link").symlink_to(tmp_path / "elsewhere")
    (inbox / "loop").symlink_to(inbox)  # a link back up the tree ends, once
    # (a link out of the folder given is followed only when asked)
    found = expand([inbox], suffixes={".pdf"}, follow_outside_links=True)
    assert sorted(Path(p).name for p in found.paths) == sorted(d.name for d in docs)
    found = expand([inbox], suffixes={".pdf"})
    assert found.paths == [] and found.outside_links == [str(inbox / "link")]


def test_batch_reads_encrypted_pdfs_with_the_password_given(tmp_path, make_pdf):
    # batch had no --password: such inputs could never be processed in a batch
    import pymupdf

    doc = pymupdf.open(stream=make_pdf([(50, 100, "Invoice No. A-1")]), filetype="pdf")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "locked.pdf").write_bytes(
        doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="own"))
    out = tmp_path / "r.jsonl"
    (item,) = list(run_batch([tmp_path / "in"], None, out, workers=1, password="pw"))
    assert item.error is None  # read: an unknown document, not an input error
    (locked,) = list(run_batch([tmp_path / "in"], None, tmp_path / "x.jsonl", workers=1))
    assert locked.error == "input_error" and "batch --password" in locked.line


def test_an_unusable_default_duplicates_store_stops_the_run_before_any_input(
        tmp_path, make_pdf, capsys, monkeypatch):
    # the default store opens on first use: every document got an error line (code
    # "error"), exit 3, and those lines counted as done on the next run
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the state folder should be")
    monkeypatch.setenv("FORMSIFT_STATE_DIR", str(blocker / "state"))
    monkeypatch.delenv("FORMSIFT_SEEN_STORE", raising=False)
    (tmp_path / "dup.sift").write_text(DUP)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.pdf").write_bytes(make_pdf([(50, 100, "Invoice No. A-1")]))
    out = tmp_path / "r.jsonl"
    for argv in (["batch", str(tmp_path / "in"), "-o", str(out)],
                 ["extract", str(tmp_path / "in" / "a.pdf")]):
        rc = main([*argv, "-t", str(tmp_path / "dup.sift")])
        err = capsys.readouterr().err
        assert rc == EXIT_USAGE and "cannot be opened" in err and err.count("\n") == 1
    assert not out.exists() or out.read_text() == ""


def test_workers_do_not_import_modules_from_the_folder_the_batch_runs_in(tmp_path,
                                                                         monkeypatch):
    """Found for the service's workers, and true of batch workers too: started with
    `python -m`, they put the current folder first on sys.path, so a json.py there
    replaced the standard library's in every worker."""
    docs = invoices(tmp_path / "in", 2)
    here = tmp_path / "cwd"
    here.mkdir()
    (here / "json.py").write_text("raise SystemExit('the json.py of the current folder')\n")
    monkeypatch.chdir(here)
    out = tmp_path / "r.jsonl"
    run = run_batch([tmp_path / "in"], "invoice", out, workers=1)
    list(run)
    assert sorted(x["source"] for x in read_lines(out)) == sorted(str(d) for d in docs)
    assert all(x["status"] != "error" for x in read_lines(out))
