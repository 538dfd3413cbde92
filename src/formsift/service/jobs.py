"""Asynchronous jobs: submit -> job id -> poll, with an optional webhook callback.

A job's document waits in memory until a worker is free (and, unless the service runs
with zero retention, in the ``documents`` table too, so that a job a process did not finish
can be run by another process or at the next start; with zero retention such a job is
marked failed with ``lost_on_restart``). Deliveries do not count as queued jobs: a
receiver that is down never makes new jobs wait (429).

**Leases.** Several service processes may share one database (replicas, or a restart
overlapping the old process). Each process has an owner id; a job is held by one process
at a time, from its submission (or its taking over) through its extraction to its
webhook's last attempt, for ``job_lease_s`` seconds that the holder renews every third of
that while it works. Every ``job_lease_s / 3`` seconds, and at start-up, a process takes
over the jobs no process holds: those released by a process that stopped cleanly (at
once), and those whose lease ran out (their process died, or lost the database for
longer than the lease). Taking a job is a compare-and-set update, so one process gets it;
every outcome (done, failed, the webhook's state) is written only while the writer still
holds the job, so a process that lost a job discards its late result instead of
overwriting the new holder's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from typing import TYPE_CHECKING, Any

from formsift.service import audit, webhooks
from formsift.service.errors import ApiError
from formsift.templates.params import QueryParams

if TYPE_CHECKING:
    from formsift.service.app import Service

log = logging.getLogger("formsift.service")


class JobLost(Exception):
    """Another process holds the job now (this one's lease ran out): stop working on it."""


def new_owner_id() -> str:
    """Who holds a job: this host, this process, and this service instance."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Jobs:
    def __init__(self, service: Service) -> None:
        self.service = service
        self.owner = new_owner_id()
        self._tasks: set[asyncio.Task] = set()  # extractions
        self._deliveries: set[asyncio.Task] = set()  # webhook deliveries
        #: The jobs this process works on (extraction or delivery), by id: their leases
        #: are renewed
        self._held: dict[str, asyncio.Task] = {}
        self._keeper: asyncio.Task | None = None

    @property
    def pending(self) -> int:
        """Jobs queued or running (webhook deliveries being retried do not count)."""
        return len(self._tasks)

    @property
    def lease_s(self) -> float:
        return self.service.config.job_lease_s

    def start(self, job: dict[str, Any], data: bytes) -> None:
        """Run ``job`` in the background (its row is stored, held by this process)."""
        self._hold(job["id"], self._spawn(self._tasks, self._run(job, data)))

    @staticmethod
    def _spawn(tasks: set[asyncio.Task], coro: Any) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro)
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return task

    def _hold(self, job_id: str, task: asyncio.Task) -> None:
        self._held[job_id] = task

        def done(_: asyncio.Task) -> None:
            if self._held.get(job_id) is task:
                del self._held[job_id]

        task.add_done_callback(done)

    async def _run(self, job: dict[str, Any], data: bytes) -> None:
        s = self.service
        store = s.store
        job_id = job["id"]
        actor = job["api_key_id"] or "anonymous"

        async def started() -> None:  # queued until a worker takes it
            if not await asyncio.to_thread(store.start_job, job_id, self.owner,
                                           self.lease_s):
                raise JobLost(job_id)

        # the parameters given with the job, read as given over HTTP (?param=)
        params = QueryParams(job.get("params") or {})
        try:
            if job.get("split"):
                scope = await asyncio.to_thread(self._scope_of, job["api_key_id"])
                result = await s.extract_packet(data, job["source"], scope, mode="job",
                                                on_start=started, params=params,
                                                warnings=job.get("input_warnings"))
            else:
                result = await s.extract(data, job["source"], job["template"], mode="job",
                                         on_start=started, params=params,
                                         warnings=job.get("input_warnings"))
        except JobLost:
            log.warning("job %s: taken over by another service process before it ran "
                        "here", job_id)
            return
        except ApiError as exc:
            if exc.code == "service_stopping":  # unfinished: released when this one stops
                log.info("job %s: left for another process or the next start (%s)", job_id,
                         exc.message)
                return
            ours = await asyncio.to_thread(
                store.fail_job, job_id, self.owner, exc.code, exc.message,
                audit.failure_event(actor, job["document_hash"], job["source"], exc.code,
                                    exc.message, job["template"], job_id=job_id))
        except Exception as exc:  # never leave a job running forever
            log.exception("job %s failed", job_id)
            ours = await asyncio.to_thread(store.fail_job, job_id, self.owner,
                                           "internal_error", str(exc))
        else:
            if job.get("split"):
                saved = await asyncio.to_thread(
                    store.save_packet, result,
                    lambda r, part: audit.packet_document_event(r, actor, part,
                                                                job_id=job_id),
                    lambda p, pid: audit.packet_event(p, pid, actor, job_id=job_id),
                    job["api_key_id"], job_id=job_id, owner=self.owner)
                # counted as stored (a copy: review); a result discarded, as extracted
                s.count_packet(result if saved is None else saved[1], "job")
            else:
                saved = await asyncio.to_thread(
                    store.finish_job, job_id, result,
                    lambda r: audit.extraction_event(r, actor, job_id=job_id),
                    job["api_key_id"], self.owner)
                s.count_extraction(result if saved is None else saved[1], "job")
            ours = saved is not None
        if not ours:
            log.warning("job %s: taken over by another service process while it ran here "
                        "(its lease ran out): this result is discarded", job_id)
            return
        if job.get("callback_url"):
            self._deliver(job_id)

    def _scope_of(self, key_id: str | None) -> list[str] | None:
        """The templates a split job's key may use (its documents are classified against
        them only); None for all (an unscoped key, or the service without keys)."""
        from formsift.service.auth import ALL_TEMPLATES

        row = self.service.store.get_key(key_id) if key_id else None
        if row is None or ALL_TEMPLATES in row["templates"]:
            return None
        return list(row["templates"])

    def _deliver(self, job_id: str) -> None:
        self._hold(job_id, self._spawn(self._deliveries, self._notify(job_id)))

    def _payload(self, job: dict[str, Any]) -> dict[str, Any]:
        """What the callback receives: the job's outcome, with the record as extracted."""
        if job["status"] != "done":
            return {"job_id": job["id"], "status": "failed",
                    "error": {"code": job["error_code"], "message": job["error_message"] or ""}}
        if job.get("packet_id"):  # split: the packet, its documents' records as extracted
            return {"job_id": job["id"], "status": "done", "packet_id": job["packet_id"],
                    "packet": self.service.store.packet_out(job["packet_id"],
                                                            original=True)}
        record = self.service.store.record(job["record_id"])
        return {"job_id": job["id"], "status": "done", "record_id": job["record_id"],
                "result": record["original"] if record else None}

    async def _notify(self, job_id: str) -> None:
        """Deliver a finished job's outcome to its callback URL, continuing after the
        attempts already made (a delivery resumed after a restart, or taken over).
        Cancelled by a stop, the delivery stays pending and resumes in another process or
        at the next start."""
        s = self.service
        cfg, store = s.config, s.store
        job = await asyncio.to_thread(store.job, job_id)
        state = "failed"
        if not cfg.webhook_secret:  # (a restart without it: the job shows "failed")
            log.error("job %s: no webhook secret (FORMSIFT_WEBHOOK_SECRET) to sign its "
                      "callback with: not delivered, webhook_state failed", job_id)
        else:
            url = job["callback_url"]
            made = len(await asyncio.to_thread(store.deliveries, job_id))
            payload = await asyncio.to_thread(self._payload, job)
            # a webhook sent again has a round of its own (webhook_until), its waits
            # counted from the round's first attempt
            last = job.get("webhook_until") or cfg.webhook_attempts
            round_first = max(1, last - cfg.webhook_attempts + 1)
            try:
                outcome = await webhooks.deliver(
                    url, payload, secret=cfg.webhook_secret, attempts=last,
                    backoff_s=cfg.webhook_backoff_s, timeout_s=cfg.webhook_timeout_s,
                    record=lambda **row: store.add_delivery(job_id=job_id, url=url, **row),
                    on_attempt=lambda o: s.metrics.webhooks.labels(o).inc(),
                    first=made + 1, round_first=round_first,
                    allow_private=cfg.webhook_allow_private)
                state = "delivered" if outcome.delivered else "failed"
            except Exception:
                log.exception("webhook delivery for job %s failed", job_id)
        if not await asyncio.to_thread(store.end_webhook, job_id, self.owner, state):
            log.warning("job %s: its webhook was taken over by another service process "
                        "(this one's lease ran out)", job_id)

    async def resend(self, job_id: str) -> bool:
        """Deliver a finished job's webhook again (its receiver lost it, or was down for
        every attempt): a new round of ``webhook_attempts`` tries after those made,
        signed and checked as every delivery is, held by this process. False when the job
        cannot be taken (unfinished, no callback, being delivered, held elsewhere)."""
        store = self.service.store
        made = len(await asyncio.to_thread(store.deliveries, job_id))
        if not await asyncio.to_thread(store.resend_webhook, job_id, self.owner,
                                       self.lease_s,
                                       made + self.service.config.webhook_attempts):
            return False
        self._deliver(job_id)
        return True

    async def resume(self) -> None:
        """At start-up: take the jobs no process holds (left by a process that stopped,
        or whose lease ran out), then keep leases and look for such jobs every third of
        the lease."""
        taken = await self.take_over()
        if taken:
            log.info("took over %d job(s) no process held (left by a process that stopped "
                     "or died)", taken)
        self._keeper = asyncio.get_running_loop().create_task(self._keep())

    async def take_over(self) -> int:
        """Claim the jobs no process holds and run them (or deliver their webhooks); a job
        whose document was not retained (zero retention) is marked failed with
        ``lost_on_restart``. Returns how many were taken."""
        store = self.service.store
        room = self.service.config.max_queued_jobs - self.pending
        candidates = await asyncio.to_thread(store.claimable_jobs, extractions=room,
                                             deliveries=100, exclude=set(self._held))
        taken = 0
        for candidate in candidates:
            job = await asyncio.to_thread(store.claim_job, candidate["id"], self.owner,
                                          self.lease_s)
            if job is None:  # another process was quicker
                continue
            taken += 1
            if job["status"] not in ("queued", "running"):
                log.info("job %s: delivering its webhook (taken over)", job["id"])
                self._deliver(job["id"])
                continue
            doc = await asyncio.to_thread(store.document, job["document_hash"])
            if doc is None:
                if await asyncio.to_thread(
                        store.fail_job, job["id"], self.owner, "lost_on_restart",
                        "the service stopped before this job ran, and its document was "
                        "not retained (zero retention): submit it again") \
                        and job.get("callback_url"):
                    self._deliver(job["id"])
                continue
            log.info("job %s: taken over (left by %s)", job["id"],
                     candidate.get("owner") or "a stopped process")
            self.start(job, doc[1])
        return taken

    async def _keep(self) -> None:
        """Renew the leases of the jobs in hand, let go of those another process took
        over, and take over the jobs no process holds; every third of the lease."""
        store = self.service.store
        while True:
            await asyncio.sleep(self.lease_s / 3)
            try:
                lost = await asyncio.to_thread(store.renew_job_leases, self.owner,
                                               set(self._held), self.lease_s)
            except Exception as exc:  # the database is away: the leases may run out
                log.warning("cannot renew the leases of %d job(s): %s", len(self._held), exc)
                continue
            # not cancelled: a task cancelled while its document is being handed to a
            # worker would lose the worker. One still waiting for a worker stops when it
            # gets one (JobLost); a result still to come is discarded (finish_job)
            for job_id in lost:
                if self._held.pop(job_id, None) is not None:
                    log.warning("job %s: taken over by another service process (this "
                                "one's lease ran out): its result here will be discarded",
                                job_id)
            try:
                await self.take_over()
            except Exception as exc:
                log.warning("cannot look for jobs to take over: %s", exc)

    async def close(self) -> None:
        """Stop working on jobs and release them, so that another process (or the next
        start) takes them at once."""
        if self._keeper is not None:
            self._keeper.cancel()
            with contextlib.suppress(BaseException):
                await self._keeper
        tasks = self._tasks | self._deliveries
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task
        if self.service.store is not None:
            try:
                released = await asyncio.to_thread(self.service.store.release_jobs,
                                                   self.owner)
            except Exception as exc:  # their leases run out instead
                log.warning("cannot release the jobs in hand: %s", exc)
            else:
                if released:
                    log.info("released %d unfinished job(s) for another process or the "
                             "next start", released)
