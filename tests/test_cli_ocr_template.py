"""`formsift ocr -t TEMPLATE` reads a scan with the template's pipeline (plugin2 journey,
stop 28, docs finding d): a plugin author could not see what their recognizer reads on a
page except through `extract --debug-dir` or `explain`."""

from __future__ import annotations

from formsift.cli import EXIT_OK, EXIT_TEMPLATE, main


def _page(tmp_path):
    import cv2
    import numpy as np

    path = tmp_path / "page.png"
    cv2.imwrite(str(path), np.full((120, 160, 3), 255, np.uint8))
    return path


def test_ocr_reads_with_the_templates_recognizer(tmp_path, capsys):
    tpl = tmp_path / "t.sift"
    tpl.write_text('template t {\n  pipeline {\n    recognize fixed_reader\n  }\n'
                   '  field total: money = right of "Total"\n}\n', encoding="utf-8")
    page = _page(tmp_path)
    code = main(["--plugin", "tests.plugins.dummy_stages", "ocr", str(page), "-t", str(tpl)])
    assert code == EXIT_OK
    assert capsys.readouterr().out.split() == ["Total", "12.50"]


def test_ocr_without_a_template_uses_the_defaults(tmp_path, capsys):
    page = _page(tmp_path)
    assert main(["--plugin", "tests.plugins.dummy_stages", "ocr", str(page)]) == EXIT_OK
    assert "12.50" not in capsys.readouterr().out  # a blank page: the default OCR reads none


def test_ocr_with_a_document_for_the_template_says_so(tmp_path, capsys):
    page = _page(tmp_path)
    assert main(["ocr", str(page), "-t", str(page)]) == EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert "looks like a document" in err and "Traceback" not in err
