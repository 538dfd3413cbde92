"""Service workers start with whatever loaders are installed."""

from __future__ import annotations


def test_workers_warm_up_without_the_pdf_loader():
    """PyMuPDF is AGPL: a deployment may block the `pdf` loader and install another. The
    workers' warm-up used to extract a PDF directly, so with `pdf` blocked they never
    became ready."""
    from formsift.core.engine import Engine
    from formsift.service.workers import _warm_up

    engine = Engine(block=["pdf"])
    assert "pdf" not in engine.registry.of_kind("loader")
    _warm_up(engine, ocr=False)  # no exception: the worker reports ready
    assert engine.templates  # the templates were compiled before the first request
