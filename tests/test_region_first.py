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
    boxes = [box.as_list() for _, box, _ in p.fixed]
    assert [0.0, 0.0, 0.5, 0.1] in boxes and [0.5, 0.5, 0.9, 0.6] in boxes
    # the box that holds a money value alone is read with the money alphabet
    money = next(c for _, box, c in p.fixed if box.x0 == 0.5)
    assert money is not None and set(money.alphabet) <= set("0123456789-,. ")
    assert [a.labels for a in p.anchors] == [("Date",)]
    assert p.needs_full(0, 1) == ["field d: anywhere"]


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
