"""``run_batch``: plan a batch (inputs, hashes, what is already done), run it on workers,
write every result as a JSON line, and sum it up."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from formsift.batch.inputs import (
    MIN_PAGE_PIXELS,
    MIN_PAGE_SIDE,
    FolderPacket,
    InputList,
    content_hash,
    expand,
    folder_packet,
)
from formsift.batch.output import Done, ResultsFile
from formsift.batch.pool import Scheduler, Task, WorkerStats
from formsift.batch.worker import Outcome, WorkerConfig, error_outcome
from formsift.core import seen
from formsift.core.errors import FormsiftError
from formsift.core.plugins import check_plugin_modules, check_plugins_registered
from formsift.core.sources import printable_name

STATUSES = ("accepted", "review", "rejected", "error")


class BatchUsageError(FormsiftError):
    """A batch cannot start as asked (no inputs, bad numbers): a usage error (exit 2)."""

    exit_code = 2
    code = "usage_error"


@dataclass
class BatchItem:
    """One input's outcome: its path, content hash, status, and the JSON line written."""

    path: str
    document_id: str | None
    status: str
    error: str | None
    line: str
    worker: int | None
    attempts: int
    seconds: float
    #: For a packet (``split``): how many of its documents have each status.
    documents: dict[str, int] | None = None

    def result(self) -> Any:
        """The line as an :class:`ExtractionResult`, a :class:`PacketResult` (``split``)
        or an :class:`ErrorResult`."""
        import json

        from formsift.core.packet import PacketResult
        from formsift.core.result import ErrorResult, ExtractionResult

        if self.status == "error":
            return ErrorResult.model_validate_json(self.line)
        cls = PacketResult if "documents" in json.loads(self.line) else ExtractionResult
        return cls.model_validate_json(self.line)


