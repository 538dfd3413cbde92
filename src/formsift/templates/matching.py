"""Classification: how well each page fits a template's ``match`` block."""

from __future__ import annotations

from typing import Any

from formsift.core.document import Document, Page
from formsift.grammar import ast as A
from formsift.templates.labels import confused, line_text_with_offsets, normalize
from formsift.templates.model import CompiledTemplate, MatchSpec
from formsift.templates.required_text import required_pieces
from formsift.util.safe_regex import (
    RecognizedText,
    RegexTimeout,
    compile_pattern,
    fold,
    joined,
    search,
)


class _PageText:
    """A page's text for match tests: its lines, and (built only when a regex needs it)
    its layout text, where words read in the order pdftotext would give them."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.text = page.text
        self._norm: str | None = None
        self._lower: str | None = None
        self._layout: str | None = None
        #: The text and the layout text as regexes read them (recognized words marked:
        #: see :class:`~formsift.util.safe_regex.RecognizedText`), and both folded.
        self._match: str | None = None
        self._match_layout: str | None = None
        self._folded: tuple[str, str] | None = None
        self._norm_loose: str | None = None
        self._norm_confused: str | None = None
        self.recognized = any(w.recognized for w in page.words)
        #: Whether a required piece of a keyword regex is in the text (shared by templates),
        #: keyed "s:piece" (as written) or "i:piece" (lower-cased).
        self.present: dict[str, bool] = {}
        #: Regexes (their /source/) that timed out on this page: counted as failed.
        self.timeouts: dict[str, str] = {}
        #: Outcome of each distinct test on this page (templates share many keywords).
        self.results: dict[tuple[str, ...], bool] = {}

    @property
    def norm(self) -> str:
        if self._norm is None:
            self._norm = normalize(self.text)
        return self._norm

    @property
    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.text.casefold()
        return self._lower

    @property
    def layout(self) -> str:
        if self._layout is None:
            from formsift.templates.textview import page_text

            self._layout = page_text(self.page)
        return self._layout

    @property
    def match_text(self) -> str:
        if self._match is None:
            self._match = joined("\n", (line_text_with_offsets(ln.words)[0]
                                        for ln in self.page.lines)) \
                if self.recognized else self.text
        return self._match

    @property
    def match_layout(self) -> str:
        if self._match_layout is None:
            from formsift.templates.textview import page_match_text

            self._match_layout = page_match_text(self.page) if self.recognized \
                else self.layout
        return self._match_layout

    @property
    def norm_loose(self) -> str:
        """:attr:`norm` with the letters of recognized words folded."""
        if self._norm_loose is None:
            text = self.match_text
            self._norm_loose = normalize(text.folded) if isinstance(text, RecognizedText) \
                else self.norm
        return self._norm_loose

    @property
    def norm_confused(self) -> str:
        """:attr:`norm_loose` with the characters OCR confuses folded to one
        (:func:`~formsift.templates.labels.confused`)."""
        if self._norm_confused is None:
            self._norm_confused = confused(self.norm_loose)
        return self._norm_confused

    def has(self, piece: str, ignore_case: bool) -> bool:
        """Whether ``piece`` is in the text (lower-cased, ``ignore_case``); where a
        recognizer read the text, whatever the accents of its letters."""
        if piece in (self.lower if ignore_case else self.text):
            return True
        if not self.recognized:
            return False
        if self._folded is None:
            self._folded = (fold(self.text), fold(self.lower))
        return fold(piece) in self._folded[1 if ignore_case else 0]


def _regex_test(pattern: A.Regex, pt: _PageText,
                pieces: tuple[tuple[str, str, bool], ...] | None) -> bool:
    """A keyword regex on a page; ``pieces`` (key, text, ignore case): what every match
    contains (see :mod:`formsift.templates.required_text`), None when nothing is known."""
    if pieces is not None:
        # A quick no, for both texts: they hold the same words, and a piece without spaces
        # lies within one word.
        present = pt.present
        for key, piece, ignore_case in pieces:
            hit = present.get(key)
            if hit is None:
                hit = present[key] = pt.has(piece, ignore_case)
            if not hit:
                return False
    if pt.timeouts and pattern.source() in pt.timeouts:
        return False
    rx = compile_pattern(pattern.pattern, pattern.flags)
    try:
        return search(rx, pt.match_text) is not None or \
            search(rx, pt.match_layout) is not None
    except RegexTimeout as exc:
        pt.timeouts[pattern.source()] = str(exc)
        return False  # a test that cannot be run does not pass; classify() says so


def _regexes(items: tuple[A.MatchItem, ...]) -> list[A.Regex]:
    """The regexes of a match block's tests."""
    out: list[A.Regex] = []
    for item in items:
        if isinstance(item, A.MatchTest):
            if isinstance(item.pattern, A.Regex):
                out.append(item.pattern)
        elif isinstance(item, A.MatchNot):
            out += _regexes((item.item,))
        else:
            out += _regexes(item.items)
    return out


