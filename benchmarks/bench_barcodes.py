"""Barcodes decoded by the ``barcodes`` segmenter (ZXing-C++), per symbology and
resolution, on generated codes: clean (the code sampled at the scan's resolution) and
degraded (turned 2 degrees, blurred, gray noise, JPEG at quality 75). And QR codes read
by OpenCV (the ``qr_codes`` segmenter) against ZXing-C++ on the same images.

    python benchmarks/bench_barcodes.py [--count 20] [--dpi 150,200,300]

Each code is drawn by ZXing-C++'s encoder at its usual printed module width (the X
dimension: 0.33 mm for EAN/UPC, 0.5 mm for a GS1-128 SSCC label and ITF-14 cartons, 0.3 mm
for Code 128 tracking numbers, Code 39 and PDF417, 0.5 mm for Data Matrix), sampled at the
resolution (area interpolation: gray edges, as a scanner gives) on a white margin. A read
is right when the payload is the one drawn, wrong when it is another (the figure that
must stay 0), missed when none is read (of them, "two ways": read as two payloads by
ZXing's binarizers, which gives no value).
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from collections import defaultdict

import cv2
import numpy as np
import zxingcpp

from formsift.plugins.segment.barcodes import decode_barcodes
from formsift.plugins.segment.qr_codes import decode_qr

MM_PER_INCH = 25.4
#: symbology -> (ZXing format, X dimension in mm, payload maker, GS1)
KINDS = {
    "ean13": ("EAN13", 0.33, lambda r: _gtin(r, 12), False),
    "upca": ("UPCA", 0.33, lambda r: _gtin(r, 11), False),
    "ean8": ("EAN8", 0.33, lambda r: _gtin(r, 7), False),
    "code128": ("Code128", 0.3, lambda r: "JJD00" + "".join(r.choices(string.digits, k=13)),
                False),
    "gs1-128": ("Code128", 0.5, lambda r: f"(00){_gtin(r, 17)}", True),
    "code39": ("Code39", 0.3, lambda r: "RS-" + "".join(r.choices(string.digits, k=6)),
               False),
    "itf": ("ITF", 0.5, lambda r: _gtin(r, 13), False),
    "datamatrix": ("DataMatrix", 0.5,
                   lambda r: f"(01){_gtin(r, 13)}(10)L{r.randint(1000, 9999)}", True),
    "pdf417": ("PDF417", 0.3, lambda r: "DN-" + "".join(r.choices(string.digits, k=10))
               + " Kiel 24103", False),
}


def _gtin(r: random.Random, n: int) -> str:
    from stdnum import ean

    body = "".join(r.choices(string.digits, k=n))
    return body + ean.calc_check_digit(body)


def code_image(payload: str, fmt: str, gs1: bool, module_mm: float, dpi: int) -> np.ndarray:
    code = zxingcpp.create_barcode(payload, getattr(zxingcpp.BarcodeFormat, fmt),
                                   **({"gs1": True} if gs1 else {}))
    img = np.asarray(zxingcpp.write_barcode_to_image(code, scale=8))
    img = img if img.ndim == 2 else img[..., 0]
    px_per_module = module_mm / MM_PER_INCH * dpi
    f = px_per_module / 8
    if fmt not in ("DataMatrix", "QRCode", "PDF417"):  # 1D: bars 15 mm high
        img = cv2.resize(img[: 8].copy(), (img.shape[1], int(15 / module_mm * 8)),
                         interpolation=cv2.INTER_NEAREST)
    out = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    m = int(dpi * 0.3)  # a white margin, and a page beyond it
    return cv2.copyMakeBorder(out, m, m, m, m, cv2.BORDER_CONSTANT, value=255)


def degrade(img: np.ndarray, rng: np.random.Generator, skew: float = 2.0,
            blur: float = 0.7) -> np.ndarray:
    h, w = img.shape
    mat = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    img = cv2.warpAffine(img, mat, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    img = cv2.GaussianBlur(img, (0, 0), blur)
    img = np.clip(img + rng.normal(0, 12, img.shape), 0, 255).astype(np.uint8)
    _, jpg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 75])
    return cv2.imdecode(jpg, cv2.IMREAD_GRAYSCALE)


def run_barcodes(count: int, dpis: list[int]) -> None:
    print("symbology   dpi  clean right/wrong/missed (of them read two ways)   degraded")
    r = random.Random(7)
    rng = np.random.default_rng(7)
    spent = 0.0
    for kind, (fmt, mm, make, gs1) in KINDS.items():
        payloads = [make(r) for _ in range(count)]
        for dpi in dpis:
            tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
            for payload in payloads:
                clean = code_image(payload, fmt, gs1, mm, dpi)
                for name, img in (("clean", clean), ("degraded", degrade(clean, rng))):
                    t = time.perf_counter()
                    decoded, undecoded = decode_barcodes(img)
                    texts = [d[0] for d in decoded]
                    spent += time.perf_counter() - t
                    truth = "0" + payload if kind == "upca" else payload  # read as EAN-13
                    i = 0 if truth in texts else 1 if texts else 2
                    tally[name][i] += 1
                    if not texts and any(u["error"] == "read two ways" for u in undecoded):
                        tally[name][3] += 1
            c, d = tally["clean"], tally["degraded"]
            print(f"{kind:11} {dpi:4}  {c[0]:3}/{c[1]}/{c[2]:<3} ({c[3]} two ways) of {count}"
                  f"      {d[0]:3}/{d[1]}/{d[2]:<3} ({d[3]} two ways) of {count}")
    print(f"(decoding: {spent:.1f} s)")


def run_qr(count: int, dpis: list[int]) -> None:
    """QR codes: OpenCV (qr_codes) against ZXing-C++ on the same generated images."""
    r = random.Random(11)
    rng = np.random.default_rng(11)
    payloads = [("url", 20.0, f"https://example.com/s/{r.randint(10**8, 10**9)}"),
                ("qr-bill", 46.0, "\r\n".join(
                    ["SPC", "0200", "1", "CH4431999123000889012", "S", "Robert Schneider AG",
                     "Rue du Lac", "1268", "2501", "Biel", "CH", "", "", "", "", "", "", "",
                     f"{r.randint(10, 9999)}.{r.randint(10, 99)}", "CHF", "S", "Pia Rutschmann",
                     "Marktgasse", "28", "9400", "Rorschach", "CH", "NON", "", "Order 4711",
                     "EPD"]))]
    print("QR code     dpi  condition      OpenCV   ZXing   (right of", count, ")")
    for name, width_mm, _ in payloads:
        for dpi in dpis:
            for cond in ("clean", "turned 10", "turned 30", "blurred", "scan"):
                ok = {"opencv": 0, "zxing": 0}
                for i in range(count):
                    payload = payloads[0][2] + str(i) if name == "url" else \
                        payloads[1][2].replace("Order 4711", f"Order {4711 + i}")
                    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode)
                    img = np.asarray(zxingcpp.write_barcode_to_image(code, scale=8))
                    img = img if img.ndim == 2 else img[..., 0]
                    f = width_mm / MM_PER_INCH * dpi / img.shape[1]
                    img = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
                    m = int(dpi * 0.4)
                    img = cv2.copyMakeBorder(img, m, m, m, m, cv2.BORDER_CONSTANT, value=255)
                    if cond.startswith("turned"):
                        h, w = img.shape
                        mat = cv2.getRotationMatrix2D((w / 2, h / 2), int(cond[-2:]), 1.0)
                        img = cv2.warpAffine(img, mat, (w, h), borderValue=255)
                    elif cond == "blurred":
                        img = cv2.GaussianBlur(img, (0, 0), 1.2)
                    elif cond == "scan":
                        img = degrade(img, rng, skew=2.0, blur=0.9)
                    want = "\r\n".join(payload.split("\r\n"))
                    ok["opencv"] += any(t == want for t, _ in decode_qr(img))
                    ok["zxing"] += any(d[0].replace("\n", "\r\n").replace("\r\r", "\r") == want
                                       for d in decode_barcodes(img, ["qr"])[0])
                print(f"{name:11} {dpi:4}  {cond:12} {ok['opencv']:6} {ok['zxing']:7}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--dpi", default="150,200,300")
    ap.add_argument("--no-qr", action="store_true")
    args = ap.parse_args()
    dpis = [int(d) for d in args.dpi.split(",")]
    run_barcodes(args.count, dpis)
    if not args.no_qr:
        run_qr(max(5, args.count // 2), dpis)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
