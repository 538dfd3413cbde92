"""A PDF password per input, and inputs named by the caller (inbox journey, findings 1
and 5): a mailbox whose senders each encrypt their PDFs with their own password needed
one Engine per password, and so one store of values seen before per password: the same
invoice sent encrypted, then plain, was accepted twice. And extract_many() gave every
input given as bytes the name '<bytes>', so an error could not be tied to its attachment."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.errors import FormsiftError, InputError

TEMPLATE = """template t {
  field invoice_no: id = right of "Invoice"
  field total: money = right of "Total"
  rule first_time: not seen_before(invoice_no)
}"""


def _pdf(make_pdf, password=None) -> bytes:
    import pymupdf

    data = make_pdf([(50, 50, "Invoice INV-9001"), (50, 80, "Total 120.00")])
    if password is None:
        return data
    doc = pymupdf.open(stream=data, filetype="pdf")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=password,
                       owner_pw=password + "-owner")
    doc.close()
    return data


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "t.sift"
    path.write_text(TEMPLATE, encoding="utf-8")
    return str(path)


def test_one_engine_reads_each_senders_password_and_sees_the_duplicate(
        registry, make_pdf, template):
    engine = Engine(registry=registry, seen_store="memory")
    first = engine.extract(_pdf(make_pdf, "secret9"), template, password="secret9")
    again = engine.extract(_pdf(make_pdf), template)
    assert first.status == "accepted" and first.value("invoice_no") == "INV-9001"
    assert again.status == "review"
    assert [r.rule for r in again.reasons if r.code == "rule_failed"] == ["first_time"]


def test_a_list_of_passwords_is_tried(registry, make_pdf, template):
    engine = Engine(registry=registry, seen_store="memory")
    result = engine.extract(_pdf(make_pdf, "b-pass"), template,
                            password=["a-pass", "b-pass", "c-pass"])
    assert result.value("total") == 120
    with pytest.raises(InputError, match="none of the 2 PDF passwords given opens it"):
        engine.extract(_pdf(make_pdf, "b-pass"), template, password=["x", "y"])
    with pytest.raises(InputError, match="password is wrong"):
        engine.extract(_pdf(make_pdf, "b-pass"), template, password="x")
    # the engine's own password is tried after those of the call
    engine = Engine(registry=registry, seen_store="memory",
                    loader_options={"pdf": {"password": "b-pass"}})
    assert engine.extract(_pdf(make_pdf, "b-pass"), template, password="x").value(
        "total") == 120


def test_a_password_that_is_no_string_is_a_clear_error(registry, make_pdf, template):
    engine = Engine(registry=registry, seen_store="memory")
    with pytest.raises(FormsiftError, match="password must be a str or a list of str"):
        engine.extract(_pdf(make_pdf), template, password=b"secret")


def test_extract_many_takes_names_and_passwords(registry, make_pdf, template):
    engine = Engine(registry=registry, seen_store="memory")
    results = list(engine.extract_many(
        [("mail-1/a.pdf", _pdf(make_pdf, "pw1")), ("mail-2/b.pdf", _pdf(make_pdf, "zz")),
         _pdf(make_pdf)], template, password=["pw1", "pw2"]))
    assert [r.source for r in results] == ["mail-1/a.pdf", "mail-2/b.pdf", "<bytes>"]
    assert results[0].status == "accepted"
    assert results[1].error == "input_error" and "passwords" in results[1].message
    assert results[2].status == "review"  # the same invoice again


@pytest.mark.parametrize("name, data", [
    ("mail.eml", b"From: billing@supplier.example\r\nSubject: Invoice\r\n\r\nSee attached."),
    ("<bytes>", b"Received: from mx.example\r\nMIME-Version: 1.0\r\n\r\nbody"),
    ("invoice.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
])
def test_an_email_says_to_extract_its_attachments(registry, name, data):
    with pytest.raises(InputError) as caught:
        Engine(registry=registry, seen_store="memory").load(data, name=name)
    assert "an e-mail" in str(caught.value) and "attachments" in caught.value.hint
