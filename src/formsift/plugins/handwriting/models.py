"""Where the shipped handwriting model lives: inside the formsift package
(``formsift/models/handwriting_crnn.onnx``, trained by ``scripts/train_handwriting.py``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from formsift.core.errors import ComponentNotFound

SHIPPED_ONNX = "handwriting_crnn.onnx"
SHIPPED_CHECKPOINT = "handwriting_crnn.pt"


def _shipped(name: str) -> Path:
    path = Path(str(resources.files("formsift") / "models" / name))
    if not path.is_file():
        raise ComponentNotFound(f"the shipped handwriting model {name} is missing",
                                hint="reinstall formsift, or rebuild it with "
                                     "scripts/train_handwriting.py")
    return path


def shipped_model() -> Path:
    """The ONNX handwriting recognizer shipped with formsift."""
    return _shipped(SHIPPED_ONNX)


def shipped_checkpoint() -> Path:
    """Its float16 torch checkpoint (the starting point of ``formsift train recognizer``)."""
    return _shipped(SHIPPED_CHECKPOINT)


def resolve(model: str | None) -> Path:
    """An explicit model path (must exist) or the shipped model."""
    if not model:
        return shipped_model()
    path = Path(model).expanduser()
    if not path.is_file():
        raise ComponentNotFound(f"handwriting model {model} does not exist",
                                hint="train one with: formsift train recognizer --data DIR "
                                     "--out model.onnx")
    return path


#: ModelProto.metadata_props
_METADATA = 14


def onnx_metadata(path: Path) -> dict[str, str] | None:
    """The metadata of an ONNX model file (``metadata_props``), read without loading the
    model: the top-level protobuf fields are walked and the graph skipped. None when the
    file is not laid out as an ONNX model."""
    import os

    from formsift.util.onnx_file import NotOnnx, fields

    out: dict[str, str] = {}
    with open(path, "rb") as fh:
        try:
            for field, wire, value in fields(fh, os.fstat(fh.fileno()).st_size):
                if field != _METADATA or wire != 2 or value > 16 * 1024 * 1024:
                    continue
                entry = _entry(fh.read(value))
                if entry is None:
                    return None
                out[entry[0]] = entry[1]
        except NotOnnx:
            return None
    return out


def _entry(data: bytes) -> tuple[str, str] | None:
    """A StringStringEntryProto: key (field 1) and value (field 2), both strings."""
    fields: dict[int, str] = {}
    i = 0
    while i < len(data):
        tag, i = data[i], i + 1
        if tag not in (0x0A, 0x12):
            return None
        length = shift = 0
        while True:
            if i >= len(data) or shift > 35:
                return None
            byte, i = data[i], i + 1
            length |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if i + length > len(data):
            return None
        try:
            fields[tag >> 3] = data[i:i + length].decode("utf-8")
        except UnicodeDecodeError:
            return None
        i += length
    return fields.get(1, ""), fields.get(2, "")
