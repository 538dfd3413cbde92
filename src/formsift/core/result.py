"""The result of an extraction, as pydantic models (JSON and JSON Schema come for free).

Values keep their typed form in Python (``Decimal``, ``date``) and serialise to JSON as
strings (``"1234.50"``, ``"2024-03-01"``) so that no money is ever a float. Each value says
how it was written (``value_type``), so a result read back from its JSON
(``ExtractionResult.model_validate_json``) holds the same ``Decimal`` and ``date`` values.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_serializer,
    field_validator,
    model_validator,
)


class Status(StrEnum):
    ACCEPTED = "accepted"
    REVIEW = "review"
    REJECTED = "rejected"
    ERROR = "error"


class FieldValue(BaseModel):
    """One extracted value with everything needed to trust or correct it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    value: Any = Field(description="Typed value; JSON gives Decimal and dates as strings.")
    raw: str | None = Field(None, description="The text the value was parsed from.")
    page: int | None = Field(None, ge=1, description="1-based page number.")
    box: list[float] | None = Field(None, min_length=4, max_length=4,
                                    description="[x0, y0, x1, y1], page-relative 0..1.")
    confidence: float = Field(0.0, ge=0.0, le=1.0, description="0..1: how sure the value is "
                              "(see docs/validation.md, Confidence).")
    source: str = Field("", description=(
        "What produced the text: the loader for a PDF's text layer (pdf), the recognizer "
        "for text read from pixels (ppocr_rec, or a plugin's recognizer), template (a value "
        "the template states, or its default), review (a reviewer's correction)."))
    locator: str = Field("", description="How the template found it.")
    candidates: int = Field(1, description="How many candidates the locator offered.")
    value_type: Literal["decimal", "digits", "date", "datetime", "time"] | None = Field(
        None, description="How `value` is written in JSON: decimal (a number as a string, "
                          "never a float), digits (a number written as a string of digits, "
                          "leading zeros kept: a `digits` field), date or datetime (ISO "
                          "8601), time (a time of day, HH:MM); absent: as itself. "
                          "Set from the value; reading the JSON back restores the type.")
    currency: str | None = Field(None, description="ISO 4217 code written beside an amount "
                                                   "(\"$12.50\": USD), when there was one.")

    @model_validator(mode="before")
    @classmethod
    def _typed_from_json(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("value"), str) \
                and data.get("value_type"):
            data = {**data, "value": _from_json(data["value"], data["value_type"],
                                                data.get("currency"))}
        return data

    def model_post_init(self, context: Any, /) -> None:
        v = self.value
        if self.value_type is None:
            from formsift.core.digit_string import DigitString

            self.value_type = ("digits" if isinstance(v, DigitString) else
                               "datetime" if isinstance(v, datetime) else
                               "date" if isinstance(v, date) else
                               "time" if isinstance(v, time) else
                               "decimal" if isinstance(v, Decimal) else None)
        if self.currency is None and isinstance(v, Decimal):
            self.currency = getattr(v, "currency", None)

    @field_serializer("value", when_used="json")
    def _ser_value(self, v: Any) -> Any:
        return _jsonable(v)


class RuleOutcome(BaseModel):
    """One rule of the template, evaluated (or skipped because a value was missing)."""

    name: str
    severity: str = Field(description="error or warn")
    passed: bool | None = Field(description="None when the rule could not be evaluated.")
    message: str = ""
    fields: list[str] = Field(default_factory=list)
    rows: list[int] | None = Field(None, description=(
        "For an each rule: the rows it failed (or could not be evaluated) on, as indexes "
        "into the table's rows in the result (0 is the first row: tables.NAME[0], as "
        "corrections name it, items[0].qty); the message counts from 1."))


class EarlierRecord(BaseModel):
    """The earlier document a duplicate repeats (a failed ``seen_before``)."""

    document_id: str = Field(description="The earlier document's id (its content hash).")
    seen_at: datetime | None = Field(None, description="When its values were recorded "
                                                       "(absent where the store keeps no time).")
    value: str | None = Field(None, description="The value (or key of values) both carry.")
    record_id: str | None = Field(None, description="In the service: the earlier record's "
                                                    "id (a file sent again).")


