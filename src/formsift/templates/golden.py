"""Golden tests for templates: each sample document beside the JSON it must produce.

A folder holds ``name.pdf`` (or any file an installed loader reads: .png, .jpg, .tif,
.txt...) and ``name.json``, the plain record it must give (what ``formsift extract
name.pdf --record`` prints), or that record with the template that must read the document
and the status it must get (what ``formsift extract name.pdf --record --with-status``
prints: ``{"template": ..., "status": ..., "record": {...}}``; its ``source`` and
``reasons`` are not compared). The templates are those given (``templates``: each document
classified among them; ``template``: the one to read every document with), else the
``.sift`` files of the document's nearest folder that has one (one file of one template:
that template; several files, or a file of several templates: classification among
them), else the library template named like the folder, else classification among the
engine's templates. An expected JSON that is a
packet's (what ``formsift extract --split --record`` prints: the packet, its documents'
records) tests the file as a packet: split into its documents among the same templates.
Every record is also validated against the template's JSON Schema. Documents without an
expected ``.json`` are listed as skipped (with the command that writes one), never silently
left out (plain-text files without one are said once, in one line: a stray run's output
is no document); they do not fail a run, but a run in which no document has one tested nothing,
and fails (:attr:`GoldenReport.nothing_tested`). A folder without documents is an error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from formsift.core.errors import FormsiftError

DOC_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt")
#: Plain-text files, which the text loader reads as documents: in a golden folder one is a
#: document only with its expected .json beside it (a stray "test_output.txt", a run's
#: output saved there, is no document to write a test for).
TEXT_SUFFIXES = (".txt", ".text")


@dataclass
class GoldenCase:
    document: Path
    expected: Path
    diffs: list[str] = field(default_factory=list)
    error: str | None = None
    #: The template that ran, when classification chose it (named on failures).
    classified_as: str | None = None
    #: The templates classification chose among, when they are the shipped library
    #: (named on failures: the user's own were perhaps meant).
    among_library: bool = False
    #: The record's status and reason codes, shown beside a PASS that is not accepted.
    status: str = "accepted"
    reasons: list[str] = field(default_factory=list)
    #: A packet's test (its expected JSON is what ``extract --split --record`` prints): the
    #: packet template the split file matched, "" for none.
    packet: str | None = None

    @property
    def ok(self) -> bool:
        return not self.diffs and self.error is None


@dataclass
class GoldenReport:
    cases: list[GoldenCase]
    #: Documents with no expected ``.json`` beside them (not run).
    skipped: list[Path] = field(default_factory=list)
    #: The options of ``formsift extract`` (``-t T``, ``--templates F``...) with which each
    #: skipped document would run, if any: the hint to write its expected JSON names them.
    skipped_templates: dict[Path, str] = field(default_factory=dict)
    #: Plain-text files without an expected ``.json`` (:data:`TEXT_SUFFIXES`): not run, and
    #: said once, not as documents: a run's saved output, notes (see :func:`find_cases`).
    not_documents: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[GoldenCase]:
        return [c for c in self.cases if not c.ok]

    @property
    def nothing_tested(self) -> str | None:
        """Why the run fails although no document failed: none had its expected JSON (each
        is a SKIP line), with the command that writes the first one; None when documents
        were tested."""
        if self.cases or not (self.skipped or self.not_documents):
            return None
        if not self.skipped:
            return (f"nothing was tested: no document has an expected .json beside it "
                    f"(only text files without one, {self.not_documents[0]} ...)")
        first = self.skipped[0]
        return (f"nothing was tested: no document has an expected .json beside it (write "
                f"one with {_extract_command(first, self.skipped_templates.get(first))} and "
                f"check its values)")

    def lines(self) -> list[str]:
        out = []
        for c in self.cases:
            if c.ok:
                # the values are right, but a person would still see this record
                note = (f" (status {c.status}: {', '.join(c.reasons) or 'no reason'})"
                        if c.status != "accepted" else "")
                out.append(f"PASS {c.document}{note}")
                continue
            out.append(f"FAIL {c.document}" + (
                f" (split as a packet: {c.packet!r})" if c.packet else
                " (split as a packet: no packet template matched)" if c.packet == "" else
                f" (classified as '{c.classified_as}' among the shipped library: give "
                f"--templates DIR to classify among your own)" if c.classified_as
                and c.among_library else
                f" (classified as '{c.classified_as}')" if c.classified_as else ""))
            if c.error:
                out.append(f"    error: {c.error}")
            out.extend(f"    {d}" for d in c.diffs)
        out.extend(f"SKIP {doc} (no {doc.with_suffix('.json').name} beside it: write one "
                   f"with {_extract_command(doc, self.skipped_templates.get(doc))})"
                   for doc in self.skipped)
        if self.not_documents:
            shown = ", ".join(str(p) for p in self.not_documents[:5]) + (
                f" and {len(self.not_documents) - 5} more" if len(self.not_documents) > 5
                else "")
            out.append(f"not tested: {len(self.not_documents)} text file(s) without an "
                       f"expected .json beside them ({shown}): a text file is a golden "
                       f"document only with its .json")
        passed = len(self.cases) - len(self.failed)
        summary = f"{passed} passed, {len(self.failed)} failed"
        if self.skipped:
            summary += f", {len(self.skipped)} skipped (no expected JSON)"
        out.append(summary)
        return out


def find_cases(folder: Path, suffixes: tuple[str, ...] = DOC_SUFFIXES
               ) -> tuple[list[GoldenCase], list[Path]]:
    """The documents of ``folder`` (and below) with their expected JSON, and those
    without one."""
    if not folder.is_dir():
        raise FormsiftError(f"{folder}: not a folder")
    cases, skipped = [], []
    for doc in sorted(folder.rglob("*")):
        if doc.is_file() and doc.suffix.lower() in suffixes:
            expected = doc.with_suffix(".json")
            if expected.exists():
                cases.append(GoldenCase(doc, expected))
            else:
                skipped.append(doc)
    if not cases and not skipped:
        raise FormsiftError(f"{folder}: no documents in this folder",
                            hint="golden tests are documents (.pdf, .png, ...) each beside "
                                 "the .json record it must give: write one with formsift "
                                 "extract DOC --record -o DOC.json and check its values")
    return cases, skipped


def _extract_command(doc: Path, options: str | None) -> str:
    """The command that writes ``doc``'s expected JSON with the templates it is tested with
    (``options``, as :func:`_options` gives them). Where classification chooses the
    template, ``--with-status`` writes the template and status too, which the test then
    checks: a document another template takes fails."""
    status = " --with-status" if options is None or "--templates" in options else ""
    return (f"formsift extract {doc}{' ' + options if options else ''} --record{status} "
            f"-o {doc.with_suffix('.json')}")


def _options(template: str | None, among: tuple[str, ...] | None) -> str | None:
    """The ``formsift extract`` options that read a document as a golden test does: with
    ``template``, classified ``among`` templates (both: the one of them named), or (None)
    classified among the engine's."""
    given = " ".join(f"--templates {t}" for t in among or ())
    if template is not None:
        given += f"{' ' if given else ''}-t {template}"
    if template is None and any(_count(t, "packet") for t in among or ()):
        # a packet's file is split as the test splits it (without --split the command
        # wrote one document's record, which then passed without the packet tested)
        given += " --split"
    return given or None


