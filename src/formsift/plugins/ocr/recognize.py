"""Text recognition with PP-OCRv4's CRNN model: CTC decoding with per-character confidences,
batching by width, word boxes from character positions, and decoding constrained to a
field type's alphabet."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from formsift.core.components import Options
from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Constraint, Recognizer, TextRegion
from formsift.plugins.ocr import diacritics, specks
from formsift.plugins.ocr.models import REC_MODEL, find_model, session
from formsift.plugins.ocr.mrz_lines import (
    MRZ_CHARS,
    ctc_exact,
    greedy_length,
    mrz_columns,
    mrz_like,
    mrz_pitch,
    mrz_width,
)
from formsift.plugins.ocr.mrz_tails import MRZ_ALPHABET, mrz_tail
from formsift.util.safe_regex import fullmatches

HEIGHT = 48
#: The width the model was trained at: narrower lines are padded to it (without the
#: padding it drops decimals of short amounts on real receipts: "14.10" read "14").
MIN_WIDTH = 320


class Line(NamedTuple):
    """One crop as the model read it."""

    chars: list[tuple[str, float, float]]
    #: before each character, the model's highest space probability on the blank steps
    #: since the previous character (0.0 for the first)
    spaces: list[float]
    width_frac: float
    #: for each letter that looks like a digit (:data:`DIGIT_LOOKALIKES`: O, I, l), by its
    #: position (the character's x), how probable the model found that digit at its step
    #: over the letter (read without a field type's alphabet; see :func:`_doubted`)
    odds: dict[float, float] | None = None


#: The confidence at most of a digit standing inside a word of letters ("W6jcik" for
#: "Wójcik": no name holds a digit there; the model often writes one for a letter its
#: character list lacks). Under
#: ``formsift.templates.confidence.UNSURE_CHARACTER``: a printed value holding it is no
#: surer than it, under the default review threshold (0.5), so it goes to review.
TWO_WAYS = 0.25
#: Letters the model reads for the digit they look like in a monospaced face (Courier's
#: "0" as "O", "1" as "I" or "l"), and that digit.
DIGIT_LOOKALIKES = {"O": "0", "I": "1", "l": "1"}
#: A look-alike letter beside a digit in a code of capitals and digits is doubted where
#: the model gave its digit at least this share of the letter's probability at its step
#: ("DN5O": O 0.75, 0 0.23): a real chance, not the trace every letter has.
DIGIT_ODDS = 0.25


class RecOptions(Options):
    model: str | None = None
    #: At most this many lines per model call ... One by default: on a CPU a line costs
    #: less alone than in a call of several, padding or not (one 320-column line 17 ms of
    #: CPU alone, 25 ms in a call of eight: the activations of several lines outgrow the
    #: cache); on SROIE receipts 17% less CPU than eight (``bench_rec_batch.py``), and a
    #: line's reading no longer depends on the lines beside it.
    batch: int = 1
    #: ... and at most this many pixel columns in all (every line is padded to the
    #: widest of its call; wide batches run slower per line on a CPU).
    batch_columns: int = 1920
    #: ... and no line more than this many times as wide as the call's narrowest.
    batch_spread: float = 2.0
    threads: int = 0
    #: Lines whose mean character confidence is below this are dropped.
    min_confidence: float = 0.5
    #: Split glued words where the gap between two characters is this many times the
    #: line's typical character pitch (PP-OCR often drops spaces).
    split_gap: float = 1.6
    #: Split glued words where the ink-free gap between two characters is at least this
    #: share of the text's height (measured on the line's own pixels; the character-pitch
    #: rule above is the fallback when there are no pixels to measure).
    space_gap: float = 0.38
    #: ... and the characters' centres at least this many times the line's typical
    #: character pitch apart.
    space_pitch: float = 1.15
    #: Split where the model's own probability of a space, on the blank steps between two
    #: characters, reaches this although it wrote none (its argmax there is blank).
    space_model: float = 0.05
    #: Between two digits the ink rule above splits only when the model's space
    #: probability there is at least this: a "1" stands alone in a wide cell in
    #: proportional fonts ("11" in Helvetica), and the model knows it is one number.
    digit_space_model: float = 0.01
    #: Decoding constrained by a pattern (a field type's shape, such as a number's): when
    #: the best reading does not have the shape, the most probable reading that has it is
    #: taken from a beam of this width ...
    beam: int = 12
    #: ... if it is at least this probable relative to the best reading (a reading the
    #: model hardly saw is never forced onto the page).
    pattern_ratio: float = 0.05
    #: Put back the accents, umlauts, cedillas, rings, carons, sharp s, ø, æ and ł that
    #: the model does not write, where the line's pixels show them
    #: (``formsift.plugins.ocr.diacritics``).
    diacritics: bool = True
    #: Follow lines that look like the start of a machine-readable zone's line along their
    #: row and read the fillers and check digits the detector left out
    #: (``formsift.plugins.ocr.mrz_tails``).
    mrz_tails: bool = True
    #: Read lines that look like a machine-readable zone's line again under the MRZ
    #: alphabet, to exactly their format's length (30, 36 or 44 characters), as one word
    #: without spaces (``formsift.plugins.ocr.mrz_lines``).
    mrz_lines: bool = True


#: MRZ lines are read widened by this factor: the model writes two steps apart the
#: narrow, tightly set characters of a monospaced face, and reads doubled ones less often
#: as one (DejaVu Sans Mono at 11 pt: "4602262" read "462262" as it is, right widened 1.3
#: times; ``benchmarks/bench_mrz_strips.py``).
MRZ_STRETCH = 1.3


def _batches(widths: list[int], count: int, columns: int, spread: float) -> list[list[int]]:
    """Crops (by index) grouped for model calls, narrowest first: at most ``count`` per
    call, at most ``columns`` padded pixel columns in all, and none more than ``spread``
    times as wide as the call's narrowest (every crop is padded to the widest)."""
    out: list[list[int]] = []
    for i in sorted(range(len(widths)), key=widths.__getitem__):
        cur = out[-1] if out else None
        if cur is None or len(cur) >= count or widths[i] * (len(cur) + 1) > columns \
                or widths[i] > spread * widths[cur[0]]:
            out.append([i])
        else:
            cur.append(i)
    return out


