"""Write generated sample documents with their expected JSON.

    python scripts/make_samples.py                 # tests/golden/<kind>/<name>.pdf + .json
    python scripts/make_samples.py --examples      # also examples/documents/<kind>.pdf
    python scripts/make_samples.py --scans --out /tmp/scans --count 10

The output is byte-for-byte the same on every run, so regenerating the golden files only
changes them when the generator changed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from formsift.samples import KINDS, encode_png, generate, packet, render_scan

#: Packet kinds that have a library template, and so golden files.
TEMPLATED_PACKET_KINDS = ("kyc_form", "id_card", "proof_of_address")

ROOT = Path(__file__).resolve().parents[1]


def kyc_packet_example() -> bytes:
    """A KYC packet (form, ID card, proof of address) with its pages shuffled, for
    ``formsift extract --split``."""
    return packet(["kyc_form", "id_card", "proof_of_address"], 0, shuffle=True)[0]


def truth_json(truth: dict) -> str:
    return json.dumps(truth, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "golden",
                    help="folder to write <kind>/<name>.pdf and .json to (tests/golden)")
    ap.add_argument("--count", type=int, default=3, help="samples per kind (3)")
    ap.add_argument("--first-seed", type=int, default=0, help="seed of the first sample (0)")
    ap.add_argument("--kinds", nargs="+", choices=KINDS + TEMPLATED_PACKET_KINDS,
                    default=list(KINDS + TEMPLATED_PACKET_KINDS))
    ap.add_argument("--scans", action="store_true", help="also write a 150 dpi skewed PNG")
    ap.add_argument("--examples", action="store_true",
                    help="also write examples/documents/<kind>.pdf (seed 0)")
    args = ap.parse_args(argv)
    written = 0
    for kind in args.kinds:
        folder = args.out / kind
        folder.mkdir(parents=True, exist_ok=True)
        for seed in range(args.first_seed, args.first_seed + args.count):
            sample = generate(kind, seed)
            (folder / f"{sample.name}.pdf").write_bytes(sample.pdf)
            (folder / f"{sample.name}.json").write_text(truth_json(sample.truth),
                                                        encoding="utf-8")
            written += 1
            if args.scans:
                png = encode_png(render_scan(sample.pdf, 150, "skew", seed)[0])
                (folder / f"{sample.name}.png").write_bytes(png)
    print(f"wrote {written} sample(s) to {args.out}")
    if args.examples:
        examples = ROOT / "examples" / "documents"
        examples.mkdir(parents=True, exist_ok=True)
        for kind in args.kinds:
            if kind in KINDS:
                (examples / f"{kind}.pdf").write_bytes(generate(kind, 0).pdf)
        (examples / "kyc_packet.pdf").write_bytes(kyc_packet_example())
        print(f"wrote showcase documents to {examples}")


if __name__ == "__main__":
    main()
