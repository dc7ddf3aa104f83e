"""Request bodies read off a connection: our chunked decoder and the size-limited body reader that keeps
small bodies in memory and spools large ones to a file in the data directory."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path
from typing import IO, Any, Callable, Protocol

_MAX_CHUNK_LINE = 4096
_MAX_TRAILERS = 64
_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
# Read size while spooling: large enough for few system calls, small enough to stay out of RSS.
_COPY_SIZE = 64 * 1024


class BodyError(Exception):
    """A body that cannot be read to its end."""


class MalformedBody(BodyError):
    """The chunked framing is broken: the connection cannot be trusted for another request."""


class IncompleteBody(BodyError):
    """The client closed, or stopped sending, before the end of the body it announced."""

    def __init__(self, message: str, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


class BodyTooLarge(BodyError):
    def __init__(self, size: int) -> None:
        super().__init__(f"body of at least {size} bytes")
        self.size = size


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class ChunkedReader:
    """Decodes `Transfer-Encoding: chunked` from a buffered binary stream, a piece at a time.

    Unlike werkzeug's DechunkedInput it never allocates more than the caller asks for, and it
    rejects every framing error (a size that is not hex, a missing CRLF) instead of guessing.
    Chunk extensions are ignored; trailer fields are kept in `trailers`.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._left = 0
        self._done = False
        self.extensions = b""
        self.trailers: list[tuple[str, str]] = []

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            pieces = []
            while piece := self.read(_COPY_SIZE):
                pieces.append(piece)
            return b"".join(pieces)
        if self._done or size == 0:
            return b""
        if self._left == 0:
            self._left = self._chunk_size()
            self._begin_chunk(self._left)
            if self._left == 0:
                self._read_trailers()
                self._done = True
                return b""
        data = self._stream.read(min(size, self._left))
        if not data:
            raise IncompleteBody("connection closed inside a chunk")
        self._chunk_data(data)
        self._left -= len(data)
        if self._left == 0:
            self._expect_crlf()
        return data

    def _line(self) -> bytes:
        try:
            line = self._stream.readline(_MAX_CHUNK_LINE + 1)
        except TimeoutError:
            raise IncompleteBody("timed out waiting for a chunk", timed_out=True) from None
        if not line:
            raise IncompleteBody("connection closed before the last chunk")
        if not line.endswith(b"\n"):
            if len(line) > _MAX_CHUNK_LINE:
                raise MalformedBody("chunk header line too long")
            raise IncompleteBody("connection closed inside a chunk header")
        return line

    def _begin_chunk(self, size: int) -> None:
        """A chunk of `size` bytes starts (0: the last one); its extensions are in `extensions`."""

    def _chunk_data(self, data: bytes) -> None:
        """Bytes of the current chunk, as read."""

    def _chunk_size(self) -> int:
        line = self._line()
        digits, _, self.extensions = line.rstrip(b"\r\n").partition(b";")
        digits = digits.strip()
        if not digits or len(digits) > 15 or not _HEX_DIGITS.issuperset(digits):
            raise MalformedBody(f"invalid chunk size {line[:40]!r}")
        return int(digits, 16)

    def _expect_crlf(self) -> None:
        end = self._stream.read(1)
        if end == b"\r":
            end = self._stream.read(1)
        if end != b"\n":
            if not end:
                raise IncompleteBody("connection closed after a chunk")
            raise MalformedBody("chunk data is not followed by CRLF")

    def _read_trailers(self) -> None:
        while True:
            line = self._line()
            if line in (b"\r\n", b"\n"):
                return
            if len(self.trailers) >= _MAX_TRAILERS:
                raise MalformedBody("too many trailer fields")
            name, sep, value = line.decode("latin-1").partition(":")
            if not sep:
                raise MalformedBody(f"malformed trailer field {line[:40]!r}")
            self.trailers.append((name.strip(), value.strip()))


class LengthReader:
    """The `Content-Length` bytes of a body; a short read raises IncompleteBody."""

    def __init__(self, stream: Any, length: int) -> None:
        self._stream = stream
        self.remaining = length

    def read(self, size: int = -1) -> bytes:
        want = self.remaining if size is None or size < 0 else min(size, self.remaining)
        if want <= 0:
            return b""
        data = self._stream.read(want)
        self.remaining -= len(data)
        if len(data) < want:
            raise IncompleteBody(f"connection closed with {self.remaining} body bytes missing")
        return data


