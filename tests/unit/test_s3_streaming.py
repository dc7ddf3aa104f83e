"""S3 streaming pieces without sockets or moto: ranges of a stored object, a completed upload read
over its parts, and checksums computed piece by piece."""

from __future__ import annotations

import base64
import hashlib
import io
import threading
import zlib
from dataclasses import dataclass, field

import pytest

from localstack.services.s3.streaming import PartsFile, StoredRange, checksum_of


@dataclass
class StoredKey:
    """What StoredRange and PartsFile use of moto's FakeKey."""

    data: bytes
    name: str = "key"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._value_buffer = io.BytesIO(self.data)
        self.contentsize = self.size = len(self.data)


DATA = bytes(range(256)) * 5000


def test_stored_range_measures_slices_and_streams_without_loading():
    whole = StoredRange(StoredKey(DATA), 0, len(DATA))
    assert len(whole) == len(DATA)
    assert b"".join(whole) == DATA
    part = whole[1000:300_001]
    assert len(part) == 299_001
    assert b"".join(part) == DATA[1000:300_001]
    assert b"".join(part[5:10]) == DATA[1005:1010]
    assert len(whole[len(DATA) + 5 :]) == 0


def test_stored_range_that_ends_early_fails_loudly():
    short = StoredRange(StoredKey(b"abc"), 0, 10)
    with pytest.raises(OSError):
        b"".join(short)


def test_parts_file_reads_across_part_boundaries():
    parts = [StoredKey(DATA[:100_000]), StoredKey(DATA[100_000:100_010]), StoredKey(DATA[100_010:])]
    joined = PartsFile(parts)
    assert joined.size == len(DATA)
    assert joined.read() == DATA
    joined.seek(99_995)
    assert joined.read(20) == DATA[99_995:100_015]
    assert joined.tell() == 100_015
    joined.seek(-3, 2)
    assert joined.read(10) == DATA[-3:]
    assert joined.read(10) == b""
    with pytest.raises(OSError):
        joined.write(b"x")
    joined.close()
    with pytest.raises(ValueError):
        joined.read(1)


@pytest.mark.parametrize(
    "algorithm, expected",
    [
        ("CRC32", base64.b64encode(zlib.crc32(DATA).to_bytes(4, "big")).decode()),
        ("SHA1", base64.b64encode(hashlib.sha1(DATA).digest()).decode()),
        ("SHA256", base64.b64encode(hashlib.sha256(DATA).digest()).decode()),
    ],
)
def test_checksums_over_pieces_equal_checksums_over_the_whole(algorithm, expected):
    pieces = (DATA[start : start + 4096] for start in range(0, len(DATA), 4096))
    assert checksum_of(pieces, algorithm) == expected
