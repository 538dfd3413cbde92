"""Splitting a file that holds several documents (a packet) into documents.

Each page is scored against every template (match blocks and classifier plugins) and
read for continuation cues: "Page x of y" (also "Seite x von y", "x/y" after "page"), the
template's identifier fields (``id`` fields such as ``invoice_no``: the same number on two
pages means the same document) and the header line at the top of the page. Then:

1. pages classified as the same template and carrying the same identifier are one
   document when a page cue says so (page x of y, y > 1) or when they follow each other,
   unless each of them holds a whole document of that template (every value it requires)
   and their values differ: an identifier of a party (an employee's, a customer's) is on
   every document of that party, so a stack of one employee's payslips, month after
   month, is one payslip per page;
2. a page that no template claims, or claims only weakly (a score under 1), joins the
   document whose identifier it carries, or whose "page x of y" sequence and header it
   continues (its header line is its first line at the top, its page cue left out); so
   does a page a template claims that is a later page ("page 2 of 2") without an
   identifier or a whole document of its own (a statement's page 2 repeating its title
   and period), with a document of that template, under its header or, where none is,
   under another ("SWIFT MESSAGE - MT700 (continued)"). Where several documents
   have such pages "of y" (two months' statements of one account), it joins the one
   whose pages hold its running lines (those at its top and foot: a statement period,
   an invoice's date) and do not give their labels other values; when nothing tells
   them apart, it joins the one next to it, and each of them goes to review
   (``pages_disagree``): a shuffled file is not to be told from one in order. Without
   an identifier or page count of its own, a page joins the document on the page before
   it when that page's foot says it goes on ("continued on page 2") or when it holds
   values the document's template requires that its pages lack (an invoice's totals
   alone on page 2); a page a template claims joins a document of that template on the
   page before it when its own top says it continues ("... (continued)");
3. a page claimed by a template and not joined to another stays a document of its own,
   unless it has no document start of its own (no identifier or date the pages before
   lack, no "page 1 of y") and something ties it to the document on the page before (a
   carried-forward total, the IBAN: see :mod:`~formsift.templates.startless`);
4. a page that no template claims and that no cue ties to a document is reported as
   unassigned (unknown), never forced into the nearest template; so is a document none
   of whose pages holds a field its template requires (a cover letter that names the
   template's document scores on its title alone).

Page order inside a document follows the "page x" cues when every page has one, else the
order of the file. Pages need not be contiguous: shuffled packets split the same way.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from formsift.core.document import Document, Page
from formsift.core.geometry import Box
from formsift.templates.labels import normalize
from formsift.templates.locators import locate
from formsift.templates.matching import (
    PluginScores,
    document_scores,
    eligible,
    is_fallback,
    page_texts,
)
from formsift.templates.model import CompiledTemplate, FieldSpec, PageScope
from formsift.templates.numbered_runs import (
    RunPage,
    companies,
    numbered_runs,
    run_apart,
    run_template,
    run_untied,
    tie,
)
from formsift.templates.startless import clash, own_start, whole_template
from formsift.util.safe_regex import RegexTimeout, compile_pattern, finditer, search

#: Words that number a page of a document, in its languages ("Page 2 of 3", "Seite 2 von
#: 3", "page 2 sur 3", "página 2 de 3", "pagina 2 di 3", "strona 2 z 3", "sida 2 av 3")
_PAGE_WORDS = r"page|seite|p\.|pg\.?|p[aá]gina|strona|strana|sida|side|страница|стр\."
#: Words that number a sheet of a set ("Sheet 2 of 12", "Blatt 2 von 12", "feuille 2 sur
#: 12", "hoja 2 de 12", "foglio 2 di 12", "folha", "arkusz", "blad"): a petition's
#: signature lists, a register's sheets, a drawing set, each sheet often scanned and
#: extracted on its own. Such a cue orders and joins pages as a page cue does; it says
#: which pages the file should hold only when two pages or more of the file carry one
#: (a German form numbered "Blatt 1 von 3", "Blatt 2 von 3": its Blatt 3 is missing),
#: never for a sheet alone (``pages_missing``, see ``Engine``'s ``_missing_pages``).
_SHEET_WORDS = r"sheet|blatt|feuille|hoja|foglio|folha|arkusz|blad"
_OF = r"of|von|/|sur|de|di|z|av|af|van|из"
_PAGE_CUE = compile_pattern(
    rf"\b(?:({_PAGE_WORDS})|{_SHEET_WORDS})\s*(\d{{1,3}})\s*(?:{_OF})\s*(\d{{1,3}})\b", "i")
_MIN_KEY = 4
#: A page number alone at the end of a header or footer line ("Page 3", "Seite 3",
#: "Lease · Page 3", "- 3 -"), for documents that do not say "of y".
_PAGE_NUMBER = compile_pattern(
    rf"(?:^|\s)(?:{_PAGE_WORDS}|{_SHEET_WORDS}|s\.)\s*(\d{{1,3}})\s*$"
    r"|^\s*[-\u2013\u2014]\s*(\d{1,3})\s*[-\u2013\u2014]\s*$", "i")
#: Where header and footer lines are (a share of the page's height from its top or bottom).
_MARGIN = 0.15

# A fax machine's transmission line ("FROM: ACME +49 30 1234 567  12/03/2026 14:02  P. 1/3")
# counts the fax's pages, not the document's: its page cue is not the document's. It is
# told by where it is (the top or bottom edge of the page), a time of day and a sender (a
# fax keyword or a telephone number).
_EDGE = 0.08  # of the page's height
_TIME_OF_DAY = compile_pattern(r"(?<![\d:])(?:[01]?\d|2[0-3])\s?:\s?[0-5]\d(?![\d])")
_FAX_WORD = compile_pattern(r"\b(?:from|fax|telefax|tx|rx|sender|absender|exp[ée]diteur)\b"
                            r"|\b(?:to|von|an|de)\s?:", "i")
#: Words only a transmission line puts before a sender: not "Fax", which letterheads print
_SENDER_WORD = compile_pattern(r"\b(?:from|tx|rx|sender|absender|exp[ée]diteur)\b\s?:?"
                               r"|\b(?:to|von|an|de)\s?:", "i")
#: A page count as fax machines print it: with a slash, or zero-padded ("P. 1/2",
#: "PAGE 001/003"), not "Page 1 of 2"
_COMPACT_CUE = compile_pattern(r"\d\s*/\s*\d|\b0\d", "i")
_DATE = compile_pattern(r"\d{1,4}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{2,4}")
_PHONE = compile_pattern(r"(?:\+\s?\d|\(\s?0?\d|\b0\d)[\d\s()/.'·-]{5,}\d"
                         r"|\b\d{3}[-. ]\d{3}[-. ]\d{4}\b")


@dataclass
class PageFacts:
    """What one page says about which document it belongs to."""

    index: int  # 0-based
    scores: dict[str, float]
    label: str | None  # the best template whose threshold the page reaches
    cue: tuple[int, int] | None  # "page x of y"
    header: str  # the normalized top line
    keys: dict[str, set[str]] = field(default_factory=dict)  # template -> identifiers
    number: int | None = None  # its page number ("page x of y" or "Page x")
    #: template -> the values the page alone holds of every field the template requires
    #: (only where it holds all of them: a whole document, as its first page)
    whole: dict[str, dict[str, str]] = field(default_factory=dict)
    #: its running lines, those at its top and foot (page cues left out): normalized ->
    #: as printed
    running: dict[str, str] = field(default_factory=dict)
    #: label -> the values its "label: value" lines give it (normalized), of every line
    #: (``running_marks``: of its running lines)
    marks: dict[str, set[str]] = field(default_factory=dict)
    running_marks: dict[str, set[str]] = field(default_factory=dict)
    #: its whole text, normalized (what a running line of another page is looked up in)
    flat: str = ""
    #: its running lines' heights (normalized -> the top of the first, 0-1 of the page)
    at: dict[str, float] = field(default_factory=dict)

    @property
    def strength(self) -> float:
        return self.scores.get(self.label, 0.0) if self.label else 0.0


@dataclass
class Segment:
    """One document found in the packet: its template and pages (0-based, in order)."""

    template: str | None
    pages: list[int]
    evidence: list[str] = field(default_factory=list)
    #: why its pages may be another document's as well (nothing on them tells): said as
    #: ``pages_disagree``, review
    doubts: list[str] = field(default_factory=list)


def page_cue(page: Page, *, sheets: bool = True) -> tuple[int, int] | None:
    """The page's "page x of y" cue, if it has one it can read in time; a cue in a fax
    transmission line (see :func:`_transmission_line`) is not the document's. With
    ``sheets=False``, a sheet's number in a set ("Sheet 2 of 12", "Blatt 2 von 12": see
    _SHEET_WORDS) is none: it does not count the file's pages."""
    text = page.text
    try:
        matches = finditer(_PAGE_CUE, text)
        for m in matches:
            if _transmission_line(page, text.count("\n", 0, m.start()), m.group(0)):
                continue
            if not sheets and m.group(1) is None:
                continue
            x, y = int(m.group(2)), int(m.group(3))
            return (x, y) if 0 < x <= y else None
    except RegexTimeout:
        return None
    return None


