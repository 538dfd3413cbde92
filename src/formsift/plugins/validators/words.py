"""Amounts written in words: ``words_amount(text, "en")``, the number a cheque's legal
amount line (or an invoice's or a contract's "in words" line) spells out.

Chinese (``"zh"``): the amount in financial numerals (大写) of fapiaos, cheques and
contracts, ``ⓧ壹仟贰佰叁拾肆圆伍角陆分``, is read by :func:`read_chinese` (no package
needed; see there for the grammar and what it refuses).

The number words of the other languages are read by text2num (``pip install
"formsift[words]"``: English, French, Spanish, Portuguese, German, Dutch, Danish,
Italian); this module reads what is written around them:

- the currency, before or after the number (``pounds``, ``euros``, ``Rupees``...);
- the cents: ``and 00/100``, ``xx/100``, ``no/100``, ``50p``, ``20 pence``, ``euros
  40``, ``euros et 40 centimes``, ``Euro und vierzig Cent``, ``con 40 céntimos``, the
  Italian ``milleduecentocinquanta/40``, and the name of the cents before their number
  (``and Paise Seventy-Eight``, ``and cents fifty``);
- in English, the Indian lakh (100,000) and crore (10,000,000), as Indian invoices write
  amounts: ``Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and
  Seventy-Eight Paise Only`` (``lakh``, ``lakhs``, ``lac``, ``lacs``, ``crore``,
  ``crores``; at most 99 lakh, less than a lakh after the lakh, less than a crore after
  the crore; ``One Lakh and Fifty`` is 100050, as ``one thousand and fifty`` is 1050);
- numbers set apart by commas (``one lakh, twenty-three thousand, four hundred and
  fifty-six``, ``one million, two hundred thousand``): each smaller than the group it
  follows;
- ``only``, ``seulement``, ``nur`` and the like after it, a label before it (``the sum
  of``, ``la somme de``, ``in Worten``), hyphens, upper case, stray punctuation (``***``,
  ``=``, ``/-``);
- a misread letter: a word of four letters or more one edit away from exactly one number
  is that number ("twwenty", "cing");
- zeros and ones read as letters in the cents' fraction, where they can be nothing else
  ("0o/100", "OO/1OO", "xx/1oo", "CC/ICC": :data:`_CENTS_LOOKALIKE`);
- in English, number words a recognizer ran together ("thirtyeight", "THOUSANDFOUR"), cut
  where they are number words in one way only (:func:`_glued_parts`).

Anything else makes the text no amount: a rule using it is not evaluated, so the record
goes to review, and never passes on a guess. That is so for a word left between or after
the numbers ("One thousand tho hundred fifty": 1000 and 150), for a word before the
number that could be a misread number word ("for hundred pounds" would read 100), for
more than one number, for a number written in digits where the words should be, and for
cents above 99. Unaccented spellings (German ``funfzig``) are not read.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from formsift.core.kinds import Function, Validator
from formsift.plugins.fieldtypes.amounts import ENGLISH_NUMBER_WORDS
from formsift.templates.rules import RuleEvalError

#: The languages of text2num 3.1.
LANGUAGES = ("en", "fr", "es", "pt", "de", "nl", "da", "it")
#: Chinese, read by :func:`read_chinese` (no package needed).
CHINESE = "zh"
#: Every language words_amount reads.
ALL_LANGUAGES = (*LANGUAGES, CHINESE)
#: Longer texts are no amount in words (and are not searched: bounded time).
MAX_CHARS = 400
INSTALL = "pip install 'formsift[words]'"

#: Currency names and codes that may stand before or after the number.
_CURRENCIES = {
    "pound", "pounds", "sterling", "gbp", "euro", "euros", "eur", "dollar", "dollars",
    "usd", "cad", "aud", "nzd", "franc", "francs", "franken", "chf", "rupee", "rupees",
    "inr", "rs", "peso", "pesos", "real", "reais", "krone", "kroner", "kronor", "kr",
    "dkk", "sek", "nok", "rand", "zar", "yen", "jpy", "lira", "lire", "livres", "libras",
    "dólares", "dolares", "euro's",
}
#: Names of the hundredth part, after its number ("50p", "40 centimes").
_CENTS = {
    "p", "pence", "penny", "c", "ct", "cts", "cent", "cents", "centime", "centimes",
    "céntimo", "céntimos", "centimo", "centimos", "centavo", "centavos", "cêntimo",
    "cêntimos", "centesimo", "centesimi", "øre", "öre", "ore", "rappen", "eurocent",
    "eurocents", "paise", "paisa", "paisas",
}
#: Names of the cents that text2num reads as numbers ("cincuenta centavos": 50 1/100,
#: "cinquanta centesimi": 50 100º), written as another name of the cents before it does.
_CENTS_READ_AS_NUMBERS = {
    "es": {"centavo": "céntimo", "centavos": "céntimos"},
    "it": {"centesimo": "cent", "centesimi": "cent"},
}
#: Indian English scales (``en``): a lakh is 100,000, a crore 10,000,000.
_LAKH = {"lakh", "lakhs", "lac", "lacs", "lakh's"}
_CRORE = {"crore", "crores"}
#: Words that join the whole amount and its cents.
_JOINS = {"and", "et", "und", "y", "con", "e", "en", "og", "with", "plus"}
#: Words that close the amount ("only", "seulement", "nur", "net").
_CLOSERS = {
    "only", "exactly", "net", "seulement", "exactement", "nur", "genau", "solamente",
    "sólo", "solo", "exactamente", "somente", "apenas", "soltanto", "esatti", "alleen",
    "precies", "kun", "netto",
}
#: Letters tried, besides a-z and the word's own, for a word one letter away from a
#: number word.
_LETTERS = {"fr": "éèêëàâçîïôûùœ", "de": "äöüß", "es": "áéíóúñü", "pt": "ãõáéíóúâêôçà",
            "it": "àèéìíòóù", "nl": "ëéï", "da": "æøå", "en": ""}

#: Digits written in the text: kept apart from those text2num writes for number words.
_HIDE = str.maketrans({str(d): chr(0xE000 + d) for d in range(10)})
_SHOW = str.maketrans({chr(0xE000 + d): str(d) for d in range(10)})
#: "xx/100", "no/100", "--/100", "**/100": no cents.
_NO_CENTS = re.compile(r"(?i)(?:(?<![^\W\d_])(?:xx|no|nil)|[-*x~=_]{1,4})\s*/\s*100(?!\d)")
#: The cents written as a fraction with letters for its zeros and ones, as a recognizer
#: reads a hand's 0 ("0o/100", "OO/1OO", "xx/1oo", "CC/ICC"): o, O, c and C for 0, l and I
#: for 1, only in a numerator of two such characters or digits (or "xx", "no") over a
#: denominator that then reads 100, where they can be nothing else.
_CENTS_LOOKALIKE = re.compile(r"(?<![^\W_])(?P<num>[0-9oOcC]{2}|(?i:xx|no|nil))[ \t]*/[ \t]*"
                              r"(?P<den>[1lI][0oOcC]{2})(?![^\W_])")
_AS_DIGITS = str.maketrans("oOcClI", "000011")
#: The number words of a language that a recognizer may run together ("thirtyeight",
#: "THOUSANDFOUR", "EIGHTYAND"): a word that is these words one after another, in one way
#: only, is read as them (English; German, Dutch and Danish glue theirs already, and
#: text2num reads them so).
_GLUED_VOCABULARY = {"en": ENGLISH_NUMBER_WORDS | {"and"}}
_TOKENS = re.compile(r"[0-9]+|[\ue000-\ue009]+|[^\W\d_](?:[^\W\d_]|['’](?=[^\W\d_]))*|/")


class _NotWords(ValueError):
    """The text does not read as an amount in words; the message says why."""


def language_of(lang: Any) -> str | None:
    """The language of ``lang`` words_amount reads ("en", "en_GB", "de-DE", "zh-TW": "en",
    "en", "de", "zh"), or None when it reads none."""
    code = re.split(r"[_\-]", str(lang).strip().lower(), maxsplit=1)[0]
    return code if code in ALL_LANGUAGES else None


def problem(args: list[Any]) -> tuple[str, str | None] | None:
    """Checked with the template: a language written as a literal is one words_amount
    reads, and text2num is installed (but for Chinese, read without it)."""
    lang = args[1] if len(args) > 1 else None
    if isinstance(lang, str):
        code = language_of(lang)
        if code is None:
            return (f"words_amount() does not read the language {lang!r}",
                    f"languages: {', '.join(ALL_LANGUAGES)}")
        if code == CHINESE:
            return None
    try:
        import text_to_num  # noqa: F401
    except ImportError:
        return ("words_amount() needs the text2num package, which is not installed",
                INSTALL)
    return None


def words_amount(text: Any, lang: Any) -> Decimal:
    """The amount ``text`` spells out, with two decimals (``"One thousand two hundred
    fifty and 00/100"``: 1250.00; ``"ⓧ捌仟贰佰陆拾叁圆整"``: 8263.00); a
    :class:`RuleEvalError` (the rule is not evaluated) when it spells out none, or not
    clearly."""
    code = language_of(lang)
    if code is None:
        raise RuleEvalError(f"words_amount() does not read the language {str(lang)!r} "
                            f"(languages: {', '.join(ALL_LANGUAGES)})")
    if code != CHINESE:
        try:
            from text_to_num import alpha2digit  # noqa: F401
        except ImportError as exc:
            raise RuleEvalError(f"words_amount() needs the text2num package: "
                                f"{INSTALL}") from exc
    shown = str(text) if len(str(text)) <= 60 else str(text)[:57] + "..."
    try:
        if code == CHINESE:
            return read_chinese(str(text))
        return read_amount(str(text), code)
    except _NotWords as exc:
        raise RuleEvalError(f"words_amount(): {shown!r} does not read as an amount in "
                            f"words ({code}): {exc}") from None


def _is_number(token: str) -> bool:
    return token[0].isdigit() or "\ue000" <= token[0] <= "\ue009"


def read_amount(text: str, lang: str) -> Decimal:
    """The amount in words of ``text`` in text2num's language ``lang``; :class:`_NotWords`
    when there is none."""
    from text_to_num import alpha2digit

    if len(text) > MAX_CHARS:
        raise _NotWords(f"longer than {MAX_CHARS} characters")
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[‐‑‒–—]", "-", text)
    text = _CENTS_LOOKALIKE.sub(_cents_as_digits, text)
    text = _NO_CENTS.sub(" 00/100", text)
    text = re.sub(r"[^\W\d_]+", lambda m: _unglued(m.group(), lang), text)
    names = _CENTS_READ_AS_NUMBERS.get(lang)
    if names:
        text = re.sub(r"[^\W\d_]+", lambda m: names.get(m.group().lower(), m.group()), text)
    # the number words become digits; digits written in the text are hidden from
    # text2num and told apart from them (the amount itself must be in words)
    hidden = text.translate(_HIDE)
    spelled = alpha2digit(hidden, lang, threshold=0)
    fixed = _corrected(hidden, spelled, lang)
    if fixed != hidden:
        spelled = alpha2digit(fixed, lang, threshold=0)
    misread = _misread(spelled, lang)
    try:
        return _amount_of(spelled, lang)
    except _NotWords as exc:
        if not misread:
            raise
        # a word one edit from number words and read as none makes the text no amount
        # (before, between or after the numbers): the reason names it and those words,
        # not the number word text2num left beside it ("FORTY-FINE": not 'forty')
        word, near = misread[0]
        if len(near) > 1:
            why = (f"one letter from {' and from '.join(map(repr, near))}: which was meant "
                   f"is not guessed")
        else:
            why = (f"one letter from {near[0]!r}: "
                   + (f"words of {len(word)} letters are not put right" if len(word) < 4
                      else f"no more than {MAX_CORRECTED} words are put right in a text"))
        if f"'{word.lower()}'" in str(exc):
            raise _NotWords(f"{exc} ({why})") from None
        raise _NotWords(f"{word!r} is no number word ({why})") from None


def _cents_as_digits(m: re.Match[str]) -> str:
    """The cents fraction ``m`` (:data:`_CENTS_LOOKALIKE`) with its look-alikes as digits."""
    num = m["num"] if m["num"].isalpha() and m["num"].lower() in ("xx", "no", "nil") \
        else m["num"].translate(_AS_DIGITS)
    return f"{num}/100"


def _unglued(word: str, lang: str) -> str:
    """``word`` as the number words it runs together ("thirtyeight": "thirty eight"), when
    it is such words in one way only (:data:`_GLUED_VOCABULARY`); else ``word``."""
    parts = _glued_parts(word.lower(), lang)
    return " ".join(parts) if parts else word


@functools.lru_cache(maxsize=4096)
def _glued_parts(word: str, lang: str) -> tuple[str, ...] | None:
    """The two or more number words ``word`` is made of, when there is exactly one way to
    cut it so; None otherwise ("hundreddeighty": no way; a number word alone: one)."""
    vocabulary = _GLUED_VOCABULARY.get(lang)
    if vocabulary is None or len(word) > MAX_WORD:
        return None
    # ways[i]: the ways (at most two: one is all that is needed) to cut word[:i]
    ways: list[list[tuple[str, ...]]] = [[()]] + [[] for _ in word]
    for i in range(len(word)):
        for j in range(i + 1, len(word) + 1) if ways[i] else ():
            if word[i:j] in vocabulary:
                ways[j] = (ways[j] + [(*w, word[i:j]) for w in ways[i]])[:2]
    found = ways[len(word)]
    return found[0] if len(found) == 1 and len(found[0]) > 1 else None


def _amount_of(spelled: str, lang: str) -> Decimal:
    """The amount of ``spelled`` (a text whose number words text2num wrote as digits, the
    text's own digits hidden); :class:`_NotWords` when there is none."""
    tokens = [t.lower() for t in _TOKENS.findall(spelled)]
    numbers = [i for i, t in enumerate(tokens) if _is_number(t)]
    if not numbers:
        raise _NotWords("no number in words")
    units_at = numbers[0]
    if not tokens[units_at][0].isdigit():
        raise _NotWords(f"no number in words before {tokens[units_at].translate(_SHOW)}")
    prefix = [w for w in tokens[:units_at] if w != "/" and w not in _CURRENCIES]
    if len(prefix) > MAX_LABEL_WORDS:
        raise _NotWords(f"more than {MAX_LABEL_WORDS} words before the amount")
    for word in prefix:  # a label ("the sum of"), a currency ("Rupees")
        if _near_number(word, lang):
            raise _NotWords(f"'{word}' before the amount may be a misread number word")
    units, i = _whole(tokens, units_at, lang)
    if units >= 10 ** 15:
        raise _NotWords("too large")
    cents: int | None = None
    currency = False
    while i < len(tokens):
        tok = tokens[i]
        after = tokens[i + 1:i + 3]
        if tok in _CENTS and len(tok) >= 4 and after[:1] and after[0][0].isdigit() \
                and cents is None and len(after[0]) <= 2 \
                and tokens[i + 2:i + 3] != ["/"]:
            cents = int(after[0])  # "and Paise Seventy-Eight": the name before the number
            i += 2
            continue
        if _is_number(tok):
            digits = tok.translate(_SHOW)
            over = len(after) == 2 and after[0] == "/" and after[1].translate(_SHOW) == "100"
            named = after[:1] != [] and after[0] in _CENTS  # "50p", "40 centimes"
            slashed = i == units_at + 2 and tokens[i - 1] == "/"  # "...cinquanta/40"
            if cents is None and after[:1] == ["/"] and not (over or slashed):
                raise _not_over_100(tok, after)  # "05/1o", "75/10"
            if cents is not None or len(digits) > 2 \
                    or not (over or named or slashed or currency):
                raise _NotWords(f"a number after the amount that is not its cents "
                                f"({digits})")
            cents = int(digits)
            i += 3 if over else 2 if named else 1
            continue
        if tok == "/":
            # "milleduecentocinquanta/40", or a closing "/-" ("Rupees ... only /-")
            if not (i == units_at + 1 and after[:1] and _is_number(after[0])) \
                    and i != len(tokens) - 1:
                raise _NotWords("a '/' that is neither the cents' '/100' nor before them")
        elif tok in _CURRENCIES:
            currency = True
        elif tok not in _JOINS and tok not in _CLOSERS:
            if after[:1] == ["/"]:  # "xx/10", "no/1000"
                raise _not_over_100(tok, after)
            raise _NotWords(f"'{tok}' after the amount")
        i += 1
    return (Decimal(units) + Decimal(cents or 0) / 100).quantize(Decimal("0.01"))


def _not_over_100(tok: str, after: list[str]) -> _NotWords:
    """Why a fraction after the amount (``tok`` "/" ``after[1]``) is not its cents."""
    shown = f"{tok}/{''.join(after[1:2])}".translate(_SHOW)
    return _NotWords(f"'{shown}' after the amount: cents are written over 100")


def _named_cents(tokens: list[str], i: int) -> bool:
    """Whether the number at ``i`` is named as cents ("78 paise", "45/100")."""
    after = tokens[i + 1:i + 3]
    return bool(after) and (after[0] in _CENTS or after == ["/", "100"])


def _whole(tokens: list[str], i: int, lang: str) -> tuple[int, int]:
    """The whole amount whose first number (in words) is at ``i``, and where what follows
    it starts: the number, with (in English) the lakhs and crores before it ("1 lakh
    23456": 123456) and the groups set apart by commas after it ("1000000 200000":
    1200000, each group smaller than the last one's unit)."""
    total = 0
    below: int | None = None  # what follows must be less than this
    first = True
    while i < len(tokens) and tokens[i][0].isdigit():
        n = int(tokens[i])
        scale_word = tokens[i + 1] if i + 1 < len(tokens) else ""
        scale = 10 ** 7 if scale_word in _CRORE else 10 ** 5 if scale_word in _LAKH else 0
        if scale and lang == "en":
            if n == 0 or (scale == 10 ** 5 and n > 99):
                raise _NotWords(f"{n} {scale_word}: a lakh count is 1 to 99 (100 lakh is "
                                f"a crore)" if n else f"0 {scale_word}")
            if below is not None and n * scale >= below:
                raise _NotWords(f"{n} {scale_word} after a smaller amount")
            total += n * scale
            below = scale
            i += 2
            first = False
            # "One Lakh and Fifty" is 100050, as "one thousand and fifty" is 1050; "and
            # Fifty Paise" are its cents
            if tokens[i:i + 1] == ["and"] and i + 1 < len(tokens) \
                    and tokens[i + 1][0].isdigit() and not _named_cents(tokens, i + 1) \
                    and int(tokens[i + 1]) < below:
                i += 1
            continue
        # a group after a lakh, a crore or a comma: less than the unit before it, and not
        # the cents ("1000 50/100", "1 lakh 78 paise")
        if not first and (below is None or n >= below or _named_cents(tokens, i)):
            break
        total += n
        i += 1
        first = False
        # the unit of the last group: a group after it must be smaller ("1 000 000" is
        # followed by less than a million, "23 000" by less than a thousand, "456" by none)
        unit = 1
        while n and n % (unit * 1000) == 0:
            unit *= 1000
        below = unit if unit > 1 else 0
    return total, i


#: At most this many words before the amount (a label: "Pay the sum of").
MAX_LABEL_WORDS = 12
#: At most this many misread words are corrected in one text (more: unreadable).
MAX_CORRECTED = 6
_IDIOMS = _CURRENCIES | _CENTS | _JOINS | _CLOSERS | _LAKH | _CRORE


def _corrected(text: str, spelled: str, lang: str) -> str:
    """``text`` with each word that text2num left unread (``spelled`` is its reading)
    replaced by the one number word one edit away from it ("twwenty": twenty, "brois":
    trois), where there is exactly one such number (and the word has four letters or
    more: shorter ones are one edit away from too many words)."""
    left = {w.lower() for w in re.findall(r"[^\W\d_]+", spelled)}
    unread = sorted(w for w in left if len(w) >= 4 and w not in _IDIOMS
                    and not _reads(w, lang))
    fixes = {}
    for word in unread[:MAX_CORRECTED]:
        fix = _one_number_near(word, lang)
        if fix is not None:
            fixes[word] = fix
    if not fixes:
        return text
    return re.sub(r"[^\W\d_]+", lambda m: fixes.get(m.group().lower(), m.group()), text)


def _reads(word: str, lang: str) -> bool:
    from text_to_num import text2num

    try:
        text2num(word, lang)
    except ValueError:
        return False
    return True


def _variants(word: str, lang: str) -> set[str]:
    """The words one edit from ``word``: a letter left out, added, changed, or two
    swapped."""
    letters = set("abcdefghijklmnopqrstuvwxyz" + _LETTERS.get(lang, "") + word)
    splits = [(word[:k], word[k:]) for k in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters}
            | {a + c + b for a, b in splits for c in letters}) - {word}


@functools.lru_cache(maxsize=4096)
def _one_number_near(word: str, lang: str) -> str | None:
    """The number word one edit from ``word``, when all such words are one number."""
    if len(word) > MAX_WORD or not word.isalpha():
        return None
    found = _numbers_one_edit(word, lang)
    return next(iter(found.values())) if len(found) == 1 else None


@functools.lru_cache(maxsize=4096)
def _numbers_near(word: str, lang: str) -> tuple[str, ...]:
    """The number words one edit from ``word``, one for each number they write."""
    if len(word) < 3 or len(word) > MAX_WORD or not word.isalpha():
        return ()
    found = _numbers_one_edit(word, lang)
    return tuple(found[n] for n in sorted(found))


def _numbers_one_edit(word: str, lang: str) -> dict[int, str]:
    """The numbers the words one edit from ``word`` write, each with the first such word
    in sorted order."""
    from text_to_num import text2num

    found: dict[int, str] = {}
    for v in sorted(_variants(word, lang)):
        try:
            found.setdefault(text2num(v, lang), v)
        except ValueError:
            continue
    return found


def _misread(spelled: str, lang: str) -> list[tuple[str, tuple[str, ...]]]:
    """The words text2num left unread in ``spelled`` (its reading of a text, after
    :func:`_corrected`) that are one edit from number words, as written, each with those
    number words: "FINE" with five and nine, "tho" with two. Such a word makes the
    text no amount (read as none, it stands before, between or after the numbers), so it
    is what a reason names, not the number word text2num left beside it ("FORTY-FINE":
    not 'forty')."""
    out: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for word in re.findall(r"[^\W\d_]+", spelled):
        low = word.lower()
        if low in seen or low in _IDIOMS or _reads(low, lang):
            continue
        seen.add(low)
        near = _numbers_near(low, lang)
        if near:
            out.append((word, near))
    return out


@functools.lru_cache(maxsize=4096)
def _near_number(word: str, lang: str) -> bool:
    """Whether ``word`` is a number word, or one edit away from one."""
    if len(word) < 3 or len(word) > MAX_WORD or not word.isalpha():
        return False
    return _reads(word, lang) or any(_reads(v, lang) for v in _variants(word, lang))


#: Longer words are neither corrected nor checked (a German number of 999 999 has 56
#: letters; a misread one that long is better not guessed at).
MAX_WORD = 40


# -- Chinese (zh): financial numerals (大写) and ordinary ones ------------------------------

#: Each numeral as its financial capital (simplified): the ordinary numerals, 两, 〇, the
#: traditional forms (圓, 參 and 叄, 貳, 陸, 萬, 億, 負) and 元.
_ZH_FOLD = str.maketrans({
    "一": "壹", "二": "贰", "两": "贰", "兩": "贰", "貳": "贰", "三": "叁", "參": "叁",
    "叄": "叁", "四": "肆", "五": "伍", "六": "陆", "陸": "陆", "七": "柒", "八": "捌",
    "九": "玖", "〇": "零", "十": "拾", "百": "佰", "千": "仟", "萬": "万", "億": "亿",
    "元": "圆", "圓": "圆", "負": "负",
})
_ZH_DIGITS = {c: n for n, c in enumerate("壹贰叁肆伍陆柒捌玖", start=1)}
#: Places: of a unit in its group of four (拾 1, 佰 2, 仟 3), of a group (万 4, 亿 8), of
#: the cents (角 -1, 分 -2).
_ZH_UNITS = {"拾": 1, "佰": 2, "仟": 3}
_ZH_GROUPS = {"万": 4, "亿": 8}
_ZH_CENTS = {"角": -1, "分": -2}
_ZH_AMOUNT = frozenset([*_ZH_DIGITS, *_ZH_UNITS, *_ZH_GROUPS, *_ZH_CENTS, "零", "圆"])
#: What may close the amount: 整, 正 ("and no cents").
_ZH_CLOSERS = "整正"
#: The Chinese characters that may stand right before the amount: the last one of a label
#: (人民币, 新臺幣, 大写, 金额, 合计, 为) or of the sign (负, 负数). Any other one might be a
#: misread numeral (参拾 read as 拾: 10 for 30).
_ZH_BEFORE = frozenset("币幣写寫额額计計为為负数數")
#: At most this many characters before the amount (a label: 价税合计（大写）：ⓧ负).
MAX_ZH_LABEL = 20


def _han(c: str) -> bool:
    """Whether ``c`` is a Chinese character."""
    o = ord(c)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF \
        or 0x20000 <= o <= 0x3134F


def _zh_mark(c: str) -> bool:
    """Whether ``c`` may stand before the amount without being read: punctuation and
    symbols (ⓧ, ⊗, ：, （）, ¥), letters other than Chinese ones (the mark as OCR reads it:
    x, β; RMB)."""
    return not _han(c) and not c.isdigit() and c not in _ZH_AMOUNT


def read_chinese(text: str) -> Decimal:
    """The amount ``text`` writes in Chinese numerals (``"ⓧ壹仟贰佰叁拾肆圆伍角陆分"``:
    1234.56); :class:`_NotWords` when there is none, or not clearly.

    The grammar is the one of the People's Bank's rules for writing amounts (digits each
    with its unit, 拾 佰 仟 万 亿, then 圆 or 元, 角, 分; 零 where digits are zero; 整 or 正
    after 圆 or 角), also taking a 零 left out where a unit tells the place (壹佰圆伍分), 拾
    without 壹 at the start (拾万圆整) or after 零, 零角, and 整 after 分. It refuses what
    reads two ways or may hide a misread character: a character that is not a numeral (参
    for 叁), a unit without its digit (佰圆整), a digit after 佰, 仟, 万 or 亿 with neither 零
    before it nor a unit after it (壹万伍: 15000 as spoken, 10005 as written), a 零 where
    no digit is zero or with none after it, places out of order."""
    if len(text) > MAX_CHARS:
        raise _NotWords(f"longer than {MAX_CHARS} characters")
    s = "".join(unicodedata.normalize("NFKC", text).split()).translate(_ZH_FOLD)
    start = next((k for k, c in enumerate(s) if c in _ZH_AMOUNT), None)
    if start is None:
        raise _NotWords("no Chinese numeral")
    prefix = s[:start]
    if any(c.isdigit() for c in prefix):
        raise _NotWords("digits before the amount")
    if len(prefix) > MAX_ZH_LABEL:
        raise _NotWords(f"more than {MAX_ZH_LABEL} characters before the amount")
    if prefix and _han(prefix[-1]) and prefix[-1] not in _ZH_BEFORE:
        raise _NotWords(f"'{prefix[-1]}' right before the amount is neither a numeral nor "
                        f"the end of a label")
    label = prefix
    while label and _zh_mark(label[-1]):
        label = label[:-1]
    negative = label.endswith(("负", "负数"))
    end = start
    while end < len(s) and s[end] in _ZH_AMOUNT:
        end += 1
    run, rest = s[start:end], s[end:]
    if rest[:1] and rest[0] in _ZH_CLOSERS:
        rest = rest[1:]
    bad = next((c for c in rest if unicodedata.category(c)[0] not in "PSZ"), None)
    if bad is not None:
        raise _NotWords(f"'{bad}' after the amount '{run}': not a numeral, 圆, 角, 分 or 整")
    if "圆" in run:
        whole_part, _, cents_part = run.partition("圆")
        if not whole_part:
            raise _NotWords("no number before 圆")
    elif any(c in _ZH_CENTS for c in run):
        whole_part, cents_part = "", run
    else:
        whole_part, cents_part = run, ""
    places: list[int] = []
    whole = _zh_whole(whole_part, places)
    cents = _zh_cents(cents_part, places, "圆" in run)
    amount = (Decimal(whole) + Decimal(cents) / 100).quantize(Decimal("0.01"))
    return -amount if negative else amount


def _zh_items(part: str) -> list[tuple[str, int, int, str]]:
    """The numerals of a whole number, each as (kind, digit, place, text): "digit" with its
    place in the whole number, "zero" (零), "group" (万, 亿, the group's place)."""
    items: list[tuple[str, int, int, str]] = []
    i = 0
    while i < len(part):
        c, unit = part[i], part[i + 1:i + 2]
        if c == "零":
            items.append(("zero", 0, 0, c))
        elif c in _ZH_GROUPS:
            items.append(("group", 0, _ZH_GROUPS[c], c))
        elif c in _ZH_DIGITS and unit in _ZH_UNITS:
            items.append(("digit", _ZH_DIGITS[c], _ZH_UNITS[unit], c + unit))
            i += 1
        elif c in _ZH_DIGITS and unit in _ZH_CENTS:
            raise _NotWords("角 or 分 after a whole number without 圆")
        elif c in _ZH_DIGITS:
            items.append(("digit", _ZH_DIGITS[c], 0, c))
        elif c == "拾":  # 拾 without its digit: 10 (checked where it stands)
            items.append(("digit", 1, 1, c))
        else:
            raise _NotWords(f"'{c}' without its digit")
        i += 1
    # a digit's place in the whole number: its place in its group, plus that of the group
    # (万, 亿) that follows it
    group = 0
    for k in range(len(items) - 1, -1, -1):
        kind, d, p, t = items[k]
        if kind == "group":
            group = p
        elif kind == "digit":
            items[k] = (kind, d, p + group, t)
    return items


def _zh_whole(part: str, places: list[int]) -> int:
    """The yuan of ``part`` (what stands before 圆); ``places`` gets the place of each
    digit, high to low."""
    if part == "零":
        return 0
    items = _zh_items(part)
    total = 0
    zero = False
    last_group = 99
    for k, (kind, d, p, t) in enumerate(items):
        before = items[k - 1] if k else None
        if kind == "zero":
            zero = True
            continue
        if kind == "group":
            if zero:
                raise _NotWords(f"零 with no digit after it (before '{t}')")
            if before is None or before[0] != "digit":
                raise _NotWords(f"'{t}' without its digit")
            if p >= last_group:
                raise _NotWords(f"'{t}' out of order")
            last_group = p
            continue
        if places and p >= places[-1]:
            raise _NotWords(f"'{t}' out of order")
        if t == "拾" and places and not zero:
            raise _NotWords("'拾' without its digit")
        if zero and not places:
            raise _NotWords("零 before the first digit")
        if zero and places[-1] - p <= 1:
            raise _NotWords(f"零 where no digit is zero (before '{t}')")
        after = items[k + 1] if k + 1 < len(items) else None
        first_of_group = before is not None and before[0] == "group"
        if t in _ZH_DIGITS and places and not zero and places[-1] - p > 1 \
                and not (first_of_group and after is not None and after[0] == "group"):
            # 壹佰伍 (150 as spoken), 壹万伍 (15000): a unit or a 零 says which
            raise _NotWords(f"'{t}' after '{before[3][-1] if before else ''}' with neither "
                            f"零 before it nor a unit after it")
        total += d * 10 ** p
        places.append(p)
        zero = False
    if zero:
        raise _NotWords("零 with no digit after it")
    return total


def _zh_cents(part: str, places: list[int], after_yuan: bool) -> int:
    """The cents of ``part`` (角 and 分, after 圆 or with no 圆); ``places`` holds the places
    of the digits before."""
    cents = 0
    zero = False
    j = 0
    while j < len(part):
        c, unit = part[j], part[j + 1:j + 2]
        if c == "零" and unit == "角":  # 零角: no 角
            if places and places[-1] <= -1:
                raise _NotWords("'零角' out of order")
            places.append(-1)
            j += 2
            continue
        if c == "零":
            zero = True
            j += 1
            continue
        if c not in _ZH_DIGITS or unit not in _ZH_CENTS:
            if c in _ZH_CENTS:
                raise _NotWords(f"'{c}' without its digit")
            if not after_yuan:
                raise _NotWords("角 or 分 after a whole number without 圆")
            raise _NotWords(f"'{c}' after 圆 that is neither 角 nor 分 nor their digit")
        p = _ZH_CENTS[unit]
        if places and p >= places[-1]:
            raise _NotWords(f"'{c}{unit}' out of order")
        if zero and places and places[-1] - p <= 1:
            raise _NotWords(f"零 where no digit is zero (before '{c}{unit}')")
        cents += _ZH_DIGITS[c] * 10 ** (p + 2)
        places.append(p)
        zero = False
        j += 2
    if zero:
        raise _NotWords("零 with no digit after it")
    return cents


class WordsValidator(Validator):
    name = "words"
    version = "0.1.0"
    summary = ("words_amount(text, \"en\"): an amount written in words (cheques, "
               "invoices, contracts; needs formsift[words]; \"zh\": 大写 numerals)")

    def functions(self) -> Iterable[Function]:
        return [
            Function("words_amount", ("text", "text"), "number", words_amount,
                     "words_amount(amount_words, \"en\"): the amount a text spells out "
                     "(\"One thousand two hundred fifty and 00/100\": 1250.00; en, fr, es, "
                     "pt, de, nl, da, it; needs pip install 'formsift[words]'; zh: "
                     "Chinese financial numerals, \"ⓧ捌仟贰佰陆拾叁圆整\": 8263.00, "
                     "needs no package); a text that spells out no amount, or not "
                     "clearly, leaves the rule not evaluated.", check=problem),
        ]
