"""Prometheus metrics (prometheus-client), one registry per app."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from starlette.types import ASGIApp, Receive, Scope, Send

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("formsift_http_requests", "HTTP requests answered",
                                ["method", "route", "status"], registry=r)
        self.latency = Histogram("formsift_http_request_duration_seconds",
                                 "HTTP request latency", ["method", "route"],
                                 buckets=LATENCY_BUCKETS, registry=r)
        self.extractions = Counter("formsift_extractions", "Documents extracted",
                                   ["template", "status", "mode"], registry=r)
        self.extraction_seconds = Histogram("formsift_extraction_duration_seconds",
                                            "Time in a worker per document",
                                            buckets=LATENCY_BUCKETS, registry=r)
        self.errors = Counter("formsift_extraction_errors", "Documents that failed",
                              ["code"], registry=r)
        self.webhooks = Counter("formsift_webhook_attempts", "Webhook delivery attempts",
                                ["outcome"], registry=r)
        self.reviews = Counter("formsift_reviews", "Review submissions", ["status"],
                               registry=r)
        self.workers_busy = Gauge("formsift_workers_busy", "Workers processing a task",
                                  registry=r)
        self.waiting = Gauge("formsift_requests_waiting",
                             "Requests whose clients wait, not yet on a worker", registry=r)
        self.worker_restarts = Gauge("formsift_worker_restarts",
                                     "Workers replaced after a timeout or crash", registry=r)

    def watch(self, name: str, read: Callable[[], dict[str, int]], label: str) -> None:
        """A gauge family read at scrape time, e.g. records waiting per status."""
        self.registry.register(_Callback(name, read, label))

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _Callback:
    def __init__(self, name: str, read: Callable[[], dict[str, int]], label: str) -> None:
        self.name, self.read, self.label = name, read, label

    def describe(self) -> list[Any]:
        return []

    def collect(self) -> Any:
        family = GaugeMetricFamily(self.name, f"{self.name} by {self.label}",
                                   labels=[self.label])
        try:
            values = self.read()
        except Exception:
            values = {}
        for key, value in sorted(values.items()):
            family.add_metric([str(key)], value)
        yield family


class MetricsMiddleware:
    """Counts and times every request by route template (not by raw path: bounded labels)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = {"code": 500}

        async def send_wrapper(message: Any) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        t0 = time.perf_counter()
        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "")
            self.metrics.requests.labels(method, path, str(status["code"])).inc()
            self.metrics.latency.labels(method, path).observe(time.perf_counter() - t0)
