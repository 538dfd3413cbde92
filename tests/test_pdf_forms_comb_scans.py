"""An IBAN in the comb of a scanned or flattened form (pdfforms journey, finding 5): with no
form field left to say its cells are one value, each cell is a word of its own ("D E 8 9
3 7 ..."), and the ``iban`` type found no value in it, though templates.md says comb
cells are read one character each. The type now reads a comb whose joined characters are
a valid IBAN whole (as ``id`` and ``date`` read theirs)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", ["D E 8 9 3 7 0 4 0 0 4 4 0 5 3 2 0 1 3 0 0 0",
                                  "d e 8 9 3 7 0 4 0 0 4 4 0 5 3 2 0 1 3 0 00"])
def test_the_iban_type_reads_a_comb_of_a_scan(registry, text):
    """A scanned or flattened comb field (no form field left): each cell a word."""
    from tests.parsing import best

    assert best(registry, "iban", text).value == "DE89370400440532013000"


def test_the_iban_type_joins_no_comb_with_a_wrong_checksum(registry):
    from tests.parsing import best

    assert best(registry, "iban", "D E 8 8 3 7 0 4 0 0 4 4 0 5 3 2 0 1 3 0 0 0") is None
