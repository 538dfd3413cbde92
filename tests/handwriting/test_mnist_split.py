"""The MNIST split is a fixed partition: every digit is in exactly one of the named
splits, and a misspelled split name is refused instead of answering as if it were
``train`` (a user asking for "test" digits got 80% of them back as if they were held out
of nothing)."""

import pytest

from formsift.handwriting.mnist import SPLITS, in_split


def test_every_digit_is_in_exactly_one_split() -> None:
    for i in range(500):
        assert sum(in_split(i, s) for s in SPLITS) == 1


def test_heldout_share_is_about_a_fifth() -> None:
    share = sum(in_split(i, "heldout") for i in range(5000)) / 5000
    assert 0.15 < share < 0.25


@pytest.mark.parametrize("name", ["test", "xyz", "Heldout", ""])
def test_unknown_split_name_is_an_error(name: str) -> None:
    with pytest.raises(ValueError, match="unknown MNIST split"):
        in_split(3, name)
