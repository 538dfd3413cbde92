"""An engine does not keep every template text it was given (SDK-in-a-worker journey: a
queue worker passing ``template=`` as text built per customer grew by about 12 MB per 100
distinct texts, for the engine's life: each compiled template was kept)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

import formsift
from formsift.core import template_cache

LIBRARY = Path(formsift.__file__).parent / "templates" / "library"


def _texts(count: int) -> list[str]:
    source = (LIBRARY / "receipt.sift").read_text(encoding="utf-8")
    return [f"# customer {i}\n{source}" for i in range(count)]


def test_distinct_template_texts_are_not_all_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template_cache, "TEMPLATE_CACHE_SIZE", 3)
    engine = formsift.Engine()
    kept = [weakref.ref(engine.template(text)) for text in _texts(8)]
    gc.collect()
    alive = [ref() is not None for ref in kept]
    assert alive == [False] * 5 + [True] * 3  # the three used last


def test_a_text_used_again_is_not_compiled_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template_cache, "TEMPLATE_CACHE_SIZE", 3)
    engine = formsift.Engine()
    first, second, third, fourth = _texts(4)
    compiled = engine.template(first)
    engine.template(second)
    assert engine.template(first) is compiled  # now the most recently used
    engine.template(third)
    engine.template(fourth)  # pushes out `second`, not `first`
    assert engine.template(first) is compiled
    assert engine.template(first).name == "receipt"


def test_template_paths_are_bounded_too(monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    monkeypatch.setattr(template_cache, "TEMPLATE_CACHE_SIZE", 2)
    engine = formsift.Engine()
    kept = []
    for i, text in enumerate(_texts(5)):
        path = tmp_path / f"job-{i}.sift"  # a temporary file per job
        path.write_text(text, encoding="utf-8")
        kept.append(weakref.ref(engine.template(str(path))))
    gc.collect()
    assert [ref() is not None for ref in kept] == [False, False, False, True, True]
