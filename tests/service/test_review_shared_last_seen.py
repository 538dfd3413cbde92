"""A review keeps and forgets what every template sharing the record's ``duplicates
"NAME"`` asks ``last_seen`` for, as the extraction kept it (7432beb): payapp_a reads an
application whose line 6 only payapp_b's rule compares the next application with. A
reviewer's correction of that line 6 is what the next application is compared with; a
rejection forgets it (the one before is compared with)."""

from __future__ import annotations

from formsift import Engine
from formsift.core.result import Status
from formsift.service.review import apply_review, record_seen
from tests.test_last_seen import application_pdf
from tests.test_last_seen_fixes import PREV_CERTS, SHARED

SEQUENCE = "rule app_sequence: app_no == 1 or app_no == last_seen(project_no, app_no) + 1"


def _second_reviewed(tmp_path, corrections: dict, reject: str | None = None) -> Engine:
    """Application 1 read by payapp_b, application 2 (line 6 read 1,900.00) by payapp_a,
    then reviewed in the service's way (apply_review with the served templates, then
    record_seen)."""
    for name, rule in (("payapp_a", SEQUENCE), ("payapp_b", PREV_CERTS)):
        (tmp_path / f"{name}.sift").write_text(
            SHARED.replace("NAME", name).replace("RULE", rule))
    engine = Engine([tmp_path / "payapp_a.sift", tmp_path / "payapp_b.sift"],
                    seen_store="memory")
    engine.extract(application_pdf(1, "RMOB-1234", "1,000.00", "0.00"), "payapp_b")
    second = engine.extract(application_pdf(2, "RMOB-1234", "1,900.00", "1,000.00"),
                            "payapp_a")
    tpl = next(t for t in engine.templates if t.name == "payapp_a")
    out = apply_review(second.model_dump(mode="json"), tpl, corrections, "rita",
                       seen_store=engine.seen_store, reject=reject,
                       templates=engine.templates)
    record_seen(engine.seen_store, tpl, second.document_id, out)
    return engine


def _prev_certs(engine: Engine, previous: str) -> bool | None:
    third = engine.extract(application_pdf(3, "RMOB-1234", "2,500.00", previous),
                           "payapp_b")
    passed = next(r.passed for r in third.rules if r.name == "prev_certs_match")
    assert (third.status == Status.ACCEPTED) == bool(passed), third.reasons
    return passed


def test_a_correction_of_a_value_only_a_sharing_template_asks_for_is_kept(tmp_path):
    engine = _second_reviewed(tmp_path, {"earned_less_ret": "1,950.00"})
    assert _prev_certs(engine, "1,950.00") is True


def test_the_value_as_read_is_no_longer_compared_with_after_its_correction(tmp_path):
    engine = _second_reviewed(tmp_path, {"earned_less_ret": "1,950.00"})
    assert _prev_certs(engine, "1,900.00") is False


def test_a_rejection_forgets_what_a_sharing_template_asks_for(tmp_path):
    engine = _second_reviewed(tmp_path, {}, reject="not this project's application")
    assert _prev_certs(engine, "1,000.00") is True
