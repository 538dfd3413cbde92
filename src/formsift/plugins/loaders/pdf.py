"""The PDF loader: text-layer words with boxes through PyMuPDF; pages rendered on demand.

PyMuPDF is AGPL-3.0 or commercially licensed (see the README). This loader is an ordinary
plugin component: block it (``--block loaders``) and install another to replace it.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from pydantic import Field

from formsift.core.components import Options
from formsift.core.document import ODD_SPACES, Document, Page, Word
from formsift.core.errors import InputError
from formsift.core.geometry import Box
from formsift.core.kinds import Loader
from formsift.core.sources import Source, archive_error, archive_members
from formsift.plugins.loaders import pdf_visibility
from formsift.plugins.loaders.limits import PageLimitError
from formsift.util.ideographs import unified_ideographs

#: PyMuPDF calls of this process, one at a time: an engine shared by threads (a web
#: application's thread pool) must not have two of them in MuPDF at once.
MUPDF_LOCK = threading.RLock()

#: A PDF's header: its version after "%PDF-" (1.0 to 2.0).
_HEADER = re.compile(rb"%PDF-\d\.\d")


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` is a PDF by its bytes, as PDF readers take one: its header
    ("%PDF-1.7") at the start; or within its first 1024 bytes after something else (a
    mail's or a server's lines), when it also ends as a PDF does ("%%EOF" in its last
    1024 bytes). A text that quotes "%PDF-1.7" in its first lines is no PDF."""
    if _HEADER.match(data):
        return True
    return _HEADER.search(data, 0, 1023 + 8) is not None and b"%%EOF" in data[-1024:]


#: PDF's own limit for a page side (ISO 32000: 14,400 units of 1/72 inch = 200 inches).
MAX_PAGE_SIDE_PT = 14_400


class PdfOptions(Options):
    #: Refuse a PDF of more pages than this, from its page count, before reading any (the
    #: service sets its ``--max-pages`` here).
    max_pages: int = Field(5000, gt=0)
    password: str | None = None
    #: Refuse to render a page image larger than this many pixels.
    max_render_pixels: int = 200_000_000


class PdfLoader(Loader):
    name = "pdf"
    version = "0.1.0"
    summary = "PDF files through PyMuPDF: text-layer words with boxes, pages rendered lazily"
    suffixes = (".pdf",)
    Options = PdfOptions

    def setup(self) -> None:
        import pymupdf  # noqa: F401  (a slow first import: done once, before the first PDF)

    def accepts(self, source: Source) -> bool:
        # a ZIP archive (of PDFs: a stored member's "%PDF-" is in its first bytes) is
        # taken only to be refused as an archive in load(), never "repaired" by MuPDF
        # into its last PDF
        return is_pdf(source.data) or archive_members(source.data) is not None

    def load(self, source: Source) -> Document:
        members = archive_members(source.data)
        if members is not None:
            raise archive_error(source.name, members)
        with MUPDF_LOCK:  # PyMuPDF is not thread-safe (and its warnings are process-wide)
            return self._load(source)

    def _load(self, source: Source) -> Document:
        import pymupdf

        opts: PdfOptions = self.options  # type: ignore[assignment]
        pymupdf.TOOLS.mupdf_display_errors(False)
        pymupdf.TOOLS.reset_mupdf_warnings()
        try:
            doc = pymupdf.open(stream=source.data, filetype="pdf")
        except Exception as exc:  # FileDataError, RuntimeError, ValueError...
            raise InputError(source.name, f"not a valid PDF: {_short(exc)}") from exc
        tried = [*source.passwords, *([opts.password] if opts.password else [])]
        if doc.needs_pass and not any(doc.authenticate(p) for p in tried):
            doc.close()
            raise InputError(source.name, "PDF is encrypted and needs a password"
                             if not tried else "PDF password is wrong" if len(tried) == 1
                             else f"none of the {len(tried)} PDF passwords given opens it",
                             hint="formsift extract or batch --password, "
                                  "Engine.extract(..., password=...) (one, or a list to "
                                  "try), or Engine(loader_options={'pdf': {'password': "
                                  "...}}); the HTTP service takes no passwords: send the "
                                  "file decrypted")
        count = doc.page_count
        if count == 0:
            doc.close()
            raise InputError(source.name, "PDF has no pages (is the file truncated?)")
        if count > opts.max_pages:
            doc.close()
            raise PageLimitError(source.name, f"PDF has {count:,} pages, over the limit of "
                                              f"{opts.max_pages:,}",
                                 pages=count, limit=opts.max_pages)
        pages = []
        try:
            for index in range(count):
                pages.append(self._page(doc, index, source, opts))
        except InputError:
            doc.close()
            raise
        except Exception as exc:
            doc.close()
            raise InputError(source.name, f"cannot read page {len(pages) + 1}: "
                                          f"{_short(exc)}") from exc
        _note_embedded_files(doc, pages[0])
        from formsift.plugins.einvoice.attachments import note_page_attachments

        note_page_attachments(doc, pages)  # files attached to pages: listed, not read
        warnings = pymupdf.TOOLS.mupdf_warnings()
        metadata: dict[str, Any] = {k: v for k, v in (doc.metadata or {}).items() if v}
        if warnings:
            metadata["warnings"] = warnings.splitlines()[:20]
            damage = [w for w in warnings.splitlines() if _DAMAGE.search(w)]
            if damage:  # the file was broken: what was read may lack parts of pages
                metadata["damaged"] = "; ".join(list(dict.fromkeys(damage))[:3])
        return Document(id=source.id, name=source.name, media_type="application/pdf",
                        pages=pages, loader=self.name, size_bytes=len(source.data),
                        metadata=metadata)

    def _page(self, doc: Any, index: int, source: Source, opts: PdfOptions,
              turned: int = 0) -> Page:
        page = doc[index]
        rect = page.rect  # honours the page's rotation
        width, height = rect.width, rect.height
        if width <= 0 or height <= 0:
            raise InputError(source.name, f"page {index + 1} has no size ({width} x {height})")
        if max(width, height) > MAX_PAGE_SIDE_PT:
            raise InputError(source.name, f"page {index + 1} is {width:,.0f} x {height:,.0f} "
                                          f"pt, larger than PDF's 200-inch limit")
        sx, sy = 1.0 / width, 1.0 / height
        x_off, y_off = rect.x0, rect.y0
        import pymupdf

        # one text page for both the words and the image areas (each would parse the
        # page's content stream again)
        textpage = page.get_textpage(
            flags=pymupdf.TEXTFLAGS_WORDS | pymupdf.TEXT_PRESERVE_IMAGES)
        # text-page coordinates ignore /Rotate; the page as shown (and rendered) does not
        turn = page.rotation_matrix if page.rotation else None
        plain = textpage.extractText()
        mupdf_words = textpage.extractWORDS()
        if _RIGHT_TO_LEFT.search(plain):  # MuPDF's order of such letters and digits
            mupdf_words = in_visual_order(mupdf_words, textpage.extractRAWDICT(),
                                          tuple(textpage.rect))
        raw = list(_visible_hyphens(_split_at_odd_spaces(_join_at_no_break_spaces(
            mupdf_words, plain))))
        # a tick of a symbol font ("4" in ZapfDingbats, a filled form's checked box) is
        # the symbol it draws
        raw = symbols_read(page, textpage, raw)
        # each word on the page as shown (a hidden word's box in the notes is this too)
        words = []
        append = words.append
        for x0, y0, x1, y1, text, block, line, _ in raw:
            if turn is not None:
                x0, y0, x1, y1 = pymupdf.Rect(x0, y0, x1, y1) * turn
            append(Word(text, Box(_clamp((x0 - x_off) * sx), _clamp((y0 - y_off) * sy),
                                  _clamp((x1 - x_off) * sx), _clamp((y1 - y_off) * sy)),
                        index, 1.0, "pdf", False, (block, line)))
        # MuPDF's words leave out the control characters such glyphs become: count them
        # in the page's plain text
        unreadable = unreadable_share(plain) if words else 0.0
        seen = pdf_visibility.Visibility([])
        hidden: list[dict[str, Any]] = []
        if unreadable >= UNREADABLE_TEXT_LAYER:  # fonts without a character map: OCR it
            words = []
        else:
            if not turned:
                turn_by = upright_turn(words, width, height)
                if turn_by:  # the text runs sideways or upside down on the page as shown
                    page.set_rotation((page.rotation + turn_by) % 360)  # in memory only
                    return self._page(doc, index, source, opts, turned=turn_by)
            # words the page does not show (under a white box or an image patch painted
            # after them) are not its text: checked once, on the text layer kept
            seen = pdf_visibility.check(page, raw) if raw else seen
            if seen.hidden:
                dropped = {h.index: h.why for h in seen.hidden}
                hidden = [{"text": w.text, "why": dropped[n],
                           "box": [round(v, 4) for v in w.box.as_list()]}
                          for n, w in enumerate(words) if n in dropped]
                words = [w for n, w in enumerate(words) if n not in dropped]
            words = list(_split_off_marks(words))

        def to_box(r: Any) -> Box:  # a rectangle of the text page, as the words' boxes
            if turn is not None:
                r = pymupdf.Rect(r) * turn
            return Box(_clamp((r.x0 - x_off) * sx), _clamp((r.y0 - y_off) * sy),
                       _clamp((r.x1 - x_off) * sx), _clamp((r.y1 - y_off) * sy))

        form_note = None
        if words and page.first_widget is not None:  # a fillable form's fields
            words, form_note = _form_fields(page, words, to_box)
        max_pixels = opts.max_render_pixels

        def render(dpi: int) -> Any:
            import numpy as np

            scale = dpi / 72.0
            if width * scale * height * scale > max_pixels:
                raise InputError(source.name, f"page {index + 1} at {dpi} dpi would be over "
                                              f"{max_pixels:,} pixels")
            with MUPDF_LOCK:
                pix = doc[index].get_pixmap(dpi=dpi, alpha=False)
                img = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.h, pix.w, pix.n)
            if pix.n == 1:
                img = np.repeat(img, 3, axis=2)
            return np.ascontiguousarray(img[:, :, 2::-1])  # RGB -> BGR

        # the lines the page draws, for locators that keep a value inside its ruled box
        render.ruling_lines = lambda: _ruling_lines(doc, index, x_off, y_off, sx, sy)  # type: ignore[attr-defined]
        # the words a PDF viewer's strikethrough tool marked (formsift.templates.struck)
        render.struck_out = functools.cache(  # type: ignore[attr-defined]
            lambda: _struck_out(doc, index, x_off, y_off, sx, sy))
        # a fax's page: OCR's speck check acts there only (formsift.plugins.ocr.specks)
        render.bilevel = functools.cache(  # type: ignore[attr-defined]
            lambda: not words and _bilevel(doc, index, width * height))
        out = Page(index=index, width=width, height=height, unit="pt",
                   rotation=page.rotation, words=words, has_text_layer=bool(words),
                   renderer=render,
                   image_areas=_image_areas(page, textpage, x_off, y_off, sx, sy))
        if unreadable >= UNREADABLE_TEXT_LAYER:
            out.notes["text_layer"] = {"unreadable": round(unreadable, 3),
                                       "why": "its fonts map glyphs to no characters; "
                                              "the page is read as a scan"}
        if turned:
            out.notes["orientation"] = {"rotated": turned, "by": "text layer direction"}
        if hidden:
            out.notes["hidden_text"] = {
                "words": len(hidden), "listed": hidden[:MAX_HIDDEN_LISTED],
                "why": "text-layer words the page does not show (under an opaque fill or "
                       "image painted after them): left out of the page's words"}
        if seen.ocr_layer_words and seen.ocr_layer_words * 2 >= len(raw) and words:
            out.notes["ocr_layer"] = {
                "words": seen.ocr_layer_words,
                "why": "the page's text is an invisible text layer (an OCR layer) over an "
                       "image of the page: its words are the layer's, not read from the "
                       "image"}
        if seen.invisible:
            out.notes["invisible_text"] = {
                "words": len(seen.invisible),
                "listed": [str(raw[i][4]) for i in seen.invisible[:MAX_HIDDEN_LISTED]],
                "why": "text drawn invisible (render mode 3 or fully transparent) over no "
                       "image: kept as the page's text, though the page does not show it"}
        if not seen.checked:
            out.notes["visibility"] = {"checked": False, "why": seen.why}
        if form_note:
            out.notes["form_fields"] = form_note
        return out


