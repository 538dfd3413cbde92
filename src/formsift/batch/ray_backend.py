"""Batch workers as Ray actors, for running a batch on a Ray cluster.

Each actor builds its engine and loads its models once, then extracts one document per
call. The driver reads each input and sends its bytes, so the nodes need formsift (and any
plugins) installed, but no shared file system. A dead actor (crash, node loss, ``ray.kill``)
is reported like a dead local worker; a task past its timeout gets its actor killed.

Before Ray is started, :func:`check_address` makes sure the cluster's address answers (Ray
itself retries an unreachable address for many minutes, deaf to Ctrl-C), and ``ray.init``
connecting to a cluster runs in a thread of its own, so that the main thread stays free to
take Ctrl-C. (A new local instance is started from the main thread: Ray ties the processes
it starts to the life of the thread that starts them.)
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import re
import socket
import threading
from collections.abc import Callable
from typing import Any

from formsift.batch.pool import Event, Task
from formsift.batch.worker import Outcome, WorkerConfig, WorkerRuntime, start_failure
from formsift.core.errors import FormsiftError

INSTALL_HINT = "--ray needs Ray, which is not installed: pip install 'formsift[ray]'"
#: Seconds a TCP connection to the cluster's address may take before it counts as
#: unreachable (a live head answers in milliseconds).
CONNECT_TIMEOUT = 3.0


class RayAddressError(FormsiftError):
    """The Ray cluster named cannot be reached (a usage error: exit 2)."""

    exit_code = 2
    code = "usage_error"


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise FormsiftError(INSTALL_HINT) from None
    return ray


def _connects(address: str | None) -> bool:
    """Whether ``ray.init(address)`` connects to a cluster (else: starts a local one)."""
    if address is None:
        return bool(os.environ.get("RAY_ADDRESS", "").strip())
    return address != "local"


def check_address(address: str | None) -> None:
    """Fail at once, in one line (:class:`RayAddressError`), when the cluster ``address``
    names does not answer: a TCP connection to its host and port, for ``HOST:PORT`` and
    ``ray://HOST:PORT``. ``auto`` is the cluster in ``RAY_ADDRESS`` or the one last started
    on this machine (none found: an error); ``local`` and no address (without
    ``RAY_ADDRESS``) start a new local instance: nothing to check."""
    env = os.environ.get("RAY_ADDRESS", "").strip()
    shown = f"--ray={address}" if address else "--ray"
    if env and (address is None or address == "auto"):  # as ray.init reads it
        address, shown = env, f"RAY_ADDRESS={env}"
    if address is None or address == "local":
        return
    if address == "auto":
        target = _autodetected()
        if target is None:
            return
        shown = f"--ray=auto ({target})"
    else:
        target = address[len("ray://"):] if address.startswith("ray://") else address
    hostport = _host_port(target)
    if hostport is None:
        return  # not HOST:PORT: ray.init reports what it makes of it
    host, port = hostport
    problem = _unreachable(host, port)
    if problem is not None:
        raise RayAddressError(f"cannot reach the Ray cluster at {shown}: {problem}",
                              hint="check the address, that the head node runs (ray start "
                                   "--head) and that no firewall is in the way")


def _autodetected() -> str | None:
    """HOST:PORT of the cluster ``auto`` means, as Ray finds it; None when Ray's way of
    finding it is not available (ray.init then decides)."""
    try:
        from ray._private.services import canonicalize_bootstrap_address_or_die
    except ImportError:
        return None
    try:
        return canonicalize_bootstrap_address_or_die("auto")
    except ConnectionError as exc:
        raise RayAddressError("--ray=auto found no running Ray cluster on this machine: "
                              + (str(exc).splitlines() or ["?"])[0],
                              hint="start one (ray start --head) or name its "
                                   "HOST:PORT") from None
    except Exception:
        return None


def _host_port(text: str) -> tuple[str, int] | None:
    m = re.match(r"^\[(?P<v6>[0-9a-fA-F:.]+)\]:(?P<p>\d+)$|^(?P<h>[^:/\s]+):(?P<port>\d+)$",
                 text.strip())
    if not m:
        return None
    host, port = (m["v6"], m["p"]) if m["v6"] else (m["h"], m["port"])
    return host, int(port)


def _unreachable(host: str, port: int) -> str | None:
    """Why nothing answers at ``host:port`` (None when something does)."""
    if not 0 < port < 65536:
        return f"port {port} is out of range"
    hosts = [host]
    if _is_loopback(host):  # Ray connects to this machine's address instead of loopback
        with contextlib.suppress(Exception):
            from ray._private.services import resolve_ip_for_localhost

            hosts.append(resolve_ip_for_localhost(host))
    problem = "?"
    for h in dict.fromkeys(hosts):
        try:
            with socket.create_connection((h, port), timeout=CONNECT_TIMEOUT):
                return None
        except socket.gaierror as exc:
            problem = f"unknown host {h!r} ({exc.strerror or exc})"
        except TimeoutError:
            problem = f"no answer from {h}:{port} within {CONNECT_TIMEOUT:g} s"
        except OSError as exc:
            problem = f"{exc.strerror or exc} ({h}:{port})"
    return problem


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _QuietThreadWarning(logging.Filter):
    """ray.init in a thread says that it leaves SIGTERM alone: that is intended (the batch
    run handles SIGTERM itself)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "SIGTERM handler is not set" not in record.getMessage()