def page_number(page: Page) -> int | None:
    """The page's number: x of its "page x of y" cue, else a number alone at the end of a
    line of its header or footer ("Page 3", "Seite 3", "- 3 -"), not a fax machine's."""
    cue = page_cue(page)
    if cue is not None:
        return cue[0]
    lines = page.lines
    for k, line in enumerate(lines):
        if line.box.y0 >= _MARGIN and line.box.y1 <= 1 - _MARGIN:
            continue
        try:
            m = search(_PAGE_NUMBER, line.text)
        except RegexTimeout:
            return None
        if m is not None and not _transmission_line(page, k, m.group(0)):
            number = int(m.group(1) or m.group(2))
            return number if number > 0 else None
    return None


def numbers_follow(before: Page, page: Page) -> bool:
    """Whether ``page``'s number follows that of ``before`` ("Page 3" after "Page 2", "page
    3 of 10" after "page 2 of 10"): one document's pages, in order."""
    a, b = page_cue(before), page_cue(page)
    if a is not None and b is not None:
        return a[1] == b[1] and b[0] == a[0] + 1
    x, y = page_number(before), page_number(page)
    return x is not None and y is not None and y == x + 1


def _transmission_line(page: Page, index: int, cue: str) -> bool:
    """Whether line ``index`` of the page, with the lines beside it, is a fax machine's
    transmission line: at the top or bottom edge of the page, holding a time of day and a
    sender (a fax keyword, or a telephone number once dates, times and the cue are taken
    out)."""
    lines = page.lines
    if not 0 <= index < len(lines):
        return False
    box = lines[index].box
    if box.y0 > _EDGE and box.y1 < 1 - _EDGE:
        return False
    middle = (box.y0 + box.y1) / 2
    row = " ".join(ln.text for ln in lines if ln.box.y0 <= middle <= ln.box.y1)
    if search(_TIME_OF_DAY, row) is None:
        return False
    if search(_SENDER_WORD, row) is not None:
        return True
    # a letter's or an ERP print's own footer may hold a time, a telephone or fax number and
    # "Page 1 of 2" too; a fax machine counts its pages in a compact form ("P. 1/2",
    # "PAGE 001/003"): without a sender word, only that form, beside a number or "FAX"
    if search(_COMPACT_CUE, cue) is None:
        return False
    if search(_FAX_WORD, row) is not None:
        return True
    rest = row.replace(cue, " ")
    for pattern in (_DATE, _TIME_OF_DAY):
        rest = pattern.sub(" ", rest)
    return search(_PHONE, rest) is not None


def _header(page: Page) -> str:
    """The page's header line, normalized: its first line at the top, its page cue left
    out ("Page 2 of 2" above the title, "ACME Ltd  Page 2 of 2"), as the cue differs from
    page to page of one document; a line that is only a page cue is none."""
    for line in page.lines:
        if line.box.y0 >= _MARGIN:
            continue
        if norm := normalize(_PAGE_NUMBER.sub(" ", _PAGE_CUE.sub(" ", line.text))):
            return norm
    return ""


#: A running line shorter than this (normalized) tells nothing ("Page", a date alone does)
_MIN_RUNNING = 6
#: The first and last lines of a page that count as running lines wherever they are
_TOP_LINES, _FOOT_LINES = 3, 2


def _running_lines(page: Page) -> tuple[dict[str, str], dict[str, set[str]],
                                        dict[str, set[str]]]:
    """The page's running lines (at its top and foot: within :data:`_MARGIN`, or among
    its :data:`_TOP_LINES` first and :data:`_FOOT_LINES` last lines, as a photo's page
    lies within the picture; without page cues: "Statement period: 01/12/2025 -
    31/12/2025", "ACME Corp  Invoice 4711"), normalized (-> as printed); and the "label:
    value" pairs of all its lines and of its running lines (labels and values
    normalized)."""
    running: dict[str, str] = {}
    marks: dict[str, set[str]] = {}
    running_marks: dict[str, set[str]] = {}
    lines = page.lines
    by_height = sorted(range(len(lines)), key=lambda k: lines[k].box.y0)
    ends = set(by_height[:_TOP_LINES]) | set(by_height[len(by_height) - _FOOT_LINES:])
    for k, line in enumerate(lines):
        text = line.text
        edge = line.box.y0 < _MARGIN or line.box.y0 >= 1 - _MARGIN or k in ends
        try:
            cue = search(_PAGE_CUE, text) is not None or search(_PAGE_NUMBER, text) is not None
        except RegexTimeout:
            cue = True
        label, colon, value = text.partition(":")
        pair = (normalize(label), normalize(value)) if colon else ("", "")
        if len(pair[0]) >= 3 and pair[1] and not cue:
            marks.setdefault(pair[0], set()).add(pair[1])
            if edge:
                running_marks.setdefault(pair[0], set()).add(pair[1])
        if edge and not cue and len(norm := normalize(text)) >= _MIN_RUNNING:
            running.setdefault(norm, text.strip())
    return running, marks, running_marks


def _alone(template: CompiledTemplate, page: Page, spec: FieldSpec) -> list[Any]:
    """The candidates of field ``spec`` on ``page`` alone, whatever its page scope (none
    where its regex times out or its region lies on another page)."""
    view = Document("page", "page", "", [page], "view")
    anywhere = dataclasses.replace(spec, pages=PageScope(), scope=None)
    try:
        return locate(view, anywhere, template.context, template.regions)
    except Exception:
        return []


def holds_values(template: CompiledTemplate, page: Page, ids_only: bool = False) -> bool:
    """Whether ``page`` alone holds a value of one of the template's amounts, dates or
    identifiers (``ids_only``: identifiers), as a document of its own would (a terms page
    that names invoices and VAT holds none)."""
    kinds = () if ids_only else ("money", "date")
    return any(_alone(template, page, spec) for spec in template.fields.values()
               if spec.type_name == "id" or spec.type.value_kind in kinds)


def identifier_keys(template: CompiledTemplate, page: Page) -> set[str]:
    """Values of the template's ``id`` fields found on this page alone."""
    out: set[str] = set()
    for spec in template.fields.values():
        if spec.type_name != "id" or spec.repeated:
            continue
        for c in _alone(template, page, spec)[:2]:
            key = normalize(str(c.value)).replace(" ", "")
            if len(key) >= _MIN_KEY and any(ch.isdigit() for ch in key):
                out.add(f"{spec.name}={key}")
    return out


def _single(template: CompiledTemplate) -> list[FieldSpec]:
    """The template's fields that hold one value (not lists, not sums of candidates)."""
    return [spec for spec in template.fields.values()
            if not spec.repeated and spec.combine is None]


#: Locators that find a field by what is written (a label, a pattern, its type), which
#: read the same on any page; a box or a region is drawn for a page of its own.
_BY_TEXT = frozenset({"relative", "after", "pattern", "search", "anywhere"})


def page_values(template: CompiledTemplate, page: Page, required: bool = False,
                scope: tuple[int, int] | None = None) -> dict[str, str]:
    """The first value of each of the template's single-valued fields (``required``: only
    those it requires, without a default) that ``page`` alone holds, as text. With
    ``scope`` (the page's index in its document, the document's page count): only fields
    found by what is written (labels, patterns), on the pages their scope names."""
    out: dict[str, str] = {}
    for spec in _single(template):
        if required and (spec.optional or spec.default is not None):
            continue
        if scope is not None and (not spec.pages.includes(*scope) or not spec.locators
                                  or any(loc.kind not in _BY_TEXT
                                         for loc in spec.locators)):
            continue
        found = _alone(template, page, spec)
        if found:
            out[spec.name] = str(found[0].value)
    return out


def same_value(a: str, b: str) -> bool:
    """Whether two values read of one field are the same (spaces and case aside)."""
    return normalize(a).replace(" ", "") == normalize(b).replace(" ", "")


def whole_values(template: CompiledTemplate, page: Page) -> dict[str, str] | None:
    """The values of every field the template requires (at least two), when ``page``
    alone holds them all: a whole document of that template on one page; else None."""
    needed = [s for s in _single(template) if not s.optional and s.default is None]
    if len(needed) < 2:
        return None
    values = page_values(template, page, required=True)
    return values if len(values) == len(needed) else None


