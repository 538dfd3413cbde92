"""Packets: multi-document files split into documents (golden packets made by the sample
generator: several invoices, KYC packets, shuffled pages, unknown pages in the middle),
packet templates with cross-document rules, classification scores, the classifier hook
and ``formsift extract --split``."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest

from formsift import Engine
from formsift.core.plugins import PluginRegistry
from formsift.core.result import Status
from formsift.samples import generate, packet
from formsift.templates import check_definitions, check_source
from tests.pdfs import same_document

KIND_TEMPLATE = {"invoice": "invoice", "invoice_2p": "invoice", "receipt": "receipt",
                 "delivery_note": "delivery_note", "payslip": "payslip",
                 "kyc_form": "kyc_form", "id_card": "id_card",
                 "proof_of_address": "proof_of_address", "letter": None}


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry, seen_store="memory")


def combine(parts: list[tuple[str, int]], shuffle_seed: int | None = None
            ) -> tuple[bytes, list[tuple[str, list[int]]]]:
    """A PDF of generated documents (kind, seed), pages optionally shuffled; returns the
    layout like formsift.samples.packet: (kind, 1-based pages) per document."""
    import pymupdf

    docs = [pymupdf.open(stream=generate(k, s).pdf, filetype="pdf") for k, s in parts]
    order = [(i, p) for i, d in enumerate(docs) for p in range(d.page_count)]
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(order)
    out = pymupdf.open()
    layout: dict[int, list[int]] = {i: [] for i in range(len(docs))}
    for n, (i, p) in enumerate(order):
        out.insert_pdf(docs[i], from_page=p, to_page=p)
        layout[i].append(n + 1)
    data = out.tobytes()
    return data, [(parts[i][0], layout[i]) for i in range(len(parts))]


def assert_split(result, layout) -> None:
    """Every document comes out with exactly its pages and the right template; unknown
    kinds' pages are unassigned; no page is assigned to the wrong document."""
    found = {tuple(sorted(d.pages)): d.template for d in result.documents}
    for kind, pages in layout:
        if KIND_TEMPLATE[kind] is None:
            assert set(pages) <= set(result.unassigned_pages), (kind, pages, found)
            continue
        assert found.get(tuple(sorted(pages))) == KIND_TEMPLATE[kind], (kind, pages, found)
    expected_docs = [k for k, _ in layout if KIND_TEMPLATE[k] is not None]
    assert len(result.documents) == len(expected_docs)
    unknown = sorted(p for k, ps in layout if KIND_TEMPLATE[k] is None for p in ps)
    assert result.unassigned_pages == unknown
    assigned = [p for d in result.documents for p in d.pages]
    assert len(assigned) == len(set(assigned))  # no page in two documents
    assert sorted(assigned + unknown) == list(range(1, result.pages + 1))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_three_invoices_in_one_pdf(engine, seed):
    # one of them runs over two pages: "Page x of 2", a repeated header, the same number
    data, layout = packet(["invoice", "invoice_2p", "invoice"], seed)
    result = engine.extract_packet(data, name="three-invoices.pdf")
    assert_split(result, layout)
    two_pages = next(d for d in result.documents if len(d.pages) == 2)
    truth = generate("invoice_2p", seed + 1).truth
    assert two_pages.result.record()["total"] == truth["total"]
    assert len(two_pages.result.record()["items"]) == len(truth["items"])
    # values keep the file's page numbers
    assert two_pages.result.fields["total"].page == two_pages.pages[-1]
    assert all(d.result.status is Status.ACCEPTED for d in result.documents)
    assert result.status is Status.ACCEPTED


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 5])
def test_kyc_packet_in_order_and_shuffled(engine, seed):
    for shuffle in (False, True):
        data, layout = packet(["kyc_form", "id_card", "proof_of_address"], seed,
                              shuffle=shuffle)
        result = engine.extract_packet(data)
        assert_split(result, layout)
        assert result.packet == "kyc"
        assert {d.role: d.template for d in result.documents} == {
            "form": "kyc_form", "id": "id_card", "address": "proof_of_address"}
        form = result.document("form")
        assert form is not None
        # reading order follows "Page x of 2", wherever the pages were in the file
        assert [result.page_classification[p - 1].page_cue for p in form.pages] == [
            [1, 2], [2, 2]]
        passed = {r.name: r.passed for r in result.rules}
        assert all(passed[n] for n in ("same_surname", "same_given_names", "same_birth_date",
                                       "same_id_number", "same_address"))
        assert result.status is Status.ACCEPTED, result.reasons


