"""Batch workers as local processes.

Each worker is a fresh interpreter (``python -m formsift.batch.processes FD``) joined to the
parent by one socket pair, wrapped in a ``multiprocessing`` connection. Starting workers
this way does not re-import the caller's main module (so scripts need no ``__main__``
guard), and a worker's death, however it happens (segfault, ``os._exit``, ``kill -9``),
closes its end of the socket, which the parent sees at once. Workers ignore Ctrl-C (the
parent decides how to stop) and, on Linux, die with their parent. POSIX only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from multiprocessing.connection import Connection, wait
from typing import Any

from formsift.batch.pool import Event, Task, signal_name
from formsift.batch.worker import WorkerConfig, WorkerRuntime, start_failure


def worker_main(fd: int) -> None:
    """The body of a worker process: set up once, then one document per message."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    conn = Connection(fd)
    try:
        sys_path, config = conn.recv()
        sys.path[:] = [p for p in sys_path if p not in ("",)] + [
            p for p in sys.path if p not in sys_path]
        runtime = WorkerRuntime(config)
    except BaseException as exc:
        conn.send(("failed", *start_failure(exc)))
        return
    from formsift.util import gc_control

    gc_control.settle()  # this process keeps its engine until it exits
    conn.send(("ready", os.getpid(), socket.gethostname()))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if msg is None:
            runtime.close()
            return
        task: Task = msg
        conn.send(("done", runtime.extract(task.path, task.document_id, None,
                                                    task.members, task.left_out)))


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no orphans left hanging)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class ProcessBackend:
    """Workers as processes on this machine."""

    def __init__(self, config: WorkerConfig) -> None:
        if os.name != "posix":
            from formsift.core.errors import FormsiftError

            raise FormsiftError("local batch workers need a POSIX system (Linux, macOS); "
                                "on Windows, use --ray")
        self.config = config
        self.procs: dict[int, subprocess.Popen[bytes]] = {}
        self.conns: dict[int, Connection] = {}

    def start(self, wid: int) -> None:
        mine, theirs = socket.socketpair()
        try:
            # a session of its own: Ctrl-C in the terminal goes to the batch, which stops
            # its workers itself, not to a worker still starting up (whose interpreter
            # would print a KeyboardInterrupt traceback and die as a lost worker)
            # (-P: the folder the batch runs in is not put first on sys.path, where a
            # json.py or concurrent.py would replace the standard library's)
            proc = subprocess.Popen(
                [sys.executable, "-P", "-m", "formsift.batch.processes",
                 str(theirs.fileno())],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                start_new_session=True)
        finally:
            theirs.close()
        conn = Connection(mine.detach())
        self.procs[wid], self.conns[wid] = proc, conn
        with contextlib.suppress(OSError):
            conn.send((list(sys.path), self.config))

    def submit(self, wid: int, task: Task) -> None:
        with contextlib.suppress(OSError):  # a dead worker is reported by wait()
            self.conns[wid].send(task)

    def pids(self) -> dict[int, int]:
        return {wid: p.pid for wid, p in self.procs.items()}

    def wait(self, timeout: float) -> list[Event]:
        by_conn = {conn: wid for wid, conn in self.conns.items()}
        if not by_conn:
            return []
        events = []
        for conn in wait(list(by_conn), timeout):
            wid = by_conn[conn]
            try:
                while conn.poll():  # everything the worker sent before anything else
                    events.append(self._event(wid, conn.recv()))
            except (EOFError, OSError):
                proc = self.procs[wid]
                try:
                    code = proc.wait(timeout=5)
                except subprocess.TimeoutExpired:  # closed its socket but lives on: end it
                    proc.kill()
                    code = proc.wait()
                events.append(Event("died", wid, message=signal_name(code)))
                self._forget(wid)
        return events

    def _event(self, wid: int, msg: tuple[Any, ...]) -> Event:
        if msg[0] == "ready":
            return Event("ready", wid, pid=msg[1], host=msg[2])
        if msg[0] == "failed":
            return Event("failed", wid, exit_code=msg[1], message=msg[2])
        return Event("done", wid, outcome=msg[1])

    def kill(self, wid: int) -> None:
        proc = self.procs.get(wid)
        if proc is not None:
            proc.kill()
            proc.wait()
        self._forget(wid)

    def _forget(self, wid: int) -> None:
        self.procs.pop(wid, None)
        conn = self.conns.pop(wid, None)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        """Stop every worker: idle ones are asked to exit, busy or stuck ones are killed."""
        for conn in self.conns.values():
            with contextlib.suppress(OSError):
                conn.send(None)
        for wid, proc in list(self.procs.items()):
            try:
                proc.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            self._forget(wid)


if __name__ == "__main__":
    worker_main(int(sys.argv[1]))