def _apart(f: PageFacts, g: PageFacts, template: str) -> str | None:
    """Why pages ``f`` and ``g`` are two documents of ``template`` although they share an
    identifier: each holds a whole document, with other values (None when not)."""
    a, b = f.whole.get(template), g.whole.get(template)
    if not a or not b:
        return None
    differ = [name for name in a if not same_value(a[name], b.get(name, ""))]
    if not differ:
        return None
    return (f"page {f.index + 1} holds a whole {template} of its own (another "
            f"{', '.join(differ[:3])} than page {g.index + 1})")


def page_facts(templates: list[CompiledTemplate], doc: Document,
               extra: PluginScores | None = None) -> list[PageFacts]:
    texts = page_texts(doc)  # one per page, shared: templates share many tests
    per_template = {t.name: document_scores(t, doc, extra, texts) for t in templates}
    facts = []
    for i, page in enumerate(doc.pages):
        scores = {t.name: round(per_template[t.name][i], 4) for t in templates}
        # a fallback template labels a page only where no other template fits
        ranked = sorted((t for t in templates if eligible(t, scores[t.name])),
                        key=lambda t: (is_fallback(t), -scores[t.name]))
        label = ranked[0].name if ranked else None
        keys = {t.name: identifier_keys(t, page) for t in templates}
        # a page that joins another by an identifier may hold a whole document itself
        whole = {t.name: w for t in templates if keys[t.name]
                 if (w := whole_values(t, page)) is not None}
        running, marks, running_marks = _running_lines(page)
        facts.append(PageFacts(i, scores, label, page_cue(page), _header(page),
                               {k: v for k, v in keys.items() if v}, page_number(page),
                               whole, running, marks, running_marks,
                               normalize(page.text)))
        for line in page.lines:  # where its running lines stand (a stamp: alike on each)
            if (norm := normalize(line.text)) in running:
                facts[-1].at.setdefault(norm, line.box.y0)
    return facts


def _cues_fit(a: PageFacts, b: PageFacts) -> bool:
    """Two pages may belong to one document as far as their page cues tell."""
    if a.cue is None or b.cue is None:
        return True
    return a.cue[1] == b.cue[1] and a.cue[0] != b.cue[0]


def split(templates: list[CompiledTemplate], doc: Document,
          extra: PluginScores | None = None
          ) -> tuple[list[Segment], list[int], list[PageFacts]]:
    """The documents in ``doc``, its unassigned pages (0-based) and every page's facts."""
    facts = page_facts(templates, doc, extra)
    owner: dict[int, Segment] = {}
    segments: list[Segment] = []
    rest = _RestOf(templates, doc)
    # 1. pages claimed by a template: one document each, merged by identifier and cues
    for f in facts:
        if f.label is None or (f.strength < 1.0 and _ties_elsewhere(f, facts)):
            continue
        if _goes_on(f, rest.templates.get(f.label), doc.pages[f.index]):
            continue  # page 2 of 3 without an identifier: it joins its document in step 2
        seg, apart = _join_labelled(f, facts, segments, owner)
        if seg is None and not apart:
            # claimed weakly (an invoice template's title missing): the totals of the
            # document on the page before, when it holds what that one lacks; claimed or
            # not, a page whose top says it continues the document before it
            seg, why = rest(f, owner, strong=f.strength >= 1.0)
            if seg is not None:
                seg.pages.append(f.index)
                seg.evidence.append(f"page {f.index + 1}: {why}")
                owner[f.index] = seg
                continue
        if seg is None:
            seg = Segment(f.label, [f.index], [f"classified as {f.label} ({f.strength:.2f})",
                                               *apart])
            segments.append(seg)
        else:
            seg.pages.append(f.index)
        owner[f.index] = seg
    # 2. pages no template claims (or claims weakly): follow identifiers and page cues
    changed = True
    while changed:
        changed = False
        for f in facts:
            if f.index in owner:
                continue
            seg, why = _continuation(f, facts, owner)
            if seg is None:
                seg, why = rest(f, owner)
            if seg is not None:
                seg.pages.append(f.index)
                seg.evidence.append(f"page {f.index + 1}: {why}")
                owner[f.index] = seg
                changed = True
    # 3. claimed pages that joined nothing stand alone; the rest is unassigned
    for f in facts:
        if f.index not in owner and f.label is not None:
            seg = Segment(f.label, [f.index], [f"classified as {f.label} ({f.strength:.2f})"])
            segments.append(seg)
            owner[f.index] = seg
    # 3b. pages numbered 1 to y of y, one after the other, cut by a veto (a receipt's due
    # date on page 1 of a two-page invoice) are one document of the template that fits
    # them as a whole
    _keep_numbered(templates, doc, extra, facts, segments, owner)
    # 3c. a page without a start of its own (no number, date or "page 1") goes on with the
    # document before it where something ties them (a carried-forward total)
    _join_startless(templates, doc, extra, facts, segments, owner)
    # 4. a document on whose pages none of the fields its template requires is found is
    # not one of that template: a cover letter that names it ("the documents for my
    # mortgage application") scores on its title alone
    for seg in list(segments):
        template = rest.templates.get(seg.template or "")
        if template is None or not _requires(template) \
                or any(rest.required(template, i) for i in seg.pages):
            continue
        segments.remove(seg)
        for i in seg.pages:
            del owner[i]
    for seg in segments:
        seg.pages = _ordered(seg.pages, facts)
    segments.sort(key=lambda s: min(s.pages))
    unassigned = [f.index for f in facts if f.index not in owner]
    return segments, unassigned, facts


def _keep_numbered(templates: list[CompiledTemplate], doc: Document,
                   extra: PluginScores | None, facts: list[PageFacts],
                   segments: list[Segment], owner: dict[int, Segment]) -> None:
    """Make each run of pages numbered "page 1 of y" to "page y of y" that the pages'
    own classification cut because of a veto one document (see
    :mod:`~formsift.templates.numbered_runs`): where its pages are not one document
    already and no document of theirs holds a page outside it."""
    runs = numbered_runs([f.cue for f in facts], [not p.words for p in doc.pages])
    for run in runs:
        held = {id(s): s for i in run if (s := owner.get(i)) is not None}
        if len(held) == 1 and len(next(iter(held.values())).pages) == len(run):
            continue  # one document already
        if any(i not in run for s in held.values() for i in s.pages):
            continue
        found = run_template(templates, doc, run, [f.label for f in facts], extra)
        if found is None:
            continue
        template = next(t for t in templates if t.name == found[0])
        pages = [_run_page(template, doc.pages[i], facts[i]) for i in run]
        if run_apart(pages) is not None:
            continue  # two suppliers' pages: another number, seller, VAT ID or IBAN
        for s in held.values():
            segments.remove(s)
        untied = run_untied(pages)
        seg = Segment(found[0], list(run), [found[1]], [untied] if untied else [])
        segments.append(seg)
        owner.update(dict.fromkeys(run, seg))


