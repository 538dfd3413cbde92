"""A field's label alternatives where one starts the other ("Passenger name" |
"Passenger"): where the longer stands, the shorter is part of it, not a label of its own.
A photographed airline receipt was accepted with passenger 'name: MUELLER/ANNA MS' (the
short label exact, the long one read loosely)."""

from __future__ import annotations

import dataclasses

from tests.words import run, values, words_doc

TEMPLATE = """template t {
  field passenger: text = right of "Passenger name" | "Passenger"
  field total: money = right of "Total" | "Total amount"
}
"""


def test_the_longer_label_wins_where_both_stand(registry):
    doc = words_doc([("Passenger", 0.1, 0.2), ("name:", 0.21, 0.27),
                     ("MUELLER/ANNA", 0.35, 0.5), ("MS", 0.51, 0.54)],
                    [("Total", 0.1, 0.16), ("amount", 0.17, 0.25), ("EUR", 0.35, 0.39),
                     ("940.00", 0.4, 0.47)])
    assert values(run(TEMPLATE, doc, registry)) == {"passenger": "MUELLER/ANNA MS",
                                                     "total": "940.00"}


def test_the_longer_label_read_loosely_still_wins(registry):
    """The photo's case: 'name' read 'narne' with its unsure letters, so the long label
    is found only loosely (0.85) and the short one exactly (1.0)."""
    doc = words_doc([("Passenger", 0.1, 0.2), ("narne:", 0.21, 0.27),
                     ("MUELLER/ANNA", 0.35, 0.5), ("MS", 0.51, 0.54)])
    word = doc.pages[0].words[1]
    doc.pages[0].words[1] = dataclasses.replace(
        word, char_confidences=(0.97, 0.97, 0.4, 0.4, 0.97, 0.97))
    assert values(run(TEMPLATE, doc, registry))["passenger"] == "MUELLER/ANNA MS"


def test_the_shorter_label_alone_is_still_found(registry):
    doc = words_doc([("Passenger:", 0.1, 0.22), ("MUELLER/ANNA", 0.35, 0.5)],
                    [("Total:", 0.1, 0.16), ("940.00", 0.4, 0.47)])
    assert values(run(TEMPLATE, doc, registry)) == {"passenger": "MUELLER/ANNA",
                                                     "total": "940.00"}
