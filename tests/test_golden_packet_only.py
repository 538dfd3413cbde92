"""`formsift test` in a folder whose .sift defines only a packet of library templates."""

from __future__ import annotations

import json

from formsift.cli import EXIT_OK, main
from formsift.core.engine import Engine
from formsift.templates.golden import run_golden

PACKET_ONLY = """packet onboarding {
  document inv: invoice
  document dn: delivery_note
}
"""


def test_a_packet_only_file_is_split_and_its_hint_names_it_as_templates(tmp_path, make_pdf,
                                                                        capsys):
    """Code read R2 of edf9945: a .sift holding only a packet (its documents read by
    library templates, as the docs' `packet kyc` example) was taken for one template:
    the hint said `-t onboarding.sift` without --split, whose command fails ('the file
    defines packets only; name a template'), and a golden JSON beside it was run with it
    as a template."""
    folder = tmp_path / "golden"
    folder.mkdir()
    sift = folder / "onboarding.sift"
    sift.write_text(PACKET_ONLY)
    doc = folder / "p1.pdf"
    doc.write_bytes(make_pdf([(50, 60, "INVOICE"), (50, 100, "Invoice no. RE-1"),
                              (50, 120, "Total 10.00")],
                             [(50, 60, "DELIVERY NOTE"), (50, 100, "Delivery note no. DN-1")]))
    assert main(["test", str(folder)]) != EXIT_OK
    hint = capsys.readouterr().err
    assert f"--templates {sift} --split --record" in hint, hint
    command = hint.split("write one with formsift ")[1].split(" and check")[0].split()
    main([*command, "--no-progress"])
    assert json.loads(doc.with_suffix(".json").read_text())["packet"] == "onboarding"
    report = run_golden(Engine(seen_store="memory"), [folder])
    assert [(c.ok, c.packet) for c in report.cases] == [(True, "onboarding")], report.lines()
