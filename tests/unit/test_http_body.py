"""The chunked decoder and the body reader, fed from memory."""

from __future__ import annotations

import io

import pytest

from localstack.utils.http_body import (
    BodyTooLarge,
    ChunkedReader,
    IncompleteBody,
    LengthReader,
    MalformedBody,
    read_body,
)


def chunked(raw: bytes) -> ChunkedReader:
    return ChunkedReader(io.BufferedReader(io.BytesIO(raw)))


def test_chunks_are_decoded_with_extensions_and_trailers():
    reader = chunked(b"5\r\nhello\r\n6;name=value\r\n world\r\n0\r\nx-amz-checksum-crc32: abc\r\n\r\nNEXT")
    assert reader.read() == b"hello world"
    assert reader.trailers == [("x-amz-checksum-crc32", "abc")]
    assert reader.read(10) == b""


def test_reads_never_exceed_what_was_asked():
    reader = chunked(b"a\r\n0123456789\r\n0\r\n\r\n")
    assert reader.read(4) == b"0123"
    assert reader.read(100) == b"456789"
    assert reader.read(100) == b""


@pytest.mark.parametrize(
    "raw",
    [
        b"ZZZ\r\nhello\r\n0\r\n\r\n",
        b"-5\r\nhello\r\n0\r\n\r\n",
        b"0x5\r\nhello\r\n0\r\n\r\n",
        b"5\r\nhelloXX0\r\n\r\n",
        b"\r\n",
        b"fffffffffffffffffff\r\nabc",
        b"5" * 5000 + b"\r\n",
    ],
)
def test_malformed_framing_is_refused(raw: bytes):
    with pytest.raises(MalformedBody):
        chunked(raw).read()


@pytest.mark.parametrize("raw", [b"", b"10\r\nabc", b"5\r\nhello", b"5\r\nhello\r\n", b"5\r\nhello\r\n0\r\n"])
def test_early_end_is_incomplete(raw: bytes):
    with pytest.raises(IncompleteBody):
        chunked(raw).read()


def test_small_body_stays_in_memory():
    data, spooled = read_body(LengthReader(io.BytesIO(b"abcdef"), 6), 6, 100, 10, None)
    assert (data, spooled) == (b"abcdef", None)


def test_large_body_is_spooled_with_its_md5(tmp_path):
    payload = bytes(range(256)) * 100
    data, spooled = read_body(
        chunked(b"%x\r\n" % len(payload) + payload + b"\r\n0\r\n\r\n"), None, 10**6, 1000, tmp_path
    )
    assert data == b"" and spooled is not None
    import hashlib

    assert spooled.size == len(payload)
    assert spooled.md5.hexdigest() == hashlib.md5(payload).hexdigest()
    assert spooled.read_all() == payload
    spooled.close()


def test_size_limit_is_enforced_while_reading():
    with pytest.raises(BodyTooLarge):
        read_body(LengthReader(io.BytesIO(b"x" * 100), 100), 100, 50, 10, None)
    endless = chunked(b"10\r\n" + b"x" * 16 + b"\r\n" * 1 + (b"10\r\n" + b"x" * 16 + b"\r\n") * 10)
    with pytest.raises(BodyTooLarge):
        read_body(endless, None, 50, 10, None)


def test_short_body_is_incomplete():
    with pytest.raises(IncompleteBody):
        read_body(LengthReader(io.BytesIO(b"abc"), 10), 10, 100, 100, None)
