"""CRC32C and CRC64NVME at C speed without a C extension: many lanes of a body computed at once with
bytes.translate and big-int XOR, then joined with the CRC's shift operator.

A reflected table-driven CRC steps its state s with a byte b as `s' = T[(s ^ b) & 0xFF] ^ (s >> 8)`. Run over
K equal blocks of L bytes side by side, the K states are kept byte-sliced (state byte j of every lane in one
K-byte string), so one step of all lanes is a handful of C calls on K-byte strings: the table lookup is
`translate` with one 256-byte table per state byte, and the XORs are big-int XORs. The lanes' results are
then joined by Horner's rule with "shift by L zero bytes", a linear map applied through byte tables. A byte
loop in Python runs about 7 MB/s; this runs about 100 MB/s (CRC32C) and 60 MB/s (CRC64NVME) per core."""

from __future__ import annotations

import sys
from array import array
from functools import lru_cache
from typing import Callable

# (lanes, lane length) per pass, largest first: a pass's region stays within the CPU cache (its columns are
# read with a stride), and lane lengths are odd so that stride does not alias cache sets.
_PASSES = ((1024, 1031), (256, 257), (64, 67))
REGION_BYTES = _PASSES[0][0] * _PASSES[0][1]


class ReflectedCrc:
    """One reflected CRC (initial value and final XOR all ones), computed incrementally."""

    def __init__(self, polynomial: int, width: int) -> None:
        self.width = width
        self.mask = (1 << width) - 1
        self.nbytes = width // 8
        table = []
        for byte in range(256):
            crc = byte
            for _ in range(8):
                crc = (crc >> 1) ^ polynomial if crc & 1 else crc >> 1
            table.append(crc)
        self.table = table
        # translate tables: byte j of every table entry
        self._slices = [bytes((entry >> (8 * j)) & 0xFF for entry in table) for j in range(self.nbytes)]
        self._zero_powers: list[list[int]] = []
        self._shift_tables = lru_cache(maxsize=16)(self._build_shift_tables)
        self._array_code = "I" if width == 32 else "Q"

    # -- the shift operator: the state after n zero bytes, a linear map kept as the images of each bit

    def _apply(self, columns: list[int], value: int) -> int:
        result = 0
        bit = 0
        while value:
            if value & 1:
                result ^= columns[bit]
            value >>= 1
            bit += 1
        return result

    def _zero_power(self, m: int) -> list[int]:
        """The operator "shift by 2**m zero bytes"."""
        powers = self._zero_powers
        if not powers:
            table = self.table
            powers.append([table[(1 << i) & 0xFF] ^ ((1 << i) >> 8) for i in range(self.width)])
        while len(powers) <= m:
            last = powers[-1]
            powers.append([self._apply(last, column) for column in last])
        return powers[m]

    def shift(self, value: int, nbytes: int) -> int:
        """The state `value` after `nbytes` zero bytes."""
        m = 0
        while nbytes:
            if nbytes & 1:
                value = self._apply(self._zero_power(m), value)
            nbytes >>= 1
            m += 1
        return value

    def _build_shift_tables(self, nbytes: int) -> list[list[int]]:
        tables = []
        for j in range(self.nbytes):
            columns = [self.shift(1 << (8 * j + i), nbytes) for i in range(8)]
            table = [0] * 256
            for byte in range(1, 256):
                low = byte & -byte
                table[byte] = table[byte ^ low] ^ columns[low.bit_length() - 1]
            tables.append(table)
        return tables

    def _shifter(self, nbytes: int) -> Callable[[int], int]:
        tables = self._shift_tables(nbytes)
        if self.nbytes == 4:
            t0, t1, t2, t3 = tables
            return lambda v: t0[v & 0xFF] ^ t1[(v >> 8) & 0xFF] ^ t2[(v >> 16) & 0xFF] ^ t3[v >> 24]
        return lambda v: _shift_bytes(tables, v)

    # -- computing

    def _lanes(self, data: bytes | memoryview, lanes: int, length: int) -> int:
        """The zero-initialised CRC of `lanes * length` bytes, its lanes computed side by side."""
        from_bytes = int.from_bytes
        slices = self._slices
        last = self.nbytes - 1
        state = [0] * self.nbytes
        for i in range(length):
            index = (state[0] ^ from_bytes(data[i::length], "little")).to_bytes(lanes, "little")
            for j in range(last):
                state[j] = from_bytes(index.translate(slices[j]), "little") ^ state[j + 1]
            state[last] = from_bytes(index.translate(slices[last]), "little")
        # interleave the byte slices back into one little-endian integer per lane
        joined = bytearray(lanes * self.nbytes)
        for j, value in enumerate(state):
            joined[j :: self.nbytes] = value.to_bytes(lanes, "little")
        values = array(self._array_code, bytes(joined))
        if sys.byteorder == "big":  # pragma: no cover - the array holds native integers
            values.byteswap()
        shift = self._shifter(length)
        crc = 0
        for value in values:
            crc = shift(crc) ^ value
        return crc

    def _bytes_loop(self, data: bytes | memoryview, state: int) -> int:
        table = self.table
        for byte in data:
            state = table[(state ^ byte) & 0xFF] ^ (state >> 8)
        return state

    def update_state(self, data: bytes | memoryview, state: int) -> int:
        """The raw state (before the final XOR) after `data`."""
        view = memoryview(data).cast("B") if not isinstance(data, bytes) else data
        offset = 0
        size = len(view)
        for lanes, length in _PASSES:
            region = lanes * length
            if size - offset < region:
                continue
            shift = self._shifter(region)
            while size - offset >= region:
                piece = view[offset : offset + region]
                state = shift(state) ^ self._lanes(bytes(piece), lanes, length)
                offset += region
        return self._bytes_loop(view[offset:], state)

    def combine(self, first: int, second: int, second_length: int) -> int:
        """The CRC of A followed by B from the CRCs of A and B (B `second_length` bytes long)."""
        return self.shift(first, second_length) ^ second

    def __call__(self, data: bytes | memoryview, crc: int = 0) -> int:
        """The CRC of `data` continuing from the CRC `crc` of what came before it."""
        return self.update_state(data, crc ^ self.mask) ^ self.mask


def _shift_bytes(tables: list[list[int]], value: int) -> int:
    result = 0
    for table in tables:
        result ^= table[value & 0xFF]
        value >>= 8
    return result


crc32 = ReflectedCrc(0xEDB88320, 32)  # zlib computes it; kept here to combine its values
crc32c = ReflectedCrc(0x82F63B78, 32)
crc64nvme = ReflectedCrc(0x9A6C9329AC4BC9B5, 64)
