"""``seen_before(x)``: another document of the same template already carried this value;
``last_seen(series, field)``: the field's value on the latest earlier document of the
series (:mod:`formsift.templates.series`).

The lookup goes to the engine's store (``Engine(seen_store=...)``, see
:mod:`formsift.core.seen`); the engine records a document's values after its result is
final.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from formsift.core import seen
from formsift.core.kinds import Function, Validator
from formsift.templates.rules import LAST_SEEN
from formsift.templates.series import recall


def seen_before(value: Any) -> bool:
    """``value``: one argument's value, or the key of several (rules call
    ``seen_before(seller, invoice_date, total)`` with :func:`formsift.core.seen.key`)."""
    binding = seen.current()
    if binding is None:  # evaluated outside an engine run: nothing was seen
        return False
    return seen.asking("seen_before", lambda: binding.store.seen(
        binding.namespace, str(value), binding.document_id))


class DuplicatesValidator(Validator):
    name = "duplicates"
    version = "0.1.0"
    summary = ("seen_before(x): duplicate detection, last_seen(series, field): the previous "
               "document's value, through the engine's store")

    def functions(self) -> Iterable[Function]:
        return [
            Function("seen_before", ("any",), "bool", seen_before,
                     "seen_before(invoice_no): another document of this template already "
                     "carried the value (compared without case, spaces and the separators "
                     "- / . _; the engine's seen_store: memory or SQLite). Several "
                     "arguments, seen_before(seller, invoice_date, total), ask whether "
                     "another document carried all of them."),
            Function(LAST_SEEN, ("any", "any"), "any", recall,
                     "last_seen(project_no, earned_less_ret): the field named last, as the "
                     "latest earlier document of this template with the same project_no "
                     "(compared as seen_before compares) carried it, in its type; never "
                     "the document itself. No earlier document: the rule is not evaluated "
                     "(review); say when a document is the first of its series: "
                     "app_no == 1 or previous_certs == last_seen(project_no, "
                     "earned_less_ret), or let the first the store sees pass: "
                     "missing(last_seen(project_no, earned_less_ret)) or ..."),
        ]
