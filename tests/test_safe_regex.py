"""Template regexes: named groups read from a pattern's text agree with the compiler."""

from __future__ import annotations

from pathlib import Path

import pytest

from formsift.util.safe_regex import compile_pattern, named_groups

CASES = [
    r"(?P<total>\d+[.,]\d{2})",
    r"(?<date>\d{2}\.\d{2}\.\d{4})\s+(?P<no>\w+)",
    r"\(?P<not_a_group>\)(?P<real>x)",  # escaped parentheses are literals
    r"[(?P<in_a_set>)](?P<after>y)",  # inside a set: literals
    r"[]a(?P<x>b)](?P<y>c)",  # a "]" first in a set is a literal
    r"[^]a](?P<z>c)",
    r"(?<=Total:)\s*(?P<v>\d+)(?<!0)",  # lookbehinds are not groups
    r"(?#a comment: [ ( )(?P<kept>k)",
    r"(?P<a>x)(?P=a)(?P<b>y)",  # a back-reference is not a group
    r"(?i)(?P<ci>abc)",
    r"(?P<dup>a)|(?P<dup>b)",
    r"no groups (at all)",
]


@pytest.mark.parametrize("pattern", CASES)
def test_named_groups_agree_with_the_compiled_pattern(pattern):
    assert named_groups(pattern) == tuple(compile_pattern(pattern).groupindex)


@pytest.mark.parametrize("pattern,flags", [(r"(?x) (?P<a> x ) # (?P<b>y)", ""),
                                           (r"(?P<a>x) # (?P<b>y)", "x"),
                                           (r"(?V1)[[a-z]--[aeiou]](?P<c>x)", "")])
def test_verbose_and_version_1_patterns_are_left_to_the_compiler(pattern, flags):
    assert named_groups(pattern, flags) is None


def test_every_regex_of_the_shipped_templates_agrees():
    from formsift.grammar import ast as A
    from formsift.grammar.parser import parse

    root = Path(__file__).resolve().parents[1]
    files = [*(root / "src/formsift/templates/library").glob("*.sift"),
             *(root / "benchmarks/templates").glob("*.sift"),
             *(root / "examples").rglob("*.sift")]
    found: set[tuple[str, str]] = set()

    def walk(node: object) -> None:
        if isinstance(node, A.Regex):
            found.add((node.pattern, node.flags))
        elif isinstance(node, (list, tuple)):
            for v in node:
                walk(v)
        elif hasattr(node, "__dataclass_fields__"):
            for name in node.__dataclass_fields__:
                walk(getattr(node, name))

    for f in files:
        walk(parse(f.read_text(encoding="utf-8"), str(f))[0])
    assert len(found) > 15
    for pattern, flags in found:
        assert named_groups(pattern, flags) in (None, tuple(
            compile_pattern(pattern, flags).groupindex)), pattern


def test_a_search_starved_by_another_thread_is_tried_again():
    # the limit is wall-clock: a thread that hardly ran (another one held the
    # interpreter, rendering a page) did not time out, its pattern is not catastrophic
    import time

    from formsift.util.safe_regex import RegexTimeout, search

    class Starved:
        pattern = "Page (\\d+) of (\\d+)"
        calls = 0

        def search(self, text, timeout):
            self.calls += 1
            if self.calls == 1:
                time.sleep(timeout)  # time passes, this thread does not run
                raise TimeoutError("regex timed out")
            return "found"

    rx = Starved()
    assert search(rx, "Page 1 of 2", timeout=0.05) == "found" and rx.calls == 2
    # a catastrophic pattern uses the CPU: it times out for good
    with pytest.raises(RegexTimeout):
        search(compile_pattern(r"(a|aa)+$"), "a" * 40 + "!", timeout=0.05)
