"""Amounts written in words: ``words_amount(text, "en")``, the number a cheque's legal
amount line (or an invoice's or a contract's "in words" line) spells out.

The number words are read by text2num (``pip install "formsift[words]"``: English,
French, Spanish, Portuguese, German, Dutch, Danish, Italian); this module reads what is
written around them:

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
  is that number ("twwenty", "cing").

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
from formsift.templates.rules import RuleEvalError

#: The languages of text2num 3.1.
LANGUAGES = ("en", "fr", "es", "pt", "de", "nl", "da", "it")
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
_TOKENS = re.compile(r"[0-9]+|[\ue000-\ue009]+|[^\W\d_](?:[^\W\d_]|['’](?=[^\W\d_]))*|/")


class _NotWords(ValueError):
    """The text does not read as an amount in words; the message says why."""


def language_of(lang: Any) -> str | None:
    """The text2num language of ``lang`` ("en", "en_GB", "de-DE": "en", "en", "de"),
    or None when text2num does not read it."""
    code = re.split(r"[_\-]", str(lang).strip().lower(), maxsplit=1)[0]
    return code if code in LANGUAGES else None


def problem(args: list[Any]) -> tuple[str, str | None] | None:
    """Checked with the template: text2num is installed, and a language written as a
    literal is one it reads."""
    try:
        import text_to_num  # noqa: F401
    except ImportError:
        return ("words_amount() needs the text2num package, which is not installed",
                INSTALL)
    lang = args[1] if len(args) > 1 else None
    if isinstance(lang, str) and language_of(lang) is None:
        return (f"words_amount() does not read the language {lang!r}",
                f"languages: {', '.join(LANGUAGES)}")
    return None


def words_amount(text: Any, lang: Any) -> Decimal:
    """The amount ``text`` spells out, with two decimals (``"One thousand two hundred
    fifty and 00/100"``: 1250.00); a :class:`RuleEvalError` (the rule is not evaluated)
    when it spells out none, or not clearly."""
    code = language_of(lang)
    if code is None:
        raise RuleEvalError(f"words_amount() does not read the language {str(lang)!r} "
                            f"(languages: {', '.join(LANGUAGES)})")
    try:
        from text_to_num import alpha2digit  # noqa: F401
    except ImportError as exc:
        raise RuleEvalError(f"words_amount() needs the text2num package: {INSTALL}") from exc
    shown = str(text) if len(str(text)) <= 60 else str(text)[:57] + "..."
    try:
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
    text = _NO_CENTS.sub(" 00/100", text)
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
            raise _NotWords(f"'{tok}' after the amount")
        i += 1
    return (Decimal(units) + Decimal(cents or 0) / 100).quantize(Decimal("0.01"))


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
    from text_to_num import text2num

    if len(word) > MAX_WORD or not word.isalpha():
        return None
    found: dict[int, str] = {}
    for v in sorted(_variants(word, lang)):
        try:
            found.setdefault(text2num(v, lang), v)
        except ValueError:
            continue
    return next(iter(found.values())) if len(found) == 1 else None


@functools.lru_cache(maxsize=4096)
def _near_number(word: str, lang: str) -> bool:
    """Whether ``word`` is a number word, or one edit away from one."""
    if len(word) < 3 or len(word) > MAX_WORD or not word.isalpha():
        return False
    return _reads(word, lang) or any(_reads(v, lang) for v in _variants(word, lang))


#: Longer words are neither corrected nor checked (a German number of 999 999 has 56
#: letters; a misread one that long is better not guessed at).
MAX_WORD = 40


class WordsValidator(Validator):
    name = "words"
    version = "0.1.0"
    summary = ("words_amount(text, \"en\"): an amount written in words (cheques, "
               "invoices, contracts; needs formsift[words])")

    def functions(self) -> Iterable[Function]:
        return [
            Function("words_amount", ("text", "text"), "number", words_amount,
                     "words_amount(amount_words, \"en\"): the amount a text spells out "
                     "(\"One thousand two hundred fifty and 00/100\": 1250.00; en, fr, es, "
                     "pt, de, nl, da, it; needs pip install 'formsift[words]'); a text "
                     "that spells out no amount, or not clearly, leaves the rule not "
                     "evaluated.", check=problem),
        ]
