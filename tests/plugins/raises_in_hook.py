"""A plugin whose registration hook raises, and one that returns a non-component."""

from formsift.core.hookspecs import hookimpl


@hookimpl
def formsift_register_exporters():
    raise RuntimeError("exporter registry exploded")


@hookimpl
def formsift_register_loaders():
    return [object]
