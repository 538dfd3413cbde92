"""Belgian identifiers as Benelux invoices print them (benelux journey).

Finding 5: the structured communication (OGM/VCS) written between asterisks,
``***012/3456/78939***`` (Belgium's other accepted frame besides ``+++``), failed
``valid_id("be.ogm_vcs", x)`` although the same digits between ``+++`` passed: a needless
review."""

from __future__ import annotations

import pytest

from formsift.plugins.validators.national_ids import valid_id


@pytest.mark.parametrize("text,ok", [
    ("+++012/3456/78939+++", True),
    ("***012/3456/78939***", True),
    ("*** 012 / 3456 / 78939 ***", True),
    ("012/3456/78939", True),
    ("***012/3456/78938***", False),      # wrong check digits stay wrong
    ("+++012/3456/78938+++", False),
    ("***012/3456/7893***", False),        # a digit short
])
def test_structured_communication_in_either_frame(text, ok):
    assert valid_id("be.ogm_vcs", text) is ok

