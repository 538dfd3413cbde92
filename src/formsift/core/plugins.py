"""The plugin registry: discovers plugins through entry points and indexes their components.

Built-in components are published under the same ``formsift`` entry-point group as
third-party ones, so they travel the same path. A broken third-party plugin (fails to
import, misspells a hook, forgets ``@hookimpl`` on a hook, clashes by name, registers a
component without a name, a version or a pydantic ``Options`` model, requires another
formsift version) is reported in :attr:`PluginRegistry.problems`, naming its
distribution, and skipped (the whole plugin for a hook mistake, the one component for a
component mistake), unless ``strict`` is set, in which case it raises
:class:`PluginError`. A name two plugins register is used from neither (a built-in's
name stays the built-in's): which one loaded must not depend on the order the machine
lists the distributions in. A block-list name that matches nothing is not a plugin
problem: it is reported in :attr:`PluginRegistry.warnings` (strict or not).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import logging
import os
import re
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import pluggy

from formsift.core import hookspecs
from formsift.core.components import Component, ComponentKind
from formsift.core.contracts import FIELD_KINDS, FUNCTION_KINDS, set_up
from formsift.core.errors import ComponentNotFound, PluginError
from formsift.core.kinds import KIND_BASES, Function
from formsift.util.suggest import did_you_mean

ENTRY_POINT_GROUP = "formsift"
BUILTIN_DIST = "formsift"


@dataclass(frozen=True)
class ComponentInfo:
    """A registered component class and where it came from."""

    cls: type[Component]
    distribution: str
    dist_version: str
    plugin: str

    @property
    def kind(self) -> ComponentKind:
        return self.cls.kind

    @property
    def name(self) -> str:
        return self.cls.name

    @property
    def version(self) -> str:
        return self.cls.version

    def as_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind.value,
            "name": self.name,
            "version": self.version,
            "distribution": self.distribution,
            "distribution_version": self.dist_version,
            "plugin": self.plugin,
            "summary": self.cls.summary,
        }


@dataclass(frozen=True)
class PluginProblem:
    """Something wrong with one plugin, reported instead of crashing the SDK."""

    plugin: str
    distribution: str
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} from distribution {self.distribution!r}: {self.message}"


@dataclass
class _Plugin:
    name: str
    distribution: str
    dist_version: str
    module: Any
    #: A module made to hold the one hook an entry point ``module:function`` names.
    stand_in: bool = False


@dataclass
class PluginRegistry:
    """Every installed component, by kind and name, plus the problems met loading them."""

    components: dict[ComponentKind, dict[str, ComponentInfo]] = field(default_factory=dict)
    problems: list[PluginProblem] = field(default_factory=list)
    plugins: list[_Plugin] = field(default_factory=list)
    blocked: frozenset[str] = frozenset()
    strict: bool = False
    manager: pluggy.PluginManager | None = None
    #: Notes that are not plugin failures, e.g. a block-list name that matched nothing.
    warnings: list[str] = field(default_factory=list)
    _block_hits: set[str] = field(default_factory=set, repr=False)  # plugins blocked
    _component_hits: set[str] = field(default_factory=set, repr=False)  # components
    #: Rule functions the validators offer: name -> (Function, validator name), a
    #: built-in's winning; listed once, at discovery. A name two plugins' validators offer
    #: is a stand-in whose ``check`` reports the clash at the rule's line.
    functions: dict[str, tuple[Any, str]] = field(default_factory=dict)
    #: Component names two or more plugins register, used from none of them:
    #: kind -> name -> the components (:meth:`conflict` says so in one line).
    conflicts: dict[ComponentKind, dict[str, list[ComponentInfo]]] = field(
        default_factory=dict)
    #: What is worth knowing but no problem, e.g. an optional hook this version lacks.
    notes: list[str] = field(default_factory=list)

    # -- lookup -----------------------------------------------------------------------
    def get(self, kind: ComponentKind | str, name: str) -> ComponentInfo:
        """The component ``name`` of ``kind``; a did-you-mean error when there is none."""
        kind = ComponentKind(kind)
        table = self.components.get(kind, {})
        if name in table:
            return table[name]
        clash = self.conflict(kind, name)
        if clash is not None:
            raise ComponentNotFound(clash)
        msg = f"no {kind.value.replace('_', ' ')} named {name!r} is installed"
        hint = did_you_mean(name, table)
        if self.problems:  # the component may be in a plugin that failed to load
            msg += " (not loaded, so their components are missing: " + "; ".join(
                str(p) for p in self.problems) + ")"
        raise ComponentNotFound(msg + (f"; did you mean {hint!r}?" if hint else ""),
                                hint=None if hint else _known(table))

    def conflict(self, kind: ComponentKind | str, name: str) -> str | None:
        """Why ``name`` is not used, when two plugins register it: one line naming them
        and how to choose; None when they do not."""
        rivals = self.conflicts.get(ComponentKind(kind), {}).get(name)
        if not rivals:
            return None
        what = ComponentKind(kind).value.replace("_", " ")
        return _clash_message(f"{what} {name!r}", [(f"plugin {i.plugin!r}", i.distribution)
                                                   for i in rivals]) + f"; {_CHOOSE}"

    def create(self, kind: ComponentKind | str, name: str,
               options: dict[str, Any] | None = None) -> Component:
        return self.get(kind, name).cls(options)

    def of_kind(self, kind: ComponentKind | str) -> dict[str, ComponentInfo]:
        return dict(self.components.get(ComponentKind(kind), {}))

    def all(self) -> list[ComponentInfo]:
        return [info for kind in ComponentKind for info in self.components.get(kind, {}).values()]

    @property
    def hook(self) -> Any:
        assert self.manager is not None
        return self.manager.hook

    def observers(self) -> list[dict[str, str]]:
        """The plugins' implementations of the hooks that are not registrations
        (classifiers and observers): hook, plugin, distribution and its version."""
        if self.manager is None:
            return []
        plugins = {p.name: p for p in self.plugins}
        out = []
        for hook in ("formsift_classify_page", "formsift_document_loaded",
                     "formsift_result_ready"):
            for impl in getattr(self.manager.hook, hook).get_hookimpls():
                plugin = plugins.get(impl.plugin_name)
                out.append({"hook": hook, "plugin": impl.plugin_name,
                            "distribution": plugin.distribution if plugin else "",
                            "dist_version": plugin.dist_version if plugin else ""})
        return out

    def plugin_in_traceback(self, exc: BaseException) -> tuple[str, str, str] | None:
        """(plugin, distribution, ``module:line``) of the third-party plugin whose code
        raised ``exc`` (the innermost frame in one of its modules); None when no plugin
        outside formsift's own is in the traceback. The plugin is the one whose module, or
        a component's module, is the frame's (several entry points of one package: the
        one that raised, not the last registered); "" when that cannot be told apart
        (a module of the package none of them names), the distribution still named."""
        modules = self._plugin_modules()
        culprit = str(getattr(exc, "culprit_module", "") or "")  # a broken contract
        found = _owner(culprit, modules) if culprit else None
        if found is not None:
            return found[0], found[1], culprit
        where = None
        told: tuple[str, str] | None = None  # the innermost frame naming one plugin
        tb = exc.__traceback__
        while tb is not None:
            module = str(tb.tb_frame.f_globals.get("__name__", ""))
            owner = _owner(module, modules)
            if owner is not None:
                where = (owner, f"{module}:{tb.tb_lineno}")
                if owner[0]:
                    told = owner
            tb = tb.tb_next
        if where is None:
            return self._called_wrongly(exc, modules)
        owner = where[0] if where[0][0] or told is None or told[1] != where[0][1] else told
        return owner[0], owner[1], where[1]

    def _called_wrongly(self, exc: BaseException, modules: dict[str, list[_Plugin]]
                        ) -> tuple[str, str, str] | None:
        """(plugin, distribution, ``module:line``) of the third-party component whose
        method formsift called with arguments it does not take (written for an older
        signature: ``parse(self, raw)``), a TypeError raised at the call, in no frame of
        the plugin; None for any other exception."""
        m = _CALL_MISMATCH.match(str(exc)) if isinstance(exc, TypeError) else None
        if m is None:
            return None
        qualname, method = m.group(1), m.group(2)
        found = set()
        for info in self.all():
            for klass in info.cls.__mro__:
                if klass.__qualname__ == qualname and method in vars(klass):
                    owner = _owner(klass.__module__, modules)
                    if owner is not None:
                        code = getattr(inspect.unwrap(vars(klass)[method]), "__code__", None)
                        line = f":{code.co_firstlineno}" if code is not None else ""
                        found.add((*owner, f"{klass.__module__}{line}"))
        return found.pop() if len(found) == 1 else None

    def _plugin_modules(self) -> dict[str, list[_Plugin]]:
        """Each third-party plugin by the modules of its code: its own (a module, or an
        object's class's) and its components'."""
        by_name = {p.name: p for p in self.plugins}
        modules: dict[str, list[_Plugin]] = {}

        def add(module: str, plugin: _Plugin | None) -> None:
            if plugin is None or module.split(".")[0] in ("", "formsift", "builtins"):
                return
            if plugin not in modules.setdefault(module, []):
                modules[module].append(plugin)

        for plugin in self.plugins:
            obj = plugin.module  # a module, or an object registered as a plugin
            add(str(obj.__name__ if isinstance(obj, types.ModuleType)
                    else type(obj).__module__), plugin)
        for info in self.all():
            add(str(getattr(info.cls, "__module__", "")), by_name.get(info.plugin))
        return modules

    # -- building ---------------------------------------------------------------------
    @classmethod
    def discover(cls, *, block: Iterable[str] = (), strict: bool | None = None,
                 extra_plugins: Iterable[Any] = ()) -> PluginRegistry:
        """Load every plugin of the ``formsift`` entry-point group and index its components.

        ``block`` names plugins (entry-point names or distribution names, the latter
        compared as pip does: ``my_plugin`` blocks ``My-Plugin``) or components (by
        component name) not to load; the ``FORMSIFT_BLOCK_PLUGINS`` environment variable
        (comma-separated) adds to it. A name that matches nothing is a typo that would leave
        the plugin loaded: it is logged and kept in :attr:`warnings`, with a did-you-mean.
        ``strict`` (or ``FORMSIFT_STRICT_PLUGINS=1``) turns every plugin problem into an
        error. ``extra_plugins`` registers plugins that are not installed distributions
        (tests, an application's own): modules, module names (``"myapp.plugin"``) or
        ``(name, module-or-object)`` pairs; a module is named by its ``__name__``.
        """
        extra = _extra_plugin_pairs(extra_plugins)
        env_block = {b.strip() for b in os.environ.get("FORMSIFT_BLOCK_PLUGINS", "").split(",")}
        given = {b.strip() for b in block}
        blocked = frozenset(b for b in {*given, *env_block} if b)
        if strict is None:
            strict = os.environ.get("FORMSIFT_STRICT_PLUGINS", "") not in ("", "0", "false")
        reg = cls(blocked=blocked, strict=strict)
        pm = pluggy.PluginManager(hookspecs.PROJECT)
        pm.add_hookspecs(hookspecs)
        reg.manager = pm
        blocked_dists = {_normalize_dist(b): b for b in blocked}
        known_names: set[str] = set()
        unmet: dict[str, str | None] = {}  # distribution -> the formsift it requires
        for ep, dist, version in _entry_points():
            known_names.update((ep.name, dist))
            hits = [b for b in (ep.name if ep.name in blocked else None,
                                blocked_dists.get(_normalize_dist(dist))) if b]
            if hits:
                reg._block_hits.update(hits)
                pm.set_blocked(ep.name)
                continue
            if dist not in unmet:
                unmet[dist] = None if dist == BUILTIN_DIST \
                    else _unmet_formsift_requirement(ep.dist)
            if unmet[dist] is not None:
                reg._problem(ep.name, dist, f"requires {unmet[dist]}, but formsift "
                                            f"{_formsift_version()} is installed: not "
                                            f"loaded (install a version of {dist} made for "
                                            f"this formsift, or upgrade formsift)")
                continue
            try:
                module = ep.load()
            except Exception as exc:  # a plugin's import error must not sink the SDK
                reg._problem(ep.name, dist, f"failed to import {ep.value!r}: "
                                            f"{type(exc).__name__}: {exc}")
                continue
            if inspect.isfunction(module):  # "module:function": the hook itself
                holder = _hook_holder(pm, module)
                if holder is None:
                    reg._problem(ep.name, dist, _not_a_hook(ep.value))
                    continue
                if _hooks_of(pm, holder) <= _registered_hooks(pm):
                    continue  # its module (or another entry point naming it) is in already
                reg._register(pm, _Plugin(ep.name, dist, version, holder, stand_in=True))
                continue
            reg._register(pm, _Plugin(ep.name, dist, version, module))
        for name, obj in extra:
            known_names.add(name)
            if name in blocked:
                reg._block_hits.add(name)
                continue
            if isinstance(obj, str):
                try:
                    obj = importlib.import_module(obj)
                except Exception as exc:  # as for an installed plugin's entry point
                    reg._problem(name, "<local>", f"failed to import {obj!r}: "
                                                  f"{type(exc).__name__}: {exc}")
                    continue
            reg._register(pm, _Plugin(name, "<local>", "", obj))
        reg._collect()
        reg._collect_functions()
        reg._check_block_list(known_names, env_only=env_block - given,
                              plugins_blocked=bool(reg._block_hits))
        return reg

    def _check_block_list(self, known: set[str], env_only: set[str],
                          plugins_blocked: bool) -> None:
        """Warn about block-list names that blocked nothing: a typo must not pass silently.
        (The components of blocked plugins are not known: they were never imported.)"""
        hits = self._block_hits | self._component_hits
        known = known | {info.name for info in self.all()} | hits
        for name in sorted(self.blocked - hits):
            where = " (from FORMSIFT_BLOCK_PLUGINS)" if name in env_only else ""
            hint = did_you_mean(name, sorted(known))
            message = (f"blocked name {name!r}{where} matches no installed plugin, "
                       f"distribution or component, so it blocks nothing"
                       + (" (unless it names a component of a plugin blocked as well)"
                          if plugins_blocked else "")
                       + (f"; did you mean {hint!r}?" if hint else ""))
            self.warnings.append(message)
            logging.getLogger("formsift.plugins").warning("%s", message)

    def _problem(self, plugin: str, dist: str, message: str) -> None:
        problem = PluginProblem(plugin, dist, message)
        if self.strict:
            raise PluginError(str(problem), distribution=dist)
        self.problems.append(problem)
        logging.getLogger("formsift.plugins").warning("%s (skipped; strict mode makes this "
                                                      "an error)", problem)

    def _register(self, pm: pluggy.PluginManager, plugin: _Plugin) -> None:
        if pm.is_registered(plugin.module):
            return  # the same module again (installed, and given in extra_plugins too)
        stand_ins = self._stand_ins_of(pm, plugin)
        if stand_ins is None:
            return  # its hooks are in already, through "module:function" entry points
        if pm.get_plugin(plugin.name) is not None:
            other = next((p for p in self.plugins if p.name == plugin.name), None)
            self._problem(plugin.name, plugin.distribution,
                          f"a plugin of the same name is already registered by "
                          f"{other.distribution if other else 'another distribution'!r}")
            return
        undecorated, unprefixed = _undecorated_hooks(pm, plugin.module)
        if undecorated:
            self._problem(plugin.name, plugin.distribution, "; ".join(undecorated))
            return
        for note in unprefixed:  # maybe a helper: said, never a reason to skip the plugin
            message = f"plugin {plugin.name!r} ({plugin.distribution}): {note}"
            self.warnings.append(message)
            logging.getLogger("formsift.plugins").warning("%s", message)
        unknown, optional = _misspelled_hooks(pm, plugin.module)
        for hook in optional:  # for a newer formsift: pluggy never calls it here
            self._optional_hook(plugin, hook)
        if unknown:
            known = _hook_names()
            details = "; ".join(
                f"{u!r}" + (f" (did you mean {h!r}?)" if (h := did_you_mean(u, known)) else "")
                for u in unknown)
            self._problem(plugin.name, plugin.distribution,
                          f"implements unknown hook(s) {details}")
            return
        try:
            pm.register(plugin.module, name=plugin.name)
        except pluggy.PluginValidationError as exc:
            self._problem(plugin.name, plugin.distribution,
                          f"invalid hook: {_invalid_hook(pm, exc)}")
            return
        if not pm.get_hookcallers(plugin.module):  # an entry point naming the wrong module
            pm.unregister(plugin.module)
            module = getattr(plugin.module, "__name__", repr(plugin.module))
            self._problem(plugin.name, plugin.distribution,
                          f"{module!r} implements no formsift hook (no function decorated "
                          f"with @hookimpl): does the entry point name the module that "
                          f"holds the hooks?")
            return
        for other in stand_ins:  # its hooks are called once, as the module's
            pm.unregister(other.module)
            self.plugins.remove(other)
        self.plugins.append(plugin)

    def _stand_ins_of(self, pm: pluggy.PluginManager, plugin: _Plugin) -> list[_Plugin] | None:
        """The ``module:function`` entry points registered already that hold hooks of
        ``plugin``: None when they hold every hook it has (an installed plugin given in
        ``extra_plugins`` too is registered once, by its entry point); else those to take
        back once ``plugin``, which has their hooks too, is registered."""
        hooks = _hooks_of(pm, plugin.module)
        covering = [p for p in self.plugins if p.stand_in and _hooks_of(pm, p.module) & hooks]
        if covering and hooks <= set().union(*(_hooks_of(pm, p.module) for p in covering)):
            return None
        return covering

    def _optional_hook(self, plugin: _Plugin, hook: str) -> None:
        """An ``optionalhook`` this formsift lacks: a note (a hook of a newer formsift), or
        a problem when its name is a misspelling of one this formsift has."""
        said = (f"its optional hook {hook!r} is not a hook of formsift "
                f"{_formsift_version() or 'as installed'}, so it is not called")
        close = did_you_mean(hook, _hook_names(), cutoff=_MISSPELT)
        if close is not None:
            self._problem(plugin.name, plugin.distribution,
                          f"{said}: did you mean {close!r}? (optionalhook=True lets a hook of "
                          f"a newer formsift pass, not a misspelt one)")
            return
        self.notes.append(f"plugin {plugin.name!r} ({plugin.distribution}): {said}")
        logging.getLogger("formsift.plugins").info("%s", self.notes[-1])

    def _collect(self) -> None:
        assert self.manager is not None
        by_name = {p.name: p for p in self.plugins}
        for hook_name, kind_value in hookspecs.REGISTRATION_HOOKS.items():
            kind = ComponentKind(kind_value)
            table = self.components.setdefault(kind, {})
            # get_hookimpls() lists implementations in registration order (built-ins first)
            impls = getattr(self.manager.hook, hook_name).get_hookimpls()
            for impl in impls:
                plugin = by_name[impl.plugin_name]
                try:
                    returned = impl.function()
                except Exception as exc:
                    self._problem(plugin.name, plugin.distribution,
                                  f"{hook_name}() raised {type(exc).__name__}: {exc}")
                    continue
                if returned is None or isinstance(returned, (str, bytes, type)) or \
                        not isinstance(returned, Iterable):
                    # a bare class, a name, None: say so once, not per character
                    self._problem(plugin.name, plugin.distribution,
                                  f"{hook_name}() returned {returned!r}; expected a list "
                                  f"of component classes (return [MyComponent])")
                    continue
                for cls in list(returned):  # a list, a tuple, a set, a generator
                    self._add(kind, cls, plugin, table)
        self._report_conflicts()

    def _collect_functions(self) -> None:
        """The rule functions of every validator; a validator that cannot list them, or
        a function name another validator or the rule language (``sum``, ``present``)
        already provides, is a plugin problem."""
        from formsift.templates.rules import AGGREGATES, SPECIAL

        validators = self.components.get(ComponentKind.VALIDATOR, {})
        rivals: dict[str, list[tuple[Function, ComponentInfo]]] = {}
        offered: dict[str, Function] = {}  # as the validator gave it (not guarded)
        for info in validators.values():
            try:
                validator = info.cls()
                functions = list(validator.functions())
            except Exception as exc:
                self._problem(info.plugin, info.distribution,
                              f"validator {info.name!r} failed to list its functions: "
                              f"{type(exc).__name__}: {exc}")
                continue
            for fn in functions:
                problems = _function_errors(fn)
                if problems:
                    self._problem(info.plugin, info.distribution,
                                  f"rule function {getattr(fn, 'name', fn)!r} of validator "
                                  f"{info.name!r} is not usable: " + "; ".join(problems))
                    continue
                if fn.name in AGGREGATES | SPECIAL:  # rules would run the built-in
                    self._problem(info.plugin, info.distribution,
                                  f"rule function {fn.name!r} of validator {info.name!r} is "
                                  f"already provided by the rule language; name it otherwise")
                    continue
                taken = self.functions.get(fn.name)
                if taken is not None and _same_function(fn, offered.get(fn.name)):
                    continue  # one function, offered by two validators (one a subclass)
                owner = validators.get(taken[1]) if taken is not None else None
                if owner is not None and owner.distribution == BUILTIN_DIST:
                    self._problem(info.plugin, info.distribution,
                                  f"rule function {fn.name!r} of validator {info.name!r} is "
                                  f"already provided by validator {taken[1]!r} (distribution "
                                  f"{owner.distribution!r}); keeping that one")
                    continue
                if taken is not None:  # two plugins' validators: neither
                    rivals.setdefault(fn.name, [(taken[0], owner)] if owner else []).append(
                        (fn, info))
                    continue
                self.functions[fn.name] = (_guarded(fn, validator, info), info.name)
                offered[fn.name] = fn
        for name in sorted(rivals):
            self._refuse_function(name, rivals[name])

    def _refuse_function(self, name: str, rivals: list[tuple[Function, ComponentInfo]]) -> None:
        """A rule function two plugins' validators offer: a problem, and a stand-in whose
        ``check`` reports the clash at each rule that calls it (and whose ``impl`` raises)."""
        message = _clash_message(f"rule function {name!r}", [
            (f"validator {info.name!r}", info.distribution) for _, info in rivals])
        last = rivals[-1][1]
        self._problem(last.plugin, last.distribution, f"{message}; {_CHOOSE}")

        def refused(*args: Any) -> Any:
            raise PluginError(f"{message}; {_CHOOSE}")

        first = rivals[0][0]  # its signature, so that the clash is what the checker says
        self.functions[name] = (dataclasses.replace(
            first, impl=refused, check=lambda args: (message, _CHOOSE), beside_value=()),
            " / ".join(info.name for _, info in rivals))

    def _add(self, kind: ComponentKind, cls: Any, plugin: _Plugin,
             table: dict[str, ComponentInfo]) -> None:
        base = KIND_BASES[kind]
        if not (isinstance(cls, type) and issubclass(cls, base)):
            self._problem(plugin.name, plugin.distribution,
                          f"returned {cls!r} from its {kind.value} hook; expected a subclass "
                          f"of formsift.{base.__name__}")
            return
        name = getattr(cls, "name", None)
        if isinstance(name, str) and name in self.blocked:
            self._component_hits.add(name)
            return
        errors = _component_errors(cls, kind)
        if errors:
            self._problem(plugin.name, plugin.distribution,
                          f"{kind.value.replace('_', ' ')} class "
                          f"{cls.__module__}.{cls.__qualname__} is not a valid component: "
                          + "; ".join(errors))
            return
        first = table.get(name)
        rivals = self.conflicts.setdefault(kind, {})
        if (first is not None and first.cls is cls) or any(
                r.cls is cls for r in rivals.get(name, ())):
            return  # the same class again (two entry points, listed twice): no rival
        if first is not None and first.distribution == BUILTIN_DIST:
            self._problem(plugin.name, plugin.distribution,
                          f"{kind.value.replace('_', ' ')} {name!r} is already provided by "
                          f"distribution {first.distribution!r} (plugin {first.plugin!r}); "
                          f"keeping that one")
            return
        info = ComponentInfo(cls, plugin.distribution, plugin.dist_version, plugin.name)
        if first is not None:  # two plugins: neither, whichever the machine lists first
            rivals[name] = [table.pop(name)]
        if name in rivals:
            rivals[name].append(info)
            return
        table[name] = info

    def _report_conflicts(self) -> None:
        """One problem per name two plugins register (strict: the first one raises)."""
        for kind, names in self.conflicts.items():
            for name in sorted(names):
                last = names[name][-1]
                self._problem(last.plugin, last.distribution, self.conflict(kind, name) or "")


