"""Text-like field types: text, id, enum, checkbox and email."""

from __future__ import annotations

import re
from typing import Any

import regex
from pydantic import field_validator

from formsift.core.components import Options
from formsift.core.kinds import Constraint, FieldType, Found, ParseContext
from formsift.plugins.fieldtypes.comb import comb_text
from formsift.util.number_text import ascii_forms
from formsift.util.safe_regex import RegexTimeout, compile_pattern, finditer, search, timed


def _safe_pattern(pattern: str) -> Any:
    try:
        return compile_pattern(pattern)
    except Exception as exc:  # regex.error
        raise ValueError(f"invalid pattern /{pattern}/: {exc}") from exc


#: How much less a value read from a comb field's joined cells scores than one read as
#: written (a value read whole ranks first where both are found).
_COMB_SCORE = 0.95


#: A letter of a script written with spaces between its words (a run of Chinese, Japanese,
#: Thai, Lao, Khmer or Burmese letters is a phrase, not one token).
_LETTER = r"[^\W\d_\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]"
#: Where a type's pattern may start and end a match: not inside a run of digits, nor of
#: letters (see :func:`_bounded`; a ``search`` locator's value group is bounded alike).
RUN_START = rf"(?:(?<!\d)(?=\d)|(?<!{_LETTER})(?={_LETTER})|(?!\d|{_LETTER}))"
RUN_END = rf"(?:(?<=\d)(?!\d)|(?<={_LETTER})(?!{_LETTER})|(?<!\d|{_LETTER}))"


def _bounded(rx: Any) -> Any:
    r"""``rx`` (a type's pattern, compiled) searched for as a whole value: a match neither
    starts nor ends inside a run of digits or of letters, so that the pattern backtracks
    to the alternative or repeat that takes the whole run. ``/\d{10}|\d{12}/`` reads a
    12-digit number whole (it read its first 10 digits), and none in a 13-digit one;
    ``\d+`` still reads ``12345`` in ``INV12345``, as a run of digits ends at a letter."""
    verbose = "\n" if rx.flags & regex.VERBOSE else ""  # (a trailing comment ends)
    return compile_pattern(f"{RUN_START}(?:{rx.pattern}{verbose}){RUN_END}")


def _matches(rx: Any, text: str, first: bool = False) -> Any:
    """The matches of the type's pattern ``rx`` in ``text`` as whole values
    (:func:`_bounded`), or the first one (None: none); a timeout names the pattern as the
    template wrote it."""
    bounded = _bounded(rx)
    try:
        return search(bounded, text) if first else finditer(bounded, text)
    except RegexTimeout as exc:
        raise RegexTimeout(str(exc).replace(bounded.pattern, rx.pattern)) from exc


def _fullmatch(rx: Any, text: str) -> bool:
    try:
        return timed(lambda t: rx.fullmatch(text, timeout=t), 0.25) is not None
    except TimeoutError:
        return False


def _comb_found(rx: Any, text: str) -> Found | None:
    r"""The value of a comb field (:mod:`.comb`): the whole of ``text`` is single characters
    set apart by spaces, and the pattern matches them joined, but not as written
    ("4 4 1 0 3 8 2 9 1 7" under ``/\d{10}/`` is 4410382917)."""
    comb = comb_text(text)
    if comb is None:
        return None
    start, end, joined = comb
    if _fullmatch(rx, text[start:end]) or not _fullmatch(rx, joined):
        return None
    return Found(start, end, joined, _COMB_SCORE)


#: Characters OCR writes for one another (a letter O for a zero, an I or l for a one...).
_LOOKALIKES = {"O": "0", "0": "O", "o": "0", "D": "0", "I": "1", "l": "1", "1": "I", "|": "1",
               "S": "5", "5": "S", "B": "8", "8": "B", "Z": "2", "2": "Z"}
#: How much less a value read with one look-alike character put right scores.
_LOOKALIKE_SCORE = 0.9


