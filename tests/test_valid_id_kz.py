"""Kazakh IIN and BIN under ``valid_id("kz.iin", x)`` / ``valid_id("kz.bin", x)``, and no
other country's module as the hint for a country no module is for (journey cyrillic,
finding 9: ``valid_id("kz.bin", x)`` was an error with the hint "did you mean 'za.tin'?",
while validation.md says a misspelled module never gets another country's)."""

from __future__ import annotations

import pytest

from formsift.core.result import Status
from formsift.plugins.validators.national_ids import valid_id
from formsift.templates import check_source
from tests.parsing import extract_text

W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def with_check_digit(first11: str) -> str | None:
    """The published scheme: weights 1..11 mod 11; where that gives 10, 3..11, 1, 2; a
    second 10 is never issued."""
    for weights in (W1, W2):
        check = sum(int(d) * w for d, w in zip(first11, weights, strict=True)) % 11
        if check != 10:
            return first11 + str(check)
    return None


def numbers(head: str) -> list[str]:
    """Numbers starting with ``head``, the serials filled in, of both weight sets."""
    out, second = [], []
    width = 11 - len(head)
    for serial in range(min(10 ** width, 400)):
        first11 = head + f"{serial:0{width}d}"
        full = with_check_digit(first11)
        if full is None:
            continue
        first = sum(int(d) * w for d, w in zip(first11, W1, strict=True)) % 11
        (second if first == 10 else out).append(full)
    assert out and second  # both sets are exercised
    return out[:5] + second[:5]


# a resident legal entity registered in June 2008, its head office; a branch of a
# non-resident one; an individual born on 1990-01-15 (a man, 20th century); 2006-12-11
BINS = numbers("080640") + numbers("150351")
IINS = numbers("900115300") + numbers("061211600")


@pytest.mark.parametrize("number", BINS)
def test_valid_bins(number):
    assert valid_id("kz.bin", number)
    assert valid_id("kz.bin", f"{number[:4]} {number[4:8]} {number[8:]}")  # in groups
    assert not valid_id("kz.bin", number[:11] + str((int(number[11]) + 1) % 10))
    assert not valid_id("kz.iin", number)  # no IIN: its 7th digit is no century


@pytest.mark.parametrize("number", IINS)
def test_valid_iins(number):
    assert valid_id("kz.iin", number)
    assert not valid_id("kz.iin", number[:11] + str((int(number[11]) + 1) % 10))


def test_wrong_shapes():
    assert not valid_id("kz.bin", "08064000357")  # 11 digits
    assert not valid_id("kz.bin", with_check_digit("08134000357"))  # month 13
    assert not valid_id("kz.bin", with_check_digit("08067000357"))  # holder 7
    assert not valid_id("kz.iin", with_check_digit("90011590012"))  # century 9
    # two digits swapped: the weights see it
    assert valid_id("kz.bin", "080640003575") and not valid_id("kz.bin", "080640030575")


def test_a_kz_template_checks_and_sends_a_wrong_bin_to_review(tmp_path):
    bin_ = with_check_digit("08064000357")
    tpl = ('template t {\n  field bin: id(/\\d{12}/) = right of "БИН"\n'
           '  rule ok: valid_id("kz.bin", bin)\n}\n')
    assert extract_text(tmp_path, tpl, f"БИН {bin_}\n").status is Status.ACCEPTED
    wrong = bin_[:11] + str((int(bin_[11]) + 1) % 10)
    assert extract_text(tmp_path, tpl, f"БИН {wrong}\n").status is Status.REVIEW


def test_no_other_countrys_module_as_the_hint(registry):
    src = '''template t {
      field x: id = right of "No"
      rule a: valid_id("kz.bin", x)
      rule b: valid_id("uz.inn", x)
      rule c: valid_id("kz.bn", x)
    }'''
    _, diags = check_source(src, "t.sift", registry)
    errors = [d for d in diags if d.severity == "error"]
    assert len(errors) == 2, errors  # kz.bin is a module
    uz, kz = errors
    assert "'uz'" in uz.hint and "did you mean" not in uz.hint and "ru.inn" not in uz.hint
    assert kz.hint == "did you mean 'kz.bin'?"
