"""Finding labels on a page, tolerantly: case, spacing, punctuation and OCR confusions."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import regex

from formsift.core.document import Line, Page, Word
from formsift.core.geometry import Box
from formsift.core.reading_order import reading_indexes
from formsift.util.safe_regex import (
    LooseMatch,
    RecognizedText,
    RegexTimeout,
    compile_pattern,
    finditer,
    recognized_text,
    search,
)


def _unaccented() -> dict[str, str]:
    """Lower-case Latin letters with diacritics (Latin-1, Latin Extended-A and -B and
    Extended Additional: French, German, Polish, Czech, Nordic, Vietnamese's horns, hooks
    and dots below ...) -> their base letter, "ł" and "ø" included, which Unicode does
    not decompose; Greek letters with a tonos or a dialytika -> the bare
    letter (Greek capitals are printed without them: "Σύνολο" is "ΣΥΝΟΛΟ")."""
    out = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i"}
    for cp in [*range(0xE0, 0x250), *range(0x1E00, 0x1F00), *range(0x390, 0x3D0)]:
        c = chr(cp)
        base = unicodedata.normalize("NFKD", c)[0]
        if c.islower() and c not in out and base != c and base.isalpha() and (
                base.isascii() or unicodedata.name(base, "").startswith("GREEK")):
            out[c] = base
    return out


@functools.cache
def _confusions() -> dict[int, str]:
    """Characters OCR confuses, folded to one representative for a second, looser pass.
    OCR often loses accents ("Beträge" read "Betrage", "Ilość" read "llosc"): letters with
    diacritics fold to their base letter there; and it writes traditional Chinese in mixed
    forms ("賣方統一編號" read "賣方统一编号"): traditional characters fold to simplified
    ones (OpenCC's table)."""
    return str.maketrans({**_simplified(), "0": "o", "1": "l", "i": "l", "|": "l", "!": "l",
                          "5": "s", "8": "b", "$": "s", "€": "e", "°": "o",  # "N°" as "Nº"
                          **{c: b.translate({ord("i"): "l"})
                             for c, b in _unaccented().items()}})


def _simplified() -> dict[str, str]:
    """Traditional Chinese characters -> the simplified ones OpenCC's ``t2s`` gives them,
    one character for one; empty where OpenCC is not installed."""
    try:
        import opencc
    except ImportError:  # (a dependency; a platform without its wheel folds no Han)
        return {}
    chars = [chr(cp) for cp in [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)]]
    # one call, a character a line (no phrase spans two): 0.06 s instead of 0.13
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return {}
    return {ch: to for ch, to in zip(chars, converted, strict=True)
            if to != ch and len(to) == 1}
#: Punctuation a label ignores: the ASCII marks, their full-width forms (U+FF01-U+FF5E:
#: ``：（）［］，．``, which NFKC turns into the ASCII ones) and the ideographic marks of
#: Chinese and Japanese text that stand for them (``、。「」【】《》``...).
_DROP = set(".:;,_-()[]*'\"") | set("、。「」『』【】〔〕〖〗〈〉《》")
#: Apostrophes and quotes as typed, typeset and read, as the ASCII ones: a Word
#: document's "Date d’échéance" is the template's "Date d'échéance" (before NFKC, which
#: makes "´" a space and a combining accent).
#: Hebrew's geresh and gershayim (``מע״מ``, ``סה״כ``) are its apostrophe and quote.
_QUOTES = str.maketrans({**dict.fromkeys("’‘‛ʼʻ´`′׳", "'"),
                         **dict.fromkeys("“”„‟″״", '"')})
#: Turkish capital dotted I (``TARİHİ``) and dotless i (``Sayın``) as the i of other
#: languages: ``"İ".casefold()`` is an i with a combining dot above, and a Turkish capital
#: ``I`` folds to ``i``, so neither would find the other case's spelling.
_TURKISH_I = str.maketrans({"İ": "I", "ı": "i"})
#: Greek lower-case letters with a tonos or a dialytika as the bare letter: Greek capitals
#: are printed without them ("ΤΙΜΟΛΟΓΙΟ" for "Τιμολόγιο"), so a label or a match test
#: written with its accents finds the capitals, on a text layer too.
_GREEK_MARKS = str.maketrans({c: unicodedata.normalize("NFD", c)[0]
                              for c in map(chr, range(0x390, 0x3D0))
                              if c.islower() and len(unicodedata.normalize("NFD", c)) > 1})


#: Russian and Belarusian print ё as е (``Счет``, ``СЧЕТ`` for ``Счёт``): one letter to a
#: label. Not й and и, nor ї and і (letters of their own).
_YO = str.maketrans({"ё": "е"})


