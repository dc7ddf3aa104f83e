"""The chunked decoder and the body reader, fed from memory."""

from __future__ import annotations

import io

import pytest

from localstack.utils.http_body import (
    AWS_CHUNKED_DECODED,
    AwsChunkedReader,
    BodyTooLarge,
    ChunkedReader,
    IncompleteBody,
    LengthReader,
    MalformedBody,
    adopt_aws_chunked,
    is_aws_chunked,
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


class _Sha:
    """A digest the caller asked for, fed in the spooling pass."""

    def __init__(self) -> None:
        import hashlib

        self.hash = hashlib.sha256()

    def update(self, data: bytes) -> None:
        self.hash.update(data)


def test_spooled_body_gets_the_digests_asked_for_in_the_same_pass(tmp_path):
    import hashlib

    data = bytes(range(256)) * 1000
    asked = []

    def digests() -> dict:
        asked.append(True)
        return {"sha256": _Sha()}

    body, spooled = read_body(io.BytesIO(data), None, 10**9, 1000, tmp_path, digests)
    assert body == b"" and spooled is not None
    assert asked == [True]
    assert spooled.digests["sha256"].hash.hexdigest() == hashlib.sha256(data).hexdigest()
    assert spooled.md5.hexdigest() == hashlib.md5(data).hexdigest()
    spooled.close()
    small, none = read_body(io.BytesIO(b"tiny"), 4, 10**9, 1000, tmp_path, digests)
    assert (small, none, len(asked)) == (b"tiny", None, 1)


def _aws_chunked(pieces: list[bytes], trailer: bytes = b"") -> bytes:
    framed = b"".join(b"%x;chunk-signature=%s\r\n%s\r\n" % (len(p), b"0" * 64, p) for p in pieces)
    return framed + b"0;chunk-signature=" + b"0" * 64 + b"\r\n" + trailer + b"\r\n"


def test_aws_chunked_payload_is_decoded_from_a_read_only_stream(tmp_path):
    pieces = [b"a" * 70000, b"b" * 5, b"c" * 3000]
    raw = _aws_chunked(pieces, b"x-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:00\r\n")
    reader = AwsChunkedReader(LengthReader(io.BytesIO(raw), len(raw)))
    body, spooled = read_body(reader, None, 10**9, 10**6, tmp_path)
    assert body == b"".join(pieces) and spooled is None
    environ = {
        "CONTENT_LENGTH": str(len(raw)),
        "HTTP_X_AMZ_DECODED_CONTENT_LENGTH": str(len(body)),
        "HTTP_CONTENT_ENCODING": "aws-chunked",
    }
    assert is_aws_chunked(environ)
    adopt_aws_chunked(environ, reader, len(body))
    assert environ["CONTENT_LENGTH"] == str(len(body))
    assert environ[AWS_CHUNKED_DECODED] == str(len(raw))
    assert environ["HTTP_X_AMZ_CHECKSUM_CRC32"] == "AAAAAA=="
    assert "HTTP_X_AMZ_TRAILER_SIGNATURE" not in environ


def test_aws_chunked_trailers_may_end_without_the_last_empty_line():
    raw = _aws_chunked([b"data"])[:-2] + b"x-amz-checksum-crc32:AAAAAA==\r\n"
    reader = AwsChunkedReader(LengthReader(io.BytesIO(raw), len(raw)))
    assert reader.read() == b"data"
    assert reader.trailers == [("x-amz-checksum-crc32", "AAAAAA==")]


def test_aws_chunked_decoded_length_must_match():
    raw = _aws_chunked([b"data"])
    reader = AwsChunkedReader(io.BytesIO(raw))
    reader.read()
    with pytest.raises(IncompleteBody):
        adopt_aws_chunked({"HTTP_X_AMZ_DECODED_CONTENT_LENGTH": "5"}, reader, 4)


def test_truncated_aws_chunked_body_is_incomplete():
    raw = _aws_chunked([b"a" * 100])[:50]
    with pytest.raises(IncompleteBody):
        AwsChunkedReader(LengthReader(io.BytesIO(raw), len(raw))).read()
