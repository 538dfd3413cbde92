"""The scheduler of a batch run: hands one document at a time to each worker and makes sure
every document ends as a line, whatever happens to the workers.

It drives a *backend* (local processes, or Ray actors) through five operations: start a
worker, submit a task to it, wait for events, kill it, close everything. One task in
flight per worker means that when a worker dies, the scheduler knows which input it was
holding: that input is retried on a fresh worker up to ``retries`` times, then written as a
``worker_crashed`` error line. A task past its deadline gets its worker killed and replaced
and a ``timeout`` error line.
"""

from __future__ import annotations

import signal
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from formsift.batch.worker import Outcome, error_outcome
from formsift.core.errors import FormsiftError
from formsift.core.packet_files import LeftOut

#: Longest a worker may take to start (import, build its engine, load its models).
START_TIMEOUT = 300.0
#: A worker that dies this many times in a row before it is ready stops the run.
MAX_START_FAILURES = 3


@dataclass(frozen=True)
class Task:
    """One input to extract: its path and the content hash computed when it was planned;
    for a folder read as one packet (``--packet-folders``), the files the planning kept
    (the worker reads exactly these) and the entries it left out."""

    index: int
    path: str
    document_id: str | None
    members: tuple[str, ...] | None = None
    left_out: tuple[LeftOut, ...] = ()


@dataclass
class Event:
    """What a backend reports: ``ready``, ``failed`` (could not start), ``done``, ``died``."""

    kind: str
    wid: int
    outcome: Outcome | None = None
    pid: int | None = None
    host: str = ""
    message: str = ""
    exit_code: int = 1


class Backend(Protocol):
    """Where workers run. Events for a worker that was killed are never reported."""

    def start(self, wid: int) -> None: ...
    def submit(self, wid: int, task: Task) -> None: ...
    def wait(self, timeout: float) -> list[Event]: ...
    def kill(self, wid: int) -> None: ...
    def close(self) -> None: ...


class BatchError(FormsiftError):
    """The run as a whole cannot go on (e.g. workers cannot start)."""

    exit_code = 1  # not the user's doing, unless a start failure carries its own code


@dataclass
class WorkerStats:
    """One worker's share of a run, for the summary."""

    id: int
    pid: int | None = None
    host: str = ""
    docs: int = 0
    fate: str = "starting"


@dataclass
class Item:
    """One finished input, as the scheduler yields it."""

    task: Task
    outcome: Outcome
    worker: int | None
    attempts: int


@dataclass
class _Slot:
    stats: WorkerStats
    ready: bool = False
    started: float = field(default_factory=time.monotonic)
    task: Task | None = None
    deadline: float | None = None


