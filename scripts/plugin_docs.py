"""Regenerate the hook reference in docs/plugins.md from the hookspec docstrings.

    python scripts/plugin_docs.py          # rewrite
    python scripts/plugin_docs.py --check  # exit 1 when out of date
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"
MARK = "## Hook reference\n"


def reference() -> str:
    from formsift.core import hookspecs

    parts = [MARK, "\nGenerated from `src/formsift/core/hookspecs.py` by "
                   "`scripts/plugin_docs.py`.\n"]
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction):
        if not name.startswith("formsift_"):
            continue
        sig = str(inspect.signature(fn)).replace("'", "")
        doc = inspect.cleandoc(fn.__doc__ or "")
        parts.append(f"\n### `{name}{sig}`\n\n{doc}\n")
    return "".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    text = DOC.read_text(encoding="utf-8")
    new = text.split(MARK)[0] + reference()
    if args.check:
        return 0 if new == text else 1
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
