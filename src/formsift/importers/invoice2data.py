"""Convert invoice2data templates (YAML or JSON) into ``.sift`` templates.

invoice2data runs Python regexes over the text ``pdftotext -layout`` gives; formsift's
``search`` locator runs them over its layout text view (built from the words' boxes), so
regexes carry over as they are. The mapping:

========================================  ==============================================
invoice2data                              formsift
========================================  ==============================================
``keywords`` / ``exclude_keywords``       ``match { contains ... not contains ... }``
                                          with ``threshold 1`` (every keyword present);
                                          a rule: no exclude keyword on any page
                                          (its words on one line, as text holds them)
``issuer``, ``options.currency``, desc    constant fields (``value "..."``); a field
                                          named ``currency``/``desc`` keeps what it
                                          finds and defaults to them; an ``issuer``
                                          field has no default (noted)
field regex (one or a list)               ``search /re/ or search /re/ ...``
``parser: static`` / ``static_*``         ``value ...``
``type: float | int | date``              ``decimal`` | ``int`` | ``date(formats=...)``
legacy names (``date*``, ``amount*``)     ``date`` / ``decimal``, as invoice2data infers
``group: sum|min|max|first|last|join``    ``combine sum`` ...
``area``                                  a region ``box(...)`` (A4 page assumed)
``required_fields`` (default: date,       those fields are required, the others
amount, invoice_number, issuer)           optional (``?``)
``lines`` (parser or plugin, ``rules``)   ``table`` with line rules (``block { }`` sets)
lines ``types: float | int``              the column gets ``default 0`` (a group of the
                                          matched line left empty reads as 0)
lines ``uom`` (unece_code added after     ``unece_code: text default unece_unit(uom)``
extraction)
``tables`` plugin                         ``search /body/ from /start/ until /end/
                                          each line``
``decimal_separator``                     ``decimal`` / ``thousands``
``date_formats``                          the date fields' ``formats``
``remove_whitespace``, ``remove_accents``,
``lowercase``, ``replace``                ``normalize { ... }``
========================================  ==============================================

Everything else is reported per template and per field (:class:`Note`); nothing is
dropped silently.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from formsift.core.errors import FormsiftError
from formsift.core.locale import known_languages

#: invoice2data's defaults (invoice_template.OPTIONS_DEFAULT).
DEFAULT_OPTIONS: dict[str, Any] = {
    "remove_whitespace": False, "remove_accents": False, "lowercase": False,
    "currency": "EUR", "date_formats": [], "languages": [], "decimal_separator": ".",
    "replace": []}
DEFAULT_REQUIRED = ("date", "amount", "invoice_number", "issuer")
#: The field that finds a template's exclude keywords anywhere in the document.
EXCLUDED_FIELD = "exclude_keywords_found"
#: Line-item names invoice2data renames in its output (schema.LINE_FIELD_ALIASES).
LINE_ALIASES = {"description": "name", "unit_price": "price_unit", "unitprice": "price_unit",
                "vat_rate": "line_tax_percent", "tax_percent": "line_tax_percent"}
#: Words that start a table item: a column cannot be named like them.
_TABLE_WORDS = {"line", "first_line", "last_line", "skip_line", "block", "until", "from", "in"}
#: Languages whose month names formsift's date type reads in every template.
_MONTH_LANGUAGES = set(known_languages())  # month names the date type reads
#: A4 in points: invoice2data areas are pixels at ``r`` dpi; regions are page fractions.
_A4 = (595.276, 841.89)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: A space in a regex: ``\s``, a space, or a class of those (``[ ]``, ``[\s\t]``).
_GAP_ATOM = r"(?:\\s|\[(?:\\s|\\t| )+\]| )"
#: A regex that needs two spaces or more in a row (a column gap of ``pdftotext -layout``):
#: a space repeated at least twice (``\s{2,}``, ``\s{10,}``, ``[ ]{2,}``) or two in a row.
_COLUMN_GAP = re.compile(rf"{_GAP_ATOM}(?:\{{(?:[2-9]|[1-9]\d+)|\+?{_GAP_ATOM})")
#: Between a keyword's words, for a test of ``keyword in text``: spaces or tabs, never a
#: line or page break (a keyword whose words wrap over two lines is not in the text).
SAME_LINE_GAP = r"[^\S\r\n\f]+"
_KNOWN_TOP = {"issuer", "keywords", "exclude_keywords", "fields", "options", "lines", "tables",
              "required_fields", "priority", "input_module", "template_name"}
_KNOWN_OPTIONS = {"remove_whitespace", "remove_accents", "lowercase", "currency",
                  "date_formats", "languages", "decimal_separator", "replace", "priority"}
_LINE_KEYS = {"start", "end", "line", "first_line", "last_line", "skip_line", "types",
              "parser", "rules", "line_separator"}
#: The types invoice2data's ``coerce_type`` knows; it stops extracting on any other.
_TYPES = ("int", "float", "date", "datetime")
#: Output keys invoice2data sets itself after the fields, whatever a field of that name
#: finds; here such a field keeps what it finds and gives invoice2data's value otherwise.
_SET_AFTER = {"currency": "options.currency", "desc": "'Invoice from ' + issuer"}


class TemplateImportError(FormsiftError):
    """An invoice2data template file that cannot be read at all."""

    exit_code = 3
    code = "import_error"


@dataclass
class Note:
    """Something that could not be converted, or was converted approximately."""

    field: str | None
    message: str
    kind: str = "skipped"  # skipped | approximate

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.kind}: {where}{self.message}"


@dataclass
class Conversion:
    """One converted template: its ``.sift`` text and what did not carry over."""

    source: str
    name: str
    text: str
    notes: list[Note] = field(default_factory=list)
    fields_total: int = 0
    fields_converted: int = 0

    @property
    def complete(self) -> bool:
        return not any(n.kind == "skipped" for n in self.notes)


# ---------------------------------------------------------------- reading
def read_template(path: Path) -> dict[str, Any]:
    """An invoice2data template file (YAML or JSON) as a dict."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateImportError(f"{path}: cannot read: {exc}") from exc
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except ImportError as exc:
        raise TemplateImportError("reading YAML templates needs PyYAML: "
                           "pip install 'formsift[import]'") from exc
    except Exception as exc:  # yaml.YAMLError, json.JSONDecodeError
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None)
        raise TemplateImportError(f"{where}: not a valid template file: "
                                  f"{problem or first}") from exc
    if not isinstance(data, dict):
        raise TemplateImportError(f"{path}: not an invoice2data template (expected a mapping with "
                           f"'keywords' and 'fields')")
    return data


