"""The semantic checker and compiler: AST + installed components -> CompiledTemplate.

Every problem in a file is reported in one run, each at its line and column, with a
did-you-mean hint where a near name exists.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from formsift.core.components import Component, ComponentKind
from formsift.core.contracts import ContractError
from formsift.core.geometry import Box
from formsift.core.kinds import FieldType, ParseContext
from formsift.core.locale import get_locale
from formsift.core.plugins import PluginRegistry
from formsift.grammar import ast as A
from formsift.grammar.diagnostics import DiagnosticSink
from formsift.templates import accepted, valid_regexes
from formsift.templates import model as M
from formsift.templates.file_args import resolve_file_args
from formsift.templates.params import compile_params
from formsift.templates.rules import (
    AGGREGATES,
    LOOKUP,
    NUMERIC,
    PAGE_ROWS,
    PREVIOUS,
    SPECIAL,
    TypeEnv,
    blank_terms,
    key_bucket,
    kind_fits,
    map_function,
    referenced_names,
    show_kind,
    typecheck,
    uses_tolerance,
)
from formsift.util.currencies import (
    currency_problem,
    expected_currency,
    mismatched_currency,
    withdrawn_note,
)
from formsift.util.safe_regex import compile_pattern, named_groups
from formsift.util.suggest import did_you_mean


def source_hash(source: str) -> str:
    """The hash a compiled template carries of the file text it was compiled from
    (``source_hash``: its audit names it; ``explain`` checks the file is unchanged)."""
    return "sha256:" + hashlib.sha256(source.encode()).hexdigest()[:16]


_STAGE_KINDS = {
    "preprocess": ComponentKind.PREPROCESSOR,
    "segment": ComponentKind.SEGMENTER,
    "recognize": ComponentKind.RECOGNIZER,
}
#: How ``combine`` makes one value of a field's candidates, and the value kinds it takes.
COMBINE: dict[str, tuple[str, ...]] = {
    "sum": ("number", "money"), "min": ("number", "money", "date"),
    "max": ("number", "money", "date"), "first": (), "last": (), "join": ("text",)}


#: Template files copied from elsewhere (a batch worker's private copy of the templates
#: it was given) -> the folder of the original, where relative file options point.
TEMPLATE_FOLDERS: dict[str, str] = {}


#: A field type that gives values of a kind, for hints (``number``: ``decimal``).
_TYPE_OF_KIND = {"money": "money", "date": "date", "time": "time", "text": "text",
                 "number": "decimal", "bool": "checkbox"}


#: Cells a column of numbers, amounts or dates reads whole, tried against a column of
#: codes on the same header (:meth:`Compiler.shared_headers`).
_CELL_SAMPLES = ("0045127", "12345", "12.50", "2026-01-04")
#: What a number leaves in a cell of two parts (12 EA): a column of codes that reads it
#: reads its own part of the cell.
_UNIT_SAMPLES = ("EA", "KG", "pcs")


def _same_header(a: tuple[str | A.Regex, ...], b: tuple[str | A.Regex, ...]) -> bool:
    """Whether two columns' header labels share an alternative (text compared
    case-folded)."""
    def keys(label: tuple[str | A.Regex, ...]) -> set[object]:
        return {o.casefold().strip() if isinstance(o, str) else (o.pattern, o.flags)
                for o in label}
    return bool(keys(a) & keys(b))


def _reads(col: M.ColumnSpec, text: str, ctx: ParseContext) -> bool:
    """Whether ``col``'s type reads the whole of ``text`` as a value (a plugin type that
    raises on a sample reads none of it here: its bug is named when a document is read,
    not as an internal error of ``formsift check``)."""
    try:
        return col.type.parse(text, ctx) is not None
    except Exception:
        return False


class Compiler:
    """Checks and compiles the templates of one file against a plugin registry."""

    def __init__(self, registry: PluginRegistry, sink: DiagnosticSink,
                 known: dict[str, M.CompiledTemplate] | None = None) -> None:
        self.registry = registry
        self.sink = sink
        #: Templates packets may name besides the file's own (default: the library's).
        self.known = known
        #: The packets of the last compiled file.
        self.packets: list[M.CompiledPacket] = []
        #: The repeated roles of the packet being compiled: role -> how it is declared
        #: (``payslip_uk[2..3]``), for its rules' checks.
        self.repeated: dict[str, str] = {}
        # the validators' rule functions, listed (and their problems reported) by the
        # registry when it found the plugins
        self.functions: dict[str, Any] = {n: fn for n, (fn, _) in registry.functions.items()}
        #: Function name -> the validator component that provides it (for the audit).
        self.owners: dict[str, str] = {n: v for n, (_, v) in registry.functions.items()}

    # ------------------------------------------------------------------ entry points
    def compile_file(self, tf: A.TemplateFile) -> list[M.CompiledTemplate]:
        out = []
        seen: dict[str, A.Name] = {}
        for t in tf.templates:
            if t.name.text in seen:
                self.sink.error(t.name.span, f"template '{t.name.text}' is defined twice "
                                             f"(first on line {seen[t.name.text].span.line})")
            seen[t.name.text] = t.name
            compiled = self.template(t, tf)
            if compiled is not None:
                out.append(compiled)
        self.packets = []
        for p in tf.packets:
            if p.name.text in seen:
                self.sink.error(p.name.span, f"the name '{p.name.text}' is already used on "
                                             f"line {seen[p.name.text].span.line}")
            seen[p.name.text] = p.name
            self.packets.append(self.packet(p, tf, {t.name: t for t in out}))
        return out

    # ------------------------------------------------------------------ packets
    def _known_templates(self) -> dict[str, M.CompiledTemplate]:
        if self.known is None:
            from formsift.templates import LIBRARY, library_names, load_templates

            self.known = {}
            for name in library_names():
                for t in load_templates(LIBRARY / f"{name}.sift", self.registry):
                    self.known[t.name] = t
        return self.known

    def packet(self, p: A.PacketDecl, tf: A.TemplateFile,
               local: dict[str, M.CompiledTemplate]) -> M.CompiledPacket:
        settings: dict[str, Any] = {}
        for s in p.settings:
            if s.key not in ("title", "version", "description"):
                self.sink.error(s.span, f"'{s.key}' is a template setting; a packet takes "
                                        "title, version and description")
            elif s.key in settings:
                self.sink.error(s.span, f"'{s.key}' is set twice")
            settings[s.key] = s.value.value
        docs: list[M.PacketDocSpec] = []
        records: dict[str, dict[str, str]] = {}
        parts: dict[str, dict[str, dict[str, str]]] = {}
        #: every document's tables as role.table -> column -> kind (inv.items.qty)
        tables: dict[str, dict[str, str]] = {}
        optional: set[str] = set()
        for d in p.documents:
            if d.name.text in records or any(x.role == d.name.text for x in docs):
                self.sink.error(d.name.span, f"document '{d.name.text}' is declared twice")
                continue
            template = local.get(d.template.text) or self._known_templates().get(
                d.template.text)
            if template is None:
                names = [*local, *self._known_templates()]
                hint = did_you_mean(d.template.text, names)
                self.sink.error(d.template.span, f"unknown template '{d.template.text}'",
                                f"did you mean '{hint}'?" if hint else
                                "templates: " + ", ".join(sorted(names)))
                records[d.name.text] = {}
                continue
            at_least, at_most = (0 if d.optional else 1), 1
            if d.count is not None:
                at_least, at_most = d.count
                written = f"{d.template.text}[{at_least}..{'' if at_most is None else at_most}]"
                if at_most is not None and (at_most < at_least or at_most == 0):
                    self.sink.error(d.span, f"'{written}' takes no document" if at_most == 0
                                    else f"'{written}': the most ({at_most}) is below the "
                                         f"least ({at_least})",
                                    "write TEMPLATE[LEAST..MOST] (payslip_uk[2..3]), "
                                    "TEMPLATE[LEAST..] for no limit, TEMPLATE[] for one or "
                                    "more")
                    at_most = None
                self.repeated[d.name.text] = written if at_most is not None or \
                    at_least != 1 else f"{d.template.text}[]"
            docs.append(M.PacketDocSpec(d.name.text, template.name, d.optional,
                                        at_least, at_most, d.count is not None))
            records[d.name.text] = {n: f.type.value_kind for n, f in template.fields.items()
                                    if not f.repeated}
            parts[d.name.text] = {n: dict(f.type.attributes)
                                  for n, f in template.fields.items()
                                  if f.type.attributes and not f.repeated}
            for tname, tb in template.tables.items():
                tables[f"{d.name.text}.{tname}"] = {c.name: c.type.value_kind
                                                     for c in tb.columns}
                optional |= {f"{d.name.text}.{tname}.{c.name}" for c in tb.columns
                             if c.optional}
        if not p.documents:
            self.sink.error(p.name.span, f"packet '{p.name.text}' declares no document",
                            "write: document NAME: TEMPLATE")
        params = compile_params(p.params, self.field_type, ParseContext(get_locale("en")),
                                self.sink)
        env = TypeEnv({}, tables, {r.name.text for r in p.rules}, self.functions,
                      records=records, parts=parts, packet=True,
                      params={n: x.rule_kind for n, x in params.items()})
        rules = []
        for r in p.rules:
            walked = r.each.text if r.each is not None and r.each_role is None else None
            rules.append(self.rule(r, self.role_env(env, r.expr, walked), tf))
        policies = [self.policy(x, self.role_env(env, x.expr, None, policy=True), tf)
                    for x in p.policies]
        self.repeated = {}
        version = settings.get("version", "1")
        return M.CompiledPacket(
            name=p.name.text, title=str(settings.get("title", p.name.text)),
            version=str(version), path=tf.path,
            source_hash=source_hash(tf.source),
            documents=docs, rules=rules, policies=policies, functions=self.functions,
            optional_columns=optional, params=params)

    def role_env(self, env: TypeEnv, expr: A.Expr, walked: str | None,
                 policy: bool = False) -> TypeEnv:
        """The types a packet rule (or policy) is checked with: a repeated role
        (``pays: payslip_uk[2..3]``) that the rule aggregates (``avg(pays.gross)``,
        ``count(pays)``) is a table of one row per document there, its fields the
        columns; in its own ``each pays:`` rule ``pays.gross`` is one document's. A role
        read otherwise is reported (:meth:`repeated_refs`) and typed no further."""
        reported, aggregated = self.repeated_refs(expr, walked, env.records, policy)
        if not reported and not aggregated:
            return env
        records, parts, tables = dict(env.records), dict(env.parts), dict(env.tables)
        fields = dict(env.fields)
        for role in reported:  # 'any': one error about it is enough
            records[role], fields[role] = {}, "any"
            parts.pop(role, None)
        for role in aggregated - reported:
            tables[role] = dict(env.records[role])
            if role != walked:
                records.pop(role, None)
                parts.pop(role, None)
        return TypeEnv(fields, tables, env.rules, env.functions, records=records,
                       parts=parts, packet=True, params=env.params)

    def repeated_refs(self, expr: A.Expr, walked: str | None,
                      records: dict[str, dict[str, str]], policy: bool = False
                      ) -> tuple[set[str], set[str]]:
        """A packet rule reads a repeated role's documents one by one, in ``each ROLE:``
        (``walked``), or all at once in an aggregate (``sum(pays.gross)``: a field of each
        document; ``count(pays)``: how many): anywhere else ``pays.gross`` would not say
        which payslip. Returns the roles reported and the roles aggregated."""
        reported: set[str] = set()
        aggregated: set[str] = set()
        read: set[int] = set()  # the Ref nodes an aggregate reads
        for n in A.walk(expr):
            if not (isinstance(n, A.FuncCall) and n.name.text in AGGREGATES
                    and len(n.args) == 1 and isinstance(n.args[0], A.Ref)
                    and n.args[0].name.text in self.repeated):
                continue
            ref, func = n.args[0], n.name.text
            role = ref.name.text
            fields = records.get(role, {})
            if ref.attr is None:
                if func != "count":
                    continue  # sum(pays): reported below
            elif role == walked:
                reported.add(role)
                self.sink.error(ref.span, f"inside 'each {role}:' '{ref.dotted}' is one "
                                          f"document's value: {func}() has no list to read",
                                f"an aggregate over every {role} document is a rule of "
                                f"its own, outside 'each {role}': rule {role}_{func}: "
                                f"{func}({ref.dotted}) ...")
            elif ref.part is not None:
                reported.add(role)
                self.sink.error(ref.span, f"{func}() over '{role}' reads a field of each "
                                          f"document, not a part of one ('{ref.dotted}')",
                                f"write {func}({role}.FIELD), or check the part with "
                                f"'each {role}: {ref.dotted} ...'")
            elif ref.attr.text not in fields:
                reported.add(role)
                hint = did_you_mean(ref.attr.text, fields)
                self.sink.error(ref.attr.span, f"'{role}' has no field '{ref.attr.text}'",
                                f"did you mean '{hint}'?" if hint else
                                "fields: " + ", ".join(fields))
            read.add(id(ref))
            read |= self.picked_refs(n, role)
            aggregated.add(role)
        for n in A.walk(expr):
            if not isinstance(n, A.Ref) or n.name.text not in self.repeated \
                    or n.name.text == walked or id(n) in read or n.name.text in reported:
                continue
            role = n.name.text
            reported.add(role)
            field = n.attr.text if n.attr is not None else next(
                (f for f, k in records.get(role, {}).items() if k in NUMERIC), "FIELD")
            whole = (f"; or all of them at once: sum({role}.{field}), avg(...), min, max, "
                     f"first, last, count({role}), count({role} where {role}.{field} == ...)")
            self.sink.error(n.span, f"'{role}' holds several documents "
                                    f"({self.repeated[role]}): a rule reads them one by one",
                            f"a policy reads one value each: write a rule 'each {role}: "
                            f"...' (a failed rule sends the packet to review)" + whole
                            if policy else
                            f"write the rule as 'each {role}: ...', where {role}.FIELD is "
                            f"each document's" + (f" (this rule walks '{walked}'; a rule "
                                                  f"walks one role)" if walked else "")
                            + whole)
        return reported, aggregated

    @staticmethod
    def picked_refs(call: A.FuncCall, role: str) -> set[int]:
        """The ``ROLE.FIELD`` references (their ids) of an aggregate's ``where`` over a
        repeated role: each is the field of the document the condition is asked of
        (``count(rc where rc.total == amount)``: the receipts of a claim line's amount)."""
        if call.where is None:
            return set()
        return {id(m) for m in A.walk(call.where)
                if isinstance(m, A.Ref) and m.name.text == role and m.attr is not None}

    def template(self, t: A.TemplateDecl, tf: A.TemplateFile) -> M.CompiledTemplate | None:
        settings = self.settings(t)
        ctx = settings.pop("_ctx")
        self.check_names(t)
        regions = {r.name.text: self.region(r) for r in t.regions}
        fields = {}
        for f in t.fields:
            spec = self.field(f, ctx, regions)
            if spec is not None:
                fields[f.name.text] = spec
        tables = {}
        for tb in t.tables:
            spec_t = self.table(tb, ctx, regions)
            if spec_t is not None:
                tables[tb.name.text] = spec_t
        for g in t.groups:
            spec_g = self.group(g, ctx, regions)
            if spec_g is not None:
                tables[g.name.text] = spec_g
        _place_types(t.name.text, fields, tables)
        stages = [self.stage(s) for s in t.stages]
        match = self.match(t.match) if t.match else None
        functions = {**self.functions, **self.maps(t)}
        params = compile_params(t.params, self.field_type, ctx, self.sink)
        env = self.type_env(t, fields, tables, functions)
        env.params = {n: p.rule_kind for n, p in params.items()}
        for tb in t.tables:
            self.column_defaults(tb, env)
        rules = [self.rule(r, env, tf) for r in t.rules]
        for r in t.rules:
            self.blank_arithmetic(r, fields, tables)
        policies = [self.policy(p, env, tf) for p in t.policies]
        compiled = M.CompiledTemplate(
            name=t.name.text,
            title=str(settings.get("title", t.name.text)),
            version=str(settings.get("version", "1")),
            path=tf.path,
            source_hash=source_hash(tf.source),
            context=ctx,
            match=match,
            stages=[s for s in stages if s is not None],
            regions=regions,
            fields=fields,
            tables=tables,
            rules=rules,
            policies=policies,
            functions=functions,
            validators=self.owners,
            description=str(settings.get("description", "")),
            normalize=self.normalize(t.normalize),
            # (documents' dates: a language's locale, "en", states its order too)
            date_order_stated="date_order" in settings
            or ("locale" in settings and not ctx.locale.both_orders),
            marks_stated="decimal" in settings or "thousands" in settings,
            duplicates=str(settings.get("duplicates", "")),
            fallback=settings.get("fallback") is True,
            params=params,
        )
        self.check_hints(compiled, t)
        if compiled.duplicates and not {"seen_before", "last_seen"} & set(
                compiled.functions_called()):  # last_seen's series are shared by it too
            s = next(s for s in t.settings if s.key == "duplicates")
            self.sink.warning(s.span, "'duplicates' names where seen_before and last_seen "
                                      "look, but no rule of this template calls either",
                              "add a rule such as: rule first_time: not seen_before(invoice_no)")
        return compiled

    def check_hints(self, compiled: M.CompiledTemplate, t: A.TemplateDecl) -> None:
        """A warning when the template's ``handwritten`` hints would not be read as
        handwriting by its pipeline (core.routing adds what they need when it can)."""
        from formsift.core.routing import ignored_hints

        problem = ignored_hints(compiled, self.registry)
        if problem is None:
            return
        segment = next((s for s in t.stages if s.stage == "segment"), None)
        self.sink.warning(segment.span if segment is not None else t.name.span, *problem)

    # ------------------------------------------------------------------ header
    def settings(self, t: A.TemplateDecl) -> dict[str, Any]:
        values: dict[str, Any] = {}
        seen: dict[str, A.Setting] = {}
        for s in t.settings:
            if s.key in seen:
                self.sink.error(s.span, f"'{s.key}' is set twice (first on line "
                                        f"{seen[s.key].span.line})")
            seen[s.key] = s
            v = s.value.value
            if s.key in ("title", "description", "locale", "currency", "decimal", "thousands",
                         "date_order", "duplicates") and not isinstance(v, str):
                self.sink.error(s.value.span, f"'{s.key}' takes a \"quoted text\"")
                continue
            if s.key == "version" and not isinstance(v, (str, Decimal)):
                self.sink.error(s.value.span, "'version' takes a number or a \"text\"")
                continue
            if s.key == "fallback" and not isinstance(v, bool):
                self.sink.error(s.value.span, "'fallback' takes true or false",
                                "fallback true: classification considers the template only "
                                "when no other template fits the document")
                continue
            values[s.key] = v
        if "duplicates" in values and not (
                isinstance(values["duplicates"], str)
                and 0 < len(values["duplicates"].strip()) <= 100):
            self.sink.error(seen["duplicates"].value.span,
                            "'duplicates' takes a name of 1 to 100 characters, the same in "
                            "every template whose documents may be copies of each other")
        locale = get_locale("en")
        if "locale" in values:
            try:
                locale = get_locale(values["locale"])
            except ValueError as exc:
                self.sink.error(seen["locale"].value.span, str(exc))
        overrides = {}
        for key in ("decimal", "thousands"):
            if key in values:
                if len(values[key]) > 1:
                    self.sink.error(seen[key].value.span, f"'{key}' takes one character")
                overrides[key] = values[key]
        if "date_order" in values:
            if values["date_order"] not in ("DMY", "MDY", "YMD"):
                self.sink.error(seen["date_order"].value.span,
                                "date_order is one of \"DMY\", \"MDY\", \"YMD\"")
            else:
                overrides["date_order"] = values["date_order"]
        if overrides.get("decimal") and overrides.get("decimal") == (
                overrides.get("thousands") or locale.thousands):
            self.sink.error(seen["decimal"].span,
                            "decimal and thousands separators must differ")
        currency = values.get("currency")
        problem = currency_problem(currency) if currency is not None else None
        if problem is not None:
            self.sink.error(seen["currency"].value.span, problem)
            currency = None
        elif currency is not None and (note := withdrawn_note(currency)):
            self.sink.warning(seen["currency"].value.span, note)
        if currency == "USD" and "locale" not in values and "date_order" not in values:
            # the default order is day first: a US supplier's 03/04/2024 (4 March) would
            # be read as 3 April without a word
            self.sink.warning(seen["currency"].span, "numeric dates are read day first "
                              "(03/04/2024 is 3 April) unless the template says otherwise",
                              'for US documents add: locale "en_US" (or date_order "MDY"); '
                              'for day-first ones: date_order "DMY"')
        elif "date_order" not in values and (
                locale.both_orders or (currency == "CAD" and "locale" not in values)):
            # Canada writes 12/04/2026 either way: such a date goes to review (or was read
            # day first without a word, before)
            self.sink.warning(seen["locale" if "locale" in values else "currency"].span,
                              "Canadian documents write numeric dates both day first and "
                              "month first: one that reads both ways (12/04/2026) goes to "
                              "review unless the template states its order",
                              'add date_order "MDY" (12/04/2026 is 4 December) or '
                              'date_order "DMY" if the template\'s documents write one')
        if "version" in values and isinstance(values["version"], Decimal):
            values["version"] = str(values["version"])
        # (for a parameter's date: a locale of a country that writes one order; a
        # language's alone, "en", names no country, and en_CA's writes both)
        stated = "date_order" in values or ("locale" in values and "_" in locale.tag
                                            and not locale.both_orders)
        values["_ctx"] = ParseContext(locale.with_overrides(**overrides), currency,
                                      date_order_stated=stated)
        return values

    def maps(self, t: A.TemplateDecl) -> dict[str, Any]:
        """The template's maps (``map approved_rate { "JS": 650.00 }``), each a rule
        function of one key (:func:`rules.map_function`): its keys all numbers or all
        texts, once each (as ``==`` compares them), its values of one kind."""
        out: dict[str, Any] = {}
        builtin = {*AGGREGATES, *SPECIAL, PREVIOUS, LOOKUP}
        for m in t.maps:
            name = m.name.text
            if name in builtin or name in self.functions:
                what = "a built-in function" if name in builtin else \
                    f"a function of the validator '{self.owners.get(name, '?')}'"
                self.sink.error(m.name.span, f"the map '{name}' is named like {what}",
                                "give the map another name")
                continue
            if not m.entries:
                self.sink.error(m.span, f"the map '{name}' has no entries",
                                f'write its keys and values: map {name} {{ "A": 1, "B": 2 }}')
                out[name] = map_function(name, [], "any", "any")  # (no errors where used)
                continue
            kinds: dict[str, set[str]] = {"key": set(), "value": set()}
            seen: dict[Any, A.Literal] = {}
            for key, value in m.entries:
                kinds["key"].add(_value_kind(key.value))
                kinds["value"].add(_value_kind(value.value))
                bucket = key_bucket(key.value)
                if bucket in seen:
                    from formsift.grammar.formatter import _lit

                    self.sink.error(key.span, f"the map '{name}' has the key "
                                              f"{_lit(key.value)} twice (first on line "
                                              f"{seen[bucket].span.line})",
                                    "keys are compared as == compares texts: ignoring case "
                                    "and the spaces around them, a name also as a "
                                    "machine-readable zone writes it (Anna-Lena is ANNA "
                                    "LENA, Müller is MUELLER); write each key once")
                seen.setdefault(bucket, key)
            bad = next((w for w, ks in kinds.items() if len(ks) > 1), None)
            if bad is not None:
                mixed = " and ".join(sorted(show_kind(k) for k in kinds[bad]))
                self.sink.error(m.span, f"the map '{name}' mixes {mixed} in its {bad}s",
                                f"write every {bad} of a map as a number, or every one as "
                                f'a "text"')
            out[name] = map_function(name, [(k.value, v.value) for k, v in m.entries],
                                     *(next(iter(k)) if len(k) == 1 else "any"
                                       for k in kinds.values()))
        return out

    def check_names(self, t: A.TemplateDecl) -> None:
        seen: dict[str, tuple[str, A.Name]] = {}
        for kind, names in (("region", [r.name for r in t.regions]),
                            ("field", [f.name for f in t.fields]),
                            ("table", [tb.name for tb in t.tables]),
                            ("group", [g.name for g in t.groups]),
                            ("map", [m.name for m in t.maps])):
            for n in names:
                if n.text in seen:
                    other_kind, other = seen[n.text]
                    self.sink.error(n.span, f"the name '{n.text}' is already used by the "
                                            f"{other_kind} on line {other.span.line}")
                else:
                    seen[n.text] = (kind, n)
        self.csv_names(t.name.text, [f.name for f in t.fields]
                       + [tb.name for tb in t.tables] + [g.name for g in t.groups])
        rule_names: dict[str, A.Name] = {}
        for r in t.rules:
            if r.name.text in rule_names:
                self.sink.error(r.name.span, f"rule '{r.name.text}' is defined twice (first "
                                             f"on line {rule_names[r.name.text].span.line})")
            rule_names[r.name.text] = r.name

    def csv_names(self, template: str, names: list[A.Name]) -> None:
        """A warning for each field, table or group of ``template`` named like a column
        the CSV exporters write themselves (``status``, ``source``): its column is
        renamed (:func:`formsift.plugins.exporters.csv_column`)."""
        from formsift.plugins.exporters import csv_column

        for n in names:
            column = csv_column(n.text)
            if column != n.text:
                self.sink.warning(n.span, (
                    f"'{n.text}' is a column formsift's CSV writes itself: "
                    f"-f csv and -f csv-rows name this one's column '{column}'"),
                    f"rename it ({template}_{n.text.lower()}, say) if a loader reads "
                    f"the CSV by column name")

    # ------------------------------------------------------------------ components
    def component(self, kind: ComponentKind, call: A.Call,
                  positional: str | None = None) -> Component | None:
        table = self.registry.of_kind(kind)
        name = call.name.text
        info = table.get(name)
        what = kind.value.replace("_", " ")
        if info is None and (clash := self.registry.conflict(kind, name)) is not None:
            message, _, hint = clash.partition("; ")  # two plugins register the name
            self.sink.error(call.name.span, message, hint)
            return None
        if info is None:
            hint = did_you_mean(name, table)
            self.sink.error(call.name.span, f"unknown {what} '{name}'",
                            f"did you mean '{hint}'?" if hint else
                            ("installed: " + ", ".join(sorted(table))) if table else
                            f"no {what} plugin is installed")
            return None
        cls = info.cls
        if positional is None:
            positional = getattr(cls, "positional", None)
        options: dict[str, Any] = {}
        spans: dict[str, A.Span] = {}
        fields_known = _option_names(cls.Options)
        for arg in call.args:
            if arg.name is None:
                if positional is None:
                    self.sink.error(arg.span, f"{what} '{name}' takes named options only",
                                    "write name=value; options: " + (", ".join(fields_known)
                                                                     or "none"))
                    continue
                key = positional
            else:
                key = arg.name.text
                if key not in fields_known:
                    hint = did_you_mean(key, fields_known)
                    self.sink.error(arg.name.span, f"{what} '{name}' has no option '{key}'",
                                    f"did you mean '{hint}'?" if hint else
                                    "options: " + (", ".join(fields_known) or "none"))
                    continue
            if key in options:
                several = arg.name is None and key == positional
                self.sink.error(arg.span, f"option '{key}' is given twice",
                                f"a list is written in brackets: {name}([...])"
                                if several else None)
                continue
            value = arg.value.value
            if isinstance(value, A.Regex):
                value = value.pattern
            options[key] = _plain(value)
            spans[key] = arg.span
        for key in getattr(cls, "path_options", ()):
            value = options.get(key)
            if isinstance(value, str) and value:
                found = self._file_option(value)
                if found is None:
                    self.sink.error(spans.get(key, call.span),
                                    f"{what} '{name}', option '{key}': no file {value!r}"
                                    + ("" if Path(value).expanduser().is_absolute() else
                                       " (a relative path is read from the template's "
                                       "folder)"))
                    return None
                options[key] = found
        for key in getattr(cls, "file_or_name_options", ()):
            if not self._file_or_name(options, key, spans.get(key, call.span), what, name):
                return None
        if isinstance(options.get("currency"), str) and (
                note := withdrawn_note(options["currency"])):
            self.sink.warning(spans.get("currency", call.span), note)
        try:
            opts = cls.Options(**options)
        except ValidationError as exc:
            for err in exc.errors():
                key = str(err["loc"][0]) if err["loc"] else ""
                span = spans.get(key, call.span)
                msg = err["msg"].removeprefix("Value error, ")
                self.sink.error(span, f"{what} '{name}', option '{key}': {msg}")
            return None
        try:
            return cls(opts)
        except Exception as exc:
            self.sink.error(call.span, f"{what} '{name}' rejected its options: {exc}")
            return None

    def _file_or_name(self, options: dict[str, Any], key: str, span: A.Span, what: str,
                      name: str) -> bool:
        """An option that names a file or something else (a word list: a file, or a
        language code): a file is read from where ``model=`` files are (the template's
        folder for a relative path) and the option gets its full path; a value that looks
        like a file (a suffix, a folder) and is not one is an error (False)."""
        value = options.get(key)
        if not isinstance(value, str) or not value:
            return True
        found = self._file_option(value)
        if found is not None:
            options[key] = found
            return True
        if not Path(value).suffix and Path(value).parent == Path("."):
            return True  # a name (a language code): its option checks it
        relative = not Path(value).expanduser().is_absolute()
        self.sink.error(span, f"{what} '{name}', option '{key}': no file {value!r}"
                        + (" (a relative path is read from the template's folder)"
                           if relative else ""))
        return False

    def _file_option(self, value: str) -> str | None:
        """A file an option names: absolute, or relative to the template's folder (for a
        template that is no file, the current folder); None when there is no such file."""
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = self._folder() / path
        return str(path.resolve()) if path.is_file() else None

    def _folder(self) -> Path:
        """The folder a relative path in the template is read from: the template file's
        (for a template that is no file, the current folder)."""
        here = Path(self.sink.path)
        base = here.parent if not self.sink.path.startswith("<") and here.parent.is_dir() \
            else Path.cwd()
        return Path(TEMPLATE_FOLDERS.get(self.sink.path, base))

    def stage(self, s: A.Stage) -> M.StageSpec | None:
        kind = _STAGE_KINDS[s.stage]
        comps = [self.component(kind, c) for c in s.calls]
        return M.StageSpec(s.stage, [c for c in comps if c is not None])

    # ------------------------------------------------------------------ layout
    def box(self, area: A.BoxArea) -> Box | None:
        values = []
        for c in area.coords:
            v = c.fraction
            if not 0 <= v <= 1:
                self.sink.error(c.span, "coordinates are 0..1 or 0%..100% of the page")
                return None
            values.append(v)
        x0, y0, x1, y1 = values
        if x1 <= x0 or y1 <= y0:
            self.sink.error(area.span, "box(x0, y0, x1, y1) needs x0 < x1 and y0 < y1")
            return None
        return Box(x0, y0, x1, y1)

    def label(self, label: A.Label) -> tuple[str | A.Regex, ...]:
        for opt in label.options:
            if isinstance(opt, str) and not opt.strip():
                self.sink.error(label.span, "a label cannot be empty")
            elif isinstance(opt, A.Regex):
                self.regex(opt)
        return label.options

    def regex(self, r: A.Regex) -> None:
        if valid_regexes.known(r.pattern, r.flags):
            return  # compiled before with this regex release: compiled when first used
        try:
            compile_pattern(r.pattern, r.flags)
        except Exception as exc:  # regex.error
            self.sink.error(r.span, f"invalid regex: {exc}")
        else:
            valid_regexes.remember(r.pattern, r.flags)

    def region(self, r: A.Region) -> M.RegionSpec:
        pages = M.PageScope.from_ast(r.pages)
        self.pages(r.pages)
        if isinstance(r.area, A.BoxArea):
            return M.RegionSpec(r.name.text, pages, box=self.box(r.area))
        size = None
        if r.area.size:
            size = (r.area.size[0].fraction, r.area.size[1].fraction)
            if not all(0 < v <= 1 for v in size):
                self.sink.error(r.area.span, "size(width, height) is within 0..1 or 0%..100%")
        return M.RegionSpec(r.name.text, pages, direction=r.area.direction,
                            label=self.label(r.area.label), size=size)

    def pages(self, sel: A.PageSel | None) -> None:
        if sel is None:
            return
        if sel.which in ("number", "range") and (sel.start < 1 or sel.end < sel.start):
            self.sink.error(sel.span, "page numbers start at 1, and a range goes upwards")

    def region_ref(self, name: A.Name, regions: dict[str, M.RegionSpec]) -> str | None:
        if name.text not in regions:
            hint = did_you_mean(name.text, regions)
            self.sink.error(name.span, f"unknown region '{name.text}'",
                            f"did you mean '{hint}'?" if hint else
                            ("regions: " + ", ".join(regions)) if regions else
                            "declare it with: region NAME = box(...)")
            return None
        return name.text

    # ------------------------------------------------------------------ fields
    def field_type(self, ref: A.TypeRef) -> FieldType | None:
        comp = self.component(ComponentKind.FIELD_TYPE, ref.call)
        return comp if isinstance(comp, FieldType) or comp is None else None

    def label_currency(self, f: A.FieldDecl, ftype: Any,
                       placed: list[tuple[A.Locator, M.LocatorSpec]], ctx: ParseContext
                       ) -> None:
        """A warning for a money field whose label names another currency than the one the
        field expects (``right of "Total: USD"`` in an ARS template): the code in a label is
        not read as the amount's currency, so a document in that currency would pass as
        one in the expected currency."""
        if ftype is None or getattr(ftype, "value_kind", None) != "money":
            return
        expected = expected_currency(ftype, ctx)
        if expected is None:
            return
        from formsift.plugins.fieldtypes.amounts import CURRENCY_CODES

        for loc, located in placed:
            for option in located.label:
                if not isinstance(option, str):
                    continue
                codes = [w for w in re.findall(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])", option)
                         if w != expected and w in CURRENCY_CODES]
                if codes:
                    self.sink.warning(loc.span, (
                        f"the label \"{option}\" names {codes[0]}, but '{f.name.text}' "
                        f"expects {expected}: a code in a label is not read as the amount's "
                        f"currency, so an amount in {codes[0]} would be taken for {expected}"),
                        f"leave the code out of the label (right of \"Total\"): a code "
                        f"beside the amount is read, and one that is not {expected} is a "
                        f"currency_mismatch")
                    return

    def field(self, f: A.FieldDecl, ctx: ParseContext,
              regions: dict[str, M.RegionSpec]) -> M.FieldSpec | None:
        ftype = self.field_type(f.type)
        locators = []
        placed: list[tuple[A.Locator, M.LocatorSpec]] = []
        for loc in f.locators:
            spec = self.locator(loc, regions)
            if spec is not None:
                locators.append(spec)
                placed.append((loc, spec))
            if spec is not None and spec.kind == "constant" and ftype is not None:
                try:  # a stated value must be a value of the field's type
                    ftype.parse(str(spec.value).lower() if isinstance(spec.value, bool)
                                else str(spec.value), ctx)
                except (ValueError, ContractError) as exc:
                    self.sink.error(loc.span, f"value for '{f.name.text}' is not a valid "
                                              f"{f.type.call.name.text}: {exc}")
        spec = M.FieldSpec(f.name.text, ftype, f.type.call.name.text,  # type: ignore[arg-type]
                           f.type.cardinality, locators)
        self.label_currency(f, ftype, placed, ctx)
        if ftype is not None and ftype.reads_image:
            for loc, located in placed:
                if located.kind not in ("box", "region", "constant"):
                    # a signature is ink in an area, never words beside a label: it was
                    # always null, with no word why
                    self.sink.error(loc.span, f"a {f.type.call.name.text} is read from the "
                                              f"pixels of an area, not from words: locate "
                                              f"it with box(...) or in a region",
                                    f'region sign_box = right of "Signature:" size(30%, '
                                    f'6%)  then  field {f.name.text}: '
                                    f'{f.type.call.name.text} = in sign_box')
        seen: set[str] = set()
        for m in f.modifiers:
            if m.kind in seen:
                self.sink.error(m.span, f"'{m.kind}' is given twice for field '{f.name.text}'",
                                "a field has one pattern: join alternatives in one regex, "
                                "/A|B/" if m.kind == "pattern" else None)
            seen.add(m.kind)
            if m.kind == "scope" and m.region is not None:
                spec.scope = self.region_ref(m.region, regions)
            elif m.kind == "pattern" and m.regex is not None:
                self.regex(m.regex)
                spec.pattern = m.regex
            elif m.kind == "pages":
                self.pages(m.pages)
                spec.pages = M.PageScope.from_ast(m.pages)
            elif m.kind == "handwritten":
                spec.handwritten = True
            elif m.kind == "within" and m.coord is not None:
                spec.within = m.coord.fraction
            elif m.kind == "default" and m.value is not None:
                spec.default = self.default(m.value, ftype, ctx, f)
            elif m.kind in ("from", "until") and m.label is not None:
                if not any(loc.kind == "search" for loc in f.locators):
                    self.sink.error(m.span, f"'{m.kind}' limits a search locator; field "
                                            f"'{f.name.text}' has none",
                                    "write: = search /regex/ from ... until ...")
                if m.kind == "from":
                    spec.block_from = self.label(m.label)
                else:
                    spec.block_until = self.label(m.label)
            elif m.kind == "combine" and m.name is not None:
                spec.combine = self.combine(m.name, ftype, f)
            elif m.kind == "each_line":
                if not any(loc.kind == "search" for loc in f.locators):
                    self.sink.error(m.span, f"'each line' applies to a search locator; field "
                                            f"'{f.name.text}' has none")
                spec.each_line = True
        if ftype is None:
            return None
        return spec

    def combine(self, name: A.Name, ftype: FieldType | None, f: A.FieldDecl) -> str | None:
        how = name.text
        if how not in COMBINE:
            hint = did_you_mean(how, COMBINE)
            self.sink.error(name.span, f"unknown way to combine values '{how}'",
                            f"did you mean '{hint}'?" if hint else
                            "one of: " + ", ".join(COMBINE))
            return None
        if f.type.cardinality == "[]":
            self.sink.error(name.span, "'combine' makes one value; a repeated field ('[]') "
                                       "keeps them all")
        kind = ftype.value_kind if ftype is not None else "any"
        allowed = COMBINE[how]
        if allowed and kind not in allowed and kind != "any":
            self.sink.error(name.span, f"cannot combine {kind} values with '{how}'",
                            "works on: " + ", ".join(allowed))
        return how

    def normalize(self, steps: list[A.NormStep]) -> tuple[Any, ...]:
        from formsift.templates.textview import NORMALIZE_STEPS, NormalizeStep

        out = []
        for st in steps:
            name = st.name.text
            if name == "replace" and st.regex is not None:
                self.regex(st.regex)
                out.append(NormalizeStep("replace", st.regex.pattern, st.regex.flags,
                                         st.replacement))
            elif name not in NORMALIZE_STEPS or name == "replace":
                hint = did_you_mean(name, NORMALIZE_STEPS)
                self.sink.error(st.name.span, f"unknown normalization step '{name}'",
                                f"did you mean '{hint}'?" if hint else
                                "steps: remove_spaces, remove_accents, lowercase, "
                                "replace /regex/ \"text\"")
            else:
                out.append(NormalizeStep(name))
        return tuple(out)

    def default(self, lit: A.Literal, ftype: FieldType | None, ctx: ParseContext,
                f: A.FieldDecl) -> Any:
        if ftype is None:
            return None
        raw = lit.value
        if isinstance(raw, A.Regex):
            self.sink.error(lit.span, "a default is a value, not a regex")
            return None
        if ftype.value_kind == "text" and not isinstance(raw, str):
            shown = str(raw).lower() if isinstance(raw, bool) else str(raw)
            self.sink.error(lit.span, f"default for '{f.name.text}' is text: write it in quotes",
                            f'write: default "{shown}"')
            return None
        try:
            value = ftype.parse(str(raw).lower() if isinstance(raw, bool) else str(raw), ctx)
        except (ValueError, ContractError) as exc:
            self.sink.error(lit.span, f"default for '{f.name.text}' is not a valid "
                                      f"{f.type.call.name.text}: {exc}")
            return None
        other = mismatched_currency(value, ftype, ctx)
        if other is not None:
            self.sink.error(lit.span, f"default for '{f.name.text}' is in {other}, not in the "
                                      "field's currency")
            return None
        return value

    def locator(self, loc: A.Locator, regions: dict[str, M.RegionSpec]) -> M.LocatorSpec | None:
        if loc.kind == "box":
            assert loc.box is not None
            b = self.box(loc.box)
            return M.LocatorSpec("box", box=b) if b else None
        if loc.kind in ("relative", "after"):
            assert loc.label is not None
            return M.LocatorSpec(loc.kind, direction=loc.direction, label=self.label(loc.label))
        if loc.kind == "region":
            assert loc.region is not None
            name = self.region_ref(loc.region, regions)
            return M.LocatorSpec("region", region=name) if name else None
        if loc.kind in ("pattern", "search"):
            assert loc.regex is not None
            self.regex(loc.regex)
            return M.LocatorSpec(loc.kind, regex=loc.regex)
        if loc.kind == "constant":
            assert loc.value is not None
            return M.LocatorSpec("constant", value=_plain(loc.value.value))
        return M.LocatorSpec("anywhere")

    # ------------------------------------------------------------------ tables
    def group(self, g: A.GroupDecl, ctx: ParseContext,
              regions: dict[str, M.RegionSpec]) -> M.TableSpec | None:
        """A ``group``: a table with no header, its columns the group's fields, each read
        beside a label (right of, left of, below, above, after) in each record's part of
        the page. Its first field's label starts each record."""
        if not g.fields:
            self.sink.error(g.span, f"group '{g.name.text}' has no fields",
                            'declare them as: field name: type = right of "Label:"')
            return None
        members: list[M.FieldSpec] = []
        seen: dict[str, A.Name] = {}
        for f in g.fields:
            if f.name.text in seen:
                self.sink.error(f.name.span, f"group '{g.name.text}' has field "
                                             f"'{f.name.text}' twice")
                continue
            seen[f.name.text] = f.name
            if f.type.cardinality == "[]":
                self.sink.error(f.type.span, f"a group's field has one value per record: "
                                             f"'{f.name.text}' cannot be repeated ('[]')",
                                "each record of the group is a row: each "
                                f"{g.name.text}: ... checks them one by one")
            for loc in f.locators:
                if loc.kind not in ("relative", "after"):
                    self.sink.error(loc.span, f"a group's field is read beside a label of "
                                              f"its record: '{f.name.text}' cannot be "
                                              f"located this way",
                                    'use right of, left of, below, above or after "Label"')
            for m in f.modifiers:
                if m.kind not in ("handwritten", "pattern", "within"):
                    self.sink.error(m.span, "a group's field takes the modifiers "
                                            "handwritten, pattern and within only",
                                    "bound the group's records with the labels that start "
                                    "them (its first field's)")
            spec = self.field(f, ctx, regions)
            if spec is not None:
                if spec.type is not None and spec.type.reads_image:
                    continue  # reported by field(): read from an area, not beside a label
                members.append(spec)
        if not members or len(members) != len(g.fields):
            return None
        cols = [M.ColumnSpec(m.name, m.type, m.type_name, (), m.optional, False,
                             m.handwritten) for m in members]
        return M.TableSpec(g.name.text, cols, group=members)

    def table(self, tb: A.TableDecl, ctx: ParseContext,
              regions: dict[str, M.RegionSpec]) -> M.TableSpec | None:
        if not tb.columns:
            self.sink.error(tb.span, f"table '{tb.name.text}' has no columns",
                            'declare them as: name: type header "Label"')
            return None
        cols = []
        seen: dict[str, A.Column] = {}
        skip: tuple[str | A.Regex, ...] = ()
        if tb.rows and not tb.blocks and all(k == "skip_line" for k, _ in tb.rows) \
                and any(c.header is not None for c in tb.columns):
            # a table read by its headers may still name lines that are no rows
            # ("Carried forward 1,234.00"): skip_line alone is no set of line rules
            skip = tuple(o for _, label in tb.rows for o in self.label(label))
            sets: list[M.RowRules] = []
        else:
            sets = self.row_sets(tb)
        rules = bool(sets)
        for c in tb.columns:
            if c.heading and (rules or c.header is not None):
                self.sink.error(c.name.span, f"column '{c.name.text}' is the heading above "
                                             "each row: it has no header, and the table "
                                             "is read by its other columns' headers",
                                'drop the header: name: text heading')
            elif c.heading and (c.multiline or c.handwritten or c.default is not None):
                self.sink.error(c.name.span, f"column '{c.name.text}' is the heading above "
                                             "each row, read from one printed line: it "
                                             "cannot be multiline, handwritten or have a "
                                             "default",
                                'write: name: text heading (or name: text? heading)')
            elif rules and c.header is not None:
                self.sink.error(c.header.span, "a table is read either by column headers or "
                                               "by line rules, not both",
                                "drop the header, or the line rules")
            elif not rules and c.header is None and c.default is None and not c.heading:
                # (a column with a default and no header is computed from its row's cells)
                self.sink.error(c.name.span, f"column '{c.name.text}' needs a header",
                                'write: name: type header "Label", or compute it from the '
                                "row: name: type default EXPR (or give the table line "
                                "rules: line /(?P<name>...)/)")
            if c.name.text in seen:
                self.sink.error(c.name.span, f"column '{c.name.text}' is declared twice")
            seen[c.name.text] = c
            ftype = self.field_type(c.type)
            if c.type.cardinality == "[]":
                self.sink.error(c.type.span, "a column cannot be repeated ('[]'); each row "
                                             "holds one value")
            if ftype is not None:
                cols.append(M.ColumnSpec(c.name.text, ftype, c.type.call.name.text,
                                         self.label(c.header) if c.header else (),
                                         c.type.cardinality == "?", c.multiline,
                                         c.handwritten, c.default, c.heading))
        self.shared_headers(cols, seen, ctx)
        region = self.region_ref(tb.region, regions) if tb.region else None
        until = self.label(tb.until) if tb.until else ()
        start = self.label(tb.start) if tb.start else ()
        if sets and tb.rows:  # the table's own from/until belong to its own line rules
            sets[0].start, sets[0].until = start, until
        return M.TableSpec(tb.name.text, cols, until, start, region, sets, skip)

    def shared_headers(self, cols: list[M.ColumnSpec], decls: dict[str, A.Column],
                       ctx: ParseContext) -> None:
        """A warning for a column of numbers, amounts or dates and a column of codes (an
        ``id``, a text with a pattern) on one header whose type reads the same cell whole
        (meter journey, finding 7: ``current: int`` and ``current_digits: id(/\\d+/)`` both
        under "Current reading"): the number column reads the cell first, and the other
        only what it leaves, nothing where the cell holds one value. (A number and a unit
        on one header, "12 EA", each read their own part: no warning for a column that
        reads a unit.)"""
        for text_col in cols:
            if text_col.type.value_kind != "text" or not text_col.header or not (
                    text_col.type_name != "text"
                    or getattr(text_col.type.options, "pattern", None)) \
                    or any(_reads(text_col, x, ctx) for x in _UNIT_SAMPLES):
                continue  # (a column that reads a unit, EA, takes what a number leaves)
            for first in cols:
                if first.type.value_kind in ("text", "bool") or first.heading \
                        or not _same_header(first.header, text_col.header):
                    continue
                sample = next((x for x in _CELL_SAMPLES if _reads(first, x, ctx)
                               and _reads(text_col, x, ctx)), None)
                if sample is None:
                    continue
                decl = decls[text_col.name]
                self.sink.warning(
                    decl.header.span if decl.header else decl.name.span,
                    f"columns '{first.name}' and '{text_col.name}' name the same header: "
                    f"'{first.name}' ({first.type_name}) reads its cells first, and "
                    f"'{text_col.name}' only what that leaves: nothing in a cell that holds "
                    f"one value (such as {sample})",
                    "two columns on one header are for a cell of two parts (a quantity and "
                    "its unit, 12 EA); to keep a number's leading zeros, type one column "
                    f"digits instead of both ({first.name}: digits)")
                break

    def column_defaults(self, tb: A.TableDecl, env: TypeEnv) -> None:
        """Each ``default EXPR`` of a column: computed from the row's cells (not fields),
        of a kind the column holds, and not from the column itself."""
        cols = env.tables.get(tb.name.text, {})
        row_env = TypeEnv({}, env.tables, set(), env.functions, row_table=tb.name.text)
        for c in tb.columns:
            if c.default is None:
                continue
            dotted = next((e for e in A.walk(c.default)
                           if isinstance(e, A.Ref) and e.attr is not None), None)
            if dotted is not None:
                self.sink.error(dotted.span, f"the default of column '{c.name.text}' reads "
                                             f"'{dotted.dotted}'; a default is computed from "
                                             "its own row's cells, named alone")
                continue
            if c.name.text in referenced_names(c.default):
                self.sink.error(c.default.span, f"the default of column '{c.name.text}' "
                                                "uses the column itself",
                                "a default is computed from the row's other cells")
                continue
            kind = typecheck(c.default, row_env, self.sink)
            want = cols.get(c.name.text, "any")
            if not kind_fits(kind, want) and not (want == "text" and kind in NUMERIC):
                self.sink.error(c.default.span,
                                f"the default of column '{c.name.text}' is {show_kind(kind)}; "
                                f"the column holds {show_kind(want)}", code="type")

    def row_sets(self, tb: A.TableDecl) -> list[M.RowRules]:
        out = []
        if tb.rows:
            out.append(M.RowRules({k: v.options for k, v in
                                   self.line_rules(tb, tb.rows, tb.span).items()}))
        for blk in tb.blocks:
            if not blk.rows:
                self.sink.error(blk.span, "a block needs line rules: line /(?P<column>...)/")
                continue
            rules = self.line_rules(tb, blk.rows, blk.span)
            out.append(M.RowRules({k: v.options for k, v in rules.items()},
                                  self.label(blk.start) if blk.start else (),
                                  self.label(blk.until) if blk.until else ()))
        return out

    def line_rules(self, tb: A.TableDecl, rows: tuple[tuple[str, A.Label], ...],
                   span: A.Span) -> dict[str, A.Label]:
        """One set of line rules, checked: each kind once, a ``line`` rule present, and
        every named group a column."""
        rules: dict[str, A.Label] = {}
        for kind, label in rows:
            if kind in rules:
                self.sink.error(label.span, f"'{kind}' is given twice in table "
                                            f"'{tb.name.text}'; join the regexes with '|'")
            rules[kind] = label
            self.label(label)
        if rules and "line" not in rules:
            self.sink.error(span, f"table '{tb.name.text}' has line rules but no 'line'",
                            "write: line /(?P<column>...)/")
        columns = [c.name.text for c in tb.columns]
        for kind, label in rules.items():
            if kind == "skip_line":
                continue
            for opt in label.options:
                if not isinstance(opt, A.Regex):
                    continue
                # a regex known to compile is read, not compiled (see valid_regexes)
                groups = named_groups(opt.pattern, opt.flags) \
                    if valid_regexes.known(opt.pattern, opt.flags) else None
                if groups is None:
                    try:
                        groups = tuple(compile_pattern(opt.pattern, opt.flags).groupindex)
                    except Exception:  # reported by self.label
                        continue
                for g in groups:
                    if g not in columns:
                        hint = did_you_mean(g, columns)
                        self.sink.error(opt.span, f"group '{g}' is not a column of table "
                                                  f"'{tb.name.text}'",
                                        f"did you mean '{hint}'?" if hint else
                                        f"declare it: {g}: text")
        return rules

    # ------------------------------------------------------------------ rules
    def type_env(self, t: A.TemplateDecl, fields: dict[str, M.FieldSpec],
                 tables: dict[str, M.TableSpec],
                 functions: dict[str, Any] | None = None) -> TypeEnv:
        kinds = {}
        for f in t.fields:
            spec = fields.get(f.name.text)
            kind = spec.type.value_kind if spec else "any"
            kinds[f.name.text] = ("list:" + kind) if f.type.cardinality == "[]" else kind
        tkinds = {}
        for tb in t.tables:
            spec_t = tables.get(tb.name.text)
            cols = {c.name: c.type.value_kind for c in spec_t.columns} if spec_t else {}
            for c in tb.columns:
                cols.setdefault(c.name.text, "any")
            tkinds[tb.name.text] = cols
        for g in t.groups:
            spec_t = tables.get(g.name.text)
            tkinds[g.name.text] = {c.name: c.type.value_kind for c in spec_t.columns} \
                if spec_t else {f.name.text: "any" for f in g.fields}
        records = {name: dict(spec.type.attributes) for name, spec in fields.items()
                   if spec.type.attributes and not spec.repeated}
        return TypeEnv(kinds, tkinds, {r.name.text for r in t.rules},
                       self.functions if functions is None else functions, records=records)

    def rule(self, r: A.RuleDecl, env: TypeEnv, tf: A.TemplateFile) -> M.RuleSpec:
        expr = resolve_file_args(r.expr, env.functions, self._folder())
        r = r if expr is r.expr else replace(r, expr=expr)  # files beside the template
        row_env = env
        table = self.each_table(r, env)
        if r.each_page:
            row_env = self.page_env(r, env)
        if table is not None:
            tables = env.tables
            if table not in tables:  # a repeated field: its one column is its value
                tables = {**tables, table: {table: env.fields[table][len("list:"):]}}
            row_env = TypeEnv(env.fields, tables, env.rules, env.functions,
                              row_table=table, records=env.records, parts=env.parts,
                              packet=env.packet, params=env.params)
        if r.each is not None and table is None and (env.packet or r.each_role) \
                and not (env.packet and r.each_role is None and r.each.text in self.repeated):
            kind = "any"  # a packet's 'each' without a table: its columns are unknown
        else:
            kind = typecheck(r.expr, row_env, self.sink)
        if kind not in ("bool", "any"):
            self.sink.error(r.expr.span, f"a rule must be true or false, but this is "
                                         f"{'a ' if kind != 'money' else ''}{kind}",
                            "compare it with something, e.g. '... == total'")
        tol = None
        if r.tolerance is not None:
            tol = r.tolerance.value
            if not uses_tolerance(r.expr):
                self.sink.error(r.tolerance.span, "'tolerance' applies to ==, !=, <= and >= "
                                                  "(a value within it counts as equal); this "
                                                  "rule has none of them",
                                "compare with <= or >=, or drop the tolerance")
            else:
                self.tolerance_kinds(r, row_env)
        return M.RuleSpec(r.name.text, r.severity, r.expr, r.each_dotted,
                          tol, bool(r.tolerance and r.tolerance.percent), r.message,
                          _source(tf, r.expr.span), referenced_names(r.expr),
                          per_page=r.each_page and not env.packet)

    def page_env(self, r: A.RuleDecl, env: TypeEnv) -> TypeEnv:
        """The types an ``each page:`` rule reads: a repeated field (``cf: money[]``) is
        its value on the page (``previous(cf)``: the page before's), a table column its
        cells on the page (``sum(items.amount)``: the page's subtotal); fields of one
        value are the document's. A rule that reads no repeated field nor table checks
        nothing page by page (reported)."""
        if env.packet:
            self.sink.error(r.span, "'each page' is for a template's rules: a packet's "
                                    "rules read whole documents",
                            "write the rule in the document's template")
            return env
        page = {n: k[len("list:"):] for n, k in env.fields.items() if k.startswith("list:")}
        names = {n.name.text for n in A.walk(r.expr) if isinstance(n, A.Ref)}
        if not names & (set(page) | set(env.tables)):
            single = sorted(names & set(env.fields))
            self.sink.error(r.span, "an 'each page' rule reads values page by page: a "
                                    "table's column (sum(items.amount)) or a repeated "
                                    "field (name[]); this one reads neither",
                            f"to read '{single[0]}' on each page, declare it repeated: "
                            f"field {single[0]}: {_TYPE_OF_KIND.get(env.fields[single[0]], 'TYPE')}"
                            f"[] = ..." if single else None)
        return TypeEnv(env.fields, {**env.tables, PAGE_ROWS: page}, env.rules,
                       env.functions, row_table=PAGE_ROWS, records=env.records,
                       parts=env.parts, params=env.params)

    def blank_arithmetic(self, r: A.RuleDecl, fields: dict[str, M.FieldSpec],
                         tables: dict[str, M.TableSpec]) -> None:
        """A warning for an error rule that adds or subtracts a value that may be blank
        and has no ``default`` (an optional field, a cell of an optional column) beside
        values that may not (:func:`blank_terms`): where it is blank the rule is not
        evaluated, which lets the record be accepted unchecked (a net-pay equation with an
        optional deduction, a running balance over split debit and credit columns)."""
        if r.severity != "error":
            return
        row = tables.get(r.each.text) if r.each is not None and r.each_role is None \
            else None
        columns = {c.name for c in row.columns} if row is not None else set()

        def spec(name: str) -> M.FieldSpec | M.ColumnSpec | None:
            table, _, col = name.partition(".")
            if not col:
                return fields.get(name)
            cols = tables[table].columns if table in tables else []
            return next((c for c in cols if c.name == col), None)

        def blank(name: str) -> bool:
            s = spec(name)
            return s is not None and s.optional and s.default is None

        found = blank_terms(r.expr, blank, row.name if row else None, columns)
        if not found:
            return
        what = ", ".join(f"optional {'column' if '.' in n else 'field'} '{n}'"
                         for n, _ in found)
        name, node = found[0]
        kind = spec(name).type_name  # type: ignore[union-attr]
        one = "it is" if len(found) == 1 else "one is"
        where = (f"where {one} blank the rule is not evaluated, and the record can be "
                 f"accepted with it unchecked")
        if "." not in name:
            written = f"field {name}: {kind}? = ... default 0"
            example = "a deduction not on every slip"
            only = f"records that have it: missing({name}) or ..."
        else:
            col = name.partition(".")[2]
            written = f'{col}: {kind}? header "..." default 0'
            example, only = "a debit on a credit's row", ""
            if row is not None and (isinstance(node, A.Ref) or (
                    isinstance(node, A.FuncCall) and node.name.text == PREVIOUS)):
                where = (f"a row where {one} blank is not checked (with split debit and "
                         f"credit columns, one of them blank on every row: no row at all)")
                only = f"rows that have it: each {row.name}: missing({col}) or ..."
        self.sink.warning(
            node.span,  # type: ignore[attr-defined]
            f"rule '{r.name.text}' adds up {what} with no default: {where}",
            f"if a blank is 0 ({example}), give it a default: {written} (the record then "
            f"holds 0, marked as a default)"
            + (f"; if the rule is only for {only} (where it is blank the rule then holds "
               f"with nothing compared, and vouches for no value)" if only else ""))

    def each_table(self, r: A.RuleDecl, env: TypeEnv) -> str | None:
        """The table an ``each`` rule walks (``items``; in a packet ``inv.items``), None
        when there is none or it is wrong (reported)."""
        if r.each is None:
            return None
        packet = env.packet
        if packet and r.each_role is None and r.each.text in self.repeated:
            return None  # each pays: the documents of a repeated role, one by one
        if packet and r.each_role is not None and r.each_role.text in self.repeated:
            self.sink.error(r.each_role.span, f"'{r.each_role.text}' holds several documents "
                                              f"({self.repeated[r.each_role.text]}); 'each' "
                                              f"walks their tables one document at a time "
                                              f"only in their own template's rules",
                            f"write the rule in the template, or 'each {r.each_role.text}: "
                            f"...' over its fields")
            return None
        if packet and r.each_role is None:
            name = r.each.text
            where = [t for t in env.tables if t.partition(".")[2] == name] or list(env.tables)
            example = where[0] if where else "ROLE.TABLE"
            self.sink.error(r.each.span, f"'each' in a packet rule names a document's table: "
                                         f"each {example}: ..., or a role of several "
                                         f"documents (document {name}: TEMPLATE[])",
                            "bare names are then that row's columns; "
                            "lookup(key, other.table.keycol, other.table.valuecol) reads "
                            "the matching row of another document's table"
                            if env.tables else "the packet's documents have no tables")
            return None
        if not packet and r.each_role is not None:
            self.sink.error(r.each_role.span, f"'each {r.each_dotted}' names a document's "
                                              f"table; only packet rules do that",
                            f"write 'each {r.each.text}'")
            return None
        if packet:
            assert r.each_role is not None
            role = r.each_role.text
            if role not in env.records:
                hint = did_you_mean(role, env.records)
                self.sink.error(r.each_role.span, f"unknown document '{role}'",
                                f"did you mean '{hint}'?" if hint else
                                "documents: " + ", ".join(env.records))
                return None
            if role not in env.parts:  # its template is unknown: reported already
                return None
            names = [t.partition(".")[2] for t in env.tables if t.partition(".")[0] == role]
        else:
            # a repeated field (containers[]) is walked as a table of one column, its name
            names = list(env.tables) + [n for n, k in env.fields.items()
                                        if k.startswith("list:") and n not in env.tables]
        if r.each.text not in names:
            hint = did_you_mean(r.each.text, names)
            whose = f"'{r.each_role.text}' has no table" if r.each_role else \
                "'each' needs a table or a repeated field (name[]);"
            self.sink.error(r.each.span, f"{whose} '{r.each.text}'"
                                         + ("" if r.each_role else " is not one"),
                            f"did you mean '{hint}'?" if hint else
                            ("tables: " + ", ".join(names) if names else None))
            return None
        return r.each_dotted

    def tolerance_kinds(self, r: A.RuleDecl, env: TypeEnv) -> None:
        """A tolerance on a rule whose comparisons are all of text, dates or true/false:
        it would be ignored (it applies to numbers and money only)."""
        kinds = []
        for node in A.walk(r.expr):
            if isinstance(node, A.Binary) and node.op in ("==", "!=", "<=", ">="):
                quiet = DiagnosticSink("", "")
                sides = {typecheck(node.left, env, quiet), typecheck(node.right, env, quiet)}
                kinds.append(sides)
        if not kinds or any(k & (NUMERIC | {"any"}) for k in kinds):
            return
        what = sorted({k for ks in kinds for k in ks})
        assert r.tolerance is not None
        self.sink.error(r.tolerance.span, "'tolerance' applies to comparisons of numbers and "
                                          f"money; this rule compares "
                                          f"{' and '.join(show_kind(k) for k in what)}, "
                                          "where it would be ignored",
                        "drop the tolerance"
                        + ("; to allow dates a few days apart compare the days between "
                           "them: abs(a - b) <= 3" if "date" in what else ""))

    def policy(self, p: A.PolicyDecl, env: TypeEnv, tf: A.TemplateFile) -> M.PolicySpec:
        said = _source(tf, A.Span(p.span.line, p.span.column, p.expr.span.line,
                                  p.expr.span.column)).split()
        if "when" not in said:  # accept low_confidence(...): the grammar lets only accept
            return self.accepted_doubts(p, env, tf)
        if isinstance(p.expr, A.FuncCall) and p.expr.name.text in accepted.CODES:
            self.sink.error(p.expr.span, f"{p.expr.name.text}(...) is no condition",
                            f"to accept the {p.expr.name.text} of these fields (it then "
                            f"sends no record to review), leave out 'when': accept "
                            f"{_source(tf, p.expr.span)}")
            return M.PolicySpec(p.action, p.expr, p.message, _source(tf, p.expr.span))
        kind = typecheck(p.expr, env, self.sink)
        if kind not in ("bool", "any"):
            self.sink.error(p.expr.span, f"'{p.action} when' needs a condition (true or false)")
        from formsift.templates.series import check_policy  # last_seen: a rule's, not here

        check_policy(p, self.sink, lambda span: _source(tf, span))
        return M.PolicySpec(p.action, p.expr, p.message, _source(tf, p.expr.span))

    def accepted_doubts(self, p: A.PolicyDecl, env: TypeEnv, tf: A.TemplateFile
                        ) -> M.PolicySpec:
        """``accept low_confidence(name, items.description)``: the fields (columns,
        tables) whose low confidence alone sends no record to review
        (:mod:`formsift.templates.accepted`). Anything else after a bare ``accept`` is an
        error, as is a name the template does not have, or the statement in a packet."""
        e = p.expr
        source = _source(tf, e.span)
        usage = ("accept low_confidence(FIELD, ...) names fields whose low confidence "
                 "alone sends no record to review; a condition takes 'when': accept when "
                 "CONDITION")
        if not isinstance(e, A.FuncCall) or e.where is not None \
                or e.name.text not in accepted.CODES or not e.args:
            if isinstance(e, A.FuncCall) and e.name.text in _NEVER_ACCEPTED:
                self.sink.error(e.name.span, f"only low confidence can be accepted field by "
                                f"field, not {e.name.text}", "an ambiguous, missing or "
                                "invalid value, or a failed rule, always needs a person")
            else:
                self.sink.error(e.span, f"'accept {source}' is no policy", usage)
            return M.PolicySpec(accepted.ACTION, e, p.message, source)
        if env.packet:
            self.sink.error(e.span, f"'accept {source}' names a template's fields: write it "
                                    "in the template whose fields they are")
        if p.message is not None:
            self.sink.error(p.span, f"'accept {source}' takes no message: the reasons it "
                                    "keeps say the field, its confidence and this line")
        names: list[A.Expr] = []
        for arg in e.args:
            name = self.accepted_name(arg, env)
            if name is not None:
                names.append(A.Str(name, arg.span))
        return M.PolicySpec(accepted.ACTION, A.FuncCall(e.name, tuple(names), e.span),
                            p.message, source)

    def accepted_name(self, arg: A.Expr, env: TypeEnv) -> str | None:
        """The field, ``table.column`` or table an ``accept low_confidence(...)`` names;
        None, after an error, for anything else."""
        if not isinstance(arg, A.Ref) or arg.part is not None:
            self.sink.error(arg.span, "accept low_confidence(...) takes names of fields, "
                                      "tables or columns (table.column)")
            return None
        name, attr = arg.name.text, arg.attr.text if arg.attr else None
        if attr is None and (name in env.fields or name in env.tables):
            return name
        if attr is not None and attr in env.tables.get(name, {}):
            return arg.dotted
        if attr is not None and name in env.tables:
            hint = did_you_mean(attr, list(env.tables[name]))
            self.sink.error(arg.attr.span if arg.attr else arg.span,
                            f"table '{name}' has no column '{attr}'",
                            f"did you mean '{name}.{hint}'?" if hint else
                            "its columns: " + ", ".join(env.tables[name]))
            return None
        known = [*env.fields, *env.tables]
        hint = did_you_mean(name, known)
        self.sink.error(arg.name.span, f"unknown field '{arg.dotted}'",
                        f"did you mean '{hint}'?" if hint else
                        "fields and tables: " + ", ".join(known))
        return None

    # ------------------------------------------------------------------ match
    def match(self, m: A.MatchBlock) -> M.MatchSpec:
        def walk(item: A.MatchItem) -> None:
            if isinstance(item, A.MatchTest):
                if isinstance(item.pattern, A.Regex):
                    self.regex(item.pattern)
                elif not item.pattern.strip():
                    self.sink.error(item.span, "'contains' needs a non-empty text")
            elif isinstance(item, A.MatchNot):
                walk(item.item)
            else:
                for i in item.items:
                    walk(i)

        for item in m.items:
            walk(item)
        threshold = 0.5
        if m.threshold is not None:
            threshold = float(m.threshold)
            if not 0 < threshold <= 1:
                self.sink.error(m.span, "threshold is between 0 and 1")
        return M.MatchSpec(m.items, threshold)


