"""Batch workers as Ray actors, for running a batch on a Ray cluster.

Each actor builds its engine and loads its models once, then extracts one document per
call. The driver reads each input and sends its bytes, so the nodes need formsift (and any
plugins) installed, but no shared file system. A dead actor (crash, node loss, ``ray.kill``)
is reported like a dead local worker; a task past its timeout gets its actor killed.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
from typing import Any

from formsift.batch.pool import Event, Task
from formsift.batch.worker import Outcome, WorkerConfig, WorkerRuntime, start_failure
from formsift.core.errors import FormsiftError

INSTALL_HINT = "--ray needs Ray, which is not installed: pip install 'formsift[ray]'"


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise FormsiftError(INSTALL_HINT) from None
    return ray


class RayWorker:
    """The actor class (made remote at run time, so that importing this needs no Ray)."""

    def __init__(self, config: WorkerConfig) -> None:
        self.failure: tuple[int, str] | None = None
        try:
            self.runtime: WorkerRuntime | None = WorkerRuntime(config)
        except BaseException as exc:
            self.runtime = None
            self.failure = start_failure(exc)

    def ready(self) -> tuple[Any, ...]:
        if self.failure is not None:
            return ("failed", *self.failure)
        return ("ready", os.getpid(), socket.gethostname())

    def extract(self, path: str, document_id: str | None, data: bytes | None) -> Outcome:
        assert self.runtime is not None
        return self.runtime.extract(path, document_id, data)


class RayBackend:
    """Workers as Ray actors; connects to ``address`` (or starts a local Ray instance)."""

    def __init__(self, config: WorkerConfig, address: str | None = None,
                 init_options: dict[str, Any] | None = None) -> None:
        ray = import_ray()
        self.ray = ray
        self.config = config
        self.owns_ray = False
        if not ray.is_initialized():
            options = {"include_dashboard": False, "log_to_driver": False,
                       **(init_options or {})}
            try:
                ray.init(address=address, **options)
            except Exception as exc:  # cannot reach the cluster: one clear line
                raise FormsiftError(f"cannot start or reach Ray at {address or 'default'}: "
                                    f"{type(exc).__name__}: {exc}") from None
            self.owns_ray = True
        self.actor_cls = ray.remote(num_cpus=max(1, config.threads), max_restarts=0,
                                    max_task_retries=0)(RayWorker)
        self.actors: dict[int, Any] = {}
        self.refs: dict[Any, tuple[str, int]] = {}

    def cluster_workers(self) -> int:
        """How many workers the cluster's CPUs hold (one per ``threads`` CPUs)."""
        cpus = int(self.ray.cluster_resources().get("CPU", 1))
        return max(1, cpus // max(1, self.config.threads))

    def start(self, wid: int) -> None:
        actor = self.actor_cls.remote(self.config)
        self.actors[wid] = actor
        self.refs[actor.ready.remote()] = ("ready", wid)

    def submit(self, wid: int, task: Task) -> None:
        data = None
        # unreadable now: the worker reports it
        with contextlib.suppress(OSError), open(task.path, "rb") as fh:
            data = fh.read(self.config.max_bytes + 1)
        ref = self.actors[wid].extract.remote(task.path, task.document_id, data)
        self.refs[ref] = ("done", wid)

    def wait(self, timeout: float) -> list[Event]:
        if not self.refs:
            return []
        ray = self.ray
        refs = list(self.refs)
        ready, _ = ray.wait(refs, num_returns=1, timeout=timeout)
        if ready:
            ready, _ = ray.wait(refs, num_returns=len(refs), timeout=0)
        events = []
        for ref in ready:
            kind, wid = self.refs.pop(ref)
            if wid not in self.actors:
                continue
            try:
                value = ray.get(ref)
            except ray.exceptions.RayActorError as exc:
                events.append(Event("died", wid, message=_death(exc)))
                self._forget(wid)
                continue
            except ray.exceptions.RayError as exc:  # an error in the call itself
                events.append(Event("died", wid, message=f"{type(exc).__name__}: "
                                                         f"{str(exc).splitlines()[0]}"))
                self.kill(wid)
                continue
            if kind == "done":
                events.append(Event("done", wid, outcome=value))
            elif value[0] == "ready":
                events.append(Event("ready", wid, pid=value[1], host=value[2]))
            else:
                events.append(Event("failed", wid, exit_code=value[1], message=value[2]))
        return events

    def kill(self, wid: int) -> None:
        actor = self.actors.get(wid)
        if actor is not None:
            with contextlib.suppress(Exception):
                self.ray.kill(actor, no_restart=True)
        self._forget(wid)

    def _forget(self, wid: int) -> None:
        self.actors.pop(wid, None)
        for ref, (_, w) in list(self.refs.items()):
            if w == wid:
                del self.refs[ref]

    def close(self) -> None:
        for wid in list(self.actors):
            self.kill(wid)
        if self.owns_ray:
            self.ray.shutdown()


def _death(exc: Exception) -> str:
    """A short reason from Ray's long actor-death message."""
    text = " ".join(str(exc).split())
    exit_type = re.search(r"Worker exit type: (\w+)", text)
    if "ray.kill" in text:
        return "actor killed with ray.kill"
    if exit_type:
        return f"actor's worker process died, exit type {exit_type.group(1)}"
    return f"actor died ({type(exc).__name__})"
