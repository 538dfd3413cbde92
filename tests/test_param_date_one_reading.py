"""One date parameter is one date for the whole run (code read r11 of 554d42d).

554d42d read a parameter's date in the order each template states, so one run over an
``en_US`` and a ``de_DE`` template given ``trip_start=03/01/2026`` held the US receipt
to a trip starting 1 March and the German one to 3 January: a German receipt of
15 February passed its trip rule (before 554d42d: a ParamError). Such a date is refused
now where the templates declaring the parameter read it differently (Python API, ``formsift
batch --templates``, the service without a template). And a locale naming a language only
(``locale "en"``, the default written out, ``"es"``, ``"fr"``) names no country, so it
states no order for a parameter: ``03/01/2026`` is refused there as with no locale.
"""

from __future__ import annotations

from datetime import date

import pytest

from formsift import Engine
from formsift.cli import main
from formsift.templates.params import ParamError
from formsift.testing import pdf_from_lines

_BOTH = "reads as 2026-01-03 under template 'de_beleg' and as 2026-03-01 under " \
        "template 'us_receipt': give it as YYYY-MM-DD"


def _template(name: str, head: str, word: str) -> str:
    return f'''template {name} {{
  {head}
  match {{ contains "{word}" threshold 1 }}
  param trip_start: date
  field total: money = right of "Total"
  field day: date = right of "Date:"
  rule in_trip: day >= param.trip_start
}}
'''


@pytest.fixture()
def run(tmp_path):
    """A folder of an en_US and a de_DE template, and one receipt for each, both of
    15 February 2026."""
    (tmp_path / "t").mkdir()
    (tmp_path / "in").mkdir()
    (tmp_path / "t" / "us.sift").write_text(_template("us_receipt", 'locale "en_US"',
                                                      "US RECEIPT"))
    (tmp_path / "t" / "de.sift").write_text(_template("de_beleg", 'locale "de_DE"',
                                                      "KASSENBELEG"))
    (tmp_path / "in" / "us.pdf").write_bytes(
        pdf_from_lines(["US RECEIPT", "Total 95.00", "Date: 02/15/2026"]))
    (tmp_path / "in" / "de.pdf").write_bytes(
        pdf_from_lines(["KASSENBELEG", "Total 95,00", "Date: 15.02.2026"]))
    return tmp_path


def _engine(run) -> Engine:
    return Engine(templates=sorted((run / "t").glob("*.sift")), seen_store="memory")


@pytest.mark.parametrize("doc", ["us.pdf", "de.pdf"])
def test_a_date_two_templates_read_differently_is_refused(run, doc):
    with pytest.raises(ParamError, match=_BOTH):
        _engine(run).extract(run / "in" / doc, params={"trip_start": "03/01/2026"})


@pytest.mark.parametrize("doc", ["us.pdf", "de.pdf"])
def test_the_same_date_holds_every_template_to_it(run, doc):
    result = _engine(run).extract(run / "in" / doc, params={"trip_start": "2026-03-01"})
    assert result.audit.params["trip_start"] == date(2026, 3, 1)
    assert result.status.value != "accepted"  # dated 15 February, before the trip


@pytest.mark.parametrize(("name", "read"), [("us_receipt", date(2026, 3, 1)),
                                            ("de_beleg", date(2026, 1, 3))])
def test_a_template_asked_for_by_name_reads_it_in_its_order(run, name, read):
    doc = run / "in" / ("us.pdf" if name == "us_receipt" else "de.pdf")
    result = _engine(run).extract(doc, template=name, params={"trip_start": "03/01/2026"})
    assert result.audit.params["trip_start"] == read


def test_batch_over_both_templates_refuses_it(run, capsys):
    code = main(["batch", str(run / "in"), "--templates", str(run / "t"), "--param",
                 "trip_start=03/01/2026", "-o", str(run / "out.jsonl"), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert _BOTH in err
    assert "Traceback" not in err and not (run / "out.jsonl").exists()


def test_the_service_refuses_it_without_a_template(run):
    from tests.service.conftest import serve

    templates = [str(p) for p in sorted((run / "t").glob("*.sift"))]
    with serve(db_url=f"sqlite:///{run / 'f.db'}", data_dir=run / "data",
               templates=templates) as svc, svc.client(svc.key("admin")) as api:
        resp = api.post("/v1/extract", params=[("filename", "r.pdf"),
                                               ("param", "trip_start=03/01/2026")],
                        content=(run / "in" / "de.pdf").read_bytes())
    assert resp.status_code == 422, resp.text
    assert resp.json()["error"]["code"] == "param_error"
    assert _BOTH in resp.json()["error"]["message"]


@pytest.mark.parametrize("head", ['locale "en"', 'locale "es"', 'locale "fr"',
                                  'locale "en"\n  currency "USD"'])
def test_a_language_alone_states_no_order_for_a_parameter(tmp_path, head):
    tpl = tmp_path / "t.sift"
    tpl.write_text(_template("trip", head, "RECEIPT"))
    doc = tmp_path / "r.pdf"
    doc.write_bytes(pdf_from_lines(["RECEIPT", "Total 95.00", "Date: 2026-06-15"]))
    engine = Engine(templates=[tpl], seen_store="memory")
    with pytest.raises(ParamError, match="reads both as 2026-01-03 and as 2026-03-01"):
        engine.extract(doc, template="trip", params={"trip_start": "03/01/2026"})
    result = engine.extract(doc, template="trip", params={"trip_start": "2026-03-01"})
    assert result.audit.params["trip_start"] == date(2026, 3, 1)


def _packet(run) -> bytes:
    """One file holding the German and the US receipt, a page each."""
    import pymupdf

    out = pymupdf.open()
    for doc in ("de.pdf", "us.pdf"):
        out.insert_pdf(pymupdf.open(run / "in" / doc))
    return out.tobytes()


def test_a_packet_over_both_templates_refuses_it(run):
    """Code read r14 of 19473b6: extract_packet checked only the parameters' names, so a
    file holding both receipts gave the German one trip_start 2026-01-03 and the US one
    2026-03-01, each accepted."""
    with pytest.raises(ParamError, match=_BOTH):
        _engine(run).extract_packet(_packet(run), params={"trip_start": "03/01/2026"})


def test_a_split_batch_over_both_templates_refuses_it(run, capsys):
    """Code read r14 of 19473b6: `batch --split` skipped the check and exited 0 with both
    dates in its output."""
    (run / "p").mkdir()
    (run / "p" / "both.pdf").write_bytes(_packet(run))
    code = main(["batch", str(run / "p"), "--split", "--templates", str(run / "t"),
                 "--param", "trip_start=03/01/2026", "-o", str(run / "out.jsonl"),
                 "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert _BOTH in err
    assert "Traceback" not in err and not (run / "out.jsonl").exists()