def _timeout_notes(templates: list[CompiledTemplate], doc: Document,
                   texts: list[_PageText]) -> dict[str, list[str]]:
    """Per template, a note for each page where one of its match tests' regex timed out
    (and so failed); each page's notes also list them, so the result says so even for
    unknown documents."""
    notes: dict[str, list[str]] = {}
    if not any(pt.timeouts for pt in texts):
        return notes
    for i, pt in enumerate(texts):
        page_notes = []
        for t in templates:
            for rx in _regexes(t.match.items if t.match else ()):
                if rx.source() in pt.timeouts:
                    note = (f"template '{t.name}': match test {rx.source()} timed out on "
                            f"page {i + 1} and counted as failed ({pt.timeouts[rx.source()]})")
                    notes.setdefault(t.name, []).append(note)
                    page_notes.append(note)
        if page_notes:
            doc.pages[i].notes["match"] = {"regex_timeouts": page_notes}
    return notes


# A match block is turned once into nodes (tuples, cheap to walk: classification runs
# every template's block on every page): (_TEXT, key, normalized text),
# (_REGEX, key, regex, required pieces), (_NOT, node), (_ANY | _ALL, nodes). Tests with
# the same key are run once per page, whichever templates share them.
_TEXT, _REGEX, _NOT, _ANY, _ALL = range(5)
Node = tuple[Any, ...]


def _node(item: A.MatchItem) -> Node:
    if isinstance(item, A.MatchTest):
        pattern = item.pattern
        if isinstance(pattern, str):
            return (_TEXT, ("s", pattern), normalize(pattern))
        need = required_pieces(pattern.pattern, pattern.flags)
        pieces = None if need is None else tuple(
            (("i:" if need.ignore_case else "s:") + piece, piece, need.ignore_case)
            for piece in need.pieces)
        return (_REGEX, ("r", pattern.pattern, pattern.flags), pattern, pieces)
    if isinstance(item, A.MatchNot):
        return (_NOT, _node(item.item))
    return (_ANY if item.mode == "any" else _ALL, tuple(_node(i) for i in item.items))


def _test(node: Node, pt: _PageText) -> bool:
    kind = node[0]
    if kind <= _REGEX:
        results = pt.results
        hit = results.get(node[1])
        if hit is None:
            hit = results[node[1]] = (_text_test(node[2], pt) if kind == _TEXT else
                                      _regex_test(node[2], pt, node[3]))
        return hit
    if kind == _NOT:
        return not _test(node[1], pt)
    outcomes = (_test(n, pt) for n in node[1])
    return any(outcomes) if kind == _ANY else all(outcomes)


def _text_test(norm: str, pt: _PageText) -> bool:
    """A text test (``norm``: normalized) on a page; on words a recognizer read, whatever
    the accents of their letters and the test's ("März" finds an OCR's "Marz"), and the
    letters OCR confuses, as labels are found ("Bonnet Industrie" finds a fax's "Bonnet
    lndustrie"; a test of four characters or fewer must be read as written)."""
    if norm in pt.norm:
        return True
    if not pt.recognized:
        return False
    return fold(norm) in pt.norm_loose or (len(norm) > 4 and confused(norm) in pt.norm_confused)


def _weight(item: A.MatchItem) -> float:
    if isinstance(item, A.MatchTest):
        return float(item.weight)
    if isinstance(item, A.MatchNot):
        return 0.0  # a veto, not evidence
    return max((_weight(i) for i in item.items), default=1.0)


def page_score(template: CompiledTemplate, page: Page, pt: _PageText | None = None) -> float:
    """0..1: the weighted share of the match tests a page passes; 0 when a 'not' fails."""
    if template.match is None or not template.match.items:
        return 0.0
    pt = pt or _PageText(page)
    vetoes, tests, total = _plan(template.match)
    # vetoes first: a page with a 'not' test failing scores 0 whatever else it has
    for node in vetoes:
        if not _test(node, pt):
            return 0.0
    passed = 0.0
    for node, w in tests:
        if _test(node, pt):
            passed += w
    return passed / total if total else 0.0


