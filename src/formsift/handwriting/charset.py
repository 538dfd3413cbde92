"""The characters the shipped handwriting recognizer can read.

Index 0 of the model's output is the CTC blank; index ``i + 1`` is ``CHARSET[i]``. The
charset is also written into every exported model's metadata (key ``charset``), so a model
trained by a user with another charset is read correctly.
"""

from __future__ import annotations

DIGITS = "0123456789"
LOWER = "abcdefghijklmnopqrstuvwxyz"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ACCENTS = "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŒÆß"
PUNCT = " !\"#$%&'()*+,-./:;<=>?@[]_€£°’"

CHARSET = DIGITS + LOWER + UPPER + ACCENTS + PUNCT

#: Characters folded onto the charset before training or scoring (typographic variants).
FOLD = {"‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-", "\t": " ",
        "\u00a0": " ", "…": "...", "ﬁ": "fi", "ﬂ": "fl"}


def normalize_text(text: str, charset: str = CHARSET) -> str:
    """``text`` folded onto ``charset``: typographic variants replaced, unknown characters
    dropped, runs of spaces collapsed."""
    out = []
    for ch in text:
        ch = FOLD.get(ch, ch)
        out.extend(c for c in ch if c in charset)
    return " ".join("".join(out).split())