#: Hidden words listed in a page's notes (``hidden_text``), with their text and box.
MAX_HIDDEN_LISTED = 500


# -- symbol fonts and fillable forms ------------------------------------------------------

#: What the glyphs of symbol fonts draw, by font family (a lower-case part of the font's
#: name): the ticks, crosses and boxes forms use. A filled form's checked box (Acrobat,
#: Preview, browsers, ``bake``/flattening) is such a glyph in ZapfDingbats, whose text
#: layer holds the glyph's code, a letter or digit ("4" for ✔): its styles are Check (4),
#: Cross (8), Square (n), Circle (l), Diamond (u) and Star (H).
SYMBOL_FONTS: dict[str, dict[str, str]] = {
    "dingbat": {"3": "✓", "4": "✔", "5": "✕", "6": "✖", "7": "✗", "8": "✘", "n": "■",
                "l": "●", "u": "◆", "H": "★", "m": "❍", "o": "❏", "p": "❐", "q": "❑",
                "r": "❒"},
    "zadb": {},  # (the same: ZapfDingbats' resource name)
    "wingdings 2": {"P": "✓", "O": "✗", "R": "☑", "S": "☒", "T": "☒", "£": "□",
                    "\u0097": "●", "\u0099": "○"},
    "wingdings": {"n": "■", "o": "□", "q": "❑", "r": "❒", "l": "●", "m": "❍", "¨": "□",
                  "û": "✗", "ü": "✓", "ý": "☒", "þ": "☑", "x": "☒"},
}
SYMBOL_FONTS["zadb"] = SYMBOL_FONTS["dingbat"]
#: Marks and boxes of forms, as a text layer writes them (or :data:`SYMBOL_FONTS` reads
#: them): a ticked box and an empty one.
TICKS = frozenset("☒☑✓✔✗✘✕✖■●◆★◉⌧")
BOXES = frozenset("☐□○◯❍❏❐❑❒")


def _symbol_map(font: str) -> dict[str, str] | None:
    name = font.lower().split("+", 1)[-1].replace("-", " ").replace("_", " ")
    name = re.sub(r"wingdings\s*2", "wingdings 2", name)
    for family, table in SYMBOL_FONTS.items():
        if family in name:
            return table
    return None


