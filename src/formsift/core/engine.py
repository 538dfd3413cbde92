"""The engine: load -> (recognize) -> classify -> extract -> validate -> route -> result.

The engine only orchestrates. Loading, image processing, recognition, field parsing and
validation are all components found through the plugin registry.

    >>> from formsift import Engine
    >>> engine = Engine()                       # create once, reuse
    >>> result = engine.extract("invoice.pdf", template="invoice")
    >>> result.record()["total"]
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import inspect
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formsift import __version__
from formsift.core import routing
from formsift.core.components import Component, ComponentKind
from formsift.core.contracts import (
    ContractError,
    blame,
    checked_document,
    checked_regions,
    failure,
    image_problem,
    raised_at,
    shape_problem,
)
from formsift.core.document import RECOGNIZE_MS, Deferred, Document
from formsift.core.errors import (
    DocumentTimeout,
    FormsiftError,
    InputError,
    PluginError,
    TemplateError,
)
from formsift.core.kinds import Loader, Preprocessor, Segmenter, TextRegion
from formsift.core.plugins import PluginRegistry, default_registry
from formsift.core.reasons import by_action
from formsift.core.result import (
    Audit,
    ComponentRef,
    ErrorResult,
    ExtractionResult,
    FieldValue,
    PageInfo,
    Reason,
    Status,
    TemplateScore,
    WordOut,
)
from formsift.core.seen import SeenStore, make_store
from formsift.core.sources import (
    DEFAULT_MAX_BYTES,
    TEXT_LABEL,
    Source,
    SourceLike,
    as_source,
    content_as_text,
)
from formsift.core.template_cache import TemplateCache
from formsift.util.suggest import did_you_mean
from formsift.util.versions import library_versions

if TYPE_CHECKING:
    from formsift.core.packet import PacketResult
    from formsift.templates.model import CompiledPacket, CompiledTemplate

#: Documents longer than this keep the images of pages already read PNG-packed (a 300
#: dpi page: 26 MB as pixels), trading about half a second per page for memory that no
#: longer grows with the page count.
PACK_PAGES_OVER = 10

#: Preprocessing of scanned pages when the template names none.
DEFAULT_PREPROCESS = ("orientation", "deskew")


#: A page note: OCR read the page with the default pipeline to split a packet.
_READ_FOR_SPLIT = "read_for_split"


class Engine:
    """Extracts records from documents. Create it once and reuse it: plugins, templates and
    models are loaded once per engine (models once per worker process).

    ``templates`` are the candidates for classification when ``extract`` is called without
    a template (default: the shipped library). ``block`` names plugins not to load;
    ``strict`` turns plugin problems into errors. ``seen_store`` backs the duplicate check
    ``seen_before(...)`` (see :mod:`formsift.core.seen`).
    """

    def __init__(self, templates: Iterable[Any] | None = None, *,
                 registry: PluginRegistry | None = None, block: Iterable[str] = (),
                 strict: bool | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 ocr_dpi: int = 300,
                 default_preprocess: Iterable[str] = DEFAULT_PREPROCESS,
                 debug_dir: str | Path | None = None,
                 seen_store: SeenStore | str | Path | None = None,
                 region_first: bool = False, mixed_ocr: str = "auto",
                 loader_options: dict[str, dict[str, Any]] | None = None,
                 box_segmenter: str | None = "ink_lines", flag_resent: bool = True) -> None:
        block = tuple(block)
        if not 36 <= ocr_dpi <= 1200:
            raise FormsiftError(f"ocr_dpi must be between 36 and 1200, not {ocr_dpi!r}")
        if isinstance(default_preprocess, str):  # one name, not its letters
            default_preprocess = (default_preprocess,)
        if isinstance(templates, (str, Path)):  # one reference, not its letters
            templates = [templates]
        #: Region-first OCR segments the box of a typed field (money, date, ID...) with
        #: this cheap segmenter instead of the template's text detector (None: the
        #: detector everywhere).
        self.box_segmenter = box_segmenter
        #: Options per loader name, e.g. ``{"pdf": {"password": "s3cret"}}``.
        self.loader_options = dict(loader_options or {})
        #: Where ``seen_before`` looks values up: "memory", "sqlite" (default: a file in
        #: the user's state folder, created on first use), a path, or a SeenStore.
        self.seen_store = make_store(seen_store)
        #: ``duplicate_document`` for a file whose ``seen_before`` values this store holds
        #: from the same file (same content): a copy sent again, on a later batch run. The
        #: service says this itself (a record that still stands), so it turns this off.
        self.flag_resent = flag_resent
        self.default_preprocess = tuple(default_preprocess)
        self.debug_dir = Path(debug_dir) if debug_dir else None
        if self.debug_dir is not None and self.debug_dir.exists() \
                and not self.debug_dir.is_dir():
            raise FormsiftError(f"debug_dir {str(debug_dir)!r} is a file, not a folder")
        #: Read only what the template's locators need (formsift.templates.region_first);
        #: full-page OCR follows when a required field is still missing.
        self.region_first = region_first
        #: Called as ``on_page_read(document, pages_done, pages_to_read)`` after each page
        #: that OCR reads, in every call of this engine (a progress bar for one long scan;
        #: the CLI sets it). Threads sharing the engine each give theirs to the call
        #: instead: ``extract(..., on_page_read=f)`` sees that call's pages only.
        self.on_page_read: Callable[[Document, int, int], None] | None = None
        if mixed_ocr not in MIXED_OCR_MODES:
            raise FormsiftError(f"mixed_ocr must be one of {', '.join(MIXED_OCR_MODES)}, "
                                f"not {mixed_ocr!r}")
        #: Image areas of pages that have a text layer (logos, stamps, pasted scans):
        #: "auto" reads them only when the text layer alone leaves the record incomplete
        #: (a field missing, an error rule failed, or no template matched), "always" reads
        #: them before extraction, "never" never does.
        self.mixed_ocr = mixed_ocr
        self.registry = registry or default_registry(block=block, strict=strict)
        if self.default_preprocess != DEFAULT_PREPROCESS:
            self._check_names(ComponentKind.PREPROCESSOR, self.default_preprocess,
                              "default_preprocess")
        if box_segmenter not in (None, "ink_lines"):  # (the default may be blocked)
            self._check_names(ComponentKind.SEGMENTER, [box_segmenter], "box_segmenter")
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
            raise FormsiftError(f"max_bytes must be a whole number of bytes above 0, not "
                                f"{max_bytes!r}")
        self.max_bytes = max_bytes
        self.ocr_dpi = ocr_dpi
        self._template_refs = list(templates) if templates is not None else None
        self._templates: list[CompiledTemplate] | None = None
        self._packets: list[CompiledPacket] | None = None
        #: reference -> (template, the file's (mtime, size) when it was read), the most
        #: recently used kept (core.template_cache: memory bounded)
        self._template_cache = TemplateCache()
        self._loaders: list[Loader] | None = None
        self._components: dict[tuple[str, str], Component] = {}

    def __copy__(self) -> Engine:
        """A view sharing this engine's components, registry and stores (``among``)."""
        view = object.__new__(type(self))
        view.__dict__.update(self.__dict__)
        return view

    def __reduce__(self) -> Any:
        """An engine holds models, plugins and open stores: it is not sent to another
        process (``pool.submit(engine.extract, ...)``); each process makes its own."""
        raise TypeError("a formsift Engine cannot be sent to another process (pickled): "
                        "make one in each worker process, at its first task or in the "
                        "pool's initializer, and submit a function that uses it (see "
                        "'In worker processes' in docs/integration.md)")

    # ------------------------------------------------------------------ templates
    def template(self, ref: Any) -> CompiledTemplate:
        """Resolve a template reference (library name, path, a template's source text or
        a compiled template), cached; a template file edited since it was read is read
        again."""
        from formsift.templates import compile_template, load_template
        from formsift.templates.model import CompiledTemplate

        if isinstance(ref, CompiledTemplate):
            if ref.errors:  # check_source's template of a file with errors: never run
                raise TemplateError(f"{ref.path}: {len(ref.errors)} error(s)", list(ref.errors))
            return ref
        if not isinstance(ref, (str, Path)):
            raise FormsiftError(f"template must be a library name ('invoice'), a "
                                f"template's text ('template NAME {{ ... }}'), a .sift "
                                f"file's path, or a template compile_template or "
                                f"load_template gave, not {type(ref).__name__}")
        if isinstance(ref, str) and _TEMPLATE_TEXT.search(ref):
            # the text of a template (kept in a database, built in code), not its name
            key = "\0text\0" + ref
            kept = self._template_cache.get(key)
            if kept is None:
                kept = (compile_template(ref, self.registry), None)
                self._template_cache.put(key, kept)
            return kept[0]
        if isinstance(ref, str) and ("\n" in ref or len(ref) > 1024):
            raise TemplateError(f"{ref[:60]!r}...: not a library name or a template file's "
                                f"path, and no template's text (which starts 'template "
                                f"NAME {{')")
        key = str(ref)
        stamp = _file_stamp(key)
        cached = self._template_cache.get(key)
        if cached is None or cached[1] != stamp:
            own = self._own_template(key)
            if own is None:
                try:
                    own = load_template(ref, self.registry)
                except TemplateError as exc:
                    better = self._unknown_template(key, exc)
                    if better is None:
                        raise
                    raise better from None
            cached = (own, stamp)
            self._template_cache.put(key, cached)
        return cached[0]

    def _unknown_template(self, name: str, exc: TemplateError) -> TemplateError | None:
        """A better error than the library's for a name that is none of its templates: the
        name of a packet (which splitting a file applies, not ``template=``), or one close
        to a template of the engine's own (``templates=``) the library does not know."""
        from formsift.templates import unknown_template_error

        if not name.isidentifier() or Path(name).exists() \
                or not exc.message.startswith("no template named"):
            return None
        try:
            own = [t.name for t in self.templates] if self._template_refs is not None else []
            packets = {p.name: [d.template for d in p.documents] for p in self.packets}
        except FormsiftError:  # the engine's templates have errors of their own
            return None
        return unknown_template_error(name, own, packets)

    def among(self, templates: Iterable[str | Path]) -> Engine:
        """This engine classifying against ``templates`` (files, folders or library names)
        instead of its own: the same components, settings and stores."""
        view = copy.copy(self)
        view._template_refs = list(templates)
        view._templates = view._packets = None
        view._template_cache = TemplateCache()
        return view

    def _own_template(self, name: str) -> CompiledTemplate | None:
        """The engine's own template called ``name`` (from its ``templates``), which a bare
        name means before the library's: a customised ``id_card`` in the user's folder must
        not be passed over for the shipped one."""
        # (a file of that name is a path; a folder of documents called "invoice/" is not)
        if self._template_refs is None or not name.isidentifier() or Path(name).is_file():
            return None
        return next((t for t in self.templates if t.name == name), None)

    @property
    def templates(self) -> list[CompiledTemplate]:
        """The templates this engine classifies documents against."""
        if self._templates is None:
            self._load_definitions()
        assert self._templates is not None
        return self._templates

    @property
    def packets(self) -> list[CompiledPacket]:
        """The packet templates among the engine's templates (the library's by default)."""
        if self._packets is None:
            self._load_definitions()
        assert self._packets is not None
        return self._packets

    def _load_definitions(self) -> None:
        from formsift.templates.definitions import load_engine_definitions
        from formsift.util import gc_control

        with gc_control.paused():  # long-lived objects in bulk: no collection (see there)
            self._templates, self._packets = load_engine_definitions(
                self._template_refs, self.registry, self.template)

    # ------------------------------------------------------------------ loading
    def loaders(self) -> list[Loader]:
        """The installed loaders, in the order they are offered an input, each with its
        options from ``loader_options`` (checked against the loader's options model)."""
        if self._loaders is None:
            from pydantic import ValidationError

            infos = self.registry.of_kind(ComponentKind.LOADER)
            for name in self.loader_options:
                if name not in infos:  # a misspelled loader would leave its options unused
                    self.registry.get(ComponentKind.LOADER, name)
            loaders = []
            for name, info in infos.items():
                try:
                    loaders.append(info.cls(self.loader_options.get(name)))
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(x) for x in first["loc"])
                    raise FormsiftError(f"loader {name!r}: option {where!r}: "
                                        f"{first['msg']}") from None
            self._loaders = loaders  # type: ignore[assignment]
        return self._loaders  # type: ignore[return-value]

    def load(self, source: SourceLike, *, name: str | None = None) -> Document:
        """Read an input (path, bytes or binary file object) into a :class:`Document`."""
        src = as_source(source, name=name, max_bytes=self.max_bytes)
        return self._load(src)

    def _load(self, src: Source) -> Document:
        for loader in self.loaders():
            if loader.accepts(src):
                doc = checked_document(loader, loader.load(src))
                errors: list[str] = []
                self._notify("formsift_document_loaded", errors=errors, document=doc)
                if errors:  # the result's audit lists them (extract_document)
                    doc.metadata.setdefault("plugin_errors", []).extend(errors)
                return doc
        known = sorted({s for lo in self.loaders() for s in lo.suffixes})
        suffix = Path(src.name).suffix.lower()
        named = [lo.name for lo in self.loaders() if suffix and suffix in lo.suffixes]
        if named:  # "x.pdf" holding something else: say what it is not
            raise InputError(src.name, f"not a valid {suffix[1:].upper()} file: its content "
                                       f"is not what the '{named[0]}' loader reads (a "
                                       f"damaged or mislabelled file?)")
        supported = "supported: " + (", ".join(known) or "no loader installed")
        if _looks_like_mail(src):
            raise InputError(src.name, "an e-mail, not a document formsift can read",
                             hint="save its attachments (or its body, as .txt) and extract "
                                  "those; " + supported)
        raise InputError(src.name, "unsupported file type: not a document formsift can read",
                         hint=supported)

    # ------------------------------------------------------------------ recognition
    def component(self, kind: ComponentKind | str, name: str,
                  options: dict[str, Any] | None = None) -> Component:
        """The engine's instance of an installed component (created once per name and
        options, models loaded): ``engine.component("exporter", "csv")``."""
        try:
            kind = ComponentKind(kind)
        except ValueError:
            raise FormsiftError(f"no component kind {kind!r} (kinds: "
                                f"{', '.join(k.value for k in ComponentKind)})") from None
        key = (kind.value, name + repr(sorted((options or {}).items())))
        if key not in self._components:
            self._components[key] = self.registry.create(kind, name, options)
        comp = self._components[key]
        comp.ensure_ready()
        return comp

    def _check_names(self, kind: ComponentKind, names: Iterable[str], option: str) -> None:
        installed = self.registry.of_kind(kind)
        for name in names:
            if name not in installed:
                hint = did_you_mean(name, installed)
                raise PluginError(
                    f"{option}: no {kind.value} named {name!r} is installed"
                    + (f"; did you mean {hint!r}?" if hint else
                       f" (installed: {', '.join(sorted(installed)) or 'none'})"))

    def export(self, results: Iterable[ExtractionResult | ErrorResult | Any], stream: Any,
               fmt: str = "json") -> None:
        """Write ``results`` to ``stream`` with the exporter ``fmt`` (json, jsonl, csv,
        or a plugin's), as ``formsift extract -f FMT`` does. ``stream`` is a text stream
        (a file opened with ``newline=""`` for csv, ``io.StringIO``) or a binary one
        (``open(path, "wb")``, ``io.BytesIO``), written as UTF-8; either stays open. A
        packet result (``extract_packet``) is written whole by json and jsonl; a format
        of one row per record (csv) gets a row per document of it (``PacketResult.flat()``)."""
        import io

        from formsift.core.packet import PacketResult

        self._check_names(ComponentKind.EXPORTER, [fmt], "export")
        if isinstance(results, (ExtractionResult, ErrorResult, PacketResult)):
            results = [results]  # one result, not the fields of one
        elif not isinstance(results, Iterable):
            raise FormsiftError(f"export takes results (a list of them, or one), not "
                                f"{type(results).__name__}")
        exporter = self.component(ComponentKind.EXPORTER, fmt)
        results = list(results)
        if not getattr(exporter, "takes_packets", False):  # rows: a packet's documents
            results = [r for x in results
                       for r in (x.flat() if isinstance(x, PacketResult) else [x])]
        text, buffered = stream, None
        mode = getattr(stream, "mode", "")
        if not isinstance(stream, io.TextIOBase) and (
                isinstance(stream, (io.RawIOBase, io.BufferedIOBase))
                or (isinstance(mode, str) and "b" in mode)):
            # bytes: UTF-8, line ends as the exporter writes them (as extract -o writes)
            buffered = io.BufferedWriter(stream) if isinstance(stream, io.RawIOBase) \
                else stream
            text = io.TextIOWrapper(buffered, encoding="utf-8", newline="",
                                    write_through=True)
        counted = _Counted(text)
        try:
            # a plugin's bug names it; a reader that closed the stream (| head) is no bug
            with self._blaming_plugins(f"the {fmt} export", passing=(BrokenPipeError,)):
                exporter.export(results, counted)  # type: ignore[attr-defined]
        finally:
            if buffered is not None:  # flushed, and left open: the stream is the caller's
                text.detach()
                if buffered is not stream:
                    buffered.detach()
        if results and not counted.written and not counted.bypassed:
            info = self.registry.get(ComponentKind.EXPORTER, fmt)
            raise PluginError(f"plugin {info.plugin!r} ({info.distribution}) failed on the "
                              f"{fmt} export: it wrote nothing for {len(results)} result(s)",
                              distribution=info.distribution)

    def recognize(self, doc: Document, template: CompiledTemplate | None = None, *,
                  region_first: bool | None = None, images: bool = True) -> list[str]:
        """Read pages that have no text layer with the template's pipeline (or the installed
        defaults), and, with ``images``, the image areas of pages whose text layer does not
        cover them (mixed PDFs). With ``region_first`` (default: the engine's setting) and a
        template, only what the template's locators can use is read. The codes the
        template's field types read (QR codes: :meth:`read_codes`) are decoded on every
        page. Returns the names of the components used."""
        from formsift.core import readers

        # a segmenter that reads (the checkboxes') reads with the pipeline's recognizer
        with readers.bound(lambda: self._recognizers(template)):
            used = self._recognize(doc, template, region_first, images)
            if template is not None:
                used += [n for n in self.read_codes(doc, template) if n not in used]
                used += [n for n in self.read_checkboxes(doc, template) if n not in used]
        return used

    def read_codes(self, doc: Document, template: CompiledTemplate) -> list[str]:
        """Decode the codes on every page of ``doc`` when a field of ``template`` has a
        type that reads them (``FieldType.reads_codes`` names the segmenter that decodes
        them, as ``qr_codes`` for ``swiss_qr``; with its options when the template's
        pipeline names it), or when the pipeline names such a segmenter: each payload
        becomes a word of its page, with the code's box, found by that segmenter.
        Pages whose codes were decoded are not decoded again.
        Returns the names of the segmenters used."""
        from formsift.core import areas

        names = list(dict.fromkeys(
            spec.type.reads_codes for spec in template.fields.values()
            if spec.type is not None and getattr(spec.type, "reads_codes", None)))
        named = [c for s in template.stages if s.stage == "segment" for c in s.components]
        # a code reader the pipeline names decodes every page too, pages with a text
        # layer (which the pipeline does not run on) as well: its payloads are words a
        # 'search' can read without a field type of the code
        readers = {getattr(info.cls, "reads_codes", None)
                   for info in self.registry.of_kind(ComponentKind.FIELD_TYPE).values()}
        names += [c.name for c in named if c.name in readers and c.name not in names]
        for name in names:
            comp = next((c for c in named if c.name == name), None) \
                or self.component(ComponentKind.SEGMENTER, name,
                                  self._code_options(template, name))
            assert isinstance(comp, Segmenter)
            comp.ensure_ready()
            pages = [p for p in doc.pages
                     # decoded before (here, or by the template's pipeline), or found none
                     if not any(w.source == name for w in p.words)
                     and not (isinstance(p.notes.get(name), dict)
                              and not p.notes[name].get("codes"))]
            self._add_found(doc, comp, pages, "code", areas.code_words,
                            lambda words, dpi: {"codes": len(words), "dpi": dpi, "boxes": [
                                w.box.as_list() for w in words]})
        return names

    def _code_options(self, template: CompiledTemplate, name: str) -> dict[str, Any] | None:
        """The options of code reader ``name`` that the template's fields of its codes need
        (``FieldType.code_options``: ``barcode(format="qr")`` has the ``barcodes``
        segmenter read QR codes too): each list option the union of theirs, and of its
        default where a field asks for none; None (its defaults) when none asks."""
        wants = [spec.type.code_options() for spec in template.fields.values()
                 if spec.type is not None and getattr(spec.type, "reads_codes", None) == name
                 and hasattr(spec.type, "code_options")]
        if not any(wants):
            return None
        defaults = self.registry.get(ComponentKind.SEGMENTER, name).cls.Options()
        merged: dict[str, Any] = {}
        for key in dict.fromkeys(k for w in wants for k in w):
            lists = [w.get(key) or list(getattr(defaults, key)) for w in wants]
            merged[key] = list(dict.fromkeys(v for values in lists for v in values))
        return merged

    def _add_found(self, doc: Document, comp: Segmenter, pages: list[Any], kind: str,
                   words_of: Callable[[list[TextRegion], Any], list[Any]],
                   note_of: Callable[[list[Any], int], dict[str, Any]]) -> None:
        """Segment each of ``pages`` with ``comp`` (decoders of codes, finders of
        checkboxes), on the image the page's words' boxes refer to (a scan as
        preprocessing left it): its regions of ``kind`` become words of the page
        (``words_of``), and its note under the segmenter's name says what was found
        (``note_of(words, dpi)``). Pages are packed after it on a long document."""
        for page in pages:
            _check_deadline(doc, page.index, len(doc.pages))
            dpi = page.notes.get("image", {}).get("dpi") or self.ocr_dpi
            image = page.shown_image(dpi) if comp.needs_image else None
            with _blaming(comp, "segment"):
                found = comp.segment(image, page)
            regions = [r for r in checked_regions(comp, found) if r.kind == kind]
            words = words_of(regions, page)
            page.notes[comp.name] = {**(page.notes.get(comp.name) or {}),
                                     **note_of(words, dpi)}
            if words:
                page.set_words([*page.words, *words])
            if len(doc.pages) > PACK_PAGES_OVER:
                page.pack()

    def check_ocr_layer(self, doc: Document, template: CompiledTemplate,
                        fields: Mapping[str, Any], used: list[str]) -> list[Reason]:
        """Check the values read from an invisible OCR layer against the image under it.

        A searchable scan's text is its invisible text layer (the loader's ``ocr_layer``
        page note), which can say what the image does not (an edited layer, a poor OCR).
        Each field of an amount, number or date type (:data:`LAYER_CHECKED_KINDS`)
        whose value was read from such a layer is read again from the image, in its box,
        by the template's (or the default) recognizer; when the digits differ, an
        ``ocr_layer_mismatch`` reason names the field, the layer's text and the image's
        reading, and the record goes to review. The result is in
        the page's note (``checked``, ``mismatches``). Without a recognizer (models not
        installed) the note says the values were not checked."""
        pages = {p.number: p for p in doc.pages if p.notes.get("ocr_layer")}
        if not pages:
            return []
        specs = template.fields
        # a repeated field (``money[]``) holds a list: each of its values is checked
        todo = [(name, fv) for name, value in fields.items()
                for fv in (value if isinstance(value, list) else [value])
                if isinstance(fv, FieldValue) and fv.page in pages and fv.box and fv.raw
                and fv.source in (*_TEXT_LAYER, doc.loader)
                and name in specs and specs[name].type is not None
                and specs[name].type.value_kind in LAYER_CHECKED_KINDS
                and 2 <= len(_digits(fv.raw)) <= 12]
        if not todo:
            return []
        try:
            _, _, rec = self._recognition_stages(template)
            for r in rec:
                r.ensure_ready()
        except Exception as exc:  # no models: say so, never fail the extraction
            for page in pages.values():
                page.notes["ocr_layer"]["checked"] = f"no: {str(exc).splitlines()[0][:120]}"
            return []
        from formsift.core import areas
        from formsift.core.geometry import Box as _Box
        from formsift.core.kinds import TextRegion as _Region

        out: list[Reason] = []
        for number, page in pages.items():
            mine = [(name, fv) for name, fv in todo if fv.page == number]
            if not mine:
                continue
            _check_deadline(doc, page.index, len(doc.pages))
            regions = []
            for _, fv in mine:
                x0, y0, x1, y1 = fv.box
                pad_x, pad_y = 0.6 * (y1 - y0) + 0.004, 0.25 * (y1 - y0)
                regions.append(_Region(_Box(max(0.0, x0 - pad_x), max(0.0, y0 - pad_y),
                                            min(1.0, x1 + pad_x), min(1.0, y1 + pad_y)),
                                       "text", 1.0))
            # one call for the page's values (the recognizer batches them), on a render
            # the page holds when it is fine enough (the checkboxes', a mixed page's)
            words = areas.read(page.image(_held_dpi(page, LAYER_CHECK_DPI)), page, regions,
                               rec)
            if len(doc.pages) > PACK_PAGES_OVER:
                page.pack()
            note = page.notes["ocr_layer"]
            note["checked"] = len(mine)
            for (name, fv), region in zip(mine, regions, strict=True):
                read = [w.text for w in sorted(words, key=lambda w: w.box.x0)
                        if region.box.contains_center_of(w.box)]
                if _shows(read, _digits(fv.raw)):
                    continue
                seen = " ".join(read)
                note.setdefault("mismatches", []).append(
                    {"field": name, "layer": fv.raw, "image": seen,
                     "box": region.box.as_list()})
                out.append(Reason(code="ocr_layer_mismatch", field=name, message=(
                    f"page {fv.page}: {name!r} is {fv.raw!r} in the page's invisible text "
                    f"layer, but the image under it reads "
                    f"{repr(seen) if seen else 'no text'} there: the layer does not say "
                    f"what the scan shows (an edited layer, or a poor OCR of the "
                    f"scanner's)")))
        used.extend(r.name for r in rec if r.name not in used)
        return out

    def read_checkboxes(self, doc: Document, template: CompiledTemplate) -> list[str]:
        """Find the checkboxes of a page when a field of ``template`` (or a column of
        one of its tables: a matrix of ticks) is of the ``checkbox`` type and nothing
        found them yet: a born-digital form draws its boxes (vector squares, a tick drawn
        in them), which no text layer holds, and a scan read by a pipeline without the
        ``checkboxes`` segmenter (the default one) has its boxes read as letters ("O",
        "口") or not at all. The page is rendered (a scan: its image
        as preprocessed) and the ``checkboxes`` segmenter (the template pipeline's, with
        its options, or the installed one) finds them: each box becomes a word ``☒`` or
        ``☐`` (source ``checkboxes``) that the field type reads. On a text layer, a box
        the text layer already writes (a ``☐`` glyph, a tick glyph in it, a letter "O")
        is not added again; a box around a glyph of no checkbox meaning is. On a scan, as
        in a pipeline that names the segmenter, a box inside a word read around it is
        one of its letters, and a word of one or two characters on a box (its frame or
        tick read as letters) gives way to it. Pages whose pipeline has the segmenter
        already have their boxes. Returns the names of the segmenters used."""
        from formsift.core import areas
        from formsift.templates.model import scope_count

        name = "checkboxes"
        specs = [spec for spec in template.fields.values()
                 if spec.type is not None and spec.type.name == "checkbox"]
        # a table's checkbox columns (a matrix of ticks: a questionnaire's Likert scale)
        tables = [t for t in template.tables.values()
                  if any(c.type is not None and c.type.name == "checkbox" for c in t.columns)]
        if not specs and not tables:
            return []
        named = [c for s in template.stages if s.stage == "segment" for c in s.components]
        comp = next((c for c in named if c.name == name), None)
        count = scope_count(doc)
        pages = [p for p in doc.pages if (p.has_text_layer or (p.words and comp is None))
                 and p.has_image  # (a text file's page draws no box)
                 and (any(_may_be_on(template, spec, p.index, count) for spec in specs)
                      or any(_table_may_be_on(template, t, p.index, count) for t in tables))
                 and "on" not in (p.notes.get(name) or {})  # looked at before
                 and not any(w.source == name for w in p.words)]  # (by mixed OCR)
        if not pages:
            return []
        try:
            if comp is None:
                comp = self.component(ComponentKind.SEGMENTER, name)
            comp.ensure_ready()
        except Exception as exc:  # blocked, not installed, broken: nothing finds them
            why = (f"the {name} segmenter is blocked" if name in self.registry.blocked
                   else str(exc).splitlines()[0][:200] if str(exc).strip()
                   else type(exc).__name__)
            for page in pages:
                page.notes[name] = {"found": None, "on": _checkboxes_on(page.has_text_layer),
                                    "why": f"its checkboxes were not looked for: {why}"}
            return []
        assert isinstance(comp, Segmenter)

        def words_of(boxes: list[TextRegion], page: Any) -> list[Any]:
            if page.has_text_layer:  # a box the text layer writes (a glyph, a bowl)
                return areas.checkbox_words(
                    [b for b in boxes if not any(b.box.overlap_ratio(w.box) > 0.5
                                                 and _writes_box(w.text)
                                                 for w in page.words)], page)
            words = page.words
            boxes = [b for b in boxes if not any(
                areas._within_word(b.box, w) and not areas._tick_read(b, w) for w in words)]
            if boxes:  # a box's frame read as a letter ("口", "O"), or its tick
                page.set_words([w for w in words if not any(
                    (len(w.text) <= 2 and b.box.overlap_ratio(w.box) > 0.5)
                    or areas._tick_read(b, w) for b in boxes)])
            return areas.checkbox_words(boxes, page)

        from formsift.core import readers

        for layer in (True, False):
            on = _checkboxes_on(layer)
            with readers.bound(lambda: self._recognizers(template)):  # (glyphs in boxes)
                self._add_found(doc, comp, [p for p in pages if p.has_text_layer == layer],
                                "checkbox", words_of, lambda words, dpi, on=on: {
                                    "found": len(words),
                                    "ticked": sum(w.text == areas.TICKED for w in words),
                                    "on": on, "dpi": dpi})
        return [name]

    def _recognize(self, doc: Document, template: CompiledTemplate | None,
                   region_first: bool | None, images: bool) -> list[str]:
        from formsift.core import mixed

        region_first = self.region_first if region_first is None else region_first
        images = images and self.mixed_ocr != "never"
        needs = [p for p in doc.pages if not p.words or (images and mixed.missing_areas(p))]
        if not needs:
            return []
        pre, seg, rec = self._recognition_stages(template)
        if not rec:
            return []
        plan = None
        if region_first and template is not None:
            from formsift.templates import region_first as rf

            plan = rf.plan(template)
        counted = _scope_count_by_ink(doc) if plan is not None else len(doc.pages)
        used = [c.name for c in [*pre, *seg, *rec]]
        read_ms = doc.metadata.setdefault(RECOGNIZE_MS, {})
        for page in needs:
            _check_deadline(doc, needs.index(page), len(needs))
            started = time.perf_counter()
            try:
                if page.words:  # a text layer: read only the image areas it does not cover
                    image = page.image(self.ocr_dpi)
                    self._debug(doc, page, 0, "input", image)
                    words = mixed.read_missing(page, image, seg, rec)  # type: ignore[arg-type]
                    page.set_words(page.words + _shown_by_image(page, words, doc.loader))
                    self._debug_boxes(doc, page, "words", image, words)
                    continue
                if plan is not None and not plan.reads(page.index, counted):
                    # a page region-first reads nothing on is not prepared either (a
                    # multi-page scan whose fields are on its first and last pages)
                    page.notes["ocr"] = {"mode": "regions", "fixed_areas": 0,
                                         "why": "the template reads nothing on this page"}
                    continue
                # region-first straightens only what it reads (the page keeps the rest
                # of the step for whoever reads its image later)
                defer = plan is not None and self.debug_dir is None and \
                    not plan.needs_full(page.index, counted)
                image = self._prepared(doc, page, pre, defer=defer)
                read = None
                step = _pending(page, pre) if plan is not None else None
                if plan is not None:
                    read = rf.read_page(plan, image, page, counted, seg, rec,  # type: ignore[arg-type]
                                        box_segmenters=self._box_segmenters(),
                                        settle=_settling(page, step, image,
                                                         "lines detected"))
                if read is not None:  # (which way up the page is may wait for its lines)
                    image, read = self._settled(doc, page, (pre, seg, rec), plan, image, read,
                                                counted, step)
                    if read.notes.get("fixed_areas"):
                        used.extend(c.name for c in self._box_segmenters() if c.name not in used)
                    page.notes["ocr"] = read.notes
                    page.set_words(read.words)
                    self._debug_boxes(doc, page, "words", image, read.words)
                    continue
                if callable(image):  # (never deferred: the plan reads the whole page)
                    image = image(None)
                regions: list[TextRegion] = []
                for s in seg:
                    assert isinstance(s, Segmenter)
                    s.ensure_ready()
                    with _blaming(s, "segment"):
                        found = s.segment(image, page)
                    regions.extend(checked_regions(s, found))
                self._debug_boxes(doc, page, "segments", image, regions)
                # no region found (or no segmenter): recognizers read the whole image;
                # lines labelled handwritten go to handwriting only where hints look
                page.set_words(routing.read_page(image, page, regions or None, rec,
                                                 template, counted))
                self._debug_boxes(doc, page, "words", image, page.words)
                if plan is not None:
                    page.notes["ocr"] = {"mode": "page",
                                         "why": plan.needs_full(page.index, counted)}
            finally:  # a long scan must not hold every page's pixels
                if len(doc.pages) > PACK_PAGES_OVER:
                    page.pack()
                read_ms[page.index] = (read_ms.get(page.index, 0.0)
                                       + (time.perf_counter() - started) * 1000)
                if self.on_page_read is not None:
                    self.on_page_read(doc, needs.index(page) + 1, len(needs))
                own = _ON_PAGE_READ.get()
                if own is not None:
                    own(doc, needs.index(page) + 1, len(needs))
        if template is not None and not any(s.stage == "segment" for s in template.stages) \
                and any(c.name == "checkboxes" for c in seg):  # (added for its checkboxes)
            for page in needs:
                note = page.notes.get("checkboxes")
                if isinstance(note, dict) and "on" not in note:
                    note["on"] = _checkboxes_on(False, with_lines=True)
        return used

    def _settled(self, doc: Document, page: Any,
                 stages: tuple[list[Component], list[Component], list[Component]],
                 plan: Any, image: Any, read: Any, count: int, step: Any) -> tuple[Any, Any]:
        """Region-first read ``page`` (by ``plan``, with the ``stages``, of ``count`` pages
        as page scopes count them) before ``step`` of its preprocessing decided
        (``provisional``: whether the page is upside down): unless the lines detected
        decided already (``read.upside_down``, or a note no longer pending), the printed
        lines it read decide now (the step's ``settle``), or the whole page does; a page
        found upside down is prepared again, turned this time (the step is not run again),
        and read again, its lines detected again (the lines of the page upside down, turned,
        stand a few pixels off: handwriting is read differently in them).
        The page image and what was read."""
        from formsift.templates import region_first as rf

        pre, seg, rec = stages
        settle = _settling(page, step, image)
        if settle is None:
            return image, read
        if not read.upside_down:
            if not (page.notes.get(step.name) or {}).get("pending"):
                return image, read
            if not settle(read.image, read.printed_lines()):
                return image, read
        page.forget_images()
        image = self._prepared(doc, page, pre, defer=True, provisional=False, upside_down=step)
        return image, rf.read_page(plan, image, page, count, seg, rec,  # type: ignore[arg-type]
                                   box_segmenters=self._box_segmenters())

    def _box_segmenters(self) -> list[Component]:
        name = self.box_segmenter
        if not name or name not in self.registry.of_kind(ComponentKind.SEGMENTER):
            return []
        return [self.component(ComponentKind.SEGMENTER, name)]

    def _trial(self, doc: Document, params: Mapping[str, Any] | None = None) -> Any:
        """A template run on ``doc`` that leaves no trace (for deciding near-ties), its
        rules reading the ``params`` it declares (those it lacks stay unbound)."""
        from formsift.core import seen
        from formsift.templates import runtime
        from formsift.templates.params import bound_as_recorded

        def run(template: CompiledTemplate) -> Any:
            with seen.bound(self.seen_store, template.seen_namespace, doc.id):
                return runtime.run(bound_as_recorded(template, params or {}), doc)

        return run

    def _read_images(self, doc: Document, template: CompiledTemplate | None,
                     used: list[str]) -> bool:
        """Mixed OCR on demand ("auto"): read the uncovered image areas of text-layer pages.
        True when there were any to read."""
        from formsift.core import mixed

        if self.mixed_ocr != "auto" or not any(
                p.words and mixed.missing_areas(p) for p in doc.pages):
            return False
        used.extend(n for n in self.recognize(doc, template) if n not in used)
        return True

    def _read_again_for(self, doc: Document, template: CompiledTemplate, pages: list[Any],
                        used: list[str], eager: bool) -> list[str]:
        """Pages OCR read with the default pipeline, so that classification could choose
        ``template``, are read again when that template's pipeline differs (its
        ``pipeline`` block, or handwriting hints that route regions to a handwriting
        recognizer). Returns the components used."""
        pages = [p for p in pages if p.words]
        if not pages:  # nothing OCR read (a text layer): no models to load or compare
            return used
        default = self._recognition_stages(None)
        wanted = self._recognition_stages(template)
        if all(_same(a, b) for a, b in zip(default, wanted, strict=True)):
            return used
        for page in pages:
            if not _same(default[0], wanted[0]):  # its own preprocessing, from the input
                page.forget_images()
                for comp in default[0]:  # what the default chain measured
                    page.notes.pop(comp.name, None)
            page.set_words([])
            page.notes.pop("ocr", None)
        again = self.recognize(doc, template, images=eager)
        again = [*again, *(n for n in used if n not in again)]  # classification's too
        for page in pages:
            page.notes["read_again"] = {
                "template": template.name,
                "why": "the template's pipeline differs from the default one, which read "
                       "the page for classification"}
        return again

    def _reread_in_full(self, doc: Document, template: CompiledTemplate, ex: Any) -> bool:
        """After region-first OCR missed a required field: read those pages in full."""
        pages = [p for p in doc.pages if p.notes.get("ocr", {}).get("mode") == "regions"]
        missed = [r.field or "?" for r in ex.reasons if r.code == "field_missing"]
        if not pages or not missed:
            return False
        why = (f"region-first missed required field(s) "
               f"{', '.join(dict.fromkeys(missed))}")
        for page in pages:
            page.notes["ocr"] = {"mode": "page", "why": [why]}
            page.set_words([])
        self.recognize(doc, template, region_first=False)
        for page in pages:
            page.notes["ocr"]["mode"] = "regions, then page"
        return True

    def _read_constrained(self, doc: Document, template: CompiledTemplate, ex: Any) -> bool:
        """After a template's run: the handwriting where its ``handwritten`` fields gave
        no value, read again with each field's type as the constraint, on the page image
        its words were read from (:mod:`formsift.templates.constrained`). True when a
        page's words changed: the template is to run again."""
        from formsift.templates import constrained

        if not constrained.worth_looking(template, doc):
            return False
        pre, _, rec = self._recognition_stages(template)
        hand = [r for r in rec if getattr(r, "handwriting", False)]
        todo = constrained.places(template, doc, ex, {r.name for r in hand})
        if not todo:
            return False

        def image_of(page: Any) -> Any:
            if page.has_text_layer:  # a mixed page's image areas were read at ocr_dpi
                return page.image(self.ocr_dpi)
            return self._prepared(doc, page, pre)

        changed = constrained.read_again(template, todo, hand, image_of)  # type: ignore[arg-type]
        if len(doc.pages) > PACK_PAGES_OVER:
            for page in dict.fromkeys(p.page for p in todo):
                page.pack()
        return changed

    def _read_twice(self, doc: Document, template: CompiledTemplate, ex: Any) -> bool:
        """After a template's run: its key values read by OCR read again from another
        view of their crop (:mod:`formsift.templates.second_reading`). True when any was:
        the template is to run again, weighing the readings."""
        from formsift.templates import second_reading

        if not second_reading.ENABLED:  # (off by default: no recognition stage loaded)
            return False
        pre, _, rec = self._recognition_stages(template)
        return second_reading.read(template, doc, ex, rec, lambda page: (  # type: ignore[arg-type]
            page.image(self.ocr_dpi) if page.has_text_layer  # a mixed page's image areas
            else self._prepared(doc, page, pre)))

    def _prepared(self, doc: Document, page: Any, pre: list[Component],
                  defer: bool = False, provisional: bool = True,
                  upside_down: Component | None = None) -> Any:
        """The page image after preprocessing (done once per page: kept as its image).

        With ``defer``, when the last step can be deferred (a warp: deskew's rotation,
        its ``deferred(image, page)``), it is measured and recorded but not applied: the
        page holds it (:meth:`Page.defer_image`) and the image is returned as a function
        of the boxes wanted, ``parts(boxes)`` (:meth:`Page.image_within`; None: the whole
        page). Whoever reads the page image later gets it whole, as without ``defer``.
        With ``defer`` and ``provisional``, a step that can leave a decision to the lines
        read (orientation's upside-down check: its ``provisional(image, page)``) does so;
        :meth:`_settled` makes it once they are read. The step ``upside_down`` settled
        the page upside down (its ``settle``, which noted it): it is not run again, the
        page is turned by 180 degrees."""
        # a raster input is read at its own pixels (its header dpi is often wrong, and
        # resampling adds nothing); the `rescale` preprocessor changes that on request
        dpi = page.notes.get("image", {}).get("dpi") or self.ocr_dpi
        if page.notes.get("preprocessed"):
            return page.image(dpi)
        if "image" not in page.notes:  # a rendered page: its dpi is the one asked for
            page.notes["render_dpi"] = dpi
        image = page.image(dpi)
        landscape = image.shape[1] > image.shape[0]
        self._debug(doc, page, 0, "input", image)
        last: Deferred | None = None
        for step, p in enumerate(pre, start=1):
            assert isinstance(p, Preprocessor)
            p.ensure_ready()
            given, method = image.shape, "process"
            if p is upside_down:
                import numpy as np

                image = np.ascontiguousarray(np.rot90(image, 2))
            elif defer and step == len(pre) and hasattr(p, "deferred"):
                out, method = p.deferred(image, page), "deferred"  # type: ignore[attr-defined]
                if isinstance(out, Deferred):  # a warp keeping the size: the page holds it
                    last = out
                    break
                image = out
            elif defer and provisional and hasattr(p, "provisional"):
                image, method = p.provisional(image, page), "provisional"  # type: ignore[attr-defined]
            else:
                with _blaming(p, "process"):
                    image = p.process(image, page)
            # a plugin's bug, named (not an internal error, nor every box moved unseen)
            problem = image_problem(image) or (None if p.reframes
                                               else shape_problem(given, image.shape))
            if problem is not None:
                cls = type(p)
                raise ContractError(f"preprocessor {p.name!r} ({cls.__module__}."
                                    f"{cls.__qualname__}): {method}() returned {problem}", cls)
            self._debug(doc, page, step, p.name, image)
        if last is not None:
            page.defer_image(dpi, image, last)
        else:
            page.set_image(dpi, image)  # overlays show what was recognized
        page.notes["preprocessed"] = True
        if not page.has_text_layer and (image.shape[1] > image.shape[0]) != landscape:
            # turned a quarter: word boxes are fractions of the upright page, whose width
            # is the input's height (the size stays in the input's units and scale)
            page.width, page.height = page.height, page.width
            page.notes["turned_size"] = True  # Page.forget_images turns it back
        if last is not None:
            return lambda boxes: page.image(dpi) if boxes is None \
                else page.image_within(dpi, boxes)
        return image

    def _recognition_stages(self, template: CompiledTemplate | None
                            ) -> tuple[list[Component], list[Component], list[Component]]:
        """(preprocessors, segmenters, recognizers) for pages without a text layer."""
        stages = {s.stage: s.components for s in template.stages} if template else {}
        pre = stages.get("preprocess")
        if pre is None:
            installed = self.registry.of_kind(ComponentKind.PREPROCESSOR)
            pre = [self.component(ComponentKind.PREPROCESSOR, n)
                   for n in self.default_preprocess if n in installed]
        seg = stages.get("segment") or self._default(ComponentKind.SEGMENTER)
        if "segment" not in stages and template is not None and _has_checkboxes(template) \
                and "checkboxes" in self.registry.of_kind(ComponentKind.SEGMENTER) \
                and not any(c.name == "checkboxes" for c in seg):
            # a template with a checkbox field or column: the default segmentation finds
            # the boxes with the text lines, as `segment ppocr_det, checkboxes` does, so a
            # short label beside a box is read without the box's frame or a tick that
            # overshoots into it ("MYes" of a tick and "Yes": the label was lost)
            seg = [*seg, self.component(ComponentKind.SEGMENTER, "checkboxes")]
        seg, rec = routing.handwriting_stages(self, template, seg, self._recognizers(template))
        return pre, seg, rec

    def _recognizers(self, template: CompiledTemplate | None) -> list[Component]:
        """The recognizers ``template``'s pipeline names, else the installed defaults (the
        handwriting recognizer routing adds is not among them)."""
        stages = {s.stage: s.components for s in template.stages} if template else {}
        return stages.get("recognize") or self._default(ComponentKind.RECOGNIZER)

    def prepare(self, template: Any = None) -> None:
        """Load everything a run needs before the first document: the template (or the
        classification templates) and the models of the recognition pipeline. Batch workers
        call it once at start, so the first document's time is not spent loading models."""
        for loader in self.loaders():
            loader.ensure_ready()
        chosen = self.template(template) if template is not None else None
        if chosen is None:
            _ = self.templates
        targets = [chosen] if chosen is not None else [None, *self.templates]
        for t in targets:
            for comp in (c for stage in self._recognition_stages(t) for c in stage):
                comp.ensure_ready()

    def _debug(self, doc: Document, page: Any, step: int, name: str, image: Any) -> None:
        """With ``debug_dir``, write every stage's image: DIR/<doc>/p<N>-<step>-<name>.png
        (see :meth:`_debug_folder`)."""
        if self.debug_dir is None:
            return
        import cv2

        folder = self._debug_folder(doc)
        folder.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(folder / f"p{page.number}-{step:02d}-{name}.png"), image)

    def _debug_folder(self, doc: Document) -> Path:
        """DIR/<file name>; a second document of the same file name (d1/scan.png and
        d2/scan.png) gets DIR/<file name>-<its id's first 8 hex digits>, not the first's
        folder to overwrite."""
        assert self.debug_dir is not None
        taken: dict[str, str] = self.__dict__.setdefault("_debug_names", {})
        # control characters (a newline in an e-mail attachment's name) and the marks
        # file systems refuse become "_"
        name = re.sub(r'[\x00-\x1f\x7f<>:"|?*\\]', "_", Path(doc.name).name).strip("_. ") \
            or "document"
        owner = taken.setdefault(name, doc.id)
        if owner != doc.id:
            name = f"{name}-{doc.id.split(':')[-1][:8]}"
            taken.setdefault(name, doc.id)
        return self.debug_dir / name

    def _debug_boxes(self, doc: Document, page: Any, name: str, image: Any,
                     items: list[Any]) -> None:
        """With ``debug_dir``: what segmentation found (``segments``: blue boxes) or what
        was recognized (``words``: orange boxes, handwriting purple), drawn on the image
        the recognizers read, after the preprocessing stages (steps 90 and 91)."""
        if self.debug_dir is None:
            return
        from formsift.core.debug_images import draw_boxes

        step = 90 if name == "segments" else 91
        self._debug(doc, page, step, name, draw_boxes(image, items))

    def _default(self, kind: ComponentKind) -> list[Component]:
        infos = list(self.registry.of_kind(kind).values())
        # handwriting components join by routing (core.routing), they are not defaults
        infos = [i for i in infos if not getattr(i.cls, "handwriting", False)]
        return [self.component(kind, infos[0].name)] if infos else []

    # ------------------------------------------------------------------ extraction
    def extract(self, source: SourceLike, template: Any = None, *,
                name: str | None = None, timeout: float | None = None,
                password: str | Sequence[str] | None = None,
                params: Mapping[str, Any] | None = None,
                on_page_read: PageCallback | None = None) -> ExtractionResult:
        """Extract one document. Raises :class:`FormsiftError` for unreadable inputs.
        ``params``: the values of the template's parameters (``param applicant: text``,
        read in rules as ``param.applicant``), ``{"applicant": "Anna Berg"}``; a
        parameter without a default not given, one no template declares, or a value of
        the wrong type is a :class:`~formsift.templates.params.ParamError`.
        With ``timeout`` (seconds), OCR stops between pages once it has run that long
        and :class:`DocumentTimeout` is raised (a thread cannot be stopped from outside;
        a page being read is finished first). ``password``: the password of an encrypted
        PDF, or a list of passwords to try (a mailbox's senders' passwords), before the
        engine's ``loader_options`` one; one engine, and its store of values seen
        before, then serves every sender. ``on_page_read``: called as
        ``on_page_read(document, pages_done, pages_to_read)`` after each page OCR reads
        for this call only (threads sharing the engine each see their own pages), besides
        the engine's :attr:`on_page_read`."""
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(
                timeout, (int, float)) or not timeout > 0 or timeout == float("inf")):
            raise FormsiftError(f"timeout must be a number of seconds above 0, not "
                                f"{timeout!r}")
        t0 = time.perf_counter()
        _check_page_callback(on_page_read)
        self._check_params(template, params)  # before reading anything
        src = as_source(source, name=name, max_bytes=self.max_bytes, password=password)
        token = _DEADLINE.set((t0 + timeout, timeout) if timeout is not None else None)
        try:
            with self._blaming_plugins(src.name):
                doc = self._load(src)
                return self.extract_document(doc, template, started=t0, params=params,
                                             on_page_read=on_page_read)
        finally:
            _DEADLINE.reset(token)

    @contextlib.contextmanager
    def _blaming_plugins(self, name: str,
                         passing: tuple[type[Exception], ...] = ()) -> Iterator[None]:
        """A third-party component's bug becomes a :class:`PluginError` naming the plugin,
        its distribution and the line (other exceptions, and ``passing``, pass unchanged)."""
        try:
            yield
        except FormsiftError:
            raise
        except Exception as exc:
            if isinstance(exc, passing):
                raise
            culprit = self.registry.plugin_in_traceback(exc)
            if culprit is None:
                raise
            plugin, dist, where = culprit
            where = (self.registry.plugin_in_traceback(raised_at(exc)) or culprit)[2]
            who = f"plugin {plugin!r} ({dist})" if plugin else f"a plugin of {dist}"
            raise PluginError(f"{who} failed on {name}: "
                              f"{failure(exc)} (at {where})", distribution=dist) from exc

    def extract_document(self, doc: Document, template: Any = None, *,
                         started: float | None = None,
                         params: Mapping[str, Any] | None = None,
                         on_page_read: PageCallback | None = None) -> ExtractionResult:
        """Extract a loaded :class:`Document` (the documents of a packet, pages recognized
        earlier). ``template``, ``params`` and ``on_page_read`` as for :meth:`extract`;
        without a template, ``doc`` is classified, and the parameters the chosen template
        does not declare are left to the others (one no template declares is an error)."""
        _check_page_callback(on_page_read)
        if on_page_read is None:  # (a packet's documents: their packet's call's, if any)
            return self._extract_document(doc, template, started, params)
        token = _ON_PAGE_READ.set(on_page_read)
        try:
            return self._extract_document(doc, template, started, params)
        finally:
            _ON_PAGE_READ.reset(token)

    def _extract_document(self, doc: Document, template: Any, started: float | None,
                          params: Mapping[str, Any] | None) -> ExtractionResult:
        from formsift.core import seen, tiebreak
        from formsift.templates import matching, runtime, series

        timings: dict[str, float] = {}
        t0 = started if started is not None else time.perf_counter()
        t1 = time.perf_counter()
        if started is not None:
            timings["load"] = (t1 - t0) * 1000
        chosen = self.template(template) if template is not None else None
        if chosen is not None:
            self.param_values(chosen, params)  # a mistake is said before any OCR
        eager = self.mixed_ocr == "always"
        unread = [p for p in doc.pages if not p.words]
        used = self.recognize(doc, chosen, images=eager)
        split_read = [p for p in doc.pages if p.notes.pop(_READ_FOR_SPLIT, False)]
        if chosen is not None and split_read:
            used = self._read_again_for(doc, chosen, split_read, used, eager)
        unread += split_read  # classified below: read again like pages read for that
        t2 = time.perf_counter()
        if used:
            timings["recognize"] = (t2 - t1) * 1000
        scores: list[TemplateScore] = []
        notes: list[tuple[str, str]] = []  # (reason code, message) from classification
        resent_from: dict[str, Any] | None = None  # the earlier extraction of this file
        plugin_errors: list[str] = []
        if chosen is None:
            extra = self.classifier_scores(doc, plugin_errors)
            chosen, table, notes = matching.classify(self.templates, doc, extra=extra)
            if chosen is None and self._read_images(doc, None, used):
                chosen, table, notes = matching.classify(self.templates, doc, extra=extra)
            scores = [TemplateScore(template=n, score=s, pages=p) for n, s, p in table]
            if chosen is not None and not used:
                used = self.recognize(doc, chosen, images=eager)
            if chosen is not None and any(c == "ambiguous" for c, _ in notes):
                # a near-tie: what each contender extracts decides it
                chosen, decided = tiebreak.decide(self.templates, table, chosen,
                                                  self._trial(doc, params), doc)
                if decided:
                    notes = [(c, m) for c, m in notes if c != "ambiguous"]
            if chosen is not None:
                notes.extend(matching.other_documents(self.templates, table, chosen, doc))
                # pages OCR read for classification, with the default pipeline
                used = self._read_again_for(doc, chosen, unread, used, eager)
        t3 = time.perf_counter()
        timings["classify"] = (t3 - t2) * 1000
        if chosen is None:
            result = self._unknown(doc, scores, timings)
        else:
            chosen = self.with_params(chosen, params, asked=template is not None)
            series.check_store(self.seen_store, chosen)  # last_seen: a store that keeps values
            with seen.bound(self.seen_store, chosen.seen_namespace, doc.id):
                used += [n for n in self.read_codes(doc, chosen) if n not in used]
                used += [n for n in self.read_checkboxes(doc, chosen) if n not in used]
                ex = runtime.run(chosen, doc)
                if self._reread_in_full(doc, chosen, ex):
                    ex = runtime.run(chosen, doc)
                if self._read_constrained(doc, chosen, ex):
                    ex = runtime.run(chosen, doc)
                if self._read_twice(doc, chosen, ex):
                    ex = runtime.run(chosen, doc)
                if (_incomplete(chosen, ex) or _hides_text(doc)) and \
                        self._read_images(doc, chosen, used):
                    ex = runtime.run(chosen, doc)
                _note_unread_images(doc, self.mixed_ocr)
                layer_reasons = self.check_ocr_layer(doc, chosen, ex.fields, used)
                layer_reasons += form_field_reasons(doc, ex.fields)
            if runtime.seen_values(chosen, ex) or series.calls(chosen, self.templates):
                # checked and recorded as one step: the run is repeated (the words are
                # read; a template run takes milliseconds) while no other document of
                # this engine's store can record the same invoice number
                space = chosen.seen_namespace  # the template's, or a shared one
                with seen.claiming(self.seen_store), \
                        seen.bound(self.seen_store, space, doc.id):
                    with seen.watched() as failed:  # a store error a policy swallowed
                        ex = runtime.run(chosen, doc)
                    ex.status, ex.reasons = seen.unchecked(ex.status, ex.reasons, failed,
                                                           ex.rules)
                    values = runtime.seen_values(chosen, ex)
                    if self.flag_resent:
                        notes.extend(("duplicate_document", m) for m in seen.resent(
                            self.seen_store, space, values, doc.id))
                        resent_from = seen.first_recorded(self.seen_store, space,
                                                          values, doc.id)
                    for value in values:
                        self.seen_store.add(space, value, doc.id)
                    # for last_seen: what any template sharing chosen's namespace asks
                    series.record(self.seen_store, chosen, ex, doc.id, self.templates)
            if not any(c == "several_documents" for c, _ in notes) and not any(
                    p.notes.get("ocr", {}).get("mode") == "regions" for p in doc.pages):
                notes.extend(self._besides_asked(doc, chosen, plugin_errors, ex))
            fit, about_doc = self.document_reasons(doc, chosen, asked=template is not None,
                                                   plugin_errors=plugin_errors)
            if fit:
                scores = [TemplateScore(template=chosen.name, score=round(max(fit), 4),
                                        pages=[round(p, 4) for p in fit])]
            timings["extract"] = (time.perf_counter() - t3) * 1000
            reasons = [*(r for r in about_doc if r.code == "no_text"), *ex.reasons,
                       *layer_reasons,
                       *(Reason(code=code, message=message, refers_to=resent_from
                                if code == "duplicate_document" else None)
                         for code, message in notes),
                       *(r for r in about_doc if r.code != "no_text")]
            status, reasons = with_refused_codes(doc, chosen, ex.fields,
                                                 review_if_forced(ex.status, reasons), reasons)
            reasons = by_action(reasons)  # the document's own after the template's: in order
            result = ExtractionResult(
                document_id=doc.id, source=doc.name, pages=len(doc.pages),
                template=chosen.name, status=status, reasons=reasons, fields=ex.fields,
                tables=ex.tables, rules=ex.rules, classification=scores,
                audit=self._audit(doc, chosen, used, timings))
            result.audit.params_defaulted = [n for n in chosen.params
                                             if n not in (params or {})]
        from formsift.templates.splitting import note_blank_pages

        note_blank_pages(doc)  # a blank page of a record of several pages is listed
        result.page_info = [_page_info(p, doc.loader) for p in doc.pages]
        result.audit.plugin_errors.extend([*doc.metadata.get("plugin_errors", []),
                                           *plugin_errors])
        timings["total"] = (time.perf_counter() - t0) * 1000
        result.audit.timings_ms = {k: round(v, 3) for k, v in timings.items()}
        self._notify("formsift_result_ready", result=result, audit=result.audit)
        return result

    def _besides_asked(self, doc: Document, asked: CompiledTemplate,
                       plugin_errors: list[str], ex: Any) -> list[tuple[str, str]]:
        """A ``several_documents`` note when pages of a file extracted with ``asked`` (a
        template asked for by name, or the one classification chose) seem to be other
        documents: a receipt after the invoice, a second invoice."""
        from formsift.templates.splitting import besides_asked

        if len(doc.pages) < 2:
            return []
        pool = [asked, *(t for t in self.templates if t.name != asked.name)]
        # pages the template's tables read rows from are its document's (a table running
        # on to a page without the letterhead, past a blank back page)
        held = {cell.page - 1 for rows in ex.tables.values() for row in rows
                for cell in row.values() if cell is not None and cell.page}
        found = besides_asked(pool, asked, doc, self.classifier_scores(doc, plugin_errors),
                              held=held)
        if not found:
            return []
        return [("several_documents",
                 f"the file seems to hold other documents than '{asked.name}': "
                 f"{', '.join(found)}; extract it as a packet (Engine.extract_packet, "
                 f"formsift extract --split) to get one record per document")]

    def document_reasons(self, doc: Document, template: CompiledTemplate, *, asked: bool,
                         plugin_errors: list[str] | None = None
                         ) -> tuple[list[float], list[Reason]]:
        """What is said about the document itself, beyond its template's run: a template
        asked for by name that does not fit it (``template_mismatch``, with the template's
        score on each page), no text at all, pages missing from a numbered set, a damaged
        file."""
        from formsift.templates import matching

        fit: list[float] = []
        reasons: list[Reason] = []
        if not any(p.words for p in doc.pages):
            reasons.append(Reason(code="no_text", message="the document has no text layer "
                                  "and no recognizer read any text"))
        if asked and not any(p.notes.get("ocr", {}).get("mode") == "regions"
                             for p in doc.pages):
            # a template asked for by name still has to fit (its vetoes: a credit note is
            # no invoice), checked once image areas were read; pages read region-first
            # hold too little text to tell
            fit, why = matching.mismatch(template, doc, self.classifier_scores(
                doc, plugin_errors if plugin_errors is not None else []))
            if why is not None:
                reasons.append(Reason(code="template_mismatch", message=why))
        reasons.extend(Reason(code="pages_missing", message=m) for m in _missing_pages(doc))
        reasons.extend(damage_reasons(doc))
        return fit, reasons

    def extract_packet(self, source: SourceLike, *wrong: Any, name: str | None = None,
                       params: Mapping[str, Any] | None = None,
                       on_page_read: PageCallback | None = None,
                       **wrong_keywords: Any) -> PacketResult:
        """Extract a file that holds several documents (a packet): split it into documents
        by page classification and continuation cues, extract each with its template, and
        apply the packet template (``packet kyc { ... }``) whose documents are present.
        Pages no template claims are listed as unassigned, never forced into a document.

        The templates the pages are classified among, and the packet templates, are the
        engine's: ``Engine(templates=["freight.sift"]).extract_packet(path)`` (or
        ``engine.among([...]).extract_packet(path)``); it takes no template argument.

        A packet of several files: a folder (its files in name order, as ``formsift
        extract --split DIR`` reads it; what it leaves out is in ``left_out``) or a list
        of file paths (in that order). Every document names the file(s) and pages it came
        from (``files``).

        ``params``: the parameters of the packet template's rules and of its documents'
        templates (``{"customer_name": "Anna Berg"}``); each takes those it declares.
        ``on_page_read``: as for :meth:`extract`, for this packet's pages only."""
        from formsift.templates.params import PACKET_PARAMS, check_known, check_one_reading

        if params and not (wrong or wrong_keywords):
            check_known(params, self.declared_params(), "the engine's templates or packets")
            check_one_reading(params, [*self.templates, *self.packets])
        _check_page_callback(on_page_read)
        token = PACKET_PARAMS.set(params)
        own = _ON_PAGE_READ.set(on_page_read) if on_page_read is not None else None
        try:
            return self._extract_packet(source, name, wrong, wrong_keywords)
        finally:
            if own is not None:
                _ON_PAGE_READ.reset(own)
            PACKET_PARAMS.reset(token)

    def _extract_packet(self, source: SourceLike, name: str | None, wrong: tuple[Any, ...],
                        wrong_keywords: dict[str, Any]) -> PacketResult:
        from formsift.core.packet import name_files
        from formsift.core.packet_files import extract_files, packet_files
        from formsift.templates.packet_runner import extract_packet

        if wrong or wrong_keywords:
            given = ", ".join([*(repr(a)[:60] for a in wrong),
                               *(f"{k}=" for k in wrong_keywords)])
            raise FormsiftError(
                f"extract_packet(source, {given}): it takes the source (and name=, "
                f"params=, on_page_read=) only; "
                f"the templates a packet is split among are the engine's: "
                f"Engine(templates=[...]).extract_packet(source), or "
                f"engine.among([...]).extract_packet(source)")
        several = packet_files(source, self)
        if several is not None:  # a folder, a list of files
            files, left_out = several
            label = name or (os.fspath(source) if isinstance(source, (str, os.PathLike))
                             else "; ".join(os.fspath(f) for f in files))
            return extract_files(self, files, label, left_out)
        t0 = time.perf_counter()
        src = as_source(source, name=name, max_bytes=self.max_bytes)
        with self._blaming_plugins(src.name):
            doc = self._load(src)
            unread = [p for p in doc.pages if not p.words]
            # each page's OCR time (the packet's pages are read before it is split; its
            # documents' records say their pages' share), as recognition notes it
            t1 = time.perf_counter()
            self.recognize(doc)
            page_ms = dict(doc.metadata.get(RECOGNIZE_MS, {}))
            timings = {"load": (t1 - t0) * 1000,
                       "recognize": (time.perf_counter() - t1) * 1000}
            for page in unread:
                # read with the default pipeline to split the file: each document's
                # template reads its pages again when its pipeline differs (handwriting)
                page.notes[_READ_FOR_SPLIT] = True
            try:
                return name_files(extract_packet(self, doc, timings, page_ms),
                                  [(src.name, len(doc.pages))])
            finally:
                for page in unread:  # pages no document took keep no mark of it
                    page.notes.pop(_READ_FOR_SPLIT, None)

    def extract_many(self, sources: Iterable[SourceLike | tuple[str, SourceLike]],
                     template: Any = None, *, password: str | Sequence[str] | None = None,
                     params: Mapping[str, Any] | None = None,
                     on_page_read: PageCallback | None = None
                     ) -> Iterator[ExtractionResult | ErrorResult]:
        """Extract several inputs; a bad input yields an :class:`ErrorResult`, never stops
        the run, and is never dropped. One path or ``bytes`` is one input; a ``(name,
        input)`` pair names its input in results and errors (an e-mail's attachment,
        ``("mail-17/invoice.pdf", data)``), as ``extract(..., name=...)`` does.
        ``password``: as for :meth:`extract`, tried on every input; ``params`` as for
        :meth:`extract`, the same for every input (a mistake in them is raised before
        any input is read, as a misspelt template is; without ``template``, a parameter
        the template an input is classified as needs and was not given is that input's
        :class:`ErrorResult`). ``on_page_read``: as for :meth:`extract`, for this run's
        inputs only (its ``document`` tells which input a page is of)."""
        from formsift.templates.params import ParamError

        if isinstance(sources, (str, Path, bytes, bytearray, memoryview)) \
                or hasattr(sources, "read"):  # one file object is one input, not its lines
            sources = [sources]  # type: ignore[list-item]
        _check_page_callback(on_page_read)
        self._check_params(template, params)  # a misspelt template, parameter: before any
        for source in sources:
            name = None
            if isinstance(source, tuple) and len(source) == 2 and isinstance(source[0], str):
                name, source = source
            # (ErrorResult escapes a name that is not UTF-8 itself)
            label = name if name is not None else TEXT_LABEL \
                if content_as_text(source) is not None else (
                str(source) if isinstance(source, (str, Path)) else "<bytes>"
                if isinstance(source, (bytes, bytearray)) else
                str(getattr(source, "name", "<input>")))
            try:
                yield self.extract(source, template, name=name, password=password,
                                   params=params, on_page_read=on_page_read)
            except TemplateError:
                raise  # a broken template is not one input's problem
            except ParamError as exc:
                if template is not None:
                    raise  # the caller's mistake, the same for every input
                # the template this input was classified as needs one not given (a
                # statement among invoices): this input's error, the others are read
                yield ErrorResult(source=label, error=exc.code, message=f"{label}: {exc}")
            except FormsiftError as exc:
                yield ErrorResult(source=label, error=exc.code, message=str(exc))
            except Exception as exc:  # an unexpected failure still leaves a line
                yield ErrorResult(source=label, error="internal_error",
                                  message=f"{type(exc).__name__}: {exc}")

    def classifier_scores(self, doc: Document, errors: list[str] | None = None
                          ) -> list[dict[str, float]] | None:
        """Per page, the scores classifier plugins (``formsift_classify_page``) give the
        engine's templates; None when no plugin implements the hook."""
        manager = self.registry.manager
        impls = manager.hook.formsift_classify_page.get_hookimpls() if manager else []
        if not impls:
            return None
        names = [t.name for t in self.templates]
        out: list[dict[str, float]] = []
        for page in doc.pages:
            merged: dict[str, float] = {}
            for impl in impls:
                try:
                    given = {"page": page, "templates": names}
                    got = impl.function(**{k: v for k, v in given.items()
                                           if k in impl.argnames}) or {}
                    if not isinstance(got, Mapping):
                        raise TypeError(f"returned {type(got).__name__}, not a dict of "
                                        f"template name -> score")
                    scores = {n: _unit_score(v) for n, v in got.items()}
                    bad = [n for n, v in scores.items() if v is None]
                    if bad:  # all or nothing: 7.5 is not "very sure", it is a bug
                        raise ValueError(f"score {got[bad[0]]!r} for {bad[0]!r} is not a "
                                         f"number from 0 to 1")
                    for name, score in scores.items():
                        if name in names:
                            merged[name] = max(merged.get(name, 0.0), score or 0.0)
                except Exception as exc:  # a broken classifier must not stop extraction
                    if errors is not None:
                        errors.append(f"{impl.plugin_name}.formsift_classify_page: "
                                      f"{type(exc).__name__}: {exc}")
            out.append(merged)
        return out

    # ------------------------------------------------------------------ helpers
    def _unknown(self, doc: Document, scores: list[TemplateScore],
                 timings: dict[str, float]) -> ExtractionResult:
        from formsift.templates import matching

        vetoed = [f"template '{name}' would match, but it contains {what}, which its "
                  f"match block rules out"
                  for name, what in matching.ruled_out(self.templates, doc)[:3]]
        if scores and scores[0].score > 0:
            best = f" (best: {scores[0].template} at {scores[0].score:.2f})"
        elif scores and not vetoed:  # all at 0: naming the first of a tie would mislead
            best = " (no template's match block finds what it looks for)"
        else:
            best = ""
        best += "".join(f"; {v}" for v in vetoed)
        if len(doc.pages) == 1 and doc.pages[0].words:
            from formsift.templates.splitting import page_kind

            if page_kind(doc.pages[0]) == "separator":  # a batch of one scan per page
                best += "; it looks like a separator sheet (a few words, one a separator's)"
        return ExtractionResult(
            document_id=doc.id, source=doc.name, pages=len(doc.pages), template=None,
            status=Status.REVIEW, classification=scores,
            # a blank page (the back of a sheet) says so first, as with a template
            reasons=[*([Reason(code="no_text", message="the document has no text layer "
                               "and no recognizer read any text")]
                       if not any(p.words for p in doc.pages) else []),
                     Reason(code="unknown_document",
                            message="no template matches this document" + best),
                     *damage_reasons(doc)],
            audit=self._audit(doc, None, [], timings))

    def _audit(self, doc: Document, template: CompiledTemplate | None, used: list[str],
               timings: dict[str, float]) -> Audit:
        refs = [self._ref(ComponentKind.LOADER, doc.loader)]
        names = set()
        if template is not None:
            for comp in template.components():
                key = (comp.kind.value, comp.name)
                if key not in names:
                    names.add(key)
                    refs.append(self._ref(comp.kind, comp.name))
            owners = template.validators
            for fn in template.functions_called():
                key = (ComponentKind.VALIDATOR.value, owners.get(fn, ""))
                if fn in owners and key not in names:
                    names.add(key)
                    refs.append(self._ref(ComponentKind.VALIDATOR, owners[fn]))
        for n in used:
            for kind in (ComponentKind.PREPROCESSOR, ComponentKind.SEGMENTER,
                         ComponentKind.RECOGNIZER):
                if n in self.registry.of_kind(kind) and (kind.value, n) not in names:
                    names.add((kind.value, n))
                    refs.append(self._ref(kind, n))
        return Audit(
            input_name=doc.name, input_hash=doc.id, input_bytes=doc.size_bytes,
            template=template.name if template else None,
            template_version=template.version if template else None,
            template_hash=template.source_hash if template else None,
            formsift_version=__version__, libraries=library_versions(), components=refs,
            timings_ms=timings, plugin_errors=[f"skipped: {p}" for p in self.registry.problems],
            input_warnings=[str(w) for w in doc.metadata.get("warnings", [])],
            params=_shown_params(template.param_values) if template else {})

    def _check_params(self, template: Any, params: Mapping[str, Any] | None) -> None:
        """A mistake in ``params`` before any input is read: against ``template`` (a
        misspelt one too) every parameter it needs given, each of its type; without one,
        none that no template of the engine declares (a typo), and no date its templates
        read as different dates (03/01/2026 under en_US and de_DE)."""
        from formsift.templates.params import RecordedParams, check_known, check_one_reading

        if template is not None:
            self.param_values(self.template(template), params)
        elif params and not isinstance(params, RecordedParams):
            check_known(params, self.declared_params(), "the engine's templates")
            check_one_reading(params, [*self.templates, *self.packets])

    def declared_params(self) -> list[str]:
        """Every parameter the engine's templates and packets declare."""
        return list(dict.fromkeys(n for d in [*self.templates, *self.packets]
                                  for n in d.params))

    def param_values(self, template: CompiledTemplate, params: Mapping[str, Any] | None,
                     *, asked: bool = True) -> dict[str, Any]:
        """The values of ``template``'s parameters from ``params`` (see :meth:`extract`):
        a template asked for by name declares every one given; one chosen by
        classification leaves those it does not declare to the engine's other
        templates."""
        from formsift.templates.params import TextParams, values_for

        others = self.declared_params() if params and not asked else ()
        return values_for(f"template '{template.name}'", template.params, params,
                          template.context, declared=others,
                          texts=isinstance(params, TextParams))

    def with_params(self, template: CompiledTemplate, params: Mapping[str, Any] | None,
                    *, asked: bool = True) -> CompiledTemplate:
        """``template`` with its parameters' values bound into its rules."""
        from formsift.templates.params import bind

        if not template.params and not params:
            return template
        return bind(template, self.param_values(template, params, asked=asked))

    def _ref(self, kind: ComponentKind, name: str) -> ComponentRef:
        info = self.registry.of_kind(kind).get(name)
        if info is None:
            return ComponentRef(kind=kind.value, name=name, version="")
        return ComponentRef(kind=kind.value, name=name, version=info.version,
                            distribution=info.distribution,
                            distribution_version=info.dist_version)

    def _notify(self, hook: str, errors: list[str] | None = None, **kwargs: Any) -> None:
        """Call an observer hook; its failures go to ``errors`` (else to the ``audit``
        argument's plugin errors): an observer must not break extraction."""
        manager = self.registry.manager
        if manager is None:
            return
        caller = getattr(manager.hook, hook)
        audit = kwargs.get("audit")
        if errors is None and audit is not None:
            errors = audit.plugin_errors
        for impl in caller.get_hookimpls():
            try:
                impl.function(**{k: _observed(v) for k, v in kwargs.items()
                                 if k in impl.argnames})
            except Exception as exc:
                if errors is not None:
                    errors.append(f"{impl.plugin_name}.{hook}: {type(exc).__name__}: {exc}")