@functools.lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Case-folded (Turkish İ and ı as i, Greek without tonos, Cyrillic ё as е), other
    accents kept, punctuation dropped, whitespace removed."""
    text = unicodedata.normalize("NFKC", text.translate(_QUOTES)).translate(_TURKISH_I)
    text = text.casefold().translate(_GREEK_MARKS).translate(_YO)
    return "".join(ch for ch in text if not ch.isspace() and ch not in _DROP)


@functools.lru_cache(maxsize=1024)
def _is_drop(ch: str) -> bool:
    """Whether ``ch`` is punctuation a label ignores (:data:`_DROP`, in any of its forms:
    a full-width ``：`` as a ``:``, ``’`` as ``'``)."""
    return not ch.isspace() and not normalize(ch)


#: Scripts written without spaces between words (Chinese, Japanese): a label of theirs may
#: start inside a word, after another character of them ("日期" in "开票日期：...") or a
#: sign a label keeps ("纳税人识别号" in "统一社会信用代码/纳税人识别号：...").
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")


@functools.lru_cache(maxsize=4096)
def loose(text: str) -> str:
    """:func:`normalize`, then letters OCR confuses folded to one (``0``/``o``,
    ``1``/``l``/``i``, accented letters as their base letter)."""
    return confused(normalize(text))


def confused(norm: str) -> str:
    """Normalized text (:func:`normalize`) with the characters OCR confuses folded to one,
    as :func:`loose` gives it (for long texts, which ``loose`` would cache)."""
    return norm.translate(_confusions())


@dataclass(frozen=True, slots=True)
class LabelHit:
    """Where a label was found: its words on a line, and how exactly it matched."""

    page: int
    line_index: int
    first: int  # index of the first word of the label in the line
    last: int  # index of the last word (inclusive)
    box: Box
    score: float
    #: The rest of the label's last word when a value is glued to the label
    #: ("Total:12.50" -> "12.50"), as a word of its own; None otherwise.
    rest: Word | None = None
    #: The part of ``score`` that says how surely the page's characters are the label's
    #: (OCR's look-alikes, punctuation written otherwise, unsure characters); the rest of
    #: it says how the words stand as a label (alone, or inside a longer phrase).
    reading: float = 1.0
    #: Which of the label's alternatives (``"A" | "B"``) was found, from 0.
    option: int = 0
    #: The small letters glued to the label after a hyphen ("abc" of "Ref-abc", "nr" of
    #: "Tel-nr"), as a word of its own: the rest of a longer label, unless the field's
    #: pattern reads them whole as its value (:func:`~formsift.templates.locators.
    #: relative_words`); None otherwise.
    glued: Word | None = None


def find_label(page: Page, options: tuple[str | object, ...],
               lines: list[Line] | None = None) -> list[LabelHit]:
    """Every place on ``page`` (or in ``lines`` of it) where one of the label ``options``
    is written, best first; of the places of several alternatives, those of an earlier
    one first (:func:`_earlier_first`: a field's label, a region's anchor)."""
    return find_in_lines(page.index, page.lines if lines is None else lines, options,
                         in_order=True)


def find_in_lines(page: int, lines: list[Line], options: tuple[str | object, ...],
                  in_order: bool = False) -> list[LabelHit]:
    """Every place in ``lines`` where one of the label ``options`` is written, best first
    (``in_order``: see :func:`find_label`; a table's column headers, which several of
    one line may match, are found whatever their order)."""
    hits: list[LabelHit] = []
    for k, option in enumerate(options):
        found = _find_text(page, lines, option) if isinstance(option, str) \
            else _find_regex(page, lines, option)
        hits.extend(dataclasses.replace(h, option=k) if k else h for h in found)
    if len(options) > 1:  # "Passenger name" | "Passenger": where both stand, the longer
        hits = [h for h in hits if not any(_covers(g, h) for g in hits)]
        if in_order:
            hits = _earlier_first(hits)
    hits.sort(key=lambda h: (-h.score, h.line_index, h.first))
    return hits


#: What a later alternative's label costs against an earlier one found elsewhere on the
#: page (as a field's later locator costs 0.05 against its first).
OPTION_COST = 0.95


def _earlier_first(hits: list[LabelHit]) -> list[LabelHit]:
    """``hits`` of several alternatives with the template's order as evidence: where the
    page prints a label that reads best as an earlier alternative, standing at least as
    well as a label (alone, not inside a longer phrase), a later alternative's label
    elsewhere ranks below it (:data:`OPTION_COST`), however surely it was read. On an
    Argentine factura's scan, ``"C.U.I.T.:" | "CUIT:"`` takes the issuer's ``C.U.I.T.:``
    read ``C.U.1.T.:`` (a look-alike, 0.8), not the client's clean ``CUIT:``: the client's
    label is the template's second spelling. Where both alternatives match the same
    words, the better reading of them stands (one label of the page, several
    spellings)."""
    places: list[list[LabelHit]] = []
    for h in hits:
        place = next((p for p in places if any(_overlap(g, h) for g in p)), None)
        if place is None:
            places.append([h])
        else:
            place.append(h)
    if len(places) < 2:
        return hits
    best = [max(p, key=lambda h: (h.score, -h.option)) for p in places]
    stands = [b.score / max(b.reading, 1e-9) for b in best]
    caps: dict[int, float] = {}
    for i, b in enumerate(best):
        earlier = [best[j].score for j in range(len(best)) if j != i
                   and best[j].option < b.option and stands[j] >= stands[i] - 1e-9]
        if earlier:
            caps[i] = max(earlier) * OPTION_COST
    if not caps:
        return hits
    out = []
    for i, p in enumerate(places):
        cap = caps.get(i)
        out += [h if cap is None or h.score <= cap else dataclasses.replace(h, score=cap)
                for h in p]
    return out


def _overlap(a: LabelHit, b: LabelHit) -> bool:
    """Whether two hits take words in common (one place of the page)."""
    return a.page == b.page and a.line_index == b.line_index and a.first <= b.last \
        and b.first <= a.last


def _covers(longer: LabelHit, hit: LabelHit) -> bool:
    """Whether ``longer`` is another option's label found over ``hit``'s words and more
    ("Passenger name:" over its "Passenger"): the shorter is part of it there, not a label
    of its own, whatever the two scores (a photo's "Passenger narne" is found loosely)."""
    return longer.line_index == hit.line_index and longer.first <= hit.first \
        and longer.last >= hit.last and (longer.first, longer.last) != (hit.first, hit.last)


#: An accented vowel OCR reads as a digit inside a word: the "ó" of "-ción", "-sión" read
#: "6" ("Retenci6n", "emisi6n"), its accent taken for the 6's stem, and two of them side by
#: side (Dutch "vóór" read "v66r"). Only between two letters of a word of the page: a "6"
#: standing alone or at a word's edge stays a digit, and so do three in a row.
_VOWEL_AS_DIGIT = regex.compile(r"(?<=\p{L})6{1,2}(?=\p{L})")

#: An item number a label may be glued to ("1.ORIGINAL CONTRACT SUM", "5)Retainage", as
#: OCR drops the space after a form's line number): up to three digits closed by "." or ")"
#: right before the label's first letter.
_ITEM_NUMBER = regex.compile(r"\(?\d{1,3}[.)](?=\p{L})")


def _loose_word(norm: str) -> str:
    """A word's normalized text as the loose pass reads it (see :data:`_VOWEL_AS_DIGIT`)."""
    folded = _VOWEL_AS_DIGIT.sub(lambda m: "o" * len(m.group()), norm)
    return folded.translate(_confusions())


def _index(line: Line) -> tuple[str, str, list[int], list[int], list[int]]:
    """The line's normalized text (exact and OCR-loose) with each word's start and end,
    and how many normalized characters of each word are an item number glued before a
    label (:data:`_ITEM_NUMBER`; 0 for most words)."""
    cached = line.cache.get("labels")
    if cached is None:
        norms = [normalize(w.text) for w in line.words]
        starts, ends, skips = [], [], []
        pos = 0
        for w, n in zip(line.words, norms, strict=True):
            starts.append(pos)
            pos += len(n)
            ends.append(pos)
            m = _ITEM_NUMBER.match(w.text)
            skips.append(len(normalize(m.group())) if m else 0)
        joined = "".join(norms)
        cached = (joined, "".join(_loose_word(n) for n in norms), starts, ends, skips)
        line.cache["labels"] = cached
    return cached


#: How the OCR recognizer writes letters its character set lacks: PP-OCR reads the Polish
#: "ł" as "t" ("zapłaty" as "zaptaty").
_OCR_SPELLING = str.maketrans({"ł": "t", "Ł": "T"})

#: How OCR reads the ordinal marks of "N.º", "1.ª" and the degree sign of "N°" written for
#: them: as the letter, as a "9" (the raised, underlined "º" looks like one: "Factura n.9
#: 77/2026"), or not at all ("N factura").
_ORDINAL_READINGS = {"º": ("o", "9", ""), "°": ("o", "9", ""), "ª": ("a", "")}


@functools.lru_cache(maxsize=1024)
def _readings(label: str) -> tuple[str, ...]:
    """The loose texts of ``label`` as a recognizer may have read it, besides its own
    (:data:`_OCR_SPELLING`, :data:`_ORDINAL_READINGS`), longest first: where the page
    shows a "9" for the mark, the "9" is the label's, and the value starts after it. A
    reading with the mark left out must keep four characters ("N°" read "N" is no label)."""
    own = loose(label)
    label = label.translate(_OCR_SPELLING)
    marks = [i for i, ch in enumerate(label) if ch in _ORDINAL_READINGS][:3]
    out: list[str] = []
    for choice in itertools.product(*(_ORDINAL_READINGS[label[i]] for i in marks)):
        chars = list(label)
        for i, reading in zip(marks, choice, strict=True):
            chars[i] = reading
        text = loose("".join(chars))
        if text and text not in out and (len(text) >= 4 or all(choice)):
            out.append(text)
    return tuple(sorted((t for t in out if t != own), key=len, reverse=True))


#: How OCR reads a label's currency signs besides leaving them out: PP-OCR reads a "£" of
#: a printed "£50" as an "E" (or loses it: "10" for "£10"), a "€" as an "E" or a "C".
_SIGN_READINGS = {"£": ("e", "l", "f"), "€": ("e", "c")}
#: What a label found with a sign of it read as a letter (:data:`_SIGN_READINGS`) costs,
#: and one found without it: below a label read as written (1.0) and through OCR's
#: look-alike letters (0.8), so that a page that shows the sign wins.
SIGN_READ = 0.75
SIGN_LOST = 0.7


@functools.lru_cache(maxsize=1024)
def _sign_readings(label: str) -> tuple[tuple[str, float], ...]:
    """The normalized texts of ``label`` with its signs (a currency sign or another
    symbol, ``#``, ``%``: :func:`_is_sign`; not the ordinal marks of
    :data:`_ORDINAL_READINGS`) as OCR may have read them: as a letter
    (:data:`_SIGN_READINGS`) or not at all, each with its score, best first. The rest of
    the label is found as written (``"£10"`` finds ``10`` and ``E10``, never ``lo``), and
    must keep a letter or a digit."""
    text = unicodedata.normalize("NFKC", label)
    signs = [i for i, ch in enumerate(text)
             if _is_sign(ch) and ch not in _ORDINAL_READINGS][:3]
    bare = "".join(ch for i, ch in enumerate(text) if i not in signs)
    if not signs or not any(ch.isalnum() for ch in normalize(bare)):
        return ()  # (a label that is a sign: nothing of it is left to find)
    own = normalize(label)
    out: dict[str, float] = {}
    for choice in itertools.product(*((*_SIGN_READINGS.get(text[i], ()), "")
                                      for i in signs)):
        chars = list(text)
        for i, reading in zip(signs, choice, strict=True):
            chars[i] = reading
        norm = normalize("".join(chars))
        if norm != own:
            score = SIGN_READ if all(choice) else SIGN_LOST
            out[norm] = max(out.get(norm, 0.0), score)
    return tuple(sorted(out.items(), key=lambda kv: (-kv[1], -len(kv[0]))))


#: A tag naming a field of a message, as SWIFT messages write them (":20:", ":32B:",
#: ":45A:": two digits, and a letter for the field's option): as a label, found only
#: with a colon of it, never as a bare number ("20 DEC 2026"); on a page, a line that
#: starts with one is another field's (locators).
TAG = re.compile(r":\d{2}[A-Za-z]?:")

#: What a label found with a slash inside a word of it read as a letter costs (``"L/C No."``
#: on a scan's ``LIC No.``, ``L1C``, ``LlC``): as a look-alike letter (a slash left out
#: costs :data:`MARK_COST`, as a mark the page does not write).
SLASH_READ = 0.8


@functools.lru_cache(maxsize=1024)
def _slash_readings(label: str) -> tuple[tuple[str, float, int], ...]:
    """The texts of ``label`` with each slash between two letters or digits of a word
    (``"L/C No."``, ``"B/L"``, ``"A/C"``) left out, as suppliers write it and OCR drops it
    (``LC No.``: normalized, searched in the exact text, :data:`MARK_COST`), or read as a
    letter ``l``, ``I`` or ``1`` (``LIC No.``: loose, searched in the OCR-loose text,
    :data:`SLASH_READ`, on words an OCR read only); as (needle, score, which text of the
    line). None for a label of one short word (fewer than four letters and digits): "c/o"
    and "A/C" without their slash are "Co" and "AC"."""
    text = unicodedata.normalize("NFKC", label)
    at = [i for i in range(1, len(text) - 1)
          if text[i] == "/" and text[i - 1].isalnum() and text[i + 1].isalnum()][:3]
    if not at:
        return ()
    dropped = normalize("".join(ch for i, ch in enumerate(text) if i not in at))
    if len(dropped.split()) < 2 and sum(ch.isalnum() for ch in dropped) < 4:
        # a short label alone ("c/o", "A/C", "w/o") without its slash is a common word
        # ("Co", "AC"): only its slash tells it apart
        return ()
    as_letter = loose("".join("l" if i in at else ch for i, ch in enumerate(text)))
    return ((dropped, MARK_COST ** len(at), 0), (as_letter, SLASH_READ, 1))


#: What a label found with one letter or digit of its unit lost costs (``"Density
#: (kg/l)"`` on a scan's ``Density (kg/)``): below a label read through look-alike letters
#: (0.8) and a slash read as a letter, as a character the page does not show at all.
CHAR_LOST = 0.75


@functools.lru_cache(maxsize=1024)
def _lost_readings(label: str) -> tuple[str, ...]:
    """The loose texts of ``label`` with one letter or digit lost where OCR loses one
    that leaves a trace: between two marks of a word, or between a mark and the word's
    end (``"Density (kg/l)"`` read ``Density (kg/)``, its unit left unfinished: a slash
    with nothing after it). Only for a label of two words or more, the word keeping a
    letter or digit, and one of the marks one the label's text keeps (a slash, not a
    bracket or a hyphen): a letter lost elsewhere ("(kg/l)" as "(g/l)", "E-mail" as
    "mail", "Contract" as "Contact") makes another word, and is no reading of it."""
    text = unicodedata.normalize("NFKC", label).strip()
    if len(text.split()) < 2:
        return ()

    def mark(i: int) -> bool:
        return 0 <= i < len(text) and not text[i].isspace() and not text[i].isalnum()

    def kept(i: int) -> bool:  # a mark the label's text keeps (a slash; not a bracket)
        return mark(i) and not _is_drop(text[i])

    def edge(i: int) -> bool:
        return i < 0 or i >= len(text) or text[i].isspace()

    out: list[str] = []
    for i, ch in enumerate(text):
        sides = (i - 1, i + 1)
        if not ch.isalnum() or not all(mark(k) or edge(k) for k in sides) \
                or not any(kept(k) for k in sides):
            continue
        start = text.rfind(" ", 0, i) + 1
        end = len(text) if (e := text.find(" ", i)) < 0 else e
        if not any(c.isalnum() for k, c in enumerate(text[start:end], start) if k != i):
            continue
        reading = loose(text[:i] + text[i + 1:])
        if reading and reading != loose(label) and reading not in out:
            out.append(reading)
    return tuple(out[:4])


#: What each difference of punctuation between a text label and the page costs its hit: a
#: mark the template writes that the page does not (``"C.U.I.T.:"`` on the client's
#: ``CUIT:``, ``"Fecha:"`` on ``Fecha 05/12/2026``), or one the page writes inside the
#: label where the template has none. A label's punctuation is evidence: the issuer's
#: ``C.U.I.T.:`` read ``C.U.1.T.:`` by OCR (0.8) ranks above the client's ``CUIT:``
#: (0.92 ** 3, its three dots). Any mark stands for any other (``"No."`` on ``NO:``,
#: OCR's ``;`` for ``:``).
MARK_COST = 0.92
#: What a label found through look-alike letters of another script costs (``ИHH``,
#: ``Bсего``: see :func:`_look_alikes`).
LOOK_ALIKE_COST = 0.95


@functools.lru_cache(maxsize=4096)
def _passes(label: str) -> tuple[tuple[tuple[str, float, int, frozenset[int] | None], ...],
                                 bool, str]:
    """The searches :func:`_find_text` makes for ``label``, in order (needle, score, which
    text of the line, the label's marks), whether the label ends in a colon, and its loose
    form: the same for every page and line, so worked out once per label."""
    target = normalize(label)
    target_loose = loose(label)
    marks = _mark_positions(label)
    # (needle, score, which text of the line: 0 exact, 1 loose, 2 and 3 the same with
    # look-alike letters of Latin, Cyrillic and Greek as one; the label's marks)
    exact: list[tuple[str, float, int, frozenset[int] | None]] = [(target, 1.0, 0, marks)]
    looser = [(target_loose, 0.8, 1, marks)]
    shown = _as_shown(label)
    if shown is not None:  # a phrase of Hebrew or Arabic words, as a text layer orders them
        exact.append((normalize(shown), 1.0, 0, _mark_positions(shown)))
        looser.append((loose(shown), 0.8, 1, _mark_positions(shown)))
    # a mark read "9" scores a little lower: a postcode "N9 4AB" is no "N°" printed as such
    looser += [(as_read, 0.8 if "9" not in as_read or "9" in target else 0.75, 1, None)
               for as_read in _readings(label)]
    # a slash inside a word of it left out or read as a letter ("L/C No." on "LC No.",
    # a scan's "LIC No.")
    looser += [(as_read, score, kind, None) for as_read, score, kind in _slash_readings(label)]
    # a letter or digit of a unit lost beside its marks ("Density (kg/l)" on a scan's
    # "Density (kg/)"), on words an OCR read
    looser += [(as_read, CHAR_LOST, 1, None) for as_read in _lost_readings(label)]
    # its signs as OCR read them or left them out ("£10" read "E10" or "10"), the rest of
    # it as written; after every other reading of the label
    signs = [(as_read, score, 0, None) for as_read, score in _sign_readings(label)]
    # with look-alike letters of another script as one (after the letters as written)
    skeletons = [sk for sk in dict.fromkeys(map(_skeleton, (label, label.upper(),
                                                           label.lower())))
                 if len(sk) == len(target)]
    passes = [*exact, *((sk, LOOK_ALIKE_COST, 2, marks) for sk in skeletons), *looser,
              *((confused(sk), 0.8 * LOOK_ALIKE_COST, 3, marks) for sk in skeletons),
              *signs]
    closes = unicodedata.normalize("NFKC", label.rstrip())[-1:] == ":"
    return tuple(passes), closes, target_loose


@functools.lru_cache(maxsize=4096)
def _needles(label: str) -> tuple[tuple[str, int], ...]:
    """The distinct (needle, text of the line) of :func:`_passes`: what a line must hold
    somewhere for :func:`_find_text` to find ``label`` on it other than fuzzily."""
    return tuple(dict.fromkeys((needle, kind) for needle, _s, kind, _m in _passes(label)[0]))


def _line_texts(line: Line) -> tuple[str, str, str, str]:
    """The four texts of the line :func:`_find_text` searches: normalized, OCR-loose, and
    the same with look-alike letters as Latin ones (:func:`_index`, :func:`_skeletons`)."""
    cached = line.cache.get("label-texts")
    if cached is None:
        index = _index(line)
        cached = (index[0], index[1], *_skeletons(line))
        line.cache["label-texts"] = cached
    return cached


#: How many runs of lines (:func:`_run`) the first line of them keeps.
_RUNS_KEPT = 8


def _run(lines: list[Line]) -> tuple[tuple[str, ...], tuple[list[int], ...], list[int]]:
    """The texts of ``lines`` (:func:`_line_texts`) each joined with line breaks, one per
    kind, with where each line starts in them, and the lines a recognizer read with
    character confidences (where a label may be found fuzzily): worked out once per list
    of lines and kept on its first line (the lines of a page are searched for every label
    of a template). A label's normalized needles hold no line break, so a needle found in
    a joined text is found on the line it starts in."""
    holder = lines[0].cache.setdefault("label-runs", {})
    key = tuple(map(id, lines))  # (the run below keeps these lines, so their ids hold)
    got = holder.get(key)
    if got is not None:
        return got[1]
    rows = [_line_texts(line) for line in lines]
    joined = tuple("\n".join(row[k] for row in rows) for k in range(4))
    starts = []
    for k in range(4):
        at, pos = [], 0
        for row in rows:
            at.append(pos)
            pos += len(row[k]) + 1
        starts.append(at)
    read = [li for li, line in enumerate(lines)
            if any(w.char_confidences for w in line.words)]
    run = (joined, tuple(starts), read)
    if len(holder) >= _RUNS_KEPT:
        del holder[next(iter(holder))]
    holder[key] = (tuple(lines), run)
    return run


def _lines_to_search(lines: list[Line], label: str, fuzzy: bool) -> list[int]:
    """The indexes of the lines of ``lines`` where :func:`_find_text` may find ``label``:
    those holding one of its needles (:func:`_needles`) in the text the needle is searched
    in, and (``fuzzy``) those a recognizer read with character confidences; in order."""
    if len(lines) < 3:  # (a table's header or end row, one line: searched as it is)
        needles = _needles(label)
        out = []
        for li, line in enumerate(lines):
            texts = _line_texts(line)
            for needle, kind in needles:
                if needle in texts[kind]:
                    out.append(li)
                    break
            else:
                if fuzzy and any(w.char_confidences for w in line.words):
                    out.append(li)
        return out
    joined, starts, read = _run(lines)
    found = set(read) if fuzzy else set()
    for needle, kind in _needles(label):
        text, at_line = joined[kind], starts[kind]
        at = text.find(needle)
        while at >= 0:
            li = bisect.bisect_right(at_line, at) - 1
            found.add(li)
            if li + 1 >= len(at_line):
                break
            at = text.find(needle, at_line[li + 1])
    return sorted(found)


def _find_text(page: int, lines: list[Line], label: str) -> list[LabelHit]:
    if len(lines) == 1:  # a table's rows are searched one by one, for the same labels
        # again (its header's, its end's): the hits of one line are kept on it
        memo = lines[0].cache.setdefault("label-hits", {})
        found = memo.get((page, label))
        if found is None:
            found = memo[(page, label)] = _find_text_in(page, lines, label)
        return found
    return _find_text_in(page, lines, label)


def _find_text_in(page: int, lines: list[Line], label: str) -> list[LabelHit]:
    target = normalize(label)
    if not target:
        return []
    passes, closes, target_loose = _passes(label)
    # a sign OCR lost or misread is looked for on what an OCR read only: a text layer
    # holds the sign it prints ("VAT %" found as "VAT 20.00" took the amount for the rate)
    ocr_only = {needle for needle, _score in _sign_readings(label)}
    # a message's tag (":20:", ":32B:") is found with a colon of it written
    tag = TAG.fullmatch(unicodedata.normalize("NFKC", label).strip()) is not None
    # (and a slash read as a letter: a text layer's "LLC" is no "L/C")
    letters = {needle for needle, _score, kind in _slash_readings(label) if kind == 1}
    # (and a unit's character lost: a text layer's "(kg/)" is what the form prints)
    letters.update(_lost_readings(label))
    hits = []
    inner = []  # inside a word of a script without spaces ("合计" in "价税合计")
    # (only the lines holding one of the label's needles, or read fuzzily: on any other
    # line no pass finds it)
    for li in _lines_to_search(lines, label, len(target_loose) >= 4):
        line = lines[li]
        _joined, _loose, starts, ends, skips = _index(line)
        texts = _line_texts(line)
        done: set[tuple[str, int]] = set()
        for needle, score, kind, label_marks in passes:
            text = texts[kind]
            if (needle, kind) in done or (kind >= 2 and text == texts[kind - 2]
                                          and (needle, kind - 2) in done):
                continue  # (the same search again: nothing a look-alike changes)
            if ((needle in ocr_only and score <= SIGN_READ) or (needle in letters and kind == 1)) \
                    and not any(w.recognized for w in line.words):
                continue
            done.add((needle, kind))
            found = False
            at = text.find(needle)
            while at >= 0:
                hit = _hit(page, li, line, starts, ends, at, at + len(needle), score, skips,
                           text)
                if hit is not None and label_marks is not None:
                    hit = _punctuated(hit, line, at, at + len(needle), label_marks, closes)
                if hit is not None and tag and not _tag_colons(line.words, hit):
                    hit = None  # ":20:" is no "20" of "20 DEC 2026": a tag has its colons
                if hit is not None:
                    if hit.first == 0 and li > 0 and _wraps_into(lines[li - 1], line):
                        # "The gross / monthly rent is": the end of a longer phrase
                        hit = dataclasses.replace(hit, score=hit.score * 0.85)
                    st = starts[hit.first]
                    (inner if at > st + skips[hit.first] else hits).append(hit)
                    found = True
                at = text.find(needle, at + 1)
            if found:
                break  # an exact hit on this line makes the loose pass pointless
        else:  # as OCR misread it, where it was unsure ("lnvoiee No")
            hit = _fuzzy_text(page, li, line, target_loose)
            if hit is not None:
                hits.append(hit)
    # a label inside a longer word is taken only where it stands nowhere at a word's start
    # ("合计" of the sum row, not also the "价税合计" line under it)
    return hits or inner


def _tag_colons(words: list[Word], hit: LabelHit) -> bool:
    """Whether a tag's hit (``":20:"``) has a colon of its own on the page: in its words,
    or set apart as OCR reads it (``: 20 :``, a colon alone before it or one starting the
    word after it); not the colon that ends the label before it (``Date: 20 DEC``)."""
    return any(":" in w.text for w in words[hit.first:hit.last + 1]) \
        or (hit.first > 0 and words[hit.first - 1].text.strip() in (":", "：")) \
        or (hit.last + 1 < len(words) and words[hit.last + 1].text.startswith((":", "：")))


@functools.lru_cache(maxsize=4096)
def _mark_positions(text: str) -> frozenset[int]:
    """Where ``text`` has punctuation a label ignores: for each mark, how many normalized
    characters stand before it (``"C.U.I.T.:"``: 1, 2, 3 and 4)."""
    pieces = [normalize(ch) for ch in text]
    out = set()
    if "".join(pieces) != normalize(text):  # (characters that normalize together)
        return frozenset(len(normalize(text[:i])) for i, ch in enumerate(text)
                         if _is_drop(ch))
    pos = 0
    for ch, piece in zip(text, pieces, strict=True):
        if not piece and _is_drop(ch):
            out.add(pos)
        pos += len(piece)
    return frozenset(out)


def _line_marks(line: Line) -> frozenset[int]:
    """The positions of punctuation in the line's normalized text (:func:`_index`)."""
    cached = line.cache.get("marks")
    if cached is None:
        starts = _index(line)[2]
        cached = frozenset(st + k for w, st in zip(line.words, starts, strict=True)
                           for k in _mark_positions(w.text))
        line.cache["marks"] = cached
    return cached


def _punctuated(hit: LabelHit, line: Line, a: int, b: int, label_marks: frozenset[int],
                closes: bool) -> LabelHit | None:
    """``hit`` of normalized text [a, b) scored for the punctuation the label and the page
    write there (:data:`MARK_COST`); None when the label ends in a colon and the page's
    phrase, without one there, runs on to a colon of its own: ``"Fecha:"`` is no label in
    ``Fecha de Vto. de CAE: 14/12/2026``."""
    page_marks = _line_marks(line)
    n = b - a
    inside = {k for k in range(1, n) if a + k in page_marks}
    wanted = {k for k in label_marks if 0 < k < n}
    missing = len(wanted - inside) + (n in label_marks and b not in page_marks)
    extra = len(inside - wanted)
    if closes and b not in page_marks and hit.rest is None \
            and _runs_on_to_a_label(line.words, hit.last):
        return None
    if not missing and not extra:
        return hit
    cost = MARK_COST ** (missing + extra)
    return dataclasses.replace(hit, score=hit.score * cost, reading=hit.reading * cost)


def _runs_on_to_a_label(words: list[Word], last: int, small: bool = False) -> bool:
    """Whether the words after ``words[last]`` go on with its phrase, a few words of
    letters one word space apart, to a word ending in a colon (``de Vto. de CAE:`` after
    ``Fecha``); with ``small``, words that start with no capital letter ("NIF-IVA
    cliente:", "VAT no. customer:"), not a value and the next label ("Name Anna Berg
    Phone:", "PO-ABCD Date:")."""
    prev = words[last]
    for word in words[last + 1:last + 7]:
        if not any(ch.isalpha() for ch in word.text) or not _same_phrase(prev, word):
            return False
        if small and word.text[:1].isupper():
            return False
        text = unicodedata.normalize("NFKC", word.text)
        if text.endswith(":") and sum(ch.isalpha() for ch in text) >= 2:
            return True
        prev = word
    return False


def _look_alikes() -> dict[str, str]:
    """Cyrillic and Greek letters -> the Latin letter that looks like them, case by case
    (Unicode's confusables, as a careless PDF generator and OCR of a scan write them:
    ``ИHH`` for ``ИНН``, ``Bcer0`` for ``Всего``). No two letters of one script get the
    same Latin letter, in either case (``п`` is ``n``, ``л`` none of it; Greek ``ν`` is
    ``v`` and ``Ν`` ``N``, ``υ`` ``u`` and ``Υ`` ``Y``), so no two words of one script
    become one; letters with a mark of their own (``й``, ``ї``) have none."""
    pairs = {
        # Cyrillic capitals, then small letters (Ё as Е: normalize folds ё)
        "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
        "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J",
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "х": "x", "у": "y", "ѕ": "s", "і": "i", "ј": "j",
        "г": "r", "п": "n",
        # Greek
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
        "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "υ": "u", "χ": "x",
    }
    for cp in range(0x370, 0x400):  # Greek letters with a tonos or a dialytika
        c = chr(cp)
        base = unicodedata.normalize("NFD", c)[0]
        if base != c and base in pairs and c not in pairs:
            pairs[c] = pairs[base]
    return pairs


_LOOK_ALIKES = str.maketrans(_look_alikes())


@functools.lru_cache(maxsize=4096)
def _skeleton(text: str) -> str:
    """:func:`normalize` of ``text`` with its Cyrillic and Greek look-alikes of Latin
    letters as those (:func:`_look_alikes`)."""
    return normalize(text.translate(_LOOK_ALIKES))


def _skeletons(line: Line) -> tuple[str, str]:
    """The line's normalized text with look-alike letters as Latin ones (:func:`_skeleton`),
    exact and OCR-loose, at the offsets of :func:`_index` (a word whose length would change
    stays as it is)."""
    cached = line.cache.get("skeletons")
    if cached is None:
        exact, folded = [], []
        for w in line.words:
            norm = normalize(w.text)
            sk = _skeleton(w.text)
            if len(sk) != len(norm):
                sk = norm
            exact.append(sk)
            folded.append(_loose_word(sk))
        cached = ("".join(exact), "".join(folded))
        line.cache["skeletons"] = cached
    return cached


@functools.lru_cache(maxsize=1024)
def _as_shown(label: str) -> str | None:
    """``label``, a phrase typed in reading order, with its right-to-left words in the order
    a page shows them from left to right ('סה״כ כולל מע״מ' as 'מע״מ כולל סה״כ'), as a text
    layer's words come; None when that is the label itself."""
    words = label.split()
    order = reading_indexes(words) if len(words) > 1 else None
    if order is None or order == sorted(order):
        return None
    return " ".join(words[i] for i in order)


def _fuzzy_text(page: int, li: int, line: Line, target: str) -> LabelHit | None:
    """A text label on an OCR'd line whose characters differ from it only where the
    recognizer was unsure (see :func:`_fuzzy_ok`)."""
    if len(target) < 4 or not any(w.char_confidences for w in line.words):
        return None
    _joined, joined_loose, starts, ends, skips = _index(line)
    flags = _normalized_unsure(line)
    try:
        m = search(compile_pattern(f"(?b)(?:{regex.escape(target)}){{e<={FUZZY_EDITS}}}"),
                   joined_loose)
    except RegexTimeout:
        return None
    if not _fuzzy_ok(m, lambda i: 0 <= i < len(flags) and flags[i], len(target)):
        return None
    return _hit(page, li, line, starts, ends, m.start(), m.end(), _fuzzy_score(m), skips,
                joined_loose)


def _normalized_unsure(line: Line) -> list[bool]:
    """For each character of the line's normalized text: read with low confidence? (A word
    whose characters do not normalize one by one counts as a whole: its least sure one.)"""
    cached = line.cache.get("unsure")
    if cached is None:
        cached = []
        for w in line.words:
            cc = _char_confidences(w) or (w.confidence,) * len(w.text)
            pieces = [normalize(ch) for ch in w.text]
            if "".join(pieces) == normalize(w.text) and len(cc) == len(w.text):
                cached += [conf < UNSURE for p, conf in zip(pieces, cc, strict=True)
                           for _ in p]
            else:
                cached += [min(cc, default=1.0) < UNSURE] * len(normalize(w.text))
        line.cache["unsure"] = cached
    return cached


def _hit(page: int, li: int, line: Line, starts: list[int], ends: list[int], a: int, b: int,
         score: float, skips: list[int] | None = None, joined: str | None = None
         ) -> LabelHit | None:
    """The label hit for normalized text [a, b) of ``line`` (``joined``), or None when it
    is no label there (it starts inside a word, other than after an item number glued to
    it, "1.ORIGINAL CONTRACT SUM", or after a character of a script written without
    spaces, "日期" in "开票日期")."""
    span = _word_span(starts, ends, a, b, skips, joined)
    if span is None:
        return None
    first, last, end = span
    words = line.words
    rest = glued = None
    reading = score  # (how the page reads the label; what follows says how it stands)
    box = _enclose(words[first:last + 1])
    inner = a > starts[first] and not (skips and starts[first] + skips[first] == a)
    if a > starts[first]:  # after its item number or the characters before it in the
        # word: the label's box starts after them too
        w = words[first]
        k = _raw_offset(w.text, a - starts[first])
        x = w.box.x0 + w.box.width * k / max(1, len(w.text))
        box = Box(x, box.y0, box.x1, box.y1)
        score *= 1.0 if inner else 0.95
    if end is None:
        s = score
    else:
        cut = _glued_value_start(words[last].text, b - starts[last])
        after = words[last].text[_label_end(words[last].text, b - starts[last]):]
        if _COMPOUND_REST.fullmatch(after) or (
                _HYPHENED.fullmatch(after) and _runs_on_to_a_label(words, last, small=True)):
            # "NIF" in "NIF-IVA:" or "NIF-IVA cliente:": the first part of a longer
            # label, not "NIF" with a value "IVA:" glued to it
            s = score * LONGER_LABEL
            if cut is not None and _GLUED_LETTERS.fullmatch(after):
                glued = _split_word(words[first:last + 1], cut)[1]
        elif cut is not None:  # "Total:12.50": the label, then its value in the same word
            s = score * 0.95
            label_box, rest = _split_word(words[first:last + 1], cut)
            box = Box(box.x0, label_box.y0, label_box.x1, label_box.y1)
        elif end == b + 1 and b - a >= 4 and not _cuts_number(words[last].text,
                                                                b - starts[last]):
            # "Total1": one character too many, as OCR gives (not "Nom" for a label "No",
            # nor "Line 12" for "Line 1")
            s = score * 0.9
            reading *= 0.9
        else:
            return None
    closed = words[last].text.rstrip().endswith((":", "：")) or (
        last + 1 < len(words) and words[last + 1].text.strip() in (":", "："))
    if inner or (first > 0 and _same_phrase(words[first - 1], words[first])):
        s *= 0.85  # "Date" inside "Due date", "日期" in "开票日期": part of a longer label
    elif rest is None and not closed and last + 1 < len(words) \
            and words[last + 1].text[:1].isalpha() \
            and not any(ch.isdigit() for ch in words[last + 1].text) \
            and _same_phrase(words[last], words[last + 1]) \
            and not _currency_before_number(words[last + 1:]):
        # "Employee" in "Employee ID", "Date" in "Date of delivery:": maybe a longer
        # label, below the label a page closes with its colon. Not less where its words
        # run on to a colon: they may be the label's value and the next label ("Name
        # Anna Berg Phone:", below "name" in "Company name:"; code read r1)
        s *= LONGER_LABEL
    elif rest is None and last + 2 < len(words) and words[last + 1].text in _JOINS \
            and words[last + 2].text[:1].isalpha() \
            and _same_phrase(words[last], words[last + 1]) \
            and _same_phrase(words[last + 1], words[last + 2]):
        s *= 0.9  # "Defect" in a heading "DEFECT / ACTION": weaker than a caption "Defect"
    return LabelHit(page, li, first, last, box, s, rest, reading, glued=glued)


#: What a label found at the start of a longer phrase costs: maybe a longer label
#: ("Employee" in "Employee ID", "NIF" in "NIF-IVA", "VAT" in "VAT no. customer:"), so
#: that the page's "VAT:", closed by its colon, wins clearly.
LONGER_LABEL = 0.9
#: The rest of a word after a label that makes a longer label of it: a hyphen and
#: letters closed by a colon or a full stop ("NIF" in "NIF-IVA:"), or a word that starts
#: with a small letter ("Post-code"); not a value glued to the label ("Ref-XYZ9",
#: "PO-ABCD", "Contact-Anna").
_COMPOUND_REST = regex.compile(r"[-‐‑](?:\p{Ll}\p{L}*[.:：]?|\p{L}{2,}[.:：])")
#: A hyphen and small letters, nothing else, after a label: the rest of a longer label
#: ("Tel-nr", "E-mail", "Post-code"), or a value glued to it where the field's pattern
#: reads them whole (:attr:`LabelHit.glued`).
_GLUED_LETTERS = regex.compile(r"[-‐‑]\p{Ll}\p{L}*")
#: A hyphen and letters after a label: a longer label where words of small letters go
#: on to a colon after it ("NIF-IVA cliente:"; not "PO-ABCD Date:").
_HYPHENED = regex.compile(r"[-‐‑]\p{L}{2,}")

#: Signs that join two words of letters into one heading or label ("DEFECT / ACTION",
#: "Terms & Conditions", "Temps bloc / Block time"); not a dash, which may separate a
#: label from its value ("Contact - Anna").
_JOINS = frozenset({"/", "&", "+"})


def _raw_offset(text: str, n: int) -> int:
    """Where in ``text`` its ``n``-th normalized character starts (punctuation before it
    skipped)."""
    i = 0
    while i < len(text) and len(normalize(text[:i + 1])) <= n:
        i += 1
    return i


def _word_span(starts: list[int], ends: list[int], a: int, b: int,
               skips: list[int] | None = None, joined: str | None = None
               ) -> tuple[int, int, int | None] | None:
    """The words over normalized text [a, b) when it starts at a word start (or right
    after the item number glued to a word, ``skips``, or inside a word at a character
    of a script written without spaces, after another of them or a sign, in ``joined``):
    the first,
    the last, and None when b is that word's end, else the word's end (b falls inside
    it: "Total" in "Total1" or "Total:12.50"). Not "Total" inside "Subtotal"; words that
    normalize to nothing ("[", "-") never start a label."""
    unspaced = joined is not None and 0 < a < len(joined) \
        and _UNSPACED.match(joined, a) is not None \
        and (_UNSPACED.match(joined, a - 1) is not None or not joined[a - 1].isalnum())
    first = next((i for i, st in enumerate(starts)
                  if (st == a or (skips and skips[i] and st + skips[i] == a)
                      or (unspaced and st < a))
                  and ends[i] > a), None)
    if first is None:
        return None
    for last in range(first, len(ends)):
        if ends[last] == b:
            return first, last, None
        if ends[last] > b:
            return first, last, ends[last]
    return None


def _glued_after(text: str, i: int) -> int | None:
    """Where a value glued to a label ending at character ``i`` of ``text`` starts: after
    the punctuation that follows the label, or where letters (or the label's closing
    punctuation) turn into digits; None when
    the label does not end inside the word or nothing marks the join."""
    if not 0 < i < len(text):
        return None
    if text[i - 1].isdigit() and _INSIDE_NUMBER.match(text, i):
        return None  # "Line 11" on "Line 1: 1,234.00": the label would cut a number
    j = i
    while j < len(text) and _is_drop(text[j]):
        j += 1
    if j == len(text):
        return None
    # letters turn into digits where the label ends, or the label's own punctuation does
    # ("MwSt.19%", read without its space on a faded scan, after /MwSt\.?/), or a sign
    # it ends in ("$52.500,00" after /IVA \d+%:? ?\$?/, "Total $" on "$1.250,00")
    if j > i or ((text[i - 1].isalpha() or _is_drop(text[i - 1]) or _is_sign(text[i - 1]))
                 and text[j].isdigit() and len(text) - j >= 2):
        return j
    return None


def _is_sign(ch: str) -> bool:
    """Whether ``ch`` is a sign a label may end in before its value: a currency sign or
    another symbol ("$", "€", "°", "№"), "#" or "%"; not a digit's own mark."""
    return unicodedata.category(ch).startswith("S") or ch in "#%№"


#: What goes on a number after one of its digits: a digit, or a group or decimal mark
#: and a digit.
_INSIDE_NUMBER = regex.compile(r"[.,'’\u2009\u202f\u00a0]?\d")


def _cuts_number(text: str, length: int) -> bool:
    """Whether a label ending after the first ``length`` normalized characters of word
    ``text`` ends inside a number of it ("Line 1" in "Line 12")."""
    i = _raw_offset(text, length)
    return 0 < i < len(text) and text[i - 1].isdigit() \
        and _INSIDE_NUMBER.match(text, i) is not None


def _glued_value_start(text: str, length: int) -> int | None:
    """Where a value glued to a label starts in a word whose first ``length`` normalized
    characters are the label: after the label and the punctuation that follows it
    ("Total:12.50", "Ref:XYZ-9"), or where letters turn into digits ("Total12.50");
    None when nothing marks the join ("Dated")."""
    i = _label_end(text, length)
    if len(normalize(text[:i])) != length:
        return None
    return _glued_after(text, i)


def _label_end(text: str, length: int) -> int:
    """Where in word ``text`` its first ``length`` normalized characters end (before the
    punctuation after them: "NIF" in "NIF-IVA:" ends at the hyphen)."""
    i = 0
    while i < len(text) and len(normalize(text[:i])) < length:
        i += 1
    return i


def _split_word(words: list[Word], cut: int) -> tuple[Box, Word]:
    """The box of a label whose last word also holds its value from character ``cut`` on,
    and that value as a word of its own (boxes shared out by character count)."""
    last = words[-1]
    share = cut / len(last.text)
    b = last.box
    x = b.x0 + (b.x1 - b.x0) * share
    rest = Word(last.text[cut:], Box(x, b.y0, b.x1, b.y1), last.page, last.confidence,
                last.source, last.handwritten, last.line_key, last.char_confidences[cut:])
    label = Box(b.x0, b.y0, x, b.y1)
    return Box.enclosing([w.box for w in words[:-1]] + [label]), rest


def _wraps_into(prev: Line, line: Line) -> bool:
    """Whether ``line`` goes on with the sentence of the line above it, as running text
    wraps: the line above is long (half the page, six words or more, none a column's gap
    from the next), starts where this one starts and ends in a lower-case word with no
    punctuation ("... The gross" above "monthly rent is"):
    a label at the start of ``line`` is then the end of a longer phrase, as inside a
    line."""
    if len(prev.words) < 6 or not line.words:
        return False
    last = prev.words[-1].text
    pb, lb = prev.box, line.box
    height = max(lb.height, 1e-6)
    # a sentence's words are a word space apart: no column gap ("Invoice number INV-7
    # ...   Bill to" is two columns, not a sentence going on)
    spaced = all(b.box.x0 - a.box.x1 < 1.5 * max(a.box.height, b.box.height)
                 for a, b in itertools.pairwise(prev.words))
    return (spaced and last.isalpha() and last.islower() and pb.width >= 0.5
            and abs(pb.x0 - lb.x0) < 0.02 and 0 <= lb.y0 - pb.y1 < 1.5 * height)


def _currency_before_number(words: list[Word]) -> bool:
    """Whether ``words`` start with a currency code and then a number ("EUR 940.00",
    "EUR940.00", "CDN 940.00"): the value after a label, no longer label ("Fare paid EUR
    940.00"). The codes are the money type's (not words: ALL, TOP, PEN...)."""
    from formsift.plugins.fieldtypes.amounts import CODE_ALIASES, CURRENCY_CODES

    first = words[0].text
    number = first[3:] or (words[1].text if len(words) > 1 else "")
    code = first[:3]
    return (code in CURRENCY_CODES or code in CODE_ALIASES) \
        and re.match(r"[(\-–+]?\d", number) is not None


def _same_phrase(prev: Word, word: Word) -> bool:
    """Whether ``prev`` is close enough to ``word`` to be part of the same phrase: a word
    space apart or less, their boxes touching or overlapping a little, as an OCR's boxes
    of a photo's words do ("off" ran into "site" of "Time off site"), not by more than
    half a line's height."""
    gap = word.box.x0 - prev.box.x1
    height = max(word.box.height, prev.box.height)
    return -0.5 * height <= gap < 1.2 * height


#: Digits and signs OCR puts in place of letters, for words that are mostly letters
#: ("Tota1", "6ST"): a regex label is tried on the line with them read as letters too.
_LETTER_FOR = str.maketrans({"0": "O", "1": "l", "5": "S", "6": "G", "8": "B", "|": "l",
                             "!": "l"})


def _as_letters(word: str) -> str:
    """``word`` with look-alike digits read as letters, when it is mostly letters (same
    length, so offsets hold); other words unchanged. A "6" between two lower-case
    letters is the "ó" OCR read so ("Retenci6n"), an "o" to the regex."""
    # "6" or "66" between two lower-case letters, in a word with no other digit, is the
    # "ó" OCR read so ("Retenci6n", "v66r" for "vóór"): not the digits of "2x6x4"
    sixes = "6" in word  # (the two rewritings below only ever replace a "6")
    if sixes and word.count("6") == sum(c.isdigit() for c in word):
        word = _VOWEL_IN_WORD.sub(lambda m: "o" * len(m.group()), word)
    letters = sum(c.isalpha() for c in word)
    if letters < 2 or letters <= sum(c.isdigit() for c in word):
        return word
    if sixes:
        word = _SIX_IN_WORD.sub("o", word)
    return word.translate(_LETTER_FOR)


_VOWEL_IN_WORD = regex.compile(r"(?<=\p{Ll})6{1,2}(?=\p{Ll})")
_SIX_IN_WORD = regex.compile(r"(?<=\p{Ll})6(?=\p{Ll})")


def _find_regex(page: int, lines: list[Line], regex_node: object) -> list[LabelHit]:
    compiled = compile_pattern(regex_node.pattern, regex_node.flags)  # type: ignore[attr-defined]
    hits = []
    for li, line in enumerate(lines):
        text, starts = line.cache.get("text") or line.cache.setdefault(
            "text", line_text_with_offsets(line.words))
        matches = list(finditer(compiled, text))
        # a match of the letters whatever their accents ranks below one as written: the
        # "Zahler:" line above a "Zähler:" the recognizer read is no equal label
        score = 0.9 if matches and isinstance(matches[0], LooseMatch) else 1.0
        folded = None
        if not matches:  # as OCR may have written it: "Grand Tota1"
            folded = line.cache.get("letters")
            if folded is None:
                folded = " ".join(_as_letters(w.text) for w in line.words)
                if isinstance(text, RecognizedText):  # (same length: the marks hold)
                    folded = recognized_text(folded, text.marks)
                line.cache["letters"] = folded
            if folded != text:
                matches, score = list(finditer(compiled, folded)), 0.9
        if not matches:  # as OCR misread it, where it was unsure: "Chenge", "lotal"
            m = _fuzzy_match(regex_node, line, folded if folded is not None else text,
                             starts)
            if m is not None:
                matches, score = [m], _fuzzy_score(m)
        for m in matches:
            if m.end() == m.start():
                continue
            first, last = span_to_words(starts, line.words, m.start(), m.end())
            words = line.words[first:last + 1]
            box, rest = _enclose(words), None
            inside = m.end() - starts[last]  # where the match ends in its last word
            cut = _glued_after(words[-1].text, inside)
            if cut is not None:  # "RM28.05" after /TOTAL\s*(RM)?/, "Total:12.50"
                box, rest = _split_word(words, cut)
            hits.append(LabelHit(page, li, first, last, box, score, rest, score))
    return hits


#: Characters a recognizer read with less confidence than this may be read otherwise by a
#: label (an OCR error is nearly always where the model hesitated: "Chenge" for "Change"
#: has its "e" at 0.36, while "Charge", read at 0.99, stays "Charge").
UNSURE = 0.8
#: At most this many such characters differ from the label (and one per four characters
#: of the text it matched).
FUZZY_EDITS = 2


@functools.lru_cache(maxsize=1024)
def _fuzzy(pattern: str, flags: str) -> Any:
    inline = ""
    if pattern.startswith("(?") and (end := pattern.find(")")) > 2 \
            and pattern[2:end].isalpha():
        inline, pattern = pattern[:end + 1], pattern[end + 1:]  # global flags stay first
    return compile_pattern(f"{inline}(?b)(?:{pattern}){{e<={FUZZY_EDITS}}}", flags)


def _fuzzy_match(regex_node: Any, line: Line, text: str, starts: list[int]) -> Any:
    """The regex label on ``line`` when it differs from the text only where the
    recognizer was unsure (see :func:`_fuzzy_ok`); text-layer words never do."""
    if not any(w.char_confidences for w in line.words):
        return None
    try:
        m = search(_fuzzy(regex_node.pattern, regex_node.flags), text)
    except Exception:  # a pattern fuzzy matching cannot take, or too slow: no fuzzy hit
        return None
    unsure = functools.partial(_unsure, line.words, starts)
    return m if _fuzzy_ok(m, unsure, m.end() - m.start() if m else 0) else None


def _fuzzy_ok(m: Any, unsure: Callable[[int], bool], length: int) -> bool:
    """Whether a fuzzy match may stand for its label: it differs somewhere, at most once
    per four characters (``length``: the label's or the match's), every character it
    replaces or skips was read unsure, every one missing sits beside an unsure one, and
    all of them lie inside the match (not in a lookaround)."""
    if m is None or m.end() == m.start() or not any(m.fuzzy_counts) \
            or sum(m.fuzzy_counts) > length // 4:
        return False
    subs, ins, dels = m.fuzzy_changes
    return all(m.start() <= i < m.end() and unsure(i) for i in (*subs, *ins)) and all(
        m.start() <= i <= m.end() and (unsure(i) or unsure(i - 1)) for i in dels)


def _fuzzy_score(m: Any) -> float:
    """As sure as digits read as letters (0.9) for one difference, less with each more."""
    return 0.9 - 0.05 * (sum(m.fuzzy_counts) - 1)


def _char_confidences(w: Word) -> tuple[float, ...]:
    """How sure the recognizer was of each character of ``w``; for handwriting no surer
    than the word (the handwriting model's own character scores are overconfident: a
    handwritten "Bon pour accord" read "Don" has its "D" at 0.99, the word at 0.58)."""
    cc = tuple(w.char_confidences or ())
    return tuple(min(c, w.confidence) for c in cc) if w.handwritten else cc


def _unsure(words: list[Word], starts: list[int], i: int) -> bool:
    """Whether character ``i`` of the line's text was read with low confidence."""
    for w, st in zip(words, starts, strict=True):
        if st <= i < st + len(w.text):
            cc = _char_confidences(w)
            k = i - st
            return k < len(cc) and cc[k] < UNSURE
    return False  # a space between words


def line_text_with_offsets(words: list[Word]) -> tuple[str, list[int]]:
    """Join words with single spaces; return the text and each word's start offset. The
    text of words a recognizer read is a :class:`RecognizedText` (template regexes find
    its letters whatever their accents)."""
    starts = []
    pos = 0
    parts = []
    for w in words:
        starts.append(pos)
        parts.append(w.text)
        pos += len(w.text) + 1
    text = " ".join(parts)
    if any(w.recognized for w in words):
        text = recognized_text(text, b"\0".join(bytes([w.recognized]) * len(w.text)
                                                 for w in words))
    return text, starts


def span_to_words(starts: list[int], words: list[Word], start: int, end: int) -> tuple[int, int]:
    """Indices of the first and last word that a character span [start, end) touches."""
    first = last = 0
    for i, s in enumerate(starts):
        if s <= start:
            first = i
        if s < end:
            last = i
    return first, max(first, last)


def _enclose(words: list[Word]) -> Box:
    return Box.enclosing([w.box for w in words])
