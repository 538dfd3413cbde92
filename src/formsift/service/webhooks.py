"""Webhook callbacks: signed with HMAC-SHA256, retried with exponential backoff, every
attempt recorded.

Each delivery is a ``POST`` of JSON with the headers::

    X-Formsift-Timestamp: 1732530000
    X-Formsift-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>

A receiver recomputes the HMAC over the timestamp, a dot and the raw body with the shared
secret, compares in constant time (:func:`verify_signature`) and rejects old timestamps.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

SIGNATURE_HEADER = "X-Formsift-Signature"
TIMESTAMP_HEADER = "X-Formsift-Timestamp"
#: Answers that are worth retrying; any other 4xx means the receiver refused for good.
RETRY_STATUSES = {408, 409, 425, 429}


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str,
                     max_age_s: float = 300, now: float | None = None) -> bool:
    """What a receiver does: True when ``signature`` matches and the timestamp is recent."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - ts) > max_age_s:
        return False
    return hmac.compare_digest(sign(secret, ts, body), signature)


@dataclass
class Delivery:
    delivered: bool
    attempts: int


async def deliver(url: str, payload: dict[str, Any], *, secret: str, attempts: int,
                  backoff_s: float, timeout_s: float, record: Any,
                  on_attempt: Any = None) -> Delivery:
    """POST ``payload`` to ``url`` until a 2xx answer or ``attempts`` tries; waits
    ``backoff_s``, then twice as long, and so on, between tries. ``record(**row)`` stores
    each attempt (attempt, status_code, error, duration_ms, delivered)."""
    import httpx

    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    async with httpx.AsyncClient(timeout=timeout_s, follow_redirects=False) as client:
        for attempt in range(1, attempts + 1):
            ts = int(time.time())
            headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: str(ts),
                       SIGNATURE_HEADER: sign(secret, ts, body),
                       "User-Agent": "formsift-webhook"}
            t0 = time.perf_counter()
            status: int | None = None
            error: str | None = None
            try:
                resp = await client.post(url, content=body, headers=headers)
                status = resp.status_code
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"[:500]
            ok = status is not None and 200 <= status < 300
            await asyncio.to_thread(record, attempt=attempt, status_code=status, error=error,
                                    duration_ms=(time.perf_counter() - t0) * 1000,
                                    delivered=ok)
            if on_attempt is not None:
                on_attempt("delivered" if ok else "failed")
            if ok:
                return Delivery(True, attempt)
            if status is not None and 400 <= status < 500 and status not in RETRY_STATUSES:
                return Delivery(False, attempt)
            if attempt < attempts:
                await asyncio.sleep(backoff_s * 2 ** (attempt - 1))
    return Delivery(False, attempts)
