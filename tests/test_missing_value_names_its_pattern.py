"""A field whose type has a pattern says which pattern the text beside its label did not
match (freight journey, finding 6: '"3,480 Ibs", which does not read as a text value'
left the user to guess that the pattern wanted 'lbs')."""

from tests.parsing import extract_text


def test_the_message_names_the_pattern(tmp_path):
    (reason,) = extract_text(tmp_path, 'template c {\n  match { contains "Weight" }\n'
                             '  field w: text(/\\d[\\d,]* lbs/) = right of "Weight"\n}\n',
                             "Weight 3,480 Ibs\n").reasons
    assert reason.code == "field_missing"
    assert '"3,480 Ibs", which does not read as a text value of the pattern /\\d[\\d,]* lbs/' \
        in reason.message
