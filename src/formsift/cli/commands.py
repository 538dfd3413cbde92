"""The implementations of the formsift subcommands."""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from formsift.cli import (
    EXIT_CHECK,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_NOT_ACCEPTED,
    EXIT_OK,
    EXIT_PLUGIN,
    EXIT_TEMPLATE,
    pdf_password,
)
from formsift.cli.pages import folder_error, note_split_pages
from formsift.core import seen
from formsift.core.components import ComponentKind
from formsift.core.errors import FormsiftError, TemplateError
from formsift.util import gc_control

_WARNED: set[str] = set()


def _registry(args: argparse.Namespace) -> Any:
    """The plugin registry; broken plugins are named on stderr once (``formsift plugins``
    lists them too)."""
    from formsift.core.plugins import default_registry

    reg = default_registry(block=tuple(args.block), strict=args.strict_plugins or None,
                           plugins=tuple(getattr(args, "plugin", None) or ()))
    if args.command != "plugins":
        for p in reg.problems:
            if str(p) not in _WARNED:
                _WARNED.add(str(p))
                print(f"formsift: warning: {p} (skipped; --strict-plugins makes this an "
                      f"error)", file=sys.stderr)
    return reg


def _engine(args: argparse.Namespace, templates: list[str] | None = None, *,
            seen_store: str | None = None) -> Any:
    """The engine of a command. ``seen_store`` ("memory") for commands that must not record
    anything in the user's duplicates store (explain, test, and those that never extract);
    otherwise ``--seen-store`` if the command has it, else ``$FORMSIFT_SEEN_STORE``, else
    the default file (:mod:`formsift.core.seen`)."""
    from formsift.core.engine import Engine

    return Engine(templates=templates or None, registry=_registry(args),
                  seen_store=seen_store or getattr(args, "seen_store", None),
                  debug_dir=getattr(args, "debug_dir", None),
                  region_first=getattr(args, "region_first", False),
                  mixed_ocr=getattr(args, "mixed_ocr", "auto"),
                  loader_options={"pdf": {"password": password}}
                  if (password := pdf_password(args)) else None)


@contextmanager
def _output(path: str | None, *, whole: bool = True) -> Any:
    """Where a command writes: stdout, or ``path``. A new file, or a plain file of the
    user's own, is written beside it and put in place when writing succeeded: a failure (a
    full disk, an exporter plugin's bug) leaves what was there before. Anything else (a
    symlink, a hard link, a device, a file in a folder the user cannot write to, another
    user's or a read-only file) is opened and written as it is, as ``>`` would. Standard
    output is written ``whole`` (:func:`_spool`), for an exporter that can fail midway;
    else as it comes (a long ``audit export`` reaches ``| head`` at once), where a closed
    pipe raises BrokenPipeError as well."""
    if (path is None or path == "-") and not whole:
        yield sys.stdout
        sys.stdout.flush()  # a closed pipe is met here, not at exit
        return
    if path is None or path == "-":  # "-o -": standard output, as tools write it
        with tempfile.SpooledTemporaryFile(max_size=32 << 20) as raw:
            spool = _spool(raw, sys.stdout)
            with _noting("nothing was written to standard output"):
                yield spool
            _deliver(spool, sys.stdout)
        return
    target = Path(path)
    if not _replaceable(target):
        try:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                yield fh
        except OSError as exc:
            raise FormsiftError(f"cannot write {path}: {exc.strerror or exc}") from exc
        return
    try:
        fd, partial = tempfile.mkstemp(prefix=f".{target.name[:64]}.", suffix=".part",
                                       dir=target.parent)
    except OSError as exc:
        raise FormsiftError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with open(fd, "w", encoding="utf-8", newline="") as fh, \
                _noting(f"{path} was left as it was" if target.exists()
                        else f"{path} was not written"):
            yield fh
        os.chmod(partial, target.stat().st_mode & 0o7777 if target.exists()
                 else 0o666 & ~_umask())
        os.replace(partial, target)
    except OSError as exc:
        raise FormsiftError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def _spool(raw: Any, stream: Any) -> Any:
    """A text stream over ``raw`` (a spooled temporary file: memory, then a file past 32
    MB) to write standard output's text to first, encoded as ``stream`` encodes it: an
    export that fails midway then leaves nothing partial on standard output, and a closed
    pipe is met after the exporter has finished."""
    import io

    if getattr(stream, "buffer", None) is None:  # a text-only stream: text both ways
        return io.TextIOWrapper(raw, encoding="utf-8", errors="surrogatepass",
                                write_through=True)
    return io.TextIOWrapper(raw, encoding=getattr(stream, "encoding", None) or "utf-8",
                            errors=getattr(stream, "errors", None) or "strict",
                            write_through=True)


