"""Belgian identifiers as Benelux invoices print them (benelux journey).

Finding 5: the structured communication (OGM/VCS) written between asterisks,
``***012/3456/78939***`` (Belgium's other accepted frame besides ``+++``), failed
``valid_id("be.ogm_vcs", x)`` although the same digits between ``+++`` passed: a needless
review."""

from __future__ import annotations

import pytest

from formsift.plugins.validators.national_ids import valid_id
from tests.parsing import ctx, ftype


@pytest.mark.parametrize("text,ok", [
    ("+++012/3456/78939+++", True),
    ("***012/3456/78939***", True),
    ("*** 012 / 3456 / 78939 ***", True),
    ("012/3456/78939", True),
    ("***012/3456/78938***", False),      # wrong check digits stay wrong
    ("+++012/3456/78938+++", False),
    ("***012/3456/7893***", False),        # a digit short
])
def test_structured_communication_in_either_frame(text, ok):
    assert valid_id("be.ogm_vcs", text) is ok



# Finding 6 (docs/UX): a Belgian enterprise (VAT) number printed without 'BE'
# ("N° d'entreprise 0312.566.068") was no value of the vat type, so a Belgian
# template's 'vat = anywhere' went to review. Where the template says which country
# (its locale's region, "fr_BE", or vat(country="BE")), a number without a prefix is
# read as that country's VAT number, below one written with its prefix.
@pytest.mark.parametrize("locale, options, text, value", [
    ("fr_BE", {}, "N° d'entreprise 0312.566.068", "BE0312566068"),
    ("nl_BE", {}, "Ondernemingsnummer: 0312 566 068", "BE0312566068"),
    ("nl", {"country": "BE"}, "N° d'entreprise 0312.566.068", "BE0312566068"),
    ("fr", {"country": "be"}, "TVA 0846.310.449 RPR Gent", "BE0846310449"),
    ("nl", {"country": "NL"}, "Btw-nummer 004495445B01", "NL004495445B01"),
    ("fr", {"country": "GR"}, "ΑΦΜ 094259216", "EL094259216"),
])
def test_a_vat_number_without_its_prefix_in_the_templates_country(registry, locale,
                                                                   options, text, value):
    found = ftype(registry, "vat", **options).find(text, ctx(locale))
    assert [f.value for f in found] == [value]


@pytest.mark.parametrize("locale, options, text", [
    ("nl", {}, "N° d'entreprise 0312.566.068"),          # no country: as before
    ("fr_BE", {}, "N° d'entreprise 0312.566.067"),       # wrong check digits
    ("fr_BE", {}, "Rekening 0312.566.068.5"),            # part of a longer number
    ("fr_BE", {}, "Datum 04.12.2026"),
    ("de", {"country": "BE"}, "IBAN BE68 5390 0754 7034"),
    # of the locale's country, a number in one piece is an invoice's or an order's
    ("de_DE", {}, "Rechnungsnummer 136695976"),
    ("nl_NL", {}, "Btw-nummer 004495445B01"),
])
def test_no_vat_number_where_none_is_printed(registry, locale, options, text):
    assert ftype(registry, "vat", **options).find(text, ctx(locale)) == []


def test_a_number_with_its_prefix_ranks_first(registry):
    found = ftype(registry, "vat").find("0312.566.068 / BE 0846.310.449", ctx("fr_BE"))
    assert [f.value for f in found][:1] == ["BE0846310449"]
    assert found[0].score > found[1].score


def test_parse_reads_a_number_of_the_fields_country(registry):
    vat = ftype(registry, "vat", country="BE")
    assert vat.parse("0312.566.068", ctx("nl")) == "BE0312566068"
    assert vat.parse("BE 0846.310.449", ctx("nl")) == "BE0846310449"
    with pytest.raises(ValueError):
        ftype(registry, "vat").parse("0312.566.068", ctx("nl"))


def test_an_unknown_country_is_refused(registry):
    with pytest.raises(Exception, match="country"):
        ftype(registry, "vat", country="XX")