class SpooledBody:
    """A body too large to hold in memory: a temporary file (unlinked, freed when closed), its size, the
    MD5 of its bytes as received and the other digests its service asked for, computed while spooling."""

    def __init__(self, file: IO[bytes], size: int, md5: Any, digests: dict[str, Any] | None = None) -> None:
        self.file = file
        self.size = size
        self.md5 = md5
        self.digests = digests or {}

    def read_all(self) -> bytes:
        self.file.seek(0)
        return self.file.read()

    def close(self) -> None:
        self.file.close()


def new_spool_file(directory: Path | None, memory_limit: int = 0) -> IO[bytes]:
    """A temporary file in `directory` (created on demand), kept in memory up to `memory_limit` bytes."""
    target = None
    if directory is not None:
        os.makedirs(directory, exist_ok=True)
        target = str(directory)
    if memory_limit > 0:
        return tempfile.SpooledTemporaryFile(max_size=memory_limit, dir=target)  # type: ignore[return-value]
    return tempfile.TemporaryFile(dir=target)


def read_body(
    stream: Readable,
    length: int | None,
    max_size: int,
    memory_limit: int,
    spool_dir: Path | None,
    digests: Callable[[], dict[str, Any]] | None = None,
) -> tuple[bytes, SpooledBody | None]:
    """Read a whole body: (bytes, None) up to `memory_limit`, else (b"", a SpooledBody).

    `length` is the Content-Length, or None for a chunked body whose size is known only at its end.
    Raises BodyTooLarge as soon as more than `max_size` bytes are announced or received.
    `digests` gives, once a body is spooled, the hash objects (with `update`) fed the same pass.
    """
    if length is not None:
        if length > max_size:
            raise BodyTooLarge(length)
        if length <= memory_limit:
            data = _read(stream, length)
            if len(data) < length:
                raise IncompleteBody(f"received {len(data)} of {length} bytes")
            return data, None
    pieces: list[bytes] = []
    total = 0
    spool: IO[bytes] | None = None
    md5 = None
    hashers: dict[str, Any] = {}
    updates: list[Callable[[bytes], Any]] = []
    while True:
        piece = _read(stream, _COPY_SIZE if length is None else min(_COPY_SIZE, length - total))
        if not piece:
            break
        total += len(piece)
        if total > max_size:
            raise BodyTooLarge(total)
        if spool is None:
            pieces.append(piece)
            if total > memory_limit:
                spool = new_spool_file(spool_dir)
                md5 = hashlib.md5(usedforsecurity=False)
                hashers = digests() if digests is not None else {}
                updates = [md5.update, *(hasher.update for hasher in hashers.values())]
                for held in pieces:
                    spool.write(held)
                    for update in updates:
                        update(held)
                pieces = []
        else:
            spool.write(piece)
            for update in updates:
                update(piece)
        if length is not None and total >= length:
            break
    if length is not None and total < length:
        if spool is not None:
            spool.close()
        raise IncompleteBody(f"received {total} of {length} bytes")
    if spool is None:
        return b"".join(pieces), None
    spool.flush()
    spool.seek(0)
    return b"", SpooledBody(spool, total, md5, hashers)


class LineReader:
    """`read` and `readline` over a stream that has only `read` (the gateway's body readers)."""

    def __init__(self, stream: Readable) -> None:
        self._stream = stream
        self._buffer = bytearray()

    def read(self, size: int = -1) -> bytes:
        if self._buffer:
            take = len(self._buffer) if size is None or size < 0 else min(size, len(self._buffer))
            data = bytes(self._buffer[:take])
            del self._buffer[:take]
            return data
        return self._stream.read(size)

    def readline(self, limit: int = -1) -> bytes:
        while b"\n" not in self._buffer and (limit < 0 or len(self._buffer) < limit):
            piece = self._stream.read(_MAX_CHUNK_LINE)
            if not piece:
                break
            self._buffer += piece
        end = self._buffer.find(b"\n")
        take = len(self._buffer) if end < 0 else end + 1
        if limit >= 0:
            take = min(take, limit)
        line = bytes(self._buffer[:take])
        del self._buffer[:take]
        return line