def _count(source: str, keyword: str) -> int:
    """How many ``keyword`` statements (``template``, ``packet``) a template file holds
    (0 for anything else: a folder, a library name)."""
    path = Path(source)
    if path.suffix != ".sift" or not path.is_file():
        return 0
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 0
    return len(re.findall(rf"^\s*{keyword}\s", text, re.MULTILINE))


def _several(source: str) -> bool:
    """Whether ``source`` is a template file that holds several templates."""
    return _count(source, "template") > 1


def _classifies(source: str) -> bool:
    """Whether documents are classified among ``source``'s definitions rather than read
    with it as one template: a file of several templates, or one defining a packet (a
    packet of library templates holds no template of its own; ``-t`` refuses it)."""
    return _several(source) or _count(source, "packet") > 0


def template_source(document: Path, root: Path) -> str | None:
    """The template ``document`` (found under ``root``) is tested with when none is given,
    as ``-t`` takes it: the only ``.sift`` file of its nearest folder (its own, then each
    one up to ``root``) that decides (a file of several templates: classification among
    them), else the library template named like that folder. None: classification (among
    the folder's files when it holds several: :func:`template_files_for`)."""
    found = template_files_for(document, root)
    return found[0] if found is not None and len(found) == 1 else None


def template_files_for(document: Path, root: Path) -> list[str] | None:
    """The templates ``document`` (found under ``root``) is tested with when none are
    given: the ``.sift`` files of its nearest folder that has any (its own, then each one
    up to ``root``; several: classification among them, as among one file's templates),
    else the library template named like that folder ([name]). None: none decides
    (classification among the engine's templates)."""
    from formsift.templates import library_names, template_files

    rel = document.relative_to(root)
    for depth in range(len(rel.parts) - 1, -1, -1):
        folder = root.joinpath(*rel.parts[:depth])
        local = template_files(folder)
        if local:
            return [str(p) for p in local]
        if folder.name in library_names():
            return [folder.name]
    return None


