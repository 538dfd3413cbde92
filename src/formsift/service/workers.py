"""Extraction worker processes: one :class:`~formsift.core.engine.Engine` per process,
created once and reused for every request; the event loop never runs extraction itself.

Processes rather than threads because a document that overruns its time limit must be
stopped (a thread cannot be), and because PyMuPDF is not thread-safe. A worker that
overruns is killed and replaced; a worker that crashes is replaced too. Messages travel
through pipes, in memory: nothing touches the disk.

Duplicate checks (``seen_before``) go to the service's store (its database, see
:class:`~formsift.service.storage.DatabaseSeenStore`), not to a file of the worker: while a
task runs, the worker asks its questions over the pipe (:class:`PipeSeenStore`) and the
service answers them (:meth:`WorkerPool._exchange`) before the task's reply arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import multiprocessing as mp
import os
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from formsift.core.errors import InputError

log = logging.getLogger("formsift.service")


class TooManyPages(InputError):
    code = "too_many_pages"


class WorkerTimeout(Exception):
    """A task ran past its time limit; its worker was killed."""


class PoolClosing(Exception):
    """The service is stopping: the task was not finished, and is not the document's
    fault (a job stays unfinished, to run again at the next start)."""


class WorkerCrashed(Exception):
    """A worker process died while working on a task."""


@dataclass(frozen=True)
class WorkerSettings:
    templates: tuple[str, ...] = ()
    block_plugins: tuple[str, ...] = ()
    #: Local plugin modules (``--plugin``) and the folders they are imported from (the
    #: worker runs ``python -P``: the current folder is not on its path)
    plugins: tuple[str, ...] = ()
    plugin_path: tuple[str, ...] = ()
    max_bytes: int = 25 * 1024 * 1024
    max_pages: int = 50
    warm_ocr: bool = True


# ---------------------------------------------------------------------- worker side
def _make_engine(settings: WorkerSettings) -> Any:
    from formsift.core.engine import Engine
    from formsift.core.plugins import default_registry
    from formsift.plugins.loaders.limits import PageLimitError, page_limit_options

    class LimitedEngine(Engine):
        """Refuses documents with more pages than allowed, before reading them."""

        def _load(self, src: Any) -> Any:
            try:  # the loaders count pages before reading them, to max_pages (below)
                doc = super()._load(src)
            except PageLimitError as exc:
                raise TooManyPages(src.name, exc.reason) from None
            if len(doc.pages) > settings.max_pages:
                raise TooManyPages(src.name, f"{len(doc.pages)} pages, over the limit of "
                                             f"{settings.max_pages}")
            return doc

    # the service reported plugin and block-list warnings once: not again per worker
    logging.getLogger("formsift.plugins").setLevel(logging.ERROR)
    # the warm-up extraction records into memory; worker_main then hands the engine the
    # service's store (PipeSeenStore): a worker never writes a duplicates file of its own
    for folder in settings.plugin_path:
        if folder not in sys.path:
            sys.path.append(folder)  # after the standard library: it is not shadowed
    registry = default_registry(block=settings.block_plugins, plugins=settings.plugins)
    engine = LimitedEngine(templates=list(settings.templates) or None, registry=registry,
                           loader_options=page_limit_options(registry, settings.max_pages),
                           max_bytes=settings.max_bytes, seen_store="memory",
                           flag_resent=False)  # the service says duplicate_document itself
    _ = engine.templates  # compile the templates once, before the first request
    return engine


def _warm_up(engine: Any, ocr: bool) -> dict[str, float]:
    """Import and load what the first request would otherwise wait for: the loaders, the
    templates, a first born-digital extraction when the ``pdf`` loader is installed (it may
    be blocked and replaced by another loader: then none) and (with ``ocr``) the models of
    every recognition pipeline. Returns the seconds each step took (``loaders``,
    ``first_extraction``, ``ocr_models``), for the service's start-up log."""
    from formsift.core.components import ComponentKind

    took: dict[str, float] = {}
    t0 = time.perf_counter()
    for loader in engine.loaders():
        loader.ensure_ready()
    _ = engine.templates
    took["loaders"] = time.perf_counter() - t0
    if "pdf" in engine.registry.of_kind(ComponentKind.LOADER):
        import pymupdf

        t0 = time.perf_counter()
        doc = pymupdf.open()
        doc.new_page().insert_text((72, 72), "formsift warm-up 2024-01-31 100.00", fontsize=10)
        data = doc.tobytes()
        doc.close()
        engine.extract(data, name="<warm-up>")
        took["first_extraction"] = time.perf_counter() - t0
    if ocr:
        t0 = time.perf_counter()
        engine.prepare()
        took["ocr_models"] = time.perf_counter() - t0
    return took