def may_be_misread(ctx: ParseContext) -> bool:
    """Whether the text a type reads a value from may hold a recognizer's misreading to
    put right (a date's 'I' for 1, an address's ',' for '.'): the document's words were
    not all a text layer's (``ctx.recognized``), nor are the value's own
    (``ctx.handwritten`` False: ``locators.handwriting_context`` says so per value). A
    born-digital page's letters are kept, also beside a scanned page."""
    return ctx.recognized and ctx.handwritten is not False


#: The letters (and the bar) OCR writes for a digit, with that digit: those of
#: :data:`_LOOKALIKES` read one way only (an O for 0, an I, l or | for 1, S for 5, B for 8,
#: Z for 2), for the types that read a letter where only a digit may stand (a date's day).
DIGIT_FOR_LOOKALIKE = {k: v for k, v in _LOOKALIKES.items() if v.isdigit() and not k.isdigit()}


def _lookalike_repair(rx: Any, token: str) -> str | None:
    r"""``token`` with one character OCR writes for another put right, when the pattern
    matches only that reading: a VIN read ``WFONXXGCHNMS12345`` under
    ``/[A-HJ-NPR-Z0-9]{17}/`` (no O in a VIN) is ``WF0NXXGCHNMS12345``. None where no
    single change, or more than one, makes the token match, or the token is shorter than
    four characters (a lone ``I`` is no 1)."""
    if not 4 <= len(token) <= 40:
        return None
    readings = set()
    for i, c in enumerate(token):
        alt = _LOOKALIKES.get(c)
        if alt is not None and _fullmatch(rx, candidate := token[:i] + alt + token[i + 1:]):
            readings.add(candidate)
            if len(readings) > 1:
                return None
    return readings.pop() if readings else None


def _value_of(m: Any) -> tuple[int, int, str]:
    r"""A type pattern's match as a value, with its span: the whole match. Its groups are
    the pattern's own (``(EXW|FOB|CIF)\s+\S.*``, ``\d{4}(\.\d{2}){0,2}``: alternatives
    and repeats); to read a part of the text, a locator's ``pattern`` modifier takes a
    group, and a type's pattern a lookbehind (``(?<=LOT: )[A-Z0-9]+``)."""
    return m.start(), m.end(), m.group()


def _with_comb(rx: Any, text: str, found: list[Found]) -> list[Found]:
    """``found`` with a comb field's value (:func:`_comb_found`) first."""
    comb = _comb_found(rx, text)
    return found if comb is None else [comb, *found]


class TextOptions(Options):
    pattern: str | None = None
    strip: bool = True
    lowercase: bool = False
    collapse_spaces: bool = True
    #: Every line of the field's region or box, in reading order, as one value (a remark
    #: box of two or three handwritten lines), and under ``below LABEL`` the lines that go
    #: on under the first; without it, one line is the value.
    multiline: bool = False

    @field_validator("pattern")
    @classmethod
    def _valid(cls, v: str | None) -> str | None:
        if v is not None:
            _safe_pattern(v)
        return v


#: A line drawn with characters to be filled in by hand: underscores, dot leaders or a
#: rule of dashes or equals signs (three or more), with spaces between: no value ("-" or
#: "—" alone, or "--", may mean "none").
_BLANK_TO_FILL = re.compile(r"[\s_]*_[\s_]*|[\s.…]*(?:\.\s*){3,}[\s.…]*|[\s.…]*…[\s.…]*"
                            r"|\s*(?:[-–—=]\s*){3,}")


