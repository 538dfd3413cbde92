"""US customary units (freight journey, finding 3): `unece_unit` knew no pound, so a unit
rule written as the docs show sent every US freight bill to review; on scans "lbs" comes
out "Ibs" (finding 4)."""

import pytest

from formsift.util.units import unece_code


@pytest.mark.parametrize("printed", ["lb", "lbs", "LBS", "Lbs.", "pound", "pounds",
                                     "Ibs", "1bs"])
def test_pounds(printed):
    assert unece_code(printed) == "LBR"


@pytest.mark.parametrize("printed, code", [("cwt", "CWT"), ("oz", "ONZ"), ("gal", "GLL"),
                                           ("ft", "FOT"), ("miles", "SMI"), ("KGS", "KGM")])
def test_other_units(printed, code):
    assert unece_code(printed) == code


def test_an_unknown_unit_is_no_guess():
    assert unece_code("bales") is None