def _evidence(template: CompiledTemplate, pages: list[float],
              texts: list[_PageText], whole: bool = False) -> float:
    """The weight of the match tests ``template`` passes on its best page (``pages``: its
    scores), or in the document as a whole (``whole``: the score it has): what it found
    there, not the share of what it looks for."""
    if template.match is None or not template.match.items or not pages:
        return 0.0
    _, tests, _ = _plan(template.match)
    if whole:
        return sum(w for node, w in tests if _anywhere(node, texts))
    best = max(range(len(pages)), key=lambda i: pages[i])
    if pages[best] <= 0 or best >= len(texts):
        return 0.0
    return sum(w for node, w in tests if _test(node, texts[best]))


def evidence(template: CompiledTemplate, doc: Document,
             extra: PluginScores | None = None) -> float:
    """The weight of ``template``'s match tests that its best page of ``doc`` passes
    (what it found there; see :func:`classify` on equal scores)."""
    texts = page_texts(doc)
    return _evidence(template, document_scores(template, doc, extra, texts), texts)


def _anywhere(node: Node, texts: list[_PageText]) -> bool:
    """A test on the document as a whole: a text or regex test passes where a page passes
    it, ``not`` where no page holds what it rules out, a group by its parts so taken (a
    title on page 1 and a total on page 2 pass ``all``). Each page's outcomes are those
    its own score ran (shared), so this costs next to nothing."""
    kind = node[0]
    if kind <= _REGEX:
        return any(_test(node, pt) for pt in texts)
    if kind == _NOT:
        return not _anywhere(node[1], texts)
    outcomes = (_anywhere(n, texts) for n in node[1])
    return any(outcomes) if kind == _ANY else all(outcomes)


def vetoed_on(template: CompiledTemplate, texts: list[_PageText]) -> list[int]:
    """The pages (0-based) that hold what a ``not`` test of ``template`` rules out."""
    if template.match is None:
        return []
    vetoes, _, _ = _plan(template.match)
    return [i for i, pt in enumerate(texts) if any(not _test(n, pt) for n in vetoes)]


def whole_score(template: CompiledTemplate, texts: list[_PageText]) -> float:
    """0..1: the weighted share of ``template``'s match tests that the document passes as
    a whole (its pages' tests taken together: an invoice's title on page 1, its VAT and
    total on page 2), 0 when a page holds what a ``not`` test rules out."""
    if template.match is None or not template.match.items:
        return 0.0
    _, tests, total = _plan(template.match)
    passed = sum(w for node, w in tests if _anywhere(node, texts))
    return passed / total if passed and not vetoed_on(template, texts) else 0.0


def _may_add_up(template: CompiledTemplate, pages: list[float]) -> bool:
    """Whether ``template``'s pages may score higher taken together than apart: two of
    them pass tests, or an ``all`` group may have its parts on different pages (the
    cheap question first: most templates find nothing on most files)."""
    if sum(1 for p in pages if p > 0) >= 2:
        return True
    if template.match is None:
        return False
    _, tests, _ = _plan(template.match)
    return any(_groups_all(node) for node, _ in tests)


def _groups_all(node: Node) -> bool:
    if node[0] == _ALL:
        return True
    if node[0] == _NOT:
        return _groups_all(node[1])
    return node[0] == _ANY and any(_groups_all(n) for n in node[1])


def _plan(match: MatchSpec) -> tuple[list[Node], list[tuple[Node, float]], float]:
    """A match block's vetoes, its weighted tests and their total weight (computed once
    per template)."""
    plan = getattr(match, "_plan", None)
    if plan is None:
        vetoes = [_node(i) for i in match.items if isinstance(i, A.MatchNot)]
        tests = [(_node(i), _weight(i)) for i in match.items if not isinstance(i, A.MatchNot)]
        plan = (vetoes, tests, sum(w for _, w in tests))
        match._plan = plan  # type: ignore[attr-defined]
    return plan


#: Per page, scores from classifier plugins: ``[{template_name: score}, ...]``.
PluginScores = list[dict[str, float]]