class ChunkObserver(Protocol):
    """Checks each chunk of an aws-chunked body as it is read (SigV4 chunk signatures); raises to refuse."""

    def begin(self, extensions: bytes, size: int) -> None: ...

    def update(self, data: bytes) -> None: ...

    def end(self, trailers: list[tuple[str, str]]) -> None:
        """The body ended with these trailer fields (the trailer signature among them)."""


class AwsChunkedReader(ChunkedReader):
    """The payload of an `aws-chunked` body (SigV4 streaming uploads): chunks whose extensions carry
    chunk signatures, then trailer fields (checksums, the trailer signature) kept in `trailers`."""

    def __init__(self, stream: Readable, signatures: ChunkObserver | None = None) -> None:
        super().__init__(LineReader(stream))
        self.signatures = signatures

    def _begin_chunk(self, size: int) -> None:
        if self.signatures is not None:
            self.signatures.begin(self.extensions, size)

    def _chunk_data(self, data: bytes) -> None:
        if self.signatures is not None:
            self.signatures.update(data)

    def _read_trailers(self) -> None:
        try:
            super()._read_trailers()
        except IncompleteBody:
            # Some clients end the body right after the trailers, without the final empty line.
            pass
        if self.signatures is not None:
            self.signatures.end(self.trailers)


# The header a body decoded from `aws-chunked` by the gateway carries: its Content-Length as sent.
AWS_CHUNKED_DECODED = "HTTP_X_LOCALSTACK_AWS_CHUNKED_LENGTH"


def is_aws_chunked(environ: dict) -> bool:
    return aws_chunked_declared(
        environ.get("HTTP_CONTENT_ENCODING"), environ.get("HTTP_X_AMZ_CONTENT_SHA256")
    )


def aws_chunked_declared(content_encoding: str | None, content_sha256: str | None) -> bool:
    """A body sent `aws-chunked`: named in Content-Encoding, or a STREAMING- payload hash (some SDKs send
    one without the other)."""
    encoding = (content_encoding or "").lower()
    return "aws-chunked" in encoding or (content_sha256 or "").startswith("STREAMING-")


def adopt_aws_chunked(environ: dict, reader: AwsChunkedReader, size: int) -> None:
    """The environ of a request whose `aws-chunked` body was decoded: its decoded length as Content-Length
    (the length sent is kept for signature checks), its checksum trailers as headers."""
    check_decoded_length(environ.get("HTTP_X_AMZ_DECODED_CONTENT_LENGTH"), size)
    environ[AWS_CHUNKED_DECODED] = environ.get("CONTENT_LENGTH") or ""
    environ["CONTENT_LENGTH"] = str(size)
    for name, value in checksum_trailers(reader):
        environ["HTTP_" + name.upper().replace("-", "_")] = value


# The rules of a decoded aws-chunked body, shared by the gateway (bodies read off a connection) and any
# service decoding a body handed to it whole (`decode_aws_chunked`).


def check_decoded_length(declared: str | None, size: int) -> None:
    """x-amz-decoded-content-length, when sent, is the decoded payload's length."""
    if declared is not None and declared.strip().isdigit() and int(declared) != size:
        raise IncompleteBody(f"decoded {size} bytes, x-amz-decoded-content-length says {declared}")


def checksum_trailers(reader: AwsChunkedReader) -> list[tuple[str, str]]:
    """The trailer fields that become headers: the checksums (the trailer signature is the reader's)."""
    return [
        (name.lower(), value) for name, value in reader.trailers if name.lower().startswith("x-amz-checksum-")
    ]


def decode_aws_chunked(data: bytes) -> tuple[bytes, AwsChunkedReader]:
    """A whole `aws-chunked` body decoded by the gateway's reader: (payload, the reader with its trailers).
    Raises IncompleteBody or MalformedBody as reading it off a connection would."""
    reader = AwsChunkedReader(io.BytesIO(data))
    return reader.read(), reader


def _read(stream: Readable, size: int) -> bytes:
    try:
        return stream.read(size)
    except TimeoutError:
        raise IncompleteBody("timed out waiting for the body", timed_out=True) from None
    except (ConnectionError, OSError) as error:
        raise IncompleteBody(f"connection failed: {error}") from None
