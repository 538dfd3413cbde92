"""What runs inside one batch worker (a local process or a Ray actor).

A worker builds its plugin registry and :class:`~formsift.core.engine.Engine` once, loads
the models of the recognition pipeline once (:meth:`Engine.prepare`), and then extracts one
document at a time. Every document ends as one JSON line: the result, or an error result.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from formsift.core.errors import FormsiftError, TemplateError
from formsift.core.sources import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a worker needs to build its engine; small and picklable.

    Template files are carried as text (``template_texts``: path -> source) so that workers
    on other machines (Ray) need no shared file system; library names travel as names.
    ``seen_store`` is the duplicates store of ``seen_before`` (``"memory"``, ``"sqlite"`` or
    a SQLite file path, see :func:`formsift.core.seen.make_store`; None: the default).
    """

    template: str | None = None
    templates: tuple[str, ...] = ()
    template_texts: dict[str, str] = field(default_factory=dict)
    block: tuple[str, ...] = ()
    strict: bool | None = None
    plugins: tuple[str, ...] = ()
    threads: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES
    ocr_dpi: int = 300
    seen_store: str | None = None
    #: Split each input into the documents it holds (a packet) and extract each, as
    #: ``formsift extract --split`` does: one packet line per input.
    split: bool = False
    #: Password of encrypted PDFs (the ``pdf`` loader's ``password`` option).
    password: str | None = None
    #: On scans, read only what the template's locators need (``Engine(region_first=)``).
    region_first: bool = False
    #: Lines without what differs from run to run (``audit.created_at``, timings): see
    #: :func:`formsift.plugins.exporters.without_volatile`.
    stable: bool = False
    #: The parameters of the templates' (and packets') rules, the same for every input
    #: (a :class:`~formsift.templates.params.TextParams` when given as text).
    params: dict[str, Any] | None = None

    def embed_templates(self) -> WorkerConfig:
        """A copy that carries the text of every template file it names."""
        from formsift.templates import LIBRARY, read_template_text, resolve_path

        texts = dict(self.template_texts)
        for ref in [self.template, *self.templates]:
            if ref is None or ref in texts:
                continue
            path = resolve_path(ref)
            if path.parent != LIBRARY:
                texts[ref] = read_template_text(path)
        return replace(self, template_texts=texts)


@dataclass(frozen=True)
class Outcome:
    """One document's result as a worker returns it."""

    status: str
    error: str | None
    document_id: str | None
    line: str
    seconds: float
    #: For a packet (``split``): how many of its documents have each status.
    documents: dict[str, int] | None = None
    #: The reasons that route it and its documents (:func:`reason_counts`).
    reasons: dict[str, int] | None = None


def reason_key(reason: Any) -> str:
    """How the batch summary names a reason: its code, and the rule's name after a colon
    for a reason about a rule (``rule_failed:not_stale``)."""
    return f"{reason.code}:{reason.rule}" if reason.rule else reason.code


def reason_counts(*records: Any) -> dict[str, int]:
    """How many of ``records`` (each a list of reasons: a record's, a packet's own) give
    each :func:`reason_key`, a record counted once per key; the doubts a template accepts
    (``low_confidence_accepted``: they route nothing) are left out."""
    from formsift.core.reasons import routes

    counts: dict[str, int] = {}
    for reasons in records:
        for key in {reason_key(r) for r in reasons if routes(r)}:
            counts[key] = counts.get(key, 0) + 1
    return counts


def error_outcome(path: str, document_id: str | None, code: str, message: str,
                  seconds: float = 0.0) -> Outcome:
    """An error line for ``path`` (used by workers and by the pool for crashes/timeouts)."""
    from formsift.core.result import ErrorResult

    res = ErrorResult(source=path, error=code, message=message, document_id=document_id)
    return Outcome("error", code, document_id, _line(res), seconds)


def _line(result: Any, stable: bool = False) -> str:
    # the same line as `formsift extract --format jsonl` (--stable: as with --stable)
    from formsift.plugins.exporters import as_line

    return json.dumps(as_line(result.model_dump(mode="json"), stable), ensure_ascii=False)