def symbols_read(page: Any, textpage: Any, raw: list[Any]) -> list[Any]:
    """MuPDF's words with each glyph of a symbol font (:data:`SYMBOL_FONTS`: ZapfDingbats,
    Wingdings) as the symbol it draws: a checked box's "4" in ZapfDingbats is ✔, its "n"
    ■. Such fonts have no character map, so the text layer holds the glyph's code, which
    a ``checkbox`` field does not read as a tick (and a word "3" beside a label is no
    value of it). A symbol font's private-use code (U+F000 plus the code) is read too.
    Only pages whose fonts (or form fields' appearances) include such a font are looked
    at: their text spans, and the characters of a word the symbol shares with letters."""
    try:
        fonts = [f[3] for f in page.get_fonts(full=True)]
    except Exception:  # a damaged resource dictionary: the widgets' fonts are looked at
        fonts = []
    if not any(_symbol_map(f) for f in fonts) and page.first_widget is None:
        return raw
    spans = []  # (text, box, table) of the spans in a symbol font
    for block in textpage.extractDICT().get("blocks", ()):
        for line in block.get("lines", ()):
            for span in line.get("spans", ()):
                table = _symbol_map(str(span.get("font", "")))
                if table is not None and any(_code(c) in table for c in span["text"]):
                    spans.append((span["text"].strip(), tuple(span["bbox"]), table))
    if not spans:
        return raw
    out = list(raw)
    mixed = []  # words a symbol shares with other characters
    for i, word in enumerate(out):
        hit = [sp for sp in spans if _centre_in(sp[1], word)]
        if not hit:
            continue
        text, _, table = hit[0]
        if len(hit) == 1 and text == word[4]:
            out[i] = (*word[:4], "".join(table.get(_code(c), c) for c in text), *word[5:])
        else:
            mixed.append(i)
    if mixed:
        _symbols_by_character(textpage, out, mixed)
    return out


def _code(c: str) -> str:
    """A symbol font's character code: its private-use code (U+F020-U+F0FF) as the code."""
    return chr(ord(c) - 0xF000) if 0xF020 <= ord(c) <= 0xF0FF else c


def _centre_in(box: tuple[float, ...], word: Any) -> bool:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return word[0] - 0.5 <= x <= word[2] + 0.5 and word[1] - 0.5 <= y <= word[3] + 0.5


def _symbols_by_character(textpage: Any, out: list[Any], which: list[int]) -> None:
    """:func:`symbols_read` for words ``which`` of ``out`` that hold a symbol font's
    glyph and other characters (drawn with no space between): their characters, in the
    order drawn, say which are the symbol's."""
    chars: list[tuple[str, tuple[float, ...], str | None]] = []  # (char, box, symbol)
    for block in textpage.extractRAWDICT().get("blocks", ()):
        for line in block.get("lines", ()):
            for span in line.get("spans", ()):
                table = _symbol_map(str(span.get("font", ""))) or {}
                chars.extend((ch["c"], tuple(ch["bbox"]), table.get(_code(ch["c"])))
                             for ch in span.get("chars", ()) if ch["c"].strip())
    for i in which:
        word = out[i]
        inside = sorted((c for c in chars if _centre_in(c[1], word)), key=lambda c: c[1][0])
        if "".join(c[0] for c in inside) == word[4]:
            out[i] = (*word[:4], "".join(c[2] or c[0] for c in inside), *word[5:])


def _split_off_marks(words: list[Word]) -> Iterator[Word]:
    """The page's words with a tick or box glyph that starts or ends a word set apart
    ("✔SEPA", "Yes☐": a mark drawn with no space before its label): the mark is the
    box's word, the label the label's. Each piece gets its share of the width by its
    characters."""
    marks = TICKS | BOXES
    for w in words:
        text = w.text
        if len(text) < 2 or not (text[0] in marks or text[-1] in marks) \
                or all(c in marks for c in text):
            yield w
            continue
        cuts = [0, 1] if text[0] in marks else []
        if text[-1] in marks:
            cuts.append(len(text) - 1)
        cuts.append(len(text))
        cuts = sorted(set(cuts))
        step = w.box.width / len(text)
        for a, b in pairwise(cuts):
            yield Word(text[a:b], Box(w.box.x0 + a * step, w.box.y0, w.box.x0 + b * step,
                                      w.box.y1), w.page, w.confidence, w.source,
                       w.handwritten, w.line_key)


#: Longest stored or shown value quoted in a page's ``form_fields`` note.
_QUOTED = 200


def _form_fields(page: Any, words: list[Word], to_box: Any
                 ) -> tuple[list[Word], dict[str, Any] | None]:
    """A fillable form's (AcroForm) fields on the page, read against what the page shows.

    The words of a field are those its appearance draws (the text layer): the value a
    reader sees, which is what formsift reads. Here each field's stored value (``/V``,
    what a form-data export or an ERP import of the fields sees) is compared with them:

    - a text or choice field whose shown text differs from its stored value (a tool set
      the value and left the old appearance: "GB82..." shown, "DE89..." stored) is listed
      in the note's ``mismatches`` (field, stored, shown, box); a formatted field (a
      format script: "1.250.000,00" shown for 1250000.00) is compared by its digits;
    - a comb field's characters (one per cell, each drawn as a word) become one word;
    - a checkbox or radio button whose appearance draws no glyph (an empty box, a dot
      drawn as a path, no border at all) gets a word ``☒`` (on) or ``☐`` (off) over it,
      from its state, as the ``checkboxes`` segmenter writes a box; one that draws a
      tick or box glyph keeps it, and is listed among ``mismatches`` when the glyph and
      the state disagree.

    Returns the words and the page's ``form_fields`` note (None without fields)."""
    import pymupdf

    out = list(words)
    mismatches: list[dict[str, Any]] = []
    fields = added = 0
    try:
        widgets = list(page.widgets())
    except Exception:  # a damaged form dictionary: its fields are not looked at
        return out, None
    for widget in widgets:
        kind = widget.field_type
        try:
            if widget.field_display in (1, 3):  # hidden, or not shown on screen
                continue
            box = to_box(widget.rect)
        except Exception:
            continue
        if box.width <= 0 or box.height <= 0 or kind in (
                pymupdf.PDF_WIDGET_TYPE_SIGNATURE, pymupdf.PDF_WIDGET_TYPE_BUTTON):
            continue
        fields += 1
        inside = sorted((i for i, w in enumerate(out) if box.contains_center_of(w.box)),
                        key=lambda i: (round(out[i].box.y0, 3), out[i].box.x0))
        name = str(widget.field_name or "")[:_QUOTED]
        value = widget.field_value
        if kind in (pymupdf.PDF_WIDGET_TYPE_CHECKBOX, pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON):
            on = value not in (False, None, "", "Off")
            marks = [out[i].text for i in inside if out[i].text in TICKS | BOXES]
            if not inside:
                out.append(Word("☒" if on else "☐", box, page.number, 1.0, "pdf"))
                added += 1
            elif marks and (marks[0] in TICKS) != on:
                mismatches.append({"field": name, "stored": "on" if on else "off",
                                   "shown": marks[0], "box": _rounded(box)})
            continue
        if widget.field_flags & pymupdf.PDF_TX_FIELD_IS_PASSWORD:
            continue
        if kind == pymupdf.PDF_WIDGET_TYPE_TEXT and \
                widget.field_flags & pymupdf.PDF_TX_FIELD_IS_COMB and len(inside) > 1 \
                and all(len(out[i].text) == 1 for i in inside):
            cells = [out[i] for i in inside]
            joined = Word("".join(w.text for w in cells),
                          Box(min(w.box.x0 for w in cells), min(w.box.y0 for w in cells),
                              max(w.box.x1 for w in cells), max(w.box.y1 for w in cells)),
                          cells[0].page, min(w.confidence for w in cells), cells[0].source,
                          False, cells[0].line_key)
            first = inside[0]
            out = [joined if i == first else w for i, w in enumerate(out)
                   if i == first or i not in inside]
            inside = [first]
        stored = "\n".join(value) if isinstance(value, list) else str(value or "")
        shown = " ".join(out[i].text for i in inside)
        if not _same_value(widget, stored, shown):
            mismatches.append({"field": name, "stored": stored[:_QUOTED],
                               "shown": shown[:_QUOTED], "box": _rounded(box)})
    if not fields:
        return out, None
    note: dict[str, Any] = {"fields": fields}
    if added:
        note["boxes_from_state"] = added
    if mismatches:
        note["mismatches"] = mismatches[:MAX_HIDDEN_LISTED]
        note["why"] = ("form fields whose stored value (what a form-data export reads) "
                       "differs from what the page shows (what formsift reads): an "
                       "appearance not regenerated after the value changed, or edited")
    return out, note


