"""A field's confidence: one small function of the evidence about its value.

Evidence (:class:`Signals`):

- **recognition**: the characters' confidences in the words the value was read from
  (their minimum and mean; 1.0 for a PDF's text layer);
- **locator**: the candidate's score from the template's locator (label match quality,
  distance from the label, which locator of several found it);
- **parse**: whether the field type parsed the value cleanly: 1.0 when the value is the
  whole of its words and parses strictly, less when it was cut out of a longer token
  (``TOTAL:12.50``) or only parsed leniently;
- **rules**: the template's rules the field takes part in: each error rule that passes
  and holds the value equal to another one (``net + vat == total``) raises confidence,
  each that fails lowers it (warnings count for less); a rule that passes but only
  compares (``withheld <= wages``, ``total > 0``) raises nothing, since a value read by
  mistake passes it as well;
- **placement**: how near where a label's locator looks the value was found (the
  distance part of the locator score): under :data:`FAR_PLACEMENT` it caps the value's
  confidence (:func:`ceiling`);
- **runner-up**: another candidate with a different value and a near score, both found
  beside a label (two totals beside two "Total" labels; lines of a region are no rivals);
- **handwriting**: for a value read from handwritten words (text, numbers, dates), the
  weakest word's confidence, which the ``crnn`` recognizer gives as the measured share of
  such words read right (:mod:`formsift.handwriting.calibration`): the value's confidence is capped
  there, unless a rule that ties it to another value passed; a printed value with a
  character under :data:`UNSURE_CHARACTER` is capped at that character's (:func:`ceiling`),
  under the same condition.
- **characters no check covers**: a value a check of its own passed (a check digit over
  part of it: an MRZ's number and dates, not its names) is no surer than its weakest
  printed character the check does not look at
  (:func:`formsift.templates.check_digits.unchecked_min`); under a passed rule tying it
  to another value (which covers the characters it ties), only when that character is
  one the recognizer doubts (under :data:`UNSURE_TIED_CHARACTER`); nor
  is a free-text value (``text``: no parse or check covers any of its characters) surer
  than a printed character of it under :data:`UNSURE_TEXT_CHARACTER`.
- **a failed check of its own**: a value whose own check failed (its type's: an MRZ's
  check digits; or an error rule over it alone that checks its reading's validity,
  ``valid_iban``: ``runtime._check_failed``) is no surer than :data:`CHECK_FAILED`,
  whatever rule tying it to another value passed.
- **typed digits**: a printed date or amount (a type with ``digits_at_weakest``) is no
  surer than its weakest digit, unless a rule that ties it to another value passed
  (:func:`digits_ceiling`): no check covers its digits, and one misread is a wrong value.
- **second reading** (opt-in, :mod:`formsift.templates.second_reading`): the value read
  again from another view of its crop: the same value counts its characters as sure
  (:func:`reread_as_sure`), another one caps it at :data:`DISAGREED`.

:func:`combine` is a logistic function of these (``sigmoid(w . x + bias)``, with the
logarithms of the 0..1 signals, so that perfect evidence without rules leaves
``sigmoid(bias)``). Its weights
(:data:`WEIGHTS`) were fitted by ``benchmarks/bench_calibration.py --fit`` on generated
scans of seeds 0-5 (never on the seeds or corpora it is evaluated on), with the rule
weights constrained to the signs above. The function is deterministic and cheap; replace
:data:`WEIGHTS` (or :func:`combine`) to recalibrate for other documents.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

_EPS = 1e-4


@dataclass(frozen=True)
class Signals:
    """The evidence about one extracted value, each in a documented range."""

    recognition_min: float = 1.0  # 0..1, lowest character confidence
    recognition_mean: float = 1.0  # 0..1, mean character confidence
    locator: float = 1.0  # 0..1, the candidate's locator score
    parse: float = 1.0  # 0..1, how cleanly the type parsed it
    rules_passed: int = 0  # error rules with this field that passed
    rules_failed: int = 0  # error rules with this field that failed
    warns_passed: int = 0
    warns_failed: int = 0
    runner_up: float = 0.0  # 0..1, score of the best other value relative to this one
    #: 0..1, the weakest word's confidence of a value read from handwriting (1.0
    #: otherwise): the value's confidence is never higher
    handwriting: float = 1.0
    #: error rules tying this value to another one that passed, inequalities included
    #: (``rules_passed`` counts equations only): a rule that chose between rival readings
    rules_held: int = 0
    #: 0..1, the lowest character confidence of the value's words read as print (1.0 when
    #: none): a value of handwritten and printed words is no surer than a printed
    #: character the recognizer doubts (:data:`UNSURE_CHARACTER`)
    printed_min: float = 1.0
    #: 0..1, how sure a check of the value alone that passed (a check digit's) makes its
    #: doubted characters, when that reaches ``check_digits.LIFT_BAR`` (0.0 otherwise):
    #: the ceiling is lifted to it (:mod:`formsift.templates.check_digits`)
    checked: float = 0.0
    #: 0..1, how near where its locator looks a value beside a label was found
    #: (``Candidate.placement``: 1.0 on the label's line or the next one, ``below`` loses
    #: 0.15 a line; 1.0 for other locators): under :data:`FAR_PLACEMENT` the value is no
    #: surer than it (:func:`ceiling`)
    placed: float = 1.0
    #: a second reading of the value's crop (:mod:`formsift.templates.second_reading`):
    #: 1 it reads the same value, -1 another value of the type (the value is no surer
    #: than :data:`DISAGREED`), 0 none was made or it read no value
    reread: int = 0
    #: 0..1, the weakest printed digit of a value whose type counts its digits at their
    #: weakest (a date, an amount: ``runtime.typed_digits``; 1.0 otherwise): the value
    #: is no surer than it unless a rule ties it to another value (:func:`digits_ceiling`)
    digits: float = 1.0
    #: 0..1, the lowest confidence of a printed character that no check of the value
    #: alone which passed looks at (1.0 when there is no such check): a check digit
    #: vouches for the characters it covers, not for the rest (an MRZ's name line,
    #: 'SCHMHDT' with its 'H' at 0.34, passes every check digit); the value is no surer
    #: than that character (:func:`ceiling`,
    #: :func:`formsift.templates.check_digits.unchecked_min`); of free text, which nothing
    #: checks, its weakest printed character when under :data:`UNSURE_TEXT_CHARACTER`
    unchecked: float = 1.0
    #: a check of the value alone failed: its type's own (an MRZ's check digits,
    #: ``reading_passes``) or an error rule over the field alone that checks its reading's
    #: validity (``valid_mrz(mrz)``, ``valid_iban(iban)``): the value is no surer than
    #: :data:`CHECK_FAILED` (:func:`ceiling`)
    check_failed: bool = False

    def as_dict(self) -> dict[str, float]:
        return {k: round(float(v), 4) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Weights:
    """Weights of :func:`combine`; see the module docstring for how they were fitted."""

    bias: float
    recognition_min: float  # times log(recognition_min)
    recognition_mean: float  # times log(recognition_mean)
    locator: float  # times log(locator)
    parse: float  # times (parse - 1)
    rule_passed: float  # per passed error rule (>= 0)
    rule_failed: float  # per failed error rule (>= 0, subtracted)
    warn_passed: float
    warn_failed: float
    runner_up: float  # times runner_up (>= 0, subtracted)


#: Fitted by ``benchmarks/bench_calibration.py --seeds 0-5 --fit`` (generated invoices,
#: receipts, delivery notes and payslips; born-digital, clean, skewed and fully degraded
#: scans at 200 dpi), every weight kept >= 0.25 so that each signal has a say.
#: ``rule_failed`` kept its prior: no field of those documents took part in a failed error
#: rule. What the fit says: a value confirmed by a passed rule is very likely right (0.99),
#: an unchecked one with perfect evidence is right about 9 times in 10 (0.89).
WEIGHTS = Weights(bias=2.0574, recognition_min=0.25, recognition_mean=0.8064, locator=0.25,
                  parse=1.0924, rule_passed=3.0331, rule_failed=3.5, warn_passed=1.6634,
                  warn_failed=0.25, runner_up=0.25)


def _log(p: float) -> float:
    return math.log(min(1.0, max(_EPS, p)))


def features(s: Signals) -> list[float]:
    """The signals as the feature vector :func:`combine` weighs (in :class:`Weights` order,
    bias first)."""
    return [1.0, _log(s.recognition_min), _log(s.recognition_mean), _log(s.locator),
            s.parse - 1.0,
            float(s.rules_passed), -float(s.rules_failed), float(s.warns_passed),
            -float(s.warns_failed), -s.runner_up]


def combine(s: Signals, w: Weights | None = None) -> float:
    """The confidence (0..1) of a value with evidence ``s``: a logistic function,
    ``sigmoid(bias + a*log(rec_min) + b*log(rec_mean) + c*log(locator)
    + d*(parse - 1) + e*passed - f*failed + g*warns_passed - h*warns_failed
    - i*runner_up)``. A value a second reading of its crop confirmed (``reread`` 1) counts
    its printed characters as read for sure (:func:`reread_as_sure`). Nor is it surer than
    :func:`ceiling` and :func:`digits_ceiling` allow."""
    s = reread_as_sure(s)
    x = features(s)
    z = sum(wi * xi for wi, xi in zip(vector(w or WEIGHTS), x, strict=True))
    return min(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), ceiling(s),
               digits_ceiling(s))


def reread_as_sure(s: Signals) -> Signals:
    """``s`` with its characters' confidences as a text layer's (1.0) when a second
    reading of the value's crop, through another view, read the same value (``reread``
    1): two readings that agree say the characters are what they were read as. They say
    nothing about whether the words are this field's (a neighbour's amount read twice is
    read twice alike): the confirmation lifts the recognition evidence and the doubted
    character's ceiling, not the rest (locator, rivals, rules), so an unconfirmed value
    stays under what a passed rule gives."""
    if s.reread <= 0:
        return s
    return replace(s, recognition_min=1.0, recognition_mean=1.0, printed_min=1.0,
                   digits=1.0)


def ceiling(s: Signals) -> float:
    """How sure a value can be whatever the rest of its evidence: no surer than its
    weakest handwritten word (``handwriting``), nor than a printed character under
    :data:`UNSURE_CHARACTER` (``recognition_min`` of a printed value; ``printed_min``, its
    printed words' characters only, of a value that also holds handwriting, whose
    characters the handwriting ceiling speaks for). An error rule that ties the value to
    another one and passed lifts both ceilings; a check of the value alone that passed
    (a check digit) lifts them to ``checked``, how sure it makes the doubted characters
    (:mod:`formsift.templates.check_digits`: only a check a wrong reading seldom passes
    does).

    Nor is a value found far from where its label's locator looks surer than its
    placement when that is under :data:`FAR_PLACEMENT` (``placed``). A
    passed error rule that ties it to another value lifts this ceiling too; a check of
    the value alone does not (it says the characters were read right, not that they are
    this field's). A value a second reading of its crop read otherwise (``reread`` -1)
    is no surer than :data:`DISAGREED`, whatever else holds.

    A value a check of its own passed (a check digit) that covers only part of it is no
    surer than its weakest character the check does not cover (``unchecked``): the check
    lifts nothing there, and the logistic, with its small weight on the weakest
    character, let an MRZ name misread at one letter (0.34) through at 0.84. A passed
    error rule that ties the value to another one does not lift this ceiling whole: it
    ties a part of the value (``surname == mrz.surname``), whose characters it covers
    (``runtime._value_check``), not the others (the shipped id_card template accepted a
    nationality misread 'AUS' for 'AUT', its 'S' at 0.34, at 1.0 because the printed
    surname matched the zone's). Under such a rule the ceiling holds only for a character
    the recognizer doubts (under :data:`UNSURE_TIED_CHARACTER`): the rules that passed say
    the value was read well on the whole, and a letter at 0.7 is no doubt enough (the T
    of a right 'UTO' at 0.705 sent a generated identity card to review), one at 0.34 is.

    A value whose own check failed (``check_failed``: its check digits) is no surer than
    :data:`CHECK_FAILED`, whatever else holds: the record goes to review for the failed
    rule, and the value's confidence must not say it is sure (a zone whose document number
    failed its check digit was reported at 1.0 for the three rules tying it to the printed
    fields)."""
    own = CHECK_FAILED if s.check_failed else 1.0
    if s.reread < 0:  # a second reading of its crop read another value
        return min(own, DISAGREED)
    # (a second reading that agrees says the characters are read right: all of them)
    unchecked = 1.0 if s.reread > 0 else max(s.unchecked, _EPS)
    if s.rules_passed:
        return min(own, s.handwriting,
                   unchecked if unchecked < UNSURE_TIED_CHARACTER else 1.0)
    printed = s.printed_min if s.handwriting < 1.0 else s.recognition_min
    cap = min(s.handwriting, max(printed, _EPS) if printed < UNSURE_CHARACTER else 1.0)
    return min(own, max(cap, s.checked), unchecked,
               max(s.placed, _EPS) if s.placed < FAR_PLACEMENT else 1.0)


def digits_ceiling(s: Signals) -> float:
    """How sure a date or an amount can be for its digits: no surer than its weakest
    printed digit (``digits``), unless an error rule that ties it to another value passed
    (``net + vat == total``: a digit misread would fail it). No check covers a typed
    value's digits, and one misread is a wrong value; the logistic, with its small weight
    on the weakest character, kept a receipt's date read 15-03-13 for 15-03-18 (the faded
    0 beside the misread 3 at 0.71) at 0.86, accepted. Measured on generated thermal
    receipts and invoices (see docs/validation.md): the dates and amounts misread had a
    weak digit far more often than those read right."""
    return 1.0 if s.rules_passed else max(s.digits, _EPS)


#: A value its label's locator found with a placement under this is no surer than its
#: placement (:func:`ceiling`): ``below``/``above`` on the fifth line from the label and
#: past (each line past the first loses 0.15: 0.4 on the fifth, 0.25 on the sixth), past
#: the values the label's own box or column would hold. The logistic, fitted on documents
#: where no value found beside a label ever had a locator score under 0.6 (generated scans
#: and SROIE receipts alike), gives the locator score the least weight it may (0.25), so
#: 0.25 still left 0.85: the value two boxes under "Landings" on a technical log, the
#: handwritten one lost, was accepted. A value found that far is right far less often than
#: one found where the locator looks; it goes to review. Only the distance counts here, not
#: the rest of the score (a loose label match, a value ranked lower for its currency,
#: which has its own reason).
FAR_PLACEMENT = 0.5

#: A value a second reading of its crop read otherwise is no surer than this (under
#: :data:`formsift.templates.runtime.DEFAULT_MIN_CONFIDENCE`'s 0.5 it would be named
#: twice; its ``ambiguous`` reason names both readings).
DISAGREED = 0.5


#: A value that a passed rule ties to another one (``surname == mrz.surname``) is no
#: surer than its weakest character no check covers (``Signals.unchecked``) only when that
#: character was read at less than this: the level under which a field is read with low
#: confidence (``runtime.DEFAULT_MIN_CONFIDENCE``). The rules that passed say the value
#: was read well on the whole; a character under it is one the recognizer doubts. On the
#: generated identity cards (docs/validation.md) right zones had such characters at
#: 0.56-0.75 (a TD1 'I', the T of 'UTO': 'UNO' is a code too) and went to review under
#: the zone's 0.8 policy; a zone read 'OTO' for 'UTO' had its misread letter at 0.479.
#: Free text's level (:data:`UNSURE_TEXT_CHARACTER`, 0.45) is lower only to keep SROIE
#: receipts within the review budget: the 9 more a 0.5 cap sent there each held a
#: wrong name.
UNSURE_TIED_CHARACTER = 0.5

#: A value whose own check failed (``Signals.check_failed``: an MRZ whose check digits do
#: not hold) is no surer than this: under ``runtime.DEFAULT_MIN_CONFIDENCE`` (0.5), so
#: that a value its type checks goes to review also where no rule of the template says
#: so (a zone without ``valid_mrz``). A check digit that fails says a character it covers,
#: or itself, was misread.
CHECK_FAILED = 0.25

#: A printed value holding a character read at less than this is no surer than that
#: character: one the recognizer doubts (a digit inside a word of letters, "W6jcik":
#: ``formsift.plugins.ocr.recognize.TWO_WAYS``, 0.25), or one it hardly saw. The logistic
#: alone, with its small weight on the weakest character, keeps such a value at about
#: 0.85. Low enough that the model's own confidences of characters it read plainly seldom
#: reach it (one SROIE receipt of 100 holds such a character in a value: many more hold
#: one under 0.5, often a mark or a letter the model smeared across steps, and are right
#: as often as not); a checkbox's or a signature's reading (0.5 and over, but for a box
#: ticked by a mere dot) is not touched.
UNSURE_CHARACTER = 0.3

#: A free-text value (``text``) holding a printed character read at less than this is no
#: surer than that character (``Signals.unchecked``), unless a rule ties it to another
#: value: no parse fails on a misread letter and no check digit covers one. Handwritten
#: names the segmenter took for print (generated delivery notes) were scored 0.84-0.89
#: whatever they said; on SROIE no merchant name read right held a character under 0.5,
#: and each one holding one under 0.5 was wrong. A cap at 0.5 (every weak character)
#: sent 36 SROIE receipts of 100 to review against 27, over the 30% budget (the 9 more
#: each with a wrong merchant); at 0.45, 29, for 15 of the 20 wrong names a cap at 0.5
#: catches (docs/validation.md, Free text).
UNSURE_TEXT_CHARACTER = 0.45


def vector(w: Weights) -> list[float]:
    """The weights in :func:`features` order."""
    return [w.bias, w.recognition_min, w.recognition_mean, w.locator, w.parse, w.rule_passed,
            w.rule_failed, w.warn_passed, w.warn_failed, w.runner_up]


def weights_from_vector(v: list[float]) -> Weights:
    return Weights(*[round(float(x), 4) for x in v])


def recognition(char_confidences: list[float]) -> tuple[float, float]:
    """(min, mean) of character confidences; (1, 1) when there are none."""
    if not char_confidences:
        return 1.0, 1.0
    return min(char_confidences), sum(char_confidences) / len(char_confidences)