class Reason(BaseModel):
    """A machine-readable reason for a status other than accepted (or, for
    ``low_confidence_accepted``, a doubt the template accepted, which routes nothing)."""

    code: str = Field(description="rule_failed | rule_not_evaluated | low_confidence | "
                                  "low_confidence_accepted (a doubt the template's "
                                  "'accept low_confidence(...)' accepted: routes nothing) | "
                                  "field_missing | invalid_value | ambiguous | "
                                  "currency_mismatch | "
                                  "regex_timeout | policy | no_text | input_damaged | "
                                  "several_documents | duplicate_document | "
                                  "pages_missing | pages_disagree | template_mismatch | "
                                  "unknown_document | input_error | "
                                  "hidden_text | ocr_layer_mismatch | form_field_mismatch | "
                                  "reviewer_rejected (service review); in packet results: "
                                  "document_missing | extra_documents | unassigned_pages | "
                                  "document_review. Plugins and later versions may add "
                                  "codes: read an unknown one as a reason for review.")
    message: str
    field: str | None = None
    rule: str | None = None
    rows: list[int] | None = Field(None, description=(
        "For a reason about table cells or an each rule: the rows concerned, as indexes "
        "into the table's rows in the result (0 is the first row: tables.NAME[0], as "
        "corrections name it, items[0].qty); the message counts from 1, as people do."))
    refers_to: EarlierRecord | None = Field(None, description=(
        "For a duplicate (a failed seen_before rule): the earlier document that carried "
        "the value first; for duplicate_document (the same file sent again): its first "
        "extraction (in the service, its record). For a program to link the two without "
        "reading the message."))


class ComponentRef(BaseModel):
    kind: str
    name: str
    version: str
    distribution: str = ""
    distribution_version: str = Field("", description=(
        "the installed version of the distribution (importlib.metadata): which release "
        "of a plugin package produced the result; empty for a --plugin module"))


class Audit(BaseModel):
    """What produced this result: input, template, components, timings."""

    input_name: str
    input_hash: str
    input_bytes: int = 0
    template: str | None = None
    template_version: str | None = None
    template_hash: str | None = None
    formsift_version: str = ""
    libraries: dict[str, str] = Field(default_factory=dict, description=(
        "versions of the libraries that shape a reading (PyMuPDF, onnxruntime, OpenCV, "
        "the PP-OCR model package...), to replay a result with the same ones"))
    components: list[ComponentRef] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    plugin_errors: list[str] = Field(default_factory=list)
    #: What the loader noticed about the input and worked around: a PDF MuPDF had to
    #: repair, pages of a damaged TIFF that could not be read, ...
    input_warnings: list[str] = Field(default_factory=list)
    params: dict[str, Any] = Field(default_factory=dict, description=(
        "the parameters the template's rules read (param.NAME), as given at extraction "
        "or their defaults: the inputs of the rules that are not in the document"))
    params_defaulted: list[str] = Field(default_factory=list, description=(
        "those of params that were not given and took the template's default: a replay "
        "(a re-extraction, a golden test) gives only the others, so a changed default "
        "applies"))


class WordOut(BaseModel):
    """A recognized word: text, page-relative box, confidence and the component that read it."""

    text: str
    box: list[float]
    confidence: float
    source: str
    handwritten: bool = False


class PageInfo(BaseModel):
    """One page: its size, what preprocessing measured (deskew angle, orientation, ...) and,
    for pages read by OCR, the recognized words."""

    page: int
    width: float
    height: float
    unit: str
    rotation: int = 0
    text_layer: bool
    notes: dict[str, Any] = Field(default_factory=dict)
    words: list[WordOut] = Field(default_factory=list)


class TemplateScore(BaseModel):
    template: str
    score: float
    pages: list[float] = Field(default_factory=list)


