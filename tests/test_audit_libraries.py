"""An auditor replaying a result needs the versions of the libraries that read it (the
audit journey, finding 10: only formsift's own plugins were named)."""

from importlib import metadata

import jsonschema

from formsift import Engine
from formsift.core.result import result_json_schema


def test_a_result_names_the_libraries_that_read_it(tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text("Invoice No. 17\n")
    sift = tmp_path / "t.sift"
    sift.write_text('template t {\n  field no: id = right of "Invoice No."\n}\n')
    result = Engine(seen_store="memory").extract(doc, template=sift)
    libraries = result.audit.libraries
    assert libraries["PyMuPDF"] == metadata.version("PyMuPDF")
    assert libraries["onnxruntime"] == metadata.version("onnxruntime")
    data = result.model_dump(mode="json")
    jsonschema.validate(data, result_json_schema())
    assert data["audit"]["libraries"] == libraries