class TextType(FieldType):
    name = "text"
    version = "0.1.0"
    summary = "Free text, optionally required to match a pattern"
    value_kind = "text"
    positional = "pattern"
    Options = TextOptions

    @property  # type: ignore[misc]
    def multiline(self) -> bool:  # type: ignore[override]
        """``text(multiline=true)``: the field's region or box is read whole, its lines in
        reading order joined (by a space; by a newline with ``collapse_spaces=false``); a
        ``below`` locator reads the lines that go on under its first one."""
        return bool(getattr(self.options, "multiline", False))

    def parse(self, raw: str, ctx: ParseContext) -> str:
        opts: TextOptions = self.options  # type: ignore[assignment]
        text = raw
        if opts.collapse_spaces:
            text = " ".join(text.split())
        elif opts.strip:
            text = text.strip()
        if opts.lowercase:
            text = text.lower()
        if not text:
            raise ValueError("empty text")
        if _BLANK_TO_FILL.fullmatch(text):
            # "Buyer: ____________" in a signature block is the blank line itself
            raise ValueError(f"{text!r} is a blank line to fill in, not a value")
        if opts.pattern:
            # the value is what the pattern matches, as on a field, also in a table cell
            # that holds more ("LOT: L25B7787" under /[A-Z]\d{2}[A-Z]\d{4}/)
            rx = _safe_pattern(opts.pattern)
            try:
                m = _matches(rx, text, first=True)
                if m is None:
                    comb = _comb_found(rx, text)
                    if comb is None:
                        raise ValueError(f"{text!r} does not match /{opts.pattern}/")
                    return comb.value.lower() if opts.lowercase else comb.value
            except RegexTimeout as exc:
                raise ValueError(str(exc)) from exc
            value = _value_of(m)[2].strip()
            if not value:
                raise ValueError(f"/{opts.pattern}/ matches no text in {text!r}")
            return value
        return text

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        opts: TextOptions = self.options  # type: ignore[assignment]
        if not opts.pattern:
            return super().find(text, ctx)
        # a pattern that runs out of time is the locator's regex_timeout (a reason), not
        # "no value here"
        rx = _safe_pattern(opts.pattern)
        matches = _matches(rx, text)
        out = []
        for m in matches:
            start, end, value = _value_of(m)
            if end > start:
                out.append(Found(start, end, value.lower() if opts.lowercase else value, 1.0))
        comb = _comb_found(rx, text)
        if comb is not None and opts.lowercase:
            comb = Found(comb.start, comb.end, comb.value.lower(), comb.score)
        return out if comb is None else [comb, *out]


class IdOptions(Options):
    pattern: str | None = None

    @field_validator("pattern")
    @classmethod
    def _valid(cls, v: str | None) -> str | None:
        if v is not None:
            _safe_pattern(v)
        return v


#: A letter or digit an id starts and ends with: of any script written with spaces between
#: words (``INV-0078``, ``УПД-0078``, ``ΤΔΑ-15``, ``فاتورة-12``), not of one written without
#: (a run of Chinese, Japanese, Thai, Lao, Khmer or Burmese letters and digits is a phrase).
_ID_END = (r"[^\W_\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
           r"\u4e00-\u9fff\uf900-\ufaff]")
_DEFAULT_ID = re.compile(rf"(?<![\w\-/.–])(?=[\w\-/.–]*\d){_ID_END}[\w\-/.–]*{_ID_END}"
                         r"(?![\w\-/–])|(?<![\w\-/.–])\d(?![\w\-/–])")
#: An identifier written in short upper-case (of any script) or digit groups ("RE 2024
#: 001", "FA 2024 0042", "СФ 2024 001", "12 345"), or a letter prefix before a number
#: with hyphens ("RE 2026-014"): read whole, tied with the group a token alone would give.
#: (A number followed by a date or a code, "10045 2024-03-12", "2024-0815 EUR", is no such
#: run.)
_SPACED_ID = regex.compile(r"(?<![\w\-/.])(?:[\p{Lu}0-9]{1,6}(?: [\p{Lu}0-9]{1,6})+"
                           r"|\p{Lu}{1,4} \d+(?:[-/–]\d+)+)(?![\w\-/]|[.,]\d)")


def _with_spaced_ids(text: str, found: list[Found]) -> list[Found]:
    """``found`` with each run of short groups holding a digit (:data:`_SPACED_ID`) put
    before its first token, which becomes its tied rival: "RE 2024 001" was read "2024",
    accepted; now "RE 2024 001" and "2024" are equally likely, for a rule or review."""
    for m in _SPACED_ID.finditer(text):
        if not any(c.isdigit() for c in m.group()):
            continue
        inside = [i for i, f in enumerate(found) if m.start() <= f.start and f.end <= m.end()]
        if not inside:
            continue
        at = inside[0]
        found[at] = Found(found[at].start, found[at].end, found[at].value, found[at].score,
                          tied=True)
        found.insert(at, Found(m.start(), m.end(), m.group(), 1.0))
    return found


