"""Robustness: any input to the parser, checker and formatter gives a result or a clean
error — never a crash, never a hang."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from formsift.grammar.formatter import format_source
from formsift.grammar.parser import parse
from formsift.templates import check_source

TOKENS = ["template", "t", "{", "}", "field", "x", "y", ":", "money", "date", "text?", "=",
          "right", "of", "below", "\"Total\"", "/a+/", "in", "region", "box", "(", ")",
          "10%", ",", "0.5", "rule", "r", "==", "+", "sum", "items.amount", "table",
          "header", "until", "match", "contains", "not", "any", "review", "when", "and",
          "or", "each", "tolerance", "message", "\n", " ", "#", "pipeline", "preprocess",
          "[]", "|", "'", "\"", "/", "%", "weight", "-", "*", "pattern", "on", "last", "page"]

VALID = '''template t {
  region totals = box(50%, 50%, 100%, 100%)
  field x: money = right of "Total" in totals
  field y: money? = below "Net"
  table items {
    amount: money header "Amount"
    until "Sum"
  }
  rule r: x == sum(items.amount) tolerance 0.01
  review when confidence(x) < 0.9
}
'''


def _no_crash(source: str, registry) -> None:
    start = time.perf_counter()
    tree, diags = parse(source, "fuzz.sift")
    if tree is None:
        assert diags, "a failed parse must say why"
        for d in diags:
            d.format()
    else:
        _, sem = check_source(source, "fuzz.sift", registry)
        for d in sem:
            assert d.line >= 0
            d.format()
        if not [d for d in sem if d.severity == "error"]:
            once = format_source(source)
            assert format_source(once) == once
    assert time.perf_counter() - start < 5, "parsing must not hang"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=60).map(" ".join))
def test_token_soup(registry, source):
    _no_crash(source, registry)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text(registry, source):
    _no_crash(source, registry)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(VALID) - 1), st.integers(1, 12), st.text(max_size=6))
def test_mutations_of_a_valid_template(registry, pos, cut, insert):
    _no_crash(VALID[:pos] + insert + VALID[pos + cut:], registry)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3000),
       st.lists(st.sampled_from(["+", "-", "*", "/", "and", "or", "==", "<"]), min_size=1,
                max_size=4),
       st.sampled_from(["", "not ", "- "]))
@example(3000, ["+"], "")
@example(98, ["+"], "")
@example(40, ["*"], "- ")
def test_long_expressions_check_and_run_or_give_a_clean_error(registry, length, ops, prefix):
    """A rule with thousands of operators (and unary chains) checks, extracts and formats,
    or is a one-line error about its nesting: never a RecursionError."""
    from formsift.core.document import Document, Page
    from formsift.templates import runtime

    chain = "".join(f" {ops[i % len(ops)]} a" for i in range(length))
    expr = prefix * (length % 150) + "a" + chain
    source = f"template t {{\n  field a: money = value 2\n  warn r: {expr}\n}}\n"
    _no_crash(source, registry)
    templates, diags = check_source(source, "fuzz.sift", registry)
    if templates and not [d for d in diags if d.severity == "error"]:
        doc = Document("sha256:fuzz", "fuzz", "application/pdf", [Page(0, 100, 100)], "fuzz")
        runtime.run(templates[0], doc)
    else:
        assert all(d.line == 3 for d in diags if d.severity == "error")
