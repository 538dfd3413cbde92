"""Base classes of the seven component kinds. Plugins subclass one of these."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from formsift.core.components import Component, ComponentKind
from formsift.core.contracts import (
    ContractError,
    blame,
    checked_words,
    kind_problem,
    record_problem,
    set_up,
)
from formsift.core.geometry import Box

if TYPE_CHECKING:
    import numpy as np

    from formsift.core.document import Document, Page, Word
    from formsift.core.locale import Locale
    from formsift.core.result import ExtractionResult
    from formsift.core.sources import Source


class Loader(Component):
    """Turns an input's bytes into a :class:`Document`."""

    kind = ComponentKind.LOADER
    #: File suffixes this loader reads, for users' messages (".pdf", ".png").
    suffixes: ClassVar[tuple[str, ...]] = ()

    def accepts(self, source: Source) -> bool:
        """Whether this loader reads ``source`` (by its magic bytes, not only its name)."""
        raise NotImplementedError

    def load(self, source: Source) -> Document:
        """Read ``source``; raise :class:`~formsift.core.errors.InputError` when it can't."""
        raise NotImplementedError


class Preprocessor(Component):
    """Transforms a page image (deterministically) before segmentation and recognition."""

    kind = ComponentKind.PREPROCESSOR
    #: Whether the image ``process`` returns is a new frame of the page (``perspective``:
    #: the page found in a photo, unwarped), whose boxes are fractions of the output. Any
    #: other preprocessor keeps the page's shape: the same size, scaled alike in both
    #: directions (``rescale``), or turned a quarter (``orientation``); the engine checks.
    reframes: ClassVar[bool] = False

    def process(self, image: np.ndarray, page: Page) -> np.ndarray:
        """Return the processed image, a new array (or ``image`` itself, unchanged): never
        write into ``image``, whose measurements earlier steps may keep. Keep the page's
        shape (see ``reframes``): every box read later is a fraction of the page, so a
        crop or a pad would move them all. Record measurements in
        ``page.notes[self.name]``."""
        raise NotImplementedError


@dataclass(slots=True)
class TextRegion:
    """A region found by a segmenter: a word, a line, a checkbox or a ruling line."""

    box: Box
    kind: str = "text"  # text | handwritten | checkbox | rule
    score: float = 1.0
    polygon: list[tuple[float, float]] | None = None
    attrs: dict[str, Any] = field(default_factory=dict)


class Segmenter(Component):
    """Finds regions (text, handwriting, checkboxes, ruling lines) on a page image."""

    kind = ComponentKind.SEGMENTER
    #: Whether ``segment`` looks at the page's image; one that reads the document itself
    #: (an e-invoice file attached to a PDF) gets ``None`` for it, and no page is rendered.
    needs_image: ClassVar[bool] = True

    def segment(self, image: np.ndarray | None, page: Page) -> list[TextRegion]:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Constraint:
    """What a field's type allows a recognizer to read: an alphabet and/or a pattern."""

    alphabet: str | None = None
    pattern: str | None = None


class Recognizer(Component):
    """Reads the text of regions on a page image into words with confidences."""

    kind = ComponentKind.RECOGNIZER

    def recognize(self, image: np.ndarray, page: Page, regions: list[TextRegion],
                  constraint: Constraint | None = None) -> list[Word]:
        raise NotImplementedError

    def recognize_groups(self, image: np.ndarray, page: Page,
                         groups: Sequence[tuple[list[TextRegion], Constraint | None]]
                         ) -> list[Word]:
        """Words of several groups of regions, each read with its own constraint (the
        boxes of a form's typed fields). By default one :meth:`recognize` call per group;
        a recognizer whose model run does not depend on the constraint overrides this to
        read every group in one batched pass."""
        words: list[Word] = []
        for regions, constraint in groups:
            words.extend(checked_words(self, "recognize",
                                       self.recognize(image, page, regions, constraint),
                                       page.index))
        return words


@dataclass(frozen=True)
class Function:
    """A function a validator offers to template rules, with its signature for the checker.

    Parameter and return types are value kinds: ``text``, ``number``, ``money``, ``date``,
    ``bool`` or ``any``. ``impl`` takes one argument per parameter and returns a value of
    the ``returns`` kind. ``check``, when given, is called by the template checker with one
    argument, the list of the rule's arguments (a literal's value, ``None`` for the
    others), and returns a problem
    to report at the rule's line, as ``(message, hint)``, or None: so that
    ``valid_id("de.idnrr", x)`` fails when the template is checked, not on a document.
    """

    name: str
    params: tuple[str, ...]
    returns: str
    impl: Callable[..., Any]
    doc: str = ""
    check: Callable[[list[Any]], tuple[str, str | None] | None] | None = None
    #: Positions (0-based) of the parameters the result reads something beside, not their
    #: value: ``currency_of(total, ...)`` reads the currency written with the amount, so
    #: an equation it takes part in vouches nothing for the amount's digits.
    beside_value: tuple[int, ...] = ()
    #: Positions (0-based) of the parameters that name a file (a whitelist): a relative
    #: path written there is read from the template's folder, as a component's file
    #: option is; ``check`` and ``impl`` get the absolute path.
    file_params: tuple[int, ...] = ()


