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