@pytest.mark.parametrize("shuffle_seed", [None, 1, 2, 3])
def test_unknown_page_in_the_middle_is_unassigned(engine, shuffle_seed):
    parts = [("kyc_form", 4), ("letter", 9), ("id_card", 5), ("proof_of_address", 6)]
    data, layout = combine(parts, shuffle_seed)
    result = engine.extract_packet(data)
    assert_split(result, layout)
    assert result.packet == "kyc"
    assert result.status is Status.REVIEW  # an unknown page needs a look
    assert [r.code for r in result.reasons] == ["unassigned_pages"]
    letter_page = layout[1][1][0]
    row = result.page_classification[letter_page - 1]
    assert row.template is None and row.document is None
    assert set(row.scores) == {t.name for t in engine.templates}  # scored against all


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mixed_shuffled_packet(engine, seed):
    kinds = ["invoice", "letter", "receipt", "invoice_2p", "payslip", "delivery_note",
             "invoice"]
    data, layout = packet(kinds, seed, shuffle=True)
    result = engine.extract_packet(data)
    assert_split(result, layout)
    assert result.packet is None  # no packet template asks for these documents


def test_cross_document_rule_failure_is_never_accepted(registry):
    # the ID card belongs to someone else: the packet's same_* rules fail
    data, layout = combine([("kyc_form", 0), ("id_card", 4), ("proof_of_address", 2)])
    lenient = '''packet kyc_lenient {
      document form: kyc_form
      document id: id_card
      rule same_surname: form.surname == id.surname
      accept when true
    }'''
    from formsift.templates import LIBRARY, library_names

    engine = Engine([*(LIBRARY / f"{n}.sift" for n in library_names())], registry=registry,
                    seen_store="memory")
    _, packets, diags = check_definitions(lenient, "lenient.sift", registry,
                                          known={t.name: t for t in engine.templates})
    assert not diags
    engine.packets.extend(packets)
    result = engine.extract_packet(data)
    assert_split(result, layout)
    assert result.packet in ("kyc", "kyc_lenient")
    assert any(r.passed is False for r in result.rules)
    assert result.status is Status.REVIEW
    assert "rule_failed" in [r.code for r in result.reasons]


def test_packet_missing_a_required_document(engine):
    data, layout = combine([("kyc_form", 0), ("proof_of_address", 2)])
    result = engine.extract_packet(data)
    assert_split(result, layout)
    assert result.packet is None
    assert result.status is Status.REVIEW
    assert result.reasons[0].code == "document_missing"
    assert "id (id_card)" in result.reasons[0].message


def test_packet_template_errors_all_at_once(registry):
    src = '''packet p {
      locale "de"
      document form: kyc_from
      document id: id_card+
    }
    packet q {
      document id: id_card
      document id: id_card
      rule a: id.surnam == "X"
      rule b: each id: x == 1
    }'''
    _, _, diags = check_definitions(src, "p.sift", registry)
    assert diags and all(d.severity == "error" for d in diags)
    # a syntax error (+ after a packet document: a role of several documents is
    # TEMPLATE[]) is said with the others
    assert any("unexpected '+'" in d.message for d in diags)
    src = src.replace("id_card+", "id_card")
    _, _, diags = check_definitions(src, "p.sift", registry)
    messages = [(d.line, d.message, d.hint) for d in diags]
    assert messages[0][:2] == (2, "'locale' is a template setting; a packet takes title, "
                                  "version and description")
    assert messages[1] == (3, "unknown template 'kyc_from'", "did you mean 'kyc_form'?")
    assert messages[2][:2] == (8, "document 'id' is declared twice")
    assert messages[3] == (9, "'id' has no field 'surnam'", "did you mean 'surname'?")
    assert messages[4][1].startswith("'each' in a packet rule names a document's table")


def test_packet_formatting_round_trips():
    from formsift.grammar.formatter import format_source
    from formsift.templates import library_packet_paths

    for path in library_packet_paths():
        source = path.read_text()
        assert format_source(source) == source
    messy = "packet p{document a: invoice? rule r: a.total>0}"
    assert format_source(messy) == ("packet p {\n  document a: invoice?\n\n"
                                    "  rule r: a.total > 0\n}\n")
    rows = ("packet p{document a: invoice rule r: each a.items: "
            "qty<=lookup(x,a.items.x,a.items.qty)}")
    assert format_source(rows) == ("packet p {\n  document a: invoice\n\n"
                                   "  rule r: each a.items: qty <= lookup(x, a.items.x, "
                                   "a.items.qty)\n}\n")


