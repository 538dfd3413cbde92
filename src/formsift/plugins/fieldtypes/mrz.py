"""The ``mrz`` field type: finds an ICAO 9303 machine-readable zone in a page's text and
yields its fields as a record (``mrz.surname``, ``mrz.birth_date``, ``mrz.valid``, ...).

An MRZ whose check digits fail is still found (so that a rule such as
``rule mrz_ok: valid_mrz(mrz)`` can fail and route the record to review), with a lower
score than a valid one. ``valid`` covers the check-digit fields only: the name line and
the issuing state have none, so an MRZ whose document type, issuing state or nationality
is not a real code (a letter lost or misread: ``DNS`` for ``DNK``) scores as low as an
invalid one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from formsift.core.kinds import Constraint, FieldType, Found, ParseContext
from formsift.plugins.validators.mrz import ATTRIBUTES, Mrz, find_mrz, parse_mrz


def _score(mrz: Mrz) -> float:
    """1.0 for an MRZ whose check digits hold and whose codes are real (document type,
    issuing state, nationality: :attr:`Mrz.codes_known`), else 0.5."""
    return 1.0 if mrz.valid and mrz.codes_known else 0.5


class MrzType(FieldType):
    name = "mrz"
    version = "0.1.0"
    summary = "ICAO 9303 machine-readable zones (TD1, TD2, TD3) as a record of fields"
    value_kind = "record"
    attributes: ClassVar[dict[str, str]] = ATTRIBUTES
    multiline = True
    #: the zone's check digits check its reading (:meth:`reading_passes`), with a rule
    #: ``valid_mrz`` or without: what they do not cover (the names, sex, nationality) is
    #: no surer than its weakest character (:mod:`formsift.templates.check_digits`)
    checks_reading = True

    def parse(self, raw: str, ctx: ParseContext) -> dict[str, Any]:
        return parse_mrz(raw).as_dict()

    def reading_passes(self, value: dict[str, Any]) -> bool:
        """Whether a zone parsed from a reading passes its own check digits."""
        return bool(value.get("valid"))

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        return [Found(start, end, mrz.as_dict(), _score(mrz)) for start, end, mrz in find_mrz(text)]

    def to_json(self, value: Any) -> Any:
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in value.items()}

    def json_schema(self) -> dict[str, Any]:
        kinds = {"text": {"type": "string"}, "date": {"type": ["string", "null"],
                                                      "format": "date"},
                 "bool": {"type": "boolean"}}
        props: dict[str, Any] = {k: kinds[v] for k, v in ATTRIBUTES.items()}
        props["checks"] = {"type": "object", "additionalProperties": {"type": "boolean"}}
        props["text"] = {"type": "string"}
        return {"type": "object", "properties": props}

    def constraint(self) -> Constraint:
        return Constraint(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
