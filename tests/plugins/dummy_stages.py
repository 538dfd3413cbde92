"""A preprocessor and a recognizer for tests: invert an image; read a fixed word."""

from __future__ import annotations

from typing import Literal

from formsift.core.components import Options
from formsift.core.document import Word
from formsift.core.geometry import Box
from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import Preprocessor, Recognizer


class InvertOptions(Options):
    strength: int = 1
    mode: Literal["fast", "slow"] = "fast"


class Invert(Preprocessor):
    name = "invert"
    summary = "test preprocessor"
    Options = InvertOptions

    def process(self, image, page):
        page.notes[self.name] = {"strength": self.options.strength}
        return 255 - image


class FixedReader(Recognizer):
    name = "fixed_reader"
    summary = "test recognizer: reads 'Total 12.50' on every page"
    setups = 0

    def setup(self):
        FixedReader.setups += 1

    def recognize(self, image, page, regions, constraint=None):
        return [Word("Total", Box(0.1, 0.1, 0.2, 0.12), page.index, 0.9, self.name),
                Word("12.50", Box(0.3, 0.1, 0.4, 0.12), page.index, 0.8, self.name)]


@hookimpl
def formsift_register_preprocessors():
    return [Invert]


@hookimpl
def formsift_register_recognizers():
    return [FixedReader]