def _entry_points() -> list[tuple[metadata.EntryPoint, str, str]]:
    found = []
    seen: set[tuple[str, str]] = set()
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = _dist_name(ep.dist)
        version = (ep.dist.version if ep.dist is not None else None) or ""
        if (ep.name, ep.value) in seen:  # the same distribution seen twice on sys.path
            continue
        seen.add((ep.name, ep.value))
        found.append((ep, dist, version))
    # Built-ins first, so their names win and they are offered inputs first; then by
    # distribution and entry point, not in the order the folders happen to list them.
    found.sort(key=lambda t: (t[1] != BUILTIN_DIST, _normalize_dist(t[1]), t[0].name))
    return found


def _dist_name(dist: metadata.Distribution | None) -> str:
    """A distribution's name; from its folder when its METADATA is missing (a broken
    install: ``name`` is None), else ``<unknown>``."""
    name = dist.name if dist is not None else None
    if name:
        return str(name)
    folder = getattr(dist, "_path", None)  # .../name-1.0.dist-info
    stem = getattr(folder, "name", "").partition("-")[0]
    return stem.replace("_", "-") if stem and not stem.startswith(".") else "<unknown>"


#: How to choose between two plugins that register the same name.
_CHOOSE = ("block the one you do not want by its distribution or entry-point name: "
           "--block NAME, FORMSIFT_BLOCK_PLUGINS=NAME or Engine(block=[NAME])")


