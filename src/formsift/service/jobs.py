"""Asynchronous jobs: submit -> job id -> poll, with an optional webhook callback.

A job's document waits in memory until a worker is free (and, unless the service runs
with zero retention, in the ``documents`` table too, so that jobs still queued when the
service stops are run again at the next start; with zero retention they are marked failed
with ``lost_on_restart``). Webhooks not delivered when the service stops (being retried,
or not tried yet) are delivered at the next start, with the attempts left. Deliveries do
not count as queued jobs: a receiver that is down never makes new jobs wait (429).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

from formsift.service import audit, webhooks
from formsift.service.errors import ApiError
from formsift.service.storage import utcnow

if TYPE_CHECKING:
    from formsift.service.app import Service

log = logging.getLogger("formsift.service")


class Jobs:
    def __init__(self, service: Service) -> None:
        self.service = service
        self._tasks: set[asyncio.Task] = set()  # extractions
        self._deliveries: set[asyncio.Task] = set()  # webhook deliveries

    @property
    def pending(self) -> int:
        """Jobs queued or running (webhook deliveries being retried do not count)."""
        return len(self._tasks)

    def start(self, job: dict[str, Any], data: bytes) -> None:
        """Run ``job`` in the background (its row is already stored)."""
        self._spawn(self._tasks, self._run(job, data))

    @staticmethod
    def _spawn(tasks: set[asyncio.Task], coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    async def _run(self, job: dict[str, Any], data: bytes) -> None:
        s = self.service
        store = s.store
        job_id = job["id"]
        actor = job["api_key_id"] or "anonymous"
        async def started() -> None:  # queued until a worker takes it
            await asyncio.to_thread(store.update_job, job_id, status="running",
                                    started_at=utcnow())

        try:
            result = await s.extract(data, job["source"], job["template"], mode="job",
                                     on_start=started)
        except ApiError as exc:
            if exc.code == "service_stopping":  # unfinished: it runs at the next start
                log.info("job %s: left for the next start (%s)", job_id, exc.message)
                return
            await asyncio.to_thread(store.update_job, job_id, status="failed",
                                    error_code=exc.code, error_message=exc.message,
                                    finished_at=utcnow())
            await asyncio.to_thread(store.audit, **audit.failure_event(
                actor, job["document_hash"], job["source"], exc.code, exc.message,
                job["template"], job_id=job_id))
        except Exception as exc:  # never leave a job running forever
            log.exception("job %s failed", job_id)
            await asyncio.to_thread(store.update_job, job_id, status="failed",
                                    error_code="internal_error", error_message=str(exc),
                                    finished_at=utcnow())
        else:
            await asyncio.to_thread(
                store.finish_job, job_id, result,
                lambda r: audit.extraction_event(r, actor, job_id=job_id), job["api_key_id"])
        if job.get("callback_url"):
            self._spawn(self._deliveries, self._notify(job_id))

    def _payload(self, job: dict[str, Any]) -> dict[str, Any]:
        """What the callback receives: the job's outcome, with the record as extracted."""
        if job["status"] != "done":
            return {"job_id": job["id"], "status": "failed",
                    "error": {"code": job["error_code"], "message": job["error_message"] or ""}}
        record = self.service.store.record(job["record_id"])
        return {"job_id": job["id"], "status": "done", "record_id": job["record_id"],
                "result": record["original"] if record else None}

    async def _notify(self, job_id: str) -> None:
        """Deliver a finished job's outcome to its callback URL, continuing after the
        attempts already made (a delivery resumed after a restart). Cancelled by a stop,
        the delivery stays pending and resumes at the next start."""
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
            try:
                outcome = await webhooks.deliver(
                    url, payload, secret=cfg.webhook_secret, attempts=cfg.webhook_attempts,
                    backoff_s=cfg.webhook_backoff_s, timeout_s=cfg.webhook_timeout_s,
                    record=lambda **row: store.add_delivery(job_id=job_id, url=url, **row),
                    on_attempt=lambda o: s.metrics.webhooks.labels(o).inc(),
                    first=made + 1, allow_private=cfg.webhook_allow_private)
                state = "delivered" if outcome.delivered else "failed"
            except Exception:
                log.exception("webhook delivery for job %s failed", job_id)
        await asyncio.to_thread(store.update_job, job_id, webhook_state=state)

    async def resume(self) -> None:
        """Jobs left queued or running by a previous process: run again or mark failed;
        webhooks it had not delivered yet: deliver (the remaining attempts)."""
        store = self.service.store
        runnable = []
        for job in await asyncio.to_thread(store.unfinished_jobs):
            doc = await asyncio.to_thread(store.document, job["document_hash"])
            if doc is None:
                await asyncio.to_thread(
                    store.update_job, job["id"], status="failed", error_code="lost_on_restart",
                    error_message="the service stopped before this job ran, and its document "
                                  "was not retained (zero retention): submit it again",
                    finished_at=utcnow())
            else:
                if job["status"] == "running":  # it waits for a worker again
                    await asyncio.to_thread(store.update_job, job["id"], status="queued",
                                            started_at=None)
                runnable.append((job, doc[1]))
        # before any job runs again, so that a job finishing now is not notified twice
        for job in await asyncio.to_thread(store.undelivered_webhooks):
            self._spawn(self._deliveries, self._notify(job["id"]))
        for job, data in runnable:
            self.start(job, data)

    async def close(self) -> None:
        tasks = self._tasks | self._deliveries
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task