class PipeSeenStore:
    """The service's duplicates store, as a worker sees it: each call is a message on the
    worker's pipe, answered by the service while the task runs (:meth:`WorkerPool._exchange`).
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def _ask(self, op: str, *args: Any) -> Any:
        self.conn.send({"store": op, "args": list(args)})
        reply = self.conn.recv()
        if "error" in reply:
            raise RuntimeError(f"the service's duplicates store failed: {reply['error']}")
        return reply["value"]

    def seen(self, namespace: str, value: str, exclude_document: str | None = None) -> bool:
        return bool(self._ask("seen", namespace, value, exclude_document))

    def add(self, namespace: str, value: str, document_id: str) -> None:
        self._ask("add", namespace, value, document_id)

    def first(self, namespace: str, value: str, exclude_document: str | None = None
              ) -> Any:
        """The document that recorded ``value`` first, and when (None: none, or the
        service's store cannot tell): a duplicate's reason points at it."""
        found = self._ask("first", namespace, value, exclude_document)
        return tuple(found) if found is not None else None

    def remember(self, namespace: str, key: str, value: Any, document_id: str) -> None:
        """Keep a value for later documents' ``last_seen`` (sent typed: pickled)."""
        self._ask("remember", namespace, key, value, document_id)

    def recall(self, namespace: str, key: str, document_id: str) -> Any:
        found = self._ask("recall", namespace, key, document_id)
        return tuple(found) if found is not None else None

    def forget_remembered(self, namespace: str, key: str, document_id: str) -> None:
        self._ask("forget_remembered", namespace, key, document_id)

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Other workers wait to check and record values meanwhile (the service holds
        the lock for this worker, and lets it go if the worker dies)."""
        self._ask("hold")
        try:
            yield
        finally:
            self._ask("release")


def _extract(engine: Any, task: dict[str, Any]) -> dict[str, Any]:
    from formsift.core.errors import FormsiftError

    by_name = {t.name: t for t in engine.templates}
    template = by_name[task["template"]] if task.get("template") else None
    try:
        result = engine.extract(task["data"], template, name=task["name"],
                                params=task.get("params"))
    except FormsiftError as exc:
        return {"ok": False, "code": exc.code, "message": str(exc)}
    _for_http_clients(result, task)
    return {"ok": True, "result": result.model_dump(mode="json")}


def _for_http_clients(result: Any, task: dict[str, Any], *, split: bool = False) -> None:
    """A result as the service answers it: without the recognized words of its pages
    under zero retention, and with the service's advice for several documents (``split``:
    a document of a split file, which splitting again would not separate)."""
    if task.get("strip_words"):
        for page in result.page_info:
            page.words = []
    for reason in result.reasons:
        if reason.code == "several_documents":
            reason.message = for_http_clients(reason.message, split=split)


def among(engine: Any, scope: list[str] | None) -> Any:
    """``engine`` classifying against the templates of ``scope`` only (a key limited to
    some templates: classification against the others would show them), and applying only
    the packet templates whose documents are all of them. Cheap: the compiled templates,
    components and models are shared."""
    import copy

    if scope is None:
        return engine
    allowed = set(scope)
    view = copy.copy(engine)
    view._templates = [t for t in engine.templates if t.name in allowed]
    view._packets = [p for p in engine.packets
                     if all(d.template in allowed for d in p.documents)]
    return view


def _extract_packet(engine: Any, task: dict[str, Any]) -> dict[str, Any]:
    """A file split into documents (``split=true``), each extracted with its template
    (``Engine.extract_packet``); ``scope``: the templates the key may use (None: all)."""
    from formsift.core.errors import FormsiftError

    try:
        packet = among(engine, task.get("scope")).extract_packet(
            task["data"], name=task["name"], params=task.get("params"))
    except FormsiftError as exc:
        return {"ok": False, "code": exc.code, "message": str(exc)}
    for document in packet.documents:
        _for_http_clients(document.result, task, split=True)
    return {"ok": True, "packet": packet.model_dump(mode="json")}


#: What a client of the service can do with a file that holds several documents.
PACKET_ADVICE = ("send the file again with split=true (POST /v1/extract?split=true or "
                 "/v1/jobs?split=true) to get one record per document, or send each "
                 "document as a file of its own")


#: The same, for a document of a file that was split already.
SPLIT_ADVICE = ("splitting the file did not tell them apart: send each document as a file "
                "of its own")


def for_http_clients(message: str, *, split: bool = False) -> str:
    """A ``several_documents`` message, whose advice (``Engine.extract_packet``,
    ``formsift extract --split``) is for the Python API and the command line, with the
    advice for a client of the service instead; the pages it names are kept."""
    found, cut, _ = message.partition("; extract it as a packet")
    return f"{found if cut else message.rstrip('.')}; {SPLIT_ADVICE if split else PACKET_ADVICE}"


#: The most pixels of a page image (``GET /v1/records/{id}/pages/{n}``): a page larger
#: than this at the dpi asked for (a poster, a PDF page of 200 inches) is drawn at the
#: highest dpi that fits, which the answer says (its field boxes are page-relative).
MAX_PAGE_IMAGE_PIXELS = 16_000_000


def fitting_dpi(page: Any, dpi: int, max_pixels: int = MAX_PAGE_IMAGE_PIXELS) -> int:
    """``dpi``, or the highest dpi at which ``page`` has at most ``max_pixels``."""
    import math

    if page.unit == "pt":
        per_inch = 72.0
    elif page.unit == "px":  # an image: its pixels are at the dpi it was read at
        per_inch = float((page.notes.get("image") or {}).get("dpi") or 0)
    else:  # (text: no image)
        return dpi
    if per_inch <= 0 or page.width <= 0 or page.height <= 0:
        return dpi
    pixels = (page.width * dpi / per_inch) * (page.height * dpi / per_inch)
    if pixels <= max_pixels:
        return dpi
    return max(1, math.floor(dpi * math.sqrt(max_pixels / pixels)))


def _render(engine: Any, task: dict[str, Any]) -> dict[str, Any]:
    import cv2

    from formsift.core.errors import FormsiftError

    try:
        doc = engine.load(task["data"], name=task["name"])
    except FormsiftError as exc:
        return {"ok": False, "code": exc.code, "message": str(exc)}
    if not 1 <= task["page"] <= len(doc.pages):
        return {"ok": False, "code": "not_found",
                "message": f"page {task['page']} of {len(doc.pages)}"}
    page = doc.pages[task["page"] - 1]
    dpi = fitting_dpi(page, task["dpi"])
    try:
        image = page.image(dpi)
    except FormsiftError as exc:  # a loader's own limit
        return {"ok": False, "code": exc.code, "message": str(exc)}
    except ValueError:  # a page with nothing to draw it from (a plain-text document)
        return {"ok": False, "code": "no_page_image",
                "message": f"page {task['page']} has no image: a document the "
                           f"'{doc.loader}' loader reads ({doc.media_type}) is text only; "
                           "its words are in the record"}
    image = as_read(image, task.get("transform") or [])
    ok, png = cv2.imencode(".png", image)
    if not ok:
        return {"ok": False, "code": "internal_error", "message": "cannot encode the page"}
    return {"ok": True, "png": png.tobytes(), "pages": len(doc.pages), "dpi": dpi}


#: A deskew angle smaller than this was left alone (the deskew preprocessor's
#: ``min_angle``, by default): the page is drawn as it came.
MIN_DESKEW_ANGLE = 0.1


def read_frame(info: dict[str, Any]) -> list[list[Any]]:
    """How the page a result's boxes are fractions of was made from the page as it came
    (``page_info`` of the result: its notes): the preprocessing steps that moved it, in the
    order they ran. ``["turn", 90|180|270]`` (the clockwise turn the orientation step made),
    ``["deskew", degrees]``, ``["perspective", quad]`` (the page's corners, fractions of
    the image). A text-layer page, and a PDF page the loader turned by its text's
    direction (which it draws turned), need none."""
    if info.get("text_layer"):
        return []
    steps: list[list[Any]] = []
    for key, note in (info.get("notes") or {}).items():
        if not isinstance(note, dict):
            continue
        if key == "orientation" and not note.get("by") and note.get("rotated") in (90, 180,
                                                                                    270):
            steps.append(["turn", int(note["rotated"])])
        elif key == "deskew" and isinstance(note.get("angle"), int | float) and \
                abs(note["angle"]) >= MIN_DESKEW_ANGLE:
            steps.append(["deskew", float(note["angle"])])
        elif key == "perspective" and note.get("found") and note.get("quad"):
            steps.append(["perspective", note["quad"]])
    return steps


def as_read(image: Any, steps: list[list[Any]]) -> Any:
    """``image`` (the page as it came) turned, straightened and unwarped by ``steps``
    (:func:`read_frame`) as the preprocessing did before the page was read: the frame of
    the result's boxes."""
    import numpy as np

    for kind, arg in steps:
        if kind == "turn":
            image = np.ascontiguousarray(np.rot90(image, -int(arg) // 90))
        elif kind == "deskew":
            from formsift.plugins.preprocess.geometry import _rotate

            image = _rotate(image, float(arg))
        elif kind == "perspective":
            image = _unwarp(image, arg)
    return image


def _unwarp(image: Any, quad: list[list[float]]) -> Any:
    """The page of ``quad`` (corners as fractions of ``image``, as the perspective
    preprocessor records them) unwarped to a rectangle, as that preprocessor does."""
    import cv2
    import numpy as np

    h, w = image.shape[:2]
    q = np.float32([[x * w, y * h] for x, y in quad])
    if q.shape != (4, 2):
        return image
    tw = int(max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[3] - q[2])))
    th = int(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2])))
    if tw < 1 or th < 1:
        return image
    m = cv2.getPerspectiveTransform(q, np.float32([[0, 0], [tw, 0], [tw, th], [0, th]]))
    return cv2.warpPerspective(image, m, (tw, th), flags=cv2.INTER_CUBIC)


