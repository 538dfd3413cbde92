"""``formsift explain`` shows the reading ``formsift extract`` produced.

Timesheet journey: on a faxed timesheet, explain reported the handwritten Start cells as
'700', '9130', '900' (invalid_value, left blank) and the rule ``day_hours`` not evaluated,
where extract gave 17.00, 9.30, 9.00. explain recognized the page and ran the template
once; extract then reads again, with the column's type as the constraint, the handwritten
cells that did not read (:mod:`formsift.templates.constrained`), and runs the template
again. explain now extracts the document as extract does and explains that reading.

The handwriting recognizer is the stand-in of the table cells' constrained-reading tests:
freely it reads "N" for a 3 and "16-05" for a time, under a constraint what it allows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from formsift.templates.explain import explain
from tests.test_table_cells_constrained_reread import TABLE, Hand, Printed, _doc, _readings


def _engine(registry: Any, monkeypatch: pytest.MonkeyPatch, doc: Any, hand: Hand,
            source: str = TABLE) -> tuple[Any, Any]:
    from formsift import Engine
    from formsift.templates import check_source

    (template,), _ = check_source(source, "t.sift", registry)
    engine = Engine(registry=registry, seen_store="memory")
    monkeypatch.setattr(engine, "_recognition_stages", lambda t: ([], [], [Printed(), hand]))
    monkeypatch.setattr(engine, "_prepared",
                        lambda d, p, pre: np.full((1000, 800), 255, np.uint8))
    monkeypatch.setattr(engine, "load", lambda source, **kw: doc)
    return engine, template


def _rows(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.startswith("    ")
            and line.strip()[:2] in ("1:", "2:")]


def test_explain_shows_the_cells_extract_read_again_with_their_column_type(
        registry, monkeypatch):
    rows = [("MW-01", "N", "16-05"), ("MW-02", "4", "09:20")]
    engine, template = _engine(registry, monkeypatch, _doc(rows), Hand(_readings()))
    shown = explain(engine, "t.png", template)
    assert _rows(shown) == ["1: sample_id='MW-01', containers=3, "
                            "time=datetime.time(16, 5)",
                            "2: sample_id='MW-02', containers=4, "
                            "time=datetime.time(9, 20)"], shown
    # nor does it name the cells extract read: its status and reasons are extract's
    assert "invalid_value" not in shown and "'N'" not in shown, shown
    extracted, _ = _engine(registry, monkeypatch, _doc(rows), Hand(_readings()))
    result = extracted.extract_document(_doc(rows), template)
    assert f"status: {result.status.value}" in shown
    assert [ln.split("] ", 1)[1] for ln in shown.splitlines()
            if ln.startswith("  reason [")] == [r.message for r in result.reasons]


def test_explain_names_a_cell_extract_could_not_read_either(registry, monkeypatch):
    hand = Hand({0.446: ("N",), 0.73: ("16-05",), 0.406: ("7",)})  # nothing else read
    engine, template = _engine(registry, monkeypatch, _doc([("MW-01", "N", "16-05")]), hand)
    shown = explain(engine, "t.png", template)
    assert _rows(shown) == ["1: sample_id='MW-01', containers=-, time=-"], shown
    assert "[invalid_value]" in shown or "[field_missing]" in shown, shown


#: A log sheet whose Temp column holds handwritten times (MNIST digits, a pen colon).
LOG = """template log {
  table rows {
    unit: text header "Unit"
    temp: time? header "Temp" handwritten
    count: int? header "Count" handwritten
    until "Checked by"
  }
}"""


def test_explain_of_a_scanned_sheet_shows_the_time_extract_read_again(registry, tmp_path):
    # the smallest generated sheet found where the two differed: the last row's 6:15 does
    # not read freely (left blank by a single run) and reads so under the time constraint
    import cv2

    from formsift import Engine
    from formsift.templates import check_source
    from tests.handwriting.log_cells import mnist_digits, sheet

    if mnist_digits() is None:
        pytest.skip("no MNIST test set")
    times = ["7:00", "9:30", "9:00", "17:00", "8:45", "6:15"]
    drawn = sheet([{"unit": f"U{i + 1}", "temp": t} for i, t in enumerate(times)], "mnist",
                  seed=0, dpi=200)
    path = tmp_path / "log.png"
    cv2.imwrite(str(path), drawn.image)
    (template,), _ = check_source(LOG, "log.sift", registry)
    shown = explain(Engine(registry=registry, seen_store="memory"), path, template)
    rows = [ln.strip() for ln in shown.splitlines() if ln.startswith("    6: ")]
    assert rows == ["6: unit='U6', temp=datetime.time(6, 15), count=-"], shown
