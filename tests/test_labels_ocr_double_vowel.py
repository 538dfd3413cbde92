"""On a scan, Dutch "vóór" read "v66r" (two accented vowels side by side, each read as a
"6") is the label "Te betalen vóór", for text and regex labels; three "6" in a row, or
the digits of a size or a number, stay digits."""

from __future__ import annotations


def ocr_line(*texts):
    from formsift.core.document import Document, Page, Word
    from formsift.core.geometry import Box

    words, x = [], 0.05
    for text in texts:
        w = 0.012 * len(text)
        words.append(Word(text, Box(x, 0.1, x + w, 0.12), 0, 0.97, "ppocr_rec",
                          char_confidences=tuple([0.97] * len(text))))
        x += w + 0.012
    return Document("sha256:test", "t", "image/png", [Page(0, 100, 100, words=words)], "t")


def run(src, doc, registry):
    from formsift.templates import check_source, runtime

    (t,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    ex = runtime.run(t, doc)
    return {k: (v.value if v is not None else None) for k, v in ex.fields.items()}


VOOR = """template t {
  locale "nl"
  field due: date? = right of "Te betalen vóór"
  field due_re: date? = right of /Te betalen vóór:?/
}"""


def test_two_accented_vowels_read_as_sixes(registry):
    got = run(VOOR, ocr_line("Te", "betalen", "v66r:", "18", "december", "2026"), registry)
    assert str(got["due"]) == "2026-12-18"
    assert str(got["due_re"]) == "2026-12-18"


def test_three_sixes_or_digits_of_a_number_stay_digits(registry):
    from formsift.templates.labels import _as_letters, _loose_word

    assert _loose_word("v666r") == "v666r"
    assert _as_letters("2x6x4") == "2x6x4"
    assert _as_letters("v66r:") == "voor:"
    got = run("""template t {
  field ref: text? = right of "Ref voor"
}""", ocr_line("Ref", "v666r", "X1"), registry)
    assert got["ref"] is None