class WorkerRuntime:
    """The engine of one worker, built once; :meth:`extract` handles one document."""

    def __init__(self, config: WorkerConfig) -> None:
        os.environ["FORMSIFT_THREADS"] = str(max(1, config.threads))
        _limit_threads(config.threads)
        from formsift.core.engine import Engine
        from formsift.core.plugins import PluginRegistry

        # only templates given as files are carried as text and need a scratch folder
        self._tmp = (tempfile.TemporaryDirectory(prefix="formsift-batch-")
                     if config.template_texts else None)
        refs = self._materialize(config)
        # the parent already reported the plugin and block-list warnings once: a worker
        # repeating them would print one copy per process
        logging.getLogger("formsift.plugins").setLevel(logging.ERROR)
        registry = PluginRegistry.discover(
            block=config.block, strict=config.strict,
            extra_plugins=[(m, m) for m in config.plugins])
        candidates = [refs.get(t, t) for t in config.templates] or None
        self.engine = Engine(templates=candidates, registry=registry,
                             max_bytes=config.max_bytes, ocr_dpi=config.ocr_dpi,
                             seen_store=config.seen_store,
                             region_first=config.region_first,
                             loader_options={"pdf": {"password": config.password}}
                             if config.password else None)
        self.template = (self.engine.template(refs.get(config.template, config.template))
                         if config.template else None)
        self.engine.prepare(self.template)
        self.split = config.split
        self.stable = config.stable
        self.params = config.params

    def _materialize(self, config: WorkerConfig) -> dict[str, str]:
        """Write carried template texts into a private folder; original ref -> new path."""
        out: dict[str, str] = {}
        if self._tmp is None:
            return out
        for i, (ref, text) in enumerate(config.template_texts.items()):
            folder = Path(self._tmp.name) / str(i)
            folder.mkdir()
            target = folder / Path(ref).name
            target.write_text(text, encoding="utf-8")
            out[ref] = str(target)
            # a relative model="..." in the template points beside the original
            original = Path(ref).expanduser().resolve().parent
            if original.is_dir():
                from formsift.templates.compiler import TEMPLATE_FOLDERS

                TEMPLATE_FOLDERS[str(target)] = str(original)
        return out

    def close(self) -> None:
        """Remove the scratch folder now (a worker killed later would leave it behind)."""
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def extract(self, path: str, document_id: str | None, data: bytes | None = None,
                members: Sequence[str] | None = None, left_out: Sequence[Any] = ()
                ) -> Outcome:
        """Extract one input (read from ``path``, or given as ``data``; a folder read as
        one packet: exactly its files ``members``, its entries ``left_out`` named);
        never raises."""
        from formsift.core.packet_files import extract_files
        from formsift.core.sources import Source
        from formsift.templates.params import ParamError

        t0 = time.perf_counter()
        source: Any = path if data is None else Source(name=path, data=data, path=Path(path))
        if self.split and members is not None:
            def folder() -> Any:
                from formsift.templates.params import PACKET_PARAMS

                token = PACKET_PARAMS.set(self.params)
                try:
                    packet = extract_files(self.engine, [Path(m) for m in members], path,
                                           left_out)
                finally:
                    PACKET_PARAMS.reset(token)
                packet.document_id = document_id or packet.document_id  # as planned
                return packet

            return self._extract_packet(path, document_id, folder, t0)
        if self.split:
            return self._extract_packet(
                path, document_id, lambda: self.engine.extract_packet(
                    source, name=path, params=self.params), t0)
        try:
            result = next(iter(self.engine.extract_many([source], self.template,
                                                        params=self.params)))
        except (TemplateError, ParamError) as exc:  # extract_many re-raises these; here
            # it is one line
            return error_outcome(path, document_id, exc.code, str(exc),
                                 time.perf_counter() - t0)
        seconds = time.perf_counter() - t0
        if getattr(result, "error", None):
            if result.document_id is None:
                result.document_id = document_id
            return Outcome("error", result.error, result.document_id, _line(result), seconds)
        return Outcome(result.status.value, None, result.document_id,
                       _line(result, self.stable), seconds,
                       reasons=reason_counts(result.reasons))


    def _extract_packet(self, path: str, document_id: str | None,
                        extract: Callable[[], Any], t0: float) -> Outcome:
        """One input split into its documents (``extract()``): a packet line, or an error
        line."""
        try:
            packet = extract()
        except FormsiftError as exc:
            return error_outcome(path, document_id, exc.code, str(exc),
                                 time.perf_counter() - t0)
        except Exception as exc:  # an unexpected failure still leaves a line
            return error_outcome(path, document_id, "internal_error",
                                 f"{type(exc).__name__}: {exc}", time.perf_counter() - t0)
        counts: dict[str, int] = {}
        for d in packet.documents:
            counts[d.result.status.value] = counts.get(d.result.status.value, 0) + 1
        reasons = reason_counts(packet.reasons, *(d.result.reasons for d in packet.documents))
        return Outcome(packet.status.value, None, packet.document_id,
                       _line(packet, self.stable), time.perf_counter() - t0, counts,
                       reasons)


def start_failure(exc: BaseException) -> tuple[int, str]:
    """(exit code, one-line message) for an exception raised while a worker starts."""
    if isinstance(exc, FormsiftError):
        return exc.exit_code, str(exc)
    return 1, f"{type(exc).__name__}: {exc}"


def _limit_threads(threads: int) -> None:
    """Keep each worker to its share of the cores (N workers must not run N x N threads)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(max(1, threads)))
    # a corrupt image is reported in its error line; OpenCV's own chatter would only
    # scribble over the progress bar
    os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")
    try:
        import cv2

        cv2.setNumThreads(max(1, threads))
    except ImportError:  # pragma: no cover - opencv is a core dependency
        pass