def diff(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Readable differences between two JSON values, one line per field. A key the
    expected JSON leaves out is expected null: an optional field the document does not
    fill (``igst_rate`` on an intra-state invoice) need not be written in it, while a value
    it did not expect is a difference."""
    where = path or "record"
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for k in expected:
            sub = f"{path}.{k}" if path else k
            if k not in actual:
                out.append(f"{sub}: missing (expected {_show(expected[k])})")
            else:
                out.extend(diff(expected[k], actual[k], sub))
        for k in actual:
            if k not in expected and actual[k] is not None:
                sub = f"{path}.{k}" if path else k
                out.append(f"{sub}: not expected (got {_show(actual[k])})")
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        out = []
        if len(expected) != len(actual):
            out.append(f"{where}: {len(actual)} item(s), expected {len(expected)}")
        # rows are paired by content, not position: one lost or extra row is reported
        # once, not as a mismatch of every field of every row after it
        for i, j in align(expected, actual):
            if j is None:
                out.append(f"{where}: missing row {i}: {_show(expected[i])}")
            elif i is None:
                out.append(f"{where}: extra row at {j}: {_show(actual[j])}")
            else:
                out.extend(diff(expected[i], actual[j],
                                f"{where}[{i}]" if i == j else f"{where}[{i}, got as {j}]"))
        return out
    if expected != actual and not _same_number(expected, actual):
        return [f"{where}: got {_show(actual)}, expected {_show(expected)}"]
    return []


#: A block of unequal rows, expected times actual, beyond which its rows pair by position
#: (aligning them takes time in that product: about half a second for 200 by 200 rows).
_ALIGN_LIMIT = 40_000


def align(expected: list[Any], actual: list[Any]) -> list[tuple[int | None, int | None]]:
    """The pairs (expected index, actual index) of two lists of rows, in order; None on one
    side for a row the other lacks. Equal rows pair first (the longest common runs); the
    rows between them pair so that as few fields as possible differ, a row left unpaired
    costing half a row of differing fields: two rows at one place pair rather than being
    reported as missing and extra, and one missing or extra row costs less than shifting
    every row after it."""
    from difflib import SequenceMatcher

    keys_e, keys_a = [_key(x) for x in expected], [_key(x) for x in actual]
    matcher = SequenceMatcher(None, keys_e, keys_a, autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    for tag, e0, e1, a0, a1 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(e0, e1), range(a0, a1), strict=True))
        else:
            pairs.extend(_align_block(expected, actual, e0, e1, a0, a1))
    return pairs


def _align_block(expected: list[Any], actual: list[Any], e0: int, e1: int, a0: int, a1: int
                 ) -> list[tuple[int | None, int | None]]:
    """The least-cost alignment of ``expected[e0:e1]`` with ``actual[a0:a1]``."""
    n, m = e1 - e0, a1 - a0
    if n == 0 or m == 0 or n * m > _ALIGN_LIMIT:
        paired = min(n, m) if n * m > _ALIGN_LIMIT else 0
        return [*((e0 + k, a0 + k) for k in range(paired)),
                *((e0 + k, None) for k in range(paired, n)),
                *((None, a0 + k) for k in range(paired, m))]
    gap = 0.5
    # cost[i][j]: aligning the first i expected rows with the first j actual rows
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    step = [[""] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        cost[i][0], step[i][0] = i * gap, "missing"
    for j in range(1, m + 1):
        cost[0][j], step[0][j] = j * gap, "extra"
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = [(cost[i - 1][j - 1] + _distance(expected[e0 + i - 1],
                                                      actual[a0 + j - 1]), "pair"),
                       (cost[i - 1][j] + gap, "missing"), (cost[i][j - 1] + gap, "extra")]
            cost[i][j], step[i][j] = min(options, key=lambda o: o[0])  # ties: pair
    out: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        move = step[i][j]
        if move == "pair":
            out.append((e0 + i - 1, a0 + j - 1))
            i, j = i - 1, j - 1
        elif move == "missing":
            out.append((e0 + i - 1, None))
            i -= 1
        else:
            out.append((None, a0 + j - 1))
            j -= 1
    return out[::-1]


def _distance(expected: Any, actual: Any) -> float:
    """The share of two rows' fields that differ (0: same; 1: nothing in common)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        names = expected.keys() | actual.keys()
        if not names:
            return 0.0
        differ = sum(1 for k in names if k not in actual
                     or (actual[k] is not None if k not in expected
                         else not _same(expected[k], actual[k])))
        return differ / len(names)
    return 0.0 if _same(expected, actual) else 1.0


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict | list) or isinstance(actual, dict | list):
        return not diff(expected, actual)
    return expected == actual or _same_number(expected, actual)


