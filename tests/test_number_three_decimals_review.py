"""A weight written with one mark and three decimals is ambiguous where nothing settles
the mark (journey shipping, finding 4): a German carrier's '6.100 KGS' and '12.300 KGS'
were read 6.1 and 12.3 under an en_GB template and ACCEPTED (the sum rule held both
ways). Where the template states neither decimal nor thousands and no number of the
document shows which mark is its decimal one, such a value goes to review as ambiguous,
naming both readings; a document whose numbers show it, or a template that states it,
reads as before."""

from __future__ import annotations

import pytest

from tests.parsing import extract_text

TPL = '''template bl {
  locale "en_GB"
  %s
  field gross_weight: decimal = right of "Total Gross Weight:"
  table containers {
    container_no: text header "Container"
    weight: decimal header "Gross Weight"
    until "Total Gross Weight"
  }
  rule weights: sum(containers.weight) == gross_weight
}'''

DOC = """BILL OF LADING
Container        Gross Weight
CMAU3001129      6.100 KGS
OOLU7712302      6.200 KGS
Total Gross Weight: 12.300 KGS
%s
"""


def test_three_decimals_nothing_settles_go_to_review(tmp_path):
    result = extract_text(tmp_path, TPL % "", DOC % "")
    assert result.status == "review"
    said = {r.field: r.message for r in result.reasons if r.code == "ambiguous"}
    assert "12300" in said["gross_weight"] and "12.300" in said["gross_weight"], said
    assert "6100" in said["containers.weight"], said


@pytest.mark.parametrize("settings, extra, weight", [
    ("", "Freight: 1,250.00 GBP", "12.300"),            # the page shows the point
    ("", "Tare: 7.122,750 KGS", "12300"),               # ... the comma (read so)
    ('decimal "."\n  thousands ","', "", "12.300"),      # the template states it
    ('decimal ","\n  thousands "."', "", "12300"),
])
def test_a_settled_mark_reads_as_before(tmp_path, settings, extra, weight):
    result = extract_text(tmp_path, TPL % settings, DOC % extra)
    assert not [r for r in result.reasons if r.code == "ambiguous"], result.reasons
    assert str(result.fields["gross_weight"].value) == weight
    assert result.status == "accepted", result.reasons
