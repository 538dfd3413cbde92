"""The plugin registry: discovers plugins through entry points and indexes their components.

Built-in components are published under the same ``formsift`` entry-point group as
third-party ones, so they travel the same path. A broken third-party plugin (fails to
import, misspells a hook, clashes by name) is reported in :attr:`PluginRegistry.problems`
and skipped, unless ``strict`` is set, in which case it raises :class:`PluginError`.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import pluggy

from formsift.core import hookspecs
from formsift.core.components import Component, ComponentKind
from formsift.core.errors import ComponentNotFound, PluginError
from formsift.core.kinds import KIND_BASES
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


@dataclass
class PluginRegistry:
    """Every installed component, by kind and name, plus the problems met loading them."""

    components: dict[ComponentKind, dict[str, ComponentInfo]] = field(default_factory=dict)
    problems: list[PluginProblem] = field(default_factory=list)
    plugins: list[_Plugin] = field(default_factory=list)
    blocked: frozenset[str] = frozenset()
    strict: bool = False
    manager: pluggy.PluginManager | None = None

    # -- lookup -----------------------------------------------------------------------
    def get(self, kind: ComponentKind | str, name: str) -> ComponentInfo:
        """The component ``name`` of ``kind``; a did-you-mean error when there is none."""
        kind = ComponentKind(kind)
        table = self.components.get(kind, {})
        if name in table:
            return table[name]
        msg = f"no {kind.value.replace('_', ' ')} named {name!r} is installed"
        hint = did_you_mean(name, table)
        if self.problems:  # the component may be in a plugin that failed to load
            msg += " (not loaded, so their components are missing: " + "; ".join(
                str(p) for p in self.problems) + ")"
        raise ComponentNotFound(msg + (f"; did you mean {hint!r}?" if hint else ""),
                                hint=None if hint else _known(table))

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

    # -- building ---------------------------------------------------------------------
    @classmethod
    def discover(cls, *, block: Iterable[str] = (), strict: bool | None = None,
                 extra_plugins: Iterable[tuple[str, Any]] = ()) -> PluginRegistry:
        """Load every plugin of the ``formsift`` entry-point group and index its components.

        ``block`` names plugins (entry-point names or distribution names) not to load; the
        ``FORMSIFT_BLOCK_PLUGINS`` environment variable (comma-separated) adds to it.
        ``strict`` (or ``FORMSIFT_STRICT_PLUGINS=1``) turns every plugin problem into an
        error. ``extra_plugins`` registers (name, module-or-object) pairs directly, which
        tests and applications use for plugins that are not installed distributions.
        """
        env_block = {b.strip() for b in os.environ.get("FORMSIFT_BLOCK_PLUGINS", "").split(",")}
        blocked = frozenset(b for b in {*block, *env_block} if b)
        if strict is None:
            strict = os.environ.get("FORMSIFT_STRICT_PLUGINS", "") not in ("", "0", "false")
        reg = cls(blocked=blocked, strict=strict)
        pm = pluggy.PluginManager(hookspecs.PROJECT)
        pm.add_hookspecs(hookspecs)
        reg.manager = pm
        for ep, dist, version in _entry_points():
            if ep.name in blocked or dist in blocked:
                pm.set_blocked(ep.name)
                continue
            try:
                module = ep.load()
            except Exception as exc:  # a plugin's import error must not sink the SDK
                reg._problem(ep.name, dist, f"failed to import {ep.value!r}: "
                                            f"{type(exc).__name__}: {exc}")
                continue
            reg._register(pm, _Plugin(ep.name, dist, version, module))
        for name, obj in extra_plugins:
            if name in blocked:
                continue
            if isinstance(obj, str):
                obj = importlib.import_module(obj)
            reg._register(pm, _Plugin(name, "<local>", "", obj))
        reg._collect()
        return reg

    def _problem(self, plugin: str, dist: str, message: str) -> None:
        problem = PluginProblem(plugin, dist, message)
        if self.strict:
            raise PluginError(str(problem), distribution=dist)
        self.problems.append(problem)
        logging.getLogger("formsift.plugins").warning("%s (skipped; strict mode makes this "
                                                      "an error)", problem)

    def _register(self, pm: pluggy.PluginManager, plugin: _Plugin) -> None:
        if pm.get_plugin(plugin.name) is not None:
            other = next((p for p in self.plugins if p.name == plugin.name), None)
            self._problem(plugin.name, plugin.distribution,
                          f"a plugin of the same name is already registered by "
                          f"{other.distribution if other else 'another distribution'!r}")
            return
        unknown = _misspelled_hooks(plugin.module)
        if unknown:
            known = [n for n in dir(hookspecs) if n.startswith("formsift_")]
            details = "; ".join(
                f"{u!r}" + (f" (did you mean {h!r}?)" if (h := did_you_mean(u, known)) else "")
                for u in unknown)
            self._problem(plugin.name, plugin.distribution,
                          f"implements unknown hook(s) {details}")
            return
        try:
            pm.register(plugin.module, name=plugin.name)
        except pluggy.PluginValidationError as exc:
            self._problem(plugin.name, plugin.distribution, f"invalid hook: {exc}")
            return
        self.plugins.append(plugin)

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
                    classes = list(impl.function() or [])
                except Exception as exc:
                    self._problem(plugin.name, plugin.distribution,
                                  f"{hook_name}() raised {type(exc).__name__}: {exc}")
                    continue
                for cls in classes:
                    self._add(kind, cls, plugin, table)

    def _add(self, kind: ComponentKind, cls: Any, plugin: _Plugin,
             table: dict[str, ComponentInfo]) -> None:
        base = KIND_BASES[kind]
        if not (isinstance(cls, type) and issubclass(cls, base)):
            self._problem(plugin.name, plugin.distribution,
                          f"returned {cls!r} from its {kind.value} hook; expected a subclass "
                          f"of formsift.{base.__name__}")
            return
        name = getattr(cls, "name", None)
        if not isinstance(name, str) or not name:
            self._problem(plugin.name, plugin.distribution,
                          f"{cls.__name__} has no 'name' attribute")
            return
        if name in self.blocked:
            return
        if name in table:
            first = table[name]
            self._problem(plugin.name, plugin.distribution,
                          f"{kind.value.replace('_', ' ')} {name!r} is already provided by "
                          f"distribution {first.distribution!r} (plugin {first.plugin!r}); "
                          f"keeping that one")
            return
        table[name] = ComponentInfo(cls, plugin.distribution, plugin.dist_version, plugin.name)


def _entry_points() -> list[tuple[metadata.EntryPoint, str, str]]:
    found = []
    seen: set[tuple[str, str]] = set()
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist is not None else "<unknown>"
        version = ep.dist.version if ep.dist is not None else ""
        if (ep.name, ep.value) in seen:  # the same distribution seen twice on sys.path
            continue
        seen.add((ep.name, ep.value))
        found.append((ep, dist, version))
    # Built-ins first, so their names win and they are offered inputs first.
    found.sort(key=lambda t: (t[1] != BUILTIN_DIST,))
    return found


def _misspelled_hooks(module: Any) -> list[str]:
    names = []
    for attr in dir(module):
        if not attr.startswith("formsift_"):
            continue
        obj = getattr(module, attr, None)
        if callable(obj) and not hasattr(hookspecs, attr):
            names.append(attr)
    return names


def _known(table: dict[str, Any]) -> str:
    return "installed: " + ", ".join(sorted(table)) if table else "none is installed"


_DEFAULT: dict[tuple[frozenset[str], bool | None], PluginRegistry] = {}


def default_registry(block: Iterable[str] = (), strict: bool | None = None) -> PluginRegistry:
    """A registry built once per process (and per block list), reused by engines."""
    key = (frozenset(block), strict)
    if key not in _DEFAULT:
        _DEFAULT[key] = PluginRegistry.discover(block=block, strict=strict)
    return _DEFAULT[key]


def reset_default_registry() -> None:
    """Forget cached registries (after installing a plugin in a running process)."""
    _DEFAULT.clear()


__all__ = [
    "ComponentInfo",
    "PluginProblem",
    "PluginRegistry",
    "default_registry",
    "reset_default_registry",
]