def _same_value(widget: Any, stored: str, shown: str) -> bool:
    """Whether a text or choice field shows its stored value (spaces aside; by digits
    when a format script shows it formatted; a choice's display text for its export
    value)."""
    def bare(s: str) -> str:
        return "".join(s.split())

    if bare(stored) == bare(shown):
        return True
    if getattr(widget, "script_format", None):
        digits = [re.sub(r"\D", "", s) for s in (stored, shown)]
        return digits[0] == digits[1]
    for choice in widget.choice_values or ():
        if isinstance(choice, list | tuple) and len(choice) == 2 \
                and bare(str(choice[0])) == bare(stored):
            return bare(str(choice[1])) == bare(shown)
    return False


def _rounded(box: Box) -> list[float]:
    return [round(v, 4) for v in box.as_list()]

#: Embedded files listed in page 1's notes (a PDF may hold thousands).
MAX_EMBEDDED_LISTED = 20
#: Embedded files read as e-invoice XML, and the bytes read from them in all (each is
#: also limited: ``formsift.plugins.einvoice.xml.MAX_XML_BYTES``).
MAX_EMBEDDED_READ = 4
MAX_EMBEDDED_BYTES = 8_000_000


def _note_embedded_files(doc: Any, page: Page) -> None:
    """List the PDF's embedded files (name, size, MIME type, and whether it is an
    e-invoice: Factur-X, ZUGFeRD, XRechnung, UBL) in ``page``'s notes
    (``embedded_files``), and keep the text of the e-invoice XML for the ``einvoice``
    field type (``page.renderer.embedded_xml``, read by the ``embedded_xml`` segmenter
    when a template asks). A file that cannot be read is noted with why; a broken one
    never stops the PDF from loading."""
    try:
        count = doc.embfile_count()
    except Exception as exc:  # a damaged /Names tree
        page.notes["embedded_files"] = {"count": None, "why": f"unreadable: {_short(exc)}"}
        return
    if not count:
        return
    from formsift.plugins.einvoice.components import EmbeddedXml
    from formsift.plugins.einvoice.xml import KNOWN_NAMES

    files: list[dict[str, Any]] = []
    kept: list[EmbeddedXml] = []
    left = {"files": MAX_EMBEDDED_READ, "bytes": MAX_EMBEDDED_BYTES}  # what may be read
    for i in range(min(count, MAX_EMBEDDED_LISTED)):
        entry: dict[str, Any] = {"name": f"#{i + 1}"}
        files.append(entry)
        try:
            xml = _embedded_file(doc, i, entry, left)
        except Exception as exc:  # whatever a broken file specification raises
            why = f"unreadable: {_short(exc)}"
            entry.update(read=False, why=why)
            if entry["name"].lower() in KNOWN_NAMES:  # the einvoice field says why too
                kept.append(EmbeddedXml(entry["name"], None, why))
            continue
        if xml is not None:
            kept.append(xml)
    note: dict[str, Any] = {"count": count, "files": files}
    if count > len(files):
        note["not_listed"] = count - len(files)
    if kept:
        note["einvoice"] = ("read by a template field of type einvoice (the values are not "
                            "used otherwise)")
        page.renderer.embedded_xml = kept  # type: ignore[union-attr]
    page.notes["embedded_files"] = note


def _embedded_file(doc: Any, index: int, entry: dict[str, Any], left: dict[str, int]
                   ) -> Any:
    """Fill ``entry`` with embedded file ``index``'s name, size and MIME type; the
    e-invoice XML it holds (an ``EmbeddedXml``), or None when it holds none. ``left``:
    how many more XML files and bytes may be read (counted down here)."""
    from formsift.plugins.einvoice.components import EmbeddedXml
    from formsift.plugins.einvoice.xml import KNOWN_NAMES, MAX_XML_BYTES, sniff, xml_text

    info: dict[str, Any] = {}
    xref = doc._embfile_info(index, info)  # (embfile_info without the stream's xref)
    name = _CONTROL.sub("", str(info.get("ufilename") or info.get("filename")
                                or doc.embfile_names()[index]))[:200] or entry["name"]
    entry["name"] = name
    size = info.get("size", -1)
    if isinstance(size, int) and size >= 0:
        entry["size"] = size
    kind, subtype = doc.xref_get_key(xref, "Subtype") if xref else ("null", "")
    mime = subtype.lstrip("/").replace("#2F", "/").replace("#2f", "/") \
        if kind == "name" else None
    if mime:
        entry["mime"] = mime
    known = KNOWN_NAMES.get(name.lower())
    if known:
        entry["known_as"] = known
    if not (known or name.lower().endswith(".xml") or "xml" in (mime or "")):
        return None  # (a PDF, an image, a spreadsheet: listed, not read)
    if left["files"] <= 0:
        entry.update(read=False, why=f"over {MAX_EMBEDDED_READ} XML files in the PDF")
        return None
    left["files"] -= 1
    data, why = _stream(doc, xref, min(MAX_XML_BYTES, left["bytes"]))
    left["bytes"] -= len(data or b"")
    text: str | None = None
    if data is not None:
        entry["size"] = len(data)
        try:
            text = xml_text(data)
        except ValueError as exc:
            why = str(exc)
    if text is None:  # too large, encoded otherwise, not text: the einvoice field says why
        entry.update(read=False, why=why)
        return EmbeddedXml(name, None, why) if known else None
    syntax = sniff(text)
    entry["einvoice"] = syntax or False
    # an XML under a name the standards give the e-invoice is offered to the einvoice
    # field type even when it is no invoice: it says why (broken, a DOCTYPE, ...)
    return EmbeddedXml(name, text) if syntax or known else None


#: Control characters, not to be shown in a file name.
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _stream(doc: Any, xref: int, limit: int) -> tuple[bytes | None, str | None]:
    """The decoded bytes of stream ``xref``, at most ``limit`` of them, or (None, why).
    A stream is inflated here, not by MuPDF, so that a small compressed file that
    inflates to gigabytes is never held: only FlateDecode and no filter are read."""
    import zlib

    if not xref:
        return None, "no file stream"
    kind, value = doc.xref_get_key(xref, "Filter")
    filters = re.findall(r"/(\w+)", value) if kind in ("name", "array") else []
    if kind not in ("null", "name", "array"):
        return None, f"a filter {value[:40]!r}"
    if len(filters) > 1 or (filters and filters[0] != "FlateDecode"):
        return None, f"encoded with {' '.join(filters)[:60]} (formsift inflates " \
                     f"FlateDecode only)"
    if doc.xref_get_key(xref, "DecodeParms")[0] != "null":
        return None, "FlateDecode with a predictor"
    raw = doc.xref_stream_raw(xref)
    if raw is None:
        return None, "no file stream"
    if not filters:
        data = raw
    else:
        try:
            data = zlib.decompressobj().decompress(raw, limit + 1)
        except zlib.error as exc:
            return None, f"cannot be inflated: {exc}"
    if len(data) > limit:
        return None, f"over {limit:,} bytes"
    return data, None


#: A filled rectangle this thin (pt) is drawn as a ruling line; most drawings read for
#: them (a page of more is a chart or a map, whose lines are no form's).
THIN_FILL_PT = 2.0
MAX_DRAWINGS = 20_000


