"""MRZ lines are read to their format's length (TD1 30, TD3 44 characters) and an MRZ whose
codes no check digit covers are not real codes is not sure (KYC onboarding journey: clean
300 dpi strips in Courier and Liberation Mono not found, "P<AUSCHMD<<ANNA" for
"P<AUTSCHMIDT<<ANNA"; a phone photo's "P<DNSERENSEN<<METE" valid at 0.98)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from formsift.plugins.fieldtypes.mrz import MrzType
from formsift.plugins.ocr.mrz_lines import MRZ_CHARS, ctc_exact, mrz_columns
from formsift.plugins.validators.mrz import check_digit, parse_mrz
from formsift.samples import encode_png, mrz_strip, render_scan
from formsift.samples.packets import mrz_td1, mrz_td3, person

COURIER = "/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Regular.otf"
LIBERATION = "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf"


def _collapse(path: tuple[int, ...]) -> list[int]:
    out, prev = [], 0
    for k in path:
        if k and k != prev:
            out.append(k)
        prev = k
    return out


def test_ctc_exact_is_the_best_path_of_that_length():
    """Against every path of small random outputs: the most probable path writing exactly
    n characters (ties aside)."""
    rng = np.random.default_rng(7)
    for _ in range(150):
        steps, codes = int(rng.integers(2, 7)), int(rng.integers(2, 5))
        probs = rng.dirichlet(np.ones(codes) * 0.5, size=steps)
        n = int(rng.integers(1, steps + 1))
        scored = [(sum(np.log(probs[t, k]) for t, k in enumerate(p)), _collapse(p))
                  for p in itertools.product(range(codes), repeat=steps)
                  if len(_collapse(p)) == n]
        found = ctc_exact(probs, n)
        if not scored:  # (one code cannot be written n times in fewer than 2n-1 steps)
            assert found is None
            continue
        assert found is not None and [k for k, _, _ in found] == max(scored)[1]


def test_ctc_exact_writes_characters_greedy_decoding_merges():
    """Three '<' held over steps with no blank between the last two: greedy decoding reads
    two, the exact decoding of three puts the third where the model saw it most."""
    lt = 1 + MRZ_CHARS.index("<")
    probs = np.full((6, len(MRZ_CHARS) + 1), 1e-4)
    for t, (k, p) in enumerate([(lt, .9), (0, .9), (lt, .9), (lt, .6), (lt, .9), (0, .9)]):
        probs[t, k] = p
        probs[t, 0 if k else lt] = 1 - p
    found = ctc_exact(probs, 3)
    assert found is not None and [k for k, _, _ in found] == [lt] * 3
    assert found[2][1] < 0.5 or found[1][1] < 0.5  # the forced one is not sure


def test_mrz_columns_sum_the_codes_writing_one_character():
    """The model's list holds H twice (a full-width one, NFKC "H"), and 工 is Courier's I."""
    chars = ["<blank>", "H", "x", "H", "工", "I"]
    probs = np.array([[0.1, 0.3, 0.2, 0.3, 0.05, 0.05]])
    cols = mrz_columns(probs, chars)
    assert cols[0, 1 + MRZ_CHARS.index("H")] == pytest.approx(0.6)
    assert cols[0, 1 + MRZ_CHARS.index("I")] == pytest.approx(0.1)
    assert cols[0, 0] == pytest.approx(0.1)


def _k04(state: str) -> str:
    """The journey's phone photo's MRZ with its issuing state and nationality ``state``
    (neither is under a check digit)."""
    number, birth, expiry = "L898902C3", "740812", "320415"
    l1 = f"P<{state}ERENSEN<<METE".ljust(44, "<")
    l2 = (number + check_digit(number) + state + birth + check_digit(birth) + "F"
          + expiry + check_digit(expiry) + "<" * 14 + "<")
    return l1 + "\n" + l2 + check_digit(l2[0:10] + l2[13:20] + l2[21:43])


@pytest.mark.parametrize("state, score", [("DNS", 0.5), ("DNK", 1.0), ("D<<", 1.0)])
def test_an_mrz_whose_state_is_no_code_is_not_sure(state, score):
    """valid covers the check digits only: a state code read wrong passes them all."""
    (found,) = MrzType().find(_k04(state), None)  # type: ignore[arg-type]
    assert found.value["valid"] is True
    assert found.score == score


def test_an_mrz_whose_document_type_is_no_type_is_not_sure():
    """Serif I read as H: 'H<UZB...' is no document type."""
    lines = _k04("DNK").split("\n")
    (found,) = MrzType().find("H" + lines[0][1:] + "\n" + lines[1], None)  # type: ignore[arg-type]
    assert found.value["valid"] is True and found.score == 0.5


@pytest.fixture(scope="module")
def engine():
    from formsift import Engine

    return Engine(seen_store="memory")


@pytest.fixture(scope="module")
def template():
    from formsift.templates import check_source

    (tpl,), _ = check_source("template strip {\n  field mrz: mrz = anywhere\n}\n", "s.sift")
    return tpl


@pytest.mark.parametrize("font, seed", [(COURIER, 1), (COURIER, 3), (LIBERATION, 2),
                                        (LIBERATION, 6)])
def test_a_clean_passport_strip_is_read_whole(engine, template, font, seed):
    """Clean 300 dpi TD3 strips in Courier and Liberation Mono: the zone is found, valid,
    and its check-digit line is read exactly (greedy decoding lost characters of it)."""
    if not Path(font).is_file():
        pytest.skip(f"{font} not installed")
    lines = mrz_td3(person(seed))
    png = encode_png(render_scan(mrz_strip(lines, font), 300, "clean", seed=seed)[0])
    fv = engine.extract(png, template, name="strip.png").fields.get("mrz")
    assert fv is not None, "no MRZ found"
    read = fv.value["text"].split("\n")
    assert read[1] == lines[1]
    assert fv.value["valid"] is True
    truth = parse_mrz(lines)
    wrong = [k for k in ("surname", "given_names", "document_number", "birth_date")
             if fv.value[k] != getattr(truth, k)]
    assert not wrong or fv.confidence < 0.9, (wrong, fv.confidence)


def test_an_id_card_strip_is_read_whole(engine, template):
    """A TD1 strip (3 x 30) in Courier at 300 dpi."""
    if not Path(COURIER).is_file():
        pytest.skip("Nimbus Mono not installed")
    lines = mrz_td1(person(4))
    png = encode_png(render_scan(mrz_strip(lines, COURIER), 300, "clean", seed=4)[0])
    fv = engine.extract(png, template, name="strip.png").fields.get("mrz")
    assert fv is not None, "no MRZ found"
    assert fv.value["format"] == "TD1" and fv.value["valid"] is True