def page_texts(doc: Document) -> list[_PageText]:
    """The pages' texts for match tests, to share between the templates scored on one
    document (each test is then run once per page, whichever templates have it)."""
    return [_PageText(p) for p in doc.pages]


def document_scores(template: CompiledTemplate, doc: Document,
                    extra: PluginScores | None = None,
                    texts: list[_PageText] | None = None) -> list[float]:
    """Each page's score for ``template``: its match block's, or a classifier plugin's when
    that is higher."""
    texts = texts or page_texts(doc)
    out = []
    for i, (p, t) in enumerate(zip(doc.pages, texts, strict=True)):
        score = page_score(template, p, t)
        if extra is not None and i < len(extra):
            score = max(score, min(1.0, max(0.0, extra[i].get(template.name, 0.0))))
        out.append(score)
    return out


def eligible(template: CompiledTemplate, score: float) -> bool:
    """Whether a score reaches the template's match threshold (under it: not this one)."""
    return template.match is not None and score >= template.match.threshold


def is_fallback(template: Any) -> bool:
    """Whether a template says ``fallback true``: classification considers it only when no
    other template is eligible (a generic template beside the suppliers' own)."""
    return getattr(template, "fallback", False) is True


Scored = tuple[str, float, list[float]]


#: A note of classification: (reason code, message); codes ``ambiguous`` (a near-tie) and
#: ``regex_timeout`` (a match test of the chosen template could not be run).
Note = tuple[str, str]


def classify(templates: list[CompiledTemplate], doc: Document,
             near_tie: float = 0.05, extra: PluginScores | None = None
             ) -> tuple[CompiledTemplate | None, list[Scored], list[Note]]:
    """Pick the best template for ``doc``; also return every score and notes (near-ties,
    the chosen template's match tests whose regex timed out).

    A document's score for a template is the best of its pages', or that of the document
    as a whole where that is higher (:func:`whole_score`: the tests its pages pass taken
    together, none of its pages vetoed). Templates scoring under their threshold are not
    chosen: an unknown document is reported as unknown. Templates marked ``fallback true``
    are chosen among only when no other template reaches its threshold: a generic template
    neither outranks nor near-ties a supplier's own (every score is still in the table).
    Likewise a template whose ``not`` test fires on a page of the file (a receipt's due
    date on page 1 of an invoice whose totals, on page 2, read like a receipt's) is chosen
    among only when no template without one reaches its threshold, if such a template
    fits as well as it does (:func:`_demoted`); otherwise it ranks by its score.
    """
    scored = []
    texts = page_texts(doc)
    several = len(texts) > 1
    for t in templates:
        pages = document_scores(t, doc, extra, texts)
        best = max(pages, default=0.0)
        whole = whole_score(t, texts) if several and best < 1.0 and _may_add_up(t, pages) \
            else 0.0
        score = max(best, whole)
        vetoed = several and eligible(t, score) and bool(vetoed_on(t, texts))
        scored.append((t, score, pages, whole > best, vetoed))
    # between equal scores, the template whose tests found more on its best page (in the
    # document, where it scores as a whole) comes first: a supplier's template that found
    # its name and VAT ID before one that tests a name alone (the bill-to party's), so an
    # undecided tie names the better-evidenced
    scored.sort(key=lambda x: (-x[1], -_evidence(x[0], x[2], texts, x[3])))
    table = [(t.name, round(s, 4), [round(p, 4) for p in pages])
             for t, s, pages, _, _ in scored]
    demoted = _demoted(scored)
    chosen = [(t, s, t.name in demoted) for t, s, _, _, _ in scored if eligible(t, s)]
    timeouts = _timeout_notes(templates, doc, texts)
    if not chosen:
        return None, table, []
    # the first of: templates not demoted, fallbacks not demoted, the others
    tier = min((vetoed, is_fallback(t)) for t, _, vetoed in chosen)
    chosen = [(t, s, v) for t, s, v in chosen if (v, is_fallback(t)) == tier]
    best, best_score, _ = chosen[0]
    notes: list[Note] = [("regex_timeout", n) for n in timeouts.get(best.name, [])]
    for t, s, _ in chosen[1:]:
        if best_score - s <= near_tie:
            notes.append(("ambiguous", f"template '{t.name}' scored {s:.2f}, close to "
                                       f"'{best.name}' ({best_score:.2f})"))
    return best, table, notes


