"""What components promise the engine, checked where their output enters it.

A plugin that breaks a promise (a ``money`` field type whose ``parse`` returns a float, a
rule function declared ``bool`` that returns the string ``"False"``) would otherwise leave
a wrong value in a record that looks fine. Broken promises raise :class:`ContractError`,
which names the component's module so that the engine can name the plugin.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import re
import reprlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formsift.core.document import Document, Word
    from formsift.core.kinds import TextRegion

#: Value kinds a field type may declare (``FieldType.value_kind``).
FIELD_KINDS = frozenset({"text", "number", "money", "date", "time", "bool", "record"})
#: Kinds of a rule function's parameters and result (``Function.params``, ``.returns``).
FUNCTION_KINDS = frozenset({"text", "number", "money", "date", "time", "bool", "any"})

_WANTED = {"text": "a str", "number": "a Decimal or an int", "money": "a Decimal",
           "date": "a datetime.date, not a datetime", "time": "a datetime.time",
           "bool": "a bool"}


class ContractError(Exception):
    """A component returned what its kind does not allow (a plugin's bug)."""

    def __init__(self, message: str, culprit: Any) -> None:
        super().__init__(message)
        #: The module whose code broke the promise (the engine names its plugin).
        self.culprit_module = str(getattr(culprit, "__module__", "") or "")


def kind_problem(value: Any, kind: str) -> str | None:
    """Why ``value`` is not a value of ``kind`` (None when it is, or when it is None).
    Infinity and NaN are no value of any kind: they would pass or crash the rules."""
    if isinstance(value, (Decimal, float)) and not _finite(value):
        return f"{value!r} ({type(value).__name__}), but a {kind} value must be a finite number"
    if value is None or kind not in _WANTED:
        return None
    if kind == "bool":
        ok = isinstance(value, bool)
    elif kind == "number":
        ok = isinstance(value, (Decimal, int)) and not isinstance(value, bool)
    elif kind == "money":
        ok = isinstance(value, Decimal)
    elif kind == "date":
        ok = isinstance(value, date) and not isinstance(value, datetime)
    elif kind == "time":
        ok = isinstance(value, time)
    else:
        ok = isinstance(value, str)
    if ok:
        return None
    return f"{value!r} ({type(value).__name__}), but a {kind} value must be {_WANTED[kind]}"


def record_problem(value: Any, attributes: dict[str, str]) -> str | None:
    """Why ``value`` is not a record with the declared ``attributes`` (name -> value
    kind): a mapping whose declared parts are each of their kind (or None; more parts
    may go with them, for the export: the text read, the checks done). None when it is,
    or is None."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        return f"{_shown(value)} ({type(value).__name__}), but a record value must be a dict"
    for key, kind in attributes.items():
        problem = kind_problem(value.get(key), kind)
        if problem is not None:
            return f"a record whose {key!r} is {problem}"
    return None


def _finite(value: Decimal | float) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def image_problem(image: Any) -> str | None:
    """Why ``image`` is not a page image as stages pass them on (a uint8 numpy array,
    gray or BGR), or None."""
    shape = getattr(image, "shape", None)
    dtype = str(getattr(image, "dtype", ""))
    if shape is None or not dtype:
        return f"{type(image).__name__}, not an image (a uint8 numpy array)"
    if dtype != "uint8":
        return f"an image of {dtype}, not uint8 (0-255)"
    if len(shape) not in (2, 3) or (len(shape) == 3 and shape[2] != 3) or 0 in shape[:2]:
        return f"an array of shape {tuple(shape)}, not a gray or BGR image"
    return None


#: How far (a share of its width to height) a preprocessor's image may stray from the
#: page's shape beyond a pixel's rounding: a crop of more moves every box read later.
SHAPE_SLACK = 0.005


def shape_problem(given: tuple[int, ...], returned: tuple[int, ...]) -> str | None:
    """Why an image of shape ``returned`` (height, width, ...), which a preprocessor made
    of one of shape ``given``, is not the same page: boxes are fractions of the page, so
    the image keeps its shape, scaled alike in both directions (``rescale``) or turned a
    quarter (``orientation``), to within a pixel's rounding. None when it does."""
    (h0, w0), (h1, w1) = given[:2], returned[:2]

    def alike(h: int, w: int) -> bool:  # h x w pixels show a page of h0 x w0
        return abs(w * h0 - h * w0) <= h0 + w0 + SHAPE_SLACK * w * h0

    if alike(h1, w1) or alike(w1, h1):
        return None
    return (f"an image of {w1} x {h1} pixels from one of {w0} x {h0} (width x height): a "
            f"preprocessor keeps the page's shape (the same size, scaled alike in both "
            f"directions, or turned a quarter), since every box read later is a fraction "
            f"of the page; white out what is not to be read instead of cutting it off "
            f"(or set reframes = True for an image that is a new frame of the page, as "
            f"perspective's page found in a photo)")


#: ``Word.source`` where its maker named none: a text layer's.
_DEFAULT_SOURCE = "text-layer"
#: Characters that end a line: none belongs in a word.
_LINE_BREAK = re.compile("[\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029]")
#: How far past the page's edges (0..1) a box may reach (rounding, a detector's margin).
BOX_SLACK = 0.02
#: The kinds of region a segmenter finds (``code``: a decoded barcode, its payload in
#: ``attrs["text"]``).
REGION_KINDS = ("text", "handwritten", "checkbox", "rule", "code")
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60


def broken(component: Any, method: str, problem: str) -> ContractError:
    """The error for ``component``'s ``method`` returning what it must not."""
    cls = type(component)
    kind = str(getattr(cls, "kind", "component")).replace("_", " ")
    return ContractError(f"{kind} {getattr(cls, 'name', '?')!r} ({cls.__module__}."
                         f"{cls.__qualname__}): {method}() returned {problem}", cls)


class SetupFailed(ContractError):
    """A component's ``setup()`` raised (a model file missing, a service down): named as
    such, and never read as a ``ValueError`` of the method that needed it."""


def described(component: Any) -> str:
    """``field type 'iban' (module.Class)``, and what it reads where the template
    compiler said so (``reading field 'c' of template 't'``)."""
    cls = type(component)
    kind = str(getattr(cls, "kind", "component")).replace("_", " ")
    text = f"{kind} {getattr(cls, 'name', '?')!r} ({cls.__module__}.{cls.__qualname__})"
    place = getattr(component, "_formsift_place", None)
    return f"{text}, reading {place}" if place else text


def blame(exc: BaseException, component: Any, method: str) -> None:
    """Note on ``exc`` that ``component``'s ``method`` raised it (the innermost component
    is kept): the engine's :class:`PluginError` then names the component, and the field
    it was reading, besides the plugin and line."""
    if getattr(exc, "formsift_component", None) is None:
        with contextlib.suppress(AttributeError):  # (an exception that takes no attributes)
            exc.formsift_component = f"{described(component)}, in {method}()"  # type: ignore[attr-defined]


def failure(exc: BaseException) -> str:
    """What a plugin's exception says in its :class:`PluginError`: the component that
    raised it and the field it was reading, where known (:func:`blame`), and the exception
    (a :class:`SetupFailed` says all of it itself)."""
    if isinstance(exc, SetupFailed):
        return str(exc)
    who = getattr(exc, "formsift_component", None)
    return (f"{who}: " if who else "") + f"{type(exc).__name__}: {exc}"


def raised_at(exc: BaseException) -> BaseException:
    """The exception whose traceback shows the plugin's line: a failed setup's cause."""
    cause = exc.__cause__
    return cause if isinstance(exc, SetupFailed) and cause is not None else exc


def set_up(component: Any) -> None:
    """Run ``component``'s ``setup`` once, before its first use; a failure is a
    :class:`SetupFailed` naming it (never read as a ``ValueError`` of the method that
    needed it)."""
    if getattr(component, "_ready", False):
        return
    try:
        component.setup()
    except Exception as exc:
        raise SetupFailed(f"{described(component)}: its setup() failed: "
                          f"{type(exc).__name__}: {exc}", type(component)) from exc
    component._ready = True


def checked_words(component: Any, method: str, returned: Any, page: int) -> list[Word]:
    """The words a recognizer returned for page index ``page``, as a list; a
    :class:`ContractError` naming it when they are not such words."""
    words = _listed(component, method, returned, "formsift.Word")
    problem = _words_problem(words, page, one_line=True)
    if problem is not None:
        raise broken(component, method, problem)
    return [_sourced(w, component, method) for w in words]


def _sourced(word: Word, component: Any, method: str) -> Word:
    """``word`` with the recognizer that read it as its source where it names none (left
    at ``Word``'s default, ``"text-layer"``, or empty): a recognizer's word passed for a
    text layer's, whose letters are known, and no look-alike repair was made. A source
    that names a text layer on purpose (``"pdf"``) is a :class:`ContractError`."""
    from formsift.core.document import TEXT_LAYER_SOURCES

    source = word.source
    if source in ("", _DEFAULT_SOURCE):
        return dataclasses.replace(word, source=str(type(component).name))
    if not isinstance(source, str):
        problem = f"a word whose source is {_shown(source)}, not a str (the recognizer's name)"
    elif source in TEXT_LAYER_SOURCES:
        problem = (f"a word whose source {source!r} names a text layer: a recognizer's "
                   f"words are read, not given (leave source unset, or name the recognizer)")
    else:
        return word
    raise broken(component, method, problem)


def checked_regions(component: Any, returned: Any) -> list[TextRegion]:
    """The regions a segmenter returned, as a list; a :class:`ContractError` naming it
    when they are not regions of the page."""
    from formsift.core.kinds import TextRegion

    regions = _listed(component, "segment", returned, "formsift.core.kinds.TextRegion")
    for r in regions:
        if not isinstance(r, TextRegion):
            problem: str | None = f"{_shown(r)}, not a formsift.core.kinds.TextRegion"
        elif r.kind not in REGION_KINDS:
            problem = f"a region of kind {r.kind!r}, not one of {', '.join(REGION_KINDS)}"
        elif r.kind == "code" and not (isinstance(r.attrs.get("text"), str)
                                       and r.attrs["text"].strip()):
            problem = "a region of kind 'code' without its payload (attrs['text'], a text)"
        else:
            problem = _box_problem(r.box, "a region")
        if problem is not None:
            raise broken(component, "segment", problem)
    return regions


def checked_document(loader: Any, returned: Any) -> Document:
    """The document a loader returned; a :class:`ContractError` naming it when it is
    none, or its pages and words are not numbered as they stand."""
    from formsift.core.document import Document, Page

    if not isinstance(returned, Document):
        raise broken(loader, "load", f"{_shown(returned)}, not a formsift.Document")
    for i, page in enumerate(returned.pages):
        if not isinstance(page, Page):
            problem: str | None = f"a page {_shown(page)}, not a formsift.Page"
        elif page.index != i:
            problem = f"page index {page.index!r} as page {i + 1} (index {i}) of the document"
        else:
            problem = _words_problem(page.words, i)
        if problem is not None:
            raise broken(loader, "load", problem)
    return returned


def _listed(component: Any, method: str, returned: Any, item: str) -> list[Any]:
    if returned is None or isinstance(returned, (str, bytes)) or \
            not isinstance(returned, Iterable):
        raise broken(component, method, f"{_shown(returned)}, not a list of {item}")
    return list(returned)


def _words_problem(words: list[Any], page: int, one_line: bool = False) -> str | None:
    """Why ``words`` are not words of page index ``page``; ``one_line``: a recognizer's,
    each of one line (a loader may give a word of its own making several lines: an
    e-invoice's summary)."""
    from formsift.core.document import Word

    for w in words:
        problem = f"{_shown(w)}, not a formsift.Word" if not isinstance(w, Word) \
            else _word_problem(w, page, one_line)
        if problem is not None:
            return problem
    return None


def _word_problem(w: Word, page: int, one_line: bool = False) -> str | None:
    if not isinstance(w.text, str):
        return f"a word whose text is {_shown(w.text)}, not a str"
    if one_line and _LINE_BREAK.search(w.text):
        # "Ref: AB-123\n\f", a line engine's output kept whole: a label and its value in
        # one word, read as the label's own line by the locators
        return (f"a word whose text {_shown(w.text)} holds a line break: a word is one "
                f"line's piece (split the engine's output into lines and words)")
    if w.page != page:
        return f"a word of page index {w.page!r} for page index {page}"
    problem = _box_problem(w.box, "a word")
    if problem is not None:
        return problem
    try:
        confidence = float(w.confidence)
    except (TypeError, ValueError):
        confidence = math.nan
    if not 0.0 <= confidence <= 1.0:  # NaN fails too
        return f"a word whose confidence {w.confidence!r} is not from 0 to 1"
    return None


def _box_problem(box: Any, what: str) -> str | None:
    """Why ``box`` is no box on the page (0..1 of its size: pixels are not)."""
    from formsift.core.geometry import Box

    if not isinstance(box, Box):
        return f"{what} whose box is {_shown(box)}, not a formsift.Box"
    coords = (box.x0, box.y0, box.x1, box.y1)
    try:
        inside = all(-BOX_SLACK <= float(c) <= 1 + BOX_SLACK for c in coords)
        ordered = box.x0 <= box.x1 and box.y0 <= box.y1
    except (TypeError, ValueError):
        inside = ordered = False
    if inside and not ordered:
        return f"{what} whose box {coords!r} is inverted (x0 > x1 or y0 > y1)"
    return None if inside else f"{what} whose box {coords!r} is not inside the page (0..1)"


def _shown(value: Any) -> str:
    return "None" if value is None else f"{_REPR.repr(value)} ({type(value).__name__})"