class IdType(FieldType):
    name = "id"
    version = "0.1.0"
    summary = "Identifiers (invoice numbers, references): a pattern, or a token with a digit"
    value_kind = "text"
    positional = "pattern"
    Options = IdOptions

    def _regex(self) -> Any:
        pattern = getattr(self.options, "pattern", None)
        return _safe_pattern(pattern) if pattern else None

    def parse(self, raw: str, ctx: ParseContext) -> str:
        text = ascii_forms(raw.strip())  # (an ID printed full-width is the same ID)
        rx = self._regex()
        if rx is None:
            if not _DEFAULT_ID.fullmatch(text):
                raise ValueError(f"not an identifier: {raw!r}")
            return text
        try:
            m = timed(lambda t: rx.fullmatch(text, timeout=t), 0.25)
            if m is None:
                comb = _comb_found(rx, text)  # a comb field's cells: "4 4 1 0 ..."
                if comb is not None:
                    return str(comb.value)
                # "WFON..." read for "WF0N...": put right only where OCR may have read it
                repaired = _lookalike_repair(rx, text) if ctx.recognized else None
                if repaired is None:
                    raise ValueError(f"{text!r} does not match /{rx.pattern}/")
                return repaired
        except TimeoutError as exc:
            raise ValueError(f"pattern /{rx.pattern}/ timed out") from exc
        value = _value_of(m)[2].strip()
        if not value:
            raise ValueError(f"/{rx.pattern}/ matches no text in {text!r}")
        return value

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        text = ascii_forms(text)  # one character for one: the spans are the text's
        rx = self._regex()
        if rx is None:
            found = [Found(m.start(), m.end(), m.group(), 1.0)
                     for m in _DEFAULT_ID.finditer(text)]
            return _with_spaced_ids(text, found)
        matches = _matches(rx, text)  # a timeout: the locator's regex_timeout reason
        spans = [_value_of(m) for m in matches]
        found = _with_comb(rx, text, [Found(s, e, v, 1.0) for s, e, v in spans if e > s])
        if not found and ctx.recognized:  # a token OCR read with one look-alike character
            for m in re.finditer(r"\S+", text):
                repaired = _lookalike_repair(rx, m.group())
                if repaired is not None:
                    found.append(Found(m.start(), m.end(), repaired, _LOOKALIKE_SCORE))
        return found

    def json_schema(self) -> dict[str, Any]:
        pattern = getattr(self.options, "pattern", None)
        return {"type": "string", **({"pattern": pattern} if pattern else {})}

    def constraint(self) -> Constraint | None:
        pattern = getattr(self.options, "pattern", None)
        return Constraint(pattern=pattern) if pattern else None


