"""An SDK user's mistakes in what they pass are told in one line saying what to pass: a
PDF read in text mode (or its bytes decoded) was taken as a path and the whole document
quoted back as "no such file"; ``template=42`` did not say a template's text is taken."""
from __future__ import annotations

import pytest

from formsift import FormsiftError, InputError


@pytest.fixture(scope="module")
def pdf_text(make_pdf) -> str:
    return make_pdf([(50, 100, "Invoice")]).decode("latin-1")


def test_a_pdf_given_as_text_is_told_to_be_given_as_bytes(engine, pdf_text):
    with pytest.raises(InputError) as caught:
        engine.extract(pdf_text, "invoice")
    message = str(caught.value)
    assert "looks like a PDF's content as text: pass bytes" in message
    assert "binary mode" in message
    assert "%PDF-" not in message and "\n" not in message  # the content is not quoted
    with pytest.raises(InputError, match=r"^upload\.pdf: this looks like a PDF's content"):
        engine.extract(pdf_text, "invoice", name="upload.pdf")


def test_extract_many_names_a_pdf_given_as_text_without_quoting_it(engine, pdf_text):
    [error] = engine.extract_many([pdf_text], "invoice")
    assert error.error == "input_error"
    assert "%PDF-" not in error.source and "%PDF-" not in error.message
    assert "pass bytes" in error.message


def test_a_file_whose_name_starts_like_a_pdf_is_still_read(engine, make_pdf, tmp_path,
                                                           monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "%PDF-scan.pdf").write_bytes(make_pdf([(50, 100, "Invoice")]))
    assert engine.extract("%PDF-scan.pdf", "invoice").source == "%PDF-scan.pdf"


def test_a_missing_file_or_a_folder_whose_name_starts_like_a_pdf_is_told_by_its_name(
        engine, tmp_path, monkeypatch):
    """Code read r1 of 062d3fd: '%PDF-missing.pdf' (one line, no file) was told 'this
    looks like a PDF's content as text' under '<text>', its name lost; a folder so named
    likewise. A PDF's header line ends with a line break: one line is a name."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=r"^%PDF-missing\.pdf: no such file$"):
        engine.extract("%PDF-missing.pdf", "invoice")
    [error] = engine.extract_many(["%PDF-missing.pdf"], "invoice")
    assert error.source == "%PDF-missing.pdf" and error.message.endswith("no such file")
    (tmp_path / "%PDF-dir").mkdir()
    with pytest.raises(InputError) as caught:
        engine.extract("%PDF-dir", "invoice")
    assert str(caught.value).startswith("%PDF-dir: ")
    assert "PDF's content" not in str(caught.value)


@pytest.mark.parametrize("wrong", [42, 4.2, b"invoice", ["invoice"]])
def test_a_template_of_the_wrong_type_lists_what_template_takes(engine, make_pdf, wrong):
    with pytest.raises(FormsiftError) as caught:
        engine.extract(make_pdf([(50, 100, "Invoice")]), wrong)
    message = str(caught.value)
    for kind in ("a library name", "a template's text", ".sift file's path",
                 "compile_template", f"not {type(wrong).__name__}"):
        assert kind in message


#: Documents' content a caller passes as a str (read in text mode, fetched as text), by
#: what the error says it looks like.
CONTENT = {
    "XML": '<?xml version="1.0" encoding="UTF-8"?>\n<Invoice><ID>4711</ID></Invoice>\n',
    "HTML": "<!DOCTYPE html><html><body><p>Invoice no: 4711</p></body></html>",
    "JSON": '{"invoice_no": "4711", "total": "12.00"}',
    "several lines": "Invoice no: 4711\nTotal: 12.00\n",
    "more than a path has": "Invoice no: 4711 " * 300,
}


@pytest.mark.parametrize("kind", CONTENT)
def test_a_documents_content_given_as_a_str_is_not_taken_for_a_path(engine, kind):
    content = CONTENT[kind]
    with pytest.raises(InputError) as caught:
        engine.extract(content, "invoice")
    message = str(caught.value)
    assert message.startswith("<text>: ") and kind in message
    assert "pass its bytes" in message and "path" in message
    assert "4711" not in message and "\n" not in message  # the content is not quoted
    [error] = engine.extract_many([content], "invoice")
    assert error.source == "<text>" and "4711" not in error.message
    with pytest.raises(InputError, match=r"^upload\.xml: no file by this name"):
        engine.load(content, name="upload.xml")


@pytest.mark.parametrize("name", ["<scan>", "{scan}", "scan\nfax.pdf"])
def test_a_file_whose_name_looks_like_content_is_still_read(engine, make_pdf, tmp_path,
                                                            monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(make_pdf([(50, 100, "Invoice")]))
    assert engine.extract(name, "invoice").source == name


def test_a_short_name_of_no_file_is_still_no_such_file(engine):
    with pytest.raises(InputError, match=r"^no_such_invoice\.pdf: no such file$"):
        engine.extract("no_such_invoice.pdf", "invoice")
