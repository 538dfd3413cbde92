"""The ``formsift`` command.

Exit codes:
  0  success
  1  unexpected internal error (a bug: please report it with --debug output)
  2  usage error (bad command line, option, path or setting)
  3  an input could not be read (other inputs were still processed and written)
  4  a template has errors
  5  a plugin or component problem
  6  checks failed: ``test`` found differences (or had nothing to test: no expected JSON),
     ``fmt --check`` found unformatted files
  130  interrupted (Ctrl-C); ``batch`` keeps what it wrote, re-run it to finish
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_INPUT, EXIT_TEMPLATE, EXIT_PLUGIN, EXIT_CHECK = range(7)
#: ``extract --with-status``: a result is in review or rejected (or its document unknown);
#: every input was read and written.
EXIT_NOT_ACCEPTED = 7
#: The output pipe was closed by its reader (128 + SIGPIPE, as a shell would report).
EXIT_BROKEN_PIPE = 141

#: Subcommands that live in a module of their own (``formsift.cli.<module>``). Each such
#: module defines ``register(subparsers)``, which adds its parser and sets ``func`` (the
#: function that runs it) as a default. Modules keep heavy imports inside ``func``, so that
#: building the parser stays cheap.
COMMAND_MODULES: tuple[str, ...] = ("batch", "importing", "serve", "keys", "audit", "train",
                                     "documents")


class StoreOnce(argparse.Action):
    """An option given at most once (``-t A -t B`` is an error: which template was meant?
    argparse would use the last one without a word)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        given = f"_{self.dest}_given"
        if getattr(namespace, given, False) and getattr(namespace, self.dest) != values:
            parser.error(f"{'/'.join(self.option_strings)} given twice "
                         f"({getattr(namespace, self.dest)!r} and {values!r}): give it once")
        setattr(namespace, self.dest, values)
        setattr(namespace, given, True)


