"""A plugin with a misspelled hook name (for the registry's error tests)."""

from formsift.core.hookspecs import hookimpl


@hookimpl
def formsift_register_loader():  # misspelled: the hook is formsift_register_loaders
    return []
