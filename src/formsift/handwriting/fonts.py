"""Fonts on this system for synthetic lines: handwriting fonts (from Debian packages such as
fonts-dkg-handwriting, fonts-breip, fonts-bwht, fonts-dancingscript, fonts-femkeklaver,
fonts-humor-sans, fonts-kristi, fonts-rufscript, ...) and regular printed fonts (the
negatives of the printed/handwritten classifier)."""

from __future__ import annotations

import os
from pathlib import Path

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".local/share/fonts"]

#: File-name fragments (lower case) of handwriting fonts.
HANDWRITING = ("bwht", "comic-neue", "dancingscript", "kaushanscript", "levien", "breip",
               "ecolier", "femkeklaver", "fifthhorseman", "dkg", "humor-sans", "klee", "kristi",
               "rufscript", "sjfonts", "tomsontalks", "yusei-magic")
#: Printed fonts: file-name fragments (lower case).
PRINTED = ("dejavu", "liberation", "free", "nimbus", "urw", "texgyre", "noto", "p052",
           "c059", "d050000l")
#: Fonts that miss too many characters or are not Latin text.
EXCLUDE = ("symbol", "dingbat", "z003", "standardsymbols", "math", "emoji")


def _all_fonts() -> list[Path]:
    extra = os.environ.get("FORMSIFT_FONTS")
    dirs = ([Path(p) for p in extra.split(os.pathsep)] if extra else []) + FONT_DIRS
    out: list[Path] = []
    for d in dirs:
        if d.is_dir():
            out.extend(p for p in d.rglob("*") if p.suffix.lower() in (".ttf", ".otf"))
    return sorted(set(out))


def handwriting_fonts(more: tuple[str, ...] = ()) -> list[Path]:
    """Installed handwriting font files, sorted (deterministic). ``more``: further
    file-name fragments (a training config's ``more_fonts``; the sample generator and
    the style model keep the default list, so their data does not change with them)."""
    keys = HANDWRITING + tuple(k.lower() for k in more)
    return [p for p in _all_fonts() if any(k in p.name.lower() or k in p.parent.name.lower()
                                           for k in keys)
            and not any(k in p.name.lower() for k in EXCLUDE)
            and not any(k in p.name.lower() for k in PRINTED)]


def printed_fonts() -> list[Path]:
    """Installed regular (printed) font files, sorted."""
    hand = set(handwriting_fonts())
    return [p for p in _all_fonts() if p not in hand
            and any(k in p.name.lower() for k in PRINTED)
            and not any(k in p.name.lower() for k in EXCLUDE)
            and "mono" not in p.name.lower()]