def _join_startless(templates: list[CompiledTemplate], doc: Document,
                    extra: PluginScores | None, facts: list[PageFacts],
                    segments: list[Segment], owner: dict[int, Segment]) -> None:
    """Join each page that has no document start of its own, alone in its document or
    unassigned, to the document on the page before it (or to that page, unassigned) where
    the pages fit one template as a whole, the page holds values of its fields that the
    pages before lack (its totals; a cover letter holds none) and no other value of
    theirs, and something ties them (see :mod:`~formsift.templates.startless`)."""
    by_name = {t.name: t for t in templates}
    pages = doc.pages
    found_values: dict[tuple[str, int], dict[str, str]] = {}

    def values(name: str, k: int) -> dict[str, str]:
        if (name, k) not in found_values:
            found_values[name, k] = page_values(by_name[name], pages[k])
        return found_values[name, k]

    def start(names: list[str | None], i: int, prior: list[int]) -> str | None:
        """What on page ``i`` starts a document of one of the templates ``names``."""
        for name in dict.fromkeys(n for n in names if n):
            if whole_values(by_name[name], pages[i]) is not None:
                return f"a whole {name}"
            why = own_start(by_name[name], values(name, i), [values(name, k) for k in prior])
            if why is not None:
                return why
        return None

    for f in facts:
        i, own = f.index, owner.get(f.index)
        if not pages[i].words or (own is not None and own.pages != [i]):
            continue
        j = i - 1
        while j >= 0 and not pages[j].words:
            j -= 1
        before = owner.get(j) if j >= 0 else None
        if j < 0 or (before is not None and max(before.pages) != j) \
                or not _pages_follow(facts[j], f):
            continue
        if before is not None and before.template is None:
            continue  # the document before has no template to go on with
        prior = sorted(before.pages) if before is not None else [j]
        if start([f.label, before.template if before else None], i, prior) is not None:
            continue
        # the cheap checks first: a document before decides the template, so its values
        # and ties are known before the pages are classified as a whole
        found = None
        if before is None:
            found = whole_template(templates, doc, [*prior, i], extra)
            if found is None or start([found[0]], i, prior) is not None:
                continue
            name = found[0]
        else:
            name = str(before.template)
        adds = _join_values(values(name, i), [values(name, k) for k in prior])
        if not adds:
            continue  # nothing of the document (a cover letter), or another's Total
        runs = [_run_page(by_name[name], pages[k], facts[k]) for k in [*prior, i]]
        ties = [(k, why) for k, p in zip(prior, runs[:-1], strict=True)
                if (why := tie(runs[-1], p))]
        if not ties or run_apart(runs) is not None:
            continue
        if found is None:
            found = whole_template(templates, doc, [*prior, i], extra)
            if found is None or found[0] != name:
                continue
        if not _adds_to(f, found, [facts[k] for k in prior]):
            continue
        why = (f"page {i + 1}: no document start of its own, holds {', '.join(adds[:3])}, "
               f"tied to page {ties[0][0] + 1} by {ties[0][1]}; pages {prior[0] + 1}-{i + 1} "
               f"are a {found[0]} as a whole ({found[1]:.2f})")
        if own is not None:
            segments.remove(own)
        if before is None:
            before = Segment(found[0], [j], [])
            segments.append(before)
            owner[j] = before
        before.pages.append(i)
        before.evidence.append(why)
        owner[i] = before


def _join_values(mine: dict[str, str], theirs: list[dict[str, str]]) -> list[str]:
    """The fields a page (its values ``mine``) holds that the pages before (``theirs``)
    lack, where it gives none of theirs another value (:func:`~.startless.clash`); an
    empty list where it holds none (a cover letter) or clashes (another's Total)."""
    adds = sorted(mine.keys() - set().union(*theirs))
    return [] if clash(mine, theirs) else adds


def _adds_to(f: PageFacts, found: tuple[str, float], prior: list[PageFacts]) -> bool:
    """Whether page ``f``, claimed by another template than ``found`` (the pages' whole
    template and score), is one of its pages all the same: with it the pages score higher
    for that template than without (page 2's totals complete the invoice titled on page
    1); a packing list after a commercial invoice, both printing its number, adds nothing
    to the invoice, and is a document of its own."""
    if f.label in (None, found[0]):
        return True
    return found[1] > max(g.scores.get(found[0], 0.0) for g in prior)


def _pages_follow(g: PageFacts, f: PageFacts) -> bool:
    """Whether page ``f`` may follow page ``g`` in one document as their page numbers tell
    (none on either, or ``f``'s one more than ``g``'s of the same count)."""
    if f.cue is not None or g.cue is not None:
        return f.cue is not None and g.cue is not None \
            and f.cue == (g.cue[0] + 1, g.cue[1])
    return f.number is None or (g.number is not None and f.number == g.number + 1)


def _run_page(template: CompiledTemplate, page: Page, f: PageFacts) -> RunPage:
    """What page ``f`` prints that ties it to a document of ``template``: the values of
    its identifiers, IBANs and VAT IDs, the companies its running lines name, its running
    lines and text."""
    marks: dict[str, set[str]] = {}
    for key in f.keys.get(template.name, set()):
        name, _, value = key.partition("=")
        marks.setdefault(name, set()).add(value)
    for spec in _single(template):
        if spec.type_name in ("iban", "vat"):
            values = {normalize(str(c.value)).replace(" ", "")
                      for c in _alone(template, page, spec)[:2]}
            if values:
                marks[spec.name] = values
    if names := companies(list(f.running.values())):
        marks["company"] = names
    return RunPage(f.index, marks, f.running, f.flat, f.at)


class _RestOf:
    """The document a page goes on with, when no identifier or page number ties it
    there: a page without any template's identifier, next after a page of a document
    (blank pages aside), whose foot says it goes on ("continued on page 2"), or that
    holds values of fields the document's template requires that its pages lack (an
    invoice's Subtotal, VAT and Total printed alone on its second page)."""

    def __init__(self, templates: list[CompiledTemplate], doc: Document) -> None:
        self.templates = {t.name: t for t in templates}
        self.doc = doc
        self.found: dict[tuple[str, int], set[str]] = {}

    def required(self, template: CompiledTemplate, i: int) -> set[str]:
        """The fields ``template`` requires that page ``i`` alone holds values of."""
        key = (template.name, i)
        if key not in self.found:
            page = self.doc.pages[i]
            self.found[key] = set(page_values(template, page, required=True)) \
                if page.words else set()
        return self.found[key]

    def __call__(self, f: PageFacts, owner: dict[int, Segment], strong: bool = False
                 ) -> tuple[Segment | None, str]:
        """The document ``f`` goes on with, and why; ``strong`` (a page its template
        claims with its whole match block): only a document of that template, by a
        "continued" at its top or at the foot of the page before, not by the values it
        holds (a document of its own may)."""
        if f.keys or f.cue is not None:
            return None, ""  # an identifier or a page count of its own tells otherwise
        pages = self.doc.pages
        j = f.index - 1
        while j >= 0 and not pages[j].words:
            j -= 1
        seg = owner.get(j) if j >= 0 else None
        template = self.templates.get(seg.template or "") if seg is not None else None
        if seg is None or template is None or (strong and f.label != seg.template):
            return None, ""
        if _continued_overleaf(pages[j]):
            return seg, f"the foot of page {j + 1} says the document goes on"
        if f.label == seg.template and _says_continued(pages[f.index]):
            # "SWIFT MESSAGE - MT700 (continued)" at the top of a page its template claims
            return seg, f"its top says it continues the {seg.template} of page {j + 1}"
        if strong:
            return None, ""
        have = set().union(*(self.required(template, k) for k in seg.pages))
        new = sorted(self.required(template, f.index) - have)
        if new:
            return seg, (f"holds {', '.join(new[:3])}, which {seg.template} requires and "
                         f"its pages before lack")
        return None, ""


def _ties_elsewhere(f: PageFacts, facts: list[PageFacts]) -> bool:
    """A weakly classified page that shares an identifier with a page of another template:
    the identifier wins over the weak classification."""
    for t, keys in f.keys.items():
        if t == f.label:
            continue
        for g in facts:
            if g is not f and g.label == t and g.strength >= 1.0 and keys & g.keys.get(t, set()):
                return True
    return False


def _join_labelled(f: PageFacts, facts: list[PageFacts], segments: list[Segment],
                   owner: dict[int, Segment]) -> tuple[Segment | None, list[str]]:
    """The document page ``f`` continues (by a shared identifier), and why it does not
    continue a document it shares an identifier with."""
    template = f.label or ""
    keys = f.keys.get(template, set())
    apart: list[str] = []
    for seg in segments:
        if seg.template != f.label:
            continue
        for i in seg.pages:
            g = facts[i]
            shared = keys & g.keys.get(template, set())
            if not shared or not _cues_fit(f, g):
                continue
            multi = any(c is not None and c[1] > 1 for c in (f.cue, g.cue))
            adjacent = abs(f.index - g.index) == 1
            if multi or adjacent:
                # "page 2 of 3" after "page 1 of 3" is one document, whatever each holds
                numbered = f.cue is not None and g.cue is not None and f.cue[1] > 1
                why = None if numbered else _apart_from(f, seg, facts, template)
                if why is not None:
                    apart.append(f"page {f.index + 1}: same {sorted(shared)[0]} as page "
                                 f"{g.index + 1}, but {why}")
                    break
                seg.evidence.append(f"page {f.index + 1}: same {sorted(shared)[0]}"
                                    + (f", page {f.cue[0]} of {f.cue[1]}" if f.cue else ""))
                return seg, []
    return None, apart


def _apart_from(f: PageFacts, seg: Segment, facts: list[PageFacts], template: str
                ) -> str | None:
    """Why page ``f`` is not a page of ``seg`` (a whole document with other values than
    one of its pages), or None."""
    for i in seg.pages:
        why = _apart(f, facts[i], template)
        if why is not None:
            return why
    return None


