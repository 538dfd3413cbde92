"""Built-in validators: functions that template rules call."""

from __future__ import annotations

from formsift.core.hookspecs import hookimpl
from formsift.plugins.validators.basics import BasicsValidator
from formsift.plugins.validators.checksums import ChecksumValidator


@hookimpl
def formsift_register_validators() -> list[type]:
    return [ChecksumValidator, BasicsValidator]