def template_files(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """(file, base folder) for every template file named or found under a folder."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend((f, p) for f in sorted(p.rglob("*"))
                       if f.suffix.lower() in (".yml", ".yaml", ".json") and f.is_file())
        elif p.is_file():
            out.append((p, p.parent))
        else:
            raise TemplateImportError(f"{p}: no such file or folder")
    return out


def output_name(key: str, value: Any) -> str:
    """The key invoice2data gives field ``key`` in its output: ``static_`` and, with a list
    of regexes, ``sum_`` dropped (a field with settings keeps its name as written)."""
    if isinstance(value, dict):
        return key
    if key.startswith("static_"):
        return key[len("static_"):]
    if key.startswith("sum_amount") and isinstance(value, list):
        return key[len("sum_"):]
    return key


def template_name(path: Path) -> str:
    name = re.sub(r"\W+", "_", path.stem.replace(".", "_")).strip("_") or "template"
    return name if not name[0].isdigit() else "t_" + name


# ---------------------------------------------------------------- literals
def sift_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


#: A pattern in verbose mode: ``(?x)`` (with other flags) at its start.
_VERBOSE = re.compile(r"\(\?[a-wyzA-Z]*x[a-zA-Z]*\)")


def _verbose_on_one_line(pattern: str) -> str:
    """A verbose-mode pattern written on one line: each line's ``# comment`` dropped (a
    ``#`` escaped or in a character class is no comment), the lines joined by a space,
    which verbose mode ignores as it ignores the line breaks."""
    lines = []
    for line in pattern.splitlines():
        out, in_class, i = [], False, 0
        while i < len(line):
            ch = line[i]
            if ch == "\\" and i + 1 < len(line):
                out.append(line[i:i + 2])
                i += 2
                continue
            if ch == "#" and not in_class:
                break
            if not in_class and ch == "[":
                # a "]" first in a class ("[]#]", "[^]]") is one of its characters
                j = i + 1 + (line[i + 1:i + 2] == "^")
                j += line[j:j + 1] == "]"
                out.append(line[i:j])
                in_class, i = True, j
                continue
            in_class = in_class and ch != "]"
            out.append(ch)
            i += 1
        lines.append("".join(out))
    return " ".join(lines)


def sift_regex(pattern: str) -> str:
    """A Python regex as a ``/.../`` literal: slashes escaped, line breaks written (a
    verbose pattern's lines are joined instead, see :func:`_verbose_on_one_line`)."""
    if "\n" in pattern and _VERBOSE.match(pattern):
        pattern = _verbose_on_one_line(pattern)
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            out.append("\\n" if nxt == "\n" else ch + nxt)
            i += 2
            continue
        out.append({"/": "\\/", "\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, ch))
        i += 1
    return "/" + "".join(out) + "/"


def keyword_regex(keyword: str, gap: str = r"\s+") -> str:
    """A keyword (found as written in invoice2data) as a regex: spacing may differ, the
    words apart by ``gap`` (:data:`SAME_LINE_GAP`: on one line)."""
    parts = [regex.escape(p, literal_spaces=True) for p in keyword.split()]
    body = gap.join(parts)
    if keyword[:1].isspace():
        body = gap + body
    if keyword[-1:].isspace():
        body += gap
    return body


#: Regex syntax that literal text would not contain: inline flags, escapes of classes or
#: punctuation, character classes, ``.*``, counted repeats.
_REGEX_SYNTAX = re.compile(r"\(\?|\\[dswDSWbB.()\[\]\-+*?]|\[[^\]]+\]|\.\*|\{\d+(,\d*)?\}")


def written_as_regex(keyword: str) -> bool:
    """Whether a keyword is written as a regular expression (invoice2data before 1.0 read
    keywords as regexes; 1.0 reads them as text, so such a keyword never matches there)."""
    return bool(_REGEX_SYNTAX.search(keyword)) and _check_regex(keyword) is None


def _check_regex(pattern: Any) -> str | None:
    """Why ``pattern`` cannot be used (None when it can)."""
    if not isinstance(pattern, str):
        return f"the regex is not text: {pattern!r}"
    if not pattern:
        return "the regex is empty"
    try:
        regex.compile(pattern, regex.V0)
    except Exception as exc:  # regex.error
        return f"the regex does not compile: {exc}"
    return None


# ---------------------------------------------------------------- the converter
class _Converter:
    def __init__(self, data: dict[str, Any], source: str, name: str) -> None:
        self.data = data
        self.source = source
        self.name = name
        self.notes: list[Note] = []
        self.options = dict(DEFAULT_OPTIONS)
        self.options.update(data.get("options") or {})
        self.body: list[str] = []
        self.regions: list[str] = []
        self.names: set[str] = set()
        self.total = 0
        self.converted = 0
        self.month_first_noted = False

    def note(self, where: str | None, message: str, kind: str = "skipped") -> None:
        if Note(where, message, kind) not in self.notes:
            self.notes.append(Note(where, message, kind))

    # -- header -------------------------------------------------------------------
    def keywords(self) -> list[str]:
        kws = self.data.get("keywords") or []
        return [kws] if isinstance(kws, str) else [str(k) for k in kws]

    def issuer(self) -> str:
        issuer = self.data.get("issuer")
        if issuer is None:
            kws = self.keywords()
            issuer = kws[0] if kws else self.name
        return str(issuer)

    def header(self) -> list[str]:
        lines = [f"title {sift_string(self.issuer())}"]
        currency = self.options.get("currency")
        if isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency):
            lines.append(f"currency {sift_string(currency)}")
        sep = self.options.get("decimal_separator", ".")
        if sep in (".", ","):
            lines.append(f"decimal {sift_string(sep)}")
            lines.append(f"thousands {sift_string(',' if sep == '.' else '.')}")
        else:
            self.note(None, f"decimal_separator {sep!r} is not '.' or ','; numbers are read "
                            f"with '.' as the decimal mark", "approximate")
        # invoice2data falls back to dateutil, which reads 03/04/2020 month first
        lines.append('date_order "MDY"')
        langs = self.options.get("languages") or []
        langs = [langs] if isinstance(langs, str) else langs
        # YAML 1.1 reads an unquoted `no` (Norwegian) as false
        other = sorted({"no" if x is False else str(x) for x in langs} - _MONTH_LANGUAGES)
        if other:
            self.note(None, f"month names in {', '.join(other)} are not known to the date "
                            f"type (it reads {', '.join(sorted(_MONTH_LANGUAGES))})",
                      "approximate")
        for key in sorted(set(self.data) - _KNOWN_TOP):
            self.note(None, f"top-level key {key!r} is not an invoice2data feature formsift "
                            f"knows; ignored")
        for key in sorted(set(self.options) - _KNOWN_OPTIONS):
            self.note(None, f"option {key!r} is not converted")
        req = self.data.get("required_fields")
        if isinstance(req, str):
            self.note(None, f"required_fields is text, not a list: invoice2data takes each "
                            f"of its characters for a field name and rejects every document; "
                            f"read as the one field {req!r}", "approximate")
        elif req is not None and not isinstance(req, list):
            self.note(None, f"required_fields {req!r} is not a list of field names "
                            f"(invoice2data stops on it); the default ones are required: "
                            f"{', '.join(DEFAULT_REQUIRED)}")
        if "priority" in self.data or "priority" in self.options:
            self.note(None, "priority is not converted: formsift chooses among templates by "
                            "match score (near-ties go to review)", "approximate")
        return lines

    def match(self) -> list[str]:
        out = ["match {"]
        kws = self.keywords()
        if not kws:
            self.note(None, "no keywords: the template can only be used with --template")
        for kw in kws:
            out.append(f"  {self.keyword(kw)}")
        for kw in self.exclude_keywords():
            if written_as_regex(kw):
                self.note(None, f"exclude keyword {kw!r} looks like a regex; it is read as "
                                f"text, as invoice2data 1.0 reads it (as a regex, "
                                f"{kw!r} would rule out far more pages)", "approximate")
            # invoice2data tests ``kw in text``: a line break is no space there
            out.append(f"  not contains {sift_regex(keyword_regex(kw, SAME_LINE_GAP))}")
        out.append("  threshold 1")
        out.append("}")
        return out if kws else []

    def exclude_keywords(self) -> list[str]:
        excl = self.data.get("exclude_keywords") or []
        return [excl] if isinstance(excl, str) else [str(k) for k in excl]

    def later_names(self, fields: dict[Any, Any]) -> set[str]:
        """The names of fields and tables the template defines, emitted or not yet."""
        return {self.valid_name(str(k)) for k in fields} | {"lines"} | self.table_groups()

    def table_groups(self) -> set[str]:
        """The named groups of the tables plugin's bodies (each one a field)."""
        groups: set[str] = set()
        for table in self.data.get("tables") or []:
            body = table.get("body") if isinstance(table, dict) else None
            if isinstance(body, str) and _check_regex(body) is None:
                groups |= set(regex.compile(body).groupindex)
        return groups

    def exclusion(self, taken: set[str]) -> None:
        """A field finding the exclude keywords anywhere in the document, and a rule that
        it found none. The match block's ``not contains`` rules out a page holding one;
        invoice2data rules out the document, so one printed on another page than the
        keywords (a credit note's mark on page 2) must not let the record be accepted.
        ``taken``: names the template's own fields and tables use."""
        excl = self.exclude_keywords()
        if not excl or not self.keywords():
            return
        name = EXCLUDED_FIELD
        while name in self.names or name in taken:
            name += "_"
        if name != EXCLUDED_FIELD:
            self.note(None, f"the template has a field named {EXCLUDED_FIELD!r}: the field "
                            f"finding exclude keywords in the document is named {name!r}",
                      "approximate")
        locators = [f"search {sift_regex('(' + keyword_regex(kw, SAME_LINE_GAP) + ')')}"
                    for kw in excl]
        if not self.emit_field(name, "text(collapse_spaces=false, strip=false)", locators):
            return
        said = sift_string(f"an exclude keyword is in the document ({', '.join(excl)}): "
                           f"invoice2data does not use this template for it")
        self.body.append(f"rule not_excluded: missing({name}) message {said}")

    def keyword(self, kw: str) -> str:
        """The match test of a keyword. One written like a regex ("Betrag [EUR]",
        "IBAN:\\s*DE") is found as text (as invoice2data 1.0 reads keywords) or as a
        regex (as earlier releases did, for which many templates were written)."""
        literal = f"contains {sift_regex(keyword_regex(kw))}"
        if written_as_regex(kw):
            self.note(None, f"keyword {kw!r} is found as text (as invoice2data 1.0 reads "
                            f"it) or as a regex (as earlier releases did)", "approximate")
            return f"any {{ {literal} contains {sift_regex(kw)} }}"
        return literal

    def normalize(self) -> list[str]:
        steps = []
        if self.options.get("remove_whitespace"):
            steps.append("remove_spaces")
        if self.options.get("remove_accents"):
            steps.append("remove_accents")
        if self.options.get("lowercase"):
            steps.append("lowercase")
        replace = self.options.get("replace") or []
        if replace and not isinstance(replace[0], list):
            replace = [replace]
        for pair in replace:
            if not isinstance(pair, list) or len(pair) != 2:
                self.note(None, f"replace entry {pair!r} is not a [pattern, replacement] pair")
                continue
            why = _check_regex(pair[0])
            if why:
                self.note(None, f"replace {pair[0]!r}: {why}")
                continue
            steps.append(f"replace {sift_regex(pair[0])} {sift_string(str(pair[1]))}")
        if not steps:
            return []
        return ["normalize {", *(f"  {s}" for s in steps), "}"]

    # -- types ----------------------------------------------------------------------
    def type_for(self, kind: str | None) -> str:
        if kind == "float":
            return "decimal"
        if kind == "int":
            return "int"
        if kind in ("date", "datetime"):
            formats = self.options.get("date_formats") or []
            formats = [formats] if isinstance(formats, str) else formats
            if formats:
                return "date(formats=[" + ", ".join(sift_string(str(f)) for f in formats) + "])"
            if not self.month_first_noted:
                self.month_first_noted = True
                self.note(None, "no date_formats: numeric dates are read month first, as "
                                "invoice2data's fallback reads them (05/04/2024 is 4 May); "
                                "a supplier who writes the day first needs date_formats "
                                "(e.g. ['%d/%m/%Y']) in the invoice2data template, or "
                                "'date_order \"DMY\"' in the converted one", "approximate")
            return "date"
        return "text(collapse_spaces=false, strip=false)"

    def known_type(self, where: str, kind: Any) -> bool:
        """Whether ``kind`` is a type invoice2data coerces to (or none); notes one it
        does not know: invoice2data stops extracting the document on it."""
        if kind is None or kind in _TYPES:
            return True
        self.note(where, f"type {kind!r} is not an invoice2data type (int, float, date): "
                         f"invoice2data stops extracting a document on it")
        return False

    @staticmethod
    def legacy_type(key: str) -> str | None:
        if key.startswith("date") or key.endswith("date"):
            return "date"
        if key.startswith("amount"):
            return "float"
        return None

    # -- fields ---------------------------------------------------------------------
    @staticmethod
    def valid_name(key: str) -> str:
        """``key`` as a formsift name (characters that cannot be in one made ``_``)."""
        name = key if _NAME.match(key) else re.sub(r"\W", "_", key)
        return name if _NAME.match(name) else "f_" + name

    def field_name(self, key: str) -> str | None:
        name = self.valid_name(key)
        if name != key:
            self.note(key, f"renamed to {name!r} (not a valid formsift name)", "approximate")
        if name in self.names:
            self.note(key, f"a field named {name!r} already exists; this one is dropped")
            return None
        self.names.add(name)
        return name

    def required(self) -> set[str]:
        req = self.data.get("required_fields")
        if isinstance(req, str):  # invoice2data iterates it: every character a field
            return {req}
        return set(map(str, req)) if isinstance(req, list) else set(DEFAULT_REQUIRED)

    def emit_field(self, key: str, type_text: str, locators: list[str],
                   modifiers: Iterable[str] = (), repeated: bool = False) -> bool:
        name = self.field_name(key)
        if name is None:
            return False
        card = "[]" if repeated else "" if key in self.required() else "?"
        mods = "".join(" " + m for m in modifiers)
        self.body.append(f"field {name}: {type_text}{card} = {' or '.join(locators)}{mods}")
        return True

    def regex_field(self, key: str, settings: dict[str, Any]) -> None:
        regexes = settings.get("regex")
        if regexes is None:
            self.note(key, "regex parser without a regex")
            return
        if not self.known_type(key, settings.get("type")):
            return
        regexes = regexes if isinstance(regexes, list) else [regexes]
        locators = []
        for rx in regexes:
            why = _check_regex(rx)
            if why:
                self.note(key, why)
                continue
            if regex.compile(rx).groups > 1:
                self.note(key, f"regex {rx!r} has several groups (invoice2data refuses it); "
                               f"the first is used", "approximate")
            locators.append(f"search {sift_regex(rx)}")
        if not locators:
            return
        mods = []
        if "area" in settings:
            region = self.area(key, settings["area"], regexes)
            if region:
                mods.append(f"in {region}")
        group = settings.get("group")
        if group is not None:
            if group in ("sum", "min", "max", "first", "last", "join"):
                mods.append(f"combine {group}")
            else:
                self.note(key, f"group {group!r} is not converted")
        kind = settings.get("type")
        if group == "join":
            kind = None  # join makes text of the values
        fallback = self.set_after(key)
        if fallback is not None:  # invoice2data's value where the field finds nothing
            mods.append(f"default {sift_string(fallback)}")
        for extra in sorted(set(settings) - {"parser", "regex", "type", "group", "area"}):
            self.note(key, f"option {extra!r} is not converted")
        # Without ``group`` invoice2data gives every distinct match, one value as itself and
        # several as a list. An optional text field keeps that (a repeated field: distinct
        # values in reading order); a required one, a number or a date stays one value (the
        # first match), because rules and checks need one.
        repeated = (group is None and kind is None and key not in self.required()
                    and key not in ("issuer", *_SET_AFTER))
        emitted = self.emit_field(key, self.type_for(kind), locators, mods, repeated)
        # a field part of whose settings was skipped (a regex of several, a replace) is
        # there, but not converted: its values may differ from invoice2data's
        self.converted += emitted and not self.skipped(key)

    def skipped(self, key: str) -> bool:
        """Whether something of field ``key`` was skipped (see :meth:`note`)."""
        return any(n.field == key and n.kind == "skipped" for n in self.notes)

    def area(self, key: str, area: Any, regexes: list[Any]) -> str | None:
        """The region of an ``area`` (page fractions, A4 assumed), noted with how reading
        it differs from invoice2data's (``pdftotext -layout`` of the crop, as printed)."""
        try:
            r = float(area["r"])
            x, y, w, h = (float(area[k]) * 72.0 / r for k in ("x", "y", "W", "H"))
            first, last = int(area["f"]), int(area["l"])
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            self.note(key, f"area {area!r} is not understood; the whole text is searched",
                      "approximate")
            return None
        box = [x / _A4[0], y / _A4[1], (x + w) / _A4[0], (y + h) / _A4[1]]
        box = [min(1.0, max(0.0, v)) for v in box]
        if box[2] <= box[0] or box[3] <= box[1]:
            self.note(key, f"area {area!r} lies outside an A4 page; the whole text is searched",
                      "approximate")
            return None
        name = f"area_{re.sub(r'[^A-Za-z0-9_]', '_', key)}"
        pages = f"on page {first}" if first == last else f"on pages {first}-{last}"
        coords = ", ".join(f"{v * 100:.2f}%" for v in box)
        self.regions.append(f"region {name} = box({coords}) {pages}")
        self.note(key, "area converted to a region assuming an A4 page"
                       + "".join(self.area_differences(regexes)), "approximate")
        return name

    def area_differences(self, regexes: list[Any]) -> list[str]:
        """What else a region's text does not share with invoice2data's area text."""
        out = []
        steps = [k for k in ("remove_whitespace", "remove_accents", "lowercase", "replace")
                 if self.options.get(k)]
        if steps:
            out.append(f"; the template's {', '.join(steps)} apply to the region's text "
                       f"too (invoice2data reads an area's text as printed)")
        if any(isinstance(rx, str) and _COLUMN_GAP.search(rx) for rx in regexes):
            out.append("; a region's words are read one space apart, so a regex that needs "
                       "a column gap of two spaces or more finds nothing there")
        return out

    def static_field(self, key: str, value: Any) -> None:
        if isinstance(value, bool):
            done = self.emit_field(key, "text", [f"value {sift_string(str(value).lower())}"])
        elif isinstance(value, int):
            done = self.emit_field(key, "int", [f"value {sift_string(str(value))}"])
        elif isinstance(value, float):
            done = self.emit_field(key, "decimal", [f"value {sift_string(repr(value))}"])
        elif isinstance(value, str):
            done = self.emit_field(key, "text(collapse_spaces=false, strip=false)",
                                   [f"value {sift_string(value)}"])
        elif isinstance(value, datetime.date):  # YAML reads 2023-03-31 as a date
            done = self.emit_field(key, 'date(format="%Y-%m-%d")',
                                   [f"value {sift_string(value.isoformat()[:10])}"])
        elif value is None:  # invoice2data outputs nothing for an empty static value
            done = True
        else:
            self.note(key, f"static value {value!r} is not text or a number")
            done = False
        self.converted += done

    def currency(self) -> str:
        """The template's currency (``options.currency``, EUR by default)."""
        return str(self.options.get("currency") or "EUR")

    def set_after(self, key: str) -> str | None:
        """What invoice2data's output gives as ``key`` whatever a field finds (the value
        the field falls back to here), None for a key it leaves to the field."""
        if key == "currency":
            return self.currency()
        if key == "desc":
            return "Invoice from " + self.issuer()
        return None

    def output_differs(self, key: str, value: Any) -> None:
        """Notes how field ``key`` (``value``: its settings) reads here where invoice2data's
        output key is one it sets itself: ``issuer`` where a regex finds nothing, and
        ``currency`` and ``desc`` always (the field's value is kept here)."""
        name = output_name(key, value)
        static = key.startswith("static_") or (isinstance(value, dict)
                                               and value.get("parser") == "static")
        if name == "issuer" and not static:
            whose = "" if "issuer" in self.data else " (its first keyword: it has no issuer)"
            self.note(key, f"where this field finds nothing, invoice2data's output gives the "
                           f"template's issuer {self.issuer()!r}{whose}; here the issuer is "
                           f"missing (a required issuer sends the record to review: a regex "
                           f"that finds nothing is no evidence of the issuer)", "approximate")
        elif name in _SET_AFTER:
            given = self.set_after(name)
            self.note(key, f"invoice2data's output gives {name} as {_SET_AFTER[name]} "
                           f"({given!r}), whatever this field finds; here the field's value "
                           f"is kept" + ("" if static else
                                         f", and {given!r} given only where it finds nothing"),
                      "approximate")

    def fields(self) -> list[str]:
        fields = self.data.get("fields") or {}
        if not isinstance(fields, dict):
            self.note(None, "'fields' is not a mapping")
            fields = {}
        tables: list[tuple[str, dict[str, Any]]] = []
        for key, v in fields.items():
            key = str(key)
            self.total += 1
            self.output_differs(key, v)
            if isinstance(v, dict):
                parser = v.get("parser")
                if parser == "regex":
                    self.regex_field(key, v)
                elif parser == "static":
                    if "value" not in v:
                        self.note(key, "static parser without a value")
                    else:
                        self.static_field(key, v["value"])
                elif parser == "lines":
                    tables.append((key, v))
                else:
                    self.note(key, f"parser {parser!r} is not converted")
            elif key.startswith("static_"):
                self.static_field(key[len("static_"):], v)
            elif key.startswith("sum_amount") and isinstance(v, list):
                self.regex_field(key[4:], {"regex": v, "type": "float", "group": "sum"})
            elif isinstance(v, (str, list)):
                self.regex_field(key, {"regex": v, "type": self.legacy_type(key)})
            else:
                self.note(key, f"value {v!r} is not a regex, a list of regexes or a parser")
        if "issuer" not in self.names:
            self.emit_field("issuer", "text(collapse_spaces=false, strip=false)",
                            [f"value {sift_string(self.issuer())}"])
        if "currency" not in self.names:
            self.emit_field("currency", "text", [f"value {sift_string(self.currency())}"])
        if "desc" not in self.names:
            self.emit_field("desc", "text(collapse_spaces=false, strip=false)",
                            [f"value {sift_string(self.set_after('desc') or '')}"])
        self.exclusion(self.later_names(fields))
        out = list(self.body)
        self.body = []
        if "lines" in self.data:
            self.total += 1
            plugin = self.data["lines"]
            tables.append(("lines", plugin if isinstance(plugin, dict) else
                           {"rules": plugin}))
        for key, settings in tables:
            out.extend(self.lines_table(key, settings))
        for i, table in enumerate(self.data.get("tables") or []):
            self.total += 1
            self.tables_plugin(i, table)
        out.extend(self.body)
        defined = {"issuer", "currency", "desc"} | {k for k, _ in tables}
        defined |= {output_name(str(k), v) for k, v in fields.items()}
        defined |= self.table_groups()  # a tables plugin's body's groups are fields too
        listed = self.data.get("required_fields") is not None
        for key in sorted(self.required() - defined):
            self.note(None, f"required field {key!r} is not defined by the template"
                            + ("" if listed else " (without required_fields, invoice2data "
                               "requires " + ", ".join(DEFAULT_REQUIRED) + ")")
                            + ": invoice2data rejects every document of this template for "
                            "it; formsift cannot require a field that is not there (define "
                            "it, or " + ("take it out of required_fields)" if listed else
                                         "give required_fields)"))
        return out

    # -- lines ------------------------------------------------------------------------
    def lines_table(self, key: str, settings: dict[str, Any]) -> list[str]:
        name = self.field_name(key)
        if name is None:
            return []
        rule_sets = settings.get("rules")
        if rule_sets is None:
            rule_sets = [{k: v for k, v in settings.items() if k != "rules"}]
        elif isinstance(rule_sets, list):
            # invoice2data gives every rule set the settings written beside ``rules``
            # (``types`` for all of them, say); a rule set's own settings win
            common = {k: v for k, v in settings.items() if k not in ("parser", "rules")}
            rule_sets = [{**common, **rs} if isinstance(rs, dict) else rs for rs in rule_sets]
        else:
            self.note(key, f"rules {rule_sets!r} is not a list of rule sets")
            return []
        columns: dict[str, str] = {}
        blocks: list[list[str]] = []
        for n, rs in enumerate(rule_sets, start=1):
            where = f"{key} (rule set {n})" if len(rule_sets) > 1 else key
            if not isinstance(rs, dict):
                self.note(where, f"rule set {rs!r} is not a mapping of line rules")
                continue
            # invoice2data renames line-item groups only in these two fields' rows
            block = self.rule_set(where, rs, columns, key in ("lines", "tax_lines"))
            if block:
                blocks.append(block)
        if not blocks:
            self.note(key, "no usable line rules; the table is not converted")
            return []
        self.converted += 1
        if key in ("lines", "tax_lines") and "uom" in columns:
            # invoice2data adds the UN/ECE code of each row's printed unit
            columns["unece_code"] = "text default unece_unit(uom)"
        out = [f"table {name} {{"]
        for col, type_text in columns.items():
            out.append(f"  {col}: {type_text}")
        if len(blocks) == 1:
            out.extend("  " + b for b in blocks[0])
        else:
            for b in blocks:
                out.append("  block {")
                out.extend("    " + x for x in b)
                out.append("  }")
        out.append("}")
        if key in self.required():  # invoice2data fails a document whose lines are missing
            rows = " + ".join(f"count({name}.{c})" for c in columns)
            out.append(f"rule {name}_required: {rows} > 0 message "
                       f"{sift_string(f'no {key} found ({key} is a required field)')}")
        return out

    def rule_set(self, where: str, rs: dict[str, Any], columns: dict[str, str],
                 rename: bool = True) -> list[str] | None:
        for extra in sorted(set(rs) - _LINE_KEYS - {"end_match"}):
            self.note(where, f"line option {extra!r} is not converted")
        if rs.get("end_match", "first") != "first":
            self.note(where, "end_match 'last' is not converted: the first 'end' match after "
                             "'start' ends each block", "approximate")
        if rs.get("line_separator", r"\n") not in (r"\n", "\n"):
            self.note(where, "line_separator is not converted: lines end at line breaks",
                      "approximate")
        if "line" not in rs:
            self.note(where, "a lines rule set needs 'line'")
            return None
        types = rs.get("types") or {}
        out = []
        for key, kw in (("start", "from"), ("end", "until")):
            if key not in rs:
                self.note(where, f"lines without {key!r} (invoice2data requires it)")
                return None
            why = _check_regex(rs[key])
            if why:
                self.note(where, f"{key}: {why}")
                return None
            out.append(f"{kw} {sift_regex(rs[key])}")
        for key in ("first_line", "line", "last_line", "skip_line"):
            if key not in rs:
                continue
            options = rs[key] if isinstance(rs[key], list) else [rs[key]]
            converted = []
            for rx in options:
                why = _check_regex(rx)
                if why:
                    self.note(where, f"{key}: {why}")
                    continue
                if rename:
                    rx = self.rename_groups(where, rx)
                for group in regex.compile(rx).groupindex:
                    if group in _TABLE_WORDS:
                        self.note(where, f"column {group!r} is named like a table keyword")
                        return None
                    kind = types.get(group) or types.get(_original(group, types))
                    if not self.known_type(f"{where}: {group}", kind):
                        kind = None
                    column = self.column_type(kind)
                    if group not in columns:
                        columns[group] = column
                    elif columns[group] != column:
                        self.note(where, f"column {group!r} has another type here than in "
                                         f"an earlier rule set; every row reads it as "
                                         f"{columns[group]}", "approximate")
                converted.append(sift_regex(rx))
            if converted:
                out.append(f"{key} {' | '.join(converted)}")
            elif key == "line":
                return None
        return out

    def rename_groups(self, where: str, rx: str) -> str:
        for old, new in LINE_ALIASES.items():
            if f"(?P<{old}>" in rx and f"(?P<{new}>" not in rx:
                rx = rx.replace(f"(?P<{old}>", f"(?P<{new}>")
        return rx

    def column_type(self, kind: str | None) -> str:
        """A line-item column: optional, as a row of invoice2data simply lacks a group its
        line rule did not capture (rows from other rules or blocks capture others)."""
        if kind is None:
            return "text(collapse_spaces=false)?"
        if kind in ("int", "float"):  # invoice2data reads a group that matched nothing as 0
            return f"{self.type_for(kind)} default 0"
        return f"{self.type_for(kind)}?"

    # -- tables plugin ----------------------------------------------------------------
    def tables_plugin(self, index: int, table: Any) -> None:
        where = f"tables[{index}]"
        if not isinstance(table, dict) or not all(k in table for k in ("start", "end",
                                                                        "body")):
            self.note(where, "a table needs start, end and body")
            return
        for key in ("start", "end", "body"):
            why = _check_regex(table[key])
            if why:
                self.note(where, f"{key}: {why}")
                return
        types = table.get("types") or {}
        field_cfg = table.get("fields") or {}
        for extra in sorted(set(table) - {"start", "end", "body", "types", "fields",
                                          "line_separator", "field_separator"}):
            self.note(where, f"table option {extra!r} is not converted")
        if table.get("line_separator", r"\n") not in (r"\n", "\n"):
            self.note(where, "line_separator is not converted: lines end at line breaks",
                      "approximate")
        body = table["body"]
        groups = list(regex.compile(body).groupindex)
        if not groups:
            self.note(where, "the body regex has no named group: nothing to extract")
            return
        emitted = False
        ungrouped = []
        for g in groups:
            if g in self.names:
                self.note(where, f"{g!r} is also a field: invoice2data's table value "
                                 f"replaces the field's where the table finds one, formsift "
                                 f"keeps the field's")
                continue
            cfg = field_cfg.get(g) if isinstance(field_cfg.get(g), dict) else {}
            if g.startswith("date") or g.endswith("date"):
                kind: str | None = "date"
            elif g.startswith("amount"):
                kind = "float"
            else:
                kind = types.get(g) or cfg.get("type")
                if not self.known_type(f"{where}: {g}", kind):
                    continue
            mods = [f"from {sift_regex(table['start'])}", f"until {sift_regex(table['end'])}",
                    "each line"]
            group = cfg.get("group")
            if group in ("sum", "min", "max", "first", "last", "join"):
                mods.append(f"combine {group}")
                if group == "join":
                    kind = None
            elif group is not None:
                self.note(where, f"{g}: group {group!r} is not converted")
            else:
                ungrouped.append(g)
            emitted |= self.emit_field(g, self.type_for(kind), [f"search {sift_regex(body)}"],
                                       mods)
        if ungrouped:
            self.note(where, f"{', '.join(ungrouped)}: a value on several lines is a list in "
                             f"invoice2data; formsift keeps the first line's (add 'combine' "
                             f"or make the field repeated)", "approximate")
        self.converted += emitted

    # -- all --------------------------------------------------------------------------
    def convert(self) -> Conversion:
        header = self.header()
        match = self.match()
        normalize = self.normalize()
        fields = self.fields()
        parts = [header, match, normalize, self.regions, fields]
        lines = [f"# Converted from the invoice2data template {self.source}",
                 "# by `formsift import invoice2data`."]
        for n in self.notes:
            lines.append(f"# {n}")
        lines.append(f"template {self.name} {{")
        first = True
        for part in parts:
            if not part:
                continue
            if not first:
                lines.append("")
            first = False
            lines.extend("  " + x if x else "" for x in part)
        lines.append("}")
        return Conversion(self.source, self.name, _canonical("\n".join(lines) + "\n"),
                          self.notes, self.total, self.converted)


def _canonical(text: str) -> str:
    """The text as ``formsift fmt`` prints it (unchanged if it does not parse: then
    ``formsift check`` reports where)."""
    from formsift.core.errors import TemplateError
    from formsift.grammar.formatter import format_source

    try:
        return format_source(text)
    except TemplateError:
        return text


def _original(group: str, types: dict[str, Any]) -> str:
    for old, new in LINE_ALIASES.items():
        if new == group and old in types:
            return old
    return group


def convert(data: dict[str, Any], name: str, source: str = "<template>") -> Conversion:
    """Convert one invoice2data template (as loaded from YAML/JSON) to ``.sift`` text."""
    return _Converter(data, source, name).convert()


def convert_file(path: Path, base: Path | None = None, name: str | None = None) -> Conversion:
    rel = path.relative_to(base) if base is not None else path
    return convert(read_template(path), name or template_name(path), str(rel))


def convert_many(paths: Iterable[str | Path]
                 ) -> Iterable[tuple[Path, Conversion | TemplateImportError]]:
    """Convert every template file under ``paths``; template names stay unique (a file
    name found in two folders gets its folder's name appended)."""
    seen: set[str] = set()
    for path, base in template_files(paths):
        name = template_name(path)
        if name in seen:
            name = f"{name}_{template_name(path.parent)}"
            while name in seen:
                name += "_"
        seen.add(name)
        try:
            yield path, convert_file(path, base, name)
        except TemplateImportError as exc:
            yield path, exc
