"""Plugin contract gaps a plugin author met: a recognizer wrapping Tesseract kept its line
output whole ("Ref: AB-123\\n\\f" as one word) and `below "Ref:"` accepted the label's own
line; a record field type could return a string, or a text part holding a number; and
the default JSON schema said "string" for every kind, so formsift's own records failed
`formsift schema`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import jsonschema
import pytest

from formsift.core.contracts import ContractError, checked_words
from formsift.core.document import Word
from formsift.core.geometry import Box
from formsift.core.kinds import FieldType, Found, ParseContext
from formsift.core.locale import get_locale

CTX = ParseContext(get_locale("en"))


class _Reader:
    kind = "recognizer"
    name = "lines"


@pytest.mark.parametrize("text", ["Ref: AB-123\n\f", "a\r\nb", "x\u2028y"])
def test_a_recognizers_word_with_a_line_break_is_a_contract_error(text):
    with pytest.raises(ContractError, match="line break"):
        checked_words(_Reader(), "recognize", [Word(text, Box(0.1, 0.1, 0.3, 0.12), 0)], 0)


def test_an_inverted_box_is_said_to_be_inverted():
    with pytest.raises(ContractError, match="inverted"):
        checked_words(_Reader(), "recognize", [Word("a", Box(0.3, 0.1, 0.1, 0.12), 0)], 0)


class Plate(FieldType):
    name = "plate_record"
    value_kind = "record"
    attributes: ClassVar[dict[str, str]] = {"region": "text", "number": "number"}
    returned: Any = None

    def parse(self, raw: str, ctx: ParseContext) -> Any:
        return self.returned


@pytest.mark.parametrize(("returned", "problem"), [
    ("AB 123", "must be a dict"),
    ({"region": 42, "number": 1}, "'region'"),
    ({"region": "AB", "number": "12"}, "'number'"),
])
def test_a_record_types_value_is_checked(returned, problem):
    t = Plate()
    t.returned = returned
    with pytest.raises(ContractError, match=problem):
        t.parse("x", CTX)


def test_a_record_with_its_parts_and_more_passes():
    t = Plate()
    t.returned = {"region": "AB", "number": Decimal(12), "text": "AB 12"}
    assert t.parse("x", CTX)["number"] == 12


class Flag(FieldType):
    name = "flag_plugin"
    value_kind = "bool"

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        return [Found(0, 1, True)]


class Count(FieldType):
    name = "count_plugin"
    value_kind = "number"


@pytest.mark.parametrize(("cls", "values"), [
    (Flag, [True, False]), (Count, [12, "12.50"]), (Plate, [{"region": "AB", "number": 3}]),
])
def test_the_default_schema_follows_the_value_kind(cls, values):
    schema = cls().json_schema()
    for v in values:
        jsonschema.validate(v, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(["not", "a", "value"], schema)
