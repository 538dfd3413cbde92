"""Time of ``import formsift`` in a fresh interpreter, against a bare interpreter start.

    python benchmarks/bench_import.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def run(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    bare = statistics.median(run("pass") for _ in range(args.repeats))
    imp = statistics.median(run("import formsift") for _ in range(args.repeats))
    api = statistics.median(run("import formsift; formsift.Engine") for _ in range(args.repeats))
    print(f"bare interpreter:             {bare * 1000:7.1f} ms")
    print(f"import formsift:              {imp * 1000:7.1f} ms  (+{(imp - bare) * 1000:.1f} ms)")
    print(f"import + formsift.Engine:     {api * 1000:7.1f} ms  (+{(api - bare) * 1000:.1f} ms)")
    print("target: import formsift adds at most 300 ms")


if __name__ == "__main__":
    main()
