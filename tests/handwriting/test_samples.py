"""Generated scans with handwriting: deterministic, truthful, and readable end to end."""

from __future__ import annotations

import hashlib

import pytest

from formsift.handwriting.fonts import handwriting_fonts
from formsift.samples import generate

needs_fonts = pytest.mark.skipif(not handwriting_fonts(),
                                 reason="no handwriting font installed (see .ci/run)")


def test_the_printed_delivery_note_is_unchanged_by_the_option():
    plain = generate("delivery_note", 3)
    from formsift.samples.generator import delivery_note

    written = delivery_note(3, handwritten=True)
    assert plain.pdf == delivery_note(3).pdf
    assert written.pdf != plain.pdf and not plain.handwriting
    fields = [h["field"] for h in written.handwriting]
    assert fields[-2:] == ["received_by", "signed"]
    assert len(fields) == len(plain.truth["items"]) + 2
    # the handwritten values are not printed
    assert plain.truth["received_by"] not in " ".join(written.words_truth)


@needs_fonts
def test_handwritten_scans_are_deterministic():
    from formsift.samples.handwritten import handwritten_scan

    a, b = handwritten_scan(seed=5), handwritten_scan(seed=5)
    digest = [hashlib.sha1(i.tobytes()).hexdigest() for i in a.images]
    assert digest == [hashlib.sha1(i.tobytes()).hexdigest() for i in b.images]
    assert a.truth == b.truth and a.font == b.font
    assert set(a.boxes) >= {"received_by", "signed", "items.0.qty_delivered"}
    unsigned = handwritten_scan(seed=5, signed=False)
    assert unsigned.truth["signed"] is False
    with pytest.raises(ValueError, match="no handwritten variant"):
        handwritten_scan("payslip")


@needs_fonts
def test_signature_field_on_a_handwritten_scan(tmp_path):
    from formsift import Engine
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png
    from formsift.samples.handwritten import handwritten_scan

    if not models_available():
        pytest.skip("OCR models not installed")
    root = __import__("pathlib").Path(__file__).resolve().parents[2]
    template = root / "examples" / "templates" / "delivery_note_signed.sift"
    engine = Engine()
    for signed in (True, False):
        scan = handwritten_scan(seed=11, signed=signed)
        path = tmp_path / f"note-{signed}.png"
        path.write_bytes(encode_png(scan.images[0]))
        result = engine.extract(path, template=template)
        field = result.fields["signed"]
        assert field is not None and field.value is signed, (signed, field)
        assert field.confidence >= 0.5 and field.source == "signature"
        if not signed:
            assert result.status.value == "review"  # `review when not signed`


@needs_fonts
def test_every_font_of_the_handwritten_samples_draws_digits_and_letters():
    # TypoScript has no digits: the generated quantities were empty boxes on the page
    # while the truth held numbers
    import string

    from formsift.handwriting.synth import supported_chars
    from formsift.samples.handwritten import _fonts

    for font in _fonts():
        missing = set(string.digits + string.ascii_letters) - set(supported_chars(str(font)))
        assert not missing, (font.name, sorted(missing))


@needs_fonts
def test_a_packet_reads_handwriting_with_its_documents_template(tmp_path):
    """`formsift extract --split` read a delivery note's handwritten quantities with the
    printed-text recognizer (the pages were read once, to split the file): '14' came out
    '19', accepted, where extracting the note alone reads it with the handwriting model."""
    from formsift import Engine
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png
    from formsift.samples.handwritten import handwritten_scan

    if not models_available():
        pytest.skip("OCR models not installed")
    scan = handwritten_scan(seed=3)
    path = tmp_path / "note.png"
    path.write_bytes(encode_png(scan.images[0]))
    engine = Engine(seen_store="memory")
    alone = engine.extract(path, "delivery_note")
    (document,) = engine.extract_packet(path).documents
    packed = document.result

    def sources(result):
        return {c.source for row in result.tables["items"] for c in row.values() if c}

    assert "crnn" in sources(alone)
    assert "crnn" in sources(packed)
    assert packed.record()["items"] == alone.record()["items"]
