"""The plain-text loader: text files (already extracted text, e.g. from pdftotext or a
mainframe print) become pages of words on a character grid.

Each character is one cell: a word's box is its column span on its line, so the layout
text view (``search`` locators) gives the file's text back unchanged, and the word-based
locators (``right of``, ``below``...) work on the columns as they are printed. Form feeds
separate pages.

Encoding: the ``encoding`` option (UTF-8 by default); a byte-order mark (UTF-8, UTF-16,
UTF-32) overrides it, since it says what the file is. A file that is not valid in the
encoding is an error that says so (line and byte), never decoded by a guess: a single-byte
fallback such as Latin-1 or Windows-1252 decodes *any* bytes, so a wrong guess (a
Windows-1251 or a DOS code page 850 file) would put wrong characters into records
without a word, and extracted records are only as good as their text. Set the option
(``Engine(loader_options={"text": {"encoding": "cp1252"}})``) or convert the file.
"""

from __future__ import annotations

import codecs
import re

from pydantic import Field, field_validator

from formsift.core.components import Options
from formsift.core.document import Document, Page, Word
from formsift.core.errors import InputError
from formsift.core.geometry import Box
from formsift.core.kinds import Loader
from formsift.core.sources import Source
from formsift.plugins.loaders.limits import PageLimitError
from formsift.plugins.loaders.pdf import is_pdf
from formsift.util.ideographs import unified_ideographs

_WORD = re.compile(r"\S+")
#: Control characters that never occur in a text file (NUL, ESC, ...); \t \n \r \f may.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class TextOptions(Options):
    #: The files' encoding (a Python codec name: "utf-8", "cp1252", "latin-1"...); a
    #: byte-order mark overrides it.
    encoding: str = "utf-8"
    tab_size: int = 8
    #: Refuse a file of more pages (form feeds) than this (the service sets its
    #: ``--max-pages`` here).
    max_pages: int = Field(5000, gt=0)

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        try:
            codecs.lookup(value)
        except LookupError:
            raise ValueError(f"unknown encoding {value!r} (a Python codec name such as "
                             f"'utf-8', 'cp1252' or 'latin-1')") from None
        return value


#: Byte-order marks and the codec that reads them (UTF-32 first: its LE mark starts with
#: UTF-16's). The -sig/BOM-aware codecs drop the mark from the text.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def _encoding(data: bytes, configured: str) -> str:
    """The codec for ``data``: its byte-order mark's, else the configured one."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return configured


class TextLoader(Loader):
    name = "text"
    version = "0.1.0"
    summary = "Plain-text files: words on a character grid, form feeds between pages"
    #: (.ledes: a LEDES e-billing file, fields separated by "|", as
    #: examples/templates/ledes_1998b.sift reads it)
    suffixes = (".txt", ".text", ".ledes")
    Options = TextOptions

    def accepts(self, source: Source) -> bool:
        # text has no magic bytes: the name must say it is text, and the bytes must be
        if source.suffix not in self.suffixes:
            return False
        if is_pdf(source.data):  # (a note that merely starts "%PDF" is text)
            return False
        head = source.data[:4096]
        encoding = _encoding(head, self.options.encoding)  # type: ignore[attr-defined]
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4 and len(source.data) > len(head):
                text = head[:exc.start].decode(encoding, "ignore")  # a character cut at 4096
            else:
                # Not valid in the encoding, but it may still be text (Latin-1, cp1252...):
                # take it if it has no binary control bytes, so that load() can say what
                # is wrong instead of "unsupported file type".
                text = head.decode("latin-1")
        return bool(text.strip()) and not _BINARY.search(text)

    def load(self, source: Source) -> Document:
        opts: TextOptions = self.options  # type: ignore[assignment]
        data = source.data
        encoding = _encoding(data, opts.encoding)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _not_in_encoding(source.name, data, encoding, exc) from None
        chunks = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
        if chunks and not chunks[-1].strip() and len(chunks) > 1:
            chunks.pop()  # a form feed that ends the last page
        if len(chunks) > opts.max_pages:
            raise PageLimitError(source.name, f"text has {len(chunks):,} pages, over the "
                                              f"limit of {opts.max_pages:,}",
                                 pages=len(chunks), limit=opts.max_pages)
        pages = [self._page(i, chunk, opts.tab_size) for i, chunk in enumerate(chunks)]
        return Document(id=source.id, name=source.name, media_type="text/plain", pages=pages,
                        loader=self.name, size_bytes=len(source.data))

    def _page(self, index: int, chunk: str, tab_size: int) -> Page:
        # a look-alike Han character as itself (one character for one: columns stay)
        lines = [ln.expandtabs(tab_size) for ln in unified_ideographs(chunk).split("\n")]
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


def _not_in_encoding(name: str, data: bytes, encoding: str,
                     exc: UnicodeDecodeError) -> InputError:
    """A clear error for text that is not in ``encoding``: where, which bytes, what to do."""
    line = data.count(b"\n", 0, exc.start) + 1
    bad = " ".join(f"0x{b:02X}" for b in data[exc.start:min(exc.end, exc.start + 4)])
    label = codecs.lookup(encoding).name.upper().replace("-SIG", "")
    message = (f"the text file is not valid {label}: byte {bad} at offset {exc.start:,} "
               f"(line {line}): {exc.reason}")
    if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig"):
        message += ("; it is probably in a legacy single-byte encoding such as Windows-1252 "
                    "or Latin-1, which formsift does not guess")
    return InputError(name, message,
                      hint="set the text loader's encoding, e.g. Engine(loader_options="
                           "{'text': {'encoding': 'cp1252'}}), or convert the file to UTF-8 "
                           "(iconv -f cp1252 -t utf-8 FILE)")
