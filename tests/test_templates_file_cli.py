"""A file of several templates and packets given with --templates (freight report,
findings 5, 6, 8 and 10): -t names one of its templates (did-you-mean among them, a
packet's name said to be one), `schema` takes the options its advice names, `test` runs a
packet's golden file as a packet, and extract_packet says where its templates come from."""

from __future__ import annotations

import json

import pytest

from formsift import Engine
from formsift.cli import EXIT_CHECK, EXIT_OK, EXIT_TEMPLATE, EXIT_USAGE, main
from formsift.core.errors import FormsiftError, TemplateError

FREIGHT = '''template commercial_invoice {
  match {
    contains "Commercial Invoice"
  }

  field invoice_no: id = right of "Invoice No."
  field total: money = right of "Total:"
}

template packing_list {
  match {
    contains "Packing List"
  }

  field invoice_ref: id = right of "Invoice Ref."
  field packages: int = right of "Total Packages:"
}

packet shipment {
  document inv: commercial_invoice
  document pl: packing_list

  rule same_invoice: inv.invoice_no == pl.invoice_ref
}
'''

INVOICE = [(50, 60, "Commercial Invoice"), (50, 100, "Invoice No."), (150, 100, "CI-2604"),
           (50, 120, "Total:"), (150, 120, "1,250.00 USD")]
PACKING = [(50, 60, "Packing List"), (50, 100, "Invoice Ref."), (150, 100, "CI-2604"),
           (50, 120, "Total Packages:"), (200, 120, "48")]


@pytest.fixture
def freight(tmp_path, make_pdf):
    sift = tmp_path / "freight.sift"
    sift.write_text(FREIGHT)
    doc = tmp_path / "shipment.pdf"
    doc.write_bytes(make_pdf(INVOICE, PACKING))
    return tmp_path, sift, doc


# ---------------------------------------------------------------- finding 5: -t NAME
@pytest.mark.parametrize("command", ["extract", "explain"])
def test_a_misspelled_name_gets_did_you_mean_among_the_files_templates(freight, capsys,
                                                                       command):
    _, sift, doc = freight
    assert main([command, str(doc), "--templates", str(sift), "-t", "packng_list"]) == \
        EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert "no template named 'packng_list' among the templates given" in err
    assert "did you mean 'packing_list'?" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_name_like_none_lists_the_files_templates_and_the_librarys(freight, capsys):
    _, sift, doc = freight
    assert main(["extract", str(doc), "--templates", str(sift), "-t", "zzz"]) == EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert "templates given: commercial_invoice, packing_list; library: " in err


@pytest.mark.parametrize("command", ["extract", "explain"])
def test_a_packets_name_given_to_t_is_said_to_be_a_packet_to_split(freight, capsys, command):
    _, sift, doc = freight
    assert main([command, str(doc), "--templates", str(sift), "-t", "shipment"]) == \
        EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert "'shipment' is a packet template (of commercial_invoice, packing_list)" in err
    assert "formsift extract --split" in err and "nor in the library" not in err
    # what it says to do works
    assert main(["extract", "--split", "--record", str(doc), "--templates", str(sift)]) == \
        EXIT_OK
    assert json.loads(capsys.readouterr().out)["packet"] == "shipment"


def test_the_library_packet_given_to_t_is_said_to_be_a_packet(freight, capsys):
    _, _, doc = freight
    assert main(["extract", str(doc), "-t", "kyc"]) == EXIT_TEMPLATE
    assert "'kyc' is a packet template" in capsys.readouterr().err


def test_the_engine_names_its_own_templates_in_the_error(freight):
    _, sift, doc = freight
    engine = Engine(templates=[str(sift)])
    with pytest.raises(TemplateError, match="did you mean 'commercial_invoice'"):
        engine.extract(doc, template="comercial_invoice")
    with pytest.raises(TemplateError, match="'shipment' is a packet template"):
        engine.extract(doc, template="shipment")
    assert engine.extract(doc, template="packing_list").record()["packages"] == 48


# ---------------------------------------------------------------- finding 6: schema
def test_schema_of_one_template_of_a_file_that_holds_several(freight, capsys):
    _, sift, _ = freight
    assert main(["schema", str(sift)]) == EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert f"--templates {sift} -t commercial_invoice" in err
    # the options the error advises are schema's own
    assert main(["schema", "--templates", str(sift), "-t", "commercial_invoice"]) == EXIT_OK
    assert set(json.loads(capsys.readouterr().out)["properties"]) == {"invoice_no", "total"}
    assert main(["schema", str(sift), "-t", "packing_list"]) == EXIT_OK
    assert set(json.loads(capsys.readouterr().out)["properties"]) == {"invoice_ref",
                                                                      "packages"}


