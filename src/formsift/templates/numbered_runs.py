"""A document numbered "page 1 of y" to "page y of y" on pages that follow each other,
classified as a whole when its pages' own classification cuts it.

A two-page invoice titled on page 1 (with its due date or payment terms there) and
totalled on page 2 scores as an invoice only as a whole; page 2 alone reads like a till
receipt, whose ``not`` test fires on page 1. Page by page, the split took page 2 for a
receipt and left page 1 unassigned. Its page numbers say it is one document: classified
as a whole (:func:`~formsift.templates.matching.classify`), it is the invoice, and the
receipt is chosen last, vetoed on page 1.

Page numbers alone do not make one document of two suppliers' pages (supplier A's "page 1
of 2" before supplier B's "page 2 of 2", each missing its other page): pages that print
another document number, seller, VAT ID or IBAN than each other stay as their own
classification has them (:func:`run_apart`), and pages that nothing else ties together
(none of those on two of them, nor a carried-forward line, "Übertrag 1.250,-": its word
right before an amount; a shared address, fax or stamp line, even with an amount or such
a word, "Porto 0,85", "Abt. Transport, Postfach 1234", is printed alike on any supplier's
page) are one document in review (:func:`run_untied`). A company counts as a seller's only
where no customer label stands before it on its line ("Kunde: Nordwind Logistik GmbH":
:func:`companies`), and ties nothing where each page names a company the other does not
print (A's seller on one, B's on the other). A carried-forward line at the same height on
both pages is a stamp ("Eingang Stapel 4711 Transport 45,00" at both feet): a carried total
stands at one page's foot and the next page's top, not alike on both.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

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
from formsift.util.safe_regex import RegexTimeout, compile_pattern, finditer, search

#: A company's name: up to five words before its legal form ("NORDLICHT ELEKTROTECHNIK
#: GMBH", "Southwind Trading Ltd")
_COMPANY = compile_pattern(
    r"((?:[^\W\d_][\w&'-]*\s+){1,5})(?:GmbH|GMBH|AG|KG|OHG|SE|Ltd|LTD|Limited|LIMITED|Inc"
    r"|INC|LLC|LLP|PLC|plc|Corp|CORP|SARL|SAS|SA|SL|SRL|SpA|BV|NV)\b")
#: Words of a carried-forward line, by language (formsift's locales): the running total
#: of a document's rows that its page prints at its foot and the next page at its top.
#: Matched without accents and case ("UBERTRAG", "Ubertrag"), as whole words.
CARRIED_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("carried forward", "brought forward", "carried over", "brought over",
           "carry forward", "balance forward", "c/f", "b/f", "c/fwd", "b/fwd", "subtotal",
           "sub-total", "sub total", "page total"),
    "de": ("Übertrag", "Vortrag", "Zwischensumme", "Zwischentotal", "Seitensumme",
           "Transport"),
    "fr": ("report", "à reporter", "reporté", "sous-total", "sous total"),
    "nl": ("transport", "over te brengen", "overgebracht", "subtotaal", "tussentotaal"),
    "es": ("suma anterior", "saldo anterior", "suma y sigue", "subtotal", "transporte"),
    "it": ("riporto", "a riportare", "riportato", "trasporto", "transporto", "subtotale",
           "totale parziale"),
    "pt": ("transporte", "a transportar", "transportado", "subtotal"),
    "pl": ("z przeniesienia", "do przeniesienia", "przeniesienie", "suma częściowa"),
    "cs/sk": ("převod", "přenos", "mezisoučet", "prenos", "medzisúčet"),
    "sv/nb/da": ("transport", "överföring", "delsumma", "overført", "overføres",
                 "mellomsum", "mellemsum", "delsum"),
    "fi": ("siirto", "siirretään", "välisumma"),
    "tr": ("nakli yekûn", "nakli yekün", "devreden", "ara toplam"),
    "el": ("εκ μεταφοράς", "σε μεταφορά", "μεταφορά", "μερικό σύνολο"),
    "ru/uk/bg/sr/kk": ("перенос", "промежуточный итог", "итого по странице", "перенесення",
                       "проміжний підсумок", "пренос", "междинна сума", "међузбир",
                       "međuzbir", "аралық жиынтық"),
    "ar": ("المجموع الفرعي", "مرحل", "ما قبله"),
    "he": ("סכום ביניים", "מועבר", "העברה"),
    "id/ms": ("pindahan", "jumlah pindahan", "jumlah kecil"),
    "th": ("ยอดยกมา", "ยอดยกไป", "ยอดรวมย่อย"),
    "vi": ("chuyển sang", "mang sang", "cộng chuyển sang", "tạm tính"),
}


#: Labels of the customer's name and address, by language (formsift's locales): a company
#: after one on its line ("Kunde: Nordwind Logistik GmbH", "Bill to: Meyer Transporte KG")
#: is the buyer, whom two suppliers' pages may both name. Matched without accents and
#: case, as whole words. (Not a bare "Empfänger", "recipient", "to": the payee of a bank
#: transfer is the seller.)
CUSTOMER_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("bill to", "billed to", "invoice to", "invoiced to", "sold to", "ship to",
           "shipped to", "deliver to", "delivered to", "delivery address", "billing address",
           "invoice address", "shipping address", "customer", "client", "buyer", "consignee"),
    "de": ("Kunde", "Kundin", "Rechnungsempfänger", "Rechnungsanschrift", "Rechnungsadresse",
           "Lieferanschrift", "Lieferadresse", "Leistungsempfänger", "Warenempfänger",
           "Auftraggeber", "Besteller", "Rechnung an", "Lieferung an"),
    "fr": ("client", "facturé à", "livré à", "adresse de facturation",
           "adresse de livraison", "acheteur", "destinataire"),
    "nl": ("klant", "afnemer", "factuuradres", "afleveradres", "geleverd aan",
           "gefactureerd aan"),
    "es": ("cliente", "facturar a", "enviar a", "dirección de entrega", "comprador",
           "destinatario"),
    "it": ("cliente", "committente", "acquirente", "destinatario", "spett"),
    "pt": ("cliente", "adquirente", "destinatário", "faturar a"),
    "pl": ("nabywca", "klient"),
    "cs/sk": ("odběratel", "zákazník", "odberateľ"),
    "sv/nb/da": ("kund", "kunde", "køber", "kjøper", "köpare", "leveransadress",
                 "leveringsadresse", "fakturaadress", "fakturaadresse"),
    "fi": ("asiakas", "ostaja", "laskutusosoite", "toimitusosoite"),
    "tr": ("müşteri", "alıcı", "sayın"),
    "el": ("πελάτης", "αγοραστής"),
    "ru/uk/bg/sr/kk": ("покупатель", "заказчик", "плательщик", "покупець", "замовник",
                       "платник", "клиент", "купувач", "купац", "kupac"),
    "ar": ("العميل", "المشتري"),
    "he": ("לקוח", "לכבוד"),
    "id/ms": ("pelanggan", "pembeli"),
    "th": ("ลูกค้า", "ผู้ซื้อ"),
    "vi": ("khách hàng", "người mua"),
}


@dataclass
class RunPage:
    """What a page of a numbered run prints that ties it to a document: ``marks`` (a kind,
    e.g. ``invoice_no``, ``iban``, ``company`` -> its values on the page) and its running
    lines (normalized -> as printed), and its whole text normalized (``flat``)."""

    index: int  # 0-based, in the file
    marks: dict[str, set[str]] = field(default_factory=dict)
    running: dict[str, str] = field(default_factory=dict)
    flat: str = ""
    #: its running lines' heights (normalized -> top, 0-1 of the page)
    at: dict[str, float] = field(default_factory=dict)


def companies(lines: list[str]) -> set[str]:
    """The companies named in ``lines`` (their names' words, case-folded, up to five
    before the legal form), but the customer's: a company after a customer label on its
    line (:data:`CUSTOMER_LABELS`, "Kunde: Nordwind Logistik GmbH") is no seller's."""
    out: set[str] = set()
    for line in lines:
        try:
            for m in finditer(_COMPANY, line):
                if search(_CUSTOMER, _plain(line[:m.start()]).casefold()) is None:
                    out.add(" ".join(m.group(0).casefold().split()))
        except RegexTimeout:
            continue
    return out