def _value_kind(value: Any) -> str:
    """The kind of a map's literal key or value."""
    if isinstance(value, bool):
        return "bool"
    return "text" if isinstance(value, str) else "number"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal) and "." not in str(value):
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


#: Reason codes a template cannot accept field by field (``accept ambiguous(x)``).
_NEVER_ACCEPTED = frozenset({"ambiguous", "field_missing", "invalid_value", "rule_failed",
                             "rule_not_evaluated", "currency_mismatch"})


def _source(tf: A.TemplateFile, span: A.Span) -> str:
    lines = tf.source.split("\n")
    if span.line <= 0 or span.line > len(lines):
        return ""
    if span.end_line == span.line:
        return lines[span.line - 1][span.column - 1:span.end_column - 1]
    first = lines[span.line - 1][span.column - 1:]
    rest = [ln.strip() for ln in lines[span.line:span.end_line - 1]]
    last = lines[span.end_line - 1][:span.end_column - 1].strip()
    return " ".join([first.strip(), *rest, last])


@functools.cache
def _option_names(options: type[Any]) -> tuple[str, ...]:
    """An options model's field names (pydantic builds ``model_fields`` anew on every
    access from the class: 23 us, thousands of times for a large template set)."""
    return tuple(options.model_fields)


def _place_types(template: str, fields: dict[str, M.FieldSpec],
                 tables: dict[str, M.TableSpec]) -> None:
    """Tell each field type instance what it reads (``field 'c' of template 't'``), so that
    a plugin's failure in it names the field besides the plugin (each field, column and
    group member has an instance of its own)."""
    places = [(spec.type, f"field {name!r}") for name, spec in fields.items()]
    for name, table in tables.items():
        places += [(col.type, f"field {col.name!r} of group {name!r}" if table.group
                    else f"column {col.name!r} of table {name!r}") for col in table.columns]
    for ftype, place in places:
        if ftype is not None:
            ftype._formsift_place = f"{place} of template {template!r}"  # type: ignore[attr-defined]
