"""What the template language offers, described for the generated reference
(``scripts/reference_docs.py`` writes ``docs/reference.md`` from this module and from the
installed components). Tests check that every grammar alternative, built-in function,
normalization step and ``combine`` mode is described here, so the reference cannot drift
from the language."""

from __future__ import annotations

#: Locators, keyed by their rule name in ``formsift.lark`` (``?locator``).
LOCATORS: dict[str, tuple[str, str]] = {
    "relative": ("right of LABEL | left of LABEL | below LABEL | above LABEL",
                 "next to a label: on its line to the right (or a text block at the same "
                 "height), to the left (nearest first), or in the nearest line below/above "
                 "in the label's column"),
    "after": ("after LABEL", "in the words directly following the label on its line"),
    "in_region": ("in REGION", "inside a declared region"),
    "at_box": ("box(x0, y0, x1, y1)", "inside a box given in place (page fractions or %)"),
    "pattern_locator": ("pattern /re/", "wherever the regex matches within a line (its "
                                        "first group, if it has one)"),
    "search_locator": ("search /re/", "the regex over the document's layout text, across "
                                      "lines and pages (as pdftotext -layout lays it out); "
                                      "the value is the group named like the field, else "
                                      "the first group, else the match; every match is a "
                                      "candidate, in reading order"),
    "anywhere": ("anywhere", "wherever the field's type finds a value (IBANs, VAT numbers)"),
    "constant": ("value LITERAL", "a constant"),
}

#: Field modifiers, keyed by their rule name in ``formsift.lark`` (``modifier``).
MODIFIERS: dict[str, tuple[str, str]] = {
    "scope": ("in REGION", "only look inside the region (a search reads the region's "
                           "lines, one per line, words one space apart)"),
    "pattern": ("pattern /re/", "the value is what the regex matches in the located text"),
    "on_pages": ("on first page | on last page | on page N | on pages N-M",
                 "only look on these pages"),
    "within": ("within 10%", "at most this far from the label"),
    "handwritten": ("handwritten", "a hint: the value is handwritten (routes it to a "
                                   "handwriting recognizer)"),
    "default": ("default LITERAL", "the value when nothing is found (checked against the "
                                   "type)"),
    "from_mod": ("from LABEL", "a search reads only the text after the first match"),
    "until_mod": ("until LABEL", "a search reads only the text before the next match "
                                 "(after `from`)"),
    "each_line": ("each line", "a search runs on each text line alone, and finds at most "
                               "one value per line"),
    "combine": ("combine sum | min | max | first | last | join",
                "one value made of every candidate (in reading order for a search): "
                "the sum, the smallest, ..., or the texts joined by spaces"),
}

#: Table items besides columns, keyed by rule name (``?table_item`` and ``?row_rule``).
TABLE_ITEMS: dict[str, tuple[str, str]] = {
    "table_start": ("from LABEL", "start looking after this label (line rules: each block "
                                  "of text starts after a match)"),
    "until": ("until LABEL", "where the table ends (line rules: where each block ends)"),
    "table_scope": ("in REGION", "only inside a region"),
    "row_line": ("line /re/", "line rules: a text line matching it adds its named groups "
                              "to the row (or makes a row when there is no first_line)"),
    "row_first": ("first_line /re/", "line rules: a matching text line starts a row"),
    "row_last": ("last_line /re/", "line rules: a matching text line ends the row"),
    "row_skip": ("skip_line /re/", "matching text lines are ignored (line rules, and "
                                  "tables read by headers)"),
    "row_block": ("block { from ... until ... line ... }",
                  "another set of line rules with its own from/until; rows of every set are "
                  "kept, set after set"),
}

#: Normalization steps of ``normalize { ... }`` (the layout text ``search`` reads).
NORMALIZE: dict[str, str] = {
    "remove_spaces": "remove every space character (line breaks stay)",
    "remove_accents": "drop accents: é -> e (Unicode decomposition, combining marks removed)",
    "lowercase": "lower-case the text",
    "replace": 'replace /re/ "text": regex substitution; \\\\1 or \\\\g<name> in the text '
               "refer to groups",
}

#: Functions every template's rules can call (validators add more).
FUNCTIONS: dict[str, tuple[str, str]] = {
    "sum": ("sum(table.column) / sum(table.column where condition)",
            "the sum of a column (money or numbers); with where, of the rows that meet the "
            "condition, in which the table's cells are named table.column: each summary: "
            "hours == sum(entries.hours where entries.tk == tk). min, max, avg, first, last "
            "and count_true take where too"),
    "count": ("count(table) / count(table.column) / count(table where condition)",
              "how many rows a table has / how many cells of a column have a value / how "
              "many rows meet the condition"),
    "min": ("min(table.column) / min(a, b, ...)", "the smallest value"),
    "max": ("max(table.column) / max(a, b, ...)", "the largest value"),
    "avg": ("avg(table.column)", "the mean of a column"),
    "count_true": ("count_true(a, b, ...) / count_true(table.column)",
                   "how many of the true/false values are true: a group of checkboxes "
                   "of which exactly one is ticked, count_true(a, b, c) == 1"),
    "first": ("first(table.column)", "the column's value in the table's first row"),
    "last": ("last(table.column)", "the column's value in the table's last row"),
    "previous": ("each table: ... previous(column) ...",
                 "in an each rule, the column's value in the row before (the first row "
                 "is not checked): each tx: balance == previous(balance) + amount; in an "
                 "each page rule, a repeated field's value on the page before: each page: "
                 "bf == previous(cf)"),
    "lookup": ("lookup(key, table.keycol, table.valuecol)",
               "valuecol in the first row whose keycol equals key (as == compares: text "
               "ignoring case and the spaces around it, a name also as a machine-readable "
               "zone writes it; a row equal as written first); no such row: the rule is not "
               "evaluated and the record or packet goes to review. In a packet: each "
               "inv.items: unit_price == lookup(article, po.items.article, "
               "po.items.unit_price)"),
    "present": ("present(field)", "whether the field has a value (a table: whether it has "
                                  "rows)"),
    "missing": ("missing(field)", "whether the field has no value"),
    "confidence": ("confidence(field)", "the field's confidence, 0..1"),
    "passed": ("passed(rule)", "whether a rule held"),
    "failed": ("failed(rule)", "whether a rule failed"),
}
