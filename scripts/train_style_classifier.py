"""Fit the printed/handwritten classifier and measure it on its held-out part.

    nice -n 19 .venv/bin/python scripts/train_style_classifier.py

Writes src/formsift/models/printed_vs_handwritten.json and prints accuracy per source on
the test part (fonts, handwriting-dev lines, SROIE receipts and MNIST digits never used for
fitting; see formsift.handwriting.style_data).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    import numpy as np

    from formsift.handwriting.style import features, fit
    from formsift.handwriting.style_data import font_part, style_samples

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--synthetic", type=int, default=600,
                        help="synthetic lines per class (train part; a third for test)")
    parser.add_argument("--out", type=Path,
                        default=ROOT / "src/formsift/models/printed_vs_handwritten.json")
    args = parser.parse_args()
    data = {}
    for part, n in (("train", args.synthetic), ("test", args.synthetic // 3)):
        images, labels, sources = style_samples(args.corpora, part, n)
        x = np.stack([features(img) for img in images])
        data[part] = (x, np.array(labels), sources)
        print(f"{part}: {len(labels)} lines ({sum(labels)} handwritten)")
    model = fit(data["train"][0], data["train"][1])
    x, y, sources = data["test"]
    report = _report(model, x, y, sources)
    if args.out.is_file():  # the model being replaced, on the same test lines
        from formsift.handwriting.style import StyleModel

        before = _report(StyleModel.load(args.out), x, y, sources)
        print("before (the file being replaced):", json.dumps(before, indent=1))
    from formsift.handwriting.fonts import handwriting_fonts, printed_fonts

    report["test_fonts"] = sorted(p.name for p in font_part(handwriting_fonts(), "test")
                                  + font_part(printed_fonts(), "test"))
    model.info = {"trained_by": "scripts/train_style_classifier.py", "test": report}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(json.dumps(report, indent=1))


def _report(model, x, y, sources) -> dict:
    """Accuracy on the test lines, in all and per source."""
    pred = (model.probability(x) >= model.threshold).astype(int)
    report = {"accuracy": round(float((pred == y).mean()), 4), "lines": len(y),
              "by_source": {}}
    for s in sorted(set(sources)):
        idx = [i for i, src in enumerate(sources) if src == s]
        report["by_source"][s] = {"accuracy": round(float((pred[idx] == y[idx]).mean()), 4),
                                  "lines": len(idx)}
    return report


if __name__ == "__main__":
    main()
