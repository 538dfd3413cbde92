"""Template-writing advice shared by ``formsift check`` and the runtime's reasons."""

from __future__ import annotations


def no_rows_form(table: str, each: bool) -> str:
    """How a rule says that ``table`` may have no rows: ``missing(T) or ...`` before a
    plain condition; for an ``each`` rule, which ``or`` cannot precede, a count of the rows
    that fail (``missing(T) or count(T where not (T.COLUMN ...)) == 0``: in ``where`` a
    row's cells are named with their table, ``miles.km``)."""
    if each:
        return f"missing({table}) or count({table} where not ({table}.COLUMN ...)) == 0"
    return f"missing({table}) or ..."
