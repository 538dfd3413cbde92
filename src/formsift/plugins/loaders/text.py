"""The plain-text loader: text files (already extracted text, e.g. from pdftotext or a
mainframe print) become pages of words on a character grid.

Each character is one cell: a word's box is its column span on its line, so the layout
text view (``search`` locators) gives the file's text back unchanged, and the word-based
locators (``right of``, ``below``...) work on the columns as they are printed. Form feeds
separate pages.
"""

from __future__ import annotations

import re

from formsift.core.components import Options
from formsift.core.document import Document, Page, Word
from formsift.core.errors import InputError
from formsift.core.geometry import Box
from formsift.core.kinds import Loader
from formsift.core.sources import Source

_WORD = re.compile(r"\S+")
#: Control characters that never occur in a text file (NUL, ESC, ...); \t \n \r \f may.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class TextOptions(Options):
    encoding: str = "utf-8"
    tab_size: int = 8
    max_pages: int = 5000


class TextLoader(Loader):
    name = "text"
    version = "0.1.0"
    summary = "Plain-text files: words on a character grid, form feeds between pages"
    suffixes = (".txt", ".text")
    Options = TextOptions

    def accepts(self, source: Source) -> bool:
        # text has no magic bytes: the name must say it is text, and the bytes must be
        if source.suffix not in (".txt", ".text"):
            return False
        head = source.data[:4096]
        if head.startswith(b"%PDF") or b"\x00" in head:
            return False
        try:
            text = head.decode(self.options.encoding)  # type: ignore[attr-defined]
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the 4096th byte
                return False
            text = head[:exc.start].decode(self.options.encoding, "ignore")  # type: ignore[attr-defined]
        return bool(text.strip()) and not _BINARY.search(text)

    def load(self, source: Source) -> Document:
        opts: TextOptions = self.options  # type: ignore[assignment]
        try:
            text = source.data.decode(opts.encoding)
        except UnicodeDecodeError as exc:
            raise InputError(source.name, f"not {opts.encoding} text: {exc.reason} at byte "
                                          f"{exc.start}",
                             hint="pass the text loader's 'encoding' option") from exc
        chunks = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
        if chunks and not chunks[-1].strip() and len(chunks) > 1:
            chunks.pop()  # a form feed that ends the last page
        if len(chunks) > opts.max_pages:
            raise InputError(source.name, f"text has {len(chunks):,} pages, over the limit "
                                          f"of {opts.max_pages:,}")
        pages = [self._page(i, chunk, opts.tab_size) for i, chunk in enumerate(chunks)]
        return Document(id=source.id, name=source.name, media_type="text/plain", pages=pages,
                        loader=self.name, size_bytes=len(source.data))

    def _page(self, index: int, chunk: str, tab_size: int) -> Page:
        lines = [ln.expandtabs(tab_size) for ln in chunk.split("\n")]
        while lines and not lines[-1].strip():
            lines.pop()
        cols = max(80, max((len(ln) for ln in lines), default=0))
        rows = max(66, len(lines))
        words = []
        for r, line in enumerate(lines):
            for m in _WORD.finditer(line):
                words.append(Word(m.group(), Box(m.start() / cols, (r + 0.1) / rows,
                                                 m.end() / cols, (r + 0.9) / rows),
                                  index, 1.0, "text", False, (0, r)))
        return Page(index=index, width=float(cols), height=float(rows), unit="char",
                    words=words, has_text_layer=bool(words))
