"""Built-in validators: functions that template rules call."""

from __future__ import annotations

from formsift.core.hookspecs import hookimpl
from formsift.plugins.validators.basics import BasicsValidator
from formsift.plugins.validators.checksums import ChecksumValidator
from formsift.plugins.validators.countries import CountryValidator
from formsift.plugins.validators.duplicates import DuplicatesValidator
from formsift.plugins.validators.mrz import MrzValidator
from formsift.plugins.validators.national_ids import NationalIdValidator
from formsift.plugins.validators.plausibility import PlausibilityValidator
from formsift.plugins.validators.words import WordsValidator


@hookimpl
def formsift_register_validators() -> list[type]:
    return [ChecksumValidator, BasicsValidator, NationalIdValidator, MrzValidator,
            PlausibilityValidator, DuplicatesValidator, WordsValidator, CountryValidator]
