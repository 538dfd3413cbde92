"""``last_seen(series, field)``: a monthly payment application checked against the previous
one of its project (pay-application journey, findings 4 and 5): line 7 (previous
certificates) must equal last month's line 6, the application number last month's + 1."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from formsift.core import seen
from formsift.core.engine import Engine
from formsift.core.errors import FormsiftError
from formsift.core.money import Amount
from formsift.core.result import Status

PAYAPP = '''template payapp {
  locale "en_US"
  currency "USD"
  field app_no: int = right of "APPLICATION NO:"
  field project_no: id = right of "PROJECT NO:"
  field period_to: date = right of "PERIOD TO:"
  field earned_less_ret: money = right of "6. TOTAL EARNED LESS RETAINAGE"
  field previous_certs: money = right of "7. LESS PREVIOUS CERTIFICATES"
  rule prev_certs_match: app_no == 1 or previous_certs == last_seen(project_no, earned_less_ret)
  rule app_sequence: app_no == 1 or app_no == last_seen(project_no, app_no) + 1
  rule later_period: app_no == 1 or period_to > last_seen(project_no, period_to)
}
'''


@pytest.fixture
def payapp(tmp_path):
    path = tmp_path / "payapp.sift"
    path.write_text(PAYAPP)
    return path


def application_pdf(app: int, project: str, earned: str, previous: str, period: str = "",
                    note: str = "") -> bytes:
    """A born-digital payment application's cover lines (``note`` makes files differ)."""
    import pymupdf

    lines = [f"APPLICATION NO: {app}", f"PROJECT NO: {project}",
             f"PERIOD TO: {period or f'{app:02d}/28/2026'}", "",
             f"6. TOTAL EARNED LESS RETAINAGE {earned}",
             f"7. LESS PREVIOUS CERTIFICATES {previous}", "", note or f"{project} {app}"]
    doc = pymupdf.open()
    page = doc.new_page()
    for n, text in enumerate(lines):
        page.insert_text((50, 100 + 20 * n), text, fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


def _rules(result):
    return {r.name: r.passed for r in result.rules}


def _reason(result, rule):
    return next(r for r in result.reasons if r.rule == rule)


def test_each_application_is_checked_against_the_previous_one_of_its_project(
        payapp):
    """The journey's series: three applications of one project and one of another, in
    order; the third's line 7 is not the second's line 6: the rule fails naming both
    figures and points at the second application."""
    engine = Engine([payapp], seen_store="memory")
    first = engine.extract(application_pdf(1, "RMOB-1234", "1,000.00", "0.00"), "payapp")
    second = engine.extract(application_pdf(2, "RMOB-1234", "1,900.00", "1,000.00"), "payapp")
    other = engine.extract(application_pdf(1, "RMOB-7777", "500.00", "0.00"), "payapp")
    third = engine.extract(application_pdf(3, "RMOB-1234", "2,500.00", "1,800.00"), "payapp")
    assert (first.status, second.status, other.status) == (Status.ACCEPTED,) * 3, \
        (first.reasons, second.reasons, other.reasons)
    assert _rules(second) == {"prev_certs_match": True, "app_sequence": True,
                              "later_period": True}
    assert third.status == Status.REVIEW
    assert _rules(third) == {"prev_certs_match": False, "app_sequence": True,
                             "later_period": True}
    failed = _reason(third, "prev_certs_match")
    assert "1800.00 against 1900.00" in failed.message, failed.message
    assert 'project_no "RMOB-1234"' in failed.message, failed.message
    assert failed.refers_to is not None
    assert failed.refers_to.document_id == second.document_id  # not the other project's


def test_no_earlier_application_is_never_a_silent_pass(payapp):
    """A first application (app_no == 1, the template's guard) passes; an application 6
    whose predecessors the store never saw is not evaluated and goes to review, saying
    there was no earlier one, rather than pass."""
    engine = Engine([payapp], seen_store="memory")
    first = engine.extract(application_pdf(1, "RMOB-1234", "1,000.00", "0.00"), "payapp")
    assert first.status == Status.ACCEPTED, first.reasons
    unknown = engine.extract(application_pdf(6, "RMOB-5555", "9,000.00", "7,500.00"), "payapp")
    assert unknown.status == Status.REVIEW
    assert _rules(unknown)["prev_certs_match"] is None
    reason = _reason(unknown, "prev_certs_match")
    assert reason.code == "rule_not_evaluated"
    assert "no earlier document" in reason.message and "RMOB-5555" in reason.message


def test_the_same_file_again_is_not_its_own_previous(payapp):
    """Re-extracting the second application, after the third came in, compares it with the
    first again: never with itself, nor with the later third."""
    engine = Engine([payapp], seen_store="memory")
    engine.extract(application_pdf(1, "RMOB-1234", "1,000.00", "0.00"), "payapp")
    second_pdf = application_pdf(2, "RMOB-1234", "1,900.00", "1,000.00")
    second = engine.extract(second_pdf, "payapp")
    engine.extract(application_pdf(3, "RMOB-1234", "2,500.00", "1,900.00"), "payapp")
    again = engine.extract(second_pdf, "payapp")
    assert again.document_id == second.document_id
    assert again.status == Status.ACCEPTED, again.reasons
    assert _rules(again) == _rules(second) == {"prev_certs_match": True, "app_sequence": True,
                                               "later_period": True}


def test_a_rejected_application_is_not_the_previous_one(tmp_path):
    """A record rejected at extraction was never booked: the application sent again in
    its place follows the one before it."""
    path = tmp_path / "payapp.sift"
    path.write_text(PAYAPP.replace("\n}\n", '\n  reject when previous_certs > earned_less_ret '
                                            'message "more certified than earned"\n}\n'))
    engine = Engine([path], seen_store="memory")
    engine.extract(application_pdf(1, "RMOB-1234", "1,000.00", "0.00"), "payapp")
    wrong = engine.extract(application_pdf(2, "RMOB-1234", "900.00", "1,000.00"), "payapp")
    assert wrong.status == Status.REJECTED, wrong.reasons
    resent = engine.extract(application_pdf(2, "RMOB-1234", "1,900.00", "1,000.00"), "payapp")
    assert resent.status == Status.ACCEPTED, resent.reasons


def test_the_sqlite_store_keeps_values_typed_across_engines(tmp_path, payapp):
    """A SQLite file written by one run answers the next (money, a date and a whole number
    come back in their types); a file written before last_seen existed gains its table."""
    old = tmp_path / "old.sqlite3"
    with sqlite3.connect(old) as conn:  # as an earlier version wrote it: no time, no values
        conn.execute("CREATE TABLE seen (namespace TEXT NOT NULL, value TEXT NOT NULL, "
                     "document_id TEXT NOT NULL, PRIMARY KEY (namespace, value, document_id))")
        conn.execute("INSERT INTO seen VALUES ('t', 'inv1', 'doc-0')")
    first = Engine([payapp], seen_store=old)
    assert first.extract(application_pdf(1, "RMOB-1234", "1,000.00", "0.00"),
                         "payapp").status == Status.ACCEPTED
    assert first.extract(application_pdf(2, "RMOB-1234", "1,900.00", "1,000.00"),
                         "payapp").status == Status.ACCEPTED
    del first
    store = seen.SqliteSeenStore(old)  # reopened from disk
    assert store.seen("t", "INV-1")  # the earlier version's values are still there
    key = seen.series_key("earned_less_ret", ["rmob 1234"])  # compared as seen_before does
    found = store.recall("payapp", key, "a later document")
    assert found is not None and found[1] == Decimal("1900.00") \
        and isinstance(found[1], Decimal)
    assert store.recall("payapp", seen.series_key("app_no", ["RMOB-1234"]), "x")[1] == 2
    assert store.recall("payapp", seen.series_key("period_to", ["RMOB-1234"]),
                        "x")[1] == date(2026, 2, 28)
    third = Engine([payapp], seen_store=old).extract(
        application_pdf(3, "RMOB-1234", "2,500.00", "1,800.00"), "payapp")
    assert _rules(third)["prev_certs_match"] is False
    assert "1800.00 against 1900.00" in _reason(third, "prev_certs_match").message


@pytest.mark.parametrize("make", [seen.MemorySeenStore,
                                  lambda: seen.SqliteSeenStore(seen.default_path())])
def test_stores_recall_the_latest_value_kept_before_the_asking_document(make, tmp_path,
                                                                         monkeypatch):
    monkeypatch.setenv("FORMSIFT_STATE_DIR", str(tmp_path))
    store = make()
    store.remember("t", "k", Decimal("1.00"), "a")
    store.remember("t", "k", Decimal("2.00"), "b")
    store.remember("t", "other", Decimal("9.00"), "c")
    store.remember("t", "k", Decimal("3.00"), "c")
    assert store.recall("t", "k", "new")[:2] == ("c", Decimal("3.00"))
    assert store.recall("t", "k", "c")[:2] == ("b", Decimal("2.00"))
    assert store.recall("t", "k", "a") is None  # the first of its series
    assert store.recall("u", "k", "new") is None  # another template's
    store.remember("t", "k", Decimal("2.50"), "b")  # corrected: keeps its place
    assert store.recall("t", "k", "c")[:2] == ("b", Decimal("2.50"))
    store.forget_remembered("t", "k", "b")
    assert store.recall("t", "k", "c")[:2] == ("a", Decimal("1.00"))
    for value in (Amount("12.50", "EUR"), date(2026, 1, 31), time(9, 30),
                  datetime(2026, 1, 31, 9, 30), 7, "RMOB-1234", True):
        store.remember("t", "typed", value, "d")
        back = store.recall("t", "typed", "e")[1]
        assert (back, type(back), getattr(back, "currency", None)) == \
            (value, type(value), getattr(value, "currency", None))


class SeenOnly:
    """A store of one's own written for seen_before alone."""

    def __init__(self) -> None:
        self.values: list[tuple[str, str, str]] = []

    def seen(self, namespace, value, exclude_document=None):
        return any(n == namespace and v == seen.normalize(value) and d != exclude_document
                   for n, v, d in self.values)

    def add(self, namespace, value, document_id):
        self.values.append((namespace, seen.normalize(value), document_id))


def test_a_store_without_the_methods_serves_seen_before_and_refuses_last_seen(
        tmp_path, payapp):
    dup = tmp_path / "dup.sift"
    dup.write_text('template dup {\n  field project_no: id = right of "PROJECT NO:"\n'
                   '  rule first_time: not seen_before(project_no)\n}\n')
    engine = Engine([dup, payapp], seen_store=SeenOnly())
    pdf = application_pdf(1, "RMOB-1234", "1,000.00", "0.00")
    assert engine.extract(pdf, "dup").status == Status.ACCEPTED
    again = engine.extract(application_pdf(2, "RMOB-1234", "1.00", "0.00"), "dup")
    assert _rules(again) == {"first_time": False}
    with pytest.raises(FormsiftError, match=r"template 'payapp' calls last_seen\(\): the "
                                            r"duplicates store \(SeenOnly\) keeps no values"):
        engine.extract(pdf, "payapp")


def test_a_failed_lookup_names_the_value_it_looked_up(tmp_path):
    """Finding 5: seen_before(project_no, app_no - 1) failing names the number it asked
    about (1), not app_no's own (2)."""
    path = tmp_path / "seq.sift"
    path.write_text('template seq {\n  field app_no: int = right of "APPLICATION NO:"\n'
                    '  field project_no: id = right of "PROJECT NO:"\n'
                    '  rule app_sequence: app_no == 1 or seen_before(project_no, app_no - 1)\n'
                    '}\n')
    engine = Engine([path], seen_store="memory")
    result = engine.extract(application_pdf(2, "RMOB-1234", "1.00", "0.00"), "seq")
    message = _reason(result, "app_sequence").message
    assert 'project_no "RMOB-1234", app_no - 1 = 1' in message, message


@pytest.mark.parametrize("rule, error", [
    ("period_to == last_seen(project_no, earned_less_ret)", "cannot compare a date with money"),
    ("last_seen(earned_less_ret) == 1", "last_seen() takes the series' values and, last,"),
    ("last_seen(project_no, app_no + 1) == 1", "last_seen() takes the series' values"),
    ("each items: qty == last_seen(project_no, app_no)", "not an 'each' rule's rows"),
    ("last_seen(items.qty, app_no) == 1", "a series is keyed by values"),
])
def test_check_types_last_seen(rule, error):
    from formsift.core.plugins import default_registry
    from formsift.templates import check_source

    source = PAYAPP.replace("\n}\n", '\n  table items {\n    qty: int header "QTY"\n  }\n'
                                     f'  rule bad: {rule}\n}}\n')
    _, diags = check_source(source, "payapp.sift", default_registry())
    errors = [d.message for d in diags if d.severity == "error"]
    assert len(errors) == 1 and error in errors[0], errors


def test_money_compares_with_money():
    from formsift.core.plugins import default_registry
    from formsift.templates import check_source

    _, diags = check_source(PAYAPP, "payapp.sift", default_registry())
    assert not [d for d in diags if d.severity == "error"], diags


def test_last_month_figure_never_chooses_between_readings(payapp, make_pdf):
    """Line 7 printed 1,800.00 with a stray 1,900.00 (last month's line 6) further along its
    line: the rule must not take the stray figure to pass, accepting a wrong value."""
    engine = Engine([payapp], seen_store="memory")
    engine.extract(application_pdf(1, "RMOB-1234", "1,000.00", "0.00"), "payapp")
    engine.extract(application_pdf(2, "RMOB-1234", "1,900.00", "1,000.00"), "payapp")
    third = engine.extract(make_pdf([
        (50, 100, "APPLICATION NO: 3"), (50, 120, "PROJECT NO: RMOB-1234"),
        (50, 140, "PERIOD TO: 03/28/2026"), (50, 200, "6. TOTAL EARNED LESS RETAINAGE"),
        (400, 200, "2,500.00"), (50, 220, "7. LESS PREVIOUS CERTIFICATES"),
        (300, 220, "1,800.00"), (450, 220, "1,900.00")]), "payapp")
    assert third.fields["previous_certs"].value == Decimal("1800.00")
    assert third.status == Status.REVIEW
    assert _rules(third)["prev_certs_match"] is False


def test_a_template_may_let_the_first_of_a_series_pass(tmp_path):
    """missing(last_seen(...)) says, in the template, that the first application the store
    sees of a project needs no predecessor (a store started mid-project); the rule still
    checks every later one, and a project number not read is no first application."""
    path = tmp_path / "payapp.sift"
    path.write_text(PAYAPP.replace(
        "app_no == 1 or previous_certs ==",
        "missing(last_seen(project_no, earned_less_ret)) or previous_certs =="))
    engine = Engine([path], seen_store="memory")
    sixth = engine.extract(application_pdf(6, "RMOB-1234", "1,000.00", "700.00"), "payapp")
    assert _rules(sixth)["prev_certs_match"] is True
    seventh = engine.extract(application_pdf(7, "RMOB-1234", "1,900.00", "1,100.00"),
                             "payapp")
    assert _rules(seventh)["prev_certs_match"] is False
    assert "1100.00 against 1000.00" in _reason(seventh, "prev_certs_match").message
    unread = engine.extract(application_pdf(7, "", "1,900.00", "1,000.00"), "payapp")
    assert _rules(unread)["prev_certs_match"] is None
    assert _reason(unread, "prev_certs_match").code == "rule_not_evaluated"
