"""OCR on scans of generated documents (skipped when the PP-OCR models are not installed)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from formsift.samples import encode_png, generate, render_scan
from formsift.templates.golden import diff

pytestmark = pytest.mark.skipif(not models_available(),
                                reason=f"OCR models not installed ({INSTALL_HINT})")


@pytest.fixture(scope="module")
def engine(registry):
    from formsift.core.engine import Engine

    return Engine(registry=registry)


@pytest.mark.parametrize("kind", ["invoice", "payslip"])
def test_clean_300dpi_scan_extracts_every_field(engine, kind):
    sample = generate(kind, 4)
    png = encode_png(render_scan(sample.pdf, 300, "clean")[0])
    result = engine.extract(png, kind)
    assert diff(sample.truth, result.record()) == []
    total = next(v for k, v in result.fields.items() if k in ("total", "net_pay"))
    assert total.source == "ppocr_rec" and 0.5 < total.confidence <= 1.0
    info = result.page_info[0]
    assert not info.text_layer and info.words and "deskew" in info.notes


def test_skewed_scan_records_the_deskew_angle(engine):
    sample = generate("receipt", 2)
    png = encode_png(render_scan(sample.pdf, 300, "skew", seed=2)[0])
    result = engine.extract(png, "receipt")
    assert abs(result.page_info[0].notes["deskew"]["angle"]) > 0.5
    assert result.record()["total"] == sample.truth["total"]


def test_constrained_decoding_reads_only_the_fields_alphabet(registry):
    from formsift.core.kinds import Constraint

    rec = registry.create("recognizer", "ppocr_rec")
    img = render_scan(generate("receipt", 2).pdf, 300, "clean")[0]
    crop = img[int(0.0 * img.shape[0]):, :][: img.shape[0] // 8]  # the shop's name line
    free = "".join(c for c, _, _ in rec.read_lines([crop])[0][0])
    digits = "".join(c for c, _, _ in rec.read_lines(
        [crop], Constraint(alphabet="0123456789.,"))[0][0])
    assert any(ch.isalpha() for ch in free)
    assert all(ch in "0123456789., " for ch in digits)


def test_groups_with_their_own_constraints_read_in_one_pass_as_one_by_one(registry):
    # the boxes of a form's typed fields: one batched pass gives what separate calls give
    from formsift.core.document import Page
    from formsift.core.kinds import Constraint

    rec = registry.create("recognizer", "ppocr_rec")
    img = render_scan(generate("receipt", 2).pdf, 300, "clean")[0]
    page = Page(0, 1.0, 1.0, "px")
    detected = registry.create("segmenter", "ppocr_det").segment(img, page)[:6]
    digits = Constraint(alphabet="0123456789.,")
    groups = [(detected[:3], None), (detected[3:], digits)]
    one_pass = rec.recognize_groups(img, page, groups)
    separate = [w for regions, c in groups for w in rec.recognize(img, page, regions, c)]
    assert [w.text for w in one_pass] == [w.text for w in separate]
    # positions come from the model's time steps, which padding to another width moves a
    # little
    assert all(abs(a - b) < 0.005 for w, v in zip(one_pass, separate, strict=True)
               for a, b in zip(w.box.as_list(), v.box.as_list(), strict=True))
    assert all(ch in "0123456789.," for w in rec.recognize(img, page, detected[3:], digits)
               for ch in w.text)
    assert any(ch.isalpha() for w in one_pass for ch in w.text)


def test_a_degree_sign_read_twice_is_one(registry):
    """A user's bug: on 200 dpi scans '15-25 °C' was read '15-25 °°C' (the model's '°'
    then its '℃', which is NFKC '°C', across a blank), in accepted records. A doubled
    degree sign is never right: one is kept, at the weaker of the two confidences."""
    import numpy as np

    rec = registry.create("recognizer", "ppocr_rec")
    rec.ensure_ready()
    chars = rec._model_chars
    seq = [chars.index("2"), chars.index("5"), chars.index("°"), 0, chars.index("°C"),
           0, chars.index("°"), chars.index("°"), chars.index("C")]
    probs = np.zeros((len(seq), len(chars)), np.float32)
    for t, k in enumerate(seq):
        probs[t, k] = 0.6 if chars[k].startswith("°") else 0.99
    got, spaces = rec._decode(probs, len(seq), len(seq))
    assert "".join(c for c, _, _ in got) == "25°C°C"
    assert len(spaces) == len(got)
    assert [round(c, 2) for _, c, _ in got] == [0.99, 0.99, 0.6, 0.6, 0.99]


def test_batches_keep_widths_together():
    from formsift.plugins.ocr.recognize import _batches

    widths = [100, 900, 120, 150, 700, 110, 400]
    out = _batches(widths, count=3, columns=2000, spread=2.0)
    assert sorted(i for b in out for i in b) == list(range(len(widths)))  # none dropped
    for b in out:
        assert len(b) <= 3 and max(widths[i] for i in b) * len(b) <= 2000
        assert max(widths[i] for i in b) <= 2.0 * min(widths[i] for i in b)
    assert out[0] == [0, 5, 2]  # narrowest first


@pytest.mark.parametrize("fmt", ["text", "json", "hocr", "alto"])
def test_ocr_command_formats(tmp_path, capsys, fmt):
    from formsift.cli import main

    png = tmp_path / "r.png"
    png.write_bytes(encode_png(render_scan(generate("receipt", 1).pdf, 200, "clean")[0]))
    assert main(["ocr", str(png), "-f", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "text":
        assert "TOTAL" in out
    elif fmt == "json":
        assert json.loads(out)["pages"][0]["lines"]
    else:
        root = ET.fromstring(out.encode())
        assert "TOTAL" in ET.tostring(root, encoding="unicode")


def test_debug_dir_writes_every_stage(tmp_path):
    from formsift.cli import main

    png = tmp_path / "r.png"
    png.write_bytes(encode_png(render_scan(generate("receipt", 1).pdf, 150, "skew")[0]))
    assert main(["ocr", str(png), "--debug-dir", str(tmp_path / "dbg")]) == 0
    names = sorted(p.name for p in (tmp_path / "dbg" / "r.png").iterdir())
    assert names == ["p1-00-input.png", "p1-01-orientation.png", "p1-02-deskew.png",
                     "p1-90-segments.png", "p1-91-words.png"]
    import cv2

    deskewed = cv2.imread(str(tmp_path / "dbg" / "r.png" / "p1-02-deskew.png"))
    words = cv2.imread(str(tmp_path / "dbg" / "r.png" / "p1-91-words.png"))
    assert words.shape == deskewed.shape
    # the word boxes are drawn in orange over the page the recognizer read
    orange = (words[:, :, 2] > 200) & (words[:, :, 1] > 100) & (words[:, :, 1] < 180) & \
        (words[:, :, 0] < 60)
    assert orange.sum() > 1000 and not ((deskewed[:, :, 2] > 200) & (deskewed[:, :, 0] < 60)
                                        & (deskewed[:, :, 1] < 180)).any()


def test_rescale_knows_the_dpi_a_pdf_page_was_rendered_at(registry):
    """A PDF that wraps a scan is rendered at the engine's OCR dpi; `rescale` resamples
    from there (it did nothing before: only image files carried their dpi)."""
    import pymupdf

    from formsift import Engine
    from formsift.templates import check_source

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=420)
    png = encode_png(render_scan(generate("receipt", 1).pdf, 100, "clean")[0])
    page.insert_image(page.rect, stream=png)
    pdf = doc.tobytes()
    src = """
