"""A plugin number type for tests: ``weight``, a decimal number of kilograms."""

from __future__ import annotations

from formsift.core.hookspecs import hookimpl
from formsift.plugins.fieldtypes.amounts import DecimalType


class WeightType(DecimalType):
    name = "weight"
    version = "1.0"
    summary = "test type: a weight in kilograms (a decimal number)"


@hookimpl
def formsift_register_field_types():
    return [WeightType]