def worker_main(conn: Connection, settings: WorkerSettings) -> None:
    """Loop of a worker process: build the engine, say ready, then serve tasks. Ctrl-C is
    for the server (it stops the workers); a worker dies with the server."""
    import signal

    from formsift.batch.processes import _die_with_parent

    # Ctrl-C and a stop (systemd and docker send SIGTERM to the whole process group) are
    # for the server: it finishes or hands back the documents in progress and stops the
    # workers itself; a worker killed by them would fail its document for nothing
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with_parent()
    try:
        t0 = time.perf_counter()
        engine = _make_engine(settings)
        took = {"engine": time.perf_counter() - t0, **_warm_up(engine, settings.warm_ocr)}
    except Exception as exc:
        conn.send({"ready": False, "message": f"{type(exc).__name__}: {exc}"})
        return
    engine.seen_store = PipeSeenStore(conn)
    from formsift.util import gc_control

    gc_control.settle()  # the worker keeps its engine and models until it exits
    conn.send({"ready": True, "pid": os.getpid(), "took": took})
    ops = {"extract": _extract, "extract_packet": _extract_packet, "render": _render}
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            reply = ops[task["op"]](engine, task)
        except Exception as exc:  # a bug, not a user error: reported, the worker lives on
            reply = {"ok": False, "code": "internal_error",
                     "message": f"{type(exc).__name__}: {exc}"}
        conn.send(reply)


