"""Validators against PUBLISHED valid and invalid examples (each cited), and their use from
template rules: check digits, national IDs, currencies, MRZ, dates, totals, duplicates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.core.seen import MemorySeenStore, SqliteSeenStore, make_store
from formsift.plugins.validators import mrz as M
from formsift.plugins.validators.checksums import valid_currency
from formsift.plugins.validators.national_ids import valid_id
from formsift.plugins.validators.plausibility import (
    net_tax_gross,
    not_in_future,
    rate_allowed,
    sum_of_lines,
    tax_rate_allowed,
    within_days,
)
from formsift.templates import check_source


def fn(registry, name):
    from formsift.core.components import ComponentKind

    for info in registry.of_kind(ComponentKind.VALIDATOR).values():
        for f in info.cls().functions():
            if f.name == name:
                return f.impl
    raise AssertionError(f"no validator function {name}")


# ---------------------------------------------------------------- IBAN (python-stdnum)
# Valid: Wikipedia, "International Bank Account Number" (GB82 WEST..., the article's worked
# example; DE89 3704..., its German example) and python-stdnum's stdnum.iban docstring
# (GR16..., BE31...). Invalid: each published example with one character changed; the
# ISO 7064 mod 97-10 check detects every single substitution (ISO 13616-1, clause 6).
IBAN_VALID = ["GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00",
              "GR16 0110 1050 0000 1054 7023 795", "BE31435411161155"]
IBAN_INVALID = ["GB82 WEST 1234 5698 7654 33", "DE89 3704 0044 0532 0130 01",
                "GR16 0110 1050 0000 1054 7023 796", "BE31435411161156",
                "GB82 WEST 1234 5698 7654"]


@pytest.mark.parametrize("code", IBAN_VALID)
def test_iban_published_valid(registry, code):
    assert fn(registry, "valid_iban")(code) is True


@pytest.mark.parametrize("code", IBAN_INVALID)
def test_iban_invalid(registry, code):
    assert fn(registry, "valid_iban")(code) is False


# ---------------------------------------------------------------- EU VAT (python-stdnum)
# Valid and invalid examples from the docstrings of stdnum.eu.vat (BE0697449992,
# FR61954506077), stdnum.de.vat (DE136695976 valid; 136695978 InvalidChecksum),
# stdnum.be.vat (BE428759497 valid; BE431150351 InvalidChecksum), stdnum.nl.btw
# (NL4495445B01 valid; 123456789B90 InvalidChecksum), stdnum.fr.tva (84 323 140 391
# InvalidChecksum); and beyond the EU, as European invoices print them: stdnum.ch.vat
# (CHE-107.787.577 IVA valid; CHE-107.787.578 IVA InvalidChecksum), stdnum.gb.vat
# (GB 980 7806 84 valid; 802311781 InvalidChecksum), stdnum.no.mva (NO 995 525 828 MVA
# valid; NO 995 525 829 MVA InvalidChecksum).
VAT_VALID = ["BE697449992", "FR 61 954 506 077", "DE136695976", "BE 428759497",
             "NL4495445B01", "CHE-107.787.577 IVA", "GB 980 7806 84", "NO 995 525 828 MVA"]
VAT_INVALID = ["DE136695978", "BE431150351", "NL123456789B90", "FR84323140391",
               "CHE-107.787.578 IVA", "GB802311781", "NO 995 525 829 MVA"]


@pytest.mark.parametrize("code", VAT_VALID)
def test_vat_published_valid(registry, code):
    assert fn(registry, "valid_vat")(code) is True


@pytest.mark.parametrize("code", VAT_INVALID)
def test_vat_published_invalid(registry, code):
    assert fn(registry, "valid_vat")(code) is False


# ---------------------------------------------------------------- Luhn (python-stdnum)
# Valid: Wikipedia, "Luhn algorithm" (79927398713, the article's example), stdnum.luhn's
# docstring (78949), the Visa test card number 4111 1111 1111 1111 published in payment
# providers' test documentation. Invalid: stdnum.luhn's docstring (7894 InvalidChecksum)
# and Wikipedia's example with its check digit changed (79927398710).
@pytest.mark.parametrize("number,ok", [("79927398713", True), ("78949", True),
                                       ("4111 1111 1111 1111", True), ("7894", False),
                                       ("79927398710", False)])
def test_luhn_published_examples(registry, number, ok):
    assert fn(registry, "luhn")(number) is ok


# Payment cards: the Luhn-valid test numbers above that are card-length pass; numbers that
# pass Luhn but are no card (too short, all zeros, too long) do not.
@pytest.mark.parametrize("number,ok", [("4111 1111 1111 1111", True),
                                       ("5500-0000-0000-0004", True), ("4111 1111 1111 1112",
                                                                      False),
                                       ("0", False), ("18", False), ("79927398713", False),
                                       ("0000 0000 0000 0000", False), ("4" + "0" * 19, False),
                                       ("4111 1111 1111 111x", False)])
def test_valid_card_needs_a_card_length_and_the_luhn_digit(registry, number, ok):
    assert fn(registry, "valid_card")(number) is ok


# ---------------------------------------------------------------- BIC
# stdnum.bic docstring: AGRIFRPP882 and ABNA BE 2A valid; AGRIFRPP8 (length) and
# AGRIF2PP (digit in the country code) invalid.
@pytest.mark.parametrize("code,ok", [("AGRIFRPP882", True), ("ABNA BE 2A", True),
                                     ("AGRIFRPP8", False), ("AGRIF2PP", False)])
def test_bic_published_examples(registry, code, ok):
    assert fn(registry, "valid_bic")(code) is ok


# ---------------------------------------------------------------- national IDs
# From the docstrings of the stdnum modules named: de.idnr (36 574 261 809 valid,
# 36574261890 InvalidChecksum), nl.bsn (1112.22.333 valid, 1112.52.333 InvalidChecksum),
# es.dni (54362315-K valid, 54362315Z InvalidChecksum), it.codicefiscale
# (RCCMNL83S18D969H valid, 00743110158 InvalidChecksum), fr.nir (2 95 10 99 126 111 93
# valid, 295109912611199 InvalidChecksum).
@pytest.mark.parametrize("module,number,ok", [
    ("de.idnr", "36 574 261 809", True), ("de.idnr", "36574261890", False),
    ("nl.bsn", "1112.22.333", True), ("nl.bsn", "1112.52.333", False),
    ("es.dni", "54362315-K", True), ("es.dni", "54362315Z", False),
    ("it.codicefiscale", "RCCMNL83S18D969H", True), ("it.codicefiscale", "00743110158", False),
    ("fr.nir", "2 95 10 99 126 111 93", True), ("fr.nir", "295109912611199", False),
])
def test_national_ids_published_examples(module, number, ok):
    assert valid_id(module, number) is ok


def test_unknown_stdnum_module_is_a_check_time_error_with_did_you_mean(registry):
    src = '''template t {
      field tax_id: text = right of "Tax ID"
      field bsn: text = right of "BSN"
      rule a: valid_id("de.idnrr", tax_id)
      rule b: valid_id("nl.foo", bsn)
      rule c: valid_id("de.idnr", tax_id)
    }'''
    _, diags = check_source(src, "t.sift", registry)
    errors = [d for d in diags if d.severity == "error"]
    assert [d.line for d in errors] == [4, 5]  # all errors at once, each at its line
    assert "no number module 'de.idnrr'" in errors[0].message
    assert errors[0].hint == "did you mean 'de.idnr'?"
    assert "nl.bsn" in (errors[1].hint or "")


# ---------------------------------------------------------------- ISO 4217
def test_currency_codes_come_from_a_maintained_list():
    # ZWG (Zimbabwe Gold) entered ISO 4217 in 2024; HRK left it when Croatia took the euro
    # in 2023; the hand-kept list this replaced still had neither change.
    assert valid_currency("EUR") and valid_currency(" usd ") and valid_currency("ZWG")
    assert not valid_currency("HRK") and not valid_currency("EURO") and not valid_currency("")


# ---------------------------------------------------------------- ICAO 9303 MRZ
# Specimens of ICAO Doc 9303 (Eighth Edition, 2021): Part 4 Appendix A (TD3 passport of
# "Anna Maria Eriksson", Utopia), Part 5 Appendix A (TD1 ID card), Part 6 Appendix A (TD2);
# TD3_OLD is the specimen of the Sixth Edition (2006) with a document number of 8
# characters; TD1_LVA is the Latvian example shipped with the `mrz` package (Arg0s1080/mrz,
# examples/mrz_checker_samples/id_card_lva.py).
TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD3_OLD = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
           "L898902C<3UTO6908061F9406236ZE184226B<<<<<14"]
TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]
TD1_LVA = ["I<LVAPA99929216121282<88882<<<", "8212122M1703054LVA<<<<<<<<<<<0",
           "PARAUDZINS<<ANDRIS<<<<<<<<<<<<"]

# (line, position) of every check digit, per format, and the check it belongs to
CHECK_DIGITS = {
    "TD3": [((1, 9), "document_number"), ((1, 19), "birth_date"), ((1, 27), "expiry_date"),
            ((1, 42), "optional_data"), ((1, 43), "composite")],
    "TD2": [((1, 9), "document_number"), ((1, 19), "birth_date"), ((1, 27), "expiry_date"),
            ((1, 35), "composite")],
    "TD1": [((0, 14), "document_number"), ((1, 6), "birth_date"), ((1, 14), "expiry_date"),
            ((1, 29), "composite")],
}


@pytest.mark.parametrize("lines", [TD3, TD3_OLD, TD1, TD2, TD1_LVA])
def test_published_mrz_specimens_are_valid(lines):
    mrz = M.parse_mrz(lines)
    assert mrz.valid, mrz.checks
    assert M.valid_mrz("\n".join(lines))


@pytest.mark.parametrize("lines", [TD3, TD1, TD2])
def test_specimen_fields(lines):
    mrz = M.parse_mrz(lines)
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.issuing_state == "UTO" and mrz.nationality == "UTO" and mrz.sex == "F"
    assert mrz.birth_date == date(1974, 8, 12) and mrz.expiry_date == date(2012, 4, 15)
    assert mrz.document_number == ("L898902C3" if mrz.format == "TD3" else "D23145890")
    assert mrz.document_type == ("P" if mrz.format == "TD3" else "I")
    if mrz.format == "TD3":
        assert mrz.optional_data == "ZE184226B"


@pytest.mark.parametrize("lines", [TD3, TD1, TD2])
def test_every_check_digit_is_verified(lines):
    fmt = M.parse_mrz(lines).format
    for (row, col), name in CHECK_DIGITS[fmt]:
        broken = list(lines)
        digit = broken[row][col]
        wrong = str((int(digit) + 1) % 10)
        broken[row] = broken[row][:col] + wrong + broken[row][col + 1:]
        mrz = M.parse_mrz(broken)
        assert not mrz.valid
        assert mrz.checks[name] is False, (fmt, name)
        # the composite digit covers the other check digits too
        others = {k for k, v in mrz.checks.items() if not v}
        assert others <= {name, "composite"}


@pytest.mark.parametrize("lines", [TD3, TD1, TD2])
def test_a_changed_birth_date_fails_its_digit_and_the_composite(lines):
    fmt = M.parse_mrz(lines).format
    row, col = next(pos for pos, n in CHECK_DIGITS[fmt] if n == "birth_date")
    broken = list(lines)
    broken[row] = broken[row][:col - 1] + "3" + broken[row][col:]  # day 12 -> 13
    checks = M.parse_mrz(broken).checks
    assert checks["birth_date"] is False and checks["composite"] is False
    assert checks["document_number"] is True and checks["expiry_date"] is True


def test_check_digit_worked_example():
    # ICAO 9303 Part 3, 4.9: the worked example computes 3 for the date 520727.
    assert M.check_digit("520727") == "3"
    assert M.check_digit("L898902C3") == "6" and M.check_digit("<<<<") == "0"


def test_long_document_number_continues_in_the_optional_data():
    # TD1 rule (Part 5, 4.2.2 note): the number's tail and its check digit go in the
    # optional data, the check digit position holds '<'. Built here with the specimen's
    # fields; the check digits are computed, so the test asserts the layout rule.
    number = "D23145890123"
    head, tail = number[:9], number[9:] + M.check_digit(number)
    l1 = ("I<UTO" + head + "<" + tail).ljust(30, "<")
    l2 = "7408122F1204159UTO<<<<<<<<<<<"
    l2 += M.check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    mrz = M.parse_mrz([l1, l2, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"])
    assert mrz.document_number == number and mrz.valid


def test_not_an_mrz():
    with pytest.raises(ValueError, match="TD1 is 3 x 30"):
        M.parse_mrz(["P<UTOERIKSSON", "L898902C3"])
    with pytest.raises(ValueError, match="not allowed"):
        M.parse_mrz([TD3[0], TD3[1][:-1] + "#"])
    assert not M.valid_mrz("hello")


def test_find_mrz_in_ocr_like_text():
    text = ("PASSPORT  Surname ERIKSSON\n"
            + "P<UTOERIKSSON«ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"  # '«' read for '<<'
            + "L898902C36 UTO7408122F1204159ZE184226B<<<<<10\n"  # a stray space
            + "some footer")
    (start, end, mrz), = M.find_mrz(text)
    assert mrz.valid and mrz.surname == "ERIKSSON"
    assert text[start:end].startswith("P<UTO") and text[start:end].endswith("10")
    # trailing fillers dropped by OCR are restored (up to 3)
    (_, _, short), = M.find_mrz("\n".join([TD1[0][:-2], TD1[1], TD1[2][:-3]]))
    assert short.valid and short.format == "TD1"


def test_mrz_field_type_in_a_template(registry, make_pdf):
    src = '''template id_page {
      field surname: text = right of "Surname"
      field mrz: mrz = anywhere
      rule mrz_ok: valid_mrz(mrz)
      rule same_name: surname == mrz.surname
      rule adult: days_between(mrz.birth_date, mrz.expiry_date) > 6570
    }'''
    (tpl,), diags = check_source(src, "t.sift", registry)
    assert not diags
    page = [(50, 100, "Surname"), (150, 100, "Eriksson"), (40, 700, TD3[0]),
            (40, 715, TD3[1])]
    result = Engine([tpl], registry=registry, seen_store="memory").extract(
        make_pdf(page, font="cour"), tpl)
    assert [r.passed for r in result.rules] == [True, True, True]
    value = result.value("mrz")
    assert value["document_number"] == "L898902C3" and value["valid"] is True
    assert result.record()["mrz"]["birth_date"] == "1974-08-12"
    assert result.status is Status.ACCEPTED
    tampered = [*page[:3], (40, 715, TD3[1][:-1] + "1")]
    bad = Engine([tpl], registry=registry, seen_store="memory").extract(
        make_pdf(tampered, font="cour"), tpl)
    assert bad.rules[0].passed is False and bad.status is Status.REVIEW


def test_unknown_mrz_attribute_is_a_check_time_error(registry):
    src = '''template t {
      field mrz: mrz = anywhere
      rule a: mrz.surnam == "X"
    }'''
    _, diags = check_source(src, "t.sift", registry)
    assert diags[0].message == "'mrz' has no field 'surnam'"
    assert diags[0].hint == "did you mean 'surname'?"


# ---------------------------------------------------------------- dates and totals
def test_date_plausibility():
    today = date.today()
    assert not_in_future(today) and not not_in_future(today + timedelta(days=1))
    assert within_days(date(2024, 1, 31), date(2024, 1, 1), Decimal(30))
    assert not within_days(date(2024, 1, 1), date(2024, 3, 1), Decimal(30))


def test_totals():
    amounts = [Decimal("10.00"), Decimal("5.50")]
    assert sum_of_lines(amounts, Decimal("15.50"))
    assert not sum_of_lines(amounts, Decimal("15.52"))
    assert net_tax_gross(Decimal("100.00"), Decimal("19.00"), Decimal("119.01"))
    assert not net_tax_gross(Decimal("100.00"), Decimal("19.00"), Decimal("120.00"))
    assert tax_rate_allowed(Decimal("33.33"), Decimal("6.33"), "19, 7")  # 6.3327 -> 6.33
    assert not tax_rate_allowed(Decimal("100.00"), Decimal("16.00"), "19|7|0")
    assert rate_allowed(Decimal("7"), "19 7") and not rate_allowed(Decimal("16"), "19 7")


def test_date_and_totals_rules_in_a_template(registry, make_pdf):
    src = '''template t {
      field issued: date = right of "Date"
      field net: money = right of "Net"
      field vat: money = right of "VAT"
      field total: money = right of "Total"
      rule not_future: not_in_future(issued)
      rule gross: net_tax_gross(net, vat, total)
      rule rate: tax_rate_allowed(net, vat, "19, 7")
      rule bad_rates: rate_allowed(19, "19, seven")
    }'''
    _, diags = check_source(src, "t.sift", registry)
    assert [d.line for d in diags] == [9] and "bad list of tax rates" in diags[0].message
    (tpl,), diags = check_source(src.replace('      rule bad_rates: rate_allowed(19, '
                                             '"19, seven")\n', ""), "t.sift", registry)
    future = (date.today() + timedelta(days=40)).strftime("%d.%m.%Y")
    page = [(50, 100, "Date"), (150, 100, future), (50, 120, "Net"), (150, 120, "100.00"),
            (50, 140, "VAT"), (150, 140, "19.00"), (50, 160, "Total"), (150, 160, "119.00")]
    result = Engine([tpl], registry=registry, seen_store="memory").extract(make_pdf(page), tpl)
    assert {r.name: r.passed for r in result.rules} == {
        "not_future": False, "gross": True, "rate": True}
    assert result.status is Status.REVIEW


# ---------------------------------------------------------------- duplicates
DUP = '''template t {
  field invoice_no: id = right of "Invoice No."
  rule not_seen: not seen_before(invoice_no)
}'''


def _invoice(make_pdf, number, extra="one"):
    return make_pdf([(50, 100, "Invoice No."), (150, 100, number), (50, 200, extra)])


@pytest.mark.parametrize("store", ["memory", "sqlite"])
def test_seen_before_catches_the_second_document_with_a_number(registry, make_pdf, tmp_path,
                                                                store):
    (tpl,), _ = check_source(DUP, "t.sift", registry)
    option = "memory" if store == "memory" else tmp_path / "seen.sqlite3"
    engine = Engine([tpl], registry=registry, seen_store=option)
    pdf = _invoice(make_pdf, "INV-1")
    first = engine.extract(pdf, tpl)
    again = engine.extract(pdf, tpl)  # the same file again: not a duplicate of itself
    other = engine.extract(_invoice(make_pdf, "inv-1", "two"), tpl)  # another file, same no.
    fresh = engine.extract(_invoice(make_pdf, "INV-2", "three"), tpl)
    assert [r.rules[0].passed for r in (first, again, other, fresh)] == [True, True, False, True]
    assert other.status is Status.REVIEW
    if store == "sqlite":  # a new engine (another process) sees what the first recorded
        later = Engine([tpl], registry=registry, seen_store=option)
        assert later.extract(_invoice(make_pdf, "INV-2", "four"), tpl).rules[0].passed is False


@pytest.mark.parametrize("store", ["memory", "sqlite"])
def test_the_first_document_with_a_number_stays_the_original(tmp_path, store):
    """Recordings are ordered: asked again later (re-extracted, re-validated in review),
    the first document is not a duplicate of the second; a value a reviewer corrected
    away can be forgotten."""
    s = MemorySeenStore() if store == "memory" else SqliteSeenStore(tmp_path / "s.db")
    s.add("t", "INV-1", "first")
    s.add("t", "inv-1", "second")
    assert not s.seen("t", "INV-1", "first") and s.seen("t", "INV-1", "second")
    assert s.seen("t", "INV-1", "third") and s.seen("t", "INV-1", None)
    s.discard("t", "INV-1", "first")
    assert not s.seen("t", "INV-1", "second")


def test_store_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FORMSIFT_SEEN_STORE", "memory")
    assert isinstance(make_store(None), MemorySeenStore)
    monkeypatch.setenv("FORMSIFT_SEEN_STORE", str(tmp_path / "env.sqlite3"))
    make_store(None).add("t", "A", "doc1")
    assert (tmp_path / "env.sqlite3").is_file()
    assert isinstance(make_store("memory"), MemorySeenStore)  # an explicit choice wins


def test_store_selection(tmp_path, monkeypatch):
    monkeypatch.delenv("FORMSIFT_SEEN_STORE", raising=False)
    assert isinstance(make_store("memory"), MemorySeenStore)
    custom = SqliteSeenStore(tmp_path / "x.db")
    assert make_store(custom) is custom
    monkeypatch.setenv("FORMSIFT_STATE_DIR", str(tmp_path / "state"))
    lazy = make_store(None)
    assert not (tmp_path / "state").exists()  # nothing is created until it is used
    lazy.add("t", "A", "doc1")
    assert (tmp_path / "state" / "seen.sqlite3").exists()
    assert lazy.seen("t", " a ", "doc2") and not lazy.seen("t", "a", "doc1")
    from formsift.core.errors import FormsiftError

    with pytest.raises(FormsiftError, match="not int"):
        make_store(42)  # type: ignore[arg-type]


def test_mrz_characters_ocr_confuses_are_read_by_their_position():
    """OCR reads the OCR-B '0' as 'O' and the other way round; a user's scanned passport
    came out with nationality 'UT0' and a birth date '74O812' that failed its check."""
    mrz = M.parse_mrz(["P<UT0ERIKSS0N<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                       "L898902C36UT074O8122F12O4159ZE184226B<<<<<1O"])
    assert mrz.valid
    assert (mrz.issuing_state, mrz.nationality, mrz.surname) == ("UTO", "UTO", "ERIKSSON")
    assert mrz.birth_date == date(1974, 8, 12) and mrz.expiry_date == date(2012, 4, 15)
    assert "\n".join(mrz.lines) == "\n".join(TD3)


def _td3_line2(birth: str) -> str:
    """The specimen's second line with another birth date, every check digit computed."""
    head = "L898902C36UTO" + birth + M.check_digit(birth) + "F1204159ZE184226B<<<<<1"
    return head + M.check_digit(head[0:10] + head[13:20] + head[21:43])


def test_letters_printed_in_an_mrz_date_fail_even_when_their_check_digit_fits_them():
    """A user's forged zone: an 'O' in the birth date with check digits computed over the
    letter passed valid_mrz (and gave no birth date). Read as the '0' it looks like, its
    check digits fail (unless they happen to fit the digit too: '8OO31O' is '800310')."""
    assert M.valid_mrz("\n".join([TD3[0], _td3_line2("740812")]))
    forged = _td3_line2("74O812")
    assert M.check_digit("74O812") != M.check_digit("740812")
    assert not M.valid_mrz("\n".join([TD3[0], forged]))