def _same(kind: str, a: str, b: str) -> bool:
    """Whether two values of one kind are one: a company's name may follow other words on
    a line ("Invoice 12 NORDLICHT GMBH"), the shorter name ends the longer."""
    if kind != "company":
        return a == b
    x, y = sorted((a.split(), b.split()), key=len)
    return y[len(y) - len(x):] == x


def run_apart(pages: list[RunPage]) -> str | None:
    """Why pages of a run are not one document, or None: two of them print different
    values of one kind (a document number, an IBAN, a VAT ID, a company at their top or
    foot) and none the same. Companies count only between pages nothing strong ties
    (:func:`tie`): a bank's or the customer's name in one page's foot ("Bank:
    Barclays Bank PLC") is no other seller's where a carried-forward line ties the pages;
    any other line both print (the customer's address, a scan-batch stamp, a fax header,
    with a number or an amount) keeps two sellers' pages apart all the same."""
    for a, b in itertools.combinations(pages, 2):
        tied = None
        for kind in a.marks.keys() & b.marks.keys():
            if kind == "company":
                tied = _tied(a, b) if tied is None else tied
                if tied:
                    continue
            if not any(_same(kind, x, y) for x in a.marks[kind] for y in b.marks[kind]):
                return (f"page {a.index + 1} and page {b.index + 1} print another {kind} "
                        f"({sorted(a.marks[kind])[0]!r}, {sorted(b.marks[kind])[0]!r})")
    return None