def _deliver(spool: Any, stream: Any) -> None:
    """What was written to ``spool`` (:func:`_spool`), written to ``stream`` and flushed:
    a reader that went away raises BrokenPipeError here, which the CLI reports as
    such (no plugin wrote to the pipe)."""
    import shutil

    raw = spool.detach()
    raw.seek(0)
    target = getattr(stream, "buffer", None)
    stream.flush()
    if target is None:
        stream.write(raw.read().decode("utf-8", "surrogatepass"))
        stream.flush()
    else:
        shutil.copyfileobj(raw, target)
        target.flush()


@contextmanager
def _noting(note: str) -> Any:
    """A formsift error raised inside says ``note`` too (what became of the output)."""
    try:
        yield
    except FormsiftError as exc:
        if type(exc).__str__ is FormsiftError.__str__:  # not a listing of diagnostics
            exc.message = f"{exc.message}; {note}"
            exc.args = (exc.message, *exc.args[1:])
        raise


def _replaceable(target: Path) -> bool:
    """Whether ``target`` can be written through a temporary file and a rename without
    changing what the user would get from writing it directly."""
    if not os.access(target.parent, os.W_OK | os.X_OK):
        return False
    if not os.path.lexists(target):
        return True
    try:
        st = target.lstat()
    except OSError:
        return False
    return (stat.S_ISREG(st.st_mode) and st.st_nlink == 1
            and (not hasattr(os, "geteuid") or st.st_uid == os.geteuid())
            and os.access(target, os.W_OK))


def _umask() -> int:
    """The process's umask, read without changing it (other threads may create files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


#: The size progress bars take where the terminal reports none: tqdm sizes its bar by the
#: terminal's, and one that reports 0 columns and 0 lines (the pseudo-terminal ``script``
#: opens outside a terminal, some CI runners) made it print nothing for a whole run.
FALLBACK_BAR_SIZE = (80, 24)


def bar_size(stream: Any = None) -> dict[str, Any]:
    """tqdm's size options for a bar on ``stream`` (default: stderr): the terminal's own,
    followed as it is resized, when it reports a size; a fixed :data:`FALLBACK_BAR_SIZE`
    when it reports none, or zero columns or lines."""
    stream = sys.stderr if stream is None else stream
    try:
        columns, lines = os.get_terminal_size(stream.fileno())
    except (AttributeError, OSError, ValueError):
        columns = lines = 0
    if columns > 1 and lines > 1:
        return {"dynamic_ncols": True}
    return {"ncols": FALLBACK_BAR_SIZE[0], "nrows": FALLBACK_BAR_SIZE[1]}


def _progress(items: list[Any], enabled: bool, unit: str = "doc",
              engine: Any = None) -> Any:
    """``items`` with a progress bar on a terminal: one bar over the documents, or, for
    one document, a bar over the pages OCR reads (a long scan takes minutes)."""
    if not enabled or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    if len(items) < 2:
        if engine is not None:
            engine.on_page_read = _page_bar(tqdm)
        return items
    return tqdm(items, unit=unit, file=sys.stderr, **bar_size())


def _page_bar(tqdm: Any) -> Any:
    """An ``Engine.on_page_read`` callback drawing a bar over the pages OCR reads, when
    there are at least two."""
    bars: dict[str, Any] = {}

    def on_page_read(doc: Any, done: int, total: int) -> None:
        if total < 2:
            return
        bar = bars.get(doc.id)
        if bar is None or done <= bar.n:  # a first pass, or pages read again
            again = bar is not None
            bar = bars[doc.id] = tqdm(total=total, unit="page", file=sys.stderr,
                                      desc=("read again " if again else "") +
                                      str(doc.name or "")[-40:], **bar_size())
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return on_page_read


#: How documents start (their magic bytes), to tell one given where a template goes.
_DOCUMENT_MAGIC = ((b"%PDF-", "PDF"), (b"\x89PNG\r\n\x1a\n", "PNG image"),
                   (b"\xff\xd8\xff", "JPEG image"), (b"II*\x00", "TIFF image"),
                   (b"MM\x00*", "TIFF image"), (b"II+\x00", "TIFF image"),
                   (b"MM\x00+", "TIFF image"))


def document_kind(path: str | Path) -> str | None:
    """What kind of document the file ``path`` starts like ("PDF", "PNG image", ...); None
    for anything else, or a file that cannot be read."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return None
    return next((kind for magic, kind in _DOCUMENT_MAGIC if head.startswith(magic)), None)