def _parser() -> argparse.ArgumentParser:
    from formsift import __version__

    p = argparse.ArgumentParser(
        prog="formsift",
        description="Turn business documents into validated, structured records.",
        epilog="Exit codes: 0 ok, 2 usage, 3 input error, 4 template error, 5 plugin error, "
               "6 checks failed, 7 a result not accepted (extract --with-status), 1 internal "
               "error, 130 interrupted.")
    p.add_argument("--version", action="version", version=f"formsift {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    p.add_argument("--block", action="append", default=[], metavar="PLUGIN",
                   help="do not load this plugin (entry-point or distribution name)")
    p.add_argument("--strict-plugins", action="store_true",
                   help="fail on any broken plugin instead of skipping it")
    p.add_argument("--plugin", action="append", default=[], metavar="MODULE",
                   help=PLUGIN_HELP)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    e = sub.add_parser("extract", help="extract records from documents")
    e.add_argument("files", nargs="+", metavar="FILE",
                   help="documents to read (PDF, images, text; any file a loader reads); "
                        "- reads one from standard input (see --name)")
    e.add_argument("-t", "--template", action=StoreOnce,
                   help="library template name or .sift file (default: classify against "
                        "the library)")
    e.add_argument("--templates", action="append", default=[], metavar="PATH",
                   help="classify against these template files or folders (a folder's "
                        "subfolders too, as check and test read it); repeatable")
    e.add_argument("-f", "--format", default="json",
                   help="json, jsonl, csv (a row per document), csv-rows (a row per table "
                        "row) or any installed exporter (default: json)")
    e.add_argument("--csv-columns", metavar="NAMES",
                   help="with -f csv or csv-rows: write these columns, comma-separated, in "
                        "this order (e.g. source,status,invoice_no,total,reasons); a field "
                        "of the templates no document has is an empty column, a name no "
                        "column can have is an error (default: source, status, "
                        "template, message, then each template's fields, templates by name)")
    e.add_argument("--stable", action="store_true",
                   help="with -f json or jsonl: leave out what differs from run to run for "
                        "the same input (audit.created_at, timings), for checksums")
    e.add_argument("-o", "--output", help="write here instead of standard output")
    e.add_argument("--record", action="store_true",
                   help="print only the extracted values (JSON), not the full result "
                        "(which records need a person is said on stderr only: see "
                        "--with-status)")
    e.add_argument("--with-status", action="store_true",
                   help="for pipelines: exit 7 when a result is not accepted (review, "
                        "rejected, unknown document; an input error is still 3), and with "
                        "--record write each record as {source, status, template, "
                        "reasons, record}")
    e.add_argument("--no-progress", action="store_true", help="no progress bar")
    e.add_argument("--debug-dir", metavar="DIR",
                   help="write every stage's image per page into DIR (preprocessing, "
                        "then the text regions found and the words read)")
    e.add_argument("--seen-store", metavar="PATH",
                   help="duplicates store of seen_before(): a SQLite file, or 'memory' "
                        "(forgotten at exit); default $FORMSIFT_SEEN_STORE, else "
                        "~/.local/state/formsift/seen.sqlite3")
    e.add_argument("--region-first", action="store_true",
                   help="on scans, read only what the template's locators need (with "
                        "-t; the whole page when a required field is still missing)")
    e.add_argument("--mixed-ocr", choices=["auto", "always", "never"], default="auto",
                   help="image areas on pages that have a text layer (stamps, notes, pasted "
                        "scans): read them when the text layer leaves the record incomplete "
                        "(auto, the default), always, or never")
    add_param_arguments(e)
    e.add_argument("--split", action="store_true",
                   help="each file may hold several documents (a packet): split it by page "
                        "classification and continuation cues, extract every document, "
                        "and apply packet templates (json, jsonl: a packet result per "
                        "file; csv: a row per document)")

    pl = sub.add_parser("plugins", help="list installed components")
    pl.add_argument("--json", action="store_true",
                    help="print components, hooks and problems as JSON")

    i = sub.add_parser("inspect", help="show a document's words and boxes (for template "
                                       "authors)")
    i.add_argument("file", metavar="FILE", help="the document to show")
    i.add_argument("--page", type=_page_number, default=0, help="1-based page (default: all)")
    i.add_argument("--png", metavar="OUT", help="write a PNG overlay of the word boxes, "
                                                "on the page as recognized: OUT-pN.png for "
                                                "page N (any extension of OUT is dropped); "
                                                "an OUT that ends in .png is written as "
                                                "given when one page is shown (a one-page "
                                                "document, or --page)")
    i.add_argument("--dpi", type=int, default=100,
                   help="resolution of the --png overlays (default: 100)")
    i.add_argument("--json", action="store_true",
                   help="print pages, lines, words and their boxes as JSON")

    c = sub.add_parser("check", help="check templates without running them")
    c.add_argument("templates", nargs="+", metavar="TEMPLATE",
                   help=".sift files, folders of them, or library template names")
    c.add_argument("--format", choices=["text", "json"], default="text",
                   help="text: errors on stderr and a line per good file; json: a "
                        "report on stdout (default: text)")

    fm = sub.add_parser("fmt", help="print templates in canonical form",
                        description="Print templates in canonical form (comments kept), "
                                    "or, with --check or --write, check or rewrite them.")
    fm.add_argument("templates", nargs="+", metavar="TEMPLATE",
                    help=".sift files, folders of them, or library template names")
    mode = fm.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="only report files that would "
                                                           "change (exit 6)")
    mode.add_argument("--write", action="store_true", help="rewrite the files in place")

    s = sub.add_parser("schema", help="JSON Schema of a template's record (or of results)")
    s.add_argument("template_arg", nargs="?", metavar="TEMPLATE",
                   help="template name or file: the schema of its record (a file that "
                        "holds several templates: FILE -t NAME)")
    s.add_argument("-t", "--template", action=StoreOnce,
                   help="the same as TEMPLATE; with --templates (or a TEMPLATE file), the "
                        "name of one of their templates")
    s.add_argument("--templates", action="append", default=[], metavar="PATH",
                   help="a .sift file or folder whose templates TEMPLATE (or -t) may name "
                        "(a file that holds several templates: --templates FILE -t NAME); "
                        "repeatable")
    s.add_argument("--result", action="store_true",
                   help="the schema of the full result instead (the same for every "
                        "template: give no TEMPLATE)")

    t = sub.add_parser("test", help="golden tests: each document beside its expected JSON")
    t.add_argument("dirs", nargs="+", metavar="DIR",
                   help="folders of documents, each beside its expected .json (walked "
                        "recursively); a packet's .json, as extract --split --record "
                        "writes it, tests the file as a packet")
    t.add_argument("-t", "--template", action=StoreOnce,
                   help="template for every sample; with --templates, the name of one of "
                        "them (default: the .sift files of each sample's nearest folder "
                        "that has any, several: classification among them; else the "
                        "library template named like the folder; else classification "
                        "against the library)")
    t.add_argument("--templates", action="append", default=[], metavar="PATH",
                   help="classify every sample among these template files or folders (a "
                        "folder with its subfolders), as extract --templates does: a "
                        "library's golden tests; repeatable")
    t.add_argument("--region-first", action="store_true",
                   help="on scans, read only what the template's locators need, as "
                        "extract --region-first does")

    x = sub.add_parser("explain", help="why each field got its value (or none)")
    x.add_argument("file", metavar="FILE", help="the document to explain")
    x.add_argument("-t", "--template", action=StoreOnce,
                   help="library template name or .sift file to explain it with; with "
                        "--templates, the name of one of their templates (left out: "
                        "the one of --templates the document is classified as, which "
                        "reads it twice)")
    x.add_argument("--templates", action="append", default=[], metavar="PATH",
                   help="a .sift file or folder whose templates -t may name (a file that "
                        "holds several templates: --templates FILE -t NAME); repeatable")
    add_param_arguments(x)
    x.add_argument("--region-first", action="store_true",
                   help="on scans, read only what the template's locators need, as "
                        "extract --region-first does")
    x.add_argument("--mixed-ocr", choices=["auto", "always", "never"], default="auto",
                   help="image areas on pages that have a text layer: read them when the "
                        "text layer leaves the record incomplete (auto, the default), always "
                        "(explain then shows what reading them gives), or never")
    x.add_argument("--rows", type=_count, default=20, metavar="N",
                   help="table rows to show, the first N (default: 20; 0: all of them)")

    o = sub.add_parser("ocr", help="read a document's text (scans through OCR) and write "
                                   "it as text, JSON, hOCR or ALTO")
    o.add_argument("file", metavar="FILE", help="the document to read")
    o.add_argument("-f", "--format", choices=["text", "json", "hocr", "alto"], default="text",
                   help="text (pages separated by form feeds), json (lines and words "
                        "with boxes and confidences), hocr or alto (default: text)")
    o.add_argument("-o", "--output", help="write here instead of standard output")
    o.add_argument("--debug-dir", metavar="DIR",
                   help="write every stage's image per page into DIR (preprocessing, "
                        "then the text regions found and the words read)")
    o.add_argument("--columns", action="store_true",
                   help="with --format text: read multi-column pages column by column")
    o.add_argument("-t", "--template", action=StoreOnce, metavar="TEMPLATE",
                   help="read scans with this template's pipeline (its preprocessing, "
                        "segmenters and recognizers, a plugin's among them) instead of "
                        "the installed defaults; the whole page is read")

    for reader in (e, i, x, o):
        add_password_arguments(reader)
        reader.add_argument("--name", metavar="NAME",
                            help="with - as the file (a document read from standard "
                                 "input): its name in results (default: <stdin>); its "
                                 "suffix picks a loader the bytes cannot, e.g. note.txt")
    tl = sub.add_parser("templates", help="list the shipped template library, or print one "
                                          "(to start a template of your own from it)")
    tl.add_argument("name", nargs="?", metavar="NAME",
                    help="print this library template's source: formsift templates invoice "
                         "> my_invoice.sift")
    for command in (e, pl, i, c, s, t, x, o, tl):
        add_plugin_argument(command)

    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(f"formsift.cli.{module}").register(sub)
    _add_debug_argument(sub)
    return p