def test_unknown_document_is_not_forced_into_the_nearest_template(engine):
    result = engine.extract(generate("letter", 3).pdf)
    assert result.template is None and result.status is Status.REVIEW
    assert result.reasons[0].code == "unknown_document"
    best = result.classification[0]
    threshold = next(t.match.threshold for t in engine.templates if t.name == best.template)
    assert 0 < best.score < threshold  # it mentions an invoice: close, but no template
    assert {s.template for s in result.classification} == {t.name for t in engine.templates}


class _Classifier:
    """A classifier plugin: recognises cover letters as receipts (to see it take effect)."""

    from formsift.core.hookspecs import hookimpl

    @hookimpl
    def formsift_classify_page(self, page, templates):
        if "Dear" in page.text:
            return {"receipt": 0.9, "no_such_template": 1.0}
        return None


class _BrokenClassifier:
    from formsift.core.hookspecs import hookimpl

    @hookimpl
    def formsift_classify_page(self, page):
        raise RuntimeError("model missing")


def test_classifier_hook_scores_pages():
    registry = PluginRegistry.discover(extra_plugins=[("clf", _Classifier())])
    engine = Engine(registry=registry, seen_store="memory")
    result = engine.extract(generate("letter", 3).pdf)
    assert result.template == "receipt"
    assert result.classification[0].template == "receipt"
    assert result.classification[0].score == 0.9
    # a plugin cannot veto what a match block finds
    invoice = engine.extract(generate("invoice", 0).pdf)
    assert invoice.template == "invoice"


def test_broken_classifier_is_recorded_not_fatal():
    registry = PluginRegistry.discover(extra_plugins=[("broken", _BrokenClassifier())])
    engine = Engine(registry=registry, seen_store="memory")
    result = engine.extract(generate("invoice", 0).pdf)
    assert result.template == "invoice"
    assert any("model missing" in e for e in result.audit.plugin_errors)


class _SloppyClassifier:
    from formsift.core.hookspecs import hookimpl

    def __init__(self, scores):
        self.scores = scores

    @hookimpl
    def formsift_classify_page(self, page):
        return self.scores


@pytest.mark.parametrize("scores, message", [
    ({"receipt": 7.5}, "score 7.5 for 'receipt' is not a number from 0 to 1"),
    ([("receipt", 0.9)], "returned list, not a dict of template name -> score"),
    ({"receipt": "high"}, "score 'high' for 'receipt' is not a number from 0 to 1"),
])
def test_a_classifier_score_out_of_its_range_is_a_plugin_error_not_a_score(scores, message):
    """7.5 was clamped to a certain 1.0, and a list was ignored, both silently."""
    registry = PluginRegistry.discover(extra_plugins=[("sloppy", _SloppyClassifier(scores))])
    engine = Engine(registry=registry, seen_store="memory")
    result = engine.extract(generate("letter", 3).pdf)
    assert result.template is None  # no score taken from it
    assert any(message in e for e in result.audit.plugin_errors), result.audit.plugin_errors


def test_a_classifier_may_give_numpy_scores():
    """float32 probabilities (a softmax, 1.0000001 included) were refused as not numbers."""
    import numpy as np

    scores = {"receipt": np.float32(0.9), "invoice": np.float32(1.0000001)}
    registry = PluginRegistry.discover(extra_plugins=[("np", _SloppyClassifier(scores))])
    result = Engine(registry=registry, seen_store="memory").extract(generate("letter", 3).pdf)
    assert not result.audit.plugin_errors
    assert {s.template: s.score for s in result.classification}["receipt"] == \
        pytest.approx(0.9)