def _tied(a: RunPage, b: RunPage) -> bool:
    """Whether pages ``a`` and ``b`` print the same number, IBAN, VAT ID or company, or a
    carried-forward line of one is on the other (see :func:`tie`)."""
    return tie(a, b) is not None


def tie(a: RunPage, b: RunPage) -> str | None:
    """What ties pages ``a`` and ``b``, as said in evidence, or None: the same document
    number, IBAN, VAT ID or company (not where each names a company the other does not
    print: :func:`_other_sellers`), or a running line of one that the other prints too
    and that is a carried-forward line (:func:`carried`: "Übertrag 1.250,-") not at the
    same height on both (:func:`_stamped`: a stamp printed alike on each page). Any other
    line both print (the customer's address, a scan-batch stamp, a fax header, with a
    number or an amount: "Porto 0,85") ties nothing: any supplier's page may carry it."""
    for kind in sorted(a.marks.keys() & b.marks.keys()):
        if kind == "company" and _other_sellers(a, b):
            continue
        for x in sorted(a.marks[kind]):
            if any(_same(kind, x, y) for y in b.marks[kind]):
                return f"the same {kind} {x!r}"
    for f, g in ((a, b), (b, a)):
        for norm, raw in f.running.items():
            if carried(raw) and _plain(norm) in _plain(g.flat) and not _stamped(f, g, norm):
                return f"the line {raw!r}"
    return None


def _other_sellers(a: RunPage, b: RunPage) -> bool:
    """Whether each of pages ``a`` and ``b`` names a company the other does not print
    (supplier A's seller on one, B's on the other): a company both name (the customer's,
    unlabelled) then ties nothing."""
    def alone(f: RunPage, g: RunPage) -> bool:
        return any(normalize(x) not in g.flat
                   and not any(_same("company", x, y) for y in g.marks.get("company", ()))
                   for x in f.marks.get("company", ()))

    return alone(a, b) and alone(b, a)


