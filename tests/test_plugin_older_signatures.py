"""A plugin written against an older signature of a hook or a component method is
named, in one line (vendor plugin journey JG).

A field type whose ``parse(self, raw)`` lacks ``ctx``, or an exporter whose
``export(self, results)`` lacks ``stream``, raised its TypeError at the call, in
formsift's frame: no frame of the plugin was in the traceback, so the extraction was an
``internal_error`` ("TypeError: OldParse.parse() takes 2 positional arguments but 3 were
given", "please report it") naming no plugin. A hook taking an argument formsift's hook
does not give was reported in pluggy's three lines.
"""

from __future__ import annotations

import io
import types

import cv2
import numpy as np
import pytest

from formsift import Engine
from formsift.core.errors import PluginError
from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import Exporter, FieldType, Preprocessor, Segmenter
from formsift.core.plugins import PluginRegistry
from formsift.templates import check_source

_HERE = "tests.test_plugin_older_signatures"


class OldParse(FieldType):
    name = "old_parse"
    version = "0.0.1"

    def parse(self, raw):  # an older contract: no ctx
        return raw.strip()


class OldFind(FieldType):
    name = "old_find"
    version = "0.0.1"

    def find(self, text):  # an older contract: no ctx
        return []


class OldExport(Exporter):
    name = "old_export"
    version = "0.0.1"

    def export(self, results):  # an older contract: returned the text, no stream
        return "".join(r.source for r in results)


def _registry() -> PluginRegistry:
    plugin = types.ModuleType(f"{_HERE}_plugin")
    plugin.formsift_register_field_types = hookimpl(lambda: [OldParse, OldFind])
    plugin.formsift_register_exporters = hookimpl(lambda: [OldExport])
    return PluginRegistry.discover(extra_plugins=[("vendor", plugin)], strict=True)


@pytest.mark.parametrize("type_name, cls, method", [("old_parse", "OldParse", "parse"),
                                                    ("old_find", "OldFind", "find")])
def test_a_field_type_method_of_an_older_signature_names_the_plugin(make_pdf, type_name,
                                                                    cls, method):
    reg = _registry()
    src = f'template tpl {{\n  field po: {type_name} = right of "PO"\n}}\n'
    (tpl,), _ = check_source(src, "t.sift", reg)
    with pytest.raises(PluginError) as err:
        Engine(registry=reg).extract(make_pdf([(50, 50, "PO"), (100, 50, "7")]), tpl,
                                     name="po.pdf")
    message = str(err.value)
    assert message.startswith("plugin 'vendor' (<local>) failed on po.pdf: ")
    assert (f"field type '{type_name}' ({_HERE}.{cls}), reading field 'po' of template "
            f"'tpl', in {method}(): TypeError: {cls}.{method}() takes 2 positional "
            f"arguments but 3 were given (at {_HERE}:") in message
    assert "\n" not in message


def test_an_exporter_of_an_older_signature_names_the_plugin(make_pdf):
    reg = _registry()
    result = Engine(templates=[], registry=reg).extract(make_pdf([(50, 50, "Hello")]))
    with pytest.raises(PluginError) as err:
        Engine(registry=reg).export([result], io.StringIO(), "old_export")
    message = str(err.value)
    assert message.startswith("plugin 'vendor' (<local>) failed on the old_export export: "
                              "TypeError: OldExport.export() takes 2 positional arguments")
    assert f"(at {_HERE}:" in message and "\n" not in message


def test_a_hook_taking_an_argument_formsift_does_not_give_is_one_line():
    plugin = types.ModuleType(f"{_HERE}_oldhook")

    def formsift_register_field_types(config):
        return [OldParse]

    plugin.formsift_register_field_types = hookimpl(formsift_register_field_types)
    reg = PluginRegistry.discover(extra_plugins=[("oldhook", plugin)])
    (problem,) = [str(p) for p in reg.problems if "oldhook" in str(p)]
    assert "\n" not in problem
    assert ("hook 'formsift_register_field_types' takes argument(s) 'config', which "
            "formsift's formsift_register_field_types() does not give") in problem


class StampRemover(Preprocessor):
    name = "stamp_remover"
    version = "0.0.1"

    def process(self, image, page):
        raise RuntimeError("stamp colour table missing")


class OldSegmenter(Segmenter):
    name = "old_segmenter"
    version = "0.0.1"

    def segment(self, image):  # an older contract: no page
        return []


@pytest.mark.parametrize("stage, said", [
    ("preprocess stamp_remover", f"preprocessor 'stamp_remover' ({_HERE}.StampRemover), in "
     "process(): RuntimeError: stamp colour table missing"),
    ("segment old_segmenter", f"segmenter 'old_segmenter' ({_HERE}.OldSegmenter), in "
     "segment(): TypeError: OldSegmenter.segment() takes 2 positional arguments"),
])
def test_a_pipeline_component_that_fails_names_itself(stage, said):
    """Before, a preprocessor's or segmenter's failure named its plugin and line only,
    not which of the plugin's components failed, as a field type's does."""
    plugin = types.ModuleType(f"{_HERE}_pipeline")
    plugin.formsift_register_preprocessors = hookimpl(lambda: [StampRemover])
    plugin.formsift_register_segmenters = hookimpl(lambda: [OldSegmenter])
    reg = PluginRegistry.discover(extra_plugins=[("vendor", plugin)], strict=True)
    src = (f'template tpl {{\n  pipeline {{\n    {stage}\n  }}\n'
           '  field po: text = right of "PO"\n}\n')
    (tpl,), _ = check_source(src, "t.sift", reg)
    png = cv2.imencode(".png", np.full((100, 100, 3), 255, np.uint8))[1].tobytes()
    with pytest.raises(PluginError) as err:
        Engine(registry=reg).extract(png, tpl, name="scan.png")
    message = str(err.value)
    assert message.startswith("plugin 'vendor' (<local>) failed on scan.png: ")
    assert said in message and "\n" not in message
