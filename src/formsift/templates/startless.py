"""A page without a document start of its own goes on with the document before it.

Page 2 of a two-page invoice (its last rows, a carried-forward line, Subtotal, VAT, Total
and the IBAN) prints no document number, no date, no page "1 of y": alone it reads like
a till receipt, while page 1, without its totals, is claimed by nothing. Where such a page
follows a document's last page (or a page nothing claims), something ties the two (the
same document number, IBAN, VAT ID or company, or a carried-forward line, "Übertrag
1.250,-", printed on both: :func:`~.numbered_runs.tie`; a shared address or stamp line,
with a number or an amount, ties nothing, as any supplier's page may carry it) and
nothing keeps them apart
(another number, IBAN, VAT ID or company: :func:`~.numbered_runs.run_apart`), the pages
are one document of the template that fits them as a whole.

A page with a start of its own (an identifier or a date the pages before do not print,
"page 1 of y", every value its template requires, an amount its template requires that
the pages before print too, equal or not) never joins: a packet of one supplier's
one-page invoices, each numbered and dated, stays one document a page, and so does a
second invoice or receipt of the same Total whose number or header the scan lost. Nor
does a page that holds no value of the document's fields the pages before lack (a cover
letter), or that gives one of theirs another value (:func:`clash`: a second Total,
another invoice's page 2 after this one's).
"""

from __future__ import annotations

from formsift.core.document import Document
from formsift.templates.labels import normalize
from formsift.templates.matching import (
    PluginScores,
    classify,
    demoted_in,
    page_texts,
    vetoed_on,
)
from formsift.templates.model import CompiledTemplate


def own_start(template: CompiledTemplate, values: dict[str, str],
              before: list[dict[str, str]]) -> str | None:
    """What in ``values`` (a page's values of ``template``'s single fields) starts a
    document of its own: an identifier or a date that none of the pages before
    (``before``: theirs) holds among their identifiers and dates, or an amount the
    template requires that they hold too (:func:`_amount`); None where nothing does (a
    running header repeating the number and date is no start)."""
    def kind(name: str) -> bool:
        spec = template.fields.get(name)
        return spec is not None and (spec.type_name == "id"
                                     or spec.type.value_kind == "date")

    seen = {_plain(v) for vals in before for name, v in vals.items() if kind(name)}
    for name, value in values.items():
        if kind(name) and _plain(value) not in seen:
            return f"its own {name} {value!r}"
    for name, value in values.items():
        if _amount(template, name) and any(name in vals for vals in before):
            return f"its own {name} {value!r} after the pages before print one"
    return None


def _amount(template: CompiledTemplate, name: str) -> bool:
    """Whether ``name`` is an amount the template requires (a total): printed on a page
    after pages that print it too, equal or not, it is another document's (the pages of
    one document print it once; page 1 carries a running total forward, no Total)."""
    spec = template.fields.get(name)
    return spec is not None and spec.type.value_kind == "money" and not spec.optional \
        and spec.default is None


def clash(values: dict[str, str], before: list[dict[str, str]]) -> str | None:
    """A field whose value on the page (``values``) the pages before (``before``) give
    another value only, or None: page 2 of another invoice of the supplier, its Total
    after this one's Total, ends another document."""
    for name, value in values.items():
        theirs = {_plain(vals[name]) for vals in before if name in vals}
        if theirs and _plain(value) not in theirs:
            return f"another {name} ({value!r}) than the pages before"
    return None


def _plain(value: str) -> str:
    return normalize(value).replace(" ", "")


def whole_template(templates: list[CompiledTemplate], doc: Document, pages: list[int],
                   extra: PluginScores | None = None) -> tuple[str, float] | None:
    """The template that ``pages`` (0-based) of ``doc``, classified as a whole, are a
    document of, and its score; None where none reaches its threshold or the one chosen
    has a ``not`` test that fires on one of the pages (a supplier's terms page naming
    the "Gutschrift" its invoice template rules out is no page of the invoice)."""
    view = Document(doc.id, doc.name, doc.media_type, [doc.pages[i] for i in pages], "view")
    scores = [extra[i] for i in pages] \
        if extra is not None and len(extra) == len(doc.pages) else None
    best, table, _ = classify(templates, view, extra=scores)
    if best is None or best.name in demoted_in(templates, table, view) \
            or vetoed_on(best, page_texts(view)):
        return None
    return best.name, next(s for name, s, _ in table if name == best.name)
