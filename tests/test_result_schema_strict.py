"""The result schema refuses what no formsift result holds (audit journey, finding 7): an
extraction result without its audit block passed as a packet result; a box of three
numbers, a confidence of 7 and page 0 passed; the reason codes listed lacked several."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from formsift.core.engine import Engine
from formsift.core.result import Reason, result_json_schema


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 100), "Order 42", fontsize=10)
    page.insert_text((50, 130), "Total 12.00", fontsize=10)
    folder = tmp_path_factory.mktemp("schema")
    tpl = folder / "t.sift"
    tpl.write_text('template t {\n  field total: money = right of "Total"\n}\n')
    out = Engine(templates=[tpl], seen_store="memory").extract(doc.tobytes(), template="t")
    return json.loads(out.model_dump_json())


def _refused(data) -> bool:
    try:
        jsonschema.validate(data, result_json_schema())
    except jsonschema.ValidationError:
        return True
    return False


def test_a_real_result_validates(result):
    assert not _refused(result)


@pytest.mark.parametrize("damage", [
    lambda r: r.pop("audit"),
    lambda r: r["fields"]["total"].__setitem__("box", [0.1, 0.2, 0.3]),
    lambda r: r["fields"]["total"].__setitem__("confidence", 7),
    lambda r: r["fields"]["total"].__setitem__("confidence", -0.1),
    lambda r: r["fields"]["total"].__setitem__("page", 0),
    lambda r: r.__setitem__("unexpected", 1),
])
def test_a_damaged_result_is_refused(result, damage):
    data = copy.deepcopy(result)
    damage(data)
    assert _refused(data)


def test_the_reason_codes_are_all_listed():
    said = Reason.model_fields["code"].description
    for code in ("document_missing", "extra_documents", "unassigned_pages",
                 "document_review", "duplicate_document", "reviewer_rejected"):
        assert code in said, code


def test_source_names_the_real_sources():
    from formsift.core.result import FieldValue

    said = FieldValue.model_fields["source"].description
    assert "text-layer" not in said and "pdf" in said and "ppocr_rec" in said