class EnumOptions(Options):
    values: list[str]

    @field_validator("values", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @field_validator("values")
    @classmethod
    def _some(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError('an enum needs at least one value: enum(["paid", "open"])')
        if any(not x.strip() for x in v):
            raise ValueError("an enum value cannot be empty")
        return v


def _fold(s: str) -> str:
    return " ".join(s.casefold().split())


#: Characters OCR writes for one another, as pairs of folded (small) characters: those of
#: :data:`_LOOKALIKES` and a G read 6 ("22G1" read "2261").
_CONFUSED = frozenset(
    frozenset((a.casefold(), b.casefold())) for a, b in [*_LOOKALIKES.items(), ("G", "6")]
    if a.casefold() != b.casefold())


def _enum_repair(values: list[str], raw: str) -> str | None:
    """The one enum value that ``raw`` reads as with characters OCR writes for one another
    (:data:`_CONFUSED`) put right: a damage code "H0" among HO, DT, BR is "HO". None when
    no value or more than one fits, or the reading is shorter than two characters, or
    more than half of its letters and digits would change (a lone "I" is no 1, "00" no
    "OO" of its own accord)."""
    folded = _fold(raw)
    if len(folded.replace(" ", "")) < 2:
        return None
    fits = []
    for v in values:
        target = _fold(v)
        if len(target) != len(folded):
            continue
        changes = [(a, b) for a, b in zip(folded, target, strict=True) if a != b]
        if changes and 2 * len(changes) <= sum(ch.isalnum() for ch in folded) \
                and all(frozenset(pair) in _CONFUSED for pair in changes):
            fits.append(v)
    return fits[0] if len(fits) == 1 else None


class EnumType(FieldType):
    name = "enum"
    version = "0.1.0"
    summary = "One of a fixed list of values, matched ignoring case and spacing"
    value_kind = "text"
    positional = "values"
    Options = EnumOptions

    def parse(self, raw: str, ctx: ParseContext) -> str:
        folded = _fold(raw)
        for v in self.options.values:  # type: ignore[attr-defined]
            if _fold(v) == folded:
                return v
        # "H0" read for the damage code "HO": put right only where OCR may have read it
        repaired = _enum_repair(self.options.values, raw) if ctx.recognized else None  # type: ignore[attr-defined]
        if repaired is not None:
            return repaired
        raise ValueError(f"{raw.strip()!r} is not one of {', '.join(self.options.values)}")  # type: ignore[attr-defined]

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        out = []

        def alone(start: int) -> bool:
            # "not paid", "partially paid": a value that ends a longer phrase (a word
            # right before it on its line) is not that value
            before = text[:start].rsplit("\n", 1)[-1]
            return not re.search(r"\w[\w'’-]*\s*$", before)

        for v in self.options.values:  # type: ignore[attr-defined]
            words = [re.escape(w) for w in v.split()]
            rx = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
            out += [Found(m.start(), m.end(), v, 1.0) for m in rx.finditer(text)
                    if alone(m.start())]
        if not out and ctx.recognized:  # a value OCR read with look-alike characters
            for m in re.finditer(r"\S+", text):
                repaired = _enum_repair(self.options.values, m.group())  # type: ignore[attr-defined]
                if repaired is not None and alone(m.start()):
                    out.append(Found(m.start(), m.end(), repaired, _LOOKALIKE_SCORE))
        return sorted(out, key=lambda f: f.start)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.options.values)}  # type: ignore[attr-defined]


#: Ticks: besides ☒ and x, the styles of a filled PDF form's checked box (Acrobat's
#: Check ✔, Cross ✘, Square ■, Circle ●, Diamond ◆, Star ★, drawn in ZapfDingbats and
#: read as these by the PDF loader), a selected radio button (● ◉) and a boxed cross ⌧.
_MARKS = {"x", "☒", "☑", "✓", "✔", "✗", "✘", "✕", "✖", "■", "●", "◉", "◆", "★", "⌧"}
_TRUE = _MARKS | {"yes", "y", "ja", "oui", "si", "sì", "true", "1", "checked", "on"}
#: Empty boxes: ☐ □, an empty radio button ○ ◯, the shadowed boxes of symbol fonts.
_EMPTY = {"☐", "□", "○", "◯", "❍", "❏", "❐", "❑", "❒"}
_FALSE = _EMPTY | {"", "no", "n", "nein", "non", "false", "0", "unchecked", "off"}
_GLYPHS = "".join(sorted((_MARKS | _EMPTY) - {"x"}))
#: A box written with brackets, spaces allowed inside: "[x]", "[ x ]", "[ ]", "( )".
_BRACKETED = re.compile(r"\[\s*(\S?)\s*\]|\(\s*(\S?)\s*\)")