def _key(value: Any) -> str:
    """A row's text for finding equal rows: decimals that are the same number match."""
    def canonical(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: canonical(x) for k, x in v.items()}
        if isinstance(v, list):
            return [canonical(x) for x in v]
        if isinstance(v, str) and _DECIMAL.fullmatch(v):
            number = Decimal(v)
            return ("decimal", str(number.normalize()) if number else "0")
        return v

    return json.dumps(canonical(value), sort_keys=True, ensure_ascii=False)


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # "Kästner", not "K\u00e4stner"


_DECIMAL = re.compile(r"-?\d+\.\d+")


#: A whole number written as a string without a leading zero ("1250", not "007").
_WHOLE = re.compile(r"-?(?:0|[1-9]\d*)")


def _same_number(expected: Any, actual: Any) -> bool:
    """Two numbers are the same when their values are, however written, as long as one of
    them is a decimal or the value read is a JSON number (the field is numeric, ``int``):
    "5010.670" and "5010.67", "1250" and "1250.00", the JSON number 40578.51 and
    "40578.51", an expected "8" and the int 8 read. Without a decimal on either side and
    a text read ("007" and "7"; identifiers) they are compared as text."""
    def number(v: Any) -> Decimal | None:
        if isinstance(v, bool):
            return None
        if isinstance(v, int | float):
            return Decimal(str(v))
        if isinstance(v, str) and (_DECIMAL.fullmatch(v) or _WHOLE.fullmatch(v)):
            return Decimal(v)
        return None

    def decimal(v: Any) -> bool:
        return isinstance(v, float) or (isinstance(v, str) and bool(_DECIMAL.fullmatch(v)))

    a, b = number(expected), number(actual)
    numeric = isinstance(actual, int | float) and not isinstance(actual, bool)
    return a is not None and b is not None and (decimal(expected) or decimal(actual)
                                                or numeric) and a == b


def run_golden(engine: Any, folders: list[Path], template: str | None = None,
               templates: list[str] | None = None) -> GoldenReport:
    """Run the golden tests of ``folders``: every document with ``template`` if given,
    classified among ``templates`` if given (both: ``template`` names one of them), else
    with its folder's templates (:func:`template_files_for`), else classified among
    ``engine``'s."""
    cases: list[GoldenCase] = []
    skipped: list[Path] = []
    # every file an installed loader reads (plugins add suffixes)
    suffixes = tuple(sorted({x.lower() for lo in engine.loaders() for x in lo.suffixes}
                            | set(DOC_SUFFIXES)))
    skipped_templates: dict[Path, str] = {}
    among: dict[tuple[str, ...], Any] = {}  # templates -> an engine classifying among them

    def plan(doc: Path, folder: Path) -> tuple[str | None, tuple[str, ...] | None]:
        """(the template to read ``doc`` with, the templates to classify it among; None:
        the engine's)."""
        if templates:
            return template, tuple(templates)
        if template is not None:
            return (None, (template,)) if _classifies(template) else (template, None)
        found = template_files_for(doc, folder)
        if found is None:
            return None, None
        if len(found) == 1 and not _classifies(found[0]):
            return found[0], None
        return None, tuple(found)  # several files, or a file of several templates

    def runner_for(group: tuple[str, ...] | None) -> Any:
        if group is None:
            return engine
        if group not in among:
            among[group] = engine.among(list(group))
            _ = among[group].templates  # a broken one stops the run
        return among[group]

    not_documents: list[Path] = []
    for folder in folders:
        found, without = find_cases(folder, suffixes)
        not_documents += [d for d in without if d.suffix.lower() in TEXT_SUFFIXES]
        without = [d for d in without if d.suffix.lower() not in TEXT_SUFFIXES]
        skipped += without
        for doc in without:
            options = _options(*plan(doc, folder))
            if options:
                skipped_templates[doc] = options
        for case in found:
            source, group = plan(case.document, folder)
            runner = runner_for(group)
            # a broken template stops the run
            tpl = runner.template(source) if source is not None else None
            try:
                expected = json.loads(case.expected.read_text(encoding="utf-8"))
                if is_packet_record(expected):
                    _run_packet(case, expected, runner if source is None
                                else runner_for(group or (source,)))
                    cases.append(case)
                    continue
                _run_document(case, expected, runner, tpl,
                              library=group is None and engine._template_refs is None)
            except json.JSONDecodeError as exc:
                case.error = f"{case.expected}: invalid JSON: {exc}"
            except FormsiftError as exc:
                case.error = str(exc)
            cases.append(case)
    return GoldenReport(cases, skipped, skipped_templates, not_documents)