def _ruling_lines(doc: Any, index: int, x_off: float, y_off: float, sx: float,
                  sy: float) -> list[tuple[float, float, float, float]]:
    """The straight strokes page ``index`` draws (lines, the sides of stroked rectangles
    and quads, thin filled rectangles), as page-relative segments (x0, y0, x1, y1) of the
    page as shown."""
    import pymupdf

    with MUPDF_LOCK:
        page = doc[index]
        turn = page.rotation_matrix if page.rotation else None
        paths = page.get_cdrawings()
    if len(paths) > MAX_DRAWINGS:
        return []
    out: list[tuple[float, float, float, float]] = []

    def add(a: Any, b: Any) -> None:
        if turn is not None:
            a, b = pymupdf.Point(a) * turn, pymupdf.Point(b) * turn
        out.append(((a[0] - x_off) * sx, (a[1] - y_off) * sy,
                    (b[0] - x_off) * sx, (b[1] - y_off) * sy))

    for path in paths:
        stroked = "s" in path.get("type", "")
        for item in path.get("items", ()):
            kind = item[0]
            if kind == "l" and stroked:
                add(item[1], item[2])
            elif kind in ("re", "qu"):
                if kind == "re":
                    x0, y0, x1, y1 = item[1]
                    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                else:
                    ul, ur, ll, lr = item[1]
                    corners = [ul, ur, lr, ll]
                xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                if stroked:
                    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
                        add(a, b)
                elif max(ys) - min(ys) <= THIN_FILL_PT:  # a filled bar: a rule
                    mid = (max(ys) + min(ys)) / 2
                    add((min(xs), mid), (max(xs), mid))
                elif max(xs) - min(xs) <= THIN_FILL_PT:
                    mid = (max(xs) + min(xs)) / 2
                    add((mid, min(ys)), (mid, max(ys)))
    return out


def _struck_out(doc: Any, index: int, x_off: float, y_off: float, sx: float,
                sy: float) -> list[tuple[int, Box]]:
    """The quads of page ``index``'s StrikeOut annotations (a PDF viewer's strikethrough
    tool over words; those a viewer does not show left out: :func:`_unseen`), each as its
    annotation's number on the page and its box (page-relative, of the page as shown)."""
    import pymupdf

    out: list[tuple[int, Box]] = []
    with MUPDF_LOCK:
        page = doc[index]
        turn = page.rotation_matrix if page.rotation else None
        for n, annot in enumerate(a for a in _annots(page)
                                  if a.type[0] == pymupdf.PDF_ANNOT_STRIKE_OUT):
            if _unseen(annot):
                continue
            points = [pymupdf.Point(p) for p in annot.vertices or ()]
            for i in range(0, len(points) - 3, 4):
                quad = [p * turn if turn is not None else p for p in points[i:i + 4]]
                xs, ys = [p.x for p in quad], [p.y for p in quad]
                box = Box(_clamp((min(xs) - x_off) * sx), _clamp((min(ys) - y_off) * sy),
                          _clamp((max(xs) - x_off) * sx), _clamp((max(ys) - y_off) * sy))
                if box.width > 0 and box.height > 0:
                    out.append((n, box))
    return out


def _annots(page: Any) -> Iterator[Any]:
    """``page``'s annotations, along MuPDF's list (``page.annots()`` looks each up from the
    first again: a page of hundreds took seconds)."""
    annot = page.first_annot
    while annot is not None:
        yield annot
        annot = annot.next


def _unseen(annot: Any) -> bool:
    """Whether a viewer does not show ``annot``: flagged Hidden or NoView, or, in optional
    content or less than opaque (``/CA``), MuPDF draws nothing of it (its appearance
    rendered alone leaves no ink). MuPDF decides on the default configuration's states
    (``/BaseState``, ``/ON``, ``/OFF``) and a group's View usage, which pymupdf's
    ``get_ocgs`` reports only for groups it wrote; a ``/CA 0`` its appearance stream does
    not apply is drawn."""
    import pymupdf

    if annot.flags & (pymupdf.PDF_ANNOT_IS_HIDDEN | pymupdf.PDF_ANNOT_IS_NO_VIEW):
        return True
    if not annot.get_oc() and not 0 <= annot.opacity < 1:
        return False  # drawn as any annotation (a render each would cost 0.4 ms)
    rect = annot.rect
    if not rect.is_empty and rect.width * rect.height > DRAWN_ALONE:
        return False
    area = rect.width * rect.height
    scale = min(1.0, (DRAWN_PIXELS / area) ** 0.5) if area > 0 else 1.0
    try:  # (a large one drawn smaller: a stroke of a point still leaves some ink)
        alpha = annot.get_pixmap(matrix=pymupdf.Matrix(scale, scale),
                                 alpha=True).samples[3::4]
    except Exception:  # MuPDF cannot draw it alone: taken as shown
        return False
    return not alpha.strip(b"\x00")  # an empty /Rect MuPDF draws not: no pixels


#: An annotation whose rectangle is larger than this (square points: 2000 x 2000) is not
#: drawn alone to see whether MuPDF shows it (16 MB of pixels): taken as shown.
DRAWN_ALONE = 4_000_000
#: An annotation drawn alone is drawn at a scale that keeps it under this many pixels
#: (500 x 500 points at full size): 100 strikes 1,900 points wide took 5.6 s at full size
DRAWN_PIXELS = 250_000


#: A text layer this share of whose characters are unreadable (control characters, the
#: replacement character, private-use code points: what MuPDF gives for glyphs of fonts
#: with no character map) is dropped, and the page read by OCR like a scan.
UNREADABLE_TEXT_LAYER = 0.25

_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")


def unreadable_share(text: str) -> float:
    """The share of a page's text-layer characters (spaces aside) that stand for none."""
    total = len(text) - sum(text.count(c) for c in " \n\t")
    return len(_UNREADABLE.findall(text)) / total if total > 0 else 0.0


#: Letters of scripts written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and
#: their presentation forms).
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

def _mupdf_right_to_left(c: str) -> bool:
    """Whether MuPDF's words take ``c`` as written right to left (PyMuPDF's
    ``JM_is_rtl_char``): Hebrew, Arabic (with its digits) and the scripts up to U+0900."""
    return 0x590 <= ord(c) <= 0x900


def _mupdf_delimiter(c: str) -> bool:
    """Whether MuPDF's words end at ``c`` (PyMuPDF's ``JM_is_word_delimiter``)."""
    o = ord(c)
    return o <= 32 or o == 160 or 0x202A <= o <= 0x202E


#: What may stand between the digit groups of one number (a date's slashes, decimal and
#: thousands separators, Arabic's own: U+066B, U+066C).
_NUMBER_MARKS = frozenset("/.,:-'\u066b\u066c\u060c\u00ad\u2010\u2011\u2212")


