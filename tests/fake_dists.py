"""Installed distributions for plugin-discovery tests, as pip leaves them: a
``formsift_<name>-<version>.dist-info`` folder (METADATA, entry_points.txt) beside the
plugin's modules, in a folder on sys.path. The ``fake_site`` fixture (conftest.py) gives a
:class:`FakeSite` whose modules are forgotten after the test; :func:`field_type_plugin`
writes the usual plugin module's source."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest


class FakeSite:
    """Distributions installed into folders of ``base`` (``folder``; "" is ``base``
    itself), each folder put first on sys.path when first used: a folder used later is
    searched first, as ``importlib.metadata`` lists it."""

    def __init__(self, base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.base = base
        self.monkeypatch = monkeypatch
        self.modules: list[str] = []

    def install(self, name: str, sources: dict[str, str], entries: dict[str, str], *,
                folder: str = "site", requires: tuple[str, ...] = (), metadata: bool = True,
                version: str = "0.1") -> str:
        """Install ``formsift-<name>`` with ``sources`` (dotted module name -> source,
        dedented; packages get an ``__init__.py``), ``formsift`` entry points ``entries``
        (entry-point name -> value), ``Requires-Dist`` lines ``requires`` and, unless
        ``metadata`` is False, a METADATA file -> the distribution's name."""
        root = self.base / folder if folder else self.base
        root.mkdir(exist_ok=True)
        for module, source in sources.items():
            path = root.joinpath(*module.split(".")).with_suffix(".py")
            path.parent.mkdir(parents=True, exist_ok=True)
            for package in list(path.parents)[:module.count(".")]:
                (package / "__init__.py").touch()
            path.write_text(textwrap.dedent(source))
        self.modules += [*sources, *(value.split(":")[0] for value in entries.values())]
        dist = root / f"formsift_{name}-{version}.dist-info"
        dist.mkdir()
        if metadata:
            (dist / "METADATA").write_text(
                f"Metadata-Version: 2.1\nName: formsift-{name}\nVersion: {version}\n"
                + "".join(f"Requires-Dist: {r}\n" for r in requires))
        (dist / "entry_points.txt").write_text(
            "[formsift]\n" + "".join(f"{k} = {v}\n" for k, v in entries.items()))
        if str(root) not in sys.path:
            self.monkeypatch.syspath_prepend(str(root))
        importlib.invalidate_caches()
        return f"formsift-{name}"

    def forget(self) -> None:
        """Drop the installed modules (with their packages and the packages' other
        modules) from sys.modules."""
        for module in self.modules:
            package = module.split(".")[0]
            for loaded in [m for m in sys.modules if m == package or
                           m.startswith(package + ".")]:
                sys.modules.pop(loaded, None)


def field_type_plugin(*types: tuple[str, str, str, str], imports: str = "") -> str:
    """The source of a plugin module whose ``formsift_register_field_types`` hook registers
    a field type for each ``(class, name, value_kind, what parse returns)``, with the
    ``imports`` lines after its own (indented as these tests write a module's source)."""
    classes = "".join(f'''

    class {cls}(FieldType):
        name = "{name}"
        version = "1.0"
        value_kind = "{kind}"

        def parse(self, raw, ctx):
            return {parse}
''' for cls, name, kind, parse in types)
    head = "from formsift import FieldType, hookimpl" + (f"\n    {imports}" if imports else "")
    return f'''
    {head}
{classes}

    @hookimpl
    def formsift_register_field_types():
        return [{", ".join(cls for cls, *_ in types)}]
'''
