"""Built-in plugins, one sub-package per kind. Each registers through the ``formsift``
entry-point group exactly as third-party plugins do (see ``pyproject.toml``)."""
