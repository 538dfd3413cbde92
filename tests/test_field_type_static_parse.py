"""A field type's ``parse`` or ``find`` may be a ``@staticmethod`` or a ``@classmethod``
of the right signature (code read r7 of 74e8151).

The value-kind check wrapped the method as the class's ``__dict__`` holds it and called it
with ``self``: a static ``parse(raw, ctx)`` got three arguments and was blamed as "written
for another signature" (a plugin_error), and a classmethod object is not callable at all.
The wrapper now calls it as ``self.parse(raw, ctx)`` would.
"""

from __future__ import annotations

import types

import pytest

from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import FieldType, Found, ParseContext
from formsift.core.locale import get_locale
from formsift.testing import engine_with, pdf_from_lines


class StaticParse(FieldType):
    name = "static_parse"
    version = "1.0"

    @staticmethod
    def parse(raw, ctx):
        return raw.strip().upper()


class ClassParse(FieldType):
    name = "class_parse"
    version = "1.0"
    prefix = "PO "

    @classmethod
    def parse(cls, raw, ctx):
        return cls.prefix + raw.strip()


class StaticFind(FieldType):
    name = "static_find"
    version = "1.0"

    @staticmethod
    def find(text, ctx):
        start = text.index("X")
        return [Found(start, start + 4, text[start:start + 4], 0.9)]


class ClassFind(FieldType):
    name = "class_find"
    version = "1.0"

    @classmethod
    def find(cls, text, ctx):
        start = text.index("X")
        return [Found(start, start + 4, cls.name, 0.9)]


CTX = ParseContext(get_locale("en"))


@pytest.mark.parametrize(("cls", "read"), [(StaticParse, "X-17"), (ClassParse, "PO x-17")])
def test_a_static_or_class_parse_is_called_as_written(cls, read):
    assert cls().parse(" x-17 ", CTX) == read


@pytest.mark.parametrize(("cls", "value"), [(StaticFind, "X-17"), (ClassFind, "class_find")])
def test_a_static_or_class_find_is_called_as_written(cls, value):
    assert [f.value for f in cls().find("PO: X-17", CTX)] == [value]


def test_a_plugin_of_such_types_reads_its_fields(tmp_path):
    plugin = types.ModuleType("staticvendor_prf")
    plugin.formsift_register_field_types = hookimpl(
        lambda: [StaticParse, ClassParse, StaticFind, ClassFind])
    engine = engine_with(("staticvendor", plugin))
    doc = tmp_path / "po.pdf"
    doc.write_bytes(pdf_from_lines(["Order", "PO: x-17"]))
    tpl = tmp_path / "po.sift"
    tpl.write_text('template po {\n  match { contains "Order" threshold 1 }\n'
                   '  field a: static_parse = right of "PO:"\n'
                   '  field b: class_parse = right of "PO:"\n}\n')
    result = engine.extract(str(doc), template=str(tpl))
    assert result.status != "error", result
    assert (result.fields["a"].value, result.fields["b"].value) == ("X-17", "PO x-17")