def _demoted(scored: list[tuple[CompiledTemplate, float, list[float], bool, bool]]
             ) -> set[str]:
    """The names of the templates :func:`classify` chooses among last, from its rows
    (template, score, pages' scores, scored as a whole, vetoed on a page of the file):
    those vetoed on a page whose best page an eligible template vetoed nowhere fits as
    well, on that page or as a whole (the receipt's 1.0 on page 2 of an invoice that
    scores 1.0 as a whole and prints its due date on page 1). One that fits its best page
    better than any such template keeps its rank: a supplier's template (1.0 on page 1)
    is not given up for the library's invoice because its ``not`` test fires on a terms
    page or on another document in the file (the invoice's 0.67 there)."""
    rivals = [(t, s if whole else 0.0, pages) for t, s, pages, whole, vetoed in scored
              if not vetoed and eligible(t, s)]
    out = set()
    for t, _, pages, _, vetoed in scored:
        if not vetoed or not pages or not rivals:
            continue
        top = max(pages)
        mine = [i for i, p in enumerate(pages) if p == top]
        if any(whole >= top or any(i < len(theirs) and theirs[i] >= top
                                   and eligible(r, theirs[i]) for i in mine)
               for r, whole, theirs in rivals):
            out.add(t.name)
    return out


def demoted_in(templates: list[CompiledTemplate], table: list[Scored],
               doc: Document) -> set[str]:
    """The names of the templates in the classification ``table`` of ``doc`` that
    :func:`classify` chose among last (:func:`_demoted`)."""
    if len(doc.pages) < 2:
        return set()
    texts = page_texts(doc)
    by_name = {t.name: t for t in templates}
    rows = []
    for name, score, pages in table:
        t = by_name.get(name)
        if t is None:
            continue
        vetoed = eligible(t, score) and bool(vetoed_on(t, texts))
        rows.append((t, score, pages, score > max(pages, default=0.0), vetoed))
    return _demoted(rows)


def ruled_out(templates: list[CompiledTemplate], doc: Document) -> list[tuple[str, str]]:
    """Templates whose match block finds what it looks for on a page of ``doc`` but also
    something it rules out there (a credit note's "Gutschrift" for an invoice template):
    (template name, what its ``not`` test found), for telling a user why nothing matched."""
    texts = page_texts(doc)
    out: list[tuple[str, str]] = []
    for t in templates:
        if t.match is None or not t.match.items:
            continue
        vetoes, tests, total = _plan(t.match)
        for pt in texts:
            fired = list(dict.fromkeys(
                _fired(item.item, pt) for item, node in
                zip((i for i in t.match.items if isinstance(i, A.MatchNot)), vetoes,
                    strict=True) if not _test(node, pt)))
            if not fired or not total:
                continue
            if sum(w for node, w in tests if _test(node, pt)) / total >= t.match.threshold:
                out.append((t.name, " and ".join(fired)))
                break
    return out


def mismatch(template: CompiledTemplate, doc: Document, extra: PluginScores | None = None
             ) -> tuple[list[float], str | None]:
    """For a template asked for by name (not chosen by classification): each page's
    score, and why the document does not fit the template's ``match`` block (None when
    it does, or the template has none). A document fits when a page reaches the
    threshold, or the document as a whole does (keywords spread over its pages), and no
    page holds what a ``not`` test rules out."""
    if template.match is None or not template.match.items:
        return [], None
    texts = page_texts(doc)
    pages = document_scores(template, doc, extra, texts)
    if any(eligible(template, p) for p in pages):
        return pages, None  # a page fits, as classification would have it
    fired = []
    for pt in texts:
        for item in template.match.items:
            if isinstance(item, A.MatchNot) and not _test(_node(item), pt):
                what = _fired(item.item, pt)
                if what not in fired:
                    fired.append(what)
    if fired:
        return pages, (f"the document does not fit template '{template.name}', which it "
                       f"was extracted with: it contains {' and '.join(fired)}, which the "
                       f"template's match block rules out")
    _, _, total = _plan(template.match)
    if total == 0:
        return pages, None  # a block of vetoes alone, none of which fires
    whole = _PageText(doc.pages[0])  # the pages' texts one after the other
    whole.text = "\n".join(pt.text for pt in texts)
    whole._layout = "\n".join(pt.layout for pt in texts)
    whole.recognized = any(pt.recognized for pt in texts)
    if whole.recognized:
        whole._match = joined("\n", (pt.match_text for pt in texts))
        whole._match_layout = joined("\n", (pt.match_layout for pt in texts))
    score = page_score(template, doc.pages[0], whole)
    if eligible(template, score):
        return pages, None
    best = max(pages, default=0.0)
    absent = [_describe(item) for item in template.match.items
              if not isinstance(item, A.MatchNot) and not _test(_node(item), whole)]
    return pages, (f"the document does not fit template '{template.name}', which it was "
                   f"extracted with: its match block scores {max(best, score):.2f}, under "
                   f"the threshold {template.match.threshold:.2f}"
                   + (f" (not found: {', '.join(absent)})" if absent else ""))


