"""``formsift explain``: why each field got its value, or none."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from formsift.core.document import Document, Page
from formsift.templates.explain_classification import classification_lines
from formsift.templates.labels import find_label
from formsift.templates.locators import (
    PageView,
    label_texts,
    relative_words,
    resolve_region,
    value_is_a_label,
)
from formsift.templates.model import CompiledTemplate, FieldSpec, LocatorSpec, scope_count
from formsift.templates.runtime import run
from formsift.templates.tables import traced

#: Label hits, and texts beside each, that explain shows for a field without candidates.
_SHOWN = 3


@contextmanager
def _looking(engine: Any) -> Iterator[None]:
    """Extract through ``engine`` as a look, not a record: its duplicates store is read
    and not written (a document explained and then extracted is no copy of itself), and
    observers of ``formsift_result_ready`` (a plugin posting results on) are not called."""
    from formsift.core import seen

    store = engine.seen_store
    engine.seen_store = seen.read_only(store)
    engine._notify = lambda *args, **kwargs: None  # this engine's hooks, for the look
    try:
        yield
    finally:
        engine.seen_store = store
        del engine._notify


def explain(engine: Any, source: Any, template_ref: Any, rows: int = 20,
            params: Any = None) -> str:
    """The report of ``formsift explain``: each field's candidates and the evidence behind
    its value; for each table read by its header, the header line found on each page,
    the line that ended it and why, and the lines left out of its rows with the reason
    (:func:`~formsift.templates.tables.traced`), then its first ``rows`` rows (0: all);
    and the rules' outcomes.

    The document is extracted as ``formsift extract -t`` extracts it
    (:meth:`~formsift.core.engine.Engine.extract_document`: handwriting read again with
    its field's or column's type, a second reading, region-first pages read in full,
    image areas of a text layer), so the values, status and reasons shown are extract's;
    the template's last run is then repeated on the words as they were finally read, for
    the candidates and evidence behind those values. ``params``: the template's
    parameters, as for extract."""
    from formsift.core import seen

    template = engine.template(template_ref)
    engine.param_values(template, params)  # a mistake before the document is read
    doc = engine.load(source)
    with _looking(engine):
        result = engine.extract_document(doc, template, params=params)
    template = engine.with_params(template, params)  # (its rules, for the run below)
    with traced() as book, seen.bound(engine.seen_store, template.seen_namespace, doc.id):
        ex = run(template, doc)  # (the words are read: the same run as extract's last)
    out = [f"document {doc.name} ({len(doc.pages)} page(s)) with template {template.id}",
           f"status: {result.status.value}"]
    out += [f"  reason [{r.code}] {r.message}" for r in result.reasons]
    out += classification_lines(engine, doc, template.name)
    out.append("(each candidate: 'score' is how well its locator placed it, 'read' how sure "
               "the reading of its words is; a field's confidence weighs both with its "
               "rules)")
    out.append("")
    written = declarations(template)
    for name, spec in template.fields.items():
        fv = result.fields.get(name)
        out.append(written.get(name) or declaration(spec))
        cands = ex.candidates.get(name, [])
        if not cands:
            out.append("    no candidates" + (" (default used)" if fv is not None else ""))
            out += why_empty(template, doc, spec)
        for i, c in enumerate(cands[:8]):
            chosen = fv is not None and not isinstance(fv, list) and fv.raw == c.raw \
                and fv.page == c.page + 1
            mark = "->" if chosen else "  "
            box = ", ".join(f"{v:.3f}" for v in c.box.as_list()) if c.box else "-"
            out.append(f"  {mark} #{i + 1} {c.raw!r} = {c.value!r}  score {c.score:.2f}  "
                       f"read {c.confidence:.2f}  page {c.page + 1} [{box}] via {c.locator}"
                       + (f", label at {c.anchor.describe()}" if c.anchor is not None
                          and c.anchor.line else ""))
        if len(cands) > 8:
            out.append(f"     ... {len(cands) - 8} more")
        if isinstance(fv, list):
            out.append(f"    value: {[v.value for v in fv]!r}")
        elif fv is not None:
            out.append(f"    value: {fv.value!r} (confidence {fv.confidence:.2f})")
            sig = ex.signals.get(name)
            if sig is not None:
                out.append("    evidence: " + ", ".join(f"{k} {v:g}"
                                                        for k, v in sig.as_dict().items()))
    for name, table in result.tables.items():
        out.append(f"table {name}: {len(table)} row(s)")
        out += [f"    {note}" for note in book.get(name, [])]
        shown = table if rows <= 0 else table[:rows]
        for i, row in enumerate(shown, start=1):
            cells = ", ".join(f"{k}={v.value!r}" if v else f"{k}=-" for k, v in row.items())
            out.append(f"    {i}: {cells}")
        if len(shown) < len(table):
            out.append(f"    ... {len(table) - len(shown)} more row(s) (--rows 0 shows all)")
    out.append("")
    for r in result.rules:
        state = {True: "pass", False: "FAIL", None: "skip"}[r.passed]
        out.append(f"{r.severity} {r.name}: {state} {r.message}".rstrip())
    return "\n".join(out)


#: A comment of a template line, and the quoted texts and regexes a '#' may stand in.
_COMMENT_OR_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"|/(?![/*])(?:[^/\\\n]|\\.)+/[imsx]*|#[^\n]*')


def declarations(template: CompiledTemplate) -> dict[str, str]:
    """Each field's declaration as written in the template's file, on one line (comments
    left out); empty when the template comes from no file, or the file has changed since
    it was compiled."""
    from formsift.grammar.parser import parse
    from formsift.templates.compiler import source_hash

    try:
        source = Path(template.path).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return {}
    if source_hash(source) != template.source_hash:
        return {}
    tree, _ = parse(source, template.path)
    decl = next((t for t in (tree.templates if tree else ()) if t.name.text == template.name),
                None)
    if decl is None:
        return {}
    lines = source.split("\n")
    out = {}
    for f in decl.fields:
        sp = f.span
        if not 0 < sp.line <= sp.end_line <= len(lines):
            continue
        text = "\n".join(lines[sp.line - 1:sp.end_line])
        text = text[sp.column - 1:len(text) - len(lines[sp.end_line - 1]) + sp.end_column - 1]
        text = _COMMENT_OR_LITERAL.sub(lambda m: "" if m.group().startswith("#") else m.group(),
                                       text)
        out[f.name.text] = " ".join(text.split())
    return out


def declaration(spec: FieldSpec) -> str:
    """A field's declaration rebuilt from what was compiled of it (a template of no file):
    its type, locators and modifiers (the type's options left out)."""
    parts = [f"field {spec.name}: {spec.type_name}{spec.cardinality} = "
             + " or ".join(loc.describe() for loc in spec.locators)]
    if spec.scope:
        parts.append(f"in {spec.scope}")
    if spec.pattern is not None:
        parts.append(f"pattern {spec.pattern.source()}")
    pages = spec.pages
    if pages.which in ("first", "last"):
        parts.append(f"on {pages.which} page")
    elif pages.which != "every":
        parts.append(f"on page {pages.start}" if pages.start == pages.end
                     else f"on pages {pages.start}-{pages.end}")
    if spec.handwritten:
        parts.append("handwritten")
    if spec.default is not None:
        value = spec.default
        parts.append(f'default "{value}"' if isinstance(value, str) else f"default {value}")
    if spec.within is not None:
        parts.append(f"within {spec.within * 100:g}%")
    if spec.block_from:
        parts.append(f"from {_label_text(spec.block_from)}")
    if spec.block_until:
        parts.append(f"until {_label_text(spec.block_until)}")
    if spec.combine:
        parts.append(f"combine {spec.combine}")
    if spec.each_line:
        parts.append("each line")
    return " ".join(parts)


def _label_text(label: tuple[Any, ...]) -> str:
    return " | ".join(f'"{x}"' if isinstance(x, str) else x.source() for x in label)


def why_empty(template: CompiledTemplate, doc: Document, spec: FieldSpec) -> list[str]:
    """Why a field found no candidates, locator by locator: whether and where each label
    was found, and which texts beside it were rejected, with the type's parse error."""
    out: list[str] = []
    for loc in spec.locators:
        if loc.kind in ("relative", "after"):
            out += _beside_label(template, doc, spec, loc)
        elif loc.kind == "search" and loc.regex is not None:
            out += _searched(template, doc, spec, loc)
        else:
            out.append(f"    {loc.describe()}: no {spec.type_name} found")
            out += _refused(template, doc, spec)
    return out


def _refused(template: CompiledTemplate, doc: Document, spec: FieldSpec) -> list[str]:
    """The codes of the field's kind decoded on the pages that break their standard."""
    source = getattr(spec.type, "reads_codes", None)
    if not source:
        return []
    return [f"      a code decoded on page {page.number} is no value: {why}"
            for page in doc.pages for w in page.words if w.source == source
            if (why := spec.type.misfit(w.text, template.context))]


def _searched(template: CompiledTemplate, doc: Document, spec: FieldSpec,
              loc: LocatorSpec) -> list[str]:
    """Whether a ``search`` regex matched nothing, or matched text that is no value of the
    field's type (with the type's reason): two different fixes for the template author."""
    from formsift.templates.search import captures, field_view
    from formsift.util.safe_regex import compile_pattern

    assert loc.regex is not None
    desc = loc.describe()
    view = field_view(doc, spec, template.regions, template.normalize)
    if view is None:
        return [f"    {desc}: nothing to search (no page or region of the field)"]
    rx = compile_pattern(loc.regex.pattern, loc.regex.flags)
    found = [(m, group) for m, _, group in captures(rx, loc, spec, view.match_text)]
    if not found:
        return [f"    {desc}: the regex matches nothing in the text (see formsift ocr or "
                f"inspect for the text as read)"]
    out = [f"    {desc}: the regex matches {len(found)} time(s), but no capture reads as "
           f"{_a(spec.type_name)} value:"]
    for m, group in found[:_SHOWN]:
        raw = m.group(group)
        try:
            spec.type.parse(raw or "", template.context)
            why = "a value, taken by no candidate"  # (a repeated value, seen before)
        except ValueError as exc:
            why = str(exc) or "not a value of the type"
        out.append(f"      {raw!r}: {why}")
    if len(found) > _SHOWN:
        out.append(f"      ... and {len(found) - _SHOWN} more")
    return out


def _a(word: str) -> str:
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


def _views(template: CompiledTemplate, doc: Document, spec: FieldSpec
           ) -> Iterator[tuple[Page, PageView]]:
    """The pages a field looks at, each restricted to the field's region (if any)."""
    count = scope_count(doc)
    for page in doc.pages:
        if not spec.pages.includes(page.index, count):
            continue
        area = None
        if spec.scope is not None:
            area = resolve_region(doc, page, template.regions[spec.scope])
            if area is None:
                continue
        yield page, PageView(page, area)


def _beside_label(template: CompiledTemplate, doc: Document, spec: FieldSpec,
                  loc: LocatorSpec) -> list[str]:
    desc = loc.describe()
    hits = [(page, view, hit) for page, view in _views(template, doc, spec)
            for hit in find_label(page, loc.label, view.lines)]
    if not hits:
        where = f" in region {spec.scope}" if spec.scope else ""
        return [f"    {desc}: label not found{where} on any page"]
    out = []
    for page, view, hit in hits[:_SHOWN]:
        words = view.lines[hit.line_index].words[hit.first:hit.last + 1]
        box = ", ".join(f"{v:.3f}" for v in hit.box.as_list())
        out.append(f"    {desc}: label found on page {page.index + 1} as "
                   f"{' '.join(w.text for w in words)!r} [{box}]")
        tried = [ws for ws, _, _ in relative_words(view.lines, hit, loc, spec, page) if ws]
        if not tried:
            out.append("      no text beside it")
        for ws in tried[:_SHOWN]:
            text = " ".join(w.text for w in ws)
            why = ("printed text of the form (a label of the template, or a word of the "
                   "heading the label was found in), no value"
                   if value_is_a_label(text, hit, loc, view.lines,
                                       label_texts(template.fields.values()))
                   else _rejection(spec, text, template))
            out.append(f"      rejected {text!r}: {why}")
    if len(hits) > _SHOWN:
        out.append(f"    ... the label is found {len(hits) - _SHOWN} more time(s)")
    return out


def _rejection(spec: FieldSpec, text: str, template: CompiledTemplate) -> str:
    """Why ``text`` gave no value: the type's parse error, or the pattern it misses."""
    try:
        spec.type.parse(text, template.context)
    except ValueError as exc:
        return str(exc)
    if spec.pattern is not None:
        return f"does not match pattern {spec.pattern.source()}"
    return f"no {spec.type_name} was taken from it"
