"""A percentage column written with or without its sign (stop 26)."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale


def ctx(locale: str = "en", currency: str | None = None) -> ParseContext:
    return ParseContext(get_locale(locale), currency)


def ftype(registry, name: str, **options):
    return registry.create("field_type", name, options or None)


@pytest.mark.parametrize("text, value", [("50", "50"), ("46.0%", "46.0"), ("100 %", "100"),
                                         ("12.5", "12.5"), (" 7,5 ", "7.5")])
def test_a_percent_written_with_or_without_its_sign_under_sign_optional(registry, text, value):
    percent = ftype(registry, "percent", sign="optional")
    locale = "de" if "," in text else "en"
    assert str(percent.parse(text, ctx(locale))) == value
    assert [str(f.value) for f in percent.find(text, ctx(locale))] == [value]


def test_a_percent_sign_is_required_by_default(registry):
    percent = ftype(registry, "percent")
    assert percent.find("50", ctx()) == []
    assert str(percent.find("46.0%", ctx())[0].value) == "46.0"


@pytest.mark.parametrize("text, values", [
    ("3 of 50 % done", ["50"]),        # a bare number beside others is no percentage
    ("50 kg", []), ("Line 50", []), ("12/05", []),
])
def test_only_a_bare_number_standing_alone_is_a_percentage(registry, text, values):
    percent = ftype(registry, "percent", sign="optional")
    assert [str(f.value) for f in percent.find(text, ctx())] == values


def test_a_percent_column_printed_with_and_without_the_sign_is_read(tmp_path):
    sift = tmp_path / "t.sift"
    sift.write_text("""template pct {
  locale "en_US"
  table lines {
    desc: text header "Description"
    pct: percent(sign="optional") header "% Comp"
    until "Total"
  }
}
""", encoding="utf-8")
    doc = tmp_path / "d.txt"
    doc.write_text("Description        % Comp\nExcavation         50\nConcrete           46.0%\n"
                   "Steel              100\nTotal\n", encoding="utf-8")
    result = Engine(seen_store="memory").extract(str(doc), template=str(sift))
    assert [str(row["pct"].value) for row in result.tables["lines"]] == ["50", "46.0", "100"]