def _add_debug_argument(sub: argparse._SubParsersAction) -> None:
    """``--debug`` after a command's name (``formsift extract a.pdf --debug``), and after
    a subcommand's (``formsift keys list --debug``), as well as before it: where the
    "run with --debug" hint is followed. (Otherwise argparse would take it as an
    abbreviation of ``extract --debug-dir``, and fail.)"""
    for command in set(sub.choices.values()):
        if "--debug" not in command._option_string_actions:
            command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                                 help="show tracebacks (as formsift --debug COMMAND)")
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                _add_debug_argument(action)


PLUGIN_HELP = ("also load this importable module as a plugin (a module of your own, not "
               "installed as a distribution: my_plugin for my_plugin.py in the current "
               "folder or on PYTHONPATH); repeatable")


def add_plugin_argument(p: argparse.ArgumentParser) -> None:
    """``--plugin MODULE`` after a command's name (``formsift check --plugin my_rules
    t.sift``), as well as before it; :func:`main` adds it to the global ``--plugin``."""
    p.add_argument("--plugin", action="append", dest="command_plugin", metavar="MODULE",
                   default=argparse.SUPPRESS, help=PLUGIN_HELP)


#: The environment variable that gives the password of encrypted PDFs (instead of
#: ``--password``, which other users see in the process list and the shell history keeps).
PASSWORD_ENV = "FORMSIFT_PDF_PASSWORD"