def in_visual_order(words: list[Any], rawdict: dict[str, Any],
                    area: tuple[float, float, float, float] | None = None) -> list[Any]:
    """MuPDF's words (``extractWORDS`` tuples) with the characters of right-to-left runs in
    the order the page shows them, read as a person reads them.

    MuPDF gives the characters it takes for right to left (Hebrew, Arabic, and Arabic's
    digits U+0660-U+0669, U+06F0-U+06F9) in an order of its own, and ends a word where
    such a run starts or stops: '1234.50' in Arabic-Indic digits came out '05.4321' (read
    5), '12' as '21', the date '14/03/2026' as '41', '/', '30', '/', '6202'. A number
    is always shown left to right, whatever the script around it. So a word holding such
    characters is built again from where its characters are drawn (the page's raw
    characters, ``extractRAWDICT``): left to right by place, then as Unicode's
    bidirectional algorithm reads them back (a run of right-to-left letters reversed into
    the order they are written in; digits and Latin letters kept left to right). The
    pieces of one number that MuPDF split so (side by side on the page, no space between
    them), and an abbreviation's letters and dots ('ر.س'), are one word again. A glyph of
    several characters (a ligature) keeps its characters in their order. Words without
    such characters are left as they are, and so are all words if MuPDF's words cannot be
    told from the raw characters (never expected). ``area``: the text page's rectangle
    (MuPDF leaves out characters outside it)."""
    rebuilt, spaces, along = _words_with_characters(rawdict, area)
    if len(rebuilt) != len(words) or any(r[0] != w[4] for r, w in zip(rebuilt, words,
                                                                        strict=True)):
        return words
    # the pieces of a line that make one word, found left to right along it
    lines: dict[int, list[int]] = {}
    for i, (_, _, line) in enumerate(rebuilt):
        if _piece(words[i][4]) and along[line] == (1.0, 0.0):  # (lines across the page)
            lines.setdefault(line, []).append(i)
    into: dict[int, list[int]] = {}  # first piece (in MuPDF's order) -> the pieces
    for line, pieces in lines.items():
        pieces.sort(key=lambda i: words[i][0])
        run: list[int] = []
        for i in [*pieces, -1]:
            if i >= 0 and run and _joins(words, run, i, spaces.get(line, [])):
                run.append(i)
                continue
            while run and _piece(words[run[-1]][4]) == "mark":
                run.pop()  # (a mark at either end stays a word of its own)
            while run and _piece(words[run[0]][4]) == "mark":
                run.pop(0)
            if len(run) > 1 and any(_mupdf_right_to_left(c["c"]) for k in run
                                    for c in rebuilt[k][1]):
                into[min(run)] = run
            run = [i] if i >= 0 else []
    merged = {k for run in into.values() for k in run}
    out: list[Any] = []
    for i, word in enumerate(words):
        if i in into:
            pieces = [words[k] for k in into[i]]
            out.append((min(p[0] for p in pieces), min(p[1] for p in pieces),
                        max(p[2] for p in pieces), max(p[3] for p in pieces),
                        _read_back([c for k in into[i] for c in rebuilt[k][1]]),
                        *word[5:]))
        elif i not in merged:
            chars = rebuilt[i][1]
            text = _read_back(chars, along[rebuilt[i][2]]) \
                if any(_mupdf_right_to_left(c["c"]) for c in chars) else word[4]
            out.append(word if text == word[4] else (*word[:4], text, *word[5:]))
    return out


def _piece(text: str) -> str:
    """What MuPDF's word ``text`` may be a piece of: "number" (digits, of any script,
    with the marks between their groups and letters of right-to-left scripts: a Hijri
    year's 'هـ'), "word" (right-to-left letters), "mark" (one or two of the marks between
    a number's groups or in an abbreviation: '/', '.', ':'...), or "" (Latin letters and
    whatever else, which MuPDF's words never split off without a space)."""
    if any(c.isdigit() for c in text):
        return "number" if all(c.isdigit() or c in _NUMBER_MARKS or _mupdf_right_to_left(c)
                               for c in text) else ""
    if 0 < len(text) <= 2 and all(c in _NUMBER_MARKS for c in text):
        return "mark"
    if text and all(_mupdf_right_to_left(c) for c in text):
        return "word"
    return ""


def _joins(words: list[Any], run: list[int], i: int, spaces: list[float]) -> bool:
    """Whether piece ``i`` continues ``run`` (pieces left to right on one line): side by
    side with the last (their boxes touch along the line, no space drawn between them),
    and a number's pieces with numbers, a word's with words, marks with either."""
    a, b = words[run[-1]], words[i]
    height = max(a[3] - a[1], b[3] - b[1])
    if b[0] - a[2] > 0.2 * height or any(a[2] - 0.5 <= x <= b[0] + 0.5 for x in spaces):
        return False
    kinds = {_piece(words[k][4]) for k in [*run, i]} - {"mark"}
    return len(kinds) <= 1


def _words_with_characters(rawdict: dict[str, Any],
                           area: tuple[float, float, float, float] | None
                           ) -> tuple[list[tuple[str, list[dict[str, Any]], int]],
                                      dict[int, list[float]],
                                      dict[int, tuple[float, float]]]:
    """MuPDF's words as PyMuPDF's ``extractWORDS`` makes them (ended at a delimiter or
    where a right-to-left run starts or stops), each with its raw characters and its
    line's number; where each line draws its delimiters (spaces: their centres); and
    which way each line runs (its unit vector, rounded: (1.0, 0.0) across the page)."""
    words: list[tuple[str, list[dict[str, Any]], int]] = []
    spaces: dict[int, list[float]] = {}
    along: dict[int, tuple[float, float]] = {}
    number = 0
    for block in rawdict.get("blocks", ()):
        if block.get("type", 0) != 0:
            continue
        for line in block.get("lines", ()):
            number += 1
            way = line.get("dir") or (1.0, 0.0)
            along[number] = (round(float(way[0]), 2) + 0.0, round(float(way[1]), 2) + 0.0)
            chars = [ch for span in line.get("spans", ()) for ch in span.get("chars", ())
                     if area is None or not (
                         ch["bbox"][0] >= area[2] or ch["bbox"][1] >= area[3]
                         or ch["bbox"][2] <= area[0] or ch["bbox"][3] <= area[1])]
            spaces[number] = [(ch["bbox"][0] + ch["bbox"][2]) / 2 for ch in chars
                              if _mupdf_delimiter(ch["c"])]
            words.extend((text, word, number) for text, word in _line_words(chars))
    return words, spaces, along


