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


def ocr_page(*lines: list[str], source: str = "ppocr_rec", confidence: float = 0.98):
    """A page of ``lines``, each a list of word texts one word space apart (a character
    0.012 of the page wide, lines 0.06 apart), read by ``source`` at ``confidence``: an
    OCR's words carry that confidence per character, a text layer's none."""
    from formsift.core.document import Page, Word
    from formsift.core.geometry import Box

    words = []
    for i, line in enumerate(lines):
        x, y = 0.05, 0.1 + 0.06 * i
        for text in line:
            w = 0.012 * len(text)
            words.append(Word(text, Box(x, y, x + w, y + 0.02), 0, confidence, source,
                              char_confidences=(confidence,) * len(text)
                              if source == "ppocr_rec" else ()))
            x += w + 0.012
    return Page(0, 100, 100, words=words)


def engine_for(folder, source: str, name: str = "t.sift"):
    """An engine (seen store in memory) with the templates of ``source``, written to
    ``folder`` / ``name``."""
    from formsift import Engine

    path = folder / name
    path.write_text(source, encoding="utf-8")
    return Engine(templates=[path], seen_store="memory")