def _init(ray: Any, address: str | None, options: dict[str, Any],
          cancelled: Callable[[], bool] | None, poll: float = 0.1) -> None:
    """``ray.init`` connecting to a cluster, in a thread of its own: the main thread waits
    for it and takes signals meanwhile (a Ctrl-C must end a start-up that hangs in Ray's
    native code). Raises KeyboardInterrupt when interrupted, or when ``cancelled()``
    becomes true. A new local instance starts in the calling thread: Ray's processes die
    with the thread that started them (their parent-death signal is per thread)."""
    if not _connects(address):
        ray.init(address=address, **options)
        return
    outcome: dict[str, BaseException] = {}

    def target() -> None:
        try:
            ray.init(address=address, **options)
        except BaseException as exc:
            outcome["error"] = exc

    quiet = _QuietThreadWarning()
    ray_logger = logging.getLogger("ray._private.worker")
    ray_logger.addFilter(quiet)
    thread = threading.Thread(target=target, name="formsift-ray-init", daemon=True)
    try:
        thread.start()
        while thread.is_alive():
            thread.join(poll)
            if cancelled is not None and cancelled() and thread.is_alive():
                raise KeyboardInterrupt
    finally:
        ray_logger.removeFilter(quiet)
    if "error" in outcome:
        raise outcome["error"]


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

    def extract(self, path: str, document_id: str | None, data: bytes | None,
                members: tuple[str, ...] | None = None, left_out: tuple[Any, ...] = ()
                ) -> Outcome:
        assert self.runtime is not None
        return self.runtime.extract(path, document_id, data, members, left_out)


class RayBackend:
    """Workers as Ray actors; connects to ``address`` (or starts a local Ray instance).
    A start-up interrupted by Ctrl-C, or once ``cancelled()`` is true, raises
    KeyboardInterrupt."""

    def __init__(self, config: WorkerConfig, address: str | None = None,
                 init_options: dict[str, Any] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        ray = import_ray()
        self.ray = ray
        self.config = config
        self.owns_ray = False
        if not ray.is_initialized():
            check_address(address)
            options = {"include_dashboard": False, "log_to_driver": False,
                       **(init_options or {})}
            try:
                _init(ray, address, options, cancelled)
            except Exception as exc:  # cannot reach the cluster: one clear line
                first = (str(exc).strip().splitlines() or [""])[0]
                raise FormsiftError(f"cannot start or reach Ray at {address or 'default'}: "
                                    f"{type(exc).__name__}: {first}") from None
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
        ref = self.actors[wid].extract.remote(task.path, task.document_id, data,
                                              task.members, task.left_out)
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
