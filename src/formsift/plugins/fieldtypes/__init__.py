"""Built-in field types."""

from __future__ import annotations

from formsift.core.hookspecs import hookimpl
from formsift.plugins.fieldtypes.amounts import DecimalType, IntType, MoneyType, PercentType
from formsift.plugins.fieldtypes.barcode import BarcodeType, Gs1Type
from formsift.plugins.fieldtypes.dates import DateType
from formsift.plugins.fieldtypes.digits import DigitsType
from formsift.plugins.fieldtypes.durations import DurationType
from formsift.plugins.fieldtypes.identifiers import BicType, IbanType, VatType
from formsift.plugins.fieldtypes.mrz import MrzType
from formsift.plugins.fieldtypes.payment_qr import EpcQrType, SwissQrType
from formsift.plugins.fieldtypes.text import CheckboxType, EmailType, EnumType, IdType, TextType
from formsift.plugins.fieldtypes.times import TimeType
from formsift.plugins.fieldtypes.zatca_qr import ZatcaQrType


@hookimpl
def formsift_register_field_types() -> list[type]:
    return [TextType, IntType, DecimalType, MoneyType, PercentType, DateType, IdType, EnumType,
            CheckboxType, EmailType, IbanType, BicType, VatType, MrzType, SwissQrType,
            EpcQrType, TimeType, DurationType, ZatcaQrType, BarcodeType, Gs1Type, DigitsType]