class Validator(Component):
    """Offers functions that template rules call (``valid_iban(iban)``)."""

    kind = ComponentKind.VALIDATOR

    def functions(self) -> Iterable[Function]:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Found:
    """A value a field type found inside a text: its span, parsed value and a score."""

    start: int
    end: int
    value: Any
    score: float = 1.0
    #: As likely as the value before it in ``find``'s list (another reading of the same
    #: characters): it ranks level with it, so a rule decides between them, or review.
    tied: bool = False


def _broken(cls: type[FieldType], method: str, problem: str,
            field_type: FieldType) -> ContractError:
    place = getattr(field_type, "_formsift_place", None)
    return ContractError(f"field type {cls.name!r} ({cls.__module__}.{cls.__qualname__})"
                         + (f", reading {place}" if place else "")
                         + f": {method}() returned {problem} (value_kind {cls.value_kind!r})",
                         cls)


def _as_method(method: Any) -> Callable[..., Any]:
    """``method`` as a class's ``__dict__`` holds it, called ``(self, *args)`` as
    ``self.method(*args)`` calls it: a ``@staticmethod`` without ``self``, a
    ``@classmethod`` with ``self``'s class."""
    if isinstance(method, staticmethod):
        return lambda self, *args: method.__func__(*args)
    if isinstance(method, classmethod):
        return lambda self, *args: method.__func__(type(self), *args)
    return method


def _checked_parse(parse: Callable[..., Any], cls: type[FieldType]) -> Callable[..., Any]:
    call = _as_method(parse)

    @functools.wraps(parse)
    def checked(self: FieldType, raw: str, ctx: ParseContext) -> Any:
        set_up(self)
        try:
            value = call(self, raw, ctx)
        except ValueError:  # "not a value of this type"
            raise
        except Exception as exc:  # a bug: named with the field it was reading
            blame(exc, self, "parse")
            raise
        problem = _value_problem(value, cls)
        if problem is not None:
            raise _broken(cls, "parse", problem, self)
        return value

    return checked


def _checked_find(find: Callable[..., Any], cls: type[FieldType]) -> Callable[..., Any]:
    call = _as_method(find)

    @functools.wraps(find)
    def checked(self: FieldType, text: str, ctx: ParseContext) -> list[Found]:
        set_up(self)
        try:
            found = list(call(self, text, ctx))  # a generator is allowed, and read once here
        except Exception as exc:
            blame(exc, self, "find")
            raise
        for f in found:
            problem = _value_problem(f.value, cls) if isinstance(f, Found) \
                else f"{f!r}, not a formsift.Found"
            if problem is None:
                problem = _span_problem(f, text)
            if problem is not None:
                raise _broken(cls, "find", problem, self)
        return found

    return checked


#: The JSON form of each value kind, as results write it (a Decimal as a string of
#: digits, an int as a number): the default of :meth:`FieldType.json_schema`.
_DECIMAL_TEXT = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}
_KIND_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "number": {"anyOf": [{"type": "integer"}, _DECIMAL_TEXT]},
    "money": _DECIMAL_TEXT,
    "date": {"type": "string", "format": "date"},
    "time": {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"},
    "bool": {"type": "boolean"},
}


def _value_problem(value: Any, cls: type[FieldType]) -> str | None:
    """Why ``value`` is no value of ``cls``'s kind (a record: of its declared attributes)."""
    if cls.value_kind == "record":
        return record_problem(value, cls.attributes)
    return kind_problem(value, cls.value_kind)


def _span_problem(found: Found, text: str) -> str | None:
    """Why ``found``'s span is not characters of ``text`` (a value from nowhere)."""
    start, end = found.start, found.end
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        return f"a span {start!r}..{end!r} outside the text (0..{len(text)})"
    return None if start < end else f"an empty span {start}..{end}"


@dataclass(frozen=True)
class ParseContext:
    """What a field type needs to parse: the template's locale and currency, and whether
    the document's text may have been read by a recognizer (``recognized``: False where
    every word came from a text layer, whose letters are known)."""

    locale: Locale
    currency: str | None = None
    recognized: bool = True
    #: Whether the words a value is read from are handwriting: True where a recognizer
    #: read them as such or their field is hinted ``handwritten``, False where they are
    #: print (a text layer's), None where not known (the template's context; the
    #: locators set it per value: ``locators.handwriting_context``).
    handwritten: bool | None = None
    #: Whether the template states the order its numeric dates are written in (a
    #: ``date_order``, or a ``locale`` of a country that writes one order): False where
    #: the day first of formsift's default only guesses it, or a Canadian locale writes
    #: both. A parameter's date that reads both ways (03/01/2026) is then refused.
    date_order_stated: bool = False


