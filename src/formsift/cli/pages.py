"""``formsift extract``: a document in several files (a phone photo per page).

A folder named as a document says how to read its files as one document (``--split
DIR``) when they look like one document's pages, and as documents of their own (``formsift
batch DIR``) otherwise; files given one by one that say they are pages of one document
("page 1 of 2", "page 2 of 2", the same template) are told so, never joined silently.
And the stderr line of a record in review, whose reasons are put in the order a person
acts on them.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path
from typing import Any

from formsift.core.errors import FormsiftError
from formsift.core.reasons import by_action, routes

#: The image formats a phone or a scanner gives a page in (a folder of them is one
#: document's pages more often than several documents).
PAGE_IMAGES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".webp",
                         ".bmp"})
#: How many reasons the stderr line of a record in review names.
SHOWN = 3


def folder_error(path: Any, engine: Any, template: str | None) -> Any:
    """The error result of a folder given to ``extract`` as a document (None for anything
    else): what it holds, and how to read it, as one document (``--split``) or as one per
    file (``batch``), the likelier first."""
    from formsift.core.result import ErrorResult
    from formsift.templates.packet_runner import folder_files

    if not isinstance(path, (str, Path)) or not Path(path).is_dir():
        return None
    suffixes = {s.lower() for lo in engine.loaders() for s in lo.suffixes}
    try:
        files, _ = folder_files(Path(path), suffixes)
    except FormsiftError:  # nothing to read in it
        files = []
    split = f"formsift extract --split {path} --templates {template or 'TEMPLATES'}"
    batch = f"formsift batch {path}"
    if len(files) >= 2 and all(f.suffix.lower() in PAGE_IMAGES for f in files):
        shown = ", ".join(f.name for f in files[:4]) + (" ..." if len(files) > 4 else "")
        hint = (f"its {len(files)} images ({shown}) look like the pages of one document: "
                f"read them as one, pages in name order, with {split}; or each as a "
                f"document of its own with {batch}")
    elif files:
        hint = (f"extract each of its {len(files)} file(s) as a document with {batch}; if "
                f"they are the pages of one document, {split} reads them as one")
    else:
        hint = "it holds no file formsift reads"
    message = f"{path}: is a directory, not a document ({hint})"
    return ErrorResult(source=str(path), error="input_error", message=message)


_SAID = re.compile(r"the pages say there are (\d+) \(page (\d+) of \d+\), the document has "
                   r"(\d+): page\(s\) ([\d, ]+) missing")


def _pages(result: Any) -> tuple[int, set[int], set[int]] | None:
    """(the pages a document says it has, its pages, the ones it misses) from its
    ``pages_missing`` reason, or None: no such reason."""
    for r in getattr(result, "reasons", None) or ():
        m = _SAID.fullmatch(r.message) if r.code == "pages_missing" else None
        if m:
            total, first, count = int(m[1]), int(m[2]), int(m[3])
            missing = {int(x) for x in m[4].split(",") if x.strip()}
            return total, set(range(first, first + count)), missing
    return None


def note_split_pages(results: list[Any], template: str | None = None) -> list[str]:
    """Files given one after the other that say they are pages of one document of the
    same template (each one's ``pages_missing`` names pages the other holds): each one's
    reason says where the rest is, and a line for stderr says how to read them as one
    (``template``: the one the command names, for the hint). They stay two records:
    nothing is joined."""
    lines = []
    for a, b in itertools.pairwise(results):
        pa, pb = _pages(a), _pages(b)
        if pa is None or pb is None or a.template is None or a.template != b.template \
                or pa[0] != pb[0] or not (pb[1] <= pa[2] and pa[1] <= pb[2]):
            continue
        how = (f"to read them as one document, put the files in a folder and run formsift "
               f"extract --split DIR --templates {template or 'TEMPLATES'} (pages in name "
               f"order)")
        _add(a, f"; the next file given, {b.source}, is page(s) "
                f"{_listed(pb[1])} of a {b.template}: {how}")
        _add(b, f"; the file given before, {a.source}, is page(s) "
                f"{_listed(pa[1])} of a {a.template}: {how}")
        lines.append(f"{a.source} and {b.source} look like pages of one {a.template} "
                     f"(each says 'page x of {pa[0]}'), read as two documents: {how}")
    return lines


def _listed(pages: set[int]) -> str:
    return ", ".join(map(str, sorted(pages)))


def _add(result: Any, said: str) -> None:
    """``said`` after the message of ``result``'s ``pages_missing`` reason."""
    for i, r in enumerate(result.reasons):
        if r.code == "pages_missing":
            result.reasons[i] = r.model_copy(update={"message": r.message + said})
            return


def summary(reasons: list[Any]) -> str:
    """The stderr line's reasons: the first :data:`SHOWN` a person acts on
    (:func:`~formsift.core.reasons.by_action`), then how many more of which code
    ("(+9 more: 2 field_missing, 7 low_confidence)"); low confidence a template accepts
    is only counted."""
    ordered = by_action(reasons)
    shown = [r for r in ordered if routes(r)][:SHOWN]
    said = {id(r) for r in shown}
    rest = Counter(r.code for r in ordered if id(r) not in said)
    why = "; ".join(r.message for r in shown) or "see the full result"
    if not rest:
        return why
    n = sum(rest.values())
    return why + f" (+{n} more: " + ", ".join(f"{k} {c}" for c, k in rest.items()) + ")"
