"""A plugin whose field type clashes by name with a built-in one."""

from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import FieldType


class Money(FieldType):
    name = "money"
    version = "9.9.9"

    def parse(self, raw, ctx):
        return raw


@hookimpl
def formsift_register_field_types():
    return [Money]