# ---------------------------------------------------------------------- service side
class _Worker:
    """A worker is ``python -P -m formsift.service.workers FD SETTINGS``: a fresh
    interpreter (not a fork of a threaded server, and not a re-import of the caller's main
    module, as multiprocessing's spawn would do) talking over an inherited pipe. ``-P``:
    ``-m`` would put the current folder first on ``sys.path``, and a ``json.py`` or
    ``concurrent.py`` in the folder the service was started in would be imported instead
    of the standard library's (``PYTHONPATH`` still counts)."""

    def __init__(self, settings: WorkerSettings) -> None:
        self.conn, child = mp.Pipe()
        fd = child.fileno()
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-m", "formsift.service.workers", str(fd),
             json.dumps(dataclasses.asdict(settings))],
            pass_fds=[fd], stdin=subprocess.DEVNULL)
        child.close()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.wait(5)
        with contextlib.suppress(Exception):
            self.conn.close()


def _consume(fut: asyncio.Future) -> None:
    """Retrieve a finished future's exception (a killed worker's pipe raises EOFError)."""
    if not fut.cancelled():
        fut.exception()


#: The start-up steps of a worker, as its log line names them.
_STEPS = {"engine": "templates and plugins", "loaders": "loaders",
          "first_extraction": "a first extraction", "ocr_models": "OCR models"}