#: The help of ``--param`` (extract, batch).
PARAM_HELP = ("a value of the templates' parameters, which rules read as param.NAME (param "
              "applicant: text in the template): --param applicant=\"Anna Berg\"; "
              "repeatable; a list parameter (text[]) takes the option once per value "
              "(--param open_pos=PO-1 --param open_pos=PO-2) or a JSON list "
              "(--param 'open_pos=[\"PO-1\", \"PO-2\"]'); a value is read with the "
              "parameter's type (a date as 2026-01-04, money as 1250.00)")


def add_param_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   dest="params", help=PARAM_HELP)


def cli_params(args: argparse.Namespace) -> Any:
    """The ``--param`` options as :class:`~formsift.templates.params.TextParams`, empty
    without any (so that a parameter found missing says to give it with ``--param``)."""
    from formsift.templates.params import TextParams, parse_assignments

    return TextParams(parse_assignments(getattr(args, "params", None) or []))


def add_password_arguments(p: argparse.ArgumentParser, what: str = "") -> None:
    p.add_argument("--password", help=f"password of encrypted PDFs{what}; visible to other "
                                      f"users in the process list: prefer --password-file "
                                      f"or ${PASSWORD_ENV}")
    p.add_argument("--password-file", metavar="FILE",
                   help=f"read the password of encrypted PDFs{what} from the first line of "
                        f"FILE (default: ${PASSWORD_ENV}, if set)")


def pdf_password(args: argparse.Namespace) -> str | None:
    """The PDF password of a command: ``--password``, else the first line of
    ``--password-file``, else ``$FORMSIFT_PDF_PASSWORD``, else None."""
    from formsift.core.errors import FormsiftError

    given = getattr(args, "password", None)
    path = getattr(args, "password_file", None)
    if given is not None and path is not None:
        raise FormsiftError("give --password or --password-file, not both")
    if given is not None:
        return given or None
    if path is not None:
        try:
            with open(path, encoding="utf-8-sig") as fh:  # Notepad's BOM is no password
                text = fh.read(64 * 1024)
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else \
                "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc)
            raise FormsiftError(f"--password-file {path}: cannot read it ({reason})"
                                ) from None
        lines = text.splitlines()
        if not lines or not lines[0]:
            raise FormsiftError(f"--password-file {path}: the first line is empty; write "
                                f"the password on it")
        return lines[0]
    return os.environ.get(PASSWORD_ENV) or None


def _warn_about_block_list(args: argparse.Namespace) -> None:
    """Name ``--block`` (and ``FORMSIFT_BLOCK_PLUGINS``) entries that block nothing: a typo
    there would otherwise leave the plugin loaded without a word."""
    import os

    block = tuple(getattr(args, "block", None) or ())
    if not block and not os.environ.get("FORMSIFT_BLOCK_PLUGINS", "").strip(", "):
        return
    from formsift.core.errors import PluginError
    from formsift.core.plugins import default_registry

    try:  # the same registry the command uses (default_registry caches it)
        reg = default_registry(block=block, strict=getattr(args, "strict_plugins", False)
                               or None, plugins=tuple(getattr(args, "plugin", None) or ()))
    except PluginError:
        return  # strict mode and a broken plugin: the command reports that when it loads
    for warning in reg.warnings:
        print(f"formsift: warning: {warning}", file=sys.stderr)


