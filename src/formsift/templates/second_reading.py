"""A key value read a second time, from another view of its crop (self-consistency).

A recognizer sure of a misread digit ("15-03-18" read "15-03-13" with the wrong "3" at
0.94) gives a value nothing else doubts: no rule ties a receipt's date to another value,
so it is accepted. Once a template has run, the box of each key value is known: the
value is read again from the page image, through another view of the same pixels
(:data:`VIEWS`: the crop binarised with a local threshold, which redraws faint and
blurred strokes), with the field type's constraint. The two readings are compared as
values of the field's type (:func:`verdict`):

- **they agree**: the second reading finds the same value: the value is confirmed
  (``Signals.reread`` 1, a weight of :func:`formsift.templates.confidence.combine`);
- **they disagree**: it finds another value of the type: the field is ``ambiguous`` and
  its reason names both readings (their raw texts); its confidence is capped at
  :data:`formsift.templates.confidence.DISAGREED`;
- **the second view reads no value of the type**: nothing is changed.

Key values (:func:`key_fields`): a single typed field (not text) that one of the
template's rules or review policies names, read by a printed-text recognizer (a text
layer's values and handwriting are left alone: a text layer's letters are known, and
handwriting has its own recognizer and calibration), and not already confirmed by an
error rule that ties it to another value (the rule is the stronger evidence).

The engine calls :func:`read` after a template's run and runs the template again when it
read anything; :func:`judge`, called by the template run, applies what the page's
``second_reading`` note holds to the values read from the same box. Cost: one recognizer
call per page for its key values (a few crops).

**Off by default** (:data:`ENABLED`): measured on the 100 SROIE dev receipts and generated
scans (docs/benchmarks.md, calibration), it caught no wrong value review did not catch
already (the one it was built for, a date's faint "8" read "3", reads "3" again through
every view) and sent 4 right values of 193 to review (2 more records of 100); on the
generated scans every view read every key value alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from formsift.core.document import Document, Page
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer, TextRegion
from formsift.core.result import FieldValue, Reason
from formsift.templates import model as M
from formsift.templates.confidence import Signals, combine

#: Whether the engine reads key values a second time (:func:`read` does nothing otherwise).
ENABLED = False
#: The page note that holds the second readings (``page.notes[NOTE]["values"]``).
NOTE = "second_reading"
NOTE_WHY = ("key values read again from another view of their crop (binarised), with "
            "their field type's constraint; compared with the first reading")
#: Value kinds that are never read twice: free text (a second reading of a name differs
#: in ways that say nothing about it being wrong) and what a recognizer does not read.
SKIPPED_KINDS = frozenset({"text", "bool", "any"})
#: The margin around a value's box, as a share of its height, on every side.
MARGIN = 0.15


def _binarised(crop: Any) -> Any:
    """The crop in black and white, thresholded against its neighbourhood (a window
    about the text's height): faint strokes come out as dark as the others."""
    import cv2

    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    block = max(3, (min(gray.shape[:2]) // 2) * 2 + 1)
    out = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
                                cv2.THRESH_BINARY, block, 10)
    return cv2.cvtColor(out, cv2.COLOR_GRAY2BGR)


def _stretched(crop: Any) -> Any:
    """The crop's contrast stretched between its 2nd and 98th percentile of grey."""
    import cv2
    import numpy as np

    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    lo, hi = np.percentile(gray, 2), np.percentile(gray, 98)
    out = np.clip((gray - lo) * 255.0 / max(1.0, hi - lo), 0, 255).astype(np.uint8)
    return cv2.cvtColor(out, cv2.COLOR_GRAY2BGR)


def _enlarged(crop: Any) -> Any:
    """The crop at twice its size (cubic interpolation)."""
    import cv2

    return cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)


#: The views a value's crop can be read through, by name.
VIEWS: dict[str, Callable[[Any], Any]] = {
    "binarised": _binarised, "stretched": _stretched, "enlarged": _enlarged}
#: The view :func:`read` uses. On the generated scans of seeds 0-5 (the tuning seeds of
#: ``benchmarks/bench_calibration.py``) every view read all 144 key values as the first
#: reading did (no false disagreement, no wrong value among them): they could not be told
#: apart there. The binarised one is kept as the one that changes the pixels most (the
#: recognizer scales every crop to its input height, so ``enlarged`` is nearly the same
#: input again, and ``stretched`` only changes the contrast).
VIEW = "binarised"


def key_fields(template: M.CompiledTemplate) -> list[str]:
    """The fields whose values are read twice: single typed fields (no free text) that a
    rule or a review policy of the template names."""
    from formsift.templates.rules import referenced_names

    named = {f for r in template.rules for f in r.fields}
    named |= {n for p in template.policies for n in referenced_names(p.expr)}
    return [n for n, s in template.fields.items()
            if n in named and not s.repeated and not s.handwritten
            and s.type.value_kind not in SKIPPED_KINDS]


def _key(field: str, box: Sequence[float], raw: Any) -> tuple[str, tuple[float, ...], str]:
    return field, tuple(round(float(x), 4) for x in box), str(raw)


def _todo(template: M.CompiledTemplate, doc: Document, ex: Any
          ) -> list[tuple[str, FieldValue, Page]]:
    """The key values to read again: read by a printed-text recognizer, with a box, not
    confirmed by a rule, and not read again already."""
    out = []
    for name in key_fields(template):
        fv = ex.fields.get(name)
        sig = ex.signals.get(name)
        if not isinstance(fv, FieldValue) or fv.box is None or fv.page is None \
                or sig is None or sig.rules_passed or not 0 < fv.page <= len(doc.pages):
            continue
        page = doc.pages[fv.page - 1]
        box = Box(*fv.box)
        words = [w for w in page.words if box.contains_center_of(w.box)]
        if not words or not all(w.recognized and not w.handwritten for w in words):
            continue
        done = {_key(v["field"], v["box"], v["first"])
                for v in page.notes.get(NOTE, {}).get("values", [])}
        if _key(name, fv.box, fv.raw) not in done:
            out.append((name, fv, page))
    return out


def _area(box: Box, page: Page) -> Box:
    """``box`` grown by :data:`MARGIN` of its height on every side (in page fractions:
    the page's shape turns a height into a width)."""
    aspect = page.height / page.width if page.width > 0 and page.height > 0 else 1.0
    down, across = MARGIN * box.height, MARGIN * box.height * aspect
    return Box(max(0.0, box.x0 - across), max(0.0, box.y0 - down),
               min(1.0, box.x1 + across), min(1.0, box.y1 + down))


def read(template: M.CompiledTemplate, doc: Document, ex: Any,
         recognizers: Sequence[Recognizer], image_of: Callable[[Page], Any],
         view: str = VIEW) -> bool:
    """Read each key value of ``ex`` (a template run's extraction) again from the
    ``view`` of its crop of ``image_of(page)`` (the image its words' boxes refer to),
    with the first printed-text recognizer of ``recognizers``; each reading is kept in its
    page's :data:`NOTE` note (nothing is read unless :data:`ENABLED`). True when anything
    was read (the template is to run again,
    so that :func:`judge` weighs it)."""
    from formsift.core import areas as A

    if not ENABLED:
        return False
    printed = [r for r in recognizers if not getattr(r, "handwriting", False)]
    todo = _todo(template, doc, ex)
    if not printed or not todo:
        return False
    for page in dict.fromkeys(p for _, _, p in todo):
        image = image_of(page)
        note = page.notes.setdefault(NOTE, {"why": NOTE_WHY, "view": view, "values": []})
        for name, fv, _ in (t for t in todo if t[2] is page):
            crop = VIEWS[view](A.cut(image, _area(Box(*fv.box), page)))
            spec = template.fields[name]
            words = printed[0].recognize(crop, page, [TextRegion(Box(0.0, 0.0, 1.0, 1.0))],
                                         spec.type.constraint())
            note["values"].append({"field": name, "box": list(fv.box), "first": fv.raw,
                                   "second": " ".join(w.text for w in words)})
    return True


def verdict(spec: M.FieldSpec, first: Any, second: str, ctx: Any) -> int:
    """1 when the second reading ``second`` holds the value ``first`` of field ``spec``'s
    type, -1 when it holds another value of the type and not that one, 0 when it holds
    none."""
    try:
        found = [f.value for f in spec.type.find(second, ctx)]
    except Exception:  # a type's regex out of time: no reading
        return 0
    if not found:
        return 0
    return 1 if any(str(v) == str(first) for v in found) else -1


def judge(template: M.CompiledTemplate, doc: Document, fields: dict[str, Any],
          signals: dict[str, Signals]) -> list[Reason]:
    """Weigh the second readings the pages' notes hold (:func:`read`) of the values in
    ``fields``, read from the same box with the same raw text: an agreeing one confirms
    the value (``Signals.reread``), a disagreeing one caps its confidence; ``fields`` and
    ``signals`` are updated in place. The ``ambiguous`` reasons of the values whose
    readings disagree, naming both."""
    notes = {_key(v["field"], v["box"], v["first"]): v["second"]
             for p in doc.pages for v in p.notes.get(NOTE, {}).get("values", [])}
    if not notes:
        return []
    reasons = []
    for name, fv in fields.items():
        if not isinstance(fv, FieldValue) or fv.box is None or name not in signals:
            continue
        second = notes.get(_key(name, fv.box, fv.raw))
        if second is None:
            continue
        said = verdict(template.fields[name], fv.value, second, template.context)
        if not said:
            continue
        signals[name] = sig = replace(signals[name], reread=said)
        fields[name] = fv.model_copy(update={"confidence": round(combine(sig), 4)})
        if said < 0:
            reasons.append(Reason(code="ambiguous", field=name, message=(
                f"'{name}' reads {fv.raw!r}, and {second!r} read again from its crop "
                f"({doc.pages[(fv.page or 1) - 1].notes[NOTE]['view']}); no rule decides "
                f"between them")))
    return reasons
