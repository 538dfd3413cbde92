"""The ``crnn`` recognizer: handwritten lines read by a CRNN (CNN + BiLSTM + CTC) ONNX model
through onnxruntime, with per-character confidences and decoding constrained by a field
type (its alphabet, and its pattern through a small beam search)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, ValidationInfo, field_validator

from formsift.core import comb_cells
from formsift.core.components import Options
from formsift.core.document import Page, Word
from formsift.core.errors import ComponentNotFound, FormsiftError
from formsift.core.geometry import Box
from formsift.core.kinds import Constraint, Recognizer, TextRegion
from formsift.handwriting.decode import (
    Decoded,
    alphabet_mask,
    beam,
    greedy,
    realign,
    to_probs,
)
from formsift.handwriting.ensemble import Partner, cut
from formsift.handwriting.points import note_heard, points_heard
from formsift.handwriting.preprocess import (
    CROPS,
    DESLANT_KEY,
    STRIDE,
    batch,
    crop_tensor,
    line_tensor,
    model_crop,
)
from formsift.plugins.handwriting import cascade
from formsift.plugins.handwriting.cascade import (
    FALLBACK_BELOW,
    FALLBACKS,
    doubted,
    fallback_recognizer,
    scales_apart,
    surer,
    unsure,
    weighed,
)
from formsift.plugins.handwriting.models import onnx_metadata, resolve, shipped_model

if TYPE_CHECKING:
    from formsift.handwriting.calibration import Calibration

_log = logging.getLogger("formsift.handwriting")


class CRNNOptions(Options):
    #: An ONNX model trained with ``formsift train recognizer``; default: the shipped one.
    model: str | None = None
    threads: int = 1
    #: Lines per onnxruntime call. 1 (the default) reads every line on its own, so a line's
    #: reading never depends on the other lines (padding); more is slightly faster.
    batch: int = 1
    #: Lines whose weakest character confidence is below this are dropped.
    min_confidence: float = 0.0
    #: Beam width used when a constraint has a pattern.
    beam: int = 12
    #: A word's confidence is the measured share of words read right at its weakest
    #: character's confidence (:mod:`formsift.handwriting.calibration`), not that
    #: confidence itself, which is too high: for words with letters the table stored in
    #: the model (a model trained by ``formsift train recognizer`` fits its own), else the
    #: shipped model's table (the shipped model, and models trained before tables were
    #: stored); for words without letters (digits, amounts, dates) the digits' table,
    #: whichever the model. Characters (and a comb's cells) keep the model's own
    #: confidences; false: words keep them too.
    calibrated: bool = True
    #: A word list for free text (not typed fields): a language code of the lists inside
    #: pyspellchecker (``pip install "formsift[lexicon]"``: en, fr, de, es, it, pt, nl ...)
    #: or a file of words; unlisted words read are replaced by a listed neighbour (one or
    #: two edits away) when the model's output and the word's frequency favour it
    #: (:mod:`formsift.handwriting.lexicon`). Slower: tenths of a second per line.
    lexicon: str | None = None
    #: A language model for lines read without a field type's constraint (a page's first
    #: reading; a constrained reading never uses it), from the same word lists as
    #: ``lexicon`` (a language code, or a file of words): a character n-gram model of
    #: words (:mod:`formsift.handwriting.charlm`) weighed into a CTC beam search, which
    #: reads the line's words as the model's output and the language favour them
    #: together. Characters it reads otherwise than the model's best guess get the
    #: line's weakest confidence. Built when first used (seconds); then milliseconds
    #: per line.
    lm: str | None = None
    #: Straighten a line's slant half-way before reading it, for lines read without a
    #: field type's constraint (:mod:`formsift.handwriting.slant`): the line's lean is
    #: measured from its near-vertical strokes; a line leaning more than 0.1 is sheared
    #: half-way upright. Off by default: on the benchmark's held-out modern French
    #: lines it lowered the character error rate (0.335 -> 0.320; with ``lm="fr"``
    #: 0.303 -> 0.285), on a 19th-century cursive hand it raised it (0.597 -> 0.654).
    #: Measure it on your own lines (``formsift train evaluate``) before turning it on.
    #: A model trained on deslanted lines (the ``deslant`` key of its metadata, written
    #: by a training config's ``[data] deslant = true``) has every line it reads
    #: deslanted, constrained or not, whatever this option says.
    deslant: bool = False
    #: Read a line read without a field type's constraint in several variants and keep
    #: the reading the model is surest of (:mod:`formsift.handwriting.variants`): a line
    #: leaning more than 0.1 is also read with a quarter, half and three quarters of its
    #: slant removed (8.3 ms a line against 2.8 read once). Off by default: on the
    #: benchmark's held-out modern French lines it lowered the CER as ``deslant`` does
    #: (0.335 -> 0.320; with ``lm="fr"`` 0.303 -> 0.286), on a 19th-century cursive hand
    #: it raised it (0.597 -> 0.609, ``deslant``: 0.654). Measure it on your own lines.
    variants: bool = False
    #: A second recognizer for the free lines this model is unsure of: ``"ppocr_v6"``
    #: (optional, ``pip install --no-deps rapidocr==3.10.0``; the only one). A line read
    #: without a field type's constraint whose characters' mean confidence is under
    #: ``fallback_below`` is read again by it, and its reading kept when its weakest word
    #: is surer (the same word tables) than this model's (:mod:`.cascade`). Off by
    #: default; typed fields' constrained readings never go to it.
    fallback: str | None = None
    #: The mean character confidence under which a free line is read again by
    #: ``fallback`` (chosen on generated lines, see docs/handwriting.md).
    fallback_below: float = Field(FALLBACK_BELOW, ge=0.0, le=1.0)

    @field_validator("fallback")
    @classmethod
    def _known_fallback(cls, v: str | None) -> str | None:
        if v is not None and v not in FALLBACKS:
            raise ValueError(f"unknown fallback {v!r} (known: {', '.join(FALLBACKS)})")
        return v

    @field_validator("fallback_below")
    @classmethod
    def _below_needs_fallback(cls, v: float, info: ValidationInfo) -> float:
        if info.data.get("fallback") is None:  # (given: a default is not validated)
            raise ValueError("without fallback nothing is read again "
                             '(add fallback="ppocr_v6", or leave fallback_below out)')
        return v

    @field_validator("lexicon", "lm")
    @classmethod
    def _known_list(cls, v: str | None) -> str | None:
        from formsift.handwriting.lexicon import problem

        why = problem(v) if v else None
        if why:
            raise ValueError(why)
        return v


class CRNNRecognizer(Recognizer):
    name = "crnn"
    version = "0.1.0"
    summary = "Handwritten line recognition (CRNN + CTC, ONNX) with constrained decoding"
    Options = CRNNOptions
    #: Routed handwritten regions (see formsift.core.routing).
    handwriting = True
    path_options = ("model",)
    #: A word list is a language code or a file; a file is read from where ``model`` is
    #: (a relative path: from the template's folder).
    file_or_name_options = ("lexicon", "lm")

    def setup(self) -> None:
        from formsift.plugins.ocr.models import session

        opts: CRNNOptions = self.options  # type: ignore[assignment]
        path = resolve(opts.model)
        hint = "train one with: formsift train recognizer --data DIR --out model.onnx"
        try:
            self._session = session(path, opts.threads)
        except Exception as exc:  # onnxruntime's own errors (InvalidProtobuf, ...)
            raise ComponentNotFound(f"handwriting model {path} is not an ONNX model "
                                    f"onnxruntime can load ({type(exc).__name__})",
                                    hint=hint) from exc
        meta = self._session.get_modelmeta().custom_metadata_map
        if "charset" not in meta:
            raise ComponentNotFound(f"{path} is not a formsift handwriting model (its "
                                    f"metadata has no charset)", hint=hint)
        self.charset: str = meta["charset"]
        #: how lines are cut for this model: the crop it was trained with (its metadata's
        #: "crop"; absent: "ink", every model before stage 6 and users' models)
        self.crop: str = meta.get("crop", "ink")
        if self.crop not in CROPS:
            raise ComponentNotFound(f"handwriting model {path} asks for the line crop "
                                    f"{self.crop!r}, which this formsift does not know "
                                    f"(known: {', '.join(CROPS)})",
                                    hint="upgrade formsift, or retrain the model")
        #: whether the model was trained on deslanted lines (its metadata's "deslant"):
        #: then every line it reads is deslanted, constrained or not (absent: none is,
        #: unless the deslant option asks it for free text)
        self.deslant: bool = _deslanted(meta, path)
        self.calibration = _calibration(meta, path)
        self._input = self._session.get_inputs()[0].name
        self._partner: Partner | None = None
        #: the recognizer unsure free lines are read again by (the fallback option)
        self._fallback = fallback_recognizer(opts.fallback, opts.threads)
        apart = scales_apart(opts.calibrated, self.calibration.source,
                              self.calibration.digit_source) \
            if self._fallback is not None else None
        if apart:
            _log.warning("crnn(fallback=%r): %s, %s's by the shipped model's tables: the "
                         "two are compared on different scales", opts.fallback, apart,
                         opts.fallback)

    def add_partner(self, model: str | Path) -> None:
        """Read every line with a second model too (an ONNX file with the same
        characters, trained otherwise; one trained on deslanted lines reads them
        deslanted, as its metadata says): the two models' per-frame log-probabilities
        are averaged (:mod:`formsift.handwriting.ensemble`) before any decoding (greedy,
        a field type's constraint, ``lm``, ``lexicon``); twice the model's time per line.
        For measuring (``benchmarks/bench_handwriting.py --ensemble``), not a template
        option: stage 5 with stage 8 missed the rule set for it on the held-out lines
        (docs/handwriting.md). Not with ``variants``."""
        self.ensure_ready()
        opts: CRNNOptions = self.options  # type: ignore[assignment]
        if opts.variants:
            raise FormsiftError("crnn: variants and a second model read a line in two "
                                "different ways: choose one")
        self._partner = _partner(str(model), opts.threads, self.charset)

    @classmethod
    def file_note(cls, key: str, path: Path) -> str | None:
        """What ``formsift check`` says about the model file a template names (its
        ``model`` option), beyond that it is an ONNX model: a model of one's own that
        carries no word-confidence table, or no digits table, gets the shipped model's."""
        from formsift.handwriting.calibration import METADATA_KEY, no_digits_table

        meta = onnx_metadata(path) if key == "model" else None
        if meta is None or "charset" not in meta:
            return None
        if METADATA_KEY in meta:
            return no_digits_table(meta, path.name)
        return (f"handwriting model {path.name} carries no word-confidence calibration "
                f"(trained before formsift stored one): its handwritten words get the "
                f"shipped model's cautious table; retrain it, or fit one with: formsift "
                f"train calibrate --data DIR --model {path.name}")

    # -- public ------------------------------------------------------------------
    def read_lines(self, crops: list[Any], constraint: Constraint | None = None,
                   heard: list[Any] | None = None) -> list[Decoded]:
        """Transcribe line crops (any size, grey or colour). ``heard``, when given, gets
        per crop the decimal points the model heard between two digits and left out
        (:func:`formsift.handwriting.points.points_heard`)."""
        self.ensure_ready()
        opts: CRNNOptions = self.options  # type: ignore[assignment]
        straighten = self.deslant or (opts.deslant and constraint is None)
        partner = self._partner
        cuts = [cut(c, self.crop, straighten) for c in crops] if partner else None
        tensors = [crop_tensor(c.gray) for c, _ in cuts] if cuts else \
            [line_tensor(c, crop=self.crop, deslant=straighten) for c in crops]
        out: list[Decoded] = [Decoded("", ())] * len(crops)
        if heard is not None:
            heard[:] = [()] * len(crops)
        order = sorted(range(len(crops)), key=lambda i: tensors[i].shape[2])
        mask = alphabet_mask(self.charset, constraint.alphabet if constraint else None)
        pattern = constraint.pattern if constraint else None
        for start in range(0, len(order), max(1, opts.batch)):
            idx = order[start:start + opts.batch]
            x, widths = batch([tensors[i] for i in idx])
            probs = to_probs(self._session.run(None, {self._input: x})[0])
            for j, i in enumerate(idx):
                steps = max(1, widths[j] // STRIDE)
                p = probs[j][:steps]
                if partner and cuts:
                    p = partner.joined(crops[i], p, *cuts[i])
                elif opts.variants and constraint is None:
                    p = self._best_variant(crops[i], p, straighten)
                best = greedy(p, self.charset, mask)
                if pattern:
                    best = self._with_pattern(p, mask, pattern, best)
                elif constraint is None and best.chars:
                    if opts.lm:
                        best = self._with_lm(p, best, opts.lm)
                    if opts.lexicon:
                        best = self._with_lexicon(p, best, opts.lexicon)
                if not best.text.startswith("-"):
                    best = self._with_dash(crops[i], best, mask, pattern)
                out[i] = best
                if heard is not None:
                    heard[i] = points_heard(p, self.charset, best.text)
        return out

    def recognize(self, image: Any, page: Page, regions: list[TextRegion],
                  constraint: Constraint | None = None) -> list[Word]:
        from formsift.plugins.ocr.recognize import _crop

        self.ensure_ready()
        opts: CRNNOptions = self.options  # type: ignore[assignment]
        if not regions:
            regions = [TextRegion(Box(0, 0, 1, 1), "handwritten")]
        words, in_comb, cells = self._read_combs(image, page, regions, constraint)
        regions = [r for r in regions if id(r) not in in_comb]
        # (a piece of a cell's writing the comb was not found around, boxed alone by the
        # detector, is read with its cell, not again as a line: "3 5 4 6 0 0 ..." for
        # 34604.66; nor is one of a cell read earlier on the page)
        cells = cells + comb_cells.noted(page)
        heard: list[Any] = []
        lines = self.read_lines([_without_edge_rulings(image, r, _crop(image, r))
                                 for r in regions], constraint, heard)
        for region, line, points in zip(regions, lines, heard, strict=True):
            if not line.chars or line.confidence < opts.min_confidence:
                continue
            mine = _words(line, region, page.index, self.name,
                          self.calibration if opts.calibrated else None)
            if self._fallback is not None and constraint is None:
                mine, kept = self._read_again(image, page, region, line, mine)
                # (the decimal points crnn heard are in its own reading's words only)
                points = () if kept else points
            mine = [w for w in mine if not any(c.contains_center_of(w.box) for c in cells)]
            note_heard(page, points, mine)
            words.extend(mine)
        return words

    def _read_again(self, image: Any, page: Page, region: TextRegion, line: Decoded,
                    mine: list[Word]) -> tuple[list[Word], bool]:
        """A free line's words, and whether they are the fallback's: this model's, or,
        when it is unsure of the line, the fallback's if they are surer, weighed against
        this model's words and under its name (:func:`.cascade.weighed`; the page's
        ``fallback`` note lists them); this model's words kept, each the fallback read
        otherwise is doubted as well (:func:`.cascade.doubted`)."""
        opts: CRNNOptions = self.options  # type: ignore[assignment]
        if self._fallback is None or not unsure(line, opts.fallback_below):
            return mine, False
        read = self._fallback.recognize(image, page, [region], None)
        theirs = weighed(read, mine, self.name)
        if not surer(theirs, mine):
            return doubted(mine, read), False
        cascade.note(page, self._fallback.name, theirs)
        return theirs, True

    # -- internals ---------------------------------------------------------------
    def _read_combs(self, image: Any, page: Page, regions: list[TextRegion],
                    constraint: Constraint | None
                    ) -> tuple[list[Word], set[int], list[Box]]:
        """The words of the ``regions`` that lie in a comb field (one character per
        printed cell, :mod:`formsift.plugins.handwriting.comb`): each cell of a comb a
        region covers part of read on its own, walls left out, as one character (of the
        constraint's alphabet; with a pattern, the most probable characters whose
        joined text it matches, when some do); also the ids of those regions, not to be
        read as lines, and the boxes of the cells read (noted on the page too:
        :mod:`formsift.core.comb_cells`). A cell two regions reach is read once."""
        from formsift.plugins.fieldtypes.comb import MIN_CELLS
        from formsift.plugins.handwriting import comb as C

        opts: CRNNOptions = self.options  # type: ignore[assignment]
        # per comb: its cells' images and boxes, and whether it is a short comb
        combs: list[tuple[list[tuple[Any, Box]], bool]] = []
        seen: list[Box] = []
        in_comb: set[int] = set()
        for region in regions:
            got = C.comb_at(image, region, C.SHORT_CELLS)
            if got is None:
                continue
            near, found = got
            short = len(found.cells) < MIN_CELLS
            runs = _runs_read(near, found, short)
            if not runs:
                continue
            in_comb.add(id(region))
            for group in _set_apart(found, runs):
                mine = [i for i in range(len(found.cells)) if found.runs[i] in group]
                images = C.cell_images(near.gray, found, mine)
                inked = [k for k, im in enumerate(images) if im is not None]
                cells = []
                for k, i in enumerate(mine):
                    a, b = found.cells[i]
                    box = near.box(a, b, found.top, found.bottom)
                    if not inked or not inked[0] <= k <= inked[-1] or \
                            any(box.overlap_ratio(o) > 0.5 for o in seen):
                        continue
                    seen.append(box)
                    # a cell left blank between written ones is no character: "?" (the
                    # value does not read as one, rather than lose a character)
                    cells.append((images[k], box))
                if cells:
                    combs.append((cells, short))
        # (another recognizer's word in one of these cells reads the same writing again:
        # formsift.core.comb_cells)
        comb_cells.note(page, self.name, seen)
        calibration = self.calibration if opts.calibrated else None
        words = []
        for cells, short in combs:
            written = [c for c, _ in cells if c is not None]
            read = iter(self._read_chars(written, constraint) if written else [])
            mine = []
            for cell, box in cells:
                ch, conf = next(read) if cell is not None else (BLANK_CELL, 0.0)
                if short and not ch:
                    ch, conf = BLANK_CELL, 0.0  # (a character of its value, not left out)
                elif not ch or (conf < opts.min_confidence and not short):
                    continue
                # (a digit read alone keeps the model's confidence, which is not too
                # high for one: benchmarks/calibrate_handwriting.py --digits)
                shown = calibration.confidence(conf) if calibration is not None \
                    and ch.isalpha() else conf
                mine.append(Word(ch, box, page.index, round(shown, 4), self.name, True,
                                 None, (round(conf, 4),)))
            if (short or _one_value(constraint, [w.text for w in mine])) and len(mine) > 1:
                # a short comb's cells are one word: its value ("0 3" is no comb run the
                # field types join, and a number would take its first digit alone); so
                # are a comb's cells read as its field's pattern, which they match whole
                mine = [Word("".join(w.text for w in mine),
                             Box(mine[0].box.x0, min(w.box.y0 for w in mine), mine[-1].box.x1,
                                 max(w.box.y1 for w in mine)), page.index,
                             min(w.confidence for w in mine), self.name, True, None,
                             tuple(c for w in mine for c in w.char_confidences))]
            words.extend(mine)
        return words, in_comb, seen

    def _read_chars(self, crops: list[Any], constraint: Constraint | None
                    ) -> list[tuple[str, float]]:
        """One character per crop (the cells of one comb), of the constraint's alphabet:
        for each cell its characters by their probability at the step where each is most
        probable; the most probable of each cell, or with the constraint's pattern the
        most probable choice of them whose joined text the pattern matches in full, when
        one of the COMB_CHOICES first does."""
        import heapq

        import numpy as np

        from formsift.util.safe_regex import fullmatches

        mask = alphabet_mask(self.charset, constraint.alphabet if constraint else None)
        ranked: list[list[tuple[str, float]]] = []
        surest_digit: list[tuple[str, float]] = []
        space = self.charset.find(" ")
        digits = np.array([c.isdigit() for c in self.charset], np.float32) \
            if mask is None else None
        cell_probs = []
        for crop in crops:
            x, widths = batch([line_tensor(crop, crop=self.crop, deslant=self.deslant)])
            p = to_probs(self._session.run(None, {self._input: x})[0])[0]
            p = p[:max(1, widths[0] // STRIDE)]
            if mask is not None:
                p = p * mask
                p = p / np.maximum(p.sum(axis=1, keepdims=True), 1e-12)
            best = p[:, 1:].max(axis=0)
            if space >= 0:
                best[space] = 0.0
            cell_probs.append(best)
            order = [int(k) for k in np.argsort(-best)[:4] if best[k] > 0]
            ranked.append([(self.charset[k], float(best[k])) for k in order] or [("", 0.0)])
            if digits is not None:
                k = int(np.argmax(best * digits))
                surest_digit.append((self.charset[k], float(best[k])))
        first = [r[0] for r in ranked]
        if mask is None and 2 * sum(c.isdigit() for c, _ in first) >= len(first):
            # a comb of digits: a cell read unsurely as something else is a digit (a lone
            # "1" was read "F", "P" or "/": such a stroke holds no word to read it by)
            first = [d if not c.isdigit() and conf < COMB_UNSURE else (c, conf)
                     for (c, conf), d in zip(first, surest_digit, strict=True)]
            ranked = [[f, *(r for r in rk if r[0] != f[0])] for f, rk in
                      zip(first, ranked, strict=True)]
        pattern = constraint.pattern if constraint else None
        if not pattern or fullmatches(pattern, "".join(c for c, _ in first)):
            return _doubted(first, cell_probs, self.charset)
        # each cell read with the characters the pattern allows at its place (a container
        # number's four letters, then digits: a comb "of digits" made its S, K and U
        # digits), a letter's capital and small form alike (a box holds no word to tell
        # them by)
        by_place = _by_pattern(self.charset, cell_probs, pattern)
        if by_place is not None:
            return _doubted(by_place, cell_probs, self.charset)
        # the choices of one character per cell, most probable first
        def cost(pick: tuple[int, ...]) -> float:
            return -sum(float(np.log(max(ranked[i][k][1], 1e-9))) for i, k in enumerate(pick))

        start = (0,) * len(ranked)
        heap, done = [(cost(start), start)], {start}
        for _ in range(COMB_CHOICES):
            if not heap:
                break
            _, pick = heapq.heappop(heap)
            chosen = [ranked[i][k] for i, k in enumerate(pick)]
            if fullmatches(pattern, "".join(c for c, _ in chosen)):
                return _doubted(chosen, cell_probs, self.charset)
            for i in range(len(pick)):
                if pick[i] + 1 < len(ranked[i]):
                    nxt = (*pick[:i], pick[i] + 1, *pick[i + 1:])
                    if nxt not in done:
                        done.add(nxt)
                        heapq.heappush(heap, (cost(nxt), nxt))
        return _doubted(first, cell_probs, self.charset)

    def _with_dash(self, crop: Any, best: Decoded, mask: Any, pattern: str | None
                   ) -> Decoded:
        """``best`` (the reading of the line ``crop``) with the minus its ink begins with,
        when that ink is a dash (:func:`leading_dash`) and the rest of the line, read
        again without it, is a number: the model, trained on few signed numbers, left
        the dash out ("-19.5" read "19.5") or read it as a digit ("-21.5" read "221.5").
        The minus is taken with the confidence DASH_DOUBT (the value goes to review,
        shown with its sign), where the constraint allows one; where it does not, the
        reading is kept with its first character's confidence lowered to DASH_DOUBT (ink
        it did not account for)."""
        import numpy as np

        from formsift.handwriting.preprocess import ink_box
        from formsift.util.safe_regex import fullmatches

        gray = model_crop(crop, self.crop)
        dash = leading_dash(gray)
        if dash is None:
            return best
        x0, x1, piece = dash
        rest = gray.copy()
        rest[piece] = int(np.percentile(gray, 90))
        x, widths = batch([line_tensor(rest, crop=self.crop, deslant=self.deslant)])
        p = to_probs(self._session.run(None, {self._input: x})[0])[0]
        p = p[:max(1, widths[0] // STRIDE)]
        again = greedy(p, self.charset, mask)
        if pattern:
            again = self._with_pattern(p, mask, pattern, again)
        if not _numeral(again.text):
            return best
        sign = self.charset.find("-")
        if sign < 0 or (mask is not None and not mask[sign + 1]) or \
                (pattern and not fullmatches(pattern, "-" + again.text)):
            if not best.chars:
                return best
            c, conf, at = best.chars[0]
            return Decoded(best.text, ((c, min(conf, DASH_DOUBT), at), *best.chars[1:]))
        # the rest's characters placed along the whole crop (its reading's positions are
        # fractions of the rest trimmed to its ink, as the model read it)
        w = gray.shape[1]
        box = ink_box(rest)
        a, b = 0, w
        if box is not None:
            pad = max(2, (box[3] - box[1]) // 10)
            a, b = max(0, box[0] - pad), min(w, box[2] + pad)
        chars = [("-", DASH_DOUBT, (x0 + x1) / 2 / w),
                 *((c, conf, (a + at * (b - a)) / w) for c, conf, at in again.chars)]
        return Decoded("-" + again.text, tuple(chars))

    def _best_variant(self, crop: Any, probs: Any, deslant: bool) -> Any:
        """Of ``probs`` (the model's reading of the line ``crop``, cut by
        :func:`~formsift.handwriting.preprocess.model_crop` with ``deslant``) and its
        readings of the line's sheared copies
        (:func:`formsift.handwriting.variants.sheared_crops`), the one the model is surest
        of (:func:`~formsift.handwriting.variants.best_reading`)."""
        from formsift.handwriting.preprocess import crop_tensor
        from formsift.handwriting.variants import best_reading, sheared_crops

        readings = [probs]
        for copy in sheared_crops(model_crop(crop, self.crop, deslant)):
            x, widths = batch([crop_tensor(copy)])
            out = to_probs(self._session.run(None, {self._input: x})[0])
            readings.append(out[0][:max(1, widths[0] // STRIDE)])
        return best_reading(readings)

    def _with_lm(self, probs: Any, best: Decoded, name: str) -> Decoded:
        """The line read by beam search with the language model of the word list
        ``name``; characters it reads otherwise than ``best`` (the greedy reading) keep
        their positions by :func:`realign` and get the line's weakest confidence."""
        from formsift.handwriting.charlm import read_with_lm

        text = read_with_lm(probs, self.charset, name)
        if text == best.text:
            return best
        chars, _ = realign(best.chars, text)
        return Decoded(text, tuple(chars))

    def _with_lexicon(self, probs: Any, best: Decoded, name: str) -> Decoded:
        import numpy as np

        from formsift.handwriting.lexicon import correct, load

        logp = np.log(np.maximum(probs, 1e-12))
        return correct(best, logp, self.charset, load(name))

    def _with_pattern(self, probs: Any, mask: Any, pattern: str, best: Decoded) -> Decoded:
        """The most probable beam candidate that matches ``pattern`` in full, or does
        without its spaces when the pattern allows none there (a gap in the writing read
        as a space: "07/14/1 991" for a date); else the greedy reading put right to the
        pattern by a few changes (:func:`_pattern_repair`); else the greedy reading.
        Each character a candidate or a repair reads otherwise than the greedy reading,
        or puts in, is doubted (confidence at most DASH_DOUBT): the model preferred
        something else there, and a pattern forcing a likely-looking value ("0/18/2007"
        re-read "9/18/2007" for 10/18/2007) must not make it sure."""
        from formsift.util.safe_regex import fullmatches

        if fullmatches(pattern, best.text):
            return best
        opts: CRNNOptions = self.options  # type: ignore[assignment]
        tried = [(best.text, 0.0),
                 *beam(probs, self.charset, opts.beam, mask, top=opts.beam)]
        for text, _ in tried:
            for shown in (text, text.replace(" ", "")):
                if fullmatches(pattern, shown):
                    return _doubting(best, shown, _changed_places(best.text, shown))
        # the model drops a written hyphen (it hardly ever emits a "-") and reads a digit
        # as its look-alike letter: "FLT-2040" read "FLT2O4O" under /[A-Z]{3}-\d{4}/
        for text in (best.text, best.text.replace(" ", "")):
            fixed = _pattern_repair(text, pattern)
            if fixed is not None:
                shown, changed = fixed
                return _doubting(best, shown, changed | _changed_places(best.text, shown))
        return best


def _changed_places(old: str, new: str) -> set[int]:
    """The places in ``new`` of the characters it reads otherwise than ``old`` or puts
    in, by the edit alignment :func:`~formsift.handwriting.decode.realign` makes (left
    out characters, such as the spaces of a gap, change no place)."""
    from difflib import SequenceMatcher

    return {k for op, _, _, b0, b1 in
            SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
            if op in ("replace", "insert") for k in range(b0, b1)}


def _doubting(best: Decoded, shown: str, changed: set[int]) -> Decoded:
    """``shown`` with the positions and confidences of ``best``'s characters
    (:func:`~formsift.handwriting.decode.realign`), those at the places ``changed`` at
    most DASH_DOUBT."""
    chars, _ = realign(best.chars, shown)
    return Decoded(shown, tuple(
        (c, min(conf, DASH_DOUBT), x) if k in changed else (c, conf, x)
        for k, (c, conf, x) in enumerate(chars)))


#: A minus before a handwritten number (:func:`leading_dash`): the line's leftmost stroke,
#: on its own, at least DASH_FLAT times as wide as it is high, at most DASH_THIN of the
#: number's height high, DASH_LENGTH long (shares of the number's height), its middle
#: within DASH_MIDDLE of the number's height (from its top), and set before the number by
#: at most DASH_GAP of its height. Strokes smaller than DASH_SPECK of the crop's height
#: squared are specks, no stroke.
DASH_FLAT, DASH_THIN = 1.6, 0.3
DASH_LENGTH = (0.2, 1.3)
DASH_MIDDLE = (0.25, 0.8)
DASH_GAP = 1.0
DASH_SPECK = 0.004
#: A flat stroke along at least this share of the crop's width is a ruling, no stroke,
#: when it lies along the crop's top or bottom edge (in its outer DASH_EDGE of the crop's
#: height) or runs from one end of the crop to the other: a cell's ruling the line's box
#: took in. A minus, however long, lies at the digits' middle height, before them.
DASH_RULING = 0.6
DASH_EDGE = 0.1
#: The confidence of a minus taken from its dash's shape, which the model did not read
#: (:meth:`CRNNRecognizer._with_dash`): a doubt (the digits' table gives a word with it
#: 0.49, under the handwritten review floor).
DASH_DOUBT = 0.5


def leading_dash(gray: Any) -> tuple[int, int, Any] | None:
    """The dash a dark-on-light line crop (``gray``) begins with, as (x0, x1, its ink's
    mask): its leftmost stroke when that is flat, short and thin, at the middle height of
    the strokes after it and set wholly before them (a minus; see DASH_*); None when
    there is none."""
    import cv2
    import numpy as np

    if gray.size == 0 or int(gray.max()) - int(gray.min()) < 20:
        return None
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    speck = DASH_SPECK * gray.shape[0] ** 2
    # (a ruling along the crop, a cell's edge the line's box took in, is no stroke)
    gh, gw = gray.shape[:2]
    top, left = stats[:, cv2.CC_STAT_TOP], stats[:, cv2.CC_STAT_LEFT]
    bottom, right = top + stats[:, cv2.CC_STAT_HEIGHT], left + stats[:, cv2.CC_STAT_WIDTH]
    edge = max(1.0, DASH_EDGE * gh)
    ruling = (stats[:, cv2.CC_STAT_WIDTH] >= DASH_RULING * gw) \
        & (stats[:, cv2.CC_STAT_HEIGHT] <= DASH_THIN * gh / 2) \
        & ((top < edge) | (bottom > gh - edge) | ((left <= 0) & (right >= gw)))
    parts = [k for k in range(1, n) if stats[k, cv2.CC_STAT_AREA] >= speck and not ruling[k]]
    if len(parts) < 2:
        return None
    first = min(parts, key=lambda k: int(stats[k, cv2.CC_STAT_LEFT]))
    rest = [k for k in parts if k != first]
    x0, y0, w, h = (int(v) for v in stats[first, :4])
    rx0 = min(int(stats[k, cv2.CC_STAT_LEFT]) for k in rest)
    ry0 = min(int(stats[k, cv2.CC_STAT_TOP]) for k in rest)
    ry1 = max(int(stats[k, cv2.CC_STAT_TOP] + stats[k, cv2.CC_STAT_HEIGHT]) for k in rest)
    height = ry1 - ry0
    middle = (y0 + h / 2 - ry0) / max(1, height)
    if height <= 0 or w < DASH_FLAT * h or h > DASH_THIN * height \
            or not DASH_LENGTH[0] * height <= w <= DASH_LENGTH[1] * height \
            or not DASH_MIDDLE[0] <= middle <= DASH_MIDDLE[1] \
            or x0 + w > rx0 or rx0 - (x0 + w) > DASH_GAP * height:
        return None
    piece = cv2.dilate((labels == first).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    return x0, x0 + w, piece


def _numeral(text: str) -> bool:
    """Whether a reading is a number's: it begins with a digit, or with a decimal
    separator and a digit (".5")."""
    t = text.replace(" ", "")
    return bool(t) and (t[0].isdigit() or (t[0] in ".," and t[1:2].isdigit()))


#: A reading repaired to a constraint's pattern (:func:`_pattern_repair`): the separators
#: a hand writes that the model drops, the look-alikes it reads for one another, and
#: the most characters put right (each at the confidence DASH_DOUBT).
REPAIR_MARKS = "-/.:"
LOOKALIKES = {"O": "0", "D": "0", "Q": "0", "o": "0", "I": "1", "l": "1", "|": "1",
              "S": "5", "B": "8", "Z": "2", "G": "6", "0": "O", "1": "I", "5": "S",
              "8": "B", "2": "Z", "6": "G"}
REPAIR_MOST = 3


def _pattern_repair(text: str, pattern: str) -> tuple[str, set[int]] | None:
    """``text`` put right to match ``pattern`` in full with the fewest changes, at most
    REPAIR_MOST: a separator of REPAIR_MARKS put in between a letter and a digit where
    the pattern asks for one, a character read as its look-alike (LOOKALIKES) where the
    pattern wants the other;
    with the places of the characters changed or put in. None when no such reading
    matches (a partial match prunes the readings, as for a comb: :func:`_by_pattern`)."""
    import regex

    from formsift.util.safe_regex import compile_pattern

    if not text:
        return None
    try:
        rx = compile_pattern(pattern)

        def could(t: str, partial: bool = True) -> bool:
            return rx.fullmatch(t, partial=partial, timeout=0.05) is not None

        beams: list[tuple[int, str, frozenset[int]]] = [(0, "", frozenset())]
        for c in text:
            nxt: dict[str, tuple[int, frozenset[int]]] = {}
            for cost, t, changed in beams:
                # (a separator only between letters and digits: "FLT" "2040"; between
                # digits, where a date's pattern allows one anywhere, it is a guess)
                starts = [(cost, t, changed)] + [
                    (cost + 1, t + m, changed | {len(t)}) for m in REPAIR_MARKS
                    if cost < REPAIR_MOST and t and t[-1].isalpha() != c.isalpha()
                    and t[-1].isalnum() and c.isalnum() and could(t + m)]
                for k, u, ch in starts:
                    for d, extra in ((c, 0), (LOOKALIKES.get(c), 1)):
                        if d is None or k + extra > REPAIR_MOST or not could(u + d):
                            continue
                        key = u + d
                        mine = ch | {len(u)} if extra else ch
                        if key not in nxt or nxt[key][0] > k + extra:
                            nxt[key] = (k + extra, mine)
            beams = sorted((k, t, ch) for t, (k, ch) in nxt.items())[:PLACE_BEAM]
            if not beams:
                return None
        done = [(k, t, ch) for k, t, ch in beams if k and could(t, partial=False)]
        if not done:
            return None
        _, t, ch = min(done)
        return t, set(ch)
    except (TimeoutError, regex.error):
        return None


#: How many choices of one character per cell of a comb are tried against a field's
#: pattern, most probable first (see ``CRNNRecognizer._read_chars``).
COMB_CHOICES = 300
#: A comb read by its pattern's places (:func:`_by_pattern`): the readings kept from cell
#: to cell, and the least probability of a character a cell is read as.
PLACE_BEAM, PLACE_FLOOR = 16, 1e-3


def _by_pattern(charset: str, cells: list[Any], pattern: str
                ) -> list[tuple[str, float]] | None:
    """One character per cell of a comb (``cells``: each its probabilities of the
    ``charset``'s characters, the blank left out) that ``pattern`` allows at its place:
    the most probable joined text the pattern matches in full, each cell's text kept
    while the pattern can still match what follows (a partial match); a letter stands for
    its capital or small form alike, with its probability. None when no reading of at
    least PLACE_FLOOR per character matches."""
    import math

    import regex

    from formsift.util.safe_regex import compile_pattern

    try:
        rx = compile_pattern(pattern)

        def could(text: str, partial: bool = True) -> bool:
            return rx.fullmatch(text, partial=partial, timeout=0.05) is not None

        beams: list[tuple[float, str, list[tuple[str, float]]]] = [(0.0, "", [])]
        for probs in cells:
            choices: dict[str, float] = {}
            for k in sorted(range(len(probs)), key=lambda k: -probs[k]):
                if probs[k] < PLACE_FLOOR:
                    break
                c = charset[k]
                for t in {c, c.upper(), c.lower()}:
                    if len(t) == 1 and choices.get(t, 0.0) < probs[k]:
                        choices[t] = float(probs[k])
            beams = sorted((cost - math.log(pr), text + c, [*chars, (c, pr)])
                           for cost, text, chars in beams for c, pr in choices.items()
                           if could(text + c))[:PLACE_BEAM]
            if not beams:
                return None
        return next((chars for _, text, chars in beams if could(text, partial=False)), None)
    except (TimeoutError, regex.error):
        return None


#: A comb cell's digit is read two ways when another digit is read in it too with at
#: least COMB_RIVAL probability (at another step of the model: a "0" read "1" at 0.94,
#: and "0" at 0.49): its confidence is then at most one less that probability. A rival
#: "1" is none: a digit's stem or what is left of a wall, read "1" at one step, in most
#: cells (measured on the meters journey's 183 comb cells: 7 of the 9 right digits with a
#: digit rival over 0.2 had a "1"; with other rivals over COMB_RIVAL, no right digit of
#: the 175 and 2 of the 8 wrong ones).
COMB_RIVAL = 0.4


def _doubted(chosen: list[tuple[str, float]], cells: list[Any], charset: str
             ) -> list[tuple[str, float]]:
    """``chosen`` (a comb's character per cell and its probability) with the confidence
    of each digit read two ways (:data:`COMB_RIVAL`; ``cells``: each cell's probabilities
    of the ``charset``'s characters) lowered to one less its rival's probability."""
    out = []
    for (c, conf), probs in zip(chosen, cells, strict=True):
        if c.isdigit():
            rival = max((float(probs[k]) for k, d in enumerate(charset[:len(probs)])
                         if d.isdigit() and d not in (c, "1")), default=0.0)
            if rival >= COMB_RIVAL:
                conf = min(conf, 1.0 - rival)
        out.append((c, conf))
    return out


def _one_value(constraint: Constraint | None, chars: list[str]) -> bool:
    """Whether a comb's characters ``chars`` are one value of the ``constraint``'s
    pattern: it matches them whole, and neither without their first or last one (a
    container number's eleven characters; a number's pattern matches a row of score
    boxes, one value each, as well as any of its boxes)."""
    from formsift.util.safe_regex import fullmatches

    pattern = constraint.pattern if constraint else None
    text = "".join(chars)
    return bool(pattern) and len(chars) > 1 and fullmatches(pattern, text) and \
        not fullmatches(pattern, "".join(chars[1:])) and \
        not fullmatches(pattern, "".join(chars[:-1]))


def _runs_read(near: Any, found: Any, short: bool) -> set[int]:
    """The runs of the comb ``found`` around the line ``near``
    (:func:`formsift.plugins.handwriting.comb.comb_at`) whose cells the line is read in:
    those of the cells it covers COVER of (of a comb of MIN_CELLS cells or more, unless
    ``short``); when it covers none so, and its middle lies on a wall (within ON_WALL of a
    cell's width of the cells on either side), those cells' (a wall, or a stroke the
    detector found on it, is no line of its own: read as one, a blank comb's wall between
    its cents cells was a "T", the value's text)."""
    from formsift.plugins.fieldtypes.comb import MIN_CELLS
    from formsift.plugins.handwriting import comb as C

    def mine(i: int) -> bool:
        return short or found.runs.count(found.runs[i]) >= MIN_CELLS

    runs = {found.runs[i] for i, (a, b) in enumerate(found.cells)
            if min(b, near.x1) - max(a, near.x0) >= C.COVER * (b - a) and mine(i)}
    if runs:
        return runs
    middle = (near.x0 + near.x1) / 2
    return {found.runs[i] for i, (a, b) in enumerate(found.cells)
            if a - C.ON_WALL * (b - a) <= middle <= b + C.ON_WALL * (b - a) and mine(i)}


def _set_apart(found: Any, runs: set[int]) -> list[set[int]]:
    """The comb's ``runs`` to read, in groups read together (one value): with each, a
    group of fewer than MIN_CELLS cells next to it, set apart by less than a cell's width
    (a container number's check digit in a box of its own); each short group alone
    (a short comb)."""
    from formsift.plugins.fieldtypes.comb import MIN_CELLS

    cells, of = found.cells, found.runs
    groups: list[set[int]] = []
    for run in sorted(runs):
        group = {run}
        for side in (run - 1, run + 1):
            near = [i for i, r in enumerate(of) if r == side]
            if not near or len(near) >= MIN_CELLS or side in runs:
                continue
            mine = [i for i, r in enumerate(of) if r == run]
            a, b = (mine[-1], near[0]) if side > run else (near[-1], mine[0])
            if cells[b][0] - cells[a][1] < cells[a][1] - cells[a][0]:
                group.add(side)
        groups.append(group)
    return groups
#: The word standing for a blank cell between written ones of a comb (no value reads
#: through it: a digit lost would make a wrong value of the right shape).
BLANK_CELL = "?"
#: A cell of a comb read freely (no alphabet) as a letter or a sign with less than this
#: probability, in a comb read as digits in half its cells or more, is read as its most
#: probable digit, with that digit's own probability (mostly low: such a value goes to
#: review); "D" for a "0", "F" for a "1".
COMB_UNSURE = 0.9


#: A vertical ruling is looked for in this outer share of a line crop's width, at either
#: end: a table's line between two cells that the line's box reaches over.
EDGE_RULE_SHARE = 0.3
#: ... a run of columns whose ink crosses at least this share of the crop's rows,
EDGE_RULE_DARK = 0.9
#: ... no wider than this share of the crop's height (a ruling is thin, a little
#: slanted in a straightened line),
EDGE_RULE_WIDTH = 0.15
#: ... and going on above and below the line, along this share of the line's height each
#: way (inked there in this share of the rows): writing stays within its line, a table's
#: ruling runs on through the rows above and below.
EDGE_RULE_REACH = 0.5
EDGE_RULE_ON = 0.8


def _without_edge_rulings(image: Any, region: TextRegion, crop: Any) -> Any:
    """``crop`` (of ``region`` of the page ``image``) with a vertical ruling at either end
    whitened, and what lies beyond it: the line between a ruled table's cells, which a
    line's box reaches over when the writing is set against it, was read into the number
    as a "1" or a "/" ("2.401", "148,00/"). A thin run of columns whose ink crosses the
    crop from top to bottom (slanted a little in a line straightened along its polygon)
    is a ruling only when it runs on above and below the line on the page (a written "1"
    or "/" does not)."""
    import cv2
    import numpy as np

    from formsift.handwriting.preprocess import to_gray

    gray = to_gray(crop)
    h, w = gray.shape[:2]
    ih, iw = image.shape[:2]
    b = region.box
    if h < 6 or w < 12 or b.width <= 0:
        return crop
    paper, dark = float(np.percentile(gray, 90)), float(np.percentile(gray, 1))
    if paper - dark < 40:
        return crop
    cut = (paper + dark) / 2
    ink = gray < cut
    thick = max(2, round(EDGE_RULE_WIDTH * h))
    page = None
    out = None
    for left in (True, False):
        found = None
        starts = range(0, round(EDGE_RULE_SHARE * w)) if left else \
            range(w - 1, w - 1 - round(EDGE_RULE_SHARE * w), -1)
        for a in starts:
            for n in range(1, thick + 1):
                lo, hi = (a, a + n) if left else (a - n + 1, a + 1)
                if lo < 0 or hi > w:
                    break
                if ink[:, lo:hi].any(axis=1).mean() >= EDGE_RULE_DARK:
                    found = (lo, hi)
                    break
            if found is not None:
                break
        if found is None:
            continue
        if page is None:
            page = to_gray(image)
        lo, hi = found
        px = int((b.x0 + (lo + hi) / 2 / w * b.width) * iw)
        reach = max(2, round(EDGE_RULE_REACH * b.height * ih))
        ya, yb = int(b.y0 * ih), int(b.y1 * ih)
        bands = (page[max(0, ya - reach):ya, max(0, px - 3):px + 4],
                 page[yb:yb + reach, max(0, px - 3):px + 4])
        if any(band.shape[0] < 2 or band.shape[1] == 0
               or float((band.min(axis=1) < cut).mean()) < EDGE_RULE_ON for band in bands):
            continue
        if out is None:
            out = np.array(crop, copy=True)
        # the ruling's ink, slanted across more columns than the window (a line
        # straightened along its polygon): the pieces of ink within a window's width of
        # it that run along half the crop's height
        a, z = (0, min(w, hi + thick)) if left else (max(0, lo - thick), w)
        count, labels = cv2.connectedComponents(ink[:, a:z].astype(np.uint8), connectivity=8)
        for k in range(1, count):
            piece = labels == k
            rows = np.flatnonzero(piece.any(axis=1))
            if rows.size and rows[-1] - rows[0] + 1 >= h / 2 \
                    and piece[:, lo - a:hi - a].any():
                out[:, a:z][piece] = paper
        if left:
            out[:, :lo] = paper
        else:
            out[:, hi:] = paper
    return crop if out is None else out


def _partner(model: str, threads: int, charset: str) -> Partner:
    """The second model of an ensemble (:meth:`CRNNRecognizer.add_partner`): an ONNX
    file with the same characters as the first."""
    from formsift.plugins.ocr.models import session

    path = resolve(model)
    hint = "give a handwriting model trained with formsift (the same characters)"
    try:
        second = session(path, threads)
    except Exception as exc:  # onnxruntime's own errors
        raise ComponentNotFound(f"ensemble model {path} is not an ONNX model onnxruntime "
                                f"can load ({type(exc).__name__})", hint=hint) from exc
    meta = second.get_modelmeta().custom_metadata_map
    if meta.get("charset") != charset:
        raise ComponentNotFound(f"ensemble model {path} does not read the characters of "
                                f"the first model (its metadata's charset differs)",
                                hint=hint)
    crop = meta.get("crop", "ink")
    if crop not in CROPS:
        raise ComponentNotFound(f"ensemble model {path} asks for the line crop {crop!r}, "
                                f"which this formsift does not know", hint=hint)
    return Partner(second, crop, _deslanted(meta, path))


def _deslanted(meta: dict[str, str], path: Path) -> bool:
    """Whether the model's metadata says it was trained on deslanted lines (its
    ``deslant`` key "true"; absent or "false": it reads its lines as they are)."""
    value = meta.get(DESLANT_KEY, "false")
    if value not in ("true", "false"):
        raise ComponentNotFound(f"handwriting model {path} has deslant={value!r} in its "
                                f"metadata, which this formsift does not know (true or "
                                f"false)", hint="upgrade formsift, or retrain the model")
    return value == "true"


def _calibration(meta: dict[str, str], path: Path) -> Calibration:
    """The model's own word-confidence table, else the shipped model's."""
    from formsift.handwriting.calibration import METADATA_KEY, Calibration

    if METADATA_KEY not in meta:
        return Calibration(lines="" if path == shipped_model() else
                           "this model carries no table of its own")
    try:
        return Calibration.from_json(meta[METADATA_KEY])
    except ValueError as exc:
        raise ComponentNotFound(f"handwriting model {path}: {exc}",
                                hint="retrain it with formsift train recognizer") from exc


def _words(line: Decoded, region: TextRegion, page: int, source: str,
           calibration: Calibration | None = None) -> list[Word]:
    """Split a decoded line at spaces into words with boxes along the region; with a
    ``calibration``, the confidence of each word is the share of such words read right
    (:meth:`formsift.handwriting.calibration.Calibration.word_confidence`: words with
    letters by the model's table, words without by the digits' table)."""
    from formsift.plugins.ocr.recognize import _along

    groups: list[list[tuple[str, float, float]]] = [[]]
    for c in line.chars:
        if c[0] == " ":
            groups.append([])
        else:
            groups[-1].append(c)
    n = max(1, len(line.chars))
    half = 0.5 / n
    words = []
    for g in groups:
        if not g:
            continue
        text = "".join(c[0] for c in g)
        box = _along(region, max(0.0, g[0][2] - half), min(1.0, g[-1][2] + half))
        confs = tuple(round(c[1], 4) for c in g)
        conf = calibration.word_confidence(text, min(confs)) if calibration is not None \
            else min(confs)
        words.append(Word(text, box, page, conf, source, True, None, confs))
    return words
