"""An example formsift plugin distribution: see ``formsift_example.plugin``."""

__version__ = "0.1.0"