class Scheduler:
    """Runs tasks on ``workers`` workers of ``backend``; see the module docstring."""

    def __init__(self, backend: Backend, workers: int, *, timeout: float | None = None,
                 retries: int = 1, max_docs: int | None = None, poll: float = 0.2) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.backend = backend
        self.workers = workers
        self.timeout = timeout if timeout and timeout > 0 else None
        self.retries = max(0, retries)
        self.max_docs = max_docs if max_docs and max_docs > 0 else None
        self.poll = poll
        self.stats: list[WorkerStats] = []
        self.stopping = False
        self._slots: dict[int, _Slot] = {}
        self._next_id = 1
        self._start_failures = 0

    def stop(self) -> None:
        """Ask a running :meth:`run` to stop soon (safe to call from a signal handler)."""
        self.stopping = True

    def worker_pids(self) -> list[int]:
        return [s.stats.pid for s in self._slots.values() if s.stats.pid is not None]

    # ------------------------------------------------------------------ main loop
    def run(self, tasks: Sequence[Task]) -> Iterator[Item]:
        pending: deque[tuple[Task, int]] = deque((t, 0) for t in tasks)
        attempts: dict[int, int] = {}
        try:
            for _ in range(min(self.workers, len(pending))):
                self._start()
            while (pending or any(s.task for s in self._slots.values())) and not self.stopping:
                self._assign(pending, attempts)
                for event in self.backend.wait(self._wait_time()):
                    yield from self._handle(event, pending, attempts)
                yield from self._expire(pending, attempts)
                self._refill(pending)
        finally:
            for slot in self._slots.values():
                if not slot.ready:
                    slot.stats.fate = "stopped while starting"
                elif slot.stats.fate == "running":
                    slot.stats.fate = "stopped" if self.stopping else "finished"
            self.backend.close()

    def _assign(self, pending: deque[tuple[Task, int]], attempts: dict[int, int]) -> None:
        for wid, slot in self._slots.items():
            if not pending:
                return
            if slot.ready and slot.task is None:
                task, tries = pending.popleft()
                attempts[task.index] = tries + 1
                slot.task = task
                slot.deadline = time.monotonic() + self.timeout if self.timeout else None
                self.backend.submit(wid, task)

    def _wait_time(self) -> float:
        now = time.monotonic()
        times = [self.poll]
        for slot in self._slots.values():
            if slot.deadline is not None:
                times.append(slot.deadline - now)
            if not slot.ready:
                times.append(slot.started + START_TIMEOUT - now)
        return max(0.0, min(times))

    def _handle(self, event: Event, pending: deque[tuple[Task, int]],
                attempts: dict[int, int]) -> Iterator[Item]:
        slot = self._slots.get(event.wid)
        if slot is None:  # a late event from a worker already gone
            return
        if event.kind == "ready":
            slot.ready = True
            slot.stats.pid, slot.stats.host = event.pid, event.host
            slot.stats.fate = "running"
            self._start_failures = 0
        elif event.kind == "failed":
            err = BatchError(f"a batch worker could not start: {event.message}")
            err.exit_code = event.exit_code  # a template or plugin error keeps its code
            raise err
        elif event.kind == "done":
            task, outcome = slot.task, event.outcome
            if task is None or outcome is None:
                return
            slot.task, slot.deadline = None, None
            slot.stats.docs += 1
            if self.max_docs and slot.stats.docs >= self.max_docs:
                # recycled: a fresh worker frees whatever memory this one accumulated
                self.backend.kill(slot.stats.id)
                del self._slots[slot.stats.id]
                slot.stats.fate = f"recycled after {slot.stats.docs} docs"
            yield Item(task, outcome, slot.stats.id, attempts.get(task.index, 1))
        elif event.kind == "died":
            yield from self._lost(slot, f"died ({event.message})", event.message, pending,
                                  attempts)

    def _lost(self, slot: _Slot, fate: str, why: str, pending: deque[tuple[Task, int]],
              attempts: dict[int, int]) -> Iterator[Item]:
        """A worker died (``why``): retry or fail its task, forget the worker."""
        del self._slots[slot.stats.id]
        slot.stats.fate = fate
        if not slot.ready:
            self._start_failures += 1
            if self._start_failures >= MAX_START_FAILURES:
                raise BatchError(f"batch workers keep dying while starting ({why})")
        task = slot.task
        if task is None:
            return
        tries = attempts.get(task.index, 1)
        if tries <= self.retries:
            pending.append((task, tries))
            return
        times = "once" if tries == 1 else f"{tries} times"
        message = (f"the worker process died while extracting this input ({why}); "
                   f"tried {times}, not retried again")
        yield Item(task, error_outcome(task.path, task.document_id, "worker_crashed",
                                       message), slot.stats.id, tries)

    def _expire(self, pending: deque[tuple[Task, int]],
                attempts: dict[int, int]) -> Iterator[Item]:
        now = time.monotonic()
        for slot in list(self._slots.values()):
            if slot.task is not None and slot.deadline is not None and now >= slot.deadline:
                task = slot.task
                self.backend.kill(slot.stats.id)
                del self._slots[slot.stats.id]
                slot.stats.fate = "killed (timeout)"
                assert self.timeout is not None
                message = (f"no result after {self.timeout:g} s (--timeout); the worker was "
                           f"stopped and replaced")
                yield Item(task, error_outcome(task.path, task.document_id, "timeout",
                                               message, self.timeout), slot.stats.id,
                           attempts.get(task.index, 1))
            elif not slot.ready and now >= slot.started + START_TIMEOUT:
                self.backend.kill(slot.stats.id)
                yield from self._lost(slot, "killed (start-up took too long)",
                                      f"not ready after {START_TIMEOUT:g} s", pending,
                                      attempts)

    def _refill(self, pending: deque[tuple[Task, int]]) -> None:
        """Replace lost workers while there is work for them."""
        idle = sum(1 for s in self._slots.values() if s.task is None)
        missing = min(self.workers - len(self._slots), len(pending) - idle)
        for _ in range(max(0, missing)):
            self._start()

    def _start(self) -> None:
        wid = self._next_id
        self._next_id += 1
        stats = WorkerStats(id=wid)
        self.stats.append(stats)
        self._slots[wid] = _Slot(stats)
        self.backend.start(wid)


def signal_name(code: int | None) -> str:
    """How a process ended, from its exit code (negative: killed by a signal)."""
    if code is None:
        return "unknown exit"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