#: The keys of an expected JSON that pins the template and status of a document, as
#: ``formsift extract --record --with-status`` writes it (``source`` and ``reasons`` are
#: not compared: where the file was, and the reasons' wording; ``params`` are what it is
#: extracted with).
_PINNED_KEYS = frozenset({"source", "status", "template", "reasons", "params", "record"})


def is_pinned_record(expected: Any) -> bool:
    """Whether an expected JSON names the template (or status) that must read the
    document beside its record (``{"template": ..., "status": ..., "record": {...}}``, as
    ``formsift extract --record --with-status`` writes it), not the plain record."""
    return isinstance(expected, dict) and isinstance(expected.get("record"), dict) \
        and bool(expected.keys() & {"template", "status"}) \
        and expected.keys() <= _PINNED_KEYS


def _run_document(case: GoldenCase, expected: Any, runner: Any, tpl: Any, *,
                  library: bool) -> None:
    """One document's golden test: its record compared with the expected one (and its
    template and status, when the expected JSON names them), then validated against its
    template's schema."""
    import jsonschema

    from formsift.templates.params import RecordedParams
    from formsift.templates.schema import record_schema

    given = expected.get("params") if is_pinned_record(expected) else None
    result = runner.extract(case.document, tpl,  # the parameters it was extracted with
                            params=RecordedParams(given) if isinstance(given, dict) else None)
    record = result.record()
    if tpl is None:
        case.classified_as = result.template or "(unknown document)"
        case.among_library = library
    case.status = result.status.value
    case.reasons = list(dict.fromkeys(r.code for r in result.reasons))
    pinned = is_pinned_record(expected)
    case.diffs = []
    if pinned and "template" in expected and expected["template"] != result.template:
        want, got = expected["template"], result.template
        case.diffs.append(
            f"template: read by {_named(got)}, expected {_named(want)}"
            + (f" ({', '.join(case.reasons)})" if case.reasons else ""))
    if pinned and "status" in expected and expected["status"] != case.status:
        case.diffs.append(f"status: got {case.status!r}"
                          + (f" ({', '.join(case.reasons)})" if case.reasons else "")
                          + f", expected {expected['status']!r}")
    case.diffs += diff(expected["record"] if pinned else expected, record)
    if result.template is not None:
        schema = record_schema(tpl if tpl is not None else next(
            t for t in runner.templates if t.name == result.template))
        for err in jsonschema.Draft202012Validator(schema).iter_errors(record):
            case.diffs.append(f"schema: {err.json_path}: {err.message}")


def _named(template: str | None) -> str:
    return f"template '{template}'" if template is not None else "no template (unknown " \
                                                                  "document)"


def is_packet_record(expected: Any) -> bool:
    """Whether an expected JSON is a packet's, as ``formsift extract --split --record``
    writes it (the packet template, its documents' records), not one document's record."""
    return isinstance(expected, dict) and isinstance(expected.get("documents"), list) \
        and "packet" in expected and "unassigned_pages" in expected


def _run_packet(case: GoldenCase, expected: dict[str, Any], runner: Any) -> None:
    """A packet's golden test: the file split into its documents, its record compared with
    the expected one (where the file was when that was written, ``source``, aside), each
    document's record validated against its template's schema."""
    import jsonschema

    from formsift.templates.schema import record_schema

    result = runner.extract_packet(case.document)
    actual = result.record()
    case.packet = result.packet or ""
    case.status = result.status.value
    case.reasons = list(dict.fromkeys(r.code for r in result.reasons))
    case.diffs = diff({k: v for k, v in expected.items() if k != "source"},
                      {k: v for k, v in actual.items() if k != "source"})
    templates = {t.name: t for t in runner.templates}
    for i, d in enumerate(result.documents):
        if d.template in templates:
            schema = record_schema(templates[d.template])
            for err in jsonschema.Draft202012Validator(schema).iter_errors(d.result.record()):
                case.diffs.append(f"schema: documents[{i}].record{err.json_path[1:]}: "
                                  f"{err.message}")