def _clash_message(what: str, rivals: list[tuple[str, str]]) -> str:
    """``what`` is registered by each of ``rivals`` ((who, distribution) pairs)."""
    named = " and ".join(f"{who} of {dist!r}" for who, dist in rivals)
    return (f"{what} is provided by {named}, so {'neither' if len(rivals) == 2 else 'none'} "
            f"is used (formsift does not pick one)")


def _formsift_version() -> str:
    try:
        return metadata.version(BUILTIN_DIST)
    except metadata.PackageNotFoundError:  # run from a source tree
        return ""


def _unmet_formsift_requirement(dist: metadata.Distribution | None) -> str | None:
    """The formsift requirement (``formsift>=9.0``) of a plugin's distribution that the
    installed formsift does not satisfy; None when it does, when it states none, or when
    it cannot be told (no ``packaging``, formsift not installed as a distribution)."""
    if dist is None or not _formsift_version():
        return None
    try:
        from packaging.requirements import InvalidRequirement, Requirement
        from packaging.utils import canonicalize_name
        from packaging.version import InvalidVersion, Version
    except ImportError:
        return None
    try:
        installed = Version(_formsift_version())
    except InvalidVersion:
        return None
    for line in dist.requires or []:
        try:
            req = Requirement(line)
        except InvalidRequirement:
            continue
        if canonicalize_name(req.name) != BUILTIN_DIST:
            continue
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue  # an extra's requirement, or another platform's
        if not req.specifier.contains(installed, prereleases=True):
            return f"{req.name}{req.specifier}"
    return None


