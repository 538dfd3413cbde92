"""IDs whose groups are split by dashes or spaces other than ASCII ones (ceeu journey,
finding 2): a Polish NIP ``526\\u00ad025\\u00ad09\\u00ad95`` from a PDF's text layer (soft
hyphens) or ``123\\u2011456\\u201132\\u201118`` (non-breaking hyphens) failed
``valid_id("pl.nip")``, and the rule's message showed what looks like a normal NIP."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.plugins.validators.checksums import (
    _valid,
    valid_card,
    valid_pzn,
    valid_vat,
    valid_vin,
)
from formsift.plugins.validators.national_ids import valid_id
from formsift.templates import check_source

SEPARATORS = ["\u00ad", "\u2010", "\u2011", "\u2012", "\u2013", "\u2212", "\uff0d"]
SPACES = ["\u00a0", "\u2009", "\u2007", "\u202f", "\u200a"]


@pytest.mark.parametrize("sep", SEPARATORS)
def test_a_nip_with_unicode_dashes_passes_its_check(sep):
    # 1234563218 and 5260250995 are valid NIPs (python-stdnum's and a real one's shape)
    assert valid_id("pl.nip", sep.join(["123", "456", "32", "18"]))
    assert valid_id("pl.nip", sep.join(["526", "025", "09", "95"]))
    # a wrong check digit still fails, whatever the separators
    assert not valid_id("pl.nip", sep.join(["123", "456", "32", "19"]))


@pytest.mark.parametrize("sep", [*SPACES, "\u200b"])
def test_ids_grouped_with_other_spaces_pass(sep):
    assert valid_id("de.idnr", sep.join(["36", "574", "261", "809"]))
    assert valid_vat("DE" + sep.join(["136", "695", "976"]))
    assert _valid("stdnum.luhn", compact=True)(sep.join(["4111", "1111", "1111", "1111"]))
    assert valid_card(sep.join(["4111", "1111", "1111", "1111"]))


def test_the_other_checks_read_the_same_separators():
    assert valid_pzn("PZN\u2011" + "04877800")
    assert valid_vin("1HGCM826\u00ad33A004352")
    assert _valid("stdnum.iban")("DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000")


def test_plain_separators_keeps_positions_when_asked():
    from formsift.util.number_text import plain_separators

    text = "NIP 526\u00ad025\u200b09\u201195"
    assert plain_separators(text) == "NIP 526-02509-95"
    assert plain_separators(text, same_length=True) == "NIP 526-025 09-95"
    assert len(plain_separators(text, same_length=True)) == len(text)


def test_shown_escapes_invisible_characters():
    from formsift.util.number_text import shown

    assert shown("526\u00ad025\u00ad09\u00ad95") == '"526\\u00ad025\\u00ad09\\u00ad95"'
    assert shown("12\u2009500") == '"12\\u2009500"'
    assert shown('a "b" 1-2') == '"a \\"b\\" 1-2"'


def test_identifier_field_types_read_unicode_separators(registry):
    from formsift.core.kinds import ComponentKind, ParseContext
    from formsift.core.locale import Locale

    ctx = ParseContext(Locale())
    vat = registry.create(ComponentKind.FIELD_TYPE, "vat")
    iban = registry.create(ComponentKind.FIELD_TYPE, "iban")
    assert vat.parse("DE\u00a0136\u2011695\u2011976", ctx) == "DE136695976"
    assert [f.value for f in vat.find("USt-IdNr.: DE\u202f136\u202f695\u202f976", ctx)] \
        == ["DE136695976"]
    text = "IBAN: DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000 BIC"
    found = iban.find(text, ctx)
    assert [f.value for f in found] == ["DE89370400440532013000"]
    assert text[found[0].start:found[0].start + 4] == "DE89"


@pytest.mark.parametrize("sep", ["\u00ad", "\u2011"])
def test_a_polish_invoice_with_a_soft_hyphenated_nip_is_accepted(registry, tmp_path, sep):
    src = '''template pl {
      field nip: text = right of "NIP:"
      rule nip_ok: valid_id("pl.nip", nip)
    }'''
    (tpl,), diags = check_source(src, "pl.sift", registry)
    assert not [d for d in diags if d.severity == "error"]
    doc = tmp_path / "faktura.txt"
    doc.write_text(f"Faktura VAT\nNIP: {sep.join(['526', '025', '09', '95'])}\n",
                   encoding="utf-8")
    result = Engine([tpl], registry=registry).extract(doc, tpl)
    assert result.status is Status.ACCEPTED, result.reasons