def _not_a_template(path: str | Path, kind: str, usage: str | None = None) -> TemplateError:
    message = f"{path}: looks like a document ({kind}), not a template"
    if usage:
        message += f"; are the arguments swapped? {usage}"
    return TemplateError(message)


@contextmanager
def template_hints(args: argparse.Namespace) -> Any:
    """Say what was meant when a template argument fails to load because it is not one: a
    document given as the template (the arguments swapped: ``extract -t quote.pdf``), or
    a folder given to ``-t`` (a folder of templates is ``--templates DIR``)."""
    try:
        yield
    except TemplateError as exc:
        refs = [("-t", args.template)] if getattr(args, "template", None) else []
        refs += [("--templates", ref) for ref in getattr(args, "templates", None) or ()]
        inputs = "DIR" if args.command == "test" else "DOCUMENT"
        for option, ref in refs:
            kind = document_kind(ref) if Path(ref).is_file() else None
            if kind:
                raise _not_a_template(ref, kind, f"formsift {args.command} {inputs} "
                                                 f"{option} TEMPLATE") from exc
        ref = getattr(args, "template", None)
        if ref and hasattr(args, "templates") and Path(ref).is_dir() \
                and exc.message.startswith(f"{Path(ref)}: "):
            raise TemplateError(f"{exc.message}, or give a folder of templates with "
                                f"--templates {ref}") from exc
        raise


# ---------------------------------------------------------------------- extract
def cmd_extract(args: argparse.Namespace) -> int:
    with template_hints(args):
        return _extract(args)


def checked_params(engine: Any, template: Any, args: argparse.Namespace) -> Any:
    """The ``--param`` options, checked against ``template`` (every parameter it needs
    given, each of its type) or, without one, against the engine's templates and packets
    (none unknown, each value read by one declaring it)."""
    from formsift.cli import cli_params
    from formsift.templates.params import check_known, check_readable

    params = cli_params(args)
    if template is not None:
        engine.param_values(template, params)
    elif params:
        check_known(params, engine.declared_params(), "the templates")
        check_readable(params, [*engine.templates, *engine.packets])
    return params


def _check_output(path: str | None) -> None:
    """Refuse an output file whose folder does not exist before any document is read (a
    long extraction must not end in "cannot write")."""
    if path is None or path == "-":
        return
    folder = Path(path).parent
    if not folder.is_dir():
        raise FormsiftError(f"cannot write {path}: the folder {folder} does not exist",
                            hint=f"mkdir -p {folder}")


class _Stdin:
    """Standard input as one document (``formsift extract -``), under ``--name``."""

    def __init__(self, name: str | None) -> None:
        self.name = name or "<stdin>"

    def read(self, size: int = -1) -> bytes:
        return bytes(sys.stdin.buffer.read(size))

    def __str__(self) -> str:
        return self.name


def document_inputs(files: list[str], name: str | None = None) -> list[Any]:
    """The documents of a command: paths, and ``-`` for one document read from standard
    input (named ``name``, whose suffix picks a loader the bytes do not: ``.txt``)."""
    if files.count("-") > 1:
        raise FormsiftError("'-' (a document on standard input) can be given once")
    if "-" in files and sys.stdin is not None and sys.stdin.isatty():
        raise FormsiftError("'-' reads a document from standard input, which is a "
                            "terminal here", hint="pipe it in: formsift extract - < a.pdf; a "
                                                  "file named '-' is ./-")
    if name is not None and "-" not in files:
        raise FormsiftError("--name names the document read from standard input ('-'); "
                            "give '-' as a file, or leave --name out")
    return [_Stdin(name) if f == "-" else f for f in files]