class PPOCRRecognizer(Recognizer):
    name = "ppocr_rec"
    version = "0.1.0"
    summary = "Text recognition with PP-OCRv4 (CRNN + CTC) through onnxruntime"
    Options = RecOptions
    path_options = ("model",)

    def model_path(self) -> Path:
        """The ONNX model file this recognizer reads with (PP-OCRv4's by default)."""
        return find_model(REC_MODEL, self.options.model)  # type: ignore[attr-defined]

    def setup(self) -> None:
        opts: RecOptions = self.options  # type: ignore[assignment]
        self._model = session(self.model_path(), opts.threads)
        meta = self._model.get_modelmeta().custom_metadata_map
        chars = meta.get("character", "").splitlines()
        if not chars:
            raise ValueError("the recognition model carries no character list")
        # NFKC: the model writes some punctuation full-width ("（", "："); users expect ASCII
        self._model_chars = ["<blank>", *(unicodedata.normalize("NFKC", c) for c in chars),
                             " "]

    # -- public ------------------------------------------------------------------
    def recognize(self, image: Any, page: Page, regions: list[TextRegion],
                  constraint: Constraint | None = None) -> list[Word]:
        return self.recognize_groups(image, page, [(regions, constraint)])

    def recognize_groups(self, image: Any, page: Page,
                         groups: Sequence[tuple[list[TextRegion], Constraint | None]]
                         ) -> list[Word]:
        """Every group in one batched pass: a constraint only masks the model's output."""
        self.ensure_ready()
        regions: list[TextRegion] = []
        constraints: list[Constraint | None] = []
        for group, constraint in groups:
            group = group or [TextRegion(Box(0, 0, 1, 1))]  # no regions: the whole image
            regions += group
            constraints += [constraint] * len(group)
        # a vertical line reads top-down or bottom-up: tall lines are read both ways and
        # the reading with the higher mean confidence is kept
        h, w = image.shape[:2]
        flips = {i: _turned(r) for i, r in enumerate(regions) if _is_tall(r, w, h)}
        todo = regions + list(flips.values())
        crops = [_crop(image, r) for r in todo]
        lines = self.read(crops, constraints=constraints + [constraints[i] for i in flips])
        chosen = list(zip(regions, crops[:len(regions)], lines[:len(regions)], strict=True))
        for k, (i, turned) in enumerate(flips.items()):
            j = len(regions) + k
            if _mean(lines[j].chars) > _mean(lines[i].chars):
                chosen[i] = (turned, crops[j], lines[j])
        tails = self._mrz_tails(image, chosen)
        mrz = self._mrz_lines(image, chosen, tails, page.index)
        words: list[Word] = []
        free: set[int] = set()
        restore = self.options.diacritics  # type: ignore[attr-defined]
        # the page's source image is black and white (a fax): specks are told from marks
        # (asked once a mark stands at a word's edge: a PDF's images are decoded for it)
        bilevel = getattr(page.renderer, "bilevel", None)
        for k, ((region, crop, line), c) in enumerate(zip(chosen, constraints, strict=True)):
            if k in mrz:
                words.extend([mrz[k]] if mrz[k] else [])
                continue
            if restore and c is None:  # a field type's alphabet stays as it is
                chars, spaces = diacritics.restore_spaced(line.chars, line.spaces, crop)
                line = line._replace(chars=chars, spaces=spaces)
            read = self._words(line, region, page.index, crop, c.pattern if c else None,
                               free=c is None, bilevel=bilevel)
            if c is None:  # (a field type's alphabet and shape stay as they are)
                free.update(range(len(words), len(words) + len(read)))
            words.extend(read)
            if k in tails:
                words.extend(self._words(*tails[k], page.index))
        return latin_readings(words, free)

    def _mrz_tails(self, image: Any, chosen: list[tuple[TextRegion, Any, Line]]
                   ) -> dict[int, tuple[Line, TextRegion]]:
        """The fillers (and last check digits) detection left off MRZ lines, read with the
        MRZ alphabet, by the index of the line they continue (see :mod:`.mrz_tails`)."""
        if not self.options.mrz_tails:  # type: ignore[attr-defined]
            return {}
        found = {k: tail for k, (region, _, line) in enumerate(chosen)
                 if (tail := mrz_tail(image, region, "".join(ch[0] for ch in line.chars)))}
        if not found:
            return {}
        lines = self.read([_crop(image, t) for t in found.values()], MRZ_ALPHABET)
        return {k: (line, t) for (k, t), line in zip(found.items(), lines, strict=True)}

    def _mrz_lines(self, image: Any, chosen: list[tuple[TextRegion, Any, Line]],
                   tails: dict[int, tuple[Line, TextRegion]], page: int
                   ) -> dict[int, Word | None]:
        """Lines that look like an MRZ's (with the tail detection left off them) read again
        to their format's length, each as one word, by index (see :mod:`.mrz_lines`);
        other regions inside such a line (a run of fillers detected apart) map to None."""
        if not self.options.mrz_lines:  # type: ignore[attr-defined]
            return {}
        found: dict[int, tuple[TextRegion, Any, float, int]] = {}
        texts: dict[int, str] = {}
        for k, (region, _, line) in enumerate(chosen):
            text = "".join(ch[0] for ch in line.chars)
            if k in tails:
                text += "".join(ch[0] for ch in tails[k][0].chars)
                region = TextRegion(region.box.union(tails[k][1].box), kind=region.kind,
                                    score=region.score)
            texts[k] = "".join(text.split())
            if not mrz_like(text):
                continue
            region = _row_of(region, [r for r, _, _ in chosen])
            found[k] = (region, *self._mrz_probs(image, region))
        pitch = mrz_pitch([(wide, greedy) for _, _, wide, greedy in found.values()])
        out: dict[int, Word | None] = {}
        for k, (region, probs, wide, greedy) in found.items():
            n = mrz_width("<" * (round(wide / pitch) if pitch else greedy))
            if n == len(texts[k]) and set(texts[k]) <= set(MRZ_CHARS):
                # read whole already: the first reading's letters are surer
                confs = tuple(c[1] for ln in [chosen[k][2], *tails.get(k, ())[:1]]
                              for c in ln.chars if c[0].strip())
                out[k] = Word(texts[k], _row_box(region), page, min(confs), self.name,
                              False, None, confs)
            elif n and (word := self._mrz_word(probs, n, region, page)):
                out[k] = word
        for k, (region, _, _) in enumerate(chosen):
            if k not in out and any(w and w.box.contains_center_of(region.box)
                                    for w in out.values()):
                out[k] = None
        return out

    def _mrz_probs(self, image: Any, region: TextRegion) -> tuple[Any, float, int]:
        """The model's output on the region as MRZ characters (:func:`.mrz_lines.mrz_columns`,
        the text's steps; the crop widened by :data:`MRZ_STRETCH`), the region's width (a
        share of the page's) and the length of its greedy reading."""
        import cv2

        crop = _crop(image, region)
        crop = cv2.resize(crop, (round(crop.shape[1] * MRZ_STRETCH), crop.shape[0]))
        width = max(MIN_WIDTH, math.ceil(HEIGHT * crop.shape[1] / max(1, crop.shape[0])))
        batch, used = _normalize(crop, width)
        probs = self._model.run(None, {self._model.get_inputs()[0].name: batch[None]})[0][0]
        columns = mrz_columns(probs[:math.ceil(len(probs) * used / width)],
                              self._model_chars)
        return columns, region.box.width, greedy_length(columns)

    def _mrz_word(self, probs: Any, n: int, region: TextRegion, page: int) -> Word | None:
        """The best reading of ``probs`` with exactly ``n`` characters
        (:func:`.mrz_lines.ctc_exact`), as one word of the region."""
        found = ctc_exact(probs, n)
        if not found:
            return None
        text = "".join(MRZ_CHARS[k - 1] for k, _, _ in found)
        confs = tuple(round(c, 4) for _, c, _ in found)
        return Word(text, _row_box(region), page, min(confs), self.name, False, None, confs)

    def read_lines(self, crops: list[Any], constraint: Constraint | None = None
                   ) -> list[tuple[list[tuple[str, float, float]], float]]:
        """For each crop: its characters as (char, confidence, x fraction of the crop)."""
        return [(line.chars, line.width_frac) for line in self.read(crops, constraint)]

    def read(self, crops: list[Any], constraint: Constraint | None = None,
             constraints: Sequence[Constraint | None] | None = None) -> list[Line]:
        """For each crop: its characters and, before each, how strongly the model saw a
        space in the blank steps since the previous character. ``constraints`` gives
        each crop its own (else ``constraint`` applies to all)."""
        import numpy as np

        self.ensure_ready()
        opts: RecOptions = self.options  # type: ignore[assignment]
        per_crop = list(constraints) if constraints is not None else [constraint] * len(crops)
        masks: dict[Constraint | None, Any] = {c: self._mask(c) for c in set(per_crop)}
        widths_px = [max(MIN_WIDTH, math.ceil(HEIGHT * c.shape[1] / max(1, c.shape[0])))
                     for c in crops]
        out: list[Line] = [Line([], [], 1.0)] * len(crops)
        for idx in _batches(widths_px, opts.batch, opts.batch_columns, opts.batch_spread):
            width = max(widths_px[i] for i in idx)
            batch = np.zeros((len(idx), 3, HEIGHT, width), np.float32)
            widths = []
            for j, i in enumerate(idx):
                batch[j], used = _normalize(crops[i], width)
                widths.append(used)
            probs = self._model.run(None, {self._model.get_inputs()[0].name: batch})[0]
            for j, i in enumerate(idx):
                mask = masks[per_crop[i]]
                row = probs[j] if mask is None else probs[j] * mask
                chars, spaces = self._decode(row, width, widths[j])
                c = per_crop[i]
                if c is not None and c.pattern and chars:
                    chars, spaces = self._shaped(probs[j], mask, c.pattern, chars, spaces)
                odds = self._digit_odds(row, width, widths[j]) if mask is None else None
                out[i] = Line(chars, spaces, widths[j] / width, odds)
        return out

    # -- internals ---------------------------------------------------------------
    def _shaped(self, probs: Any, mask: Any, pattern: str,
                chars: list[tuple[str, float, float]], spaces: list[float]
                ) -> tuple[list[tuple[str, float, float]], list[float]]:
        """The best reading if it has the shape ``pattern`` (a full match); otherwise the
        most probable reading of a beam search that has it, when that one is at least
        ``pattern_ratio`` as probable as the beam's best; otherwise the best reading."""
        from formsift.handwriting.decode import beam, realign

        text = "".join(c[0] for c in chars)
        if fullmatches(pattern, text):
            return chars, spaces
        opts: RecOptions = self.options  # type: ignore[assignment]
        found = beam(probs, self._model_chars[1:], opts.beam, mask, top=opts.beam)
        if not found:
            return chars, spaces
        floor = found[0][1] + math.log(opts.pattern_ratio)
        for cand, score in found:
            if score < floor:
                break
            if fullmatches(pattern, cand):
                return realign(chars, cand, spaces)
        return chars, spaces

    def _mask(self, constraint: Constraint | None) -> Any:
        if constraint is None or not constraint.alphabet:
            return None
        import numpy as np

        allowed = set(constraint.alphabet)
        mask = np.array([1.0 if (i == 0 or c in allowed) else 0.0
                         for i, c in enumerate(self._model_chars)], np.float32)
        return mask

    def _steps(self, probs: Any, width: int, used: int) -> Iterator[tuple[int, int, float]]:
        """The greedy (CTC) reading of ``probs``: each step where a character starts (the
        most probable code, no blank, not the previous step's), as (step, code, x): x the
        step's centre as a fraction of the text's own width (``used`` of ``width``)."""
        idx = probs.argmax(axis=1)
        steps = len(idx)
        prev = 0
        for t in range(steps):
            k = int(idx[t])
            if k != 0 and k != prev:
                yield t, k, min(1.0, (t + 0.5) * width / steps / max(1, used))
            prev = k

    def _decode(self, probs: Any, width: int, used: int
                ) -> tuple[list[tuple[str, float, float]], list[float]]:
        conf = probs.max(axis=1)
        space = probs[:, len(self._model_chars) - 1]
        chars: list[tuple[str, float, float]] = []
        spaces: list[float] = []
        last = -1  # the step of the previous character
        for t, k, x in self._steps(probs, width, used):
            ch = self._model_chars[k]
            if ch.startswith("°") and chars and chars[-1][0].endswith("°"):
                # a degree sign read twice ("°" then "℃", NFKC "°C", across a blank):
                # never right, the one sign is kept, at the weaker confidence
                p_ch, p_conf, p_x = chars[-1]
                chars[-1] = (p_ch[:-1] + ch, min(p_conf, float(conf[t])), p_x)
                last = t
                continue
            chars.append((ch, float(conf[t]), x))
            between = space[last + 1:t] if last >= 0 else space[:0]
            spaces.append(float(between.max()) if len(between) else 0.0)
            last = t
        return chars, spaces

    def _digit_odds(self, probs: Any, width: int, used: int) -> dict[float, float]:
        """For each letter of :data:`DIGIT_LOOKALIKES` that :meth:`_decode` reads from
        ``probs``, by its x: its digit's probability at its step over the letter's."""
        codes = {self._model_chars.index(ch): self._model_chars.index(digit)
                 for ch, digit in DIGIT_LOOKALIKES.items()
                 if ch in self._model_chars and digit in self._model_chars}
        return {x: float(probs[t, codes[k]]) / max(float(probs[t, k]), 1e-9)
                for t, k, x in self._steps(probs, width, used) if k in codes}

    def _words(self, line: Line, region: TextRegion, page: int, crop: Any = None,
               pattern: str | None = None, free: bool = False,
               bilevel: Callable[[], bool] | None = None) -> list[Word]:
        """The line's characters in words (``pattern``: a field type's shape, whose
        spacing the model's own wins; ``free``: read without a field type's alphabet,
        where a digit inside a word of letters is doubted, :func:`_doubted`;
        ``bilevel``: whether the page's source image is black and white, a fax's, where specks
        read as marks at a word's edge are dropped, :mod:`specks`)."""
        opts: RecOptions = self.options  # type: ignore[assignment]
        chars = line.chars
        if not chars:
            return []
        mean = sum(c[1] for c in chars) / len(chars)
        if mean < opts.min_confidence:
            return []
        pitches = [b[2] - a[2] for a, b in itertools.pairwise(chars)
                   if a[0] != " " and b[0] != " "]
        pitch = sorted(pitches)[len(pitches) // 2] if pitches else 0.0
        gaps = ink_gaps(crop, [c[2] for c in chars]) if crop is not None else None
        groups = _grouped(chars, lambda i: _is_space(i, chars, line.spaces[i], pitch, gaps,
                                                     opts))
        if pattern and len(groups) > 1:
            # a typed field's value: spaces read from gaps in the ink that break its shape
            # ("2 01 9-04-16" in a monospaced font) give way to the model's own spacing
            texts = " ".join("".join(c[0] for c in g) for g in groups if g)
            own = "".join(c[0] for c in chars).strip()
            if not fullmatches(pattern, texts) and fullmatches(pattern, own):
                groups = _grouped(chars, lambda i: False)
        if bilevel is not None and specks.marked(groups) and bilevel():
            # a fax's speck read as a point, comma or colon at a word's edge
            groups = specks.trimmed(groups, chars, crop, TWO_WAYS)
        words = []
        # without a pitch (one character, or characters all apart at spaces the model
        # wrote) each character gets its share of the (tightly detected) line, and no
        # more than half the way to its neighbour
        half = pitch / 2 if pitch else _lone_half([c[2] for c in chars if c[0] != " "])
        for g in groups:
            if not g:
                continue
            text = "".join(c[0] for c in g)
            box = _along(region, max(0.0, g[0][2] - half), min(1.0, g[-1][2] + half))
            doubted = _doubted(g, free, line.odds)
            confs = tuple(round(min(c[1], TWO_WAYS) if d else c[1], 4)
                          for c, d in zip(g, doubted, strict=True))
            words.append(Word(text, box, page, min(confs), self.name,
                              region.kind == "handwritten", None, confs))
        return words


#: CJK characters the model writes for Latin ones on Latin lines (its character list is
#: Chinese and English): a sans-serif I read as the stroke 丨 (U+4E28), Courier's serifed I
#: as 工 (U+5DE5), a dash as 一 (U+4E00, one), and the ideographic zero 〇, a circle (a
#: zero beside a digit, else an O).
LATIN_LOOKALIKES = {"丨": "I", "工": "I", "一": "-", "〇": "O"}

#: A Roman numeral of I's as the model reads it in a sans-serif face, where I and l are
#: one glyph: "Il", "ll", "lI", "lll", "lIl" for II and III ("General Chemistry Il").
#: "Ill" (a word), "1" and a lone "l" (a number, a litre) are not taken.
_ONES_READ = re.compile(r"(?=[Il]*l)[Il]{2,4}")
#: A number whose zeros the model wrote as letters O: digits, O's and decimal marks,
#: starting with a digit, at least one O ("1.O", "2O24", "433OO"; a small o is an
#: ordinal's: "1o andar").
_ZEROS_READ = re.compile(r"\d[\d.,]*O[\dO.,]*")


def _cjk(ch: str) -> bool:
    """Whether ``ch`` is a character of Chinese, Japanese or Korean text (an ideograph,
    kana, hangul, or CJK punctuation)."""
    o = ord(ch[:1] or " ")
    return 0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF \
        or 0xFF65 <= o <= 0xFFDC or 0x1100 <= o <= 0x11FF or 0x20000 <= o <= 0x3FFFF


def latin_text(text: str) -> str:
    """``text`` with each CJK look-alike of a Latin character (:data:`LATIN_LOOKALIKES`)
    as that character: 〇 beside a digit is a zero."""
    out = []
    for i, ch in enumerate(text):
        latin = LATIN_LOOKALIKES.get(ch, ch)
        if latin == "O" and any(0 <= j < len(text) and text[j].isdigit() for j in (i - 1, i + 1)):
            latin = "0"
        out.append(latin)
    return "".join(out)


def roman_ones(texts: list[str], k: int) -> bool:
    """Whether ``texts[k]``, a word of a line's words in reading order, is a Roman numeral
    of I's the model read with l's: two to four I's and l's, at least one an l, after a
    capitalised word of letters ("Calculus", "Semester"), with no word of lower-case
    letters after it on the line (only numbers, grades, codes: "General Chemistry Il 4.0
    C"). No such word but "Il" is a word of any language, and the article comes before its
    noun ("Il Gattopardo"); "Ill" ("Terminally Ill") is not taken."""
    t = texts[k]
    if k == 0 or t == "Ill" or not _ONES_READ.fullmatch(t):
        return False
    prev = texts[k - 1]
    if len(prev) < 2 or not prev.isalpha() or not prev[0].isupper() or not prev[1:].islower():
        return False
    return not any(ch.islower() for later in texts[k + 1:] for ch in later)


def latin_readings(words: list[Word], free: set[int] | None = None) -> list[Word]:
    """A page's words with what the model writes for Latin characters on Latin lines put
    right, judged on each word's line of the page (the words of other detected regions
    beside it included: a lone "工" is often a region of its own). Only the words at
    ``free`` (all when None) are changed.

    - CJK look-alikes (:data:`LATIN_LOOKALIKES`: "Organic Chemistry 丨", "Part 工 一
      Overview") are the Latin character on a line that holds Latin letters and no other
      CJK character; on a line with any, the line is Chinese or Japanese, where each is
      what it says (一 is one).
    - A Roman numeral read with l's (:func:`roman_ones`: "General Chemistry Il") is I's.
    - A number read with a letter O for a zero (:data:`_ZEROS_READ`: "1.O" in "FOCUS 1.O
      ECOBOOST", "433OO") is written with zeros: a word of digits, O's and decimal
      marks, starting with a digit, is a number ("1.OG", a floor, holds another letter;
      a small o is an ordinal's, "1o")."""
    out = list(words)
    for k, w in enumerate(words):
        if free is not None and k not in free:
            continue
        if _ZEROS_READ.fullmatch(w.text):
            out[k] = dataclasses.replace(w, text=w.text.replace("O", "0"))
            continue
        lookalike = any(ch in LATIN_LOOKALIKES for ch in w.text)
        if not lookalike and not _ONES_READ.fullmatch(w.text):
            continue
        # the words on its line: boxes overlapping by most of the lower one's height
        line = sorted((o for o in words
                       if o.page == w.page and o.box.vertical_overlap(w.box) > 0.5),
                      key=lambda o: (o.box.x0, o.box.x1))
        texts = [o.text for o in line]
        text = w.text
        if lookalike:
            if any(_cjk(ch) and ch not in LATIN_LOOKALIKES for t in texts for ch in t) \
                    or not any(ch.isascii() and ch.isalpha() for t in texts for ch in t):
                continue
            text = latin_text(text)
        else:
            at = next(j for j, o in enumerate(line) if o is w)
            if roman_ones(texts, at):
                text = "I" * len(text)
        if text != w.text:
            out[k] = dataclasses.replace(w, text=text)
    return out


#: An e-mail or web address within a word.
_ADDRESS = re.compile(r"@|://|^www\.", re.IGNORECASE)


def _doubted(word: list[tuple[str, float, float]], free: bool,
             odds: dict[float, float] | None = None) -> list[bool]:
    """For each character of a word: whether, when ``free`` (no field type's alphabet),
    it is a digit between two letters one of which is lower-case, in a word of at least
    three letters and less than half as many digits ("W6jcik", "J0hn", "McD0nald"; a
    code's letters are capitals, "SN0O1I5S8B", and a size has digits, "M8x40"). Not a
    digit a run of capitals touches (:func:`_by_capitals`: a formula's or a unit's,
    "CO2e", "kgCO2e"), nor in an e-mail or web address, whose names mix digits and
    letters by choice ("john2smith@mail.com").

    And the mirror: a letter that looks like a digit (:data:`DIGIT_LOOKALIKES`: O, I, l)
    beside a digit, in a word of capitals and digits only, where the model gave that
    digit a real chance at the letter's step (``odds``, by the character's x: at least
    :data:`DIGIT_ODDS`): a scanned Courier "DN50" read "DN5O" (O 0.75, 0 0.23), "MT700"
    read "MT7O0". A code read right keeps its letters ("ISO9001", "CO2", "SN0O1I5S8B"
    where the model saw no digit there)."""
    text = "".join(c[0] for c in word)
    letters = sum(ch.isalpha() for ch in text)
    wordy = free and letters >= 3 and 2 * sum(ch.isdigit() for ch in text) < letters \
        and not _ADDRESS.search(text)
    # (a number whose zeros were read O's, "433OO", is written with zeros: latin_readings)
    code = free and bool(odds) and any(ch.isdigit() for ch in text) \
        and all(ch.isdigit() or (ch.isalpha() and ch.isupper()) or ch in DIGIT_LOOKALIKES
                for ch in text) and not _ZEROS_READ.fullmatch(text)
    out = []
    for i, (ch, _, x) in enumerate(word):
        doubt = False
        if wordy and ch.isdigit() and 0 < i < len(word) - 1:
            a, b = word[i - 1][0], word[i + 1][0]
            doubt = a.isalpha() and b.isalpha() and (a.islower() or b.islower()) \
                and not _by_capitals(text, i)
        elif code and ch in DIGIT_LOOKALIKES and odds is not None \
                and any(0 <= j < len(text) and text[j].isdigit() for j in (i - 1, i + 1)):
            doubt = odds.get(x, 0.0) >= DIGIT_ODDS
        out.append(doubt)
    return out


def _by_capitals(text: str, i: int) -> bool:
    """Whether two capitals in a row stand right before or right after ``text[i]``: the
    digit belongs to a code, a unit or a chemical formula written in capitals ("CO2e",
    "tCO2eq", "kgCO2e"), where a digit is as likely as a letter; a name's letters are
    small after its capital, and a capital inside a name follows a small one
    ("McDonald")."""
    def upper(k: int) -> bool:
        return 0 <= k < len(text) and text[k].isalpha() and text[k].isupper()

    return (upper(i - 1) and upper(i - 2)) or (upper(i + 1) and upper(i + 2))


def _lone_half(xs: list[float]) -> float:
    """Half a character's width, as a share of the line, for characters whose pitch is
    unknown (centres ``xs``)."""
    gaps = [b - a for a, b in itertools.pairwise(xs) if b > a]
    return min([0.5 / max(1, len(xs)), *(g / 2 for g in gaps)])


def _grouped(chars: list[tuple[str, float, float]], split_before: Callable[[int], bool]
             ) -> list[list[tuple[str, float, float]]]:
    """The characters in words: apart at the spaces the model wrote, and before each
    character ``split_before`` says a space it did not write lies before."""
    groups: list[list[tuple[str, float, float]]] = [[]]
    for i, c in enumerate(chars):
        if c[0] == " ":
            groups.append([])
            continue
        if groups[-1] and split_before(i):
            groups.append([])
        groups[-1].append(c)
    return groups


def _is_space(i: int, chars: list[tuple[str, float, float]], model_space: float,
              pitch: float, gaps: list[float] | None, opts: RecOptions) -> bool:
    """Whether a word space (that the model did not write) lies before ``chars[i]``;
    ``model_space`` is the model's highest space probability since ``chars[i - 1]``."""
    if _inside_number(i, chars):
        return _list_comma(i, chars, gaps, opts)
    if model_space >= opts.space_model:
        return True
    step = chars[i][2] - chars[i - 1][2]
    a, b = chars[i - 1][0], chars[i][0]
    digits = a.isdigit() and b.isdigit()
    if digits and model_space < opts.digit_space_model:
        return False
    if gaps is not None:
        # wide blank pixels, and the characters further apart than letters of a word are
        # (a "1" stands alone in its cell in proportional fonts: pixels alone mislead);
        # digits of one number sit one pitch apart
        factor = 1.4 if digits else opts.space_pitch
        return gaps[i - 1] >= opts.space_gap and (pitch <= 0 or step > factor * pitch)
    return pitch > 0 and step > opts.split_gap * pitch


def _list_comma(i: int, chars: list[tuple[str, float, float]], gaps: list[float] | None,
                opts: RecOptions) -> bool:
    """A comma between digits that hugs the digit before it and has a word space after it
    separates two things ("80 g/m2, 5 reams"); a decimal comma has no space on either
    side, and a monospaced receipt spreads "5 , 90" evenly on both."""
    if gaps is None or chars[i - 1][0] != "," or i < 2:
        return False
    before, after = gaps[i - 2], gaps[i - 1]
    # the asymmetry is the evidence, so the space after may be a little narrower than the
    # ink rule asks of an ordinary word space
    return after >= 0.75 * opts.space_gap and after >= 2 * before and \
        before < 0.5 * opts.space_gap


def _inside_number(i: int, chars: list[tuple[str, float, float]]) -> bool:
    """A decimal or thousands separator between digits never borders a space ("5 . 90" is
    a wide-spaced "5.90")."""
    def at(k: int) -> str:
        return chars[k][0] if 0 <= k < len(chars) else ""

    if at(i) in ".," and at(i - 1).isdigit() and at(i + 1).isdigit():
        return True
    return at(i - 1) in ".," and at(i - 2).isdigit() and at(i).isdigit()


def ink_gaps(crop: Any, xs: list[float]) -> list[float] | None:
    """For each pair of neighbouring characters (at ``xs``, fractions of the crop's width):
    the widest run of ink-free columns between them, in units of the text's height."""
    import cv2
    import numpy as np

    if crop is None or len(xs) < 2:
        return None
    g = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    _, bw = cv2.threshold(g, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows = bw.sum(axis=1)
    inked = np.nonzero(rows > 0.05 * max(1, rows.max()))[0]
    if len(inked) == 0:
        return None
    height = max(4, int(inked[-1] - inked[0] + 1))
    # a column is blank when nothing in it is clearly darker than the paper: Otsu's cut
    # alone takes light-grey print ("Date:" in grey beside a black date) for paper
    band = g[inked[0]:inked[-1] + 1]
    paper = float(np.percentile(g, 90))
    contrast = paper - float(band.min())
    empty = band.min(axis=0) > paper - max(24.0, 0.25 * contrast)
    w = bw.shape[1]
    out = []
    for a, b in itertools.pairwise(xs):
        lo, hi = int(a * w), math.ceil(b * w)
        run = best = 0
        for e in empty[lo:hi]:
            run = run + 1 if e else 0
            best = max(best, run)
        out.append(best / height)
    return out


def _is_tall(region: TextRegion, w: int, h: int) -> bool:
    """A text line standing upright on the page (vertical text), as _crop measures it."""
    if not region.polygon or len(region.polygon) != 4:
        return False
    (ax, ay), (bx, by), _, (dx, dy) = region.polygon
    width = math.hypot((bx - ax) * w, (by - ay) * h)
    height = math.hypot((dx - ax) * w, (dy - ay) * h)
    return width > 0 and height / width >= 1.5


def _turned(region: TextRegion) -> TextRegion:
    """The same region with its corners turned by 180 degrees (read the other way)."""
    assert region.polygon is not None
    tl, tr, br, bl = region.polygon
    return TextRegion(region.box, region.kind, region.score, [br, bl, tl, tr],
                      dict(region.attrs))


def _mean(chars: list[tuple[str, float, float]]) -> float:
    return sum(c[1] for c in chars) / len(chars) if chars else 0.0


def _normalize(crop: Any, width: int) -> tuple[Any, int]:
    import cv2
    import numpy as np

    h, w = crop.shape[:2]
    used = min(width, math.ceil(HEIGHT * w / max(1, h)))
    resized = cv2.resize(crop, (max(1, used), HEIGHT)).astype(np.float32)
    out = np.zeros((3, HEIGHT, width), np.float32)
    out[:, :, :used] = (resized.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
    return out, used


def _crop(image: Any, region: TextRegion) -> Any:
    """The region straightened into a horizontal strip (perspective crop of its polygon)."""
    import cv2
    import numpy as np

    h, w = image.shape[:2]
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if region.polygon and len(region.polygon) == 4:
        pts = np.float32([(x * w, y * h) for x, y in region.polygon])
        cw = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
        ch = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
        cw, ch = max(cw, 2), max(ch, 2)
        dst = np.float32([[0, 0], [cw, 0], [cw, ch], [0, ch]])
        m = cv2.getPerspectiveTransform(pts, dst)
        crop = cv2.warpPerspective(image, m, (cw, ch), borderMode=cv2.BORDER_REPLICATE,
                                   flags=cv2.INTER_CUBIC)
        if ch / cw >= 1.5:
            crop = np.rot90(crop)
        return np.ascontiguousarray(crop)
    b = region.box
    x0, y0 = int(b.x0 * w), int(b.y0 * h)
    x1, y1 = max(x0 + 2, math.ceil(b.x1 * w)), max(y0 + 2, math.ceil(b.y1 * h))
    return np.ascontiguousarray(image[y0:y1, x0:x1])


def _row_of(region: TextRegion, regions: list[TextRegion]) -> TextRegion:
    """``region`` widened over the regions going on to its right on its row (their centre
    inside its height, no taller than one and a half times it, gaps under two of its
    heights): an MRZ line's fillers are often detected apart."""
    box = region.box
    if region.polygon and len(region.polygon) == 4 \
            and abs(region.polygon[0][1] - region.polygon[1][1]) > 0.25 * box.height:
        return region  # a slanted line: its box is no row of the image
    for other in sorted(regions, key=lambda r: r.box.x0):
        b = other.box
        if b.x0 > box.x0 and box.y0 < b.cy < box.y1 and b.height < 1.5 * box.height \
                and b.x0 - box.x1 < 2 * box.height and b.x1 > box.x1:
            box = Box(box.x0, box.y0, b.x1, box.y1)  # along the row only
    if box == region.box:
        return region
    return TextRegion(box, kind=region.kind, score=region.score)


def _row_box(region: TextRegion) -> Box:
    """The region's box, but for a slanted polygon a box as high as the line (its left
    edge) about the polygon's centre: the box of a slanted line spans the rows of the lines
    above and below, and reading order would join them."""
    box = region.box
    if not region.polygon or len(region.polygon) != 4:
        return box
    (_, tly), _, _, (_, bly) = region.polygon
    half = min(box.height, abs(bly - tly)) / 2
    return Box(box.x0, box.cy - half, box.x1, box.cy + half)


def _along(region: TextRegion, a: float, b: float) -> Box:
    """The box of the part [a, b] (fractions of the width) of a region's text line."""
    if region.polygon and len(region.polygon) == 4:
        (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = region.polygon
        pts = []
        for f in (a, b):
            pts.append((tlx + f * (trx - tlx), tly + f * (try_ - tly)))
            pts.append((blx + f * (brx - blx), bly + f * (bry - bly)))
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return Box(min(xs), min(ys), max(xs), max(ys))
    r = region.box
    return Box(r.x0 + a * r.width, r.y0, r.x0 + b * r.width, r.y1)