def _hook_holder(pm: pluggy.PluginManager, function: Any) -> types.ModuleType | None:
    """An entry point's ``module:function`` hook as a module holding just it (pluggy takes
    a plugin's hooks from its attributes); None when the function is no hook."""
    holder = types.ModuleType(function.__module__)  # the plugin's, for blame
    setattr(holder, function.__name__, function)
    if _hookimpl_opts(pm, holder, function.__name__) is None:
        return None
    return holder


def _not_a_hook(value: str) -> str:
    module, _, attr = value.partition(":")
    return (f"the entry point {value!r} names the function {attr.strip()!r}, which is not "
            f"decorated with @hookimpl (from formsift import hookimpl): decorate it, or "
            f"name the module that holds the hooks ({module.strip()!r})")


def _hooks_of(pm: pluggy.PluginManager, module: Any) -> set[Any]:
    """The functions ``module`` (a plugin) implements hooks with."""
    return {getattr(module, attr) for attr in dir(module)
            if _hookimpl_opts(pm, module, attr) is not None}


def _registered_hooks(pm: pluggy.PluginManager) -> set[Any]:
    """The hook functions of every plugin ``pm`` holds."""
    return set().union(*(_hooks_of(pm, p) for p in pm.get_plugins()))


def _same_function(fn: Function, other: Function | None) -> bool:
    return other is not None and (fn is other or fn == other)