def _extract(args: argparse.Namespace) -> int:
    _check_output(args.output)
    args.files = document_inputs(args.files, getattr(args, "name", None))
    if getattr(args, "split", False):
        from formsift.cli.packets import extract_split

        return extract_split(args, _engine(args, args.templates))
    with gc_control.paused():  # set-up builds what lives until the command ends
        engine = _engine(args, args.templates)
        registry = engine.registry
        exporter = registry.create(ComponentKind.EXPORTER, _output_format(registry, args))
        if args.record and args.format not in ("json", "jsonl"):
            raise FormsiftError(f"--record writes plain values as JSON, not {args.format!r}",
                                hint="use -f json (the default) or -f jsonl, or leave out "
                                     "--record for the full results in any format")
        export_options(registry, exporter.name, args)  # a wrong option before any input
        template = engine.template(args.template) if args.template else None
        if template is None:
            _ = engine.templates  # load and check them before reading inputs
        params = checked_params(engine, template, args)  # a mistake before any input
        check_csv_columns(exporter.name, args, [template] if template else engine.templates)
        if seen.uses_seen_before([template] if template else engine.templates):
            seen.check_usable(engine.seen_store)
        gc_control.settle()
    results = []
    errors: list[str] = []
    for path in _progress(args.files, not args.no_progress, engine=engine):
        if args.debug:  # the traceback, not an error line
            results.append(engine.extract(path, template, params=params))
            continue
        folder = folder_error(path, engine, args.template)  # how to read its files
        for res in [folder] if folder is not None else engine.extract_many(
                [path], template, params=params):
            if getattr(res, "error", None):
                errors.append(res.error)
                print(f"formsift: error: {res.message}", file=sys.stderr)
            results.append(res)
    for line in note_split_pages(results, args.template):  # a document in several files
        print(f"formsift: {line}", file=sys.stderr)
    with _output(args.output) as out:
        if args.record:
            for r in results:  # a record has no status: say on stderr which need a look
                _note_status(r)
                _note_struck_rows(r)  # nor page notes: the rows left out as struck
            write_json([record_item(r) if args.with_status or not hasattr(r, "record")
                        else r.record() for r in results], out,
                       lines=args.format == "jsonl")
        else:
            export(engine, results, out, exporter.name, args)
    # the other inputs were written; the exit code says what kind of failure there was
    if "internal_error" in errors:
        return EXIT_INTERNAL
    if "plugin_error" in errors or "component_not_found" in errors:
        return EXIT_PLUGIN
    if errors:
        return EXIT_INPUT
    if args.with_status and any(str(getattr(r, "status", "")) != "accepted"
                                for r in results):
        return EXIT_NOT_ACCEPTED
    return EXIT_OK


def record_item(result: Any) -> dict[str, Any]:
    """A result as ``--record --with-status`` writes it: its source, status, template and
    reasons, the parameters given (when there are any: a golden test extracts with them;
    not the defaults, so that a changed default is tested), then the plain record; an
    error result as it is (source, status, error, message)."""
    if not hasattr(result, "record"):
        return dict(result.model_dump(mode="json"))
    from formsift.templates.params import RecordedParams

    params = RecordedParams.of(result.model_dump(mode="json")["audit"])
    return {"source": result.source, "status": result.status.value,
            "template": result.template,
            "reasons": [{k: v for k, v in r.model_dump(mode="json").items() if v is not None}
                        for r in result.reasons],
            **({"params": dict(params)} if params else {}),
            "record": result.record()}


def write_json(items: list[Any], out: TextIO, *, lines: bool) -> None:
    """JSON Lines (one item per line), or indented JSON: the item itself when there is
    one, else the list."""
    if lines:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
        return
    json.dump(items[0] if len(items) == 1 else items, out, indent=2, ensure_ascii=False)
    out.write("\n")


def export(engine: Any, results: list[Any], out: TextIO, fmt: str,
           args: argparse.Namespace) -> None:
    """``results`` written by the exporter ``fmt``, as ``Engine.export`` writes them, with
    the columns ``--csv-columns`` names (an option of csv and csv-rows)."""
    options = export_options(engine.registry, fmt, args)
    if not options:
        engine.export(results, out, fmt)
        return
    from formsift.core.packet import PacketResult

    exporter = engine.component(ComponentKind.EXPORTER, fmt, options)
    if not getattr(exporter, "takes_packets", False):  # rows: a packet's documents
        results = [r for x in results
                   for r in (x.flat() if isinstance(x, PacketResult) else [x])]
    exporter.export(results, out)  # type: ignore[attr-defined]


def export_options(registry: Any, fmt: str, args: argparse.Namespace) -> dict[str, Any]:
    """The exporter options ``--csv-columns`` and ``--stable`` give, checked against the
    format (a usage error before any input is read)."""
    options: dict[str, Any] = {}
    columns = csv_columns(registry, fmt, args)
    if columns is not None:
        options["columns"] = columns
    if getattr(args, "stable", False):
        cls = registry.get(ComponentKind.EXPORTER, fmt).cls
        if "stable" in cls.Options.model_fields:
            options["stable"] = True
        elif "columns" not in cls.Options.model_fields:  # csv: nothing volatile in it
            raise FormsiftError(f"--stable applies to -f json or -f jsonl, not {fmt!r}")
    return options