template r {
  pipeline {
    preprocess rescale(dpi=100)
  }
  field total: money? = right of "TOTAL"
}
"""
    (template,), diags = check_source(src, "r.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    result = Engine(registry=registry, ocr_dpi=200).extract(pdf, template, name="s.pdf")
    assert result.page_info[0].notes["rescale"] == {"from_dpi": 200, "to_dpi": 100}


def test_a_pdf_whose_fonts_have_no_character_map_is_read_by_ocr(engine, registry):
    from formsift.templates import check_source
    from tests.test_loaders import _DEJAVU, _LINES, _pdf_without_character_map

    if not Path(_DEJAVU).is_file():
        pytest.skip("fonts-dejavu-core not installed")
    src = """
template glyphs {
  field invoice_no: id = right of "Invoice number"
  field total: money = right of "Total"
}
"""
    (template,), diags = check_source(src, "g.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    result = engine.extract(_pdf_without_character_map(_LINES), template, name="g.pdf")
    assert result.record() == {"invoice_no": "INV-2024-0042", "total": "1190.00"}
    assert result.page_info[0].text_layer is False


@pytest.mark.parametrize("dpi, degrade", [(300, "clean"), (200, "clean"), (300, "photo")])
def test_the_mrz_of_a_scanned_passport_is_read_whole(engine, dpi, degrade):
    """A user's bug: the text detector stops in the runs of '<' fillers, so the MRZ lines
    came out 25 and 6 characters short (the composite check digit lost) and every scanned
    passport went to review with "no value found for 'mrz'"."""
    import pymupdf

    root = Path(__file__).resolve().parents[1]
    with pymupdf.open(root / "examples" / "documents" / "kyc_packet.pdf") as packet:
        passport = pymupdf.open()
        passport.insert_pdf(packet, from_page=1, to_page=1)
        png = encode_png(render_scan(passport.tobytes(), dpi, degrade)[0])
    result = engine.extract(png, "id_card", name="passport.png")
    mrz = result.fields["mrz"].value
    assert mrz["valid"] is True and mrz["format"] == "TD3"
    assert (mrz["surname"], mrz["given_names"], mrz["nationality"]) == ("MILLER", "EMMA", "UTO")
    assert result.status == "accepted", result.reasons