def _fired(item: A.MatchItem, pt: _PageText) -> str:
    """What a veto that fires on a page found there: the text a regex matched, quoted
    (``"CREDIT MEMO"``, not the long pattern of titles that found it), or the test as
    written."""
    if isinstance(item, A.MatchTest) and not isinstance(item.pattern, str):
        rx = compile_pattern(item.pattern.pattern, item.pattern.flags)
        try:
            m = search(rx, pt.match_text) or search(rx, pt.match_layout)
        except RegexTimeout:
            m = None
        found = " ".join(m.group().split()) if m is not None else ""
        if found:
            return f'"{found[:60]}"'
    return _describe(item)


def _describe(item: A.MatchItem) -> str:
    if isinstance(item, A.MatchTest):
        return (f'"{item.pattern}"' if isinstance(item.pattern, str)
                else item.pattern.source())
    if isinstance(item, A.MatchNot):
        return f"not {_describe(item.item)}"
    return f"{item.mode} {{{', '.join(_describe(i) for i in item.items)}}}"


def other_documents(templates: list[CompiledTemplate], table: list[Scored],
                    best: CompiledTemplate, doc: Document | None = None) -> list[Note]:
    """A note when pages that ``best`` (the template chosen for the whole file) does not
    match are matched by another template: the file probably holds several documents (a
    packet), and extracting it as one would silently lose the others. With ``doc``, a page
    that holds a test of ``best`` no other page passes (a supplier's VAT ID on page 2, its
    name on page 1: the document fits as a whole) is ``best``'s."""
    by_name = {t.name: t for t in templates}
    scored = [(by_name[n], pages) for n, _, pages in table if n in by_name]
    mine = next((pages for t, pages in scored if t.name == best.name), [])
    texts = page_texts(doc) if doc is not None and len(doc.pages) == len(mine) else None
    claims: dict[int, str] = {}
    for i, own in enumerate(mine):
        if eligible(best, own):
            continue
        rivals = [(pages[i], t.name) for t, pages in scored
                  if t.name != best.name and i < len(pages) and eligible(t, pages[i])]
        if rivals and not (texts is not None and own > 0 and _needed(best, texts, i)):
            claims[i + 1] = max(rivals)[1]
    if not claims:
        return []
    listed = ", ".join(f"page {n} ('{name}')" for n, name in claims.items())
    return [("several_documents",
             f"the file seems to hold other documents than '{best.name}': {listed}; "
             f"extract it as a packet (Engine.extract_packet, formsift extract --split) "
             f"to get one record per document")]


def _needed(template: CompiledTemplate, texts: list[_PageText], i: int) -> bool:
    """Whether page ``i`` holds a match test of ``template`` that no other page passes,
    without which the other pages taken together fall under its threshold (an invoice
    that fits its own page is not given the receipt after it for the VAT only the receipt
    prints)."""
    if template.match is None:
        return False
    _, tests, total = _plan(template.match)
    others = texts[:i] + texts[i + 1:]
    if not total or not any(_test(node, texts[i]) and not _anywhere(node, others)
                            for node, _ in tests):
        return False
    without = sum(w for node, w in tests if _anywhere(node, others)) / total
    return not eligible(template, without)


def fired_vetoes(template: CompiledTemplate, doc: Document) -> dict[int, str]:
    """Per page (0-based) where a ``not`` test of ``template`` fires, what it found there
    (the text its regex matched, quoted, or the test as written)."""
    if template.match is None:
        return {}
    texts = page_texts(doc)
    vetoes = [i for i in template.match.items if isinstance(i, A.MatchNot)]
    out: dict[int, str] = {}
    for k, pt in enumerate(texts):
        fired = list(dict.fromkeys(_fired(v.item, pt) for v in vetoes
                                   if not _test(_node(v), pt)))
        if fired:
            out[k] = " and ".join(fired)
    return out
