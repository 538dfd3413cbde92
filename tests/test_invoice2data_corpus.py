"""The invoice2data corpus (../shared/corpora/invoice2data): its 215 bundled templates
convert and check, and the converted templates reproduce invoice2data's golden JSON on
the born-digital samples (the scanned ones need OCR: see benchmarks/bench_invoice2data.py).
Skipped when the corpus is absent."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("yaml")

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def converted(corpora, tmp_path_factory):
    from formsift.importers.invoice2data import convert_many
    from formsift.templates import check_source

    root = corpora / "invoice2data"
    if not (root / "templates").is_dir():
        pytest.skip("no invoice2data corpus")
    out = tmp_path_factory.mktemp("i2d")
    files, failed = [], []
    pairs = list(convert_many([root / "templates"]))
    for path, conv in pairs:
        assert not isinstance(conv, Exception), f"{path}: {conv}"
        target = out / (conv.name + ".sift")  # unique names: one flat folder
        target.write_text(conv.text, encoding="utf-8")
        errors = [d for d in check_source(conv.text, str(target))[1] if d.severity == "error"]
        (failed if errors else files).append(target)
    return root, files, failed, len(pairs)


def test_bundled_templates_convert_and_check(converted):
    _, files, failed, total = converted
    assert total >= 215
    assert len(files) >= 0.9 * total, [str(f) for f in failed]


def test_golden_samples_born_digital(converted):
    from formsift import Engine
    from formsift.importers.compare import compare

    root, files, _, _ = converted
    engine = Engine(templates=files)
    passed, wrong = 0, {}
    samples = [p for p in sorted((root / "compare").iterdir())
               if p.suffix in (".pdf", ".txt") and p.with_suffix(".json").exists()]
    assert len(samples) == 12
    for path in samples:
        expected = json.loads(path.with_suffix(".json").read_text())[0]
        results = compare(expected, engine.extract(path).record())
        bad = [r.name for r in results if r.kind == "expected" and not r.ok]
        passed += not bad
        if bad:
            wrong[path.name] = bad
    # measured: 10 of 12 (AzureInterior: invoice2data derives unece_code from uom and
    # reads empty numbers as 0.0; saeco.pdf's keywords are in an image: it needs OCR)
    assert passed >= 10, wrong
