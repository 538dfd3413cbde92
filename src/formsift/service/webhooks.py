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
import ipaddress
import json
import socket
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

SIGNATURE_HEADER = "X-Formsift-Signature"
TIMESTAMP_HEADER = "X-Formsift-Timestamp"
#: Answers that are worth retrying; any other 4xx (or a 3xx: redirects are not followed)
#: means the receiver refused for good.
RETRY_STATUSES = {408, 409, 425, 429}
RESOLVE_TIMEOUT_S = 5.0


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


class CallbackRefused(ValueError):
    """A callback URL that may not be called: its host does not resolve, or resolves to an
    address that is not public (loopback, link-local, private, reserved)."""


def masked(url: str | None) -> str | None:
    """``url`` as answers show it: a password in it (``http://user:pw@host/``, sent to
    the receiver as basic authentication) written ``***``."""
    if not url:
        return url
    try:
        parts = urllib.parse.urlsplit(url)
        password = parts.password
    except ValueError:
        return url
    if not password:
        return url
    user, _, host = parts.netloc.rpartition("@")
    name = user.split(":", 1)[0]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{name}:***@{host}"))


def _without_password(text: str, url: str) -> str:
    """An error message with the password of ``url`` (if any) written ``***``."""
    try:
        password = urllib.parse.urlsplit(url).password
    except ValueError:
        return text
    if password:
        text = text.replace(password, "***")
        quoted = urllib.parse.quote(password, safe="")
        if quoted != password:
            text = text.replace(quoted, "***")
    return text


#: Addresses no callback goes to, ``allow_private`` or not: besides link-local ones
#: (169.254.0.0/16, where cloud metadata services answer at 169.254.169.254, and
#: fe80::/10), the metadata services' other addresses (AWS's IPv6 one, Alibaba's).
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a)
                               for a in ("fd00:ec2::254", "100.100.100.200"))
#: IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64).
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


async def check_callback(url: str, allow_private: bool) -> None:
    """Refuse ``url`` unless every address its host resolves to is public, so that a key
    holder cannot make the service call into its own network (SSRF); ``allow_private``
    (``FORMSIFT_WEBHOOK_ALLOW_PRIVATE=1``) allows loopback, private and reserved
    addresses, never link-local ones nor a metadata service's (:func:`_never`)."""
    try:
        parts = urllib.parse.urlsplit(url)
        host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise CallbackRefused(f"callback_url is not a valid URL: {exc}") from None
    if not host:
        raise CallbackRefused("callback_url names no host")
    try:
        infos = await asyncio.wait_for(asyncio.get_running_loop().getaddrinfo(
            host, port, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT_S)
    except (OSError, UnicodeError, TimeoutError):
        raise CallbackRefused(f"callback host {host!r} does not resolve") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if _never(address):
            raise CallbackRefused(
                f"callback host {host!r} resolves to {address}, a link-local or cloud "
                "metadata address, which is never called back (also not with "
                "FORMSIFT_WEBHOOK_ALLOW_PRIVATE=1)")
        if not allow_private and not _public(address):
            raise CallbackRefused(
                f"callback host {host!r} resolves to {address}, which is not a public "
                "address; set FORMSIFT_WEBHOOK_ALLOW_PRIVATE=1 (formsift serve "
                "--webhook-allow-private) to allow callbacks into private networks")


def _never(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A link-local address or a metadata service's (:data:`METADATA_ADDRESSES`), also
    written as IPv6 (IPv4-mapped, 6to4, NAT64)."""
    found = [address]
    if isinstance(address, ipaddress.IPv6Address):
        found += [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
        found += [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
                  for net in _NAT64 if address in net]
    return any(a.is_link_local or a in METADATA_ADDRESSES for a in found)


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


@dataclass
class Delivery:
    delivered: bool
    attempts: int


async def deliver(url: str, payload: dict[str, Any], *, secret: str, attempts: int,
                  backoff_s: float, timeout_s: float, record: Any,
                  on_attempt: Any = None, first: int = 1, round_first: int = 1,
                  allow_private: bool = False) -> Delivery:
    """POST ``payload`` to ``url`` until a 2xx answer or attempt number ``attempts``
    (counting from attempt ``first``, for a delivery resumed after a restart); waits
    ``backoff_s``, then twice as long, and so on, between tries, counted from the round's
    first attempt ``round_first`` (a webhook sent again: a round numbered on from the
    attempts before it, waiting as the first round did). Every try checks the host again
    (:func:`check_callback`). ``record(**row)`` stores each attempt (attempt, status_code,
    error, duration_ms, delivered)."""
    import httpx

    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    async with httpx.AsyncClient(timeout=timeout_s, follow_redirects=False) as client:
        for attempt in range(first, attempts + 1):
            t0 = time.perf_counter()
            status, error, final = await _attempt(client, url, body, secret, allow_private)
            ok = status is not None and 200 <= status < 300
            await asyncio.to_thread(record, attempt=attempt, status_code=status, error=error,
                                    duration_ms=(time.perf_counter() - t0) * 1000,
                                    delivered=ok)
            if on_attempt is not None:
                on_attempt("delivered" if ok else "failed")
            if ok:
                return Delivery(True, attempt)
            if final:
                return Delivery(False, attempt)
            if attempt < attempts:
                await asyncio.sleep(backoff_s * 2 ** max(0, attempt - round_first))
    return Delivery(False, attempts)


async def _attempt(client: Any, url: str, body: bytes, secret: str, allow_private: bool
                   ) -> tuple[int | None, str | None, bool]:
    """One POST: (status code, error, whether it is final: a refused host or a 4xx that
    is not worth retrying)."""
    import httpx

    try:
        await check_callback(url, allow_private)
    except CallbackRefused as exc:
        return None, _without_password(str(exc), url), True
    ts = int(time.time())
    headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: str(ts),
               SIGNATURE_HEADER: sign(secret, ts, body), "User-Agent": "formsift-webhook"}
    try:
        resp = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return None, _without_password(f"{type(exc).__name__}: {exc}", url)[:500], False
    status = resp.status_code
    # a redirect is not followed (the signature is for this URL) and is no passing fault
    final = 300 <= status < 400 or (400 <= status < 500 and status not in RETRY_STATUSES)
    return status, None, final