def _continuation(f: PageFacts, facts: list[PageFacts], owner: dict[int, Segment]
                  ) -> tuple[Segment | None, str]:
    # the same identifier as a page of a document (read with that document's template; a
    # page a template claims goes on with a document of that template only)
    for i, seg in owner.items():
        g = facts[i]
        t = seg.template or ""
        if f.label is not None and t != f.label:
            continue
        shared = f.keys.get(t, set()) & g.keys.get(t, set())
        if shared and _cues_fit(f, g) and not _cue_taken(f, seg, facts) \
                and _apart_from(f, seg, facts, t) is None:
            return seg, f"same {sorted(shared)[0]}"
    # "page x of y" continuing a document's pages "of y" under the same header: the one
    # whose lines it shares (see _by_running_lines)
    if f.cue is not None and f.cue[1] > 1:
        seg, why = _by_running_lines(f, facts, owner)
        if seg is not None:
            return seg, why
    # "Page 3" after "Page 2" (no "of y"), under the same running header
    if f.cue is None and f.number is not None and f.header:
        for step in (-1, 1):
            seg = owner.get(f.index + step)
            g = facts[f.index + step] if seg is not None else None
            if g is None or g.cue is not None or g.number != f.number + step \
                    or g.header != f.header \
                    or any(facts[i].number == f.number for i in seg.pages):
                continue
            return seg, f"page number {f.number} after {g.number}, same header"
    return None, ""


def _goes_on(f: PageFacts, template: CompiledTemplate | None, page: Page) -> bool:
    """Whether a page a template claims is a later page of a document ("page 2 of 3")
    without an identifier of that template of its own and without a whole document of it
    (every field it requires), to join its document by its page cue and running lines (a
    bank statement's page 2 repeats its title and period, and so passes the match block,
    but not the account number)."""
    return template is not None and f.cue is not None and 1 < f.cue[0] <= f.cue[1] \
        and not f.keys.get(template.name) and whole_values(template, page) is None


def _requires(template: CompiledTemplate) -> bool:
    """Whether the template requires a field it reads off the page (one value, found by
    a locator, not optional, without a default)."""
    return any(not s.optional and s.default is None and s.locators
               for s in _single(template))


def _shared(f: PageFacts, seg: Segment, facts: list[PageFacts]) -> tuple[list[str], list[str]]:
    """Page ``f``'s running lines that the pages of ``seg`` hold too (as printed on
    ``f``), and its running "label: value" lines whose label the pages of ``seg`` give
    another value only (a statement period of another month)."""
    flats = [facts[i].flat for i in seg.pages]
    agree = [raw for norm, raw in f.running.items() if any(norm in t for t in flats)]
    marks: dict[str, set[str]] = {}
    for i in seg.pages:
        for label, values in facts[i].marks.items():
            marks.setdefault(label, set()).update(values)
    differ = [next((raw for norm, raw in f.running.items() if norm.startswith(label)), label)
              for label, values in f.running_marks.items()
              if label in marks and not values & marks[label]]
    return agree, differ


def _by_running_lines(f: PageFacts, facts: list[PageFacts], owner: dict[int, Segment]
                      ) -> tuple[Segment | None, str]:
    """The document whose pages "of y" page ``f`` ("page x of y") continues: one with a
    page "k of y" under the same header line and no page x of y (of the template that
    claims ``f``, if one does; a page a template claims continues one of its documents
    under another header too, when none under its own is there and its running "label:
    value" lines give their labels no other values). Among several, the one whose pages
    hold most of ``f``'s
    running lines (a statement period, an invoice's date) less those of its "label:
    value" lines they give another value; between equals, the one next to it in the file
    (then the first), and each of them is told that nothing on the page tells them apart
    (review): a shuffled file is not to be told from one in order."""
    x, y = f.cue or (0, 0)
    found: list[tuple[bool, int, bool, int, Segment, list[str], list[str]]] = []
    for seg in {id(s): s for s in owner.values()}.values():
        if (f.label is not None and seg.template != f.label) or _cue_taken(f, seg, facts):
            continue
        counted = [g for i in seg.pages if (g := facts[i]).cue is not None and g.cue[1] == y]
        near = [g for g in counted if g.header == f.header]
        titled = bool(near)
        if not near and (f.label is None or not counted):
            continue
        agree, differ = _shared(f, seg, facts)
        if not titled:
            # a document may head its later pages otherwise ("SWIFT MESSAGE - MT700
            # (continued)", a heading of their own, none): a page its template claims
            # continues a document of that template "of y" all the same, after any under
            # its header, unless its running lines give their labels other values
            if differ:
                continue
            near = counted
        beside = any(abs(g.index - f.index) == 1 and g.cue is not None
                     and g.cue[0] == x + g.index - f.index for g in near)
        found.append((titled, len(agree) - len(differ), beside, -min(seg.pages), seg, agree,
                      differ))
    if not found:
        return None, ""
    found.sort(key=lambda c: c[:4], reverse=True)
    best, seg = found[0], found[0][4]
    why = f"page {x} of {y} of the same header" if best[0] else \
        f"page {x} of {y} of a {f.label} counting {y} pages"
    # the lines it shares with this document and not with the next best (its period)
    telling = [a for a in best[5] if len(found) < 2 or a not in found[1][5]] or best[5]
    if telling:
        why += f", as its pages: {telling[0]!r}" + (
            f" and {len(telling) - 1} more line(s)" if len(telling) > 1 else "")
    tied = [c[4] for c in found[1:] if c[:2] == best[:2]]

    def pages(s: Segment) -> str:
        return ", ".join(str(i + 1) for i in sorted(s.pages))

    if tied:
        seg.doubts.append(
            f"page {f.index + 1} (page {x} of {y}) may as well be the page {x} of the "
            f"document of page(s) {'; '.join(pages(s) for s in tied)}: nothing on it tells "
            f"them apart ({'the same header' if best[0] else 'its template'}"
            f"{', the same running lines' if best[5] else ''}); "
            f"pages shuffled? Review it")
        for other in tied:
            other.doubts.append(
                f"page {f.index + 1} (page {x} of {y}) went to the document of page(s) "
                f"{pages(seg)}, but may as well be this one's: nothing on it tells them "
                f"apart; pages shuffled? Review it")
    elif len(found) > 1 and found[1][6] and not best[6]:
        why += f" (not the document of page(s) {pages(found[1][4])}: {found[1][6][0]!r})"
    return seg, why


def _cue_taken(f: PageFacts, seg: Segment, facts: list[PageFacts]) -> bool:
    return f.cue is not None and any(facts[i].cue == f.cue for i in seg.pages)


def _ordered(pages: list[int], facts: list[PageFacts]) -> list[int]:
    cues = [facts[i].cue for i in pages]
    if all(c is not None for c in cues) and len({c[0] for c in cues if c}) == len(cues):
        return sorted(pages, key=lambda i: facts[i].cue[0])  # type: ignore[index]
    return sorted(pages)


