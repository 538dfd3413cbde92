"""Every ``from formsift import X`` the docs and examples show works, and every name the
package exports lazily is in ``formsift.__all__`` (expense-claims journey: docs/batch.md
told users ``PacketResult.model_validate`` but ``from formsift import PacketResult``
failed)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import formsift

ROOT = Path(__file__).resolve().parents[1]
#: ``from formsift import A, B`` or ``from formsift import (A,\n B)``, in prose or code.
_IMPORT = re.compile(r"from formsift import (\([^)]*\)|[^\n`]*)")


def _shown_imports() -> list[tuple[str, str]]:
    files = sorted(ROOT.glob("docs/*.md")) + sorted(ROOT.glob("examples/**/*.py")) \
        + [ROOT / "README.md"]
    found = []
    for path in files:
        if not path.exists():
            continue
        for m in _IMPORT.finditer(path.read_text(encoding="utf-8")):
            names = m.group(1).strip("()").split("#")[0]
            for name in re.split(r"[,\s]+", names):
                name = name.split(" as ")[0].strip()
                if re.fullmatch(r"[A-Za-z_]\w*", name):
                    found.append((str(path.relative_to(ROOT)), name))
    return found


def test_the_docs_show_imports() -> None:
    names = {name for _, name in _shown_imports()}
    assert {"Engine", "PacketResult"} <= names


@pytest.mark.parametrize(("where", "name"), _shown_imports())
def test_every_import_the_docs_show_works(where: str, name: str) -> None:
    module = importlib.import_module("formsift")
    assert getattr(module, name, None) is not None, f"{where}: from formsift import {name}"
    assert name in formsift.__all__, f"{where}: {name} is not in formsift.__all__"


def test_packet_result_is_exported() -> None:
    from formsift import PacketResult
    from formsift.core.packet import PacketResult as Defined

    assert PacketResult is Defined
    assert "PacketResult" in formsift.__all__
