"""Generated handwritten samples say what they need (journey newuser, finding 4): without
Pillow, the example's `handwritten_scan(seed=3)` raised ModuleNotFoundError from deep in
the font renderer; Pillow was only in the train extra, so the README's test command failed
on a fresh install too (it is in the test extra now, through `samples`)."""

from __future__ import annotations

import sys

import pytest

from formsift.core.errors import FormsiftError


def test_without_pillow_the_error_names_the_extra(monkeypatch):
    from formsift.samples.handwritten import handwritten_scan

    monkeypatch.setitem(sys.modules, "PIL", None)  # import PIL now fails
    with pytest.raises(FormsiftError, match=r"pip install 'formsift\[samples\]'"):
        handwritten_scan(seed=3)


def test_the_test_extra_holds_pillow():
    import tomllib
    from pathlib import Path

    data = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    extras = data["project"]["optional-dependencies"]
    assert any(d.startswith("pillow") for d in extras["samples"])
    assert any("samples" in d for d in extras["test"] if d.startswith("formsift["))