def besides_asked(templates: list[CompiledTemplate], asked: CompiledTemplate, doc: Document,
                  extra: PluginScores | None = None, held: Collection[int] = ()
                  ) -> list[str]:
    """Pages of ``doc`` that seem to start another document than the one ``asked`` (the
    template it is extracted with) reads, each as "page N ('template')" or "page N
    (another 'asked': why)": a page another template claims and ``asked`` does not (and
    that holds one of that template's amounts, dates or identifiers), and a
    page ``asked`` claims that holds another value of one of its identifiers (a second
    invoice number), or starts its page numbers again and holds an identifier of its
    own. A cue that ties a page to the pages before it clears it: its "page x of y", or
    its page number alone ("Page 3"), follows the previous page's (blank pages aside),
    its top says it is continued, it
    repeats an identifier value of a page before it, or the template's tables read rows
    from it (``held``, 0-based). So does, for a page another template claims without one
    of that template's identifiers, the foot of the page before saying it goes on
    ("continued on page 2"), or a weak claim (a score under 1: the other template's title
    is missing) on a page that holds values of fields ``asked`` requires that the pages
    before lack (an invoice's totals alone on its last page). A template without a match
    block claims no page, so other templates' claims tell nothing against it."""
    if len(doc.pages) < 2:
        return []
    cues = [page_cue(p) for p in doc.pages]
    keys: dict[int, dict[str, set[str]]] = {}

    def key(i: int) -> dict[str, set[str]]:
        if i not in keys:
            found: dict[str, set[str]] = {}
            for k in identifier_keys(asked, doc.pages[i]):
                name, _, value = k.partition("=")
                found.setdefault(name, set()).add(value)
            keys[i] = found
        return keys[i]

    whole_of: dict[int, dict[str, str] | None] = {}

    def wholes(i: int) -> dict[str, str] | None:
        if i not in whole_of:
            whole_of[i] = whole_values(asked, doc.pages[i]) if key(i) else None
        return whole_of[i]

    scores: dict[str, list[float]] = {}  # filled on first use (see _scores)
    has_match = asked.match is not None and bool(asked.match.items)
    out: list[str] = []
    before: dict[str, set[str]] = {}  # identifier values of the pages before this one
    for name, values in key(0).items():
        before.setdefault(name, set()).update(values)
    last = 0  # the last page before this one with text (a blank back of a sheet is none)
    #: the asked template's required fields read on the pages before (see _completes)
    found_before: dict[int, set[str]] = {}
    for i in range(1, len(doc.pages)):
        if not doc.pages[i].words:
            continue
        j, last = last, i
        prev, cue = cues[j], cues[i]
        mine = key(i)
        shared = any(values & before.get(name, set()) for name, values in mine.items())
        other = next((f"{name} {sorted(values)[0]}" for name, values in sorted(mine.items())
                      if before.get(name)), None)
        for name, values in mine.items():
            before.setdefault(name, set()).update(values)
        if shared:
            # the same invoice number as a page before it; an identifier of a party (an
            # employee's) is on each of its documents: a page that holds a whole
            # document with other values than a page before is another one
            whole = wholes(i)
            differ = next((f"{name} {whole[name]}" for k in range(i) if (w := wholes(k))
                           for name in whole if not same_value(w.get(name, ""), whole[name])),
                          None) \
                if whole else None
            if differ is not None:
                out.append(f"page {i + 1} (another '{asked.name}': a whole one, "
                           f"{differ})")
            continue
        if other is not None:  # another invoice number: another invoice, table or not
            out.append(f"page {i + 1} (another '{asked.name}': {other})")
            continue
        if i in held:
            # the template's table runs on here, unless the page is another template's
            # with an identifier of its own (an invoice after a receipt whose item rows
            # ran on over it)
            rival = _rival(templates, asked, doc, extra, i, has_match, scores)
            if rival is not None and holds_values(rival, doc.pages[i], ids_only=True):
                out.append(f"page {i + 1} ('{rival.name}')")
            continue
        if cue is not None and prev is not None and cue[1] == prev[1] \
                and cue[0] == prev[0] + 1:
            continue  # "page 2 of 3" after "page 1 of 3"
        if numbers_follow(doc.pages[j], doc.pages[i]) \
                and _header(doc.pages[j]) == _header(doc.pages[i]):
            # "Page 3" at the foot of a contract's page after "Page 2", under the same
            # running header (a scanner stamps page numbers on every document of a batch)
            continue
        if _says_continued(doc.pages[i]):
            continue  # "INVOICE CI-2024-00001 (continued)" at its top
        if not eligible(asked, _scores(templates, doc, extra, scores)[asked.name][i]):
            rival = _rival(templates, asked, doc, extra, i, has_match, scores)
            if rival is None or not holds_values(rival, doc.pages[i]):
                continue
            # a page the rival claims without one of its identifiers is this document's
            # when the page before promises it ("continued on page 2" at its foot), or
            # when the rival claims it weakly (its title is missing) and the page gives
            # the asked template values its pages before lack: the totals of an invoice
            # printed alone on its last page
            if not holds_values(rival, doc.pages[i], ids_only=True) and (
                    _continued_overleaf(doc.pages[j]) or (
                        scores[rival.name][i] < 1.0
                        and _completes(asked, doc, i, found_before))):
                continue
            out.append(f"page {i + 1} ('{rival.name}')")
            continue
        if cue is not None and cue[0] == 1 and mine:
            out.append(f"page {i + 1} (another '{asked.name}': page 1 of {cue[1]})")
    return out


def _scores(templates: list[CompiledTemplate], doc: Document, extra: PluginScores | None,
            cache: dict[str, list[float]]) -> dict[str, list[float]]:
    """Every template's score on every page, computed once into ``cache``."""
    if not cache:
        texts = page_texts(doc)
        cache.update({t.name: document_scores(t, doc, extra, texts) for t in templates})
    return cache


def _rival(templates: list[CompiledTemplate], asked: CompiledTemplate, doc: Document,
           extra: PluginScores | None, i: int, has_match: bool,
           cache: dict[str, list[float]]) -> CompiledTemplate | None:
    """The template that claims page ``i`` best when ``asked`` does not claim it (None
    when ``asked`` does, or has no match block to tell by, or no other claims it)."""
    scores = _scores(templates, doc, extra, cache)
    if not has_match or eligible(asked, scores[asked.name][i]):
        return None
    rivals = [(scores[t.name][i], -k, t) for k, t in enumerate(templates)
              if t.name != asked.name and eligible(t, scores[t.name][i])]
    return max(rivals, key=lambda x: x[:2])[2] if rivals else None


def _completes(asked: CompiledTemplate, doc: Document, i: int,
               cache: dict[int, set[str]]) -> bool:
    """Whether page ``i`` alone holds a value of a field ``asked`` requires that none of
    the pages before it holds (``cache``: the fields found per page, filled as asked)."""
    def found(k: int) -> set[str]:
        if k not in cache:
            cache[k] = set(page_values(asked, doc.pages[k], required=True)) \
                if doc.pages[k].words else set()
        return cache[k]

    before = set().union(*(found(k) for k in range(i)))
    return bool(found(i) - before)


#: A foot of a page promising the next one: "continued on page 2", "continued overleaf",
#: "see next page", "Fortsetzung auf Seite 2", "suite au verso", "PTO".
_OVERLEAF = compile_pattern(
    r"\b(?:continued|cont'd|contd\.?)\s+(?:on\s+(?:page\s+\d{1,3}|(?:the\s+)?next\s+page|"
    r"(?:the\s+)?reverse|(?:the\s+)?back)|overleaf)\b|\bsee\s+(?:the\s+)?next\s+page\b"
    r"|\bplease\s+turn\s+over\b|\bP\.\s?T\.\s?O\.|\bFortsetzung\s+(?:auf|siehe)\s+"
    r"(?:Seite\s+\d{1,3}|(?:der\s+)?n[äa]chste[nr]?\s+Seite|R[üu]ckseite)|\bsuite\s+(?:au\s+verso|"
    r"page\s+\d{1,3}|[àa]\s+la\s+page\s+suivante)\b", "i")


def _continued_overleaf(page: Page) -> bool:
    """Whether the foot of ``page`` says the document goes on on the next page."""
    foot = [ln.text for ln in page.lines if ln.box.y0 >= 1 - _MARGIN]
    try:
        return any(search(_OVERLEAF, text) is not None for text in foot)
    except RegexTimeout:
        return False


_CONTINUED = compile_pattern(r"\b(?:continued|cont'd|contd\.|fortsetzung)\b|\(suite\)", "i")


def _says_continued(page: Page) -> bool:
    """Whether the top of ``page`` says it continues a document ("... (continued)")."""
    top = " ".join(ln.text for ln in page.lines if ln.box.y0 < 0.15)
    try:
        return search(_CONTINUED, top) is not None
    except RegexTimeout:
        return False


#: Words printed on separator sheets (patch-code sheets a scanner splits batches at).
_SEPARATOR_WORD = compile_pattern(
    r"\b(?:separat[o0]r|separation|trennblatt|trennseite|intercalaire|s[ée]parateur"
    r"|separador|separatore|scheidingsblad|patch\s?(?:code|[1-6]|i{1,3}|iv|vi?|t))\b", "i")
#: A separator sheet holds a few words at most.
_SEPARATOR_WORDS = 12
#: A page without words counts as blank when ink covers less than this share of its
#: inner part (punch holes, edge shadows and specks, a scanner's streak are not text).
_BLANK_INK = 0.004


def page_kind(page: Page) -> str:
    """What an unclaimed page (one that holds no document) is: ``"blank"`` (no word read
    and hardly any ink: the back of a sheet scanned duplex; or a few words a recognizer
    read from a page without dark ink: the other side's print showing through),
    ``"separator"`` (a few words, one of them a separator sheet's: "SEPARATOR",
    "Trennblatt", "PATCH T"), ``"unread"`` (no word read, but ink: a page OCR could not
    read) or ``"unknown"`` (text no template claims). Someone has to look at the last
    two."""
    if not page.words:
        ink = _ink(page)
        return "blank" if ink is not None and ink < _BLANK_INK else "unread"
    if len(page.words) <= _SEPARATOR_WORDS:
        # a few words a recognizer read from a page without dark ink: the print of the
        # other side showing through (bleed-through), mirrored gibberish ("gton
        # yiavilea"); a text layer's words are print ("Paid 12/03/2021 J.S."), never that
        if all(w.recognized for w in page.words) and not _surely_read(page):
            ink = _ink(page)
            if ink is not None and ink < _BLANK_INK / 4:
                return "blank"
        try:
            if search(_SEPARATOR_WORD, page.text) is not None:
                return "separator"
        except RegexTimeout:
            return "unknown"
    return "unknown"


