"""An e-mail address read as two words, cut at a dot or at its @ (a handwritten
'mellis@mail. co.uk' on a pledge form; pledges journey, finding 3: 7 of 10 scans had no
e-mail value), is joined again, a little less sure than one read whole. Two addresses on
two lines, or an address beside a word, stay apart."""

import pytest

from tests.parsing import ctx, ftype


@pytest.mark.parametrize("text, expected", [
    ("mellis@mail. co.uk", "mellis@mail.co.uk"),
    ("j.smith @ example.org", "j.smith@example.org"),
    ("anna@ web.de", "anna@web.de"),
])
def test_an_address_cut_at_a_mark_is_joined(registry, text, expected) -> None:
    email = ftype(registry, "email")
    found = email.find(text, ctx())
    assert [f.value for f in found] == [expected]
    assert found[0].score < 1.0
    assert text[found[0].start:found[0].end].replace(" ", "") == expected
    assert email.parse(text, ctx()) == expected


def test_an_address_read_whole_is_unchanged(registry) -> None:
    found = ftype(registry, "email").find("Email: anna@web.de Phone", ctx())
    assert [(f.value, f.score) for f in found] == [("anna@web.de", 1.0)]


def test_addresses_on_two_lines_stay_two(registry) -> None:
    found = ftype(registry, "email").find("a@b.com\nc@d.org", ctx())
    assert [f.value for f in found] == ["a@b.com", "c@d.org"]


def test_a_sentence_is_not_an_address(registry) -> None:
    email = ftype(registry, "email")
    assert email.find("Thanks. See you @ 5. Best", ctx()) == []
    with pytest.raises(ValueError):
        email.parse("mail . co", ctx())