def test_schema_with_templates_and_no_name_lists_them(freight, tmp_path, capsys):
    _, sift, _ = freight
    assert main(["schema", "--templates", str(sift)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "commercial_invoice, packing_list" in err and "-t" in err
    one = tmp_path / "one.sift"
    one.write_text(FREIGHT.split("\ntemplate packing_list")[0])
    assert main(["schema", "--templates", str(one)]) == EXIT_OK  # the only one: no -t
    assert "invoice_no" in json.loads(capsys.readouterr().out)["properties"]
    assert main(["schema", "--templates", str(sift), "-t", "packng_list"]) == EXIT_TEMPLATE
    assert "did you mean 'packing_list'?" in capsys.readouterr().err


# ---------------------------------------------------------------- finding 8: test
def test_golden_test_of_a_packet(freight, capsys):
    tmp, sift, doc = freight
    golden = tmp / "golden"
    golden.mkdir()
    (golden / "freight.sift").write_text(sift.read_text())
    (golden / "shipment.pdf").write_bytes(doc.read_bytes())
    # the expected JSON is what extract --split --record prints (from another folder)
    assert main(["extract", "--split", "--record", str(doc), "--templates", str(sift),
                 "-o", str(golden / "shipment.json")]) == EXIT_OK
    expected = json.loads((golden / "shipment.json").read_text())
    assert expected["packet"] == "shipment" and len(expected["documents"]) == 2
    capsys.readouterr()
    assert main(["test", str(golden)]) == EXIT_OK
    assert capsys.readouterr().out.splitlines() == [f"PASS {golden / 'shipment.pdf'}",
                                                    "1 passed, 0 failed"]
    expected["documents"][1]["record"]["packages"] = 46
    (golden / "shipment.json").write_text(json.dumps(expected))
    assert main(["test", str(golden)]) == EXIT_CHECK
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"FAIL {golden / 'shipment.pdf'} (split as a packet: 'shipment')"
    assert out[1:] == ["    documents[1].record.packages: got 48, expected 46",
                       "0 passed, 1 failed"]


# ---------------------------------------------------------------- finding 10: extract_packet
@pytest.mark.parametrize("call", [
    lambda e, doc: e.extract_packet(doc, templates="freight.sift"),
    lambda e, doc: e.extract_packet(doc, template="shipment"),
    lambda e, doc: e.extract_packet(doc, "freight.sift"),
])
def test_extract_packet_given_templates_says_they_are_the_engines(freight, call):
    _, sift, doc = freight
    with pytest.raises(FormsiftError, match=r"Engine\(templates=\[\.\.\.\]\)"
                                            r"\.extract_packet\(source\)"):
        call(Engine(), doc)
    result = Engine(templates=[str(sift)]).extract_packet(doc)
    assert result.packet == "shipment" and result.record()["status"] == "accepted"


# ------------------------------------- receipts journey (stop 37): explain without -t
def test_explain_without_t_classifies_among_the_templates_given(tmp_path, make_pdf,
                                                                capsys):
    sift = tmp_path / "freight.sift"
    sift.write_text(FREIGHT)
    doc = tmp_path / "pl.pdf"
    doc.write_bytes(make_pdf(PACKING))
    assert main(["explain", str(doc), "--templates", str(sift)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "with template packing_list" in captured.out
    assert f"{doc}: classified as 'packing_list'" in captured.err


def test_explain_without_t_nor_templates_is_a_usage_error(freight, capsys):
    _, _, doc = freight
    assert main(["explain", str(doc)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "-t TEMPLATE, or --templates PATH" in err and "Traceback" not in err


def test_explain_without_t_names_the_scores_when_nothing_matches(tmp_path, make_pdf,
                                                                 capsys):
    sift = tmp_path / "freight.sift"
    sift.write_text(FREIGHT)
    doc = tmp_path / "other.pdf"
    doc.write_bytes(make_pdf([(50, 60, "Delivery Note"), (50, 100, "No. 7")]))
    assert main(["explain", str(doc), "--templates", str(sift)]) != EXIT_OK
    err = capsys.readouterr().err
    assert "no template of --templates matches it" in err and "Traceback" not in err