def _unrecognized(parser: argparse.ArgumentParser, args: argparse.Namespace,
                  extra: list[str]) -> None:
    """Exit with a usage error for arguments the command does not take: the usage line of
    the (sub)command that was run (``keys list``), and the option meant when one is close."""
    from formsift.util.suggest import did_you_mean

    target = parser
    while True:  # down to the innermost subcommand given
        chosen = next((a.choices[getattr(args, a.dest)] for a in target._actions
                       if isinstance(a, argparse._SubParsersAction)
                       and getattr(args, a.dest, None) in a.choices), None)
        if chosen is None:
            break
        target = chosen
    message = "unrecognized arguments: " + " ".join(extra)
    options = [o for a in [*target._actions, *parser._actions] for o in a.option_strings]
    for arg in extra:
        if arg.startswith("-"):
            hint = did_you_mean(arg.split("=", 1)[0], options)
            if hint:
                message += f" (did you mean {hint}?)"
                break
    target.error(message)


def _page_number(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"pages are numbered from 1, not {text!r}")
    return n


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"a count of 0 or more, not {text!r}")
    return n


#: The error handler that writes a character the output's encoding cannot hold as a JSON
#: escape (``\u00e4``; a pair of them beyond the BMP).
ESCAPE_ERRORS = "formsift-json-escape"


def _json_escape(exc: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    code = ord(exc.object[exc.start])
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 name, as surrogateescape writes it
        return bytes([code - 0xDC00]), exc.start + 1
    if code > 0xFFFF:  # a surrogate pair, as JSON writes it
        code -= 0x10000
        return (f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}",
                exc.start + 1)
    return f"\\u{code:04x}", exc.start + 1


def escape_unencodable_output(stream: Any = None) -> None:
    """Standard output in an encoding that cannot hold every character (``cp1252`` on
    Windows, ``LC_ALL=C``, ``PYTHONIOENCODING=latin-1``): write a character it cannot hold
    as ``\\uXXXX`` instead of failing half-way. Inside JSON (extract, --record, jsonl)
    that is a JSON escape, so the output stays exact JSON; in text and CSV it is readable.
    A UTF-8 (or UTF-16/32) output is left as it is; so are other error handlers the user
    chose (``PYTHONIOENCODING=cp1252:replace``). (Write UTF-8 whatever the locale with
    ``PYTHONIOENCODING=utf-8`` or ``-o FILE``.)"""
    import codecs

    stream = sys.stdout if stream is None else stream
    encoding = getattr(stream, "encoding", None)
    if not encoding or not hasattr(stream, "reconfigure") \
            or getattr(stream, "errors", "strict") not in ("strict", "surrogateescape"):
        return
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return
    if name.startswith(("utf-8", "utf-16", "utf-32")):
        return
    try:
        codecs.lookup_error(ESCAPE_ERRORS)
    except LookupError:
        codecs.register_error(ESCAPE_ERRORS, _json_escape)
    with contextlib.suppress(OSError, ValueError):
        stream.reconfigure(errors=ESCAPE_ERRORS)


def main(argv: Sequence[str] | None = None) -> int:
    import logging

    escape_unencodable_output()

    # the CLI names skipped plugins itself (commands._registry), once, as a warning line
    logging.getLogger("formsift.plugins").addHandler(logging.NullHandler())
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # reported by the command's own parser, with its usage and a suggestion
        _unrecognized(parser, args, extra)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    from formsift.core.errors import FormsiftError

    args.plugin = [*args.plugin, *getattr(args, "command_plugin", ())]
    if args.plugin and os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())  # as `python -m` would: local plugin modules
    try:
        _warn_about_block_list(args)
        func = getattr(args, "func", None)
        if func is None:
            from formsift.cli import commands

            func = getattr(commands, "cmd_" + args.command)
        return int(func(args) or 0)
    except FormsiftError as exc:
        if args.debug:
            raise
        print(f"formsift: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("formsift: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (| head): what it did not read was not delivered, so this
        # is no success; 128 + SIGPIPE, as a shell reports a command killed by the pipe
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # a path the user gave: missing folder, no permission, disk full
        if args.debug:
            raise
        where = f": {exc.filename}" if exc.filename else ""
        print(f"formsift: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        if args.debug:
            raise
        print(f"formsift: internal error: {type(exc).__name__}: {exc} "
              f"(run with --debug for the traceback, and please report it)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