class FieldType(Component):
    """Parses raw text into a typed value (``Decimal``, ``date``, ...).

    The options model holds the field's parameters from the template, for example
    ``date(format="%d.%m.%Y")`` or ``id(pattern=/[A-Z]{2}-\\d{6}/)``.
    """

    kind = ComponentKind.FIELD_TYPE
    #: The value kind rules see: text, number, money, date, bool.
    value_kind: ClassVar[str] = "text"
    #: The option a single positional argument fills: ``enum("a", "b")``, ``id(/re/)``.
    positional: ClassVar[str | None] = None
    #: For types whose value is a record (value kind ``record``): attribute -> value kind,
    #: which rules read as ``field.attribute`` (``mrz.surname``).
    attributes: ClassVar[dict[str, str]] = {}
    #: True when ``find`` must see several lines at once (joined with newlines), as for a
    #: machine-readable zone; other types are offered one line at a time.
    multiline: ClassVar[bool] = False
    #: Types that read pixels, not text (signatures, initials): located by a box or region,
    #: their value comes from :meth:`read_image`.
    reads_image: ClassVar[bool] = False
    #: Types whose values are the payloads of codes printed on the page (QR codes): the
    #: name of the segmenter that decodes them (``qr_codes``). For a template with a
    #: field of such a type, the engine runs it on every page and adds each payload as a
    #: word (:meth:`Engine.read_codes`), which ``find`` then meets in the page's text.
    reads_codes: ClassVar[str | None] = None

    def takes(self, raw: str, words: Sequence[Word], doc: Document) -> bool:
        """Whether a value read as ``raw`` from ``words`` (of ``doc``) may be this
        field's; by default any. A type whose values are whole payloads of codes and
        nothing else (``barcode``) takes only one word of a code it reads, never the print
        beside it nor a part of a payload."""
        return True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # what parse and find return becomes a record's value: checked against value_kind
        # (against the value kind of the class that defines the method: a subclass that
        # turns a date into text calls a parse whose own promise is a date)
        if "parse" in cls.__dict__:
            cls.parse = _checked_parse(cls.__dict__["parse"], cls)  # type: ignore[method-assign]
        if "find" in cls.__dict__:
            cls.find = _checked_find(cls.__dict__["find"], cls)  # type: ignore[method-assign]

    def parse(self, raw: str, ctx: ParseContext) -> Any:
        """Parse the whole of ``raw``; raise ``ValueError`` with a short reason when it isn't."""
        raise NotImplementedError

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        """Values of this type inside ``text`` (a line, or the rest of a line after a label).

        The default tries the whole text; types with a recognisable shape override it.
        """
        stripped = text.strip()
        if not stripped:
            return []
        try:
            value = self.parse(stripped, ctx)
        except ValueError:
            return []
        start = text.index(stripped)
        return [Found(start, start + len(stripped), value, 1.0)]

    def misfit(self, text: str, ctx: ParseContext) -> str | None:
        """Why ``text`` (where a value was expected, none found) holds a value of this type's
        shape that fails its check, as "an IBAN whose check digits are wrong"; None when it
        does not (the default). Such a value sends the record to review as
        ``invalid_value``, also when another place gave the field a valid one."""
        return None

    def to_json(self, value: Any) -> Any:
        """The JSON form of a parsed value (Decimal and dates become strings)."""
        return value

    def json_schema(self) -> dict[str, Any]:
        """The JSON Schema of the type's values in a record; by default, that of its
        ``value_kind`` (a record: an object of its ``attributes``). Override it to say
        more (a pattern, a format)."""
        if self.value_kind == "record":
            return {"type": "object", "properties": {
                k: _KIND_SCHEMAS.get(v, {}) for k, v in self.attributes.items()}}
        return dict(_KIND_SCHEMAS.get(self.value_kind, {"type": "string"}))

    def constraint(self) -> Constraint | None:
        """What a recognizer may read for a field of this type (None: anything)."""
        return None

    def read_image(self, image: np.ndarray, box: Box, printed: list[Box]
                   ) -> tuple[Any, float, str]:
        """For ``reads_image`` types: (value, confidence, raw text) from the pixels of
        ``box`` (page-relative) in the page image; ``printed``: boxes of printed words there."""
        raise NotImplementedError


class Exporter(Component):
    """Writes results in a format (JSON, JSON Lines, CSV, ...)."""

    kind = ComponentKind.EXPORTER
    suffix: ClassVar[str] = ""
    media_type: ClassVar[str] = "application/octet-stream"
    #: Whether ``export`` writes a packet result (a split file: ``PacketResult``) as it
    #: is (json, jsonl). A format of one row per record (csv) leaves this False:
    #: ``Engine.export`` gives it each packet's records instead (``PacketResult.flat()``).
    takes_packets: ClassVar[bool] = False

    def export(self, results: Iterable[ExtractionResult], stream: TextIO) -> None:
        raise NotImplementedError


KIND_BASES: dict[ComponentKind, type[Component]] = {
    ComponentKind.LOADER: Loader,
    ComponentKind.PREPROCESSOR: Preprocessor,
    ComponentKind.SEGMENTER: Segmenter,
    ComponentKind.RECOGNIZER: Recognizer,
    ComponentKind.VALIDATOR: Validator,
    ComponentKind.FIELD_TYPE: FieldType,
    ComponentKind.EXPORTER: Exporter,
}