#: How alike (difflib's ratio) an optional hook's name and a hook's must be to be taken
#: for a misspelling: 'formsift_register_field_type' 0.98; two hooks formsift has are at
#: most 0.85 alike ('formsift_register_exporters', 'formsift_register_loaders').
_MISSPELT = 0.9


def _hook_names() -> list[str]:
    return [n for n in dir(hookspecs) if n.startswith("formsift_")]


def _misspelled_hooks(pm: pluggy.PluginManager, module: Any) -> tuple[list[str], list[str]]:
    """Hook implementations (by their ``formsift_`` name or their ``@hookimpl`` mark) that
    implement no hook: pluggy would accept them and never call them. Returns (those, the
    ones marked ``@hookimpl(optionalhook=True)``: a hook of another formsift version)."""
    names, optional = [], []
    for attr in dir(module):
        obj = getattr(module, attr, None)
        if not callable(obj):
            continue
        opts = _hookimpl_opts(pm, module, attr)
        hook = (opts or {}).get("specname") or attr
        if (attr.startswith("formsift_") or opts is not None) and not hasattr(hookspecs, hook):
            (optional if (opts or {}).get("optionalhook") else names).append(hook)
    return names, optional


def _undecorated_hooks(pm: pluggy.PluginManager, module: Any) -> tuple[list[str], list[str]]:
    """Functions named like a hook but not marked with ``@hookimpl``: pluggy ignores them,
    so the plugin would load and silently contribute nothing. Returns (problems: a
    ``formsift_`` function without the mark; warnings: a function with a hook's name but
    no prefix, such as ``register_loaders``, unless the module also implements that hook,
    in which case it is a helper)."""
    problems, warnings = [], []
    hooks = _hook_names()
    short = {h.removeprefix("formsift_"): h for h in hooks}
    module_name = getattr(module, "__name__", None)
    for attr in dir(module):
        obj = getattr(module, attr, None)
        if not callable(obj) or _hookimpl_opts(pm, module, attr) is not None:
            continue
        if attr in hooks and obj is not getattr(hookspecs, attr):  # not the spec imported
            problems.append(f"{attr}() looks like a hook implementation but is not "
                            f"decorated with @hookimpl (from formsift import hookimpl), so "
                            f"it would never be called")
        elif (attr in short and inspect.isroutine(obj)
              and getattr(obj, "__module__", None) == module_name
              and _hookimpl_opts(pm, module, short[attr]) is None):
            warnings.append(f"{attr}() looks like a hook implementation but is not "
                            f"decorated with @hookimpl and lacks the 'formsift_' prefix: if "
                            f"it is one, name it {short[attr]!r} and decorate it with "
                            f"@hookimpl")
    return problems, warnings