def check_csv_columns(fmt: str, args: argparse.Namespace, templates: list[Any]) -> None:
    """A usage error for a ``--csv-columns`` name that no column of csv or csv-rows can
    have for ``templates`` (a mistyped name was an empty column without a word)."""
    given = getattr(args, "csv_columns", None)
    if given is None or fmt not in ("csv", "csv-rows"):
        return
    from formsift.plugins.exporters import check_columns, known_columns

    check_columns([n.strip() for n in given.split(",") if n.strip()],
                  known_columns(templates, rows=fmt == "csv-rows"))


def csv_columns(registry: Any, fmt: str, args: argparse.Namespace) -> list[str] | None:
    """The column names ``--csv-columns`` gives (comma-separated), checked against the
    format: a usage error for one whose exporter has no ``columns`` option."""
    given = getattr(args, "csv_columns", None)
    if given is None:
        return None
    names = [n.strip() for n in given.split(",") if n.strip()]
    if not names:
        raise FormsiftError("--csv-columns names no column",
                            hint="e.g. --csv-columns source,status,invoice_no,total")
    cls = registry.get(ComponentKind.EXPORTER, fmt).cls
    if "columns" not in cls.Options.model_fields:
        raise FormsiftError(f"--csv-columns applies to -f csv or -f csv-rows, not {fmt!r}")
    return names


def _output_format(registry: Any, args: argparse.Namespace) -> str:
    """The exporter ``-f`` names; a usage error (exit 2) when none is installed."""
    known = registry.of_kind(ComponentKind.EXPORTER)
    if args.format not in known:
        from formsift.util.suggest import did_you_mean

        hint = did_you_mean(args.format, known)
        raise FormsiftError(f"unknown output format {args.format!r}",
                            hint=f"did you mean {hint!r}?" if hint else
                            "installed: " + ", ".join(sorted(known)))
    return str(args.format)


def _note_status(result: Any) -> None:
    """One stderr line for a result whose plain record does not show that it needs a
    person (review, rejected) or that no template matched it."""
    status = str(getattr(result, "status", ""))
    if status not in ("review", "rejected") or not hasattr(result, "record"):
        return  # accepted, or an error already reported
    if result.template is None:
        print(f"formsift: {result.source}: no template matched (unknown document); its "
              f"record is empty", file=sys.stderr)
        return
    from formsift.cli.pages import summary

    print(f"formsift: {result.source}: {status}: {summary(result.reasons)}", file=sys.stderr)


def _note_struck_rows(result: Any) -> None:
    """One stderr line per table row left out as struck through, for ``--record``: a
    plain record has no page notes (``page_info[n].notes.struck_rows``), and a row left
    out sends the record to no review, so nothing else would show it."""
    for info in getattr(result, "page_info", None) or []:
        for table, rows in (info.notes.get("struck_rows") or {}).items():
            for text in rows:
                print(f"formsift: {result.source}: p{info.page}: {table}: row {text!r} "
                      f"is struck through: left out of the rows", file=sys.stderr)


# ---------------------------------------------------------------------- plugins
def cmd_plugins(args: argparse.Namespace) -> int:
    reg = _registry(args)
    infos = reg.all()
    if args.json:
        json.dump({"components": [i.as_dict() for i in infos],
                   "hooks": reg.observers(),
                   "problems": [str(p) for p in reg.problems],
                   "warnings": [str(w) for w in reg.warnings],
                   "notes": list(reg.notes)}, sys.stdout, indent=2)
        print()
        return EXIT_OK
    rows = [("KIND", "NAME", "VERSION", "DISTRIBUTION")]
    rows += [(i.kind.value, i.name, i.version, f"{i.distribution} {i.dist_version}".strip())
             for i in infos]
    # classifiers and observers register no component: listed by the hook they implement
    rows += [("hook", f"{h['hook']} ({h['plugin']})", "-",
              f"{h['distribution']} {h['dist_version']}".strip()) for h in reg.observers()]
    _table(rows, sys.stdout)
    for p in reg.problems:
        print(f"problem: {p}", file=sys.stderr)
    for note in reg.notes:
        print(f"note: {note}", file=sys.stderr)
    return EXIT_OK


def _table(rows: list[tuple[str, ...]], out: TextIO) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n")


