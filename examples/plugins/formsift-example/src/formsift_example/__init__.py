"""An example formsift plugin distribution."""