@dataclass
class BatchSummary:
    """Counts of a run (this run, and the inputs skipped as already done)."""

    inputs: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    ignored: int = 0
    #: The files folder walks left out (hidden, or no installed loader reads them).
    ignored_paths: list[str] = field(default_factory=list)
    #: Images folder walks left out as too small to be a page of a document (a mail
    #: signature's logo), each as "path (W x H px)".
    small_images: list[str] = field(default_factory=list)
    #: A split run without ``packet_folders``: folders (under a folder given) of several
    #: files, each file read as a packet of its own, with how many files.
    folders_split: list[str] = field(default_factory=list)
    #: A run with ``packet_folders``: each folder (under a folder given) read as a packet.
    packet_folders: bool = False
    #: A run with ``packet_folders``: folders given that hold several files and no folder
    #: of files, each file read as a packet of its own (a case's folder given itself?).
    cases_given: list[str] = field(default_factory=list)
    retried: int = 0
    #: Inputs of this run whose path has a line of other content (the file changed since):
    #: their new line follows the old one, and the last line of a source is current.
    changed: int = 0
    workers: list[WorkerStats] = field(default_factory=list)
    backend: str = "processes"
    wall_seconds: float = 0.0
    interrupted: bool = False
    #: A run of packets (``split``): its statuses are the files', ``documents`` the
    #: statuses of the documents found in them (this run).
    split: bool = False
    documents: Counter[str] = field(default_factory=Counter)
    #: How many records of this run give each reason that routes them (``rule_failed``
    #: with the rule's name: ``rule_failed:not_stale``; a record counted once per reason;
    #: in a split run the packets' own reasons and their documents').
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def processed(self) -> int:
        return sum(self.statuses.values())

    @property
    def documents_per_second(self) -> float:
        done = sum(self.documents.values())
        return done / self.wall_seconds if self.wall_seconds > 0 else 0.0

    @property
    def docs_per_second(self) -> float:
        return self.processed / self.wall_seconds if self.wall_seconds > 0 else 0.0

    @property
    def unfinished(self) -> int:
        return self.inputs - self.processed - sum(self.skipped.values())

    @property
    def any_errors(self) -> bool:
        return bool(self.statuses["error"] or self.skipped["error"])

    def _reasons_by_count(self) -> list[tuple[str, int]]:
        """The reasons counted, most given first (then by name: the same every run)."""
        return sorted(self.reasons.items(), key=lambda kv: (-kv[1], kv[0]))

    def as_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (``formsift batch --summary-json``)."""
        return {
            "inputs": self.inputs, "processed": self.processed,
            "statuses": {s: self.statuses[s] for s in STATUSES},
            "skipped": {s: self.skipped[s] for s in STATUSES},
            "errors": dict(self.errors), "ignored": self.ignored,
            "ignored_paths": list(self.ignored_paths),
            "small_images": list(self.small_images), "retried": self.retried,
            **({"folders_split": list(self.folders_split)} if self.split else {}),
            **({"cases_given": list(self.cases_given)} if self.packet_folders else {}),
            "changed": self.changed,
            "unfinished": self.unfinished, "interrupted": self.interrupted,
            "backend": self.backend, "wall_seconds": round(self.wall_seconds, 3),
            "docs_per_second": round(self.docs_per_second, 3),
            # split runs: the documents found in the files of this run (docs_per_second
            # counts files there, as statuses do)
            **({"documents": {s: self.documents[s] for s in STATUSES[:3]},
                "documents_per_second": round(self.documents_per_second, 3)}
               if self.split else {}),
            "reasons": dict(self._reasons_by_count()),
            "workers": [{"id": w.id, "pid": w.pid, "host": w.host, "docs": w.docs,
                         "ended": w.fate} for w in self.workers],
        }

    def table(self) -> str:
        """The summary as a plain-text table."""
        skipped = sum(self.skipped.values())
        rows = [("", "this run", "skipped (done before)", "all inputs")]
        for s in STATUSES:
            rows.append((s, f"{self.statuses[s]:,}", f"{self.skipped[s]:,}",
                         f"{self.statuses[s] + self.skipped[s]:,}"))
        if self.unfinished:
            rows.append(("not done (interrupted)", f"{self.unfinished:,}", "", ""))
        rows.append(("total", f"{self.processed:,}", f"{skipped:,}", f"{self.inputs:,}"))
        lines = [_grid(rows)]
        if self.errors:
            lines.append("errors: " + ", ".join(f"{k} {v:,}" for k, v in
                                                sorted(self.errors.items())))
        if self.reasons:
            lines.append("reasons (records of this run giving each): " + ", ".join(
                f"{k} {v:,}" for k, v in self._reasons_by_count()))
        extra = f", {self.retried} retried after a worker died" if self.retried else ""
        if self.split:  # the rows count files (packets); their documents are these
            found = sum(self.documents.values())
            lines.append(f"documents in the files of this run: {found:,} (" + ", ".join(
                f"{s} {self.documents[s]:,}" for s in STATUSES[:3]) + ")")
            rate = (f"{self.docs_per_second:.2f} files/s, "
                    f"{self.documents_per_second:.2f} documents/s")
        else:
            rate = f"{self.docs_per_second:.2f} docs/s"
        lines.append(f"wall time {self.wall_seconds:.1f} s, {rate} "
                     f"on {len(self.workers)} worker(s) started ({self.backend}){extra}")
        if self.changed:
            it = "it" if self.changed == 1 else "them"
            lines.append(f"{_files(self.changed)} changed since an earlier run wrote a line "
                         f"for {it}: a new line follows the old one (the last line of a "
                         f"source is current)")
        if self.ignored:
            lines.append(f"{_files(self.ignored)} in folders ignored (hidden, or no loader "
                         f"reads them by name or content; see --glob): "
                         f"{named(self.ignored_paths, self.ignored)}")
        if self.small_images:
            lines.append(f"{_files(len(self.small_images))} in folders skipped: images too "
                         f"small to be a page of a document (a mail signature's logo, an "
                         f"icon: under {MIN_PAGE_SIDE} px on either side and {MIN_PAGE_PIXELS:,} "
                         f"px in all; name them to extract them): {named(self.small_images)}")
        if self.folders_split:
            lines.append(f"{len(self.folders_split):,} folder(s) hold several files, each "
                         f"read as a packet of its own: {named(self.folders_split)}; "
                         f"--packet-folders reads each such folder as one packet (a case's "
                         f"files), as formsift extract --split FOLDER does")
        if self.cases_given:
            lines.append(f"{len(self.cases_given):,} folder(s) given hold several files and "
                         f"no folder, each file read as a packet of its own: "
                         f"{named(self.cases_given)}; --packet-folders reads each folder "
                         f"under a folder given as one packet: to read such a folder as one "
                         f"(a case's files), give the folder above it, or use formsift "
                         f"extract --split FOLDER")
        if self.workers:
            wrows = [("worker", "pid", "host", "files" if self.split else "docs", "ended")]
            wrows += [(str(w.id), str(w.pid or "-"), w.host or "-", f"{w.docs:,}", w.fate)
                      for w in self.workers]
            lines.append(_grid(wrows))
        if self.interrupted:
            lines.append("interrupted: run the same command again to finish (inputs already "
                         "written are skipped)")
        return "\n".join(lines)


def _check_packet_folders(packet_folders: bool, split: bool, globs: Sequence[str]) -> None:
    """``packet_folders`` is a way of ``split``, and reads every file a loader reads."""
    if packet_folders and not split:
        raise BatchUsageError("--packet-folders reads each folder as one packet: it goes "
                              "with --split")
    if packet_folders and globs:
        raise BatchUsageError("--packet-folders reads every file of a folder that a loader "
                              "reads, as formsift extract --split FOLDER does: leave out "
                              "--glob (or move the files not to read out of the folders)")


# (kept under these names: the CLI's global --plugin checks modules the same way)
_check_plugin_modules = check_plugin_modules
_check_plugins_registered = check_plugins_registered


#: How many of the files folder walks left out the summary names (--summary-json: all).
NAMED = 5


def _files(n: int) -> str:
    return f"{n:,} file" + ("" if n == 1 else "s")


def named(paths: Sequence[str], count: int | None = None) -> str:
    """The first :data:`NAMED` of ``paths`` (hidden files last: the documents a user
    wanted are more likely the others), then how many more, for one line of stderr."""
    count = len(paths) if count is None else count
    first = sorted(paths, key=lambda p: os.path.basename(p).startswith("."))[:NAMED]
    shown = ", ".join(_shown(p) for p in first)
    more = count - len(first)
    return shown + (f" and {more:,} more (--summary-json lists them all)" if more else "")


def _shown(path: str) -> str:
    """A path for a terminal: control characters (a newline, an escape sequence in a
    file name) as escapes, not sent to the terminal."""
    return "".join(c if c.isprintable() or c == " " else
                   c.encode("unicode_escape").decode("ascii") for c in path)


def _grid(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                     for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
           for r in rows]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


class BatchRun:
    """A planned batch: iterate over it to run it (items arrive as they finish); read
    :attr:`summary` afterwards. Planning (finding inputs, hashing them, reading the results
    file) happens when it is created, so :attr:`todo` and :attr:`summary` ``.skipped`` are
    known before the first document runs."""

    def __init__(self, inputs: Iterable[str | os.PathLike[str]], template: str | None,
                 output: str | os.PathLike[str] | None, *, templates: Sequence[str] = (),
                 workers: int | None = None, timeout: float | None = 600.0, retries: int = 1,
                 max_docs_per_worker: int | None = None,
                 globs: Sequence[str] = (), threads: int | None = None,
                 block: Sequence[str] = (), strict: bool | None = None,
                 plugins: Sequence[str] = (), retry_errors: bool = False,
                 ray: bool = False, ray_address: str | None = None,
                 ray_init: dict[str, Any] | None = None, stdin: TextIO | None = None,
                 handle_signals: bool = True,
                 seen_store: str | os.PathLike[str] | None = None,
                 split: bool = False, password: str | None = None,
                 region_first: bool = False, follow_outside_links: bool = False,
                 stable: bool = False, packet_folders: bool = False,
                 params: Mapping[str, Any] | None = None) -> None:
        from formsift.core.plugins import PluginRegistry

        started = time.perf_counter()  # planning (hashing every input) is part of the run

        if workers is not None and workers < 1:
            raise BatchUsageError("--workers must be at least 1")
        if split and template is not None:
            raise BatchUsageError("--split classifies every page to find the documents of "
                                  "each input: it takes --templates (or the library), not "
                                  "--template")
        _check_packet_folders(packet_folders, split, globs)
        if ray:
            from formsift.batch.ray_backend import check_address, import_ray

            import_ray()  # not installed: one clear line before any work
            check_address(ray_address)  # unreachable: one clear line, exit 2, at once
        self.summary = BatchSummary(backend="ray" if ray else "processes", split=split)
        self.timeout, self.retries = timeout, retries
        self.max_docs_per_worker = max_docs_per_worker
        self.ray, self.ray_address, self.ray_init = ray, ray_address, ray_init
        self.handle_signals = handle_signals
        # the parent checks templates and plugins once, before any worker starts
        _check_plugin_modules(plugins)
        registry = PluginRegistry.discover(block=block, strict=strict,
                                           extra_plugins=[(m, m) for m in plugins])
        _check_plugins_registered(plugins, registry)
        self._template_name = self._check_templates(template, templates, registry)
        _check_params(params, self._loaded, template is not None, split)
        if seen.uses_seen_before(self._loaded):
            # (the default store opens on first use: in every worker, one error per input)
            try:
                seen.check_usable(seen.make_store(_seen_store(seen_store)))
            except FormsiftError as exc:
                raise BatchUsageError(str(exc)) from None
        cores = os.cpu_count() or 1
        self.requested_workers = workers
        n = workers or cores
        config = WorkerConfig(template=template, templates=tuple(self._template_files),
                              block=tuple(block), strict=strict, plugins=tuple(plugins),
                              threads=threads or (1 if ray else max(1, cores // n)),
                              seen_store=_seen_store(seen_store), split=split,
                              password=password, region_first=region_first,
                              stable=stable, params=dict(params) if params and not
                              isinstance(params, dict) else params)
        self.config = config.embed_templates()
        suffixes = {s for info in registry.of_kind("loader").values()
                    for s in getattr(info.cls, "suffixes", ())}
        self._suffixes = suffixes if packet_folders else None
        self._follow_outside_links = follow_outside_links
        found = expand(inputs, globs=globs, suffixes=suffixes, stdin=stdin,
                       follow_outside_links=follow_outside_links,
                       packet_folders=packet_folders)
        self.summary.packet_folders = packet_folders
        self._tops = found.tops
        given_tops = set(found.tops.values())
        self.summary.cases_given = [f"{printable_name(f)} ({n} files)"
                                    for f, n in found.loose.items()
                                    if n > 1 and f not in given_tops]
        if split and not packet_folders:
            self.summary.folders_split = [f"{printable_name(f)} ({n} files)"
                                          for f, n in found.folders.items() if n > 1]
        ignored = [printable_name(p) for p in found.ignored_paths]  # JSON carries them
        small = [f"{printable_name(p)} ({w} x {h} px)" for p, (w, h) in found.small_images]
        if not found.paths and not found.outside_links:
            raise BatchUsageError("no inputs found" + (
                f" ({_files(found.ignored)} in folders did not match, see --glob: "
                f"{named(ignored)})" if found.ignored else "") + (
                f" ({_files(len(small))} in folders too small to be a page of a "
                f"document: {named(small)})" if small else ""))
        self.summary.inputs = len(found.paths) + len(found.outside_links)
        self.summary.ignored = found.ignored
        self.summary.ignored_paths = ignored
        self.summary.small_images = small
        self.results = ResultsFile(output) if output is not None else None
        self.results_path = os.fspath(output) if output is not None else ""
        done = self.results.open(drop_errors=retry_errors) if self.results else Done()
        self.done = done
        kind = "packet" if split else "record"
        if (done.records if split else done.packets):
            self.close()
            raise BatchUsageError(
                f"{output} holds {'single records' if split else 'packets (--split)'}; this "
                f"run writes {kind}s: choose another --output (resuming would skip inputs "
                f"extracted the other way)")
        clash = _mode_clash(done, found, packet_folders) if split else None
        if clash is not None:
            self.close()
            raise BatchUsageError(f"{output} holds {clash}: choose another --output "
                                  f"(resuming would extract those files a second time, "
                                  f"the other way)")
        others = done.templates - {self._template_name} if self._template_name else set()
        if others:
            self.close()
            raise BatchUsageError(
                f"{output} holds results of template(s) {', '.join(sorted(others))}; this "
                f"run uses {self._template_name!r}: choose another --output (resuming "
                f"would skip inputs another template extracted)")
        self.tasks: list[Task] = []
        self.unreadable: list[tuple[Task, str, str]] = []  # (task, error code, message)
        try:
            self._plan(found.paths, done)
            self._refuse_outside_links(found.outside_links, len(found.paths), done)
        except BaseException:
            self.close()
            raise
        self._scheduler: Scheduler | None = None
        self._stop = threading.Event()
        self._planning_seconds = time.perf_counter() - started

    def _check_templates(self, template: str | None, templates: Sequence[str],
                         registry: Any) -> str | None:
        """Load every template once (errors before any worker starts); the name of
        ``template``."""
        from formsift.templates import load_template, load_templates, template_files

        self._template_files: list[str] = []
        #: every template loaded, to see what they need before any worker starts
        self._loaded: list[Any] = []
        chosen = load_template(template, registry) if template is not None else None
        name = chosen.name if chosen is not None else None
        if chosen is not None:
            self._loaded.append(chosen)
        for ref in templates:
            if os.path.isdir(ref):  # with its subfolders, as extract --templates reads it
                files = [str(p) for p in template_files(ref, recursive=True)]
                if not files:
                    raise FormsiftError(f"{ref}: no .sift templates in this folder or its "
                                        f"subfolders")
            else:
                files = [ref]
            for f in files:
                self._loaded.extend(t for t in load_templates(f, registry)
                                    if hasattr(t, "functions_called"))
            self._template_files.extend(files)
        return name

    def _refuse_outside_links(self, links: list[str], first: int, done: Done) -> None:
        """An error line for each link that leads out of its folder (never read)."""
        for index, path in enumerate(links, start=first):
            previous = done.status(path, None)
            if previous is not None:
                self.summary.skipped[previous] += 1
                continue
            self.unreadable.append((Task(index, path, None), "input_error", (
                f"{path}: a symbolic link that leads outside the folder given: not "
                f"followed (--follow-outside-links follows such links)")))

    def _folder_packet(self, path: str, first_of: dict[str, str], done: Done
                       ) -> FolderPacket | None:
        """A folder read as one packet (``packet_folders``; None for anything else): its
        files, each a copy of no file of this run (nor of an earlier run's input whose
        line is in the output), which are then this run's (see
        :func:`~formsift.batch.inputs.folder_packet`)."""
        if self._suffixes is None or not os.path.isdir(path):
            return None

        def copy_of(member: str, doc_id: str) -> str | None:
            if doc_id in first_of:
                return first_of[doc_id]
            first_of[doc_id] = member
            earlier = done.first_source.get(doc_id)
            return f"{earlier}, whose line an earlier run wrote" if earlier else None

        return folder_packet(path, self._suffixes, self._tops.get(path),
                             self._follow_outside_links, self.config.max_bytes, copy_of)

    def _plan(self, paths: list[str], done: Done) -> None:
        first_of: dict[str, str] = {}  # content hash -> the path this run extracts it from
        for index, path in enumerate(paths):
            packet = None
            try:  # (a file over the size limit is refused by its size, not read)
                packet = self._folder_packet(path, first_of, done)
                doc_id: str | None = packet.content_id if packet else \
                    content_hash(path, max_bytes=self.config.max_bytes)
                problem, code = None, "input_error"
            except FormsiftError as exc:
                doc_id, problem = None, str(exc)
                # (a case folder whose every file copies another input: duplicate_input)
                code = exc.code if exc.code == "duplicate_input" else "input_error"
            # a copy's own line is an error (duplicate_input), whatever its twin's says
            previous = "error" if path in done.copies else done.status(path, doc_id)
            task = Task(index, path, doc_id)
            if packet is not None:  # the worker reads exactly the files kept here
                task = Task(index, path, doc_id, tuple(p for p, _ in packet.files),
                            tuple(packet.left_out))
            if previous is not None and doc_id is not None and path not in done.copies \
                    and not done.has_line(path):
                # content done by an earlier run under another path: this path gets its
                # line too (a pipeline reconciles its paths against the file), once
                self.unreadable.append((task, "duplicate_input", (
                    f"the same file as {done.first_source.get(doc_id, '?')} (identical "
                    f"content), whose line an earlier run wrote to {self.results_path}: "
                    f"not extracted again")))
                continue
            if previous is not None:
                self.summary.skipped[previous] += 1
                continue
            if done.sources and done.has_line(path):
                self.summary.changed += 1  # its content changed since its line
            if problem is not None:
                self.unreadable.append((task, code, problem))
            elif doc_id is not None and doc_id in first_of:
                # a copy (or a link) of an input of this run: two accepted records of one
                # invoice would pay it twice; its line says so instead
                self.unreadable.append((task, "duplicate_input", (
                    f"the same file as {first_of[doc_id]} (identical content), which this "
                    f"run extracts: not extracted twice")))
            else:
                if doc_id is not None:
                    first_of[doc_id] = path
                self.tasks.append(task)

    @property
    def todo(self) -> int:
        """How many inputs this run will process (the others are already done)."""
        return len(self.tasks) + len(self.unreadable)

    @property
    def workers(self) -> int | None:
        """Local workers this run starts (None with Ray and no ``workers``: the cluster's)."""
        if self.ray and self.requested_workers is None:
            return None
        return min(self._worker_count(), max(1, len(self.tasks)))

    def _worker_count(self) -> int:
        return self.requested_workers or os.cpu_count() or 1

    def stop(self) -> None:
        """Stop soon and cleanly: workers are stopped, lines already written stay, inputs in
        flight are left for the next run. Safe from a signal handler or another thread."""
        self._stop.set()
        if self._scheduler is not None:
            self._scheduler.stop()

    def worker_pids(self) -> list[int]:
        """Process ids of the live local workers (for tools and tests)."""
        return self._scheduler.worker_pids() if self._scheduler else []

    def __iter__(self) -> Iterator[BatchItem]:
        t0 = time.perf_counter() - self._planning_seconds
        try:
            with self._signals():
                for task, code, problem in self.unreadable:
                    if self._stop.is_set():
                        break
                    # (no content hash on the line: the hash's line is its first copy's)
                    yield self._record(task, error_outcome(task.path, None, code, problem),
                                       None, 1)
                backend = self._start_backend() if self.tasks else None
                if backend is not None:
                    scheduler = self._scheduler = Scheduler(
                        backend, self._worker_count_for_backend(),
                        timeout=self.timeout, retries=self.retries,
                        max_docs=self.max_docs_per_worker)
                    if self._stop.is_set():
                        scheduler.stop()
                    for item in scheduler.run(self.tasks):
                        yield self._record(item.task, item.outcome, item.worker,
                                           item.attempts)
                    self.summary.workers = scheduler.stats
        finally:
            self.summary.interrupted = self._stop.is_set() and self.summary.unfinished > 0
            self.summary.wall_seconds = time.perf_counter() - t0
            if self._scheduler is not None:
                self.summary.workers = self._scheduler.stats
            self.close()

    def _start_backend(self) -> Any:
        """The backend, or None when the run was stopped before or while it started (Ray's
        start-up can take long: Ctrl-C then ends the run, as an interruption)."""
        if self._stop.is_set():
            return None
        try:
            backend = self._backend()
        except KeyboardInterrupt:
            self._stop.set()
            return None
        if self._stop.is_set():
            backend.close()
            return None
        return backend

    def _backend(self) -> Any:
        if not self.ray:
            from formsift.batch.processes import ProcessBackend

            return ProcessBackend(self.config)
        from formsift.batch.ray_backend import RayBackend

        self._ray_backend = RayBackend(self.config, self.ray_address, self.ray_init,
                                       cancelled=self._stop.is_set)
        return self._ray_backend

    def _worker_count_for_backend(self) -> int:
        if self.ray and self.requested_workers is None:
            n = self._ray_backend.cluster_workers()
        else:
            n = self._worker_count()
        return max(1, min(n, len(self.tasks)))

    def _record(self, task: Task, outcome: Outcome, worker: int | None,
                attempts: int) -> BatchItem:
        if self.results is not None:
            self.results.write(outcome.line)
        self.summary.statuses[outcome.status] += 1
        self.summary.documents.update(outcome.documents or {})
        self.summary.reasons.update(outcome.reasons or {})
        if outcome.error:
            self.summary.errors[outcome.error] += 1
        if attempts > 1:
            self.summary.retried += 1
        return BatchItem(task.path, outcome.document_id or task.document_id, outcome.status,
                         outcome.error, outcome.line, worker, attempts, outcome.seconds,
                         outcome.documents)

    @contextlib.contextmanager
    def _signals(self) -> Iterator[None]:
        """Ctrl-C / SIGTERM: the first stops cleanly, a second one interrupts at once."""
        if not self.handle_signals or threading.current_thread() is not threading.main_thread():
            yield
            return

        def handler(signum: int, frame: Any) -> None:
            if self._stop.is_set():
                raise KeyboardInterrupt
            self.stop()

        old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for s, h in old.items():
                signal.signal(s, h)

    def close(self) -> None:
        if self.results is not None:
            self.results.close()


def _mode_clash(done: Done, found: InputList, packet_folders: bool) -> str | None:
    """What the output holds that a split run in the other mode wrote (None: nothing):
    with ``packet_folders``, a line of a file inside a folder this run reads as one
    packet; without, a line of such a folder (``--packet-folders``) whose files this run
    reads one by one."""
    written = {os.path.realpath(s): s for s in done.sources}
    if packet_folders:
        folders = {os.path.realpath(f) for f in found.tops}
        clash = sorted(s for real, s in written.items() if os.path.dirname(real) in folders)
        if clash:
            return (f"a line of {printable_name(clash[0])}, a file read as a packet of its "
                    f"own (--split without --packet-folders); this run reads its folder as "
                    f"one packet")
        return None
    folders = {os.path.realpath(f) for f in found.folders}
    clash = sorted(s for real, s in written.items() if real in folders)
    if clash:
        return (f"the packet of the folder {printable_name(clash[0])} (--packet-folders); "
                f"this run reads its files one by one (add --packet-folders to resume it)")
    return None


def _seen_store(option: str | os.PathLike[str] | None) -> str | None:
    """The duplicates store the workers use: ``option``, else ``$FORMSIFT_SEEN_STORE``
    (resolved here, so that it reaches Ray actors too), else None (the default file). A
    path is made absolute (workers and actors may run elsewhere)."""
    from formsift.core.seen import ENV

    value = os.fspath(option) if option is not None else os.environ.get(ENV, "").strip()
    if not value or value in ("memory", "sqlite"):
        return value or None
    path = os.path.abspath(os.path.expanduser(value))
    if os.path.isdir(path):
        raise BatchUsageError(f"the duplicates store {value!r} is a folder; name a file "
                              "(e.g. seen.sqlite3), or 'memory'")
    return path


def _check_params(params: Mapping[str, Any] | None, loaded: list[Any], named: bool,
                  split: bool) -> None:
    """The parameters checked against the template named (all it needs given, each of
    its type), else against the templates given (none unknown, each value read by one
    declaring it), before any worker starts."""
    from formsift.templates.params import (
        ParamError,
        TextParams,
        check_known,
        check_one_reading,
        check_readable,
        values_for,
    )

    try:
        if named:
            chosen = loaded[0]
            values_for(f"template '{chosen.name}'", chosen.params, params, chosen.context,
                       texts=isinstance(params, TextParams))
        elif params and loaded and not split:  # (packets' parameters are not loaded here)
            check_known(params, [n for t in loaded for n in t.params], "the templates given")
            check_readable(params, loaded)
        elif params and loaded:  # a split run: one date for all the documents it finds
            check_one_reading(params, loaded)
    except ParamError as exc:
        raise BatchUsageError(str(exc)) from None


def run_batch(inputs: Iterable[str | os.PathLike[str]], template: str | None = None,
              output: str | os.PathLike[str] | None = None, **options: Any) -> BatchRun:
    """Plan a batch over ``inputs`` (files, folders, ``"-"`` for paths on stdin) with
    ``template`` (a library name or ``.sift`` path; None classifies against the library or
    ``templates=[...]``), appending one JSON line per input to ``output``.

    Iterate over the returned :class:`BatchRun` to run it; each :class:`BatchItem` arrives
    as soon as its line is written. Options: ``workers`` (default: number of cores),
    ``timeout`` (seconds per document, None for none), ``retries`` (of an input whose
    worker died), ``max_docs_per_worker`` (then a worker is replaced by a fresh one),
    ``globs``, ``threads`` (per worker), ``block``, ``strict``, ``plugins``
    (module names to load as plugins), ``retry_errors``, ``ray`` / ``ray_address`` /
    ``ray_init``, ``password`` (of encrypted PDFs), ``seen_store`` (the duplicates store:
    ``"memory"`` or a SQLite file;
    default ``$FORMSIFT_SEEN_STORE``, else the user's default file), ``split`` (each input
    may be a packet of several documents: one packet line per input, as
    ``formsift extract --split``; takes ``templates``, not ``template``),
    ``packet_folders`` (with ``split``: each folder under a folder given is one packet of
    its files, in name order; the files right in the folder given are a packet each),
    ``region_first``
    (on scans, read only what the template's locators need), ``follow_outside_links``
    (follow symbolic links in walked folders that lead outside the folder given; by
    default each gets an error line instead), ``stable`` (lines without what differs from
    run to run: ``audit.created_at`` and timings). Inputs whose
    content hash already has a line in ``output`` are skipped.

        run = run_batch(["inbox/"], "invoice", "results.jsonl", workers=2, timeout=60)
        for item in run:
            print(item.path, item.status)
        print(run.summary.table())
    """
    return BatchRun(inputs, template, output, **options)
