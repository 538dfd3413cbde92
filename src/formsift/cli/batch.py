"""``formsift batch``: extract many documents on parallel workers into a JSON Lines file.

Exit codes (the CLI's own, see :mod:`formsift.cli`): 0 every input has a result line
(accepted, review or rejected); 3 at least one input ended as an error line (unreadable,
timeout, worker crashed), all others were still processed and written; 4 template error;
5 plugin error; 2 usage error; 130 interrupted (run the same command again to finish).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from typing import Any

from formsift.cli import StoreOnce

EXIT_INTERRUPTED = 130

_RAY_DEFAULT = "<default>"
_ADDRESS = re.compile(r"^(auto|local|ray://.+|[\w.\-]+:\d+|\[[0-9a-fA-F:]+\]:\d+)$")


def register(subparsers: Any) -> None:
    from formsift.cli import add_plugin_argument

    b = subparsers.add_parser(
        "batch", help="extract many documents on parallel workers (resumable, JSON Lines)",
        description="Extract every input on parallel workers into a JSON Lines file, one "
                    "line per input. Re-running with the same --output skips inputs whose "
                    "content is already there. Exit codes: 0 all inputs have a result, 3 some "
                    "ended as error lines, 4 template error, 5 plugin error, 2 usage error, "
                    "130 interrupted.")
    b.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, folders (walked recursively) or - to read paths from stdin")
    b.add_argument("-t", "--template", action=StoreOnce,
                   help="library template name or .sift file (default: classify against "
                        "the library)")
    b.add_argument("--templates", action="append", default=[], metavar="PATH",
                   help="classify against these template files or folders")
    b.add_argument("--split", action="store_true",
                   help="each input may hold several documents (a packet): split it by page "
                        "classification and write one packet line per input, as "
                        "`formsift extract --split` does")
    b.add_argument("--packet-folders", action="store_true",
                   help="with --split: each folder under a folder given is one packet of "
                        "its files, in name order (a case's purchase order, delivery note "
                        "and invoice), as `formsift extract --split FOLDER` reads one; the "
                        "files right in the folder given stay a packet each")
    b.add_argument("-o", "--output", required=True, metavar="FILE.jsonl",
                   help="JSON Lines results file; appended to, and used to resume")
    b.add_argument("-w", "--workers", type=int, metavar="N",
                   help="worker processes (default: number of cores; with --ray: the "
                        "cluster's CPUs)")
    from formsift.cli import add_param_arguments, add_password_arguments

    add_password_arguments(b, " (one for all inputs)")
    add_param_arguments(b)
    b.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS",
                   help="per document; past it the worker is killed and replaced and the "
                        "input gets a 'timeout' line (default: 600; 0: no limit)")
    b.add_argument("--retries", type=int, default=1, metavar="N",
                   help="times an input is retried after its worker died (default: 1); "
                        "then it gets a 'worker_crashed' line")
    b.add_argument("--max-docs-per-worker", type=int, metavar="N",
                   help="replace each worker by a fresh one after N documents (bounds the "
                        "memory a long run can accumulate; default: never)")
    b.add_argument("--follow-outside-links", action="store_true",
                   help="in folders, follow symbolic links that lead outside the folder "
                        "given (default: each gets an error line and is not read)")
    b.add_argument("--glob", action="append", default=[], metavar="PATTERN",
                   help="in folders, take files matching this name pattern (repeatable; "
                        "default: every file a loader reads, e.g. *.pdf, *.png)")
    b.add_argument("--threads", type=int, metavar="N",
                   help="threads per worker for OCR and image work (default: cores / "
                        "workers)")
    add_plugin_argument(b)
    b.add_argument("--retry-errors", action="store_true",
                   help="remove error lines from --output first, so those inputs run again")
    b.add_argument("--ray", nargs="?", const=_RAY_DEFAULT, metavar="ADDRESS",
                   help="run the workers as actors on a Ray cluster: ADDRESS as for "
                        "ray.init (auto, HOST:PORT, ray://HOST:PORT); without one, "
                        "RAY_ADDRESS or a new local Ray instance. Write --ray=ADDRESS or put "
                        "--ray after the inputs")
    b.add_argument("--seen-store", metavar="PATH",
                   help="duplicates store of seen_before(): a SQLite file shared by the "
                        "workers and later runs, or 'memory' (per worker, forgotten at the "
                        "end); default $FORMSIFT_SEEN_STORE, else "
                        "~/.local/state/formsift/seen.sqlite3")
    b.add_argument("--summary-json", metavar="FILE",
                   help="also write the summary as JSON to FILE (for monitoring)")
    b.add_argument("--region-first", action="store_true",
                   help="on scans, read only what the template's locators need (with "
                        "-t; the whole page when a required field is still missing)")
    b.add_argument("--stable", action="store_true",
                   help="leave out of the lines what differs from run to run for the same "
                        "input (audit.created_at, timings): the same inputs give the same "
                        "lines, for checksums")
    b.add_argument("--no-progress", action="store_true", help="no progress bar")
    b.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from formsift.batch import run_batch
    from formsift.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE
    from formsift.cli.commands import template_hints

    ray_address = _ray_address(args)
    if ray_address is _USAGE:
        return EXIT_USAGE
    for flag, value in (("--workers", args.workers), ("--threads", args.threads),
                        ("--max-docs-per-worker", args.max_docs_per_worker)):
        if value is not None and value < 1:
            print(f"formsift: error: {flag} must be at least 1", file=sys.stderr)
            return EXIT_USAGE
    for flag, value in (("--retries", args.retries), ("--timeout", args.timeout)):
        if value < 0:
            print(f"formsift: error: {flag} cannot be negative", file=sys.stderr)
            return EXIT_USAGE
    if not math.isfinite(args.timeout):  # "nan" compared as no limit; "inf" is 0's job
        print("formsift: error: --timeout must be a number of seconds (0: no limit)",
              file=sys.stderr)
        return EXIT_USAGE
    if args.output == "-":
        print("formsift: error: batch needs a file to write (-o FILE.jsonl): it resumes "
              "from what the file holds", file=sys.stderr)
        return EXIT_USAGE
    suffix = os.path.splitext(args.output)[1].lower()
    if suffix in (".csv", ".json", ".xml", ".xlsx", ".tsv"):  # it would hold JSON Lines
        print(f"formsift: error: batch writes JSON Lines (one result per line), not "
              f"{suffix[1:].upper()}: name the output .jsonl (for CSV of a few files: "
              f"formsift extract -f csv)", file=sys.stderr)
        return EXIT_USAGE
    from formsift.cli import cli_params, pdf_password

    password = pdf_password(args)
    params = cli_params(args)
    if args.plugin and os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())  # as `python -m` would: local plugin modules
    with template_hints(args):  # a document or a folder given as the template
        batch = run_batch(
            args.inputs, args.template, args.output, templates=args.templates,
            workers=args.workers, timeout=args.timeout or None, retries=args.retries,
            max_docs_per_worker=args.max_docs_per_worker,
            globs=args.glob, threads=args.threads, block=tuple(args.block),
            strict=args.strict_plugins or None, plugins=args.plugin,
            retry_errors=args.retry_errors, ray=args.ray is not None,
            ray_address=ray_address, seen_store=args.seen_store, split=args.split,
            password=password, region_first=args.region_first,
            follow_outside_links=args.follow_outside_links, stable=args.stable,
            packet_folders=args.packet_folders, params=params)
    _announce(batch, args.output)
    _drive(batch, enabled=not args.no_progress)
    summary = batch.summary
    print(summary.table(), file=sys.stderr)
    if args.summary_json:
        _write_json(args.summary_json, summary.as_dict())
    if summary.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_INPUT if summary.any_errors else EXIT_OK


_USAGE = object()


def _ray_address(args: argparse.Namespace) -> Any:
    value = args.ray
    if value is None or value == _RAY_DEFAULT:
        return None
    if _ADDRESS.match(value):
        return value
    if os.path.exists(value):
        print(f"formsift: error: --ray took {value!r} (an input) as the cluster address; "
              f"write --ray=ADDRESS, or put --ray after the inputs", file=sys.stderr)
    else:
        print(f"formsift: error: --ray {value!r} is not a Ray address (auto, HOST:PORT or "
              f"ray://HOST:PORT)", file=sys.stderr)
    return _USAGE


def _write_json(path: str, data: dict[str, Any]) -> None:
    import json

    from formsift.core.errors import FormsiftError

    try:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2)
            fh.write("\n")
    except OSError as exc:
        raise FormsiftError(f"cannot write {path}: {exc.strerror or exc}") from None


def _announce(batch: Any, output: str) -> None:
    skipped = sum(batch.summary.skipped.values())
    parts = [f"{batch.summary.inputs:,} inputs"]
    if skipped:
        parts.append(f"{skipped:,} skipped as already done in {output}")
    workers = batch.workers
    where = "on the Ray cluster" if workers is None else f"on {workers} worker(s)"
    parts.append(f"{batch.todo:,} to do {where}" if batch.todo else "nothing to do")
    if batch.done.truncated:
        parts.append("an unfinished last line was removed from the output")
    if batch.summary.ignored:
        parts.append(f"{batch.summary.ignored:,} files in folders ignored (see --glob)")
    print("formsift batch: " + "; ".join(parts), file=sys.stderr)


#: Error lines echoed on stderr during a run (all of them are in the output file).
MAX_ERRORS_SHOWN = 20


def _error_message(item: Any) -> str:
    """What an error line of the output says; a packet's (``--split``), the reason of
    its document that could not be extracted, and why (not another's: one in review)."""
    import json

    try:
        line = json.loads(item.line)
        reasons = line.get("reasons") or [{}]
        failed = [r for r in reasons if r.get("code") == "document_error"] or reasons
        message = line.get("message") or failed[0].get("message") or item.error
    except (ValueError, AttributeError):
        message = item.error
    return message if item.path in str(message) else f"{item.path}: {message}"


def _drive(batch: Any, *, enabled: bool) -> None:
    """Run the batch under a tqdm progress bar (throughput, ETA, counts so far)."""
    from tqdm import tqdm

    from formsift.cli.commands import bar_size

    split = getattr(batch.summary, "split", False)  # packets: files, counts of documents
    counts = {"ok": 0, "review": 0, "rejected": 0, "error": 0}
    key = {"accepted": "ok"}
    if split:
        counts = {"docs ok": 0, "docs review": 0, "docs rejected": 0, "file errors": 0}
        key = {"accepted": "docs ok", "review": "docs review", "rejected": "docs rejected",
               "error": "file errors"}
    with tqdm(total=batch.todo, unit="file" if split else "doc", file=sys.stderr,
              **bar_size(), disable=True if not enabled else None, smoothing=0.05) as bar:
        shown = 0
        for item in batch:
            if split and item.status != "error":
                for status, n in (item.documents or {}).items():
                    counts[key.get(status, status)] += n
            else:
                counts[key.get(item.status, item.status)] += 1
            if item.status == "error":  # said where the user looks, not only in the file
                shown += 1
                if shown <= MAX_ERRORS_SHOWN:
                    bar.write(f"formsift: error: {_error_message(item)}", file=sys.stderr)
                elif shown == MAX_ERRORS_SHOWN + 1:
                    bar.write("formsift: more errors: see the error lines of the output",
                              file=sys.stderr)
            bar.set_postfix(counts, refresh=False)
            bar.update(1)
