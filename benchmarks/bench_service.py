"""Service latency under concurrent load, against direct Engine.extract in the same run.

Generates born-digital invoices with formsift.samples, then measures, in one run:

  direct   Engine.extract in this process, one document after another (the baseline)
  service  `formsift serve` (a separate process, N worker processes) on loopback: first
           one client posting invoices one after another (the service's own overhead),
           then C concurrent clients each posting invoices to POST /v1/extract until R
           requests in all have been answered

and prints p50/p95/p99/max latency, throughput and the error count (any answer other than
200, or a connection failure, counts as an error), and the ratios service/direct.

    flock /tmp/formsift-heavy.lock python benchmarks/bench_service.py \
        [--clients 32] [--requests 640] [--workers 2] [--docs 40] [--db URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import peak_rss_mb, table


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def documents(n: int) -> list[bytes]:
    from formsift.samples import generate

    return [generate("invoice", seed=1000 + i).pdf for i in range(n)]


def direct(docs: list[bytes], rounds: int) -> list[float]:
    from formsift import Engine

    engine = Engine()
    template = engine.template("invoice")
    engine.extract(docs[0], template)  # warm-up, as the service's workers do
    times = []
    for _ in range(rounds):
        for data in docs:
            t0 = time.perf_counter()
            engine.extract(data, template, name="bench.pdf")
            times.append(time.perf_counter() - t0)
    return times


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_service(workers: int, db: str | None, data_dir: str) -> tuple[subprocess.Popen,
                                                                         str, str]:
    import httpx

    exe = [sys.executable, "-m", "formsift"]
    storage = ["--db", db] if db else ["--data-dir", data_dir]
    key = subprocess.run([*exe, "keys", "create", "bench", *storage], check=True,
                         capture_output=True, text=True).stdout.strip()
    port = free_port()
    proc = subprocess.Popen([*exe, "serve", "--port", str(port), "--workers", str(workers),
                             "--log-level", "warning", *storage])
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return proc, url, key
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit("the service exited while starting")
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the service did not start")


async def load(url: str, key: str, docs: list[bytes], clients: int, requests: int
               ) -> tuple[list[float], list[str], float]:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    counter = iter(range(requests))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(http: httpx.AsyncClient) -> None:
        for i in counter:
            data = docs[i % len(docs)]
            t0 = time.perf_counter()
            try:
                resp = await http.post("/v1/extract", params={"template": "invoice",
                                                              "filename": f"inv-{i}.pdf"},
                                       content=data, headers={"X-API-Key": key})
                if resp.status_code != 200:
                    errors.append(f"{resp.status_code} {resp.text[:120]}")
                elif resp.json()["status"] not in ("accepted", "review", "rejected"):
                    errors.append("unexpected body")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            latencies.append(time.perf_counter() - t0)

    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits) as http:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        wall = time.perf_counter() - t0
    return latencies, errors, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--requests", type=int, default=640)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--docs", type=int, default=40, help="distinct invoices, cycled")
    ap.add_argument("--db", help="database URL (default: SQLite in a temporary folder)")
    args = ap.parse_args()

    docs = documents(args.docs)
    rounds = max(1, args.requests // (4 * len(docs)))
    base = direct(docs, rounds)
    with tempfile.TemporaryDirectory() as tmp:
        env_dir = os.path.join(tmp, "data")
        proc, url, key = start_service(args.workers, args.db, env_dir)
        try:
            asyncio.run(load(url, key, docs[:4], 4, 16))  # warm the connections and workers
            one, one_errors, one_wall = asyncio.run(load(url, key, docs, 1, len(docs) * 2))
            lat, errors, wall = asyncio.run(load(url, key, docs, args.clients, args.requests))
        finally:
            proc.terminate()
            proc.wait(30)

    ms = 1000
    rows = [("", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "docs/s")]
    direct_rate = len(base) / sum(base)
    rows.append(("direct Engine.extract (1 process, sequential)", str(len(base)), "0",
                 f"{percentile(base, 50) * ms:.1f}", f"{percentile(base, 95) * ms:.1f}",
                 f"{percentile(base, 99) * ms:.1f}", f"{max(base) * ms:.1f}",
                 f"{direct_rate:.1f}"))
    rows.append(("service, 1 client (overhead: HTTP, storage, audit)", str(len(one)),
                 str(len(one_errors)), f"{percentile(one, 50) * ms:.1f}",
                 f"{percentile(one, 95) * ms:.1f}", f"{percentile(one, 99) * ms:.1f}",
                 f"{max(one) * ms:.1f}", f"{len(one) / one_wall:.1f}"))
    errors = one_errors + errors
    rate = len(lat) / wall
    rows.append((f"service, {args.clients} clients, {args.workers} workers", str(len(lat)),
                 str(len(errors)), f"{percentile(lat, 50) * ms:.1f}",
                 f"{percentile(lat, 95) * ms:.1f}", f"{percentile(lat, 99) * ms:.1f}",
                 f"{max(lat) * ms:.1f}", f"{rate:.1f}"))
    print(f"born-digital invoices ({len(docs)} distinct, generated), database: "
          f"{args.db or 'SQLite (temporary file)'}; cores: {os.cpu_count()}")
    print(table(rows))
    print(f"\nservice throughput / direct: {rate / direct_rate:.2f}x; service p50 latency / "
          f"direct p50: {percentile(lat, 50) / percentile(base, 50):.1f}x "
          f"(queueing: {args.clients} clients share {args.workers} workers)")
    print(f"mean service latency {statistics.mean(lat) * ms:.1f} ms; wall {wall:.1f} s; "
          f"bench process peak RSS {peak_rss_mb():.0f} MB")
    if errors:
        print(f"\n{len(errors)} error(s); first: {errors[0]}")
        sys.exit(1)


if __name__ == "__main__":
    main()
