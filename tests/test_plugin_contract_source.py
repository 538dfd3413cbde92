"""A recognizer's words name it as their source (plugin author's journey, finding 1.2).

A plugin recognizer that left ``Word.source`` at its default made OCR words pass for a
text layer's: the value's source read ``"text-layer"`` on a scan, ``Word.recognized`` was
False, and every treatment of OCR text was decided wrongly (a letter O in a container
number's digits was not repaired, the field was missing). The engine now names the
recognizer where a word names no source, and refuses a word that claims a text layer.
"""

from __future__ import annotations

import types

import cv2
import numpy as np
import pytest

from formsift import Engine
from formsift.core.document import Word
from formsift.core.errors import PluginError
from formsift.core.geometry import Box
from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import Recognizer, Segmenter, TextRegion
from formsift.core.plugins import PluginRegistry
from formsift.templates import check_source


class WholePage(Segmenter):
    name = "whole_page"
    version = "1.0"

    def segment(self, image, page):
        return [TextRegion(Box(0.0, 0.0, 1.0, 1.0))]


def _reader(value: str, **source: object) -> type[Recognizer]:
    """A recognizer reading "Container" and ``value`` beside it; ``source=...`` is given
    to its words when passed (else Word's default is left)."""

    class Reader(Recognizer):
        name = "plugin_rec"
        version = "1.0"

        def recognize(self, image, page, regions, constraint=None):
            return [Word("Container", Box(0.1, 0.375, 0.3, 0.41), page.index, 0.97,
                         **source),  # type: ignore[arg-type]
                    Word(value, Box(0.6, 0.375, 0.9, 0.41), page.index, 0.97,
                         **source)]  # type: ignore[arg-type]

    return Reader


def _extract(reader: type[Recognizer], field_type: str = "text"):
    plugin = types.ModuleType("tests.inline_source_plugin")
    plugin.formsift_register_segmenters = hookimpl(lambda: [WholePage])
    plugin.formsift_register_recognizers = hookimpl(lambda: [reader])
    reg = PluginRegistry.discover(extra_plugins=[("sources", plugin)], strict=True)
    src = ("template t {\n  pipeline {\n    segment whole_page\n    recognize plugin_rec\n"
           f"  }}\n  field c: {field_type} = right of \"Container\"\n}}\n")
    (tpl,), _ = check_source(src, "t.sift", reg)
    png = cv2.imencode(".png", np.full((800, 600, 3), 255, np.uint8))[1].tobytes()
    return Engine(registry=reg).extract(png, tpl, name="scan.png")


def test_a_recognizer_that_sets_no_source_is_named_as_the_words_source():
    """Before: the value's source and the page's words read "text-layer" on a scan."""
    result = _extract(_reader("CSQU3054383"))
    assert result.value("c") == "CSQU3054383"
    assert result.fields["c"].source == "plugin_rec"
    info = result.page_info[0]
    assert not info.text_layer
    assert {w.source for w in info.words} == {"plugin_rec"}


def test_its_words_are_treated_as_read_not_as_printed():
    """A letter O among a container number's digits is a misreading OCR makes, repaired in
    a recognizer's words; before, the words passed for a text layer's, whose letters are
    kept as printed, and the field was missing."""
    result = _extract(_reader("CSQU3O54383"), "id(/[A-Z]{4}\\d{7}/)")
    assert result.value("c") == "CSQU3054383"
    assert result.fields["c"].source == "plugin_rec"


@pytest.mark.parametrize("source, problem", [
    ("pdf", "a word whose source 'pdf' names a text layer"),
    ("text", "a word whose source 'text' names a text layer"),
    (7, "a word whose source is 7 (int), not a str"),
])
def test_a_recognizer_whose_words_claim_a_text_layer_is_named(source, problem):
    """Before: accepted, the value's source "pdf" on a scan."""
    with pytest.raises(PluginError) as err:
        _extract(_reader("CSQU3054383", source=source))
    message = str(err.value)
    assert "plugin 'sources' (<local>) failed on scan.png" in message
    assert "recognizer 'plugin_rec'" in message and problem in message


def test_a_source_the_recognizer_gives_is_kept():
    """A wrapper naming the engine it wraps (``ppocr_rec``), or itself, keeps its word."""
    result = _extract(_reader("CSQU3054383", source="ppocr_rec"))
    assert result.fields["c"].source == "ppocr_rec"


def test_checked_words_stamps_the_recognizer_and_leaves_the_given_words_alone():
    from formsift.core.contracts import checked_words

    reader = _reader("X1")()
    given = [Word("X1", Box(0.1, 0.1, 0.2, 0.2), 0, 0.9),
             Word("Y2", Box(0.3, 0.1, 0.4, 0.2), 0, 0.9, "my_engine")]
    words = checked_words(reader, "recognize", given, 0)
    assert [w.source for w in words] == ["plugin_rec", "my_engine"]
    assert all(w.recognized for w in words)
    assert given[0].source == "text-layer"  # a copy: the recognizer's objects unchanged
