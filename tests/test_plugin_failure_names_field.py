"""A plugin's failure names the component and the field it was reading (plugin author's
journey, finding 2.2).

A field type whose ``parse`` raised KeyError was reported as "plugin 'runtime' (dist)
failed on x.pdf: KeyError: 'b' (at module:11)": the plugin and the line, not the field
type nor the field; a ``setup()`` that raised was called a ``ContractError`` and named no
line. Now the component, the field (column, group member) and template are named where
known, and a failed setup says so, with the line of the plugin that raised.
"""

from __future__ import annotations

import types
from decimal import Decimal

import cv2
import numpy as np
import pytest

from formsift import Engine, FieldType
from formsift.core.errors import PluginError
from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import Recognizer
from formsift.core.plugins import PluginRegistry
from formsift.templates import check_source

_HERE = "tests.test_plugin_failure_names_field"


class Crashy(FieldType):
    name = "crashy"
    version = "1.0"

    def parse(self, raw, ctx):
        return {"a": raw}["b"]  # a bug: KeyError


class CrashyFind(FieldType):
    name = "crashy_find"
    version = "1.0"

    def find(self, text, ctx):
        raise TypeError("no pattern compiled")


class NoModel(FieldType):
    name = "no_model"
    version = "1.0"

    def setup(self):
        raise RuntimeError("model file /nope.onnx not found")

    def parse(self, raw, ctx):
        return raw


class Floaty(FieldType):
    name = "floaty"
    version = "1.0"
    value_kind = "money"

    def parse(self, raw, ctx):
        return 12.5


class NoModelReader(Recognizer):
    name = "no_model_rec"
    version = "1.0"

    def setup(self):
        raise RuntimeError("model file /nope.onnx not found")

    def recognize(self, image, page, regions, constraint=None):
        return []


def _registry():
    plugin = types.ModuleType(f"{_HERE}_plugin")
    plugin.formsift_register_field_types = hookimpl(
        lambda: [Crashy, CrashyFind, NoModel, Floaty])
    plugin.formsift_register_recognizers = hookimpl(lambda: [NoModelReader])
    return PluginRegistry.discover(extra_plugins=[("inline", plugin)], strict=True)


def _fails(src: str, document: bytes, name: str = "po.pdf") -> str:
    reg = _registry()
    (tpl,), _ = check_source(src, "t.sift", reg)
    with pytest.raises(PluginError) as err:
        Engine(registry=reg).extract(document, tpl, name=name)
    message = str(err.value)
    assert message.startswith(f"plugin 'inline' (<local>) failed on {name}: ")
    assert "\n" not in message
    return message


_PO = 'template tpl {\n  field po: TYPE = right of "PO"\n}\n'


def test_a_field_type_that_raises_names_itself_and_the_field(make_pdf):
    message = _fails(_PO.replace("TYPE", "crashy"), make_pdf([(50, 50, "PO"), (100, 50, "7")]))
    assert (f"field type 'crashy' ({_HERE}.Crashy), reading field 'po' of template 'tpl', "
            f"in parse(): KeyError: 'b' (at {_HERE}:") in message


def test_a_find_that_raises_names_itself_and_the_field(make_pdf):
    message = _fails(_PO.replace("TYPE", "crashy_find"),
                     make_pdf([(50, 50, "PO"), (100, 50, "7")]))
    assert (f"field type 'crashy_find' ({_HERE}.CrashyFind), reading field 'po' of "
            f"template 'tpl', in find(): TypeError: no pattern compiled") in message


def test_a_column_type_that_raises_names_the_column_and_table(make_pdf):
    """Before, the template's check itself failed with the KeyError (an internal error of
    ``formsift check``: the check of shared headers parses sample cells)."""
    src = ('template tpl {\n  table items {\n    item: text header "Item"\n'
           '    qty: crashy header "Qty"\n  }\n}\n')
    pdf = make_pdf([(50, 50, "Item"), (200, 50, "Qty"), (50, 70, "Bolts"), (200, 70, "12")])
    message = _fails(src, pdf)
    assert (f"field type 'crashy' ({_HERE}.Crashy), reading column 'qty' of table 'items' "
            f"of template 'tpl', in parse(): KeyError") in message


def test_a_failed_setup_says_so_with_the_field_and_the_plugins_line(make_pdf):
    """Before: "ContractError: field type 'no_model' (...): setup() failed: ... (at
    module)", no line."""
    message = _fails(_PO.replace("TYPE", "no_model"), make_pdf([(50, 50, "PO"), (100, 50, "7")]))
    assert (f"field type 'no_model' ({_HERE}.NoModel), reading field 'po' of template "
            f"'tpl': its setup() failed: RuntimeError: model file /nope.onnx not found "
            f"(at {_HERE}:") in message
    assert "ContractError" not in message


def test_a_pipeline_components_failed_setup_names_it():
    src = ('template tpl {\n  pipeline {\n    recognize no_model_rec\n  }\n'
           '  field po: text = right of "PO"\n}\n')
    png = cv2.imencode(".png", np.full((100, 100, 3), 255, np.uint8))[1].tobytes()
    message = _fails(src, png, "scan.png")
    assert (f"recognizer 'no_model_rec' ({_HERE}.NoModelReader), in setup(): RuntimeError: "
            f"model file /nope.onnx not found (at {_HERE}:") in message


def test_a_broken_contract_names_the_field(make_pdf):
    message = _fails(_PO.replace("TYPE", "floaty"), make_pdf([(50, 50, "PO"), (100, 50, "7")]))
    assert (f"field type 'floaty' ({_HERE}.Floaty), reading field 'po' of template 'tpl': "
            f"parse() returned 12.5 (float), but a money value must be a Decimal") in message


def test_a_value_that_is_no_value_of_the_type_is_still_no_error(make_pdf):
    """ValueError from parse means "not a value of this type": no PluginError."""

    class Strict(FieldType):
        name = "strict_num"
        version = "1.0"
        value_kind = "number"

        def parse(self, raw, ctx):
            if not raw.strip().isdigit():
                raise ValueError("not digits")
            return Decimal(raw.strip())

    plugin = types.ModuleType(f"{_HERE}_strict")
    plugin.formsift_register_field_types = hookimpl(lambda: [Strict])
    reg = PluginRegistry.discover(extra_plugins=[("strict", plugin)], strict=True)
    (tpl,), _ = check_source(_PO.replace("TYPE", "strict_num"), "t.sift", reg)
    result = Engine(registry=reg).extract(make_pdf([(50, 50, "PO"), (100, 50, "x7")]), tpl,
                                          name="po.pdf")
    assert result.value("po") is None and result.status == "review"
