"""Typed words in an initials cell of a PDF's text layer are initials only when they are
written as initials (code read of 31bcea7): "Not witnessed", "pending", "to follow",
"awaiting" and "TBC" typed in a Witnessed-by column read initialled, and a register
whose rule wants every entry witnessed was accepted."""

from __future__ import annotations

from tests.test_initials_text_layer_register import TEMPLATE

TYPED = ["CN", "Not witnessed", "pending", "to follow", "awaiting", "TBC", "J.D."]


def _register(make_pdf) -> bytes:
    items = [(40, 60, "CONTROLLED DRUG REGISTER"),
             (40, 100, "Date"), (200, 100, "Amount"), (203, 112, "given"),
             (300, 100, "Given"), (306, 112, "by"), (380, 100, "Witnessed"),
             (395, 112, "by"), (480, 100, "Balance")]
    for i, witness in enumerate(TYPED):
        y = 140 + 22 * i
        items += [(40, y, f"0{i + 2}/11/26"), (210, y, "1"), (305, y, "AB"),
                  (390, y, witness), (480, y, str(20 - i))]
    items.append((40, 140 + 22 * len(TYPED), "Carried forward 14"))
    return make_pdf(items)


def test_only_initials_typed_read_initialled(tmp_path, make_pdf):
    from formsift import Engine

    (tmp_path / "r.sift").write_text(TEMPLATE.replace(
        "    until", "    until").replace("}\n}\n", "}\n  rule all_witnessed: each entries: "
                                                   "witnessed\n}\n"))
    (tmp_path / "r.pdf").write_bytes(_register(make_pdf))
    result = Engine().extract(tmp_path / "r.pdf", str(tmp_path / "r.sift"))
    rows = result.tables["entries"]
    assert [r["witnessed"].value for r in rows] == \
        [True, False, False, False, False, False, True]
    assert result.status == "review"
