"""Batch runs: parallel workers, one line per input, resume, crashes and hangs.

The misbehaving inputs are born-digital PDFs carrying a marker that the test plugin
``tests.plugins.chaos`` acts on inside the worker (hang, os._exit, segfault, SIGKILL).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from formsift.batch import run_batch
from formsift.batch.inputs import expand
from formsift.batch.output import ResultsFile
from formsift.cli import EXIT_INPUT, EXIT_OK, EXIT_TEMPLATE, EXIT_USAGE, main

CHAOS = "tests.plugins.chaos"
ROOT = Path(__file__).resolve().parents[1]


def marker_pdf(text: str) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text)
    data = doc.tobytes()
    doc.close()
    return data


def invoices(folder: Path, count: int, start: int = 0) -> list[Path]:
    from formsift.samples import generate

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for seed in range(start, start + count):
        path = folder / f"invoice-{seed:03d}.pdf"
        path.write_bytes(generate("invoice", seed).pdf)
        out.append(path)
    return out


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
        if not line["source"].endswith("missing.pdf"):
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
    assert attempts["invoice-000.pdf"] == 1


def test_summary_counts_and_replaced_workers(chaos):
    summary = chaos["run"].summary
    assert summary.statuses["accepted"] == 4 and summary.statuses["error"] == 7
    assert summary.errors == {"input_error": 3, "timeout": 1, "worker_crashed": 3}
    assert summary.ignored == 2 and summary.retried == 4
    fates = [w.fate for w in summary.workers]
    assert fates.count("killed (timeout)") == 1
    assert sum("SIGSEGV" in f for f in fates) == 2 and sum("SIGKILL" in f for f in fates) == 2
    # workers count the documents they finished (not those they died on or timed out on)
    assert sum(w.docs for w in summary.workers) == 7
    table = summary.table()
    assert "worker_crashed 3" in table and "docs/s" in table


def test_resume_skips_everything_already_written(chaos):
    run = run_batch([chaos["inbox"], chaos["missing"]], "invoice", chaos["out"], workers=2,
                    plugins=[CHAOS])
    assert run.todo == 0 and sum(run.summary.skipped.values()) == 12
    assert list(run) == []
    assert len(read_lines(chaos["out"])) == 12


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
    second = run_batch([tmp_path / "in"], "invoice", out, workers=2)
    assert second.done.truncated
    assert sum(second.summary.skipped.values()) == len(first) and second.todo == 6 - len(first)
    redone = [i.path for i in second]
    assert not set(redone) & set(first)
    lines = read_lines(out)
    assert sorted(x["source"] for x in lines) == sorted(str(d) for d in docs)


def test_retry_errors_runs_error_inputs_again(tmp_path):
    invoices(tmp_path / "in", 1)
    bad = tmp_path / "in" / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    out = tmp_path / "r.jsonl"
    list(run_batch([tmp_path / "in"], "invoice", out, workers=1))
    again = run_batch([tmp_path / "in"], "invoice", out, workers=1, retry_errors=True)
    assert again.todo == 1 and again.summary.skipped == {"accepted": 1}
    assert [i.error for i in again] == ["input_error"]
    assert len(read_lines(out)) == 2  # the old error line was replaced, not duplicated


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


# ---------------------------------------------------------------------- CLI
def test_cli_batch_writes_lines_summary_and_exit_codes(tmp_path, capsys):
    invoices(tmp_path / "in", 2)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(tmp_path / "in"), "-t", "invoice", "-o", str(out),
                 "-w", "2", "--no-progress"]) == EXIT_OK
    err = capsys.readouterr().err
    assert "2 inputs; 2 to do on 2 worker(s)" in err and "docs/s" in err
    assert len(read_lines(out)) == 2
    (tmp_path / "in" / "bad.pdf").write_bytes(b"garbage")
    assert main(["batch", str(tmp_path / "in"), "--glob", "*.pdf", "-t", "invoice", "-o",
                 str(out), "--no-progress"]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "2 skipped as already done" in err and "input_error 1" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("argv", "code", "text"), [
    (["-t", "nosuch.sift"], EXIT_TEMPLATE, "no such template file"),
    (["-t", "invoice", "--ray", "{inbox}"], EXIT_USAGE, "--ray=ADDRESS"),
    (["-t", "invoice", "--workers", "0"], EXIT_USAGE, "at least 1"),
    (["-t", "invoice", "--glob", "*.none"], EXIT_USAGE, "no inputs found"),
    (["-t", "invoice", "--plugin", "no_such_module"], 5, "cannot import plugin module"),
])
def test_cli_batch_user_errors_are_one_line(tmp_path, capsys, argv, code, text):
    invoices(tmp_path / "in", 1)
    argv = [a.replace("{inbox}", str(tmp_path / "in")) for a in argv]
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
    assert [errors[f"invoice-00{i}.pdf"] for i in range(3)] == [None] * 3
    fates = [w.fate for w in run.summary.workers]
    assert run.summary.backend == "ray" and "killed (timeout)" in fates
    assert sum(f.startswith("died (actor died") for f in fates) == 1
    assert sum(w.docs for w in run.summary.workers) == 3
    again = run_batch([tmp_path / "in"], "invoice", out, ray=True)
    assert again.todo == 0  # resume works the same; no Ray started when nothing is to do


def test_ray_missing_is_one_clear_line(monkeypatch):
    from formsift.batch import ray_backend
    from formsift.core.errors import FormsiftError

    monkeypatch.setitem(sys.modules, "ray", None)  # as if it were not installed
    with pytest.raises(FormsiftError, match=r"pip install 'formsift\[ray\]'"):
        ray_backend.import_ray()
