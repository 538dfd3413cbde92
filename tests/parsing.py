"""Field types called directly, as a template's field would call them: a parse context
for a locale and an expected currency, a type with its options, its best find in a text;
and a text document extracted with a template written in the test."""

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


def extract_text(tmp_path, template: str, text: str, engine=None):
    """The result of extracting a text file holding ``text`` with the template source
    ``template`` (both written in ``tmp_path``), by ``engine`` or a new one."""
    from formsift import Engine

    tpl = tmp_path / "t.sift"
    tpl.write_text(template, encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    return (engine or Engine()).extract(doc, str(tpl))