def _surely_read(page: Page) -> bool:
    """Whether the few words read on a page are its own print, not the other side showing
    through: a page cue among them, or a word whose strokes are dark (thin print that a
    50 dpi copy greys, "Signature: ____" at 150 dpi, is dark at 150 dpi; show-through
    stays light at any resolution)."""
    if page_cue(page) is not None:
        return True
    try:
        import cv2
        import numpy as np

        image = page.shown_image(150)
        gray = image if image.ndim == 2 else cv2.cvtColor(image[:, :, :3], cv2.COLOR_BGR2GRAY)
        paper = float(np.median(gray))
        h, w = gray.shape[:2]
        for word in page.words:
            b = word.box
            crop = gray[int(b.y0 * h):max(int(b.y0 * h) + 1, int(b.y1 * h)),
                        int(b.x0 * w):max(int(b.x0 * w) + 1, int(b.x1 * w))]
            if crop.size and float(np.percentile(crop, 5)) < paper - 80:
                return True
    except Exception:
        return False
    return False


def note_blank_pages(doc: Document) -> list[int]:
    """The blank pages (see :func:`page_kind`: no word read and hardly any ink, or a few
    words a recognizer read from a page without dark ink) of a document of several pages,
    1-based; each says so in its notes (``notes["blank"]``, in the result's
    ``page_info``). A page of a questionnaire scanned blank (the page of answers lost) is
    listed on the record as a packet lists its blank pages; like those, it does not send
    the record to review (the back of a sheet scanned duplex is blank too): a template
    whose page must hold answers says so with its required fields or rules."""
    if len(doc.pages) < 2:
        return []
    found = []
    for page in doc.pages:
        if page.words and not all(w.recognized for w in page.words):
            continue  # a text layer's page holds print
        if (page.notes.get("ocr") or {}).get("mode") == "regions":
            continue  # read region-first: only the template's areas, not the page
        if page_kind(page) == "blank":
            page.notes["blank"] = {"words": len(page.words), "note": (
                "blank: no word read and hardly any ink (a page scanned blank, the back of "
                "a sheet scanned duplex)")}
            found.append(page.number)
    return found