class _Counted:
    """A text stream that counts the characters written through it, for an exporter
    that writes nothing (``bypassed``: it reached past it, to the bytes or the file)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.written = 0
        self.bypassed = False

    def write(self, text: str) -> int:
        count = self._stream.write(text)
        self.written += len(text)
        return count

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        if name in ("buffer", "fileno", "raw"):
            self.bypassed = True
        return getattr(self._stream, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._stream)


def _observed(value: Any) -> Any:
    """What an observer hook is given: a deep copy of a result, and a document whose pages
    hold their own copies of the words (cheap, unlike copying page images), so that an
    observer cannot change a record or what is extracted. (Images, notes and metadata
    are shared: to read, not to change.)"""
    if isinstance(value, ExtractionResult):
        return value.model_copy(deep=True)
    if isinstance(value, Document):
        pages = []
        for page in value.pages:
            view = copy.copy(page)
            view.set_words([copy.copy(w) for w in page.words])
            pages.append(view)
        return dataclasses.replace(value, pages=pages)
    return value


def _shown_params(values: Mapping[str, Any]) -> dict[str, Any]:
    from formsift.templates.params import shown

    return shown(values)


def review_if_forced(status: Status, reasons: list[Reason]) -> Status:
    """No text at all, a near-tie between templates, a match test that could not run, a
    template that does not fit, a damaged file or text the page hides: a person has to
    look."""
    from formsift.templates import runtime

    if status == Status.ACCEPTED and any(r.code in runtime.FORCE_REVIEW for r in reasons):
        return Status.REVIEW
    return status


#: The value kinds (``FieldType.value_kind``) of the field types whose values read from an
#: OCR layer are checked against the image (amounts, numbers, dates, a plugin's types of
#: these kinds too: short runs of digits a recognizer reads reliably; a long identifier,
#: an IBAN, is text, read with a dropped digit too often to raise an alarm).
LAYER_CHECKED_KINDS = frozenset({"number", "money", "date"})
#: The resolution the image under an OCR layer is read at to check the values read from
#: the layer (:meth:`Engine.check_ocr_layer`): printed values, read at half the cost of
#: 300 dpi.
LAYER_CHECK_DPI = 200
#: Hidden words quoted in a ``hidden_text`` reason's message.
_HIDDEN_QUOTED = 5


def form_field_reasons(doc: Document, fields: Mapping[str, Any]) -> list[Reason]:
    """``form_field_mismatch`` for each field whose value was read inside a fillable
    form's field whose stored value (``/V``: what a form-data export or an ERP import of
    the fields reads) differs from the text it shows (what formsift read): the PDF
    loader lists such fields in the page's ``form_fields`` note (``mismatches``). A
    mismatched form field no template field read is only in the note."""
    out: list[Reason] = []
    notes = {p.number: (p.notes.get("form_fields") or {}).get("mismatches") or []
             for p in doc.pages}
    for name, value in fields.items():
        for fv in value if isinstance(value, list) else [value]:
            if not isinstance(fv, FieldValue) or not fv.box or not notes.get(fv.page):
                continue
            cx, cy = (fv.box[0] + fv.box[2]) / 2, (fv.box[1] + fv.box[3]) / 2
            for m in notes[fv.page]:
                x0, y0, x1, y1 = m["box"]
                if x0 <= cx <= x1 and y0 <= cy <= y1:
                    out.append(Reason(code="form_field_mismatch", field=name, message=(
                        f"page {fv.page}: {name!r} was read from the form field "
                        f"{m['field']!r}, which shows {m['shown']!r} but stores "
                        f"{m['stored']!r}: its appearance was not redrawn after the value "
                        f"changed, or the file was edited (a form-data export reads the "
                        f"stored value)")))
                    break
    return out


def damage_reasons(doc: Document) -> list[Reason]:
    """``input_damaged`` when the loader could read the file only in part;
    ``hidden_text`` for each page whose text layer holds words the page does not show
    (under a white box or an image pasted over them; the loader left them out and lists
    them in the page's notes, ``hidden_text``)."""
    out = []
    if doc.metadata.get("damaged"):
        out.append(Reason(code="input_damaged", message=(
            f"the file is damaged and was read as far as it could be "
            f"({doc.metadata['damaged']}): parts of it may be missing")))
    for page in doc.pages:
        note = page.notes.get("hidden_text")
        if not isinstance(note, dict) or not note.get("words"):
            continue
        count = note["words"] - note.get("shown_by_image", 0)
        if count <= 0:  # the images painted over the words show them again
            continue
        listed = [w for w in note.get("listed") or [] if not w.get("shown_by_image")]
        whys = {"fill": "under an opaque fill painted over it",
                "image": "under an image painted over it"}
        quoted = "; ".join(f"{w['text']!r} {whys.get(w['why'], w['why'])} at "
                           f"{w['box']}" for w in listed[:_HIDDEN_QUOTED])
        more = count - min(len(listed), _HIDDEN_QUOTED)
        out.append(Reason(code="hidden_text", message=(
            f"page {page.number}: the text layer holds {count} word(s) the page "
            f"does not show, left out of the page's text: {quoted}"
            f"{f' and {more} more' if more > 0 else ''} (boxes: page-relative x0, y0, "
            f"x1, y1; all in the page's notes, hidden_text). Text hidden under a white "
            f"box or an image patch can be an edited document: review it")))
    return out


#: ``f(document, pages_done, pages_to_read)``, called after each page OCR reads.
PageCallback = Callable[[Document, int, int], None]


@contextlib.contextmanager
def _blaming(component: Any, method: str) -> Iterator[None]:
    """An exception from ``component``'s ``method`` notes which component raised it, so a
    plugin's :class:`PluginError` names the preprocessor or segmenter, not only the plugin
    and line (a plugin may have several)."""
    try:
        yield
    except Exception as exc:
        blame(exc, component, method)
        raise


def _check_page_callback(on_page_read: Any) -> None:
    """A one-line error unless ``on_page_read`` is None or can be called as
    ``f(document, pages_done, pages_to_read)`` (before: a bool or a two-argument function
    failed deep in the engine, an internal error in extract_many, or not at all on a page
    with a text layer)."""
    if on_page_read is None:
        return
    wanted = "a function f(document, pages_done, pages_to_read)"
    if not callable(on_page_read):
        raise FormsiftError(f"on_page_read must be {wanted}, not "
                            f"{type(on_page_read).__name__}")
    try:
        inspect.signature(on_page_read).bind(None, 0, 0)
    except ValueError:  # no signature to read (some built-ins): taken as it is
        return
    except TypeError:
        raise FormsiftError(f"on_page_read must be {wanted}: "
                            f"{getattr(on_page_read, '__name__', on_page_read)!s} cannot be "
                            "called with those three arguments") from None


#: The ``on_page_read`` of the extraction running in this thread or task (given to the
#: call, not the engine: threads sharing an engine each see their own pages), or None.
_ON_PAGE_READ: ContextVar[PageCallback | None] = ContextVar("formsift_on_page_read",
                                                            default=None)

#: (deadline on the perf_counter clock, the timeout it came from) of the extraction
#: running in this thread or task (Engine.extract(timeout=...)), or None.
_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("formsift_deadline",
                                                               default=None)


def _check_deadline(doc: Document, done: int, total: int) -> None:
    """Raise :class:`DocumentTimeout` when the running extraction is past its deadline."""
    limit = _DEADLINE.get()
    if limit is not None and time.perf_counter() > limit[0]:
        raise DocumentTimeout(f"{doc.name}: not done after {limit[1]:g} s ({done} of "
                              f"{total} page(s) to read were read); give it a longer "
                              f"timeout, or fewer pages")


#: The start of a template's source text, where a name or path was expected.
_TEMPLATE_TEXT = re.compile(r"^\s*(?:#[^\n]*\n\s*)*template\s+\w+\s*\{", re.MULTILINE)


def _file_stamp(ref: str) -> tuple[int, int] | None:
    """(modification time, size) of the template file ``ref`` names; None for a library
    name."""
    try:
        st = os.stat(ref)
    except (OSError, ValueError):
        return None
    return st.st_mtime_ns, st.st_size


def _missing_pages(doc: Document) -> list[str]:
    """What the pages' own "page x of y" cues say is missing: a signature page left out of
    a scan, a file cut short (a document that says nothing about its pages: nothing). A
    sheet's number in a set ("Sheet 2 of 12", "Blatt 2 von 12") counts the set's sheets,
    each often scanned alone: a sheet alone says nothing is missing, but two pages or more
    numbered so are the file's pages ("Blatt 1 von 3", "Blatt 2 von 3": Blatt 3 missing)."""
    from formsift.templates.splitting import page_cue

    cues = [c for c in (page_cue(p, sheets=False) for p in doc.pages) if c is not None]
    if not cues:
        cues = [c for c in (page_cue(p) for p in doc.pages) if c is not None]
        if len(cues) < 2:
            return []
    total = max(y for _, y in cues)
    seen = {x for x, _ in cues}
    if total <= len(doc.pages) and len(cues) < len(doc.pages):
        return []  # pages without a cue may be the others
    missing = [n for n in range(1, total + 1) if n not in seen]
    if total <= len(doc.pages) and not missing:
        return []
    shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
    # "document", not "file": in a packet, ``doc`` is one document of the file
    return [f"the pages say there are {total} (page {cues[0][0]} of {cues[0][1]}), the "
            f"document has {len(doc.pages)}: page(s) {shown} missing"]


def _unit_score(value: Any) -> float | None:
    """A classifier's score as a float in 0..1 (numpy numbers and Decimals too; a softmax's
    1.0000001 is 1); None when it is no such number."""
    if isinstance(value, (bool, str, bytes)):
        return None
    try:
        score = float(value)
    except (TypeError, ValueError):
        return None
    if not -1e-6 <= score <= 1.0 + 1e-6:  # NaN fails too
        return None
    return min(1.0, max(0.0, score))


#: Word sources of text layers: a mixed page's result lists only the words OCR added.
_TEXT_LAYER = ("pdf", "text", "text-layer")


#: The values of ``Engine(mixed_ocr=...)``.
MIXED_OCR_MODES = ("auto", "always", "never")


def _same(a: list[Component], b: list[Component]) -> bool:
    """Two pipeline stages hold the same components (class, name and options), in the
    same order: a template's pipeline naming the defaults is the default pipeline."""
    def key(c: Component) -> tuple[Any, ...]:
        options = getattr(c, "options", None)
        return (type(c), c.name, options.model_dump() if hasattr(options, "model_dump")
                else options)

    return len(a) == len(b) and all(key(x) == key(y) for x, y in zip(a, b, strict=True))


def _hides_text(doc: Document) -> bool:
    """Whether an image of a text-layer page is painted over text-layer words (the
    loader's ``hidden_text`` notes): what the image shows there is read ("auto" mixed OCR
    reads it even when the text layer gave a complete record)."""
    return any(w.get("why") == "image" for p in doc.pages
               for w in (p.notes.get("hidden_text") or {}).get("listed", ()))


def _shown_by_image(page: Any, words: list[Any], loader: str) -> list[Any]:
    """``words`` (read by OCR in the image areas of a text-layer page), where the image
    painted over a hidden text-layer word shows that same word at its place (a scan of
    the page pasted back over it, with a note): the text-layer word, exact, in place of
    its reading (given by ``loader``, the document's loader, as its other words), and
    the word no longer counted as hidden (``shown_by_image``). A reading matches as a
    label does, with the letters OCR confuses folded (:func:`labels.loose`)."""
    from formsift.core.document import Word as _Word
    from formsift.core.geometry import Box as _Box
    from formsift.templates.labels import loose

    note = page.notes.get("hidden_text")
    if not isinstance(note, dict) or not words:
        return words
    out = list(words)
    shown = 0
    for entry in note.get("listed", ()):
        if entry.get("why") != "image" or entry.get("shown_by_image"):
            continue
        box = _Box(*entry["box"])
        want = loose(entry["text"])
        for i, w in enumerate(out):
            if w.recognized and loose(w.text) == want and \
                    w.box.intersection_area(box) >= 0.5 * min(box.area(), w.box.area()):
                out[i] = _Word(entry["text"], box, page.index, 1.0, loader)
                entry["shown_by_image"] = True
                shown += 1
                break
    if shown:
        note["shown_by_image"] = note.get("shown_by_image", 0) + shown
    return out


def _held_dpi(page: Any, dpi: int) -> int:
    """The resolution of a render the page holds (cached or packed) of at least ``dpi``
    (the nearest), else ``dpi``: a page rendered before is not rendered again. Never a
    preprocessed image (turned, straightened): it is not the page the words are on."""
    if page.notes.get("preprocessed"):
        return dpi
    held = [d for d in (*page._images, *page._packed) if isinstance(d, int) and d >= dpi]
    return min(held, default=dpi)


def _has_checkboxes(template: CompiledTemplate) -> bool:
    """Whether ``template`` reads checkboxes: a field or a table column of that type."""
    return any(spec.type is not None and spec.type.name == "checkbox"
               for spec in template.fields.values()) \
        or any(c.type is not None and c.type.name == "checkbox"
               for t in template.tables.values() for c in t.columns)


def _checkboxes_on(text_layer: bool, with_lines: bool = False) -> str:
    """What the ``checkboxes`` note of :meth:`Engine.read_checkboxes` says it looked at
    (``with_lines``: the default pipeline's, which runs the segmenter with the text
    detector for a template's checkbox fields)."""
    if with_lines:
        return ("the scan, with its text lines (the default pipeline runs the checkboxes "
                "segmenter for the template's checkbox fields)")
    return ("the rendered page (it has a text layer)" if text_layer else
            "the scan, after OCR (the template's pipeline does not name the checkboxes "
            "segmenter)")


def _writes_box(text: str) -> bool:
    """Whether a text-layer word on a drawn box is the box (for
    :meth:`Engine.read_checkboxes`): a box or tick glyph, a letter the box may be the
    bowl of, or more than one character (a word the box is a letter of). A single
    glyph of no checkbox meaning inside a frame (a symbol font's code the loader does not
    know) is not: the box is read from the page."""
    text = text.strip()
    return len(text) != 1 or text in _BOX_GLYPHS


#: Glyphs a text layer writes a checkbox with (its frame, a tick in it: the PDF loader
#: reads a symbol font's as these), and letters a box may be the bowl of.
_BOX_GLYPHS = frozenset("☐□○◯❍❏❐❑❒☒☑✓✔✗✘✕✖■●◆★◉⌧xXOo0QDd口")


def _may_be_on(template: CompiledTemplate, spec: Any, index: int, count: int) -> bool:
    """Whether the field ``spec`` of ``template`` may be on the page of ``index`` (of
    ``count`` pages, as page scopes count them): its own pages (``on first page``), its
    region's (``within``), and those of the regions it is read in when it is read in
    regions only."""
    if not spec.pages.includes(index, count):
        return False
    regions = template.regions
    scope = regions.get(spec.scope) if spec.scope else None
    if scope is not None and not scope.pages.includes(index, count):
        return False
    if spec.locators and all(loc.kind == "region" for loc in spec.locators):
        return any(regions[loc.region].pages.includes(index, count)
                   for loc in spec.locators if loc.region in regions)
    return True


def _table_may_be_on(template: CompiledTemplate, table: Any, index: int, count: int) -> bool:
    """Whether the table ``table`` of ``template`` may be on the page of ``index``: any
    page, or its region's (``in REGION``)."""
    region = template.regions.get(table.region) if table.region else None
    return region is None or region.pages.includes(index, count)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _shows(read: list[str], digits: str) -> bool:
    """Whether consecutive words of ``read`` (an image's reading round a value's box,
    which may take in a neighbour: "to IBAN GB29 NWBK ...") hold exactly ``digits``:
    a reading "2,310.00" does not show a layer's "310.00"."""
    for i in range(len(read)):
        run = ""
        for word in read[i:]:
            run += _digits(word)
            if run == digits:
                return True
            if len(run) >= len(digits) or not digits.startswith(run):
                break
    return False


def _incomplete(template: CompiledTemplate, ex: Any) -> bool:
    """Whether a template run left something the page images might hold: a required field
    or a table not found, an error-severity rule failed, or a field the template expects in
    ink (``handwritten``) missing. An optional printed field that is absent is no reason to
    OCR every logo: templates written for several layouts leave many of those empty."""
    if any(not rows for rows in ex.tables.values()):
        return True
    if any(ex.fields.get(name) is None and spec.handwritten
           for name, spec in template.fields.items()):
        return True
    return any(r.code in ("field_missing", "rule_failed") for r in ex.reasons)


def with_refused_codes(doc: Document, template: CompiledTemplate, fields: Mapping[str, Any],
                       status: Status, reasons: list[Reason]) -> tuple[Status, list[Reason]]:
    """``status`` and ``reasons`` where a code of a field's kind breaks its standard (see
    :func:`_refused_codes`): the field's ``invalid_value`` says why, in place of
    ``field_missing``, and the record is not accepted."""
    refused = _refused_codes(doc, template, fields)
    if not refused:
        return status, reasons
    named = {r.field for r in refused}
    kept = [r for r in reasons if not (r.code == "field_missing" and r.field in named)]
    return (Status.REVIEW if status == Status.ACCEPTED else status), kept + refused


def _refused_codes(doc: Document, template: CompiledTemplate,
                   fields: Mapping[str, Any]) -> list[Reason]:
    """``invalid_value`` for each field of a type that reads codes (``swiss_qr``) left
    without a value where a code of its kind was decoded but breaks its standard (the
    type's ``misfit`` says why): a QR-bill with a wrong check digit is not "no value
    found"."""
    out = []
    for name, spec in template.fields.items():
        source = getattr(spec.type, "reads_codes", None)
        if not source or fields.get(name) is not None:
            continue
        noun = getattr(spec.type, "code_noun", "QR code")
        # (the codes the type takes: a barcode of another format is not the field's)
        whys = [f"the {noun} on page {page.number}: {why}" for page in doc.pages
                for w in page.words if w.source == source
                and spec.type.takes(w.text, [w], doc)
                if (why := spec.type.misfit(w.text, template.context))]
        # codes found that did not decode (a torn barcode): no value, and said so
        unread = getattr(spec.type, "undecoded", None)
        whys += [f"page {page.number}: {why}" for page in doc.pages if unread is not None
                 for entry in (page.notes.get(source) or {}).get("undecoded") or []
                 if (why := unread(entry))]
        if whys:
            out.append(Reason(code="invalid_value", field=name,
                              message=f"'{name}' {'; '.join(dict.fromkeys(whys))}"))
    return out


def _note_unread_images(doc: Document, mode: str) -> None:
    """Say in the page notes which image areas were left unread, and why."""
    from formsift.core import mixed

    for page in doc.pages:
        if page.words and not page.notes.get("mixed"):
            todo = mixed.missing_areas(page)
            if todo:
                page.notes["mixed"] = {"read": False, "areas": [b.as_list() for b in todo],
                                       "why": "mixed OCR is off" if mode == "never" else
                                       "the text layer gave a complete record"}


def _page_info(page: Any, loader: str) -> PageInfo:
    """A page of the result: a text-layer page lists only the words recognition added
    (the loader's own words are the text layer, whichever loader read it)."""
    recognized = not page.has_text_layer
    words = [WordOut(text=w.text, box=w.box.as_list(), confidence=round(w.confidence, 4),
                     source=w.source, handwritten=w.handwritten)
             for w in page.words
             if recognized or (w.source not in _TEXT_LAYER and w.source != loader)]
    notes = {k: v for k, v in page.notes.items() if isinstance(v, dict)}
    return PageInfo(page=page.number, width=page.width, height=page.height, unit=page.unit,
                    rotation=page.rotation, text_layer=page.has_text_layer, notes=notes,
                    words=words)


_DEFAULT_ENGINE: Engine | None = None


def extract(source: SourceLike, template: Any = None, **kwargs: Any) -> ExtractionResult:
    """Extract one document with a process-wide default :class:`Engine`.

    ``template`` is a library name (``"invoice"``), a path to a ``.sift`` file, or a
    compiled template; without one, the document is classified against the library.
    """
    global _DEFAULT_ENGINE
    if _DEFAULT_ENGINE is None:
        _DEFAULT_ENGINE = Engine()
    return _DEFAULT_ENGINE.extract(source, template, **kwargs)


#: How a saved e-mail starts (RFC 5322 header fields) and the suffixes mail clients save.
_MAIL_HEADERS = re.compile(rb"^(?:From|Received|Return-Path|MIME-Version|Delivered-To|"
                           rb"Message-ID|Date|Subject|To|X-[\w-]+):", re.IGNORECASE)
_MAIL_SUFFIXES = (".eml", ".msg", ".mbox", ".emlx")


def _looks_like_mail(src: Source) -> bool:
    """Whether an input no loader takes is an e-mail (an .eml, an Outlook .msg)."""
    return src.suffix in _MAIL_SUFFIXES or bool(_MAIL_HEADERS.match(src.data[:200]))


def _pending(page: Any, pre: list[Component]) -> Any:
    """The step of ``pre`` that left a decision on ``page`` to the lines read (its
    ``provisional``: orientation's upside-down check), or None."""
    return next((p for p in pre if (page.notes.get(p.name) or {}).get("pending")), None)


def _settling(page: Any, step: Any, image: Any, looked_at: str = "lines read"
              ) -> Callable[[Any, list[Any]], bool] | None:
    """For region-first's lines on ``page`` (``looked_at``: the lines read, or the lines
    detected, ``read_page``'s ``settle``): whether they show it upside down, by the
    pending ``step``'s ``settle`` (the whole page, ``image``, decides when they do not
    say); None without a step pending."""
    if step is None:
        return None
    whole = (lambda: image(None)) if callable(image) else (lambda: image)
    return lambda shown, boxes: bool(step.settle(page, shown, boxes, whole, looked_at))


def _scope_count_by_ink(doc: Document) -> int:
    """The pages region-first's page scopes count, before any page is read: trailing pages
    with no text layer and hardly any ink (the blank back of a sheet scanned duplex) are
    left out, as :func:`formsift.templates.model.scope_count` leaves them out once the
    words are read, so that ``on last page`` plans the last page with content."""
    from formsift.templates.splitting import page_kind

    count = len(doc.pages)
    while count > 1 and not doc.pages[count - 1].has_text_layer \
            and page_kind(doc.pages[count - 1]) == "blank":
        count -= 1
    return count
