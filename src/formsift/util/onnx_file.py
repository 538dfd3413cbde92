"""Reading the top level of an ONNX model file without loading the model: the few
top-level protobuf fields of its ModelProto, with the graph skipped over, so that a large
model costs no time (checking that a file is a model, reading its metadata)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

#: The top-level fields of an ONNX ModelProto and their protobuf wire types (0: varint,
#: 2: length-delimited).
MODEL_FIELDS = {1: 0, 2: 2, 3: 2, 4: 2, 5: 0, 6: 2, 7: 2, 8: 2, 14: 2, 20: 2, 25: 2}


class NotOnnx(ValueError):
    """The file is not laid out as an ONNX model."""


def read_varint(fh: BinaryIO) -> int | None:
    """A protobuf varint at the file's position; None at the end of the file or when it
    runs past 64 bits."""
    value = shift = 0
    while shift < 64:
        byte = fh.read(1)
        if not byte:
            return None
        value |= (byte[0] & 0x7F) << shift
        if not byte[0] & 0x80:
            return value
        shift += 7
    return None


def fields(fh: BinaryIO, size: int, limit: int = 100_000) -> Iterator[tuple[int, int, int]]:
    """(field number, wire type, value) of each top-level field, from the file's position
    to its end (``size`` bytes). For a length-delimited field the value is its length and
    the file stands at its start: what the caller does not read of it is skipped. Raises
    :class:`NotOnnx` on a field a ModelProto does not have, a field running past the end,
    or more than ``limit`` fields."""
    for _ in range(limit):
        if fh.tell() == size:
            return
        tag = read_varint(fh)
        if tag is None or MODEL_FIELDS.get(tag >> 3) != tag & 7:
            raise NotOnnx("not an ONNX model")
        value = read_varint(fh)
        if value is None:
            raise NotOnnx("not an ONNX model")
        if tag & 7 != 2:
            yield tag >> 3, tag & 7, value
            continue
        start = fh.tell()
        if start + value > size:
            raise NotOnnx("a field runs past the end of the file")
        yield tag >> 3, 2, value
        fh.seek(start + value)
    raise NotOnnx("too many fields")
