"""Asynchronous jobs: submit -> job id -> poll, with an optional webhook callback.

A job's document waits in memory until a worker is free (and, unless the service runs
with zero retention, in the ``documents`` table too, so that jobs still queued when the
service stops are run again at the next start; with zero retention they are marked failed
with ``lost_on_restart``).
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
        self._tasks: set[asyncio.Task] = set()

    @property
    def pending(self) -> int:
        return len(self._tasks)

    def start(self, job: dict[str, Any], data: bytes) -> None:
        """Run ``job`` in the background (its row is already stored)."""
        task = asyncio.get_running_loop().create_task(self._run(job, data))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job: dict[str, Any], data: bytes) -> None:
        s = self.service
        store = s.store
        job_id = job["id"]
        actor = job["api_key_id"] or "anonymous"
        await asyncio.to_thread(store.update_job, job_id, status="running",
                                started_at=utcnow())
        payload: dict[str, Any] = {"job_id": job_id}
        try:
            result = await s.extract(data, job["source"], job["template"], mode="job")
        except ApiError as exc:
            await asyncio.to_thread(store.update_job, job_id, status="failed",
                                    error_code=exc.code, error_message=exc.message,
                                    finished_at=utcnow())
            await asyncio.to_thread(store.audit, **audit.failure_event(
                actor, job["document_hash"], job["source"], exc.code, exc.message,
                job["template"], job_id=job_id))
            payload.update(status="failed", error={"code": exc.code, "message": exc.message})
        except Exception as exc:  # never leave a job running forever
            log.exception("job %s failed", job_id)
            await asyncio.to_thread(store.update_job, job_id, status="failed",
                                    error_code="internal_error", error_message=str(exc),
                                    finished_at=utcnow())
            payload.update(status="failed", error={"code": "internal_error",
                                                   "message": str(exc)})
        else:
            event = audit.extraction_event(result, actor, job_id=job_id)
            record_id = await asyncio.to_thread(store.finish_job, job_id, result, event,
                                                job["api_key_id"])
            payload.update(status="done", record_id=record_id, result=result)
        if job.get("callback_url"):
            await self._callback(job_id, job["callback_url"], payload)

    async def _callback(self, job_id: str, url: str, payload: dict[str, Any]) -> None:
        s = self.service
        cfg = s.config
        assert cfg.webhook_secret is not None

        def record(**row: Any) -> None:
            s.store.add_delivery(job_id=job_id, url=url, **row)

        try:
            await webhooks.deliver(
                url, payload, secret=cfg.webhook_secret, attempts=cfg.webhook_attempts,
                backoff_s=cfg.webhook_backoff_s, timeout_s=cfg.webhook_timeout_s,
                record=record, on_attempt=lambda o: s.metrics.webhooks.labels(o).inc())
        except Exception:
            log.exception("webhook delivery for job %s failed", job_id)

    async def resume(self) -> None:
        """Jobs left queued or running by a previous process: run again or mark failed."""
        store = self.service.store
        for job in await asyncio.to_thread(store.unfinished_jobs):
            doc = await asyncio.to_thread(store.document, job["document_hash"])
            if doc is None:
                await asyncio.to_thread(
                    store.update_job, job["id"], status="failed", error_code="lost_on_restart",
                    error_message="the service stopped before this job ran, and its document "
                                  "was not retained (zero retention): submit it again",
                    finished_at=utcnow())
                continue
            self.start(job, doc[1])

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task
