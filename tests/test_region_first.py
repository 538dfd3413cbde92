"""Region-first OCR: the plan derived from a template, and extraction that reads only
what the locators need (with full-page OCR as the fallback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from formsift.samples import encode_png, generate, render_scan

ROOT = Path(__file__).resolve().parents[1]
BENCH_TEMPLATE = ROOT / "benchmarks" / "templates" / "invoice_header.sift"

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


def _compile(registry, text, tmp_path):
    from formsift.templates import load_template

    path = tmp_path / "t.sift"
    path.write_text(text)
    return load_template(path, registry)


def test_plan_lists_fixed_areas_anchors_and_what_needs_the_whole_page(registry, tmp_path):
    from formsift.templates.region_first import plan

    t = _compile(registry, """
template t {
  region head = box(0%, 0%, 50%, 10%)
  field a: text = in head
  field b: money = box(50%, 50%, 90%, 60%)
  field c: date = right of "Date"
  field d: text = anywhere
}
""", tmp_path)
    p = plan(t)
    boxes = [area.box.as_list() for _, area in p.fixed]
    assert [0.0, 0.0, 0.5, 0.1] in boxes and [0.5, 0.5, 0.9, 0.6] in boxes
    # the box that holds a money value alone is read with the money alphabet
    money = next(area for _, area in p.fixed if area.box.x0 == 0.5)
    assert money.constraint is not None
    assert set(money.constraint.alphabet) <= set("0123456789-,. ")
    assert money.alone  # its lines are found by ink, no text detector
    head = next(area for _, area in p.fixed if area.box.x0 == 0.0)
    assert not head.alone  # a region may hold anything
    assert [a.labels for a in p.anchors] == [("Date",)]
    assert p.needs_full(0, 1) == ["field d: anywhere"]


def test_only_boxes_of_one_printed_value_skip_the_text_detector(registry, tmp_path):
    from formsift.templates.region_first import plan

    t = _compile(registry, """
template t {
  field name: text = box(0%, 0%, 50%, 5%)
  field qty: int = box(0%, 10%, 20%, 15%) handwritten
  field agreed: checkbox = box(0%, 20%, 5%, 25%)
  field signed: signature = box(0%, 30%, 40%, 40%)
  field ref: id = box(50%, 0%, 90%, 5%) or right of "Ref"
}
""", tmp_path)
    alone = {tuple(area.box.as_list()[:2]): area.alone for _, area in plan(t).fixed}
    # a printed name: yes; handwriting must reach the segmenter that tells it from print,
    # a checkbox the checkbox detector, a signature is read from its pixels; a box that is
    # one of two places the value may be is read freely
    assert alone == {(0.0, 0.0): True, (0.0, 0.1): False, (0.0, 0.2): False,
                     (0.0, 0.3): False, (0.5, 0.0): False}


def test_a_table_outside_any_box_needs_the_whole_page(registry):
    from formsift.templates import load_template
    from formsift.templates.region_first import plan

    t = load_template("receipt", registry)
    assert any(why.startswith("table") for why in plan(t).needs_full(0, 1))


@needs_models
def test_region_first_reads_fewer_lines_and_finds_the_same_fields(registry):
    from formsift.core.engine import Engine

    sample = generate("invoice", 2)
    png = encode_png(render_scan(sample.pdf, 200, "clean", 2)[0])
    full = Engine(registry=registry).extract(png, BENCH_TEMPLATE)
    regions = Engine(registry=registry, region_first=True).extract(png, BENCH_TEMPLATE)
    assert regions.record() == full.record()
    assert regions.record()["total"] == sample.truth["total"]
    notes = regions.page_info[0].notes["ocr"]
    assert notes["mode"] == "regions" and notes["anchors_found"] >= 8
    assert notes["lines_used"] < notes["lines"]
    assert len(regions.page_info[0].words) < len(full.page_info[0].words)


@needs_models
def test_region_first_falls_back_to_the_whole_page_when_a_field_is_missing(registry,
                                                                           tmp_path):
    from formsift.core.engine import Engine

    t = _compile(registry, """