def _hookimpl_opts(pm: pluggy.PluginManager, module: Any, attr: str) -> Any:
    try:
        return pm.parse_hookimpl_opts(module, attr)
    except Exception:  # an attribute whose access raises is not a hook implementation
        return None


def _component_errors(cls: type, kind: ComponentKind) -> list[str]:
    """What keeps ``cls`` from being a usable component: every component has a name
    (what templates and options refer to; one the template grammar can write, for the
    kinds templates name), a version (recorded in every result's audit) and a pydantic
    ``Options`` model (against which ``formsift check`` validates options; an exporter's
    needs none given, as ``-f NAME`` gives none)."""
    from pydantic import BaseModel

    errors = []
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name.strip():
        errors.append(f"'name' must be a non-empty string (got {name!r})")
    elif name != name.strip() or any(c.isspace() for c in name):
        errors.append(f"'name' must not contain spaces (got {name!r})")
    elif kind in TEMPLATE_NAMED and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        errors.append(f"'name' must be a name templates can write (letters, digits and '_', "
                      f"not starting with a digit; got {name!r})")
    version = getattr(cls, "version", None)
    if not isinstance(version, str) or not version.strip():
        errors.append(f"'version' must be a non-empty string such as '1.0.0' "
                      f"(got {version!r})")
    options = getattr(cls, "Options", None)
    if not (isinstance(options, type) and issubclass(options, BaseModel)):
        errors.append(f"'Options' must be a pydantic model class (subclass formsift.Options; "
                      f"got {options!r})")
    elif kind == ComponentKind.EXPORTER:  # -f NAME gives no options
        required = [n for n, f in options.model_fields.items() if f.is_required()]
        if required:
            errors.append(f"its Options has required fields ({', '.join(required)}), but "
                          f"exporters take no options: give each a default")
    if kind == ComponentKind.FIELD_TYPE:
        value_kind = getattr(cls, "value_kind", None)
        if value_kind not in FIELD_KINDS:
            errors.append(f"'value_kind' must be one of {', '.join(sorted(FIELD_KINDS))} "
                          f"(got {value_kind!r})")
        positional = getattr(cls, "positional", None)
        if positional is not None and isinstance(options, type) \
                and issubclass(options, BaseModel) and positional not in options.model_fields:
            errors.append(f"'positional' names the option {positional!r}, which its Options "
                          f"does not have (options: "
                          f"{', '.join(options.model_fields) or 'none'})")
    declared = getattr(cls, "kind", None)
    if declared != kind:
        errors.append(f"its 'kind' is {declared!r} but it was returned from the "
                      f"{kind.value} hook")
    return errors


#: Kinds whose components templates name (``field x: NAME``, ``preprocess NAME``).
TEMPLATE_NAMED = frozenset({ComponentKind.FIELD_TYPE, ComponentKind.PREPROCESSOR,
                            ComponentKind.SEGMENTER, ComponentKind.RECOGNIZER})


