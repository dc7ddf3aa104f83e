"""A CBOR codec (RFC 8949) for the values AWS's rpc-v2-cbor protocol carries: maps, arrays, text and byte
strings, integers, floats, booleans, null, and tag 1 (epoch seconds) for timestamps."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

_BREAK = object()


@dataclass(frozen=True)
class EpochSeconds:
    """A CBOR tag-1 timestamp: seconds since the epoch."""

    value: float


class CBORError(ValueError):
    """The bytes are not well-formed CBOR of the kinds this codec reads."""


def decode(data: bytes, max_depth: int = 64) -> Any:
    """The one data item in `data`; raises CBORError on malformed or trailing bytes."""
    decoder = _Decoder(data, max_depth)
    value = decoder.item(0)
    if value is _BREAK:
        raise CBORError("unexpected break")
    if decoder.pos != len(data):
        raise CBORError(f"{len(data) - decoder.pos} bytes after the data item")
    return value


class _Decoder:
    def __init__(self, data: bytes, max_depth: int) -> None:
        self.data = data
        self.pos = 0
        self.max_depth = max_depth

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise CBORError("truncated data item")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def argument(self, info: int) -> int | None:
        if info < 24:
            return info
        if info == 31:
            return None  # indefinite length
        sizes = {24: 1, 25: 2, 26: 4, 27: 8}
        if info not in sizes:
            raise CBORError(f"reserved additional information {info}")
        return int.from_bytes(self.take(sizes[info]), "big")

    def item(self, depth: int) -> Any:
        if depth > self.max_depth:
            raise CBORError(f"nested deeper than {self.max_depth}")
        initial = self.take(1)[0]
        major, info = initial >> 5, initial & 0x1F
        if major == 7:
            return self.simple(info)
        length = self.argument(info)
        if major == 0:
            return _definite(length)
        if major == 1:
            return -1 - _definite(length)
        if major in (2, 3):
            raw = self.string(major, length, depth)
            return raw if major == 2 else _text(raw)
        if major == 4:
            return self.array(length, depth)
        if major == 5:
            return self.map(length, depth)
        value = self.item(depth + 1)  # major 6: a tag
        if _definite(length) == 1 and isinstance(value, (int, float)):
            return EpochSeconds(float(value))
        return value

    def string(self, major: int, length: int | None, depth: int) -> bytes:
        if length is not None:
            return self.take(length)
        parts = []
        while True:
            if self.data[self.pos : self.pos + 1] == b"\xff":
                self.pos += 1
                return b"".join(parts)
            initial = self.take(1)[0]
            if initial >> 5 != major:
                raise CBORError("indefinite string chunk of another type")
            parts.append(self.take(_definite(self.argument(initial & 0x1F))))

    def array(self, length: int | None, depth: int) -> list:
        if length is not None:
            return [self.item(depth + 1) for _ in range(length)]
        out = []
        while (value := self.item(depth + 1)) is not _BREAK:
            out.append(value)
        return out

    def map(self, length: int | None, depth: int) -> dict:
        out: dict = {}
        count = 0
        while length is None or count < length:
            key = self.item(depth + 1)
            if key is _BREAK and length is None:
                return out
            if not isinstance(key, (str, int)):
                raise CBORError("map key is not a string")
            out[key] = self.item(depth + 1)
            count += 1
        return out

    def simple(self, info: int) -> Any:
        if info == 20:
            return False
        if info == 21:
            return True
        if info in (22, 23):
            return None
        if info == 25:
            return struct.unpack(">e", self.take(2))[0]
        if info == 26:
            return struct.unpack(">f", self.take(4))[0]
        if info == 27:
            return struct.unpack(">d", self.take(8))[0]
        if info == 31:
            return _BREAK
        raise CBORError(f"unsupported simple value {info}")


def _definite(length: int | None) -> int:
    if length is None:
        raise CBORError("indefinite length where a number is required")
    return length


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CBORError("text string is not UTF-8") from error


def encode(value: Any) -> bytes:
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _head(major: int, argument: int, out: bytearray) -> None:
    if argument < 24:
        out.append(major << 5 | argument)
    elif argument < 1 << 8:
        out += bytes((major << 5 | 24, argument))
    elif argument < 1 << 16:
        out.append(major << 5 | 25)
        out += argument.to_bytes(2, "big")
    elif argument < 1 << 32:
        out.append(major << 5 | 26)
        out += argument.to_bytes(4, "big")
    else:
        out.append(major << 5 | 27)
        out += argument.to_bytes(8, "big")


def _encode(value: Any, out: bytearray) -> None:
    if value is None:
        out.append(0xF6)
    elif value is True:
        out.append(0xF5)
    elif value is False:
        out.append(0xF4)
    elif isinstance(value, int):
        _head(0, value, out) if value >= 0 else _head(1, -1 - value, out)
    elif isinstance(value, float):
        out.append(0xFB)
        out += struct.pack(">d", value)
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _head(3, len(raw), out)
        out += raw
    elif isinstance(value, (bytes, bytearray)):
        _head(2, len(value), out)
        out += value
    elif isinstance(value, EpochSeconds):
        _head(6, 1, out)
        _encode(value.value, out)
    elif isinstance(value, (list, tuple)):
        _head(4, len(value), out)
        for item in value:
            _encode(item, out)
    elif isinstance(value, dict):
        _head(5, len(value), out)
        for key, item in value.items():
            _encode(key, out)
            _encode(item, out)
    else:
        raise TypeError(f"cannot encode {type(value).__name__} as CBOR")
