"""Field types called directly, as a template's field would call them: a parse context
for a locale and an expected currency, a type with its options, its best find in a text."""

from __future__ import annotations

from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale


def ctx(locale: str = "en", currency: str | None = None) -> ParseContext:
    return ParseContext(get_locale(locale), currency)


def ftype(registry, name: str, **options):
    return registry.create("field_type", name, options or None)


def best(registry, name, text, locale="en", currency=None, **options):
    found = ftype(registry, name, **options).find(text, ctx(locale, currency))
    return found[0] if found else None