class CheckboxType(FieldType):
    name = "checkbox"
    version = "0.1.0"
    summary = ("Ticked or not: ☒, x, [x], ✔, ■, ●, yes/ja/oui -> true; ☐, ○, [ ], no -> "
               "false")
    value_kind = "bool"

    def parse(self, raw: str, ctx: ParseContext) -> bool:
        folded = _fold(raw)
        box = _BRACKETED.fullmatch(folded)
        if box is not None:
            folded = box.group(1) if box.group(1) is not None else box.group(2)
            if folded and folded not in _MARKS:
                raise ValueError(f"not a checkbox mark: {raw!r}")
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        raise ValueError(f"not a checkbox mark: {raw!r}")

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        """Marks and boxes in ``text``, and the words yes/no where it holds none: beside
        boxes, "Yes" and "No" are their labels ("☐ Yes ☐ No"), not a value."""
        out = []
        for m in re.finditer(r"\[\s*[xX✓✔]?\s*\]|\(\s*[xX]?\s*\)|[" + _GLYPHS + r"]"
                             r"|(?<!\w)[xX](?!\w)|(?<!\w)(?:yes|no|ja|nein|oui|non)(?!\w)",
                             text, re.IGNORECASE):
            try:
                out.append((m.group()[0].isalpha() and len(m.group()) > 1,
                            Found(m.start(), m.end(), self.parse(m.group(), ctx), 1.0)))
            except ValueError:
                continue
        if any(not word for word, _ in out):
            return [f for word, f in out if not word]
        return [f for _, f in out]

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
                    r"(?![\w-])")


#: Spaces an OCR put inside an address: before or after its dots and its @ (not a line
#: break: two addresses on two lines stay two).
_SPLIT_AT_MARK = re.compile(r"[ \t]+(?=[.@])|(?<=[.@])[ \t]+")


#: A run of characters round an @ that may be an address OCR misread: commas and dots
#: among its letters, perhaps ending in punctuation.
_EMAIL_RUN = re.compile(r"(?<![\w.+,-])[\w.+,-]+@[\w.,-]+")
#: The letters of a top-level domain OCR reads as digits, each for one letter only
#: (:data:`_LOOKALIKES`; not a 1, which is an i or an l: "n1" may be nl or ni).
_TLD_LETTERS = {d: c.lower() for d, c in _LOOKALIKES.items() if d.isdigit() and d != "1"}
#: A value read with a misreading put right scores this much less (and is doubted:
#: :meth:`EmailType.doubted`).
_EMAIL_REPAIRED_SCORE = 0.9


def _email_repaired(run: str) -> str | None:
    """``run`` (text round one @) as the address a recognizer misread, put right where
    only one reading makes it one: a comma between two letters or digits of its local
    part or domain read for a dot ("lukasz,wisniewski@"), and the digits of a top-level
    domain otherwise of letters read for the letters they look like ("example.0rg"). None
    when nothing is put right or no address comes of it. An @ is never made up (a "G"
    read for it stays as read). The address is read from the start of ``run``, one
    character for each (its length is the length of ``run`` it spans)."""
    run = run.rstrip(".,-")
    local, _, domain = run.rpartition("@")
    local = re.sub(r"(?<=\w),(?=\w)", ".", local)
    if _EMAIL.fullmatch(f"{local}@{domain.split(',')[0]}"):
        domain = domain.split(",")[0]  # "a@example.org,b": a list, the address ends there
    else:
        domain = re.sub(r"(?<=\w),(?=\w)", ".", domain)
    head, dot, tld = domain.rpartition(".")
    if dot and any(c.isalpha() for c in tld) \
            and all((c.isascii() and c.isalpha()) or c in _TLD_LETTERS for c in tld):
        letters = "".join(_TLD_LETTERS.get(c, c) for c in tld)
        tld = letters.upper() if tld.isupper() or head.isupper() else letters
    fixed = f"{local}@{head}{dot}{tld}"
    if fixed == run[:len(fixed)] or not _EMAIL.fullmatch(fixed):
        return None
    return fixed


def _emails_repaired(text: str) -> list[Found]:
    """The addresses of ``text`` a recognizer misread that :func:`_email_repaired` puts
    right, each over the characters it was read from."""
    out = []
    for m in _EMAIL_RUN.finditer(text):
        if text[m.end():m.end() + 1] == "@":
            continue  # two @ in one run: no address to put right
        fixed = _email_repaired(m.group())
        if fixed is not None:
            out.append(Found(m.start(), m.start() + len(fixed), fixed, _EMAIL_REPAIRED_SCORE))
    return out


