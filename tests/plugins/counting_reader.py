"""A recognizer for batch tests that records each model set-up: one file line per
``setup()`` call, ``<pid>``, in the folder named by ``FORMSIFT_COUNT_DIR``."""

from __future__ import annotations

import os
from pathlib import Path

from formsift.core.document import Word
from formsift.core.geometry import Box
from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import Recognizer


class CountingReader(Recognizer):
    name = "counting_reader"
    summary = "test recognizer: counts its set-ups, reads 'Total 12.50'"

    def setup(self):
        with open(Path(os.environ["FORMSIFT_COUNT_DIR"]) / "setups.txt", "a") as fh:
            fh.write(f"{os.getpid()}\n")

    def recognize(self, image, page, regions, constraint=None):
        return [Word("Total", Box(0.1, 0.1, 0.2, 0.12), page.index, 0.9, self.name),
                Word("12.50", Box(0.3, 0.1, 0.4, 0.12), page.index, 0.8, self.name)]


@hookimpl
def formsift_register_recognizers():
    return [CountingReader]