def test_cli_extract_split(tmp_path, capsys):
    from formsift.cli import main

    data, layout = packet(["kyc_form", "id_card", "proof_of_address"], 3, shuffle=True)
    path = tmp_path / "kyc.pdf"
    path.write_bytes(data)
    assert main(["extract", "--split", "--record", "--no-progress", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["packet"] == "kyc" and out["status"] == "accepted"
    assert sorted(sorted(d["pages"]) for d in out["documents"]) == sorted(
        sorted(p) for _, p in layout)
    form = next(d for d in out["documents"] if d["role"] == "form")
    assert form["record"]["surname"] == generate("kyc_form", 3).truth["surname"]
    assert out["reasons"] == [] and form["reasons"] == []  # (listed when there are any)
    assert main(["extract", "--split", "-f", "jsonl", "--no-progress", str(path),
                 str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["documents"][0]["result"]["template"]


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_packet_exported_as_csv_is_a_row_per_document(engine):
    """engine.export([packet], stream, "csv") wrote one row for the file, with no fields:
    the three invoices in it were dropped without a word."""
    data, _ = packet(["invoice", "invoice_2p", "invoice"], 0)
    result = engine.extract_packet(data, name="inbox/three-invoices.pdf")
    assert len(result.documents) == 3 and result.status is Status.ACCEPTED
    out = io.StringIO()
    engine.export([result], out, "csv")
    rows = _csv_rows(out.getvalue())
    # the packet's source and each document's pages; its status, template and fields
    assert [r["source"] for r in rows] == [
        "inbox/three-invoices.pdf#pages=" + ",".join(map(str, d.pages))
        for d in result.documents]
    assert [r["total"] for r in rows] == [d.result.record()["total"]
                                         for d in result.documents]
    assert {(r["status"], r["template"]) for r in rows} == {("accepted", "invoice")}
    one = io.StringIO()
    engine.export(result, one, "csv")  # one packet, not a list of one
    assert one.getvalue() == out.getvalue()
    # json and jsonl take the packet as it is
    whole = io.StringIO()
    engine.export(result, whole, "json")
    assert len(json.loads(whole.getvalue())["documents"]) == 3


def test_a_packet_with_something_of_its_own_to_say_gets_a_row_of_its_own(engine):
    # an unknown page: the packet is in review though each of its documents is accepted
    parts = [("kyc_form", 4), ("letter", 9), ("id_card", 5), ("proof_of_address", 6)]
    data, _ = combine(parts)
    result = engine.extract_packet(data, name="kyc.pdf")
    assert result.status is Status.REVIEW
    out = io.StringIO()
    engine.export([result], out, "csv")
    rows = _csv_rows(out.getvalue())
    assert len(rows) == 1 + len(result.documents)
    first = rows[0]
    assert (first["source"], first["status"], first["template"]) == (
        "kyc.pdf", "review", "kyc")
    assert "match no template" in first["message"] and first["surname"] == ""
    assert [r["source"].split("#")[0] for r in rows[1:]] == ["kyc.pdf"] * 3


def test_cli_split_writes_csv_a_row_per_document(tmp_path, capsys):
    from formsift.cli import EXIT_INPUT, main

    data, _ = packet(["invoice", "invoice"], 2)
    path = tmp_path / "two.pdf"
    path.write_bytes(data)
    missing = tmp_path / "missing.pdf"
    assert main(["extract", "--split", "-f", "csv", "--no-progress", str(path),
                 str(missing)]) == EXIT_INPUT
    rows = _csv_rows(capsys.readouterr().out)
    assert [r["source"] for r in rows] == [f"{path}#pages=1", f"{path}#pages=2",
                                           str(missing)]
    assert [r["status"] for r in rows] == ["accepted", "accepted", "error"]
    assert rows[0]["invoice_no"] == generate("invoice", 2).truth["invoice_no"]
    assert main(["extract", "--split", "--record", "-f", "csv", str(path)]) != 0
    assert "--record writes plain values as JSON" in capsys.readouterr().err


def test_example_packet_is_current_and_splits(engine):
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("make_samples",
                                                  root / "scripts" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = root / "examples" / "documents" / "kyc_packet.pdf"
    assert same_document(path.read_bytes(), module.kyc_packet_example()), \
        "run: python scripts/make_samples.py --examples"
    result = engine.extract_packet(path)
    assert result.packet == "kyc" and result.status is Status.ACCEPTED


def test_a_packet_file_given_alone_brings_the_library_templates_it_names(registry):
    """`--templates kyc.sift`: the packet names kyc_form, id_card and proof_of_address,
    which are not in that file; they come from the library and classify the pages."""
    from formsift.templates import library_packet_paths

    (kyc,) = [p for p in library_packet_paths() if p.stem == "kyc"]
    engine = Engine(templates=[kyc], registry=registry)
    assert {t.name for t in engine.templates} == {"kyc_form", "id_card", "proof_of_address"}
    data, _ = packet(["kyc_form", "id_card", "proof_of_address"], 3, shuffle=True)
    result = engine.extract_packet(data, name="kyc.pdf")
    assert result.packet == "kyc"
    assert {d.role for d in result.documents} == {"form", "id", "address"}


def test_a_proof_of_address_newer_than_the_form_is_not_called_too_old(engine):
    """The shipped KYC example: its utility bill is dated after the form was signed. The
    warning is about a proof issued long *before* the form; within_days counted either
    direction and said "older than six months"."""
    from pathlib import Path

    data = (Path(__file__).resolve().parents[1] / "examples" / "documents" /
            "kyc_packet.pdf").read_bytes()
    result = engine.extract_packet(data, name="kyc_packet.pdf")
    form, address = result.document("form"), result.document("address")
    assert address.result.value("issue_date") > form.result.value("signed_on")
    assert {r.name: r.passed for r in result.rules}["recent_address"] is True


def _joined(*pdfs: bytes) -> bytes:
    import pymupdf

    out = pymupdf.open()
    for data in pdfs:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            out.insert_pdf(doc)
    return out.tobytes()


def test_two_customers_packets_in_one_file_go_to_review(engine):
    """Customer B's form, ID and proof of address came out with no role and no reason, and
    the packet was accepted."""
    kinds = ["kyc_form", "id_card", "proof_of_address"]
    a, _ = packet(kinds, 0)
    b, _ = packet(kinds, 10)
    result = engine.extract_packet(_joined(a, b), name="two.pdf")
    assert result.status is not Status.ACCEPTED
    (reason,) = [r for r in result.reasons if r.code == "extra_documents"]
    assert "has no role in the 'kyc' packet" in reason.message


def test_an_expired_id_or_a_minor_is_not_accepted(engine, monkeypatch):
    """The shipped id_card only warned about an expired document (accepted), and 'adult'
    counted 6570 days (17 years and 361 days passed)."""
    import dataclasses
    from datetime import date, timedelta

    from formsift.samples import packets as P

    real = P.person
    monkeypatch.setattr(P, "person", lambda seed: dataclasses.replace(
        real(seed), expiry=date(2021, 5, 3)))
    card = engine.extract(generate("id_card", 1).pdf, "id_card")
    assert card.status is not Status.ACCEPTED
    assert any(r.rule == "not_expired" for r in card.reasons)
    signed = date.fromisoformat(generate("kyc_form", 0).truth["signed_on"])
    born = date(signed.year - 18, signed.month, signed.day)  # 18 on the day of signing
    for birth, adult in ((born, True), (born + timedelta(days=5), False)):
        monkeypatch.setattr(P, "person", lambda seed, b=birth: dataclasses.replace(
            real(seed), birth_date=b))
        result = engine.extract(generate("kyc_form", 0).pdf, "kyc_form")
        (rule,) = [r for r in result.rules if r.name == "adult"]
        assert rule.passed is adult, (birth, signed)


def test_seen_before_in_a_packet_rule_finds_another_customers_id(tmp_path):
    """`rule new_id: not seen_before(id.document_no)` in a packet passed `check` and never
    fired: the same ID number used by two customers was accepted twice."""
    from formsift.templates import LIBRARY

    kyc = (LIBRARY / "packets" / "kyc.sift").read_text().replace(
        "  review when", "  rule new_id: not seen_before(id.document_no)\n\n  review when", 1)
    (tmp_path / "kyc.sift").write_text(kyc)
    templates = [LIBRARY / f"{n}.sift" for n in ("kyc_form", "id_card", "proof_of_address")]
    engine = Engine(templates=[*templates, tmp_path / "kyc.sift"], seen_store="memory")
    data, _ = packet(["kyc_form", "id_card", "proof_of_address"], 0)
    first = engine.extract_packet(data, name="a.pdf")
    assert first.packet == "kyc" and first.status is Status.ACCEPTED, first.reasons
    again = engine.extract_packet(data, name="a.pdf")  # its own ID is no other customer's,
    assert [r.passed for r in again.rules if r.name == "new_id"] == [True]
    # but the same file sent again is said so, as a single document's is
    assert [r.code for r in again.reasons] == ["duplicate_document"]
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as doc:  # another file, the same ID
        doc[0].insert_text((400, 800), "resubmitted", fontsize=6)
        other = doc.tobytes()
    second = engine.extract_packet(other, name="b.pdf")
    (rule,) = [r for r in second.rules if r.name == "new_id"]
    assert rule.passed is False and second.status is not Status.ACCEPTED


def test_a_page_its_document_says_is_missing_sends_it_to_review(engine):
    """A KYC form whose page 2 of 2 (the signature) was left out of the packet was
    accepted; its page 1 said 'Page 1 of 2'."""
    import pymupdf

    data, layout = packet(["kyc_form", "id_card", "proof_of_address"], 0)
    (form_pages,) = [pages for kind, pages in layout if kind == "kyc_form"]
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        doc.delete_page(form_pages[-1] - 1)
        cut = doc.tobytes()
    result = engine.extract_packet(cut, name="cut.pdf")
    assert result.status is not Status.ACCEPTED
    form = next(d for d in result.documents if d.template == "kyc_form")
    (reason,) = [r for r in form.result.reasons if r.code == "pages_missing"]
    assert "page(s) 2 missing" in reason.message
    # the document has one page; the file has more (the packet's other documents)
    assert "the document has 1: page(s) 2 missing" in reason.message
    whole = engine.extract(generate("kyc_form", 0).pdf, "kyc_form")
    assert not [r for r in whole.reasons if r.code == "pages_missing"]


def test_a_damaged_packet_says_so(engine):
    """A user's bug: a truncated packet split into nothing said only that its pages match
    no template; extracted alone the same file said input_damaged."""
    data, _ = packet(["invoice", "invoice"], 3)
    cut = data[: int(len(data) * 0.9)]
    result = engine.extract_packet(cut, name="cut.pdf")
    assert "input_damaged" in [r.code for r in result.reasons]
    assert result.status is not Status.ACCEPTED


def test_packet_rules_read_a_documents_record_field(registry):
    """A user could not write 'form.birth_date == id.mrz.birth_date' (a syntax error):
    packet rules could not read the MRZ the ID card template reads."""
    from formsift.templates import LIBRARY, library_names

    src = '''packet kyc_mrz {
      document form: kyc_form
      document id: id_card
      document address: proof_of_address
      rule birth_in_mrz: form.birth_date == id.mrz.birth_date
      rule valid_at_signing: id.mrz.expiry_date >= form.signed_on
      rule name_in_mrz: form.surname == id.mrz.surname
    }'''
    engine = Engine([*(LIBRARY / f"{n}.sift" for n in library_names())], registry=registry,
                    seen_store="memory")
    known = {t.name: t for t in engine.templates}
    _, packets, diags = check_definitions(src, "p.sift", registry, known=known)
    assert not diags, diags
    engine.packets[:] = packets
    same, _ = packet(["kyc_form", "id_card", "proof_of_address"], 0)
    result = engine.extract_packet(same)
    assert result.packet == "kyc_mrz"
    assert {r.name: r.passed for r in result.rules} == {
        "birth_in_mrz": True, "valid_at_signing": True, "name_in_mrz": True}
    other, _ = combine([("kyc_form", 0), ("id_card", 4), ("proof_of_address", 2)])
    result = engine.extract_packet(other)
    assert {r.name: r.passed for r in result.rules}["name_in_mrz"] is False
    # what such a name may hold is checked
    bad = src.replace("id.mrz.surname", "id.mrz.surnam").replace(
        "id.mrz.expiry_date", "form.surname.first")
    _, _, diags = check_definitions(bad, "p.sift", registry, known=known)
    messages = [d.message for d in diags]
    assert "'form.surname' is no record: it has no parts" in messages
    assert "'id.mrz' has no part 'surnam'" in messages
    (_, diags) = check_source("template t {\n  field mrz: mrz = anywhere\n"
                              "  rule r: mrz.surname.x == \"A\"\n}\n", "t.sift", registry)
    assert "only packet rules" in diags[0].message


# ------------------------------------------------------------ three-way match: tables
THREE_WAY = '''
template t_po {
  match {
    contains "PURCHASE ORDER"
    contains "PO Number"
    threshold 1
  }
  field po_no: id = right of "PO Number"
  field total_net: money = right of "Total net"
  table items {
    article: id header "Article"
    qty: int header "Qty"
    unit_price: money header "Unit price"
    amount: money header "Amount"
    until "Total net"
  }
}

template t_dn {
  match {
    contains "Delivery note"
    contains "Received by"
  }
  field dn_no: id = right of "Delivery note No."
  field order_no: id = right of "Your order No."
  table items {
    article: id header "Article"
    qty_delivered: int header "Delivered"
    until "Received by"
  }
}

template t_inv {
  match {
    contains "INVOICE"
    contains "Invoice No."
    threshold 1
  }
  field invoice_no: id = right of "Invoice No."
  field net: money = right of "Subtotal"
  table items {
    article: id header "Article"
    qty: int header "Qty"
    unit_price: money header "Unit price"
    amount: money header "Amount"
    until "Subtotal"
  }
}

packet three_way {
  document po: t_po
  document dn: t_dn
  document inv: t_inv

  rule same_po: po.po_no == dn.order_no
  rule delivered: each inv.items: qty <= lookup(article, dn.items.article, dn.items.qty_delivered)
    message "invoiced more than delivered"
  rule as_ordered: each inv.items:
    unit_price == lookup(article, po.items.article, po.items.unit_price)
  rule net_from_lines: inv.net == sum(inv.items.amount) tolerance 0.01
  rule within_po: sum(inv.items.qty) <= sum(po.items.qty) and inv.net <= po.total_net
  rule lines: count(inv.items) <= count(po.items)
  rule first_line: first(inv.items.article) == first(po.items.article)
}
'''

ITEMS = [("4711-200", 500, "0.42"), ("4711-310", 1000, "0.05"), ("6100-040", 10, "6.80")]


def _doc_page(doc, head: list[str], rows: list[tuple[str, ...]], foot: list[str]) -> None:
    page = doc.new_page(width=595, height=842)
    y = 60
    for line in head:
        page.insert_text((50, y), line, fontsize=11)
        y += 18
    for n, row in enumerate(rows):
        y += 28 if n == 0 else 16
        for x, text in zip((50, 200, 300, 400), row, strict=False):
            page.insert_text((x, y), text, fontsize=10)
    for line in foot:
        y += 30
        page.insert_text((50, y), line, fontsize=11)


def three_way_pdf(delivered: dict[str, int] | None = None,
                  invoiced: dict[str, int] | None = None,
                  cover: bool = False, dn_items: list[str] | None = None) -> bytes:
    """A purchase order, a delivery note and an invoice for ITEMS (born-digital pages);
    ``delivered``/``invoiced``: other quantities by article; ``cover``: a cover letter
    naming the delivery note in front; ``dn_items``: the articles the note lists."""
    import pymupdf

    delivered, invoiced = delivered or {}, invoiced or {}
    doc = pymupdf.open()
    if cover:
        page = doc.new_page(width=595, height=842)
        page.insert_text((50, 80), "Dear Sir or Madam,", fontsize=11)
        page.insert_text((50, 100), "please find enclosed the signed Delivery note and our "
                                    "invoice.", fontsize=11)
        page.insert_text((50, 120), "Kind regards, Supplier GmbH", fontsize=11)

    def lines(quantities: dict[str, int]) -> tuple[list[tuple[str, ...]], str]:
        rows, total = [("Article", "Qty", "Unit price", "Amount")], 0.0
        for article, qty, price in ITEMS:
            qty = quantities.get(article, qty)
            rows.append((article, str(qty), price, f"{qty * float(price):.2f}"))
            total += qty * float(price)
        return rows, f"{total:.2f}"

    rows, total = lines({})
    _doc_page(doc, ["PURCHASE ORDER", "PO Number  PO-2026-04418"], rows,
              [f"Total net  {total}"])
    listed = dn_items if dn_items is not None else [a for a, _, _ in ITEMS]
    _doc_page(doc, ["Delivery note", "Delivery note No.  DN-88214",
                    "Your order No.  PO-2026-04418"],
              [("Article", "Delivered"), *((a, str(delivered.get(a, q))) for a, q, _ in ITEMS
                                           if a in listed)],
              ["Received by  J. Brandt"])
    rows, total = lines(invoiced)
    _doc_page(doc, ["INVOICE", "Invoice No.  RE-2026-1188"], rows, [f"Subtotal  {total}"])
    return doc.tobytes()


@pytest.fixture(scope="module")
def three_way(registry, tmp_path_factory):
    path = tmp_path_factory.mktemp("three_way") / "three_way.sift"
    path.write_text(THREE_WAY)
    return Engine(templates=[path], registry=registry, seen_store="memory")


def test_packet_rules_read_the_documents_tables(three_way):
    """A procurement journey could not write its three-way match ('inv' has no field
    'items'; 'each inv.items' a parse error), and a packet invoicing 10 rods of which 8
    were delivered was accepted."""
    result = three_way.extract_packet(three_way_pdf(), name="ok.pdf")
    assert result.packet == "three_way"
    assert {r.name: r.passed for r in result.rules} == dict.fromkeys(
        ["same_po", "delivered", "as_ordered", "net_from_lines", "within_po", "lines",
         "first_line"], True)
    assert result.status is Status.ACCEPTED, result.reasons

    short = three_way.extract_packet(three_way_pdf(delivered={"6100-040": 8}),
                                     name="short.pdf")
    rules = {r.name: r for r in short.rules}
    assert rules["delivered"].passed is False
    # the row, and what it showed: the two sides and the article it looked up
    assert rules["delivered"].message == ('invoiced more than delivered (row(s) 3 of '
                                          'inv.items; row 3: 10 against 8 for article '
                                          '"6100-040")')
    assert short.status is Status.REVIEW
    assert [r.rule for r in short.reasons if r.code == "rule_failed"] == ["delivered"]

    over = three_way.extract_packet(three_way_pdf(invoiced={"4711-310": 1200}),
                                    name="over.pdf")
    rules = {r.name: r.passed for r in over.rules}
    assert rules["delivered"] is False and rules["within_po"] is False
    assert over.status is Status.REVIEW


def test_a_row_with_no_match_in_the_other_document_is_never_a_pass(three_way):
    """An invoiced article the delivery note does not list: its row cannot be checked,
    and the packet goes to review with a reason saying which."""
    result = three_way.extract_packet(three_way_pdf(dn_items=["4711-200", "4711-310"]),
                                      name="unlisted.pdf")
    rule = next(r for r in result.rules if r.name == "delivered")
    assert rule.passed is None
    assert "row(s) 3" in rule.message and "no row of dn.items has article '6100-040'" \
        in rule.message
    assert result.status is Status.REVIEW
    assert "delivered" in [r.rule for r in result.reasons if r.code == "rule_not_evaluated"]


def test_a_packet_rule_over_a_table_with_no_rows_is_not_a_pass(registry, tmp_path):
    """sum() of a table that read nothing is 0, and 'each' over no rows checks nothing:
    neither may let the packet pass."""
    src = THREE_WAY.replace('until "Received by"', 'until "Received by"\n    from "Nothing"')
    path = tmp_path / "t.sift"
    path.write_text(src)
    engine = Engine(templates=[path], registry=registry, seen_store="memory")
    result = engine.extract_packet(three_way_pdf(), name="empty.pdf")
    dn = result.document("dn")
    assert dn is not None and dn.result.tables.get("items") in ([], None)
    rule = next(r for r in result.rules if r.name == "delivered")
    assert rule.passed is None
    assert result.status is not Status.ACCEPTED
    assert "delivered" in [r.rule for r in result.reasons if r.code == "rule_not_evaluated"]


def test_a_document_of_a_role_goes_to_the_best_match_not_the_first(registry, tmp_path):
    """A cover letter naming the delivery note (score 0.5, every field missing) took the
    'dn' role, and the real delivery note (1.0, complete) was reported as an extra
    document 'of another customer'."""
    path = tmp_path / "t.sift"  # the rules over fields only
    path.write_text(THREE_WAY.split("  rule delivered")[0] + "}\n")
    engine = Engine(templates=[path], registry=registry, seen_store="memory")
    result = engine.extract_packet(three_way_pdf(cover=True), name="cover.pdf")
    roles = {d.role: d.pages for d in result.documents}
    # the cover letter holds none of the delivery note's fields: no document of it, but
    # a page to look at (mortgage journey, finding 5)
    assert roles == {"po": [2], "dn": [3], "inv": [4]}
    assert result.unassigned_pages == [1]
    assert {r.name: r.passed for r in result.rules}["same_po"] is True
    (reason,) = [r for r in result.reasons if r.code == "unassigned_pages"]
    assert "page(s) 1 score for t_dn but hold none of the fields it requires" \
        in reason.message
    assert not [r for r in result.reasons if r.code == "extra_documents"]
    assert result.status is Status.REVIEW  # the cover letter is still a page to look at


def test_roles_of_one_template_rank_by_score_then_completeness():
    from formsift.templates.model import CompiledPacket, PacketDocSpec
    from formsift.templates.packet_rules import assign_roles

    p = CompiledPacket("p", "p", "1", "", "", [PacketDocSpec("a", "x", False),
                                               PacketDocSpec("b", "y", False),
                                               PacketDocSpec("c", "x", True)], [], [], {})
    templates = ["x", "x", "y", "x"]
    # no ranks: the first documents of each template, in file order
    assert assign_roles(p, templates) == {"a": 0, "b": 2, "c": 1}
    ranks = [(0.5, 0.0), (1.0, 0.5), (1.0, 1.0), (1.0, 1.0)]
    # the two best x documents (1 and 3) take the x roles, in file order
    assert assign_roles(p, templates, ranks) == {"a": 1, "b": 2, "c": 3}
    ranks = [(1.0, 0.2), (1.0, 0.9), (1.0, 1.0), (1.0, 0.9)]
    assert assign_roles(p, templates, ranks) == {"a": 1, "b": 2, "c": 3}
