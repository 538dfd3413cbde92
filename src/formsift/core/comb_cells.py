"""The cells of comb fields (one character per printed cell) a handwriting recognizer read
each on its own, walls left out (:mod:`formsift.plugins.handwriting.comb`): another
recognizer's word in such a cell is a second reading of the same writing, not more of it.

The handwriting recognizer reads every cell of a comb one of its lines lies in, also
cells another line of the comb lies in, which the segmenter may have labelled printed (a
digit alone in its cell looks like print): the printed recognizer read that line too, and
the value got the character twice ("7 0 3 8 8 2 7" for 7038.27, the 8 read by both). The
recognizer notes the cells it read on the page (:func:`note`), and reads no line of its
own whose words would lie in one (:func:`noted`); the words of the other recognizers
whose middle lies in one are dropped (:func:`without_rereadings`, where the words of a
page's regions are put together: :func:`formsift.core.areas.read_groups`).
"""

from __future__ import annotations

from typing import Any

from formsift.core.document import Word
from formsift.core.geometry import Box

#: The page note (``page.notes[NOTE]``: a list, not shown in the result) of the comb cells
#: read, each as (the recognizer's name, the cell's box).
NOTE = "comb_cells"


def note(page: Any, source: str, boxes: list[Box]) -> None:
    """Note on ``page`` the comb cells (``boxes``) the recognizer ``source`` read."""
    notes = getattr(page, "notes", None)
    if boxes and notes is not None:
        notes.setdefault(NOTE, []).extend((source, b) for b in boxes)


def noted(page: Any) -> list[Box]:
    """The comb cells read on ``page`` (:func:`note`)."""
    return [box for _, box in getattr(page, "notes", {}).get(NOTE, [])]


def without_rereadings(page: Any, words: list[Word]) -> list[Word]:
    """``words`` without those another recognizer than the one that read a comb cell
    (:func:`note`) read with their middle in it."""
    cells = getattr(page, "notes", {}).get(NOTE)
    if not cells:
        return words
    return [w for w in words
            if not any(src != w.source and box.contains_center_of(w.box) for src, box in cells)]
