"""Batch runs: many documents on parallel workers (local processes or a Ray cluster),
one JSON line per input, resumable, with nothing lost when a worker crashes or an input
hangs. See ``docs/batch.md``.

    from formsift.batch import run_batch

    run = run_batch(["inbox/"], "invoice", "results.jsonl", workers=2, timeout=60)
    for item in run:                     # items arrive as they finish
        print(item.path, item.status)
    print(run.summary.table())
"""

from __future__ import annotations

from formsift.batch.pool import BatchError, WorkerStats
from formsift.batch.run import BatchItem, BatchRun, BatchSummary, run_batch

__all__ = ["BatchError", "BatchItem", "BatchRun", "BatchSummary", "WorkerStats", "run_batch"]