def _stamped(f: RunPage, g: RunPage, norm: str) -> bool:
    """Whether running line ``norm`` stands at the same height on pages ``f`` and ``g``
    (within :data:`_SAME_PLACE`): a stamp ("Eingang Stapel 4711 Transport 45,00" at both
    feet), not a total carried from one page's foot to the next page's top."""
    return norm in f.at and norm in g.at and abs(f.at[norm] - g.at[norm]) < _SAME_PLACE


#: Running lines whose tops are nearer than this (of the page's height) stand at one place
_SAME_PLACE = 0.02


def carried(line: str) -> bool:
    """Whether ``line`` is a carried-forward line: a word of :data:`CARRIED_WORDS` right
    before an amount (a ':', a currency or the page it comes from between them), the
    amount ending the line ("Übertrag 522,40", "Übertrag: 1.250,-", "Übertrag 1 250",
    "Carried forward 1250 EUR", "Übertrag von Seite 1: 1.250,00"). An amount is one with
    cents, thousands separators, ',-' or a currency; a postbox's, phone's or batch's
    number is none ("Abt. Transport, Postfach 1234", "Fax Report 040 999 1234"), nor is a
    stamp's or the customer's line without such a word ("Porto 0,85"): any supplier's
    page may print them."""
    try:
        return search(_CARRIED_LINE, _plain(line).casefold().strip()) is not None
    except RegexTimeout:
        return False