def _function_errors(fn: Any) -> list[str]:
    """What keeps a validator's :class:`~formsift.core.kinds.Function` from being called
    as rules call it (its kinds, and ``impl`` taking one argument per parameter)."""
    if not isinstance(fn, Function):
        return [f"expected a formsift.Function, got {type(fn).__name__}"]
    errors = []
    if not isinstance(fn.name, str) or not fn.name.isidentifier():
        errors.append(f"its name must be an identifier (got {fn.name!r})")
    kinds = ", ".join(sorted(FUNCTION_KINDS))
    bad = [k for k in fn.params if k not in FUNCTION_KINDS]
    if bad:
        errors.append(f"parameter kinds {bad} are not among {kinds}")
    if fn.returns not in FUNCTION_KINDS:
        errors.append(f"return kind {fn.returns!r} is not one of {kinds}")
    files = getattr(fn, "file_params", ())
    if not isinstance(files, tuple) or any(
            not isinstance(i, int) or not 0 <= i < len(fn.params)
            or fn.params[i] not in ("text", "any") for i in files):
        errors.append(f"file_params {files!r} must be a tuple of the positions (0-based) "
                      f"of text parameters")
    for what, func, count in (("impl", fn.impl, len(fn.params)), ("check", fn.check, 1)):
        if func is None and what == "check":
            continue
        if not callable(func):
            errors.append(f"'{what}' is not callable")
            continue
        try:
            inspect.signature(func).bind(*([None] * count))
        except TypeError as exc:
            errors.append(f"'{what}' cannot be called with {count} argument(s) ({exc})")
        except ValueError:  # a builtin without a signature: trusted
            pass
    return errors


def _guarded(fn: Function, validator: Component, info: ComponentInfo) -> Function:
    """``fn`` calling its validator's ``setup`` before first use, with a ``check`` whose
    failure (an exception, a result other than ``(message, hint)`` or None) is reported
    at the rule's line, naming the function, its validator and distribution."""
    impl, check = fn.impl, fn.check
    who = (f"rule function {fn.name!r} (validator {info.name!r}, distribution "
           f"{info.distribution!r})")

    @functools.wraps(impl)
    def ready_impl(*args: Any) -> Any:
        set_up(validator)
        return impl(*args)

    if info.distribution != BUILTIN_DIST:  # named when it fails (templates.rules._origin)
        release = f"{info.distribution} {info.dist_version}".strip()
        module = getattr(impl, "__module__", None)
        ready_impl.formsift_origin = (  # type: ignore[attr-defined]
            f"validator {info.name!r} of {release}" + (f", module {module}" if module else ""))

    def guarded_check(args: list[Any]) -> tuple[str, str | None] | None:
        assert check is not None
        try:
            set_up(validator)
            problem = check(args)
        except Exception as exc:
            return f"{who}: check() raised {type(exc).__name__}: {exc}", "a bug in the plugin"
        if problem is None or (isinstance(problem, tuple) and len(problem) == 2
                               and isinstance(problem[0], str)
                               and isinstance(problem[1], (str, type(None)))):
            if problem is None or info.distribution == BUILTIN_DIST:
                return problem
            message, hint = problem  # a plugin's: say whose check it is
            return message, (f"{hint}; " if hint else "") + f"reported by {who}"
        return (f"{who}: check() returned {problem!r}, not (message, hint) or None",
                "a bug in the plugin")

    return dataclasses.replace(fn, impl=ready_impl,
                               check=guarded_check if check is not None else None)


def _extra_plugin_pairs(extra_plugins: Any) -> list[tuple[str, Any]]:
    """``discover``'s ``extra_plugins`` as (name, module-or-object) pairs: a module, a
    module name or a pair each, or one module or name alone."""
    from formsift.core.errors import FormsiftError

    if isinstance(extra_plugins, (str, types.ModuleType)):
        extra_plugins = [extra_plugins]
    pairs: list[tuple[str, Any]] = []
    for item in extra_plugins:
        if isinstance(item, str):
            pairs.append((item, item))
        elif isinstance(item, types.ModuleType):
            pairs.append((item.__name__, item))
        elif (isinstance(item, (tuple, list)) and len(item) == 2
              and isinstance(item[0], str)):
            pairs.append((item[0], item[1]))
        else:
            raise FormsiftError(
                f"extra_plugins takes modules, module names or (name, plugin) pairs, not "
                f"{type(item).__name__} {repr(item)[:60]}; pass ('my_plugin', obj) for an "
                f"object with @hookimpl methods")
    return pairs


# Python's words for a call a function's signature does not take
_CALL_MISMATCH = re.compile(r"([\w.<>]+)\.(\w+)\(\) (?:takes \d+ positional argument|"
                            r"missing \d+ required|got an unexpected keyword argument|"
                            r"got multiple values for argument|takes no arguments)")


def _invalid_hook(pm: pluggy.PluginManager, exc: pluggy.PluginValidationError) -> str:
    """pluggy's refusal of a hook in one line: a hook taking arguments formsift's does
    not give (written for another formsift version) says which, and what formsift gives."""
    text = str(exc)
    m = re.search(r"for hook '(\w+)'.*Argument\(s\) \{(.*)\} are declared in the hookimpl",
                  text, re.S)
    caller = getattr(pm.hook, m.group(1), None) if m else None
    spec = getattr(caller, "spec", None)
    if m is None or spec is None:
        return "; ".join(line.strip() for line in text.splitlines() if line.strip())
    return (f"hook {m.group(1)!r} takes argument(s) {m.group(2)}, which formsift's "
            f"{m.group(1)}({', '.join(spec.argnames)}) does not give (written for another "
            f"formsift version? see formsift.core.hookspecs)")