class WorkersFailedToStart(RuntimeError):
    """The pool could not start its workers (the message says why, in one line)."""


class WorkerPool:
    """``size`` worker processes; :meth:`run` sends a task to an idle one and awaits it.
    ``seen_store`` answers the workers' duplicate checks (default: one in memory, shared by
    the pool's workers)."""

    def __init__(self, size: int, settings: WorkerSettings,
                 seen_store: Any = None) -> None:
        from formsift.core.seen import MemorySeenStore

        self.size = size
        self.settings = settings
        self.seen_store = seen_store if seen_store is not None else MemorySeenStore()
        #: Held for a worker between its duplicate check and its recording (hold/release)
        self._claim = threading.Lock()
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self.busy = 0
        self.restarts = 0
        self._closing = False

    async def start(self) -> None:
        """Start every worker and wait until each has built its engine."""
        results = await asyncio.gather(*(self._spawn() for _ in range(self.size)),
                                       return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors:
            await self.close()
            raise WorkersFailedToStart(f"extraction workers failed to start: {errors[0]}")

    async def _spawn(self) -> None:
        t0 = time.perf_counter()
        worker = _Worker(self.settings)
        self._all.add(worker)
        try:
            hello = await asyncio.to_thread(worker.conn.recv)
        except (EOFError, OSError) as exc:
            self._all.discard(worker)
            worker.kill()
            raise RuntimeError("a worker process exited while starting (its own error, if "
                               "it printed one, is above)") from exc
        if not hello.get("ready"):
            self._all.discard(worker)
            worker.kill()
            raise RuntimeError(hello.get("message", "worker failed to start"))
        if self._closing:
            worker.kill()
            return
        took = hello.get("took") or {}
        log.info("worker process %s ready in %.1f s (%s)", hello.get("pid"),
                 time.perf_counter() - t0,
                 ", ".join(f"{_STEPS.get(k, k)} {v:.1f} s" for k, v in took.items()))
        self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.kill()
        self.restarts += 1
        if not self._closing:
            task = asyncio.get_running_loop().create_task(self._spawn())
            task.add_done_callback(lambda t: t.exception() if not t.cancelled() else None)

    @property
    def alive(self) -> int:
        """Worker processes running now (a dead idle one is replaced when it is next due)."""
        return sum(1 for w in self._all if w.process.poll() is None)

    async def _next_worker(self) -> _Worker:
        """An idle worker that is alive: one that died while idle (killed, out of memory)
        is replaced, and the task waits for another, not charged with its death."""
        while True:
            if self._closing:
                raise PoolClosing("the service is stopping")
            worker = await self._idle.get()
            if worker.process.poll() is None:
                return worker
            self._replace(worker)

    async def run(self, task: dict[str, Any], timeout: float,
                  on_start: Callable[[], Awaitable[None]] | None = None) -> dict[str, Any]:
        """Run ``task`` on a worker within ``timeout`` seconds (queueing not counted);
        ``on_start`` is awaited when a worker has taken it."""
        worker = await self._next_worker()
        if on_start is not None:
            try:
                await on_start()
            except BaseException:  # (a database error): the worker has no task yet
                self._idle.put_nowait(worker)
                raise
        while True:
            try:
                await asyncio.to_thread(worker.conn.send, task)
                break
            except (OSError, ValueError):  # it died just now, before reading the task
                self._replace(worker)
                worker = await self._next_worker()
        self.busy += 1
        try:
            reply = asyncio.ensure_future(asyncio.to_thread(self._exchange, worker))
            reply.add_done_callback(_consume)
            try:
                result = await asyncio.wait_for(asyncio.shield(reply), timeout)
            except TimeoutError:
                self._replace(worker)
                raise WorkerTimeout(f"processing took longer than {timeout:g} s") from None
            except asyncio.CancelledError:
                # the caller went away: the worker is free once its current task ends
                reply.add_done_callback(lambda f: self._after_cancel(worker, f))
                raise
            except (EOFError, OSError) as exc:
                self._replace(worker)
                if self._closing:  # stopped with the service, not by this document
                    raise PoolClosing("the service stopped during this document") from exc
                raise WorkerCrashed("the worker process died on this document") from exc
        finally:
            self.busy -= 1
        self._idle.put_nowait(worker)
        return result

    def _exchange(self, worker: _Worker) -> dict[str, Any]:
        """The reply to the task ``worker`` holds; until it comes, answer the worker's
        questions to the duplicates store (runs in a thread: the store may be a database)."""
        ops = {"seen": self.seen_store.seen, "add": self.seen_store.add,
               "first": getattr(self.seen_store, "first", lambda *_: None),
               **{op: getattr(self.seen_store, op) for op in
                  ("remember", "recall", "forget_remembered")
                  if hasattr(self.seen_store, op)}}
        held = False
        try:
            while True:
                message = worker.conn.recv()
                op = message.get("store")
                if op is None:
                    return message
                if op in ("hold", "release"):  # PipeSeenStore.hold: one worker at a time
                    if op == "hold" and not held:
                        self._claim.acquire()
                        held = True
                    elif op == "release" and held:
                        self._claim.release()
                        held = False
                    worker.conn.send({"value": None})
                    continue
                try:
                    answer = {"value": ops[op](*message["args"])}
                except Exception as exc:  # the database is down: the task fails, reported
                    answer = {"error": f"{type(exc).__name__}: {exc}"}
                worker.conn.send(answer)
        finally:  # a worker that died or timed out while holding the lock lets it go
            if held:
                self._claim.release()

    def _after_cancel(self, worker: _Worker, fut: asyncio.Future) -> None:
        if fut.cancelled() or fut.exception() is not None:
            self._replace(worker)
        else:
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        self._closing = True
        for worker in list(self._all):
            with contextlib.suppress(Exception):
                worker.conn.send(None)
        for worker in list(self._all):
            with contextlib.suppress(subprocess.TimeoutExpired):
                await asyncio.to_thread(worker.process.wait, 2)
            worker.kill()
        self._all.clear()


if __name__ == "__main__":  # a worker process, started by WorkerPool
    _settings = WorkerSettings(**{k: tuple(v) if isinstance(v, list) else v
                                  for k, v in json.loads(sys.argv[2]).items()})
    worker_main(Connection(int(sys.argv[1])), _settings)
