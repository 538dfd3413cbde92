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


class BrokenOptions(Options):
    returns: Literal["none", "float"] = "none"


class Broken(Preprocessor):
    """A preprocessor with a bug: returns None, or a float image in 0..1."""

    name = "broken_pre"
    summary = "test preprocessor with a bug"
    Options = BrokenOptions

    def process(self, image, page):
        return None if self.options.returns == "none" else image / 255.0


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
    return [Invert, Broken]


@hookimpl
def formsift_register_recognizers():
    return [FixedReader]
