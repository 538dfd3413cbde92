"""A text value beside its label, then the next label of the template on the same line:
the value ends where that label's words start, at any gap. "Customer: Anna Berg Tax ID:
DE123..." read "Anna Berg Tax" (only the word with the colon was cut), accepted, at word
gaps of 1 to 5 spaces (task LB 2)."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.templates import check_source


def _extract(registry, make_pdf, fields: dict[str, tuple[str, str]], line: str):
    body = "".join(f'  field {k}: {t} = right of "{label}"\n'
                   for k, (t, label) in fields.items())
    (tpl,), diags = check_source("template t {\n" + body + "}\n", "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    pdf = make_pdf([(50, 100, line)])
    result = Engine([tpl], registry=registry, seen_store="memory").extract(pdf, tpl)
    return {k: (None if f is None else str(f.value)) for k, f in result.fields.items()}


@pytest.mark.parametrize("gap", [1, 2, 3, 5])
@pytest.mark.parametrize(("line", "fields", "values"), [
    ("Customer: Anna Berg{gap}Tax ID: DE123456789",
     {"c": ("text", "Customer"), "t": ("text", "Tax ID")},
     {"c": "Anna Berg", "t": "DE123456789"}),
    ("Customer     Anna Berg{gap}Tax ID: DE123456789",
     {"c": ("text", "Customer"), "t": ("text", "Tax ID")},
     {"c": "Anna Berg", "t": "DE123456789"}),
    ("Reference: abc{gap}Order no: 77",
     {"r": ("text", "Reference"), "o": ("text", "Order no")}, {"r": "abc", "o": "77"}),
    ("Reference: 4711{gap}Order no.: 77",
     {"r": ("text", "Reference"), "o": ("text", "Order no.")}, {"r": "4711", "o": "77"})])
def test_a_text_value_ends_where_the_next_label_of_the_template_starts(
        registry, make_pdf, line, fields, values, gap):
    assert _extract(registry, make_pdf, fields, line.replace("{gap}", " " * gap)) == values


@pytest.mark.parametrize("gap", [1, 3, 5, 6])
@pytest.mark.parametrize(("line", "fields", "values"), [
    ("Invoice no: 4711{gap}Date: 12.03.2026",
     {"no": ("text", "Invoice no"), "date": ("date", "Date")},
     {"no": "4711", "date": "2026-03-12"}),
    ("Invoice no: INV-4711{gap}Date: 12.03.2026",
     {"no": ("text", "Invoice no"), "date": ("date", "Date")},
     {"no": "INV-4711", "date": "2026-03-12"}),
    ("Name: Anna Berg{gap}Phone: 030 1234",
     {"n": ("text", "Name"), "p": ("text", "Phone")}, {"n": "Anna Berg", "p": "030 1234"}),
    ("Total: 12.50{gap}Due date: 30.03.2026",
     {"t": ("money", "Total"), "d": ("date", "Due date")},
     {"t": "12.50", "d": "2026-03-30"})])
def test_a_value_before_a_one_word_label_or_a_number_before_a_label_as_before(
        registry, make_pdf, line, fields, values, gap):
    """Guard: these read right before the change too."""
    assert _extract(registry, make_pdf, fields, line.replace("{gap}", " " * gap)) == values


def test_words_of_the_value_that_are_no_label_of_the_template_stay():
    """Guard: a label the template does not name ends the value at its colon's word only,
    as before (its words are not told from the value's without a wider gap)."""
    from formsift.templates.labels import loose
    from formsift.templates.locators import _first_block
    from tests.words import words_doc

    line = words_doc((("Anna", 0.10, 0.14), ("Berg", 0.15, 0.19), ("Tax", 0.20, 0.23),
                      ("ID:", 0.24, 0.26), ("DE1", 0.27, 0.3))).pages[0].lines[0]
    assert [w.text for w in _first_block(line.words)] == ["Anna", "Berg", "Tax"]
    assert [w.text for w in _first_block(line.words, labels=frozenset({loose("Tax ID")}))] \
        == ["Anna", "Berg"]