def _with_repairs(text: str, as_read: list[Found], repaired: list[Found]) -> list[Found]:
    """The addresses of ``text`` read as written (``as_read``) and those put right
    (``repaired``, :func:`_emails_repaired`) where no address is read as written in the
    characters they stand for: "Anna Berg,anna.berg@firma.de" is anna.berg@firma.de,
    not Berg.anna.berg@firma.de. Where the characters before the comma may begin the
    address (lower case, a letter: "lukasz,wisniewski@example.org"), the address put
    right is kept too, after the one read as written: a rival, for review."""
    out = list(as_read)
    for r in repaired:
        inside = [f for f in as_read if r.start < f.end and f.start < r.end]
        if not inside or _may_begin_address(text[r.start:inside[0].start]):
            out.append(r)
    return sorted(out, key=lambda f: f.start)


def _may_begin_address(head: str) -> bool:
    """Whether ``head``, the characters of a run before an address read in it up to its
    comma ("lukasz," of "lukasz,wisniewski@..."), may be the address's own beginning,
    its dot read as a comma: a letter and no capital (not "Berg,", "E-Mail,", "030,")."""
    head = head.rstrip(",")
    return any(c.isalpha() for c in head) and head == head.lower()


def _put_right(run: str, fixed: str) -> str:
    """The characters of ``run`` :func:`_email_repaired` read otherwise in ``fixed`` (one
    for one), named once each: "',' read as '.', '0' as 'o'" (a letter's case left out)."""
    changed = dict.fromkeys((a, b) for a, b in zip(run, fixed, strict=True)
                            if a.lower() != b.lower())
    return ", ".join(f"{a!r} read as {b!r}" if i == 0 else f"{a!r} as {b!r}"
                     for i, (a, b) in enumerate(changed))


class EmailType(FieldType):
    name = "email"
    version = "0.1.0"
    summary = "E-mail addresses"
    value_kind = "text"

    def parse(self, raw: str, ctx: ParseContext) -> str:
        text = raw.strip()
        if not _EMAIL.fullmatch(text):
            joined = _SPLIT_AT_MARK.sub("", text)
            domain = joined.rsplit("@", 1)[-1]
            if joined == text or not _EMAIL.fullmatch(joined) or not (
                    domain.islower() or domain.isupper()):
                raise ValueError(f"not an e-mail address: {raw!r}")
            return joined
        return text

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        found = self._as_read(text)
        if may_be_misread(ctx):
            found = _with_repairs(text, found, _emails_repaired(text))
        return found

    def doubted(self, raw: str, value: Any, ctx: ParseContext) -> str | None:
        """The misreading put right to read ``value`` from ``raw`` ("',' read as '.', '0'
        as 'o'": a comma for a dot, a digit of the top-level domain, :func:`_email_repaired`),
        None when ``raw`` holds ``value`` as written. Such a value is no surer than a
        character the recognizer doubts, for review."""
        if value in {f.value for f in self._as_read(raw)}:
            return None
        return next((_put_right(raw[f.start:f.end], f.value)
                     for f in _emails_repaired(raw) if f.value == value), None)

    def _as_read(self, text: str) -> list[Found]:
        """The addresses of ``text`` as they were read (those cut at a dot or an @ by a
        space joined again)."""
        found = [Found(m.start(), m.end(), m.group(), 1.0) for m in _EMAIL.finditer(text)]
        # an address read as several words, cut at its dots or its @ (a handwritten
        # 'mellis@mail. co.uk'): joined again, a little less sure than one read whole
        kept: list[int] = []  # for each character of the joined text, where it was
        pos = 0
        for m in _SPLIT_AT_MARK.finditer(text):
            kept.extend(range(pos, m.start()))
            pos = m.end()
        if pos == 0:
            return found
        kept.extend(range(pos, len(text)))
        joined = "".join(text[i] for i in kept)
        for m in _EMAIL.finditer(joined):
            start, end = kept[m.start()], kept[m.end() - 1] + 1
            # a sentence's words ('see you @ 5. Best') are no domain: one written in one
            # case only
            domain = m.group().rsplit("@", 1)[1]
            if " " in text[start:end] and (domain.islower() or domain.isupper()) and not any(
                    f.start < end and start < f.end for f in found):
                found.append(Found(start, end, m.group(), 0.9))
        return sorted(found, key=lambda f: f.start)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "email"}