class ExtractionResult(BaseModel):
    """The record extracted from one document, its rule outcomes, status and audit block."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    document_id: str
    source: str
    pages: int
    template: str | None
    status: Status
    reasons: list[Reason] = Field(default_factory=list)
    fields: dict[str, FieldValue | list[FieldValue] | None] = Field(default_factory=dict)
    tables: dict[str, list[dict[str, FieldValue | None]]] = Field(default_factory=dict)
    rules: list[RuleOutcome] = Field(default_factory=list)
    classification: list[TemplateScore] = Field(default_factory=list)
    page_info: list[PageInfo] = Field(default_factory=list)
    audit: Audit

    @field_validator("source")
    @classmethod
    def _printable_source(cls, v: str) -> str:
        return _printable(v)

    def record(self) -> dict[str, Any]:
        """Plain values only, as a JSON-ready dict: ``{"total": "123.40", "items": [...]}``."""
        out: dict[str, Any] = {}
        for name, fv in self.fields.items():
            if fv is None:
                out[name] = None
            elif isinstance(fv, list):
                out[name] = [_jsonable(v.value) for v in fv]
            else:
                out[name] = _jsonable(fv.value)
        for name, rows in self.tables.items():
            out[name] = [{c: (_jsonable(v.value) if v is not None else None)
                          for c, v in row.items()} for row in rows]
        return out

    def field(self, name: str) -> FieldValue | None:
        """The value of a single-valued field with its raw text, page, box, confidence and
        source (None when it was not found). A repeated field (``all``) is a list: use
        ``fields[name]``."""
        if name not in self.fields:
            raise KeyError(f"no field {name!r} in template '{self.template}' "
                           f"(fields: {', '.join(self.fields) or 'none'})")
        fv = self.fields[name]
        if isinstance(fv, list):
            raise TypeError(f"field {name!r} is repeated: result.fields[{name!r}] is its list")
        return fv

    def value(self, name: str) -> Any:
        """The typed value of a field (None when it was not found; a list for a repeated
        field), or a table's rows (dicts of typed values). A name the template does not
        have raises ``KeyError``: a misspelt name is not a missing value (an unknown
        document, which has no template, gives None)."""
        if name in self.tables and name not in self.fields:
            return [{c: (v.value if v is not None else None) for c, v in row.items()}
                    for row in self.tables[name]]
        if name not in self.fields and self.template is None:
            return None  # an unknown document: no template, nothing extracted
        if name not in self.fields:
            known = [*self.fields, *self.tables]
            raise KeyError(f"no field or table {name!r} in template '{self.template}' "
                           f"(known: {', '.join(known) or 'none'})")
        fv = self.fields[name]
        if isinstance(fv, list):
            return [v.value for v in fv]
        return fv.value if fv is not None else None


class ErrorResult(BaseModel):
    """An input that could not be processed: it still yields a line, never silence."""

    source: str
    status: Literal[Status.ERROR] = Status.ERROR
    error: str = Field(description="Error code, e.g. input_error, template_error, timeout, "
                                   "worker_crashed, internal_error, duplicate_input (batch: "
                                   "the file copies another input of the run).")

    @field_validator("source", "message")
    @classmethod
    def _printable_source(cls, v: str) -> str:
        return _printable(v)
    message: str
    document_id: str | None = None


def _jsonable(v: Any) -> Any:
    from datetime import date, time
    from decimal import Decimal

    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, time):
        return v.isoformat(timespec="seconds" if v.second else "minutes")
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    return v


def _printable(name: str) -> str:
    """A source name JSON can carry (file names that are not UTF-8 have their odd bytes
    escaped, see :func:`formsift.core.sources.printable_name`)."""
    from formsift.core.sources import printable_name

    return printable_name(name)


def _from_json(text: str, value_type: str, currency: str | None) -> Any:
    """A value as :func:`_jsonable` wrote it, back in its Python type (the text itself
    when it does not read as ``value_type``: the result stays loadable)."""
    try:
        if value_type == "digits":
            from formsift.core.digit_string import DigitString

            return DigitString(text)
        if value_type == "decimal":
            if currency:
                from formsift.core.money import Amount

                return Amount(text, currency)
            return Decimal(text)
        if value_type == "datetime":
            return datetime.fromisoformat(text)
        if value_type == "date":
            return date.fromisoformat(text)
        if value_type == "time":
            return time.fromisoformat(text)
    except (InvalidOperation, ValueError):
        pass
    return text


def result_json_schema() -> dict[str, Any]:
    """The JSON Schema of one result: an :class:`ExtractionResult`, the
    :class:`~formsift.core.packet.PacketResult` of a file split into documents
    (``extract_packet``, ``--split``), or the :class:`ErrorResult` of an input that could
    not be processed (``"status": "error"``); exported as ``docs/result.schema.json``. JSON
    Lines output holds one per line."""
    from pydantic import TypeAdapter

    from formsift.core.packet import PacketResult

    schema = TypeAdapter(ExtractionResult | PacketResult | ErrorResult).json_schema()
    schema["title"] = "formsift result"
    # the three kinds hold no key beyond their own, so that one with a key missing (an
    # extraction result without its audit block) is not taken for another kind; reading
    # a result (model_validate) stays lenient, the schema is what a consumer checks
    for name in ("ExtractionResult", "PacketResult", "ErrorResult"):
        schema["$defs"][name]["additionalProperties"] = False
    return schema
