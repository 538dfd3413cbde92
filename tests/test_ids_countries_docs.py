"""The tax and company numbers of the countries of the mediterranean and anzca journeys
(mediterranean finding 7, anzca finding 5): the docs named none of the modules that check
them (tr.vkn, gr.vat, il.idnr, au.abn, nz.ird, ca.bn, ...), and a Greek ΑΦΜ printed
without ``EL`` was no value of a ``vat`` field whose country the template did not name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from formsift.core.result import Status
from formsift.plugins.validators.national_ids import known_modules, valid_id
from tests.parsing import best, extract_text

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _country_table() -> list[tuple[str, str, str, str]]:
    """(country, module, checks, example) of each row of validation.md's table of the
    countries' modules."""
    text = (DOCS / "validation.md").read_text(encoding="utf-8")
    start = text.find("| country | number | module | checks | example |")
    if start < 0:
        return []
    rows = []
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows.append((cells[0], cells[2].strip("`"), cells[3], cells[4].strip("`")))
    return rows


def test_the_docs_name_the_modules_the_journeys_needed():
    modules = {m for _, m, _, _ in _country_table()}
    assert modules, "validation.md has no table of the countries' modules"
    assert {"tr.vkn", "tr.tckimlik", "gr.vat", "il.idnr", "au.abn", "au.acn", "nz.ird",
            "ca.bn", "kr.brn", "tw.ubn"} <= modules
    assert modules <= set(known_modules())


@pytest.mark.parametrize("country,module,checks,example", _country_table())
def test_each_example_of_the_docs_passes_and_fails_with_another_last_digit(
        country, module, checks, example):
    assert valid_id(module, example), (country, module, example)
    last = example.rstrip()[-1]
    changed = example.rstrip()[:-1] + (str((int(last) + 1) % 10) if last.isdigit()
                                       else "A" if last != "A" else "B")
    assert valid_id(module, changed) is checks.startswith("format only"), (module, changed)


# The mediterranean journey's ΑΦΜ (gr1.pdf) and python-stdnum's example; 094451727 has
# its last digit changed.
@pytest.mark.parametrize("country", ["GR", "EL", "gr"])
@pytest.mark.parametrize("printed,value", [
    ("094451726", "EL094451726"), ("094259216", "EL094259216"),
    ("094 451 726", "EL094451726"), ("EL094451726", "EL094451726"),
    ("094451727", None),
])
def test_a_greek_afm_without_el_is_read_with_the_country_named(registry, country, printed,
                                                              value):
    found = best(registry, "vat", f"{printed} ΔΟΥ: Α' ΑΘΗΝΩΝ", country=country)
    assert (found.value if found else None) == value
    if value:
        assert valid_id("gr.vat", value) and valid_id("gr.vat", printed)


GR = '''template gr {
  decimal ","
  thousands "."
  field tax_no: vat(country="GR") = right of "ΑΦΜ" | "Α.Φ.Μ."
  rule afm: valid_id("gr.vat", tax_no) and valid_vat(tax_no)
}'''


@pytest.mark.parametrize("afm,value,status", [
    ("094451726", "EL094451726", Status.ACCEPTED),
    ("094451727", None, Status.REVIEW),
])
def test_the_greek_example_of_the_docs(tmp_path, afm, value, status):
    assert 'field tax_no: vat(country="GR") = right of "ΑΦΜ" | "Α.Φ.Μ."' in \
        (DOCS / "validation.md").read_text(encoding="utf-8")
    result = extract_text(tmp_path, GR, f"ΤΙΜΟΛΟΓΙΟ\nΑΦΜ: {afm}\n")
    assert result.record()["tax_no"] == value
    assert result.status is status, result.reasons


def test_the_languages_page_names_the_modules_of_its_countries():
    text = (DOCS / "languages.md").read_text(encoding="utf-8")
    for module in ("tr.vkn", "tr.tckimlik", "gr.vat", "il.idnr", "kr.brn", "tw.ubn",
                   "cn.uscc", "jp.cn"):
        assert re.search(rf'valid_id\("{re.escape(module)}", x\)', text), module
