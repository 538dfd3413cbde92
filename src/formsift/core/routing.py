"""Routing of text regions between recognizers: handwritten regions to handwriting
recognizers (``Recognizer.handwriting = True``), the others to the rest.

With no handwriting recognizer in a pipeline, every recognizer reads every region, as
before. A template that marks fields or columns ``handwritten`` and names no pipeline gets
the ``handwriting`` segmenter and the ``crnn`` recognizer added automatically, when both
are installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from formsift.core.components import Component, ComponentKind
from formsift.core.kinds import Recognizer, TextRegion

if TYPE_CHECKING:
    from formsift.templates.model import CompiledTemplate

HANDWRITING_SEGMENTER = "handwriting"
HANDWRITING_RECOGNIZER = "crnn"


def route(recognizers: list[Component], regions: list[TextRegion]
          ) -> list[tuple[Recognizer, list[TextRegion]]]:
    """(recognizer, regions it reads) pairs."""
    recs = [r for r in recognizers if isinstance(r, Recognizer)]
    hand = [r for r in recs if getattr(r, "handwriting", False)]
    other = [r for r in recs if r not in hand]
    if not hand or not other or not regions:
        return [(r, regions) for r in recs]
    written = [g for g in regions if g.kind == "handwritten"]
    printed = [g for g in regions if g.kind != "handwritten"]
    pairs: list[tuple[Recognizer, list[TextRegion]]] = []
    if printed:
        pairs += [(r, printed) for r in other]
    if written:
        pairs += [(r, written) for r in hand]
    return pairs


def wants_handwriting(template: CompiledTemplate | None) -> bool:
    if template is None:
        return False
    return any(f.handwritten for f in template.fields.values()) or any(
        c.handwritten for t in template.tables.values() for c in t.columns)


def handwriting_segmenter(engine: Any, seg: list[Component], rec: list[Component]
                          ) -> list[Component]:
    """When a pipeline names a handwriting recognizer but no segmenter, the default text
    detector is replaced by the ``handwriting`` segmenter, which labels each region
    printed or handwritten: without labels no region would ever reach that recognizer."""
    if not any(getattr(r, "handwriting", False) for r in rec) or \
            any(s.name == HANDWRITING_SEGMENTER for s in seg) or \
            HANDWRITING_SEGMENTER not in engine.registry.of_kind(ComponentKind.SEGMENTER):
        return seg
    hw_seg = engine.component(ComponentKind.SEGMENTER, HANDWRITING_SEGMENTER)
    return [hw_seg if s.name == "ppocr_det" else s for s in seg] or [hw_seg]


def handwriting_defaults(engine: Any, template: CompiledTemplate | None,
                         seg: list[Component], rec: list[Component]
                         ) -> tuple[list[Component], list[Component]]:
    """The default segmenters and recognizers, with handwriting support added when the
    template asks for it (``handwritten`` hints) and the components are installed."""
    if not wants_handwriting(template):
        return seg, rec
    registry = engine.registry
    if HANDWRITING_SEGMENTER not in registry.of_kind(ComponentKind.SEGMENTER) or \
            HANDWRITING_RECOGNIZER not in registry.of_kind(ComponentKind.RECOGNIZER):
        return seg, rec
    from formsift.core.errors import FormsiftError

    try:
        hw_seg = engine.component(ComponentKind.SEGMENTER, HANDWRITING_SEGMENTER)
        hw_rec = engine.component(ComponentKind.RECOGNIZER, HANDWRITING_RECOGNIZER)
    except FormsiftError:  # a model is missing: keep the plain pipeline
        return seg, rec
    seg = [hw_seg if s.name == "ppocr_det" else s for s in seg] or [hw_seg]
    return seg, [*rec, hw_rec]