def _ink(page: Page) -> float | None:
    """The share of the page's inner part (5% margins left out) that is dark ink at 50
    dpi, or None when the page has no image to tell by."""
    try:
        import cv2
        import numpy as np

        image = page.shown_image(50)
        gray = image if image.ndim == 2 else cv2.cvtColor(
            image[:, :, :3], cv2.COLOR_BGR2GRAY)
        h, w = gray.shape[:2]
        inner = gray[h // 20: h - h // 20, w // 20: w - w // 20]
        if inner.size == 0:
            return None
        paper = float(np.median(inner))
        return float(np.count_nonzero(inner < paper - 80)) / inner.size
    except Exception:
        return None


# ---------------------------------------------------------------- documents side by side
#: How far (a share of the page's width, of its height) a label may lie from where the
#: shift of a copied block puts it, and still be the copy's (a scan's skew, a photo's
#: perspective).
_COPY_TOLERANCE = 0.03
#: A copied block repeats at least this many of the template's fields at places of their
#: own, and this share of the required ones found on the page (of all, when none is): the
#: document again, not a few labels that recur within one (Total, Date).
_COPIED_FIELDS = 2
_COPIED_SHARE = 0.6
#: How much higher or lower (a share of the page's height) a field of a document side by
#: side with another may lie than where the shift puts it: till receipts laid next to
#: each other on a scanner list more or fewer items above their totals. Only between
#: documents a gutter parts (see :func:`_gutter`).
_SIDE_RISE = 0.25
#: The narrowest gutter between documents side by side, in the page's line heights (and
#: at least a hundredth of the page's width): two or three times a space between words
#: (2-up payslips printed 10 points apart), and no word of the page may cross it.
_GUTTER_LINES = 0.6
_GUTTER_MIN = 0.01
#: The most places (its best candidates) a field read without a label (``anywhere``, a
#: ``search``) is compared at: a statement's dated lines are no copies of each other, and
#: every place more is a pair more with every other (the cost went as the fourth power of
#: the lines: 38 s for 80 dated lines).
_LABELLESS_PLACES = 4


@dataclass
class Copies:
    """A page that repeats a block of a template's labels at another place, shifted by
    ``shift`` (x, y: shares of the page's width and height): two documents printed on one
    page (2-up payslips, two receipts scanned together)."""

    page: int  # 0-based
    shift: tuple[float, float]
    #: field -> (its value in the first block, in the copy), for every field repeated
    values: dict[str, tuple[Any, Any]]
    #: for documents side by side, the middle of the gutter that parts the page's first
    #: document from the next one (a share of the page's width); None for a copy below
    gutter: float | None = None

    def in_first(self, candidate: Any) -> bool:
        """Whether ``candidate`` is on another page or in the page's first document: left
        of :attr:`gutter` (with no gutter, every candidate is). A line read across the
        documents ("CORNER MART  FRESH MARKET") is no value of the first one."""
        box = getattr(candidate, "box", None)
        if self.gutter is None or candidate.page != self.page or box is None:
            return True
        return box.x1 <= self.gutter

    @property
    def differ(self) -> list[str]:
        """The fields whose values the two blocks do not share."""
        return [name for name, (a, b) in self.values.items()
                if not same_value(str(a), str(b))]

    def message(self, template: str) -> str:
        side = "beside" if abs(self.shift[0]) > abs(self.shift[1]) else "below"
        shown = "; ".join(f"{name} {str(a)!r} and {str(b)!r}" for name, (a, b) in
                          ((n, self.values[n]) for n in self.differ[:4]))
        return (f"page {self.page + 1} holds the labels of '{template}' twice, a second "
                f"block {side} the first ({', '.join(self.values)} at the same places), "
                f"with other values: {shown}. Two documents on one page: the record "
                f"would take values of either; splitting (formsift extract --split, "
                f"Engine.extract_packet) separates pages, not parts of a page: give each "
                f"document a page of its own (crop the page), or review it")


def copied_blocks(template: CompiledTemplate, cands: dict[str, Any],
                  doc: Document) -> list[Copies]:
    """Pages of ``doc`` on which the template's fields are printed twice as one block and
    its copy (the same places relative to each other, shifted by one amount, the copy
    clear of the first block), with other values; ``cands`` are the template run's
    candidates per field, best first (see :func:`~formsift.templates.locators.locate`).
    A field read beside a label stands at its label (the same label text in both blocks),
    one read without a label (``anywhere``, a ``search``) at its value (at most
    :data:`_LABELLESS_PLACES` of them, and only for documents side by side: a copy below
    is told by labels), so that what tells two receipts side by side does not hang on
    which labels a template reads; each side of their gutter holds every required field
    found on the page. Fields with
    one value only (not repeated, not combined) are compared; at least
    :data:`_COPIED_FIELDS` places, and :data:`_COPIED_SHARE` of the required fields found
    on the page (of all, when none is required), must repeat: the document again, not a
    few labels that recur within one (Subtotal, Total; a column header), nor one place
    two fields' labels both match (``C.U.I.T.:`` and ``CUIT:``). A copy beside the first
    block is another document only where a gutter no word of the page crosses parts them
    (see :func:`_gutter`): an issuer's and a client's blocks side by side under one title
    are one document's. A column beside a label (Year to Date) is no second label."""
    spots: dict[int, dict[str, list[Any]]] = {}  # page -> field -> best candidate per place
    required: dict[int, set[str]] = {}
    for name, spec in template.fields.items():
        if spec.repeated or spec.combine is not None:
            continue
        for c in cands.get(name, []):
            a = _place(c)
            if a is None:
                continue
            mine = spots.setdefault(a.page, {}).setdefault(name, [])
            if not _labelled(c) and len(mine) >= _LABELLESS_PLACES:
                continue
            if not any(_place(o).same_place(a) for o in mine):
                mine.append(c)
            if not spec.optional:
                required.setdefault(a.page, set()).add(name)
    out = []
    for page, fields in sorted(spots.items()):
        found = _copy_on_page(page, fields, required.get(page, set()), doc.pages[page])
        if found is not None:
            out.append(found)
    return out


def _place(candidate: Any) -> Any:
    """Where a candidate stands in its block: its label (an ``Anchor``), or for a value
    read without a label, the value itself (an anchor of no text); None when neither is
    known."""
    from formsift.templates.locators import Anchor

    a = getattr(candidate, "anchor", None)
    if a is not None:
        return a
    box = getattr(candidate, "box", None)
    return Anchor(candidate.page, box, "") if box is not None else None


def _copy_on_page(page: int, fields: dict[str, list[Any]], required: set[str],
                  content: Page) -> Copies | None:
    pairs = _pairs(fields)
    counted = required or set(fields)
    if len(pairs) < _COPIED_FIELDS or not _enough(pairs, counted):
        return None
    # a copy below is told by labels only (as before label-less fields were compared): a
    # parking ticket's entry and exit dates, a statement's dated lines, lie one below the
    # other in one document
    labelled = {name for name, found in fields.items() if any(map(_labelled, found))}
    below = {name: found for name, found in pairs.items() if name in labelled}
    spans = _Spans(content)
    best: Copies | None = None
    for shift in _shifts(pairs):
        gutter = None
        if abs(shift[0]) > abs(shift[1]):
            # documents side by side need not be as long as each other (a receipt's
            # items): their fields are one shift across, and lie lower or higher in each
            matched = _matched(pairs, shift, _SIDE_RISE)
            gutter = _gutter(matched, spans, fields)
            if gutter is None or not _whole_each(fields, counted, gutter):
                continue
            kept = counted
        else:
            matched = _matched(below, shift, _COPY_TOLERANCE)
            kept = counted & labelled or labelled
        if (not _enough(matched, kept) or _distinct(matched) < _COPIED_FIELDS
                or not any(_labelled(a) for a, _ in matched.values())
                or (best is not None and len(matched) <= len(best.values))):
            continue
        first = Box.enclosing([_place(a).box for a, _ in matched.values()])
        copy = Box.enclosing([_place(b).box for _, b in matched.values()])
        if first.intersection_area(copy) > 0:
            continue  # places recurring within one block (rows of a table), no copy
        best = Copies(page, shift, {name: (a.value, b.value)
                                    for name, (a, b) in matched.items()}, gutter)
    return best


def _labelled(candidate: Any) -> bool:
    """Whether a candidate was read beside a label (it stands at its label's place)."""
    return getattr(candidate, "anchor", None) is not None


def _shifts(pairs: dict[str, list[tuple[Any, Any, tuple[float, float]]]]
            ) -> list[tuple[float, float]]:
    """The pairs' shifts, one per bin of the copy tolerance (shifts closer than that match
    the same pairs), the nearest copy first: with three documents in a row, the first
    one's part of the page ends where the second starts."""
    bins: dict[tuple[int, int], tuple[float, float]] = {}
    for found in pairs.values():
        for _, _, (dx, dy) in found:
            bins.setdefault((round(dx / _COPY_TOLERANCE), round(dy / _COPY_TOLERANCE)),
                            (dx, dy))
    return sorted(bins.values(), key=lambda s: abs(s[0]) + abs(s[1]))


def _whole_each(fields: dict[str, list[Any]], counted: set[str], gutter: float) -> bool:
    """Whether each side of ``gutter`` holds every counted field of its own (a whole
    document each): an invoice's seller and buyer side by side, its total under the
    buyer's block only, are one document's. A line read across the gutter (receipts'
    headers at one height, "CORNER MART  FRESH MARKET") stands on both sides. A field
    read without a label at one place only (the merchant ``in head``: one per page) tells
    nothing of the other side."""
    def sides(found: list[Any]) -> set[bool]:
        boxes = [_place(c).box for c in found]
        return {b.x0 < gutter for b in boxes} | {b.x1 <= gutter for b in boxes}

    return all(sides(fields[name]) == {True, False} for name in counted
               if name in fields and (len(fields[name]) > 1 or any(map(_labelled, fields[name]))))


def _pairs(fields: dict[str, list[Any]]) -> dict[str, list[tuple[Any, Any, tuple[float, float]]]]:
    """Every pair of a field's places of the same label text, the second after the first
    along the axis they are apart on, with its shift."""
    pairs: dict[str, list[tuple[Any, Any, tuple[float, float]]]] = {}
    for name, found in fields.items():
        for a, b in itertools.permutations(found, 2):
            pa, pb = _place(a), _place(b)
            dx, dy = pb.box.x0 - pa.box.x0, pb.box.y0 - pa.box.y0
            if pa.text != pb.text or (dx if abs(dx) > abs(dy) else dy) <= 0:
                continue
            pairs.setdefault(name, []).append((a, b, (dx, dy)))
    return pairs


def _matched(pairs: dict[str, list[tuple[Any, Any, tuple[float, float]]]],
             shift: tuple[float, float], rise: float) -> dict[str, tuple[Any, Any]]:
    """Per field, its pair of places ``shift`` apart (within the copy tolerance across,
    ``rise`` up or down) that comes first on the page along the shift: with three
    receipts in a row, the first one's and the second one's, not the second's and the
    third's."""
    across = abs(shift[0]) > abs(shift[1])
    matched: dict[str, tuple[Any, Any]] = {}
    for name, found in pairs.items():
        near = [(a, b, abs(dx - shift[0]) + abs(dy - shift[1])) for a, b, (dx, dy) in found
                if abs(dx - shift[0]) <= _COPY_TOLERANCE and abs(dy - shift[1]) <= rise]
        if not near:
            continue
        at = [_place(a).box.x0 if across else _place(a).box.y0 for a, _, _ in near]
        # the first one's place (the nearest to the shift among those as far to the left)
        a, b, _ = min((p for p, x in zip(near, at, strict=True)
                       if x <= min(at) + _COPY_TOLERANCE), key=lambda p: p[2])
        matched[name] = (a, b)
    return matched


def _enough(repeated: Collection[str], counted: set[str]) -> bool:
    """Whether the fields ``repeated`` in both blocks are :data:`_COPIED_SHARE` of
    ``counted`` (the required fields found on the page, or all)."""
    return len(counted & set(repeated)) >= _COPIED_SHARE * len(counted)


def _distinct(matched: dict[str, tuple[Any, Any]]) -> int:
    """How many places of the first block the matched fields stand at: two fields whose
    labels match the same words (``C.U.I.T.:`` and ``CUIT:`` on one Argentine factura,
    each label matching both) are one place, not a block."""
    places: list[Any] = []
    for a, _ in matched.values():
        p = _place(a)
        if not any(p.same_place(o) for o in places):
            places.append(p)
    return len(places)


class _Spans:
    """A page's words' spans across (sorted once per page) and the narrowest gutter
    between documents side by side on it, worked out when first asked for."""

    def __init__(self, content: Page) -> None:
        self.content = content
        self._spans: list[tuple[float, float]] | None = None
        self.width = 0.0

    @property
    def spans(self) -> list[tuple[float, float]]:
        if self._spans is None:
            words = self.content.words
            self._spans = sorted((w.box.x0, w.box.x1) for w in words)
            if words:
                heights = sorted(w.box.y1 - w.box.y0 for w in words)
                c = self.content
                aspect = c.height / c.width if c.width and c.height else 1.0
                self.width = max(_GUTTER_MIN,
                                 _GUTTER_LINES * heights[len(heights) // 2] * aspect)
        return self._spans


def _gutter(matched: dict[str, tuple[Any, Any]], spans: _Spans,
            fields: dict[str, list[Any]]) -> float | None:
    """The middle (a share of the page's width) of the gutter that parts the first block's
    document from the copy's: an upright band no word of the page crosses, from its top
    to its bottom, at least :data:`_GUTTER_LINES` line heights wide, the last before the
    copy's places with none of the page's words starting between it and them (the copy's
    document starts there: receipts laid side by side on a scanner, 2-up payslips), and
    no field's label on one side of it and its value on the other. None otherwise: a
    title, a table's rows or a line of text over an issuer's and a client's blocks, a
    "Total" under both with its amount in the right-hand one."""
    if not matched or not spans.spans:
        return None
    left = max(_place(a).box.x1 for a, _ in matched.values())
    right = min(_place(b).box.x0 for _, b in matched.values())
    width = spans.width
    edge, band = left, None
    for x0, x1 in spans.spans:
        if x0 >= right:
            break
        if x1 <= left:
            continue
        if x0 - edge >= width:
            band = (edge, x0)
        edge = max(edge, x1)
    if right - edge >= width:
        band = (edge, right)
    if band is None or band[1] < right - _COPY_TOLERANCE:
        return None
    middle = (band[0] + band[1]) / 2
    if any(_straddles(c, middle) for found in fields.values() for c in found):
        return None
    return middle


def _straddles(candidate: Any, x: float) -> bool:
    """Whether a candidate's label lies on one side of ``x`` and its value on the other."""
    anchor, box = getattr(candidate, "anchor", None), getattr(candidate, "box", None)
    if anchor is None or box is None or anchor.page != candidate.page:
        return False
    return (anchor.box.x1 <= x) != (box.x1 <= x)