template t {
  field total: money = right of "Amount due" | "Total" | "Gesamtbetrag" | "Rechnungsbetrag"
  field nowhere: text = right of "This label is not printed"
}
""", tmp_path)
    sample = generate("invoice", 2)
    png = encode_png(render_scan(sample.pdf, 200, "clean", 2)[0])
    result = Engine(registry=registry, region_first=True).extract(png, t)
    assert result.page_info[0].notes["ocr"]["mode"] == "regions, then page"
    assert result.record()["total"] == sample.truth["total"]
    assert any(r.code == "field_missing" and r.field == "nowhere" for r in result.reasons)


@needs_models
def test_extract_command_region_first(tmp_path, capsys):
    import json

    from formsift.cli import main

    sample = generate("invoice", 2)
    png = tmp_path / "inv.png"
    png.write_bytes(encode_png(render_scan(sample.pdf, 200, "clean", 2)[0]))
    assert main(["extract", str(png), "-t", str(BENCH_TEMPLATE), "--region-first",
                 "--no-progress"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["page_info"][0]["notes"]["ocr"]["mode"] == "regions"
    assert result["fields"]["total"]["value"] == sample.truth["total"]


@needs_models
def test_boxed_fields_are_read_on_their_own_pixels(registry):
    from formsift.core.engine import Engine

    template = ROOT / "benchmarks" / "templates" / "payslip_form.sift"
    sample = generate("payslip", 1)
    png = encode_png(render_scan(sample.pdf, 300, "clean", 1)[0])
    for box_segmenter in ("ink_lines", None):  # typed boxes by ink projection, or detector
        engine = Engine(registry=registry, region_first=True, box_segmenter=box_segmenter)
        result = engine.extract(png, template)
        assert result.page_info[0].notes["ocr"] == {"mode": "regions", "fixed_areas": 10}
        record = result.record()
        for name in ("employee", "employee_id", "period_start", "period_end", "gross", "tax",
                     "social", "net_pay", "iban"):
            assert record[name] == sample.truth[name], (box_segmenter, name)
        used = {c.name for c in result.audit.components if c.kind == "segmenter"}
        assert ("ink_lines" in used) is (box_segmenter is not None)


def test_nearby_areas_are_segmented_together():
    from formsift.core.areas import _clusters
    from formsift.core.geometry import Box

    boxes = [Box(0.1, 0.1, 0.4, 0.12), Box(0.1, 0.121, 0.4, 0.14), Box(0.5, 0.8, 0.9, 0.85)]
    assert sorted(b.as_list() for b in _clusters(boxes, gap=0.004)) == [
        [0.1, 0.1, 0.4, 0.14], [0.5, 0.8, 0.9, 0.85]]


@needs_models
def test_a_handwritten_box_is_read_by_the_handwriting_recognizer(registry, tmp_path):
    """A typed field marked handwritten in a box (a quantity written into a form) goes to
    the handwriting recognizer in region-first mode too, as it does on the whole page."""
    from formsift.core.engine import Engine
    from formsift.samples.handwritten import handwritten_scan

    png = encode_png(handwritten_scan(seed=3).images[0])
    template = ROOT / "examples" / "templates" / "delivery_note_signed.sift"
    page = Engine(registry=registry).extract(png, template).page_info[0]
    written = next(w for w in page.words if w.handwritten and w.text.isdigit())
    x0, y0, x1, y1 = (round(v * 100, 1) for v in written.box)
    path = tmp_path / "t.sift"
    path.write_text(f"template t {{\n  field qty: int = box({x0 - 1}%, {y0 - 0.5}%, "
                    f"{x1 + 3}%, {y1 + 0.5}%) handwritten\n}}\n")
    for region_first in (False, True):
        result = Engine(registry=registry, region_first=region_first).extract(png, path)
        assert result.fields["qty"].source == "crnn", region_first
        assert result.fields["qty"].value == int(written.text)


def _tick_box_template(registry, tmp_path, pipeline=""):
    from tests.test_segment import BOX_SIDE, CLAIM_BOXES, ROW_Y

    fields = []
    for k, (label, x) in enumerate(CLAIM_BOXES):
        y = ROW_Y[k // 4]
        x0, x1 = (x - 3) / 420 * 100, (x + BOX_SIDE + 4) / 420 * 100
        y0, y1 = (y - 4) / 300 * 100, (y + BOX_SIDE + 3) / 300 * 100
        fields.append(f"  field {label.lower()}: checkbox? = "
                      f"box({x0:.1f}%, {y0:.1f}%, {x1:.1f}%, {y1:.1f}%)\n")
    return _compile(registry, "template ticks {\n" + pipeline + "".join(fields) + "}\n",
                    tmp_path)


@pytest.mark.parametrize("dpi", [200, 300])
def test_checkboxes_in_fixed_boxes_are_found_on_their_cut_outs(registry, tmp_path, dpi):
    """A checkbox located by box(...) is found on the area's pixels: the checkbox
    segmenter sizes boxes by the page, not by the small cut-out it is given (there every
    box was too large to be one)."""
    from formsift.core.areas import EMPTY, TICKED
    from formsift.core.document import Page
    from formsift.templates.region_first import plan, read_page
    from tests.test_segment import claim_page

    ticks = ("check", None, "cross", None, None, "check")
    img = claim_page(dpi, ticks)
    page = Page(index=0, width=420, height=300)
    p = plan(_tick_box_template(registry, tmp_path))
    assert len(p.fixed) == 6 and not p.anchors
    # the page is shrunk as the whole page would be (anchor_side), as extract does
    read = read_page(p, img, page, 1, [registry.create("segmenter", "checkboxes")], [],
                     anchor_side=1000)
    assert read is not None
    marks = []
    for _, area in p.fixed:
        inside = [wd.text for wd in read.words if area.box.contains_center_of(wd.box)]
        marks.append(inside)
    assert marks == [[TICKED if t else EMPTY] for t in ticks]
    assert page.notes["checkboxes"] == {"found": 6, "ticked": 3}  # all cut-outs counted


@needs_models
def test_extract_region_first_reads_checkboxes_in_boxes(registry, tmp_path):
    """Full-page OCR and region-first read the same tick boxes (region-first read none:
    every box field came out empty, and the record was accepted)."""
    from formsift.core.engine import Engine
    from tests.test_segment import CLAIM_BOXES, claim_page

    ticks = ("check", None, "cross", None, None, "check")
    _tick_box_template(registry, tmp_path, "  pipeline {\n    segment ppocr_det, "
                       "checkboxes\n  }\n")
    template = tmp_path / "t.sift"  # written by _compile
    png = encode_png(claim_page(300, ticks))
    want = {label.lower(): t is not None for (label, _), t in
            zip(CLAIM_BOXES, ticks, strict=True)}
    for region_first in (False, True):
        result = Engine(registry=registry, region_first=region_first).extract(png, template)
        assert result.record() == want, region_first


def test_a_box_the_template_marks_handwritten_is_read_as_handwriting():
    """Region-first on the claim forms: the handwriting segmenter, seeing only the
    amount's box, labelled the handwritten '4,045.00' print, and the printed-text
    recognizer read '4.045.00' (full-page OCR labelled and read it right). A box whose
    field the template marks handwritten is read by the handwriting recognizer."""
    import numpy as np

    from formsift.core.areas import Area, read_areas
    from formsift.core.document import Page, Word
    from formsift.core.geometry import Box
    from formsift.core.kinds import Recognizer, Segmenter, TextRegion

    class OneLine(Segmenter):
        name = "one_line"

        def segment(self, image, page):
            return [TextRegion(Box(0.1, 0.2, 0.9, 0.8), "text")]

    class Reader(Recognizer):
        def recognize(self, image, page, regions, constraint=None):
            return [Word(self.name, r.box, page.index) for r in regions]

    class Printed(Reader):
        name = "printed"

    class Written(Reader):
        name = "written"
        handwriting = True

    image = np.full((400, 400, 3), 255, np.uint8)
    page = Page(index=0, width=400, height=400, unit="px")
    recognizers = [Printed(), Written()]
    for handwritten, reader in ((True, "written"), (False, "printed")):
        area = Area(Box(0.1, 0.1, 0.5, 0.2), handwritten=handwritten)
        words = read_areas(image, page, [area], [OneLine()], recognizers)
        assert [w.text for w in words] == [reader]