# ---------------------------------------------------------------------- inspect
def cmd_inspect(args: argparse.Namespace) -> int:
    engine = _engine(args, seen_store="memory")
    doc = engine.load(document_inputs([args.file], args.name)[0])
    engine.recognize(doc)
    pages = [p for p in doc.pages if not args.page or p.number == args.page]
    if args.page and not pages:
        raise FormsiftError(f"{args.file} has {len(doc.pages)} page(s); there is no page "
                            f"{args.page}")
    if args.png:  # before the listing: a reader that stops early (| head) must not lose it
        from formsift.cli.overlay import write_overlays

        for path in write_overlays(pages, args.png, args.dpi, doc.loader):
            print(f"wrote {path}", file=sys.stderr)
    if args.json:
        json.dump({"document_id": doc.id, "source": doc.name, "pages": [
            {"page": p.number, "width": p.width, "height": p.height, "unit": p.unit,
             "rotation": p.rotation, "text_layer": p.has_text_layer,
             "lines": [{"text": ln.text, "box": ln.box.as_list(), "words": [
                 {"text": w.text, "box": w.box.as_list(), "confidence": w.confidence,
                  "source": w.source} for w in ln.words]} for ln in p.lines]}
            for p in pages]}, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        for p in pages:
            print(f"--- page {p.number}: {p.width:.0f} x {p.height:.0f} {p.unit}, "
                  f"{len(p.words)} words, text layer: {'yes' if p.has_text_layer else 'no'}")
            for ln in p.lines:
                b = ln.box
                print(f"  [{b.x0:6.1%} {b.y0:6.1%} {b.x1:6.1%} {b.y1:6.1%}]  {ln.text}")
    return EXIT_OK


# ---------------------------------------------------------------------- templates
def _template_paths(refs: list[str]) -> list[Path]:
    from formsift.templates import resolve_path, template_files

    paths: list[Path] = []
    for ref in refs:
        p = Path(ref)
        if p.is_dir():
            found = template_files(p, recursive=True)
            if not found:
                raise TemplateError(f"{p}: no .sift files in this folder")
            paths.extend(found)
        else:
            paths.append(resolve_path(ref))
    return paths


def _file_problem(path: str, message: str) -> Any:
    """A diagnostic about a whole file (it cannot be read at all)."""
    from formsift.grammar.diagnostics import Diagnostic

    return Diagnostic(path, 0, 0, message, code="file")


def _read_sources(refs: list[str]) -> list[tuple[str, str | None, list[Any]]]:
    """(path, source or None, problems) for every template file named, so that one missing
    or unreadable file does not hide the others' diagnostics."""
    from formsift.templates import read_template_text

    out: list[tuple[str, str | None, list[Any]]] = []
    for ref in refs:
        try:
            paths = _template_paths([ref])
        except FormsiftError as exc:
            kind = document_kind(ref) if Path(ref).is_file() else None
            out.append((ref, None, [_file_problem(
                ref, f"looks like a document ({kind}), not a template" if kind
                else str(exc).split(": ", 1)[-1])]))
            continue
        for path in paths:
            kind = document_kind(path)
            if kind:  # not "not UTF-8 text", nor a syntax error on every line
                out.append((str(path), None, [_file_problem(
                    str(path), f"looks like a document ({kind}), not a template")]))
                continue
            try:  # (a file over the size limit is refused before it is read)
                out.append((str(path), read_template_text(path), []))
            except TemplateError as exc:
                out.append((str(path), None, [_file_problem(
                    str(path), str(exc).removeprefix(f"{path}: "))]))
    return out


def _defined_before(path: str, source: str, templates: list[Any],
                    defined: dict[str, str]) -> list[Any]:
    """An error for each template of ``path`` whose name a file checked before it defines:
    the files given to ``check`` are one set, as ``--templates`` loads them, and a set in
    which two files define one name is refused at load (which one a document's
    classification meant is unknowable). ``defined`` (name -> first file) is updated."""
    import re

    from formsift.grammar.diagnostics import Diagnostic
    from formsift.templates.definitions import defined_twice

    out = []
    lines = source.split("\n")
    for t in templates:
        first = defined.setdefault(t.name, path)
        if Path(first).resolve() == Path(path).resolve():
            continue  # one file named twice (a folder and a file in it)
        at = re.compile(rf"^(\s*template\s+){re.escape(t.name)}\b")
        line, column = next(((i + 1, len(m.group(1)) + 1) for i, text in enumerate(lines)
                             if (m := at.match(text))), (0, 0))
        out.append(Diagnostic(
            path, line, column,
            defined_twice(t.name, first, path), end_column=column + len(t.name),
            source_line=lines[line - 1] if line else "",
            hint="extract, batch and Engine(templates=...) refuse a set of templates in "
                 "which two files define one name"))
    return out


def cmd_check(args: argparse.Namespace) -> int:
    from formsift.templates import check_definitions

    registry = _registry(args)
    report = []
    errors = 0
    defined: dict[str, str] = {}  # template name -> the file that defines it first
    for path, source, problems in _read_sources(args.templates):
        if source is None:
            errors += len(problems)
            report.append((path, [], problems))
            continue
        templates, packets, diags = check_definitions(source, path, registry)
        diags = [*diags, *_defined_before(path, source, templates, defined)]
        templates = [*templates, *packets]
        errors += sum(1 for d in diags if d.severity == "error")
        report.append((path, templates, diags))
    if args.format == "json":
        json.dump([{"file": str(p), "templates": [t.name for t in ts],
                    "diagnostics": [d.as_dict() for d in ds]} for p, ts, ds in report],
                  sys.stdout, indent=2)
        print()
    else:
        for path, ts, ds in report:
            for d in ds:
                print(d.format(), file=sys.stderr)
            if not any(d.severity == "error" for d in ds):
                print(f"{path}: ok ({', '.join(t.name for t in ts)})")
        if errors:
            print(f"{errors} error(s)", file=sys.stderr)
    return EXIT_TEMPLATE if errors else EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    from formsift.grammar.formatter import format_source
    from formsift.templates import read_template_text

    changed = 0
    for path in _template_paths(args.templates):
        kind = document_kind(path)
        if kind:  # its bytes would only say "not UTF-8 text"
            raise _not_a_template(path, kind)
        source = read_template_text(path)
        formatted = format_source(source, str(path))
        if formatted == source:
            continue
        changed += 1
        if args.check:
            print(f"{path}: would be reformatted", file=sys.stderr)
        elif args.write:
            path.write_text(formatted, encoding="utf-8")
            print(f"{path}: reformatted", file=sys.stderr)
        else:
            sys.stdout.write(formatted)
    if not args.check and not args.write and changed == 0:
        for path in _template_paths(args.templates):
            sys.stdout.write(read_template_text(path))
    return EXIT_CHECK if (args.check and changed) else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    if args.template and args.template_arg and args.template != args.template_arg:
        if not (args.template_arg.endswith(".sift") or Path(args.template_arg).is_dir()):
            raise FormsiftError(f"two templates named ({args.template_arg} and -t "
                                f"{args.template}): give one")
        # formsift schema FILE -t NAME: one template of the file, as --templates FILE says
        args.templates = [*args.templates, args.template_arg]
        args.template_arg = None
    args.template = args.template or args.template_arg
    if args.result and (args.template or args.templates):  # the same for every template
        given = args.template or " ".join(f"--templates {t}" for t in args.templates)
        raise FormsiftError(f"a template ({given}) and --result cannot be combined",
                            hint=f"formsift schema {given} for its record, "
                                 f"formsift schema --result for the full result")
    if args.result:
        from formsift.core.result import result_json_schema

        schema = result_json_schema()
    elif args.template and (packet := _packet_schema(args)) is not None:
        schema = packet
    elif args.templates:  # -t names one of them, or they hold a single template
        from formsift.templates.schema import record_schema

        engine = _engine(args, args.templates, seen_store="memory")
        with template_hints(args):
            if args.template:
                template = engine.template(args.template)
            elif len(engine.templates) == 1:
                template = engine.templates[0]
            else:
                names = [t.name for t in engine.templates]
                raise FormsiftError(
                    f"--templates gives {len(names)} templates ({', '.join(names)}): name "
                    f"one with -t", hint=f"formsift schema --templates "
                                         f"{' --templates '.join(args.templates)} -t "
                                         f"{names[0] if names else 'NAME'}")
        schema = record_schema(template)
    elif not args.template:
        raise FormsiftError("name a template, or use --result for the result schema")
    else:
        from formsift.templates import load_template
        from formsift.templates.schema import record_schema

        with template_hints(args):
            schema = record_schema(load_template(args.template, _registry(args)))
    json.dump(schema, sys.stdout, indent=2)
    print()
    return EXIT_OK


def _packet_schema(args: argparse.Namespace) -> dict[str, Any] | None:
    """The record schema of the packet template ``-t`` names, among ``--templates`` or
    the library's packets (as ``extract --split --record`` writes a packet's record);
    None when it names none (a file, a document's template)."""
    if not args.templates and (args.template.endswith(".sift")
                               or Path(args.template).exists()):
        return None
    from formsift.templates.packet_schema import packet_record_schema

    engine = _engine(args, args.templates or None, seen_store="memory")
    with template_hints(args):
        packet = next((p for p in engine.packets if p.name == args.template), None)
        return None if packet is None else packet_record_schema(packet, engine.template)


def cmd_templates(args: argparse.Namespace) -> int:
    from formsift.templates import LIBRARY, SUFFIX, library_names, load_template

    if getattr(args, "name", None):
        names = library_names()
        if args.name not in names:
            from formsift.util.suggest import did_you_mean

            hint = did_you_mean(args.name, names)
            print(f"formsift: error: no library template named {args.name!r}"
                  + (f"; did you mean {hint!r}?" if hint else "")
                  + f" (the library: {', '.join(names)})", file=sys.stderr)
            return EXIT_TEMPLATE
        sys.stdout.write((LIBRARY / f"{args.name}{SUFFIX}").read_text(encoding="utf-8"))
        return EXIT_OK
    reg = _registry(args)
    rows = [("NAME", "VERSION", "TITLE")]
    for name in library_names():
        t = load_template(name, reg)
        rows.append((t.name, t.version, t.title))
    _table(rows, sys.stdout)
    print("\n(formsift templates NAME prints one: copy it to start a template of your own)")
    return EXIT_OK


def cmd_test(args: argparse.Namespace) -> int:
    from formsift.templates.golden import run_golden

    # golden runs are checks, not business: their values stay out of the real store
    engine = _engine(args, seen_store="memory")
    with template_hints(args):
        report = run_golden(engine, [Path(d) for d in args.dirs], args.template,
                            args.templates or None)
    for line in report.lines():
        print(line)
    if report.nothing_tested:  # a run that checked nothing must not pass (in CI, say)
        print(f"formsift: error: {report.nothing_tested}", file=sys.stderr)
        return EXIT_CHECK
    return EXIT_CHECK if report.failed else EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from formsift.templates.explain import explain

    # a look, not a record; -t may name one of the templates of --templates
    engine = _engine(args, args.templates or None, seen_store="memory")
    source = document_inputs([args.file], args.name)[0]
    from formsift.cli import cli_params

    params = cli_params(args)
    with template_hints(args):
        template = args.template or _classified(engine, source, args, params)
        print(explain(engine, source, template, rows=args.rows, params=params))
    return EXIT_OK


def _classified(engine: Any, source: Any, args: argparse.Namespace, params: Any = None
                ) -> str:
    """For ``explain`` without ``-t``: the template of ``--templates`` that the document
    is classified as (extract's classification, told on stderr); a usage error without
    ``--templates`` or when none matches (their scores named)."""
    if not args.templates:
        raise FormsiftError("explain needs the template to explain the document with",
                            hint="-t TEMPLATE, or --templates PATH to classify the "
                                 "document first, as extract does")
    result = engine.extract(source, params=params)
    scores = ", ".join(f"{s.template} {s.score:.2f}"
                       for s in getattr(result, "classification", []))
    name = getattr(result, "template", None)
    if name is None:
        raise FormsiftError(f"{args.file}: no template of --templates matches it"
                            + (f" (scores: {scores})" if scores else ""),
                            hint="name one with -t to see why its fields are not found")
    print(f"formsift: {args.file}: classified as {name!r}"
          + (f" (scores: {scores})" if scores else "") + "; explained with it",
          file=sys.stderr)
    return str(name)


def cmd_ocr(args: argparse.Namespace) -> int:
    from formsift.core.interchange import WRITERS

    engine = _engine(args, seen_store="memory")
    with template_hints(args):
        template = engine.template(args.template) if args.template else None
    doc = engine.load(document_inputs([args.file], args.name)[0])
    engine.recognize(doc, template, region_first=False)
    if args.columns and args.format != "text":
        raise FormsiftError("--columns applies to --format text only")
    with _output(args.output, whole=False) as out:  # one write, of built-in writers' text
        if args.columns:
            from formsift.core.reading_order import reading_order

            out.write("\n\f\n".join("\n".join(ln.text for ln in reading_order(p.words))
                                     for p in doc.pages) + "\n")
        else:
            out.write(WRITERS[args.format](doc))
    return EXIT_OK