def _plain(text: str) -> str:
    """``text`` without accents: OCR reads "Übertrag" on one page, "Ubertrag" on the next."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))


def _whole_words(table: dict[str, tuple[str, ...]]) -> str:
    """A pattern of any word or phrase of ``table`` (without accents, case-folded, the
    longest first, spaces as any run of spaces), standing as a whole word."""
    words = {r"\s+".join(map(re.escape, _plain(w).casefold().split()))
             for group in table.values() for w in group}
    return (r"(?<![^\W\d_])(?:" + "|".join(sorted(words, key=lambda w: (-len(w), w)))
            + r")(?![^\W\d_])")


#: A word of :data:`CARRIED_WORDS` (without accents, case-folded), whole
_WORD = _whole_words(CARRIED_WORDS)
#: A customer label (:data:`CUSTOMER_LABELS`, without accents, case-folded), whole
_CUSTOMER = compile_pattern(_whole_words(CUSTOMER_LABELS))
#: A currency, case-folded: its sign or code
_CURRENCY = (r"(?:[$\u20ac\u00a3\u00a5\u20b9\u20ba\u20b4\u20bd]|(?<![^\W\d_])(?:eur|usd|gbp|chf"
             r"|pln|czk|sek|nok|dkk|huf|ron|bgn|try|rub|uah|zl|kc|kr|fr|lei|rsd|kzt|aed|ils"
             r"|idr|myr|rm|thb|vnd|dm)(?![^\W\d_]))")
#: An amount: with cents ("1.250,00", "522,40"), with thousands separators ("1 250",
#: "1,250"), with ',-' ("1250,-") or followed by a currency ("1250 EUR")
_MONEY = (r"-?(?:(?:\d{1,3}(?:[ .,'\u2019\u00a0\u202f]\d{3})+|\d+)[.,]\d{2}(?!\d)"
          r"|[1-9]\d{0,2}(?:[ .,'\u2019\u00a0\u202f]\d{3})+(?:[.,]-{1,2})?(?![\d.,])"
          r"|\d+[.,]-{1,2}|\d+(?=\s*" + _CURRENCY + r"))")
#: The page a carried-forward total comes from or goes to ("von Seite 1", "from page 1")
_FROM_PAGE = (r"(?:(?:von|auf|aus|from|to|of|de|van|da|dalla|z|ze)\s+(?:la\s+)?)?"
              r"(?:seite|page|pagina|strona|strany|s\.|p\.)\s*\d{1,3}")
#: A carried-forward line: the word right before its amount(s), which end the line
_CARRIED_LINE = compile_pattern(
    _WORD + r"(?:\s*" + _FROM_PAGE + r")?\s*[:=]?\s*(?:" + _CURRENCY + r"\s*)?"
    + _MONEY + r"(?:\s*" + _CURRENCY + r")?(?:\s+(?:" + _CURRENCY + r"\s*)?" + _MONEY
    + r"(?:\s*" + _CURRENCY + r")?)*\s*$")


def run_untied(pages: list[RunPage]) -> str | None:
    """Why the pages of a run may be two documents' (a page that nothing but its number
    ties to another page of the run), or None."""
    loose = [p for p in pages if not any(_tied(p, q) for q in pages if q is not p)]
    if not loose:
        return None
    return (f"pages {pages[0].index + 1}-{pages[-1].index + 1} are numbered 1 to "
            f"{len(pages)} of {len(pages)}, but nothing else ties page {loose[0].index + 1} "
            f"to the others (no document number, seller, VAT ID or IBAN on two of them, nor "
            f"a carried-forward line): two documents' pages? Review it")


def numbered_runs(cues: list[tuple[int, int] | None], blank: list[bool]) -> list[list[int]]:
    """The runs of pages (0-based) numbered "page 1 of y" to "page y of y" (y > 1), in
    that order, each page following the one before in the file (blank pages, the backs
    of a duplex scan, aside: they are no run's)."""
    runs: list[list[int]] = []
    run: list[int] = []
    for i, cue in enumerate(cues):
        if blank[i]:
            continue
        before = cues[run[-1]] if run else None
        if cue is not None and before is not None and cue == (before[0] + 1, before[1]):
            run.append(i)
        elif cue is not None and cue[0] == 1 and cue[1] > 1:
            run = [i]
        else:
            run = []
        if run and cue is not None and len(run) == cue[1]:
            runs.append(run)
            run = []
    return runs


def run_template(templates: list[CompiledTemplate], doc: Document, run: list[int],
                 labels: list[str | None], extra: PluginScores | None = None
                 ) -> tuple[str, str] | None:
    """The template of the document on pages ``run`` (0-based, numbered 1 to y) of
    ``doc`` classified as a whole, and why, where its pages' own labels (``labels``: per
    page of ``doc``, the best template each reaches alone) cut it because of a veto: a
    page is labelled with a template that the run, as a whole, chooses last (its ``not``
    test fires on another page of the run, and another fits as well), and every page's
    label is that template's, the run's or none. None where not (the pages' labels stand:
    two templates claiming pages of the run unvetoed tell more than the numbering)."""
    pages = [doc.pages[i] for i in run]
    view = Document(doc.id, doc.name, doc.media_type, pages, "view")
    best, table, _ = classify(templates, view, extra=[extra[i] for i in run]
                              if extra is not None and len(extra) == len(doc.pages) else None)
    if best is None:
        return None
    demoted = demoted_in(templates, table, view)
    if best.name in demoted:
        return None
    cut = sorted({labels[i] for i in run if labels[i] in demoted})  # type: ignore[type-var]
    if not cut or any(labels[i] not in (None, best.name, *demoted) for i in run):
        return None
    score = next(s for name, s, _ in table if name == best.name)
    texts = page_texts(view)
    by_name = {t.name: t for t in templates}
    vetoes = "; ".join(
        f"{name} chosen last: its not test fires on page "
        + ", ".join(str(run[k] + 1) for k in vetoed_on(by_name[name], texts))
        for name in cut)
    return best.name, (f"pages {run[0] + 1}-{run[-1] + 1} are numbered 1 to {len(run)} of "
                       f"{len(run)}: one document, classified as {best.name} as a whole "
                       f"({score:.2f}); {vetoes}")