def _owner(module: str, modules: dict[str, list[_Plugin]]) -> tuple[str, str] | None:
    """(plugin, distribution) whose code ``module`` is (:meth:`_plugin_modules`): the
    plugins of the module, else of the closest module of its package; ("", distribution)
    when several plugins of one distribution are as close; None outside every plugin."""
    parts = module.split(".")
    best: list[_Plugin] = []
    best_depth = 0
    for name, plugins in modules.items():
        other = name.split(".")
        depth = next((i for i, (a, b) in enumerate(zip(parts, other, strict=False))
                      if a != b), min(len(parts), len(other)))
        exact = depth == len(parts) == len(other)
        depth = depth + 1 if exact else depth  # the module itself beats its package
        if depth > best_depth:
            best, best_depth = list(plugins), depth
        elif depth == best_depth and depth:
            best += [p for p in plugins if p not in best]
    if not best:
        return None
    if len(best) == 1:
        return best[0].name, best[0].distribution
    return "", " / ".join(dict.fromkeys(p.distribution for p in best))


def _normalize_dist(name: str) -> str:
    """A distribution name as pip compares them (PEP 503): case, '-', '_' and '.' alike."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _known(table: dict[str, Any]) -> str:
    return "installed: " + ", ".join(sorted(table)) if table else "none is installed"


_DEFAULT: dict[tuple[frozenset[str], bool | None, tuple[str, ...]], PluginRegistry] = {}


def default_registry(block: Iterable[str] = (), strict: bool | None = None,
                     plugins: Iterable[str] = ()) -> PluginRegistry:
    """A registry built once per process (and per block list and local plugins), reused by
    engines. ``plugins`` names local plugin modules to load besides the installed plugins
    (the CLI's ``--plugin MODULE``): each must import and implement a formsift hook, or
    this raises :class:`PluginError` (:func:`check_plugin_modules`)."""
    plugins = tuple(dict.fromkeys(plugins))
    key = (frozenset(block), strict, plugins)
    if key not in _DEFAULT:
        check_plugin_modules(plugins)
        reg = PluginRegistry.discover(block=block, strict=strict,
                                      extra_plugins=[(m, m) for m in plugins])
        check_plugins_registered(plugins, reg)
        _DEFAULT[key] = reg
    return _DEFAULT[key]


def check_plugin_modules(modules: Iterable[str]) -> None:
    """Each local plugin (``--plugin``) names an importable module: a path
    (``./my_plugin.py``), or a module that fails to import, is a :class:`PluginError` of
    one line."""
    for name in modules:
        if not isinstance(name, str) or name.endswith(".py") or not all(
                part.isidentifier() for part in name.split(".")):
            raise PluginError(_not_a_module_name(name))
        try:
            importlib.import_module(name)
        except Exception as exc:
            hint = ""
            if isinstance(exc, ModuleNotFoundError) and exc.name == name.split(".")[0]:
                hint = (" (run formsift from the folder that holds it, or put that folder "
                        "on PYTHONPATH)")
            raise PluginError(f"cannot import plugin module {name!r}: "
                              f"{type(exc).__name__}: {exc}{hint}") from None


def _not_a_module_name(name: Any) -> str:
    text = str(name)
    message = (f"--plugin takes the name of an importable module (my_plugin, "
               f"mypackage.plugin), not {text!r}")
    stem = os.path.basename(text.rstrip("/\\"))
    if text.endswith(".py") and stem[:-3].isidentifier():
        folder = os.path.dirname(text) or "."
        message += (f": write --plugin {stem[:-3]}, run from the folder that holds "
                    f"{stem} ({folder}) or put that folder on PYTHONPATH")
    elif os.sep in text or "/" in text:
        message += ": a module name, not a path"
    return message


def plugin_roots(modules: Iterable[str]) -> tuple[str, ...]:
    """The folders the local plugin ``modules`` (imported) were imported from, as entries
    of ``sys.path``: for a process that imports them again without the current folder on
    its path (the service's workers)."""
    import sys
    from pathlib import Path

    roots: list[str] = []
    for name in modules:
        module = sys.modules.get(name)
        file = getattr(module, "__file__", None)
        if not file:
            continue
        root = Path(file).resolve().parent
        if Path(file).stem == "__init__":
            root = root.parent
        for _ in range(name.count(".")):
            root = root.parent
        if str(root) not in roots:
            roots.append(str(root))
    return tuple(roots)


def check_plugins_registered(modules: Iterable[str], registry: PluginRegistry) -> None:
    """A local plugin module the registry skipped (it implements no formsift hook, as
    ``--plugin os``; or a hook is broken) is a :class:`PluginError`: the command would go
    on without it."""
    import sys

    loaded = {p.name for p in registry.plugins}
    for name in modules:
        if name in loaded or name in registry.blocked:
            continue
        module = sys.modules.get(name)
        pm = registry.manager
        if module is not None and pm is not None and (pm.is_registered(module) or (
                _hooks_of(pm, module) and _hooks_of(pm, module) <= _registered_hooks(pm))):
            continue  # installed as a distribution too: loaded under that name
        problem = next((p.message for p in registry.problems if p.plugin == name), None)
        if problem is None or "implements no formsift hook" in problem:
            problem = (f"the module {name!r} implements no formsift hook (no function "
                       f"decorated with @hookimpl), so it would add nothing: name the module "
                       f"that holds the plugin's hooks")
        raise PluginError(f"--plugin {name}: {problem}")


def reset_default_registry() -> None:
    """Forget cached registries (after installing a plugin in a running process)."""
    _DEFAULT.clear()


__all__ = [
    "ComponentInfo",
    "PluginProblem",
    "PluginRegistry",
    "check_plugin_modules",
    "check_plugins_registered",
    "default_registry",
    "plugin_roots",
    "reset_default_registry",
]