def _line_words(chars: list[dict[str, Any]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """One line's words for ``_words_with_characters``."""
    word: list[dict[str, Any]] = []
    rtl = False
    for ch in [*chars, None]:
        c = ch["c"] if ch is not None else " "
        if not word and c == "\u200d":  # (cannot start a word)
            continue
        stop = _mupdf_delimiter(c)
        here = _mupdf_right_to_left(c)
        if word and (stop or here != rtl):
            if any(w["bbox"][2] > w["bbox"][0] and w["bbox"][3] > w["bbox"][1]
                   for w in word):
                yield "".join(w["c"] for w in word), word
            word = []
        if stop:
            continue
        word.append(ch)  # type: ignore[arg-type]
        rtl = here


def _read_back(chars: list[dict[str, Any]], along: tuple[float, float] = (1.0, 0.0)) -> str:
    """The text of a word's characters as read: in the order they are drawn along their
    line (``along``: the way it runs, left to right across the page unless turned), then
    runs of right-to-left letters (with the marks among them) reversed, numbers and Latin
    letters kept in that order (Unicode's bidirectional algorithm, read back for a
    right-to-left line). A character drawn with no width (the second character of a
    ligature's glyph) stays after the one before it."""
    import unicodedata

    clusters: list[list[dict[str, Any]]] = []
    for ch in chars:
        b = ch["bbox"]
        if clusters and (b[2] - b[0]) * abs(along[0]) + (b[3] - b[1]) * abs(along[1]) <= 0:
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    clusters.sort(key=lambda cl: (cl[0]["bbox"][0] + cl[0]["bbox"][2]) / 2 * along[0]
                  + (cl[0]["bbox"][1] + cl[0]["bbox"][3]) / 2 * along[1])
    texts = ["".join(c["c"] for c in cl) for cl in clusters]
    kinds = [unicodedata.bidirectional(t[0]) if t else "ON" for t in texts]
    if not any(k in ("R", "AL") for k in kinds):
        return "".join(texts)  # digits (of any script), left to right as shown
    forward = [k in ("L", "EN", "AN") for k in kinds]
    for i in range(1, len(texts) - 1):  # a separator inside a number belongs to it
        if not forward[i] and kinds[i] in ("CS", "ES", "ET") and forward[i - 1] \
                and forward[i + 1]:
            forward[i] = True
    runs: list[tuple[bool, list[str]]] = []
    for text, fwd in zip(texts, forward, strict=True):
        if runs and runs[-1][0] == fwd:
            runs[-1][1].append(text)
        else:
            runs.append((fwd, [text]))
    return "".join("".join(part if fwd else part[::-1])
                   for fwd, part in reversed(runs))


#: How a page as shown must turn (clockwise degrees) for text running each way to read
#: left to right: text running down the page needs a quarter turn back, and so on.
_TURN_FOR = {(0, 1): 270, (-1, 0): 180, (0, -1): 90}


def upright_turn(words: list[Word], width: float = 1.0, height: float = 1.0) -> int:
    """Clockwise degrees that make a text layer's lines read left to right: 0 unless most
    of the text runs down, up or right to left on the page as shown (a portrait page
    placed sideways, a wrong /Rotate). ``width`` and ``height``: the page's size.

    Two kinds of evidence, both needed. The shape of each word of three or more
    characters (wider than tall, or taller than wide, on the page) says whether the text
    lies flat or stands on its side, so single-word lines (table cells, a receipt's
    amounts) count too; consecutive words of one line (MuPDF's reading order), weighted by
    their length, say which way it runs. A page turns only when at least 12 words and
    three quarters of the text agree, so a vertical note in a margin, a stamp on a scan
    or vertical column headers over a table of numbers do not turn it."""
    flat = side = 0
    side_words = 0
    for w in words:
        n = len(w.text.strip())
        if n < 3:
            continue
        if w.box.width * width >= w.box.height * height:
            flat += n
        else:
            side += n
            side_words += 1
    votes: dict[tuple[int, int], float] = {}
    pairs = 0
    for a, b in pairwise(words):
        if a.line_key is None or a.line_key != b.line_key:
            continue
        if _RIGHT_TO_LEFT.search(a.text) or _RIGHT_TO_LEFT.search(b.text):
            continue  # Hebrew and Arabic run right to left upright
        dx = (b.box.x0 + b.box.x1 - a.box.x0 - a.box.x1) / 2
        dy = (b.box.y0 + b.box.y1 - a.box.y0 - a.box.y1) / 2
        if abs(dx) >= abs(dy):
            way = (1, 0) if dx > 0 else (-1, 0)
        else:
            way = (0, 1) if dy > 0 else (0, -1)
        votes[way] = votes.get(way, 0.0) + len(a.text) + len(b.text)
        pairs += 1
    if side_words >= 12 and side >= 0.75 * (flat + side):  # the text stands on its side
        down, up = votes.get((0, 1), 0.0), votes.get((0, -1), 0.0)
        if down + up >= 0.75 * sum(votes.values()) and down != up:
            return _TURN_FOR[(0, 1) if down > up else (0, -1)]
        return 0
    total = sum(votes.values())
    back = votes.get((-1, 0), 0.0)
    if pairs >= 12 and back >= 0.75 * total and back >= 0.5 * (flat + side):
        return _TURN_FOR[(-1, 0)]  # flat, but read right to left: upside down
    return 0


#: MuPDF warnings that say the file itself is broken (truncated, repaired, content that
#: could not be loaded), unlike syntax or format complaints about resources (a missing
#: font or graphics state) that common, fully readable PDFs produce.
_DAMAGE = re.compile(r"repair|cannot find startxref|cannot load content stream|truncated|"
                     r"premature end", re.IGNORECASE)


#: A black-and-white image covering at least this share of a page without a text layer
#: makes the page bilevel (a fax's).
BILEVEL_COVER = 0.5


def _bilevel(doc: Any, index: int, area: float) -> bool:
    """Whether the page shows only black-and-white images (1 bit per pixel, or two grey
    levels at most: a fax's), one of them over :data:`BILEVEL_COVER` of the page's
    ``area``. OCR renders the page at another resolution, whose smoothing makes greys:
    the levels are the source images'."""
    import pymupdf

    from formsift.plugins.loaders.image import two_levels

    try:
        with MUPDF_LOCK:
            page = doc[index]
            images = page.get_images(full=True)
            if not images or not any(r.width * r.height >= BILEVEL_COVER * area
                                     for im in images for r in page.get_image_rects(im[0])):
                return False
            for im in images:
                if im[4] == 1:  # bits per component
                    continue
                pix = pymupdf.Pixmap(doc, im[0])
                if pix.n - pix.alpha != 1 or not two_levels(pix.samples_mv):
                    return False
    except Exception:  # a damaged image: not known to be bilevel
        return False
    return True


def _image_areas(page: Any, textpage: Any, x_off: float, y_off: float, sx: float,
                 sy: float) -> list[Box]:
    """Where the page shows images and ink or stamp annotations (page-relative)."""
    import pymupdf

    rects = []
    try:
        infos = textpage.extractIMGINFO()
        masked = [i for i in infos if i.get("has-mask") and _overlay_size(page, i)]
        smasks = _soft_masks(page) if masked else []
        for info in infos:
            shown = _shown_parts(page.parent, info, smasks, textpage) if info in masked \
            else None
            rects.extend(shown if shown is not None else [pymupdf.Rect(info["bbox"])])
        for annot in _annots(page):
            if annot.type[1] in ("Ink", "Stamp"):
                rects.append(annot.rect)
    except Exception:  # a damaged image or annotation dictionary: no areas from it
        return []
    if page.rotation:
        rects = [r * page.rotation_matrix for r in rects]
    out = []
    for r in rects:
        box = Box(_clamp((r.x0 - x_off) * sx), _clamp((r.y0 - y_off) * sy),
                  _clamp((r.x1 - x_off) * sx), _clamp((r.y1 - y_off) * sy))
        if box.width > 0 and box.height > 0:
            out.append(box)
    return out


#: An image with transparency (a soft mask) that spans at least this share of the page is
#: an overlay (handwriting, a signature or stamps pasted as a transparent PNG over a form):
#: the page shows it only where its mask is opaque (:func:`_shown_parts`).
OVERLAY_AREA = 0.02
#: ... and such an image shows in parts when its opaque pixels, grouped into pieces (ink
#: closer than SHOWN_JOIN points across and a fifth of that down is one piece), fill at
#: most this share of its rectangle, in at most SHOWN_PARTS pieces.
SHOWN_SHARE = 0.5
SHOWN_PARTS = 60
SHOWN_JOIN = 10.0
#: Each piece reaches past its ink by SHOWN_PAD times its height on each side, as a text
#: detector's line box does (a recognizer wants the margin; a handwritten number alone
#: would be too small an image area to be read), and alpha above SHOWN_ALPHA is opaque.
SHOWN_PAD = 0.5
SHOWN_ALPHA = 32


def _overlay_size(page: Any, info: dict[str, Any]) -> bool:
    r = page.rect
    b = info["bbox"]
    return (b[2] - b[0]) * (b[3] - b[1]) >= OVERLAY_AREA * max(1.0, r.width * r.height)


def _soft_masks(page: Any) -> list[tuple[int, int, int]]:
    """(width, height, soft mask xref) of the page's images that have a soft mask."""
    try:
        return [(img[2], img[3], img[1]) for img in page.get_images(full=True) if img[1]]
    except Exception:
        return []


def _shown_parts(doc: Any, info: dict[str, Any], smasks: list[tuple[int, int, int]],
                 textpage: Any) -> list[Any] | None:
    """Where an image with a soft mask shows on the page (rectangles in page points): the
    pieces of its opaque pixels, when they fill at most SHOWN_SHARE of its rectangle in at
    most SHOWN_PARTS pieces, joined while no word of the text layer (``textpage``) falls
    in the rectangle around them; None to take its whole rectangle (no soft mask found for
    it, a mask that shows most of it, a rotated or flipped placement). Handwriting pasted
    as a transparent image as wide as the page, over a form's printed labels, covered
    them in its rectangle: the text-layer words spread over it made it "covered" and it
    was never read (weighbridge journey, finding 7). Its pieces lie beside the labels."""
    import cv2
    import numpy as np
    import pymupdf

    a, b, c, d, e, f = info["transform"]
    if abs(b) > 1e-6 or abs(c) > 1e-6 or a <= 0 or d <= 0:
        return None
    xrefs = {x for w, h, x in smasks if (w, h) == (info["width"], info["height"])}
    if len(xrefs) != 1:
        return None
    try:
        mask = pymupdf.Pixmap(doc, xrefs.pop())
    except Exception:  # a damaged mask: the image's rectangle
        return None
    if mask.n != 1 or mask.w < 2 or mask.h < 2:
        return None
    alpha = np.frombuffer(mask.samples, np.uint8).reshape(mask.h, mask.w) > SHOWN_ALPHA
    if not alpha.any():
        return []
    px, py = a / mask.w, d / mask.h  # points per pixel
    kx = max(1, round(SHOWN_JOIN / px))
    ky = max(1, round(SHOWN_JOIN / 5 / py))
    grown = cv2.dilate(alpha.astype(np.uint8), np.ones((ky, kx), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    if n - 1 > SHOWN_PARTS:
        return None
    out = []
    for x, y, w, h, _ in stats[1:]:
        # the dilation grew each piece by half the kernel on each side
        x0, x1 = x + kx // 2, x + w - (kx - 1 - kx // 2)
        y0, y1 = y + ky // 2, y + h - (ky - 1 - ky // 2)
        m = SHOWN_PAD * (y1 - y0) * py
        out.append(pymupdf.Rect(e + x0 * px - m, f + y0 * py - m, e + x1 * px + m,
                                f + y1 * py + m) & pymupdf.Rect(info["bbox"]))
    if sum(r.width * r.height for r in out) > SHOWN_SHARE * a * d:
        return None
    try:
        words = [pymupdf.Rect(w[:4]) for w in textpage.extractWORDS()]
    except Exception:
        words = []
    return _joined_apart_from(out, words)


def _joined_apart_from(parts: list[Any], words: list[Any]) -> list[Any]:
    """``parts`` (rectangles) joined two by two, closest first, while the rectangle around
    the two holds no part of any of ``words``: the handwritten values of a form's column
    of blanks are one area, the printed labels left of them and units right of them stay
    out of it (each value alone is too small an area to be read)."""
    out = list(parts)
    while len(out) > 1:
        best = None
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                u = out[i] | out[j]
                if any((u & w).get_area() > 0 for w in words):
                    continue
                grown = u.get_area() - out[i].get_area() - out[j].get_area()
                if best is None or grown < best[0]:
                    best = (grown, i, j, u)
        if best is None:
            break
        _, i, j, u = best
        out = [r for k, r in enumerate(out) if k not in (i, j)] + [u]
    return out


#: Runs of the spaces MuPDF keeps inside words (French typography writes "Total :" with
#: them); pdftotext writes them as spaces, and template regexes are written against that.
_ODD_SPACE = re.compile(f"[{ODD_SPACES}]+")


#: Numbers whose digit groups are set apart by no-break or other typographic spaces in the
#: page's text ("1\u00a0234,56", "12\u00a0345\u2009678,90"): MuPDF ends a word at a
#: no-break space only, so only a number with one falls apart into words. A sign before
#: it ("-1\u00a0234,56", a soft hyphen, an accounting parenthesis) is in its first piece.
_NO_BREAK_GROUPED = re.compile(
    f"[-+\u00ad\u2010\u2011\u2012\u2212(]?\\d+(?:[{ODD_SPACES}]+\\d\\S*)+")


def _join_at_no_break_spaces(words: list[Any], plain: str) -> list[Any]:
    """MuPDF's words with the pieces of a number grouped by no-break spaces joined again
    ("1", "234,56" of "1\u00a0234,56"): MuPDF splits words at a no-break space, which
    then reads as an ordinary one, and an amount grouped by ordinary spaces is ambiguous
    in most locales. The number's pieces are found in the order of the page's text."""
    if "\u00a0" not in plain:
        return words
    out = list(words)
    at = 0
    for m in _NO_BREAK_GROUPED.finditer(plain):
        if "\u00a0" not in m.group():
            continue  # (one word already)
        # MuPDF's pieces: cut at each no-break space, which it drops; another space next
        # to one ("16\u2002\u00a0200") stays at the end or start of a piece
        parts = [p for p in m.group().split("\u00a0") if p]
        n = len(parts)
        for i in range(at, min(len(out) - n + 1, at + 500)):  # text and words in one order
            run = out[i:i + n]
            if [w[4] for w in run] == parts and len({(w[5], w[6]) for w in run}) == 1:
                first = run[0]
                out[i:i + n] = [(min(w[0] for w in run), min(w[1] for w in run),
                                 max(w[2] for w in run), max(w[3] for w in run),
                                 m.group(), *first[5:])]
                at = i + 1
                break
    return out


def _visible_hyphens(words: Iterator[Any]) -> Iterator[Any]:
    """MuPDF's words with each soft hyphen (U+00AD) as the hyphen-minus it is on the page.

    A soft hyphen is a hint where a word may break, shown only when it does; a text layer
    holds the characters of the glyphs drawn, so one there is a hyphen (or minus sign) the
    page shows. Many fonts' character maps give their only hyphen glyph the code U+00AD
    (Liberation Sans as PyMuPDF embeds it, word processors' hyphenation at a line's end):
    kept, '-150,00' read as 150,00, '2026-12-04' as no date, '526-025-09-95' as another
    ID. Only U+00AD is mapped: the other dashes (U+2010, U+2011, U+2212...) are the
    characters drawn, and the value types read them as they are. A CJK compatibility
    ideograph or Kangxi radical is written as the unified ideograph it shows
    (:func:`formsift.util.ideographs.unified_ideographs`)."""
    for word in words:
        text = unified_ideographs(word[4])  # (a look-alike Han character as itself)
        if "\u00ad" in text:
            text = text.replace("\u00ad", "-")
        yield word if text == word[4] else (*word[:4], text, *word[5:])


def _split_at_odd_spaces(words: list[Any]) -> Iterator[Any]:
    """MuPDF's words, split where they hold such a space; each piece gets its share of
    the word's width by its characters. A space between two digits stays: it groups the
    thousands of one number ("1 250"), which the amount types read as such."""
    for word in words:
        x0, y0, x1, y1, text = word[:5]
        cuts = [m for m in _ODD_SPACE.finditer(text)
                if not (m.start() > 0 and m.end() < len(text) and text[m.start() - 1].isdigit()
                        and text[m.end()].isdigit())]
        if not cuts:
            yield word
            continue
        step = (x1 - x0) / max(1, len(text))
        start = 0
        for m in [*cuts, None]:
            end = m.start() if m is not None else len(text)
            if end > start:
                yield (x0 + start * step, y0, x0 + end * step, y1, text[start:end],
                       *word[5:])
            if m is not None:
                start = m.end()


def _clamp(v: float) -> float:
    return 0.0 if v < 0.0 else 1.0 if v > 1.0 else v


def _short(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
