"""The append-only log of state-changing requests since the last snapshot: framing, fsync, torn tails.

File: the line `LSREQLOG <version>\\n`, then records. A record is `R`, payload length (u32), CRC-32 of
the payload (u32), payload; the payload is a header's length (u32), the header and the request body.
Version 2 and 3 headers are UTF-8 text of NUL-separated fields: seq, service, method, path, time (Python
float repr), seed, then each request header's name and value. A header whose fields hold a NUL
itself is a JSON object instead (service, method, path, headers as pairs, time, seed, seq; every
header of version 1 is one). Version 3 adds records whose method is `OBJECT`: their body is an S3
object a PutObject stored, not a request (`effects.py`). A record is in the file (one `write`
with the records queued beside it) before its request is answered; with PERSISTENCE_FSYNC=1 it is
also made durable (fdatasync) first.

A crash can leave the last record incomplete (or, on some file systems, followed by zeros): that torn
tail was never acknowledged and is ignored. A bad record followed by more data is corruption: the log
is refused with an error naming it.
"""

from __future__ import annotations

import collections
import json
import os
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from localstack.persistence.files import StateFileError

FORMAT_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
MAGIC = b"LSREQLOG"
_HEADER = MAGIC + b" %d\n" % FORMAT_VERSION
_FRAME = struct.Struct(">cII")
_U32 = struct.Struct(">I")


@dataclass
class LogRecord:
    seq: int
    service: str
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes
    time: float
    seed: int

    def encode(self) -> bytes:
        payload = b"".join((self._head(), self.body))
        return _FRAME.pack(b"R", len(payload), zlib.crc32(payload)) + payload

    def _head(self) -> bytes:
        """The header's length and the header (the payload up to the body)."""
        fields = [str(self.seq), self.service, self.method, self.path, repr(self.time), str(self.seed)]
        for name, value in self.headers:
            fields.append(name)
            fields.append(value)
        text = "\0".join(fields)
        # Built by hand: json.dumps of a dozen headers costs several times this join.
        header = text.encode("utf-8", "surrogatepass") if text.count("\0") == len(fields) - 1 else b""
        if not header:
            header = self._json_header()
        return _U32.pack(len(header)) + header

    def _json_header(self) -> bytes:
        return json.dumps(
            {
                "seq": self.seq,
                "service": self.service,
                "method": self.method,
                "path": self.path,
                "headers": self.headers,
                "time": self.time,
                "seed": self.seed,
            },
            separators=(",", ":"),
        ).encode()

    @classmethod
    def decode(cls, payload: bytes) -> LogRecord:
        (length,) = _U32.unpack_from(payload)
        raw = payload[4 : 4 + length]
        if raw[:1] != b"{":
            fields = raw.decode("utf-8", "surrogatepass").split("\0")
            if len(fields) < 6 or len(fields) % 2:
                raise ValueError("bad record header")
            seq, service, method, path, moment, seed = fields[:6]
            rest = fields[6:]
            return cls(
                seq=int(seq),
                service=service,
                method=method,
                path=path,
                headers=list(zip(rest[::2], rest[1::2], strict=True)),
                body=payload[4 + length :],
                time=float(moment),
                seed=int(seed),
            )
        header = json.loads(raw)
        return cls(
            seq=header["seq"],
            service=header["service"],
            method=header["method"],
            path=header["path"],
            headers=[(k, v) for k, v in header["headers"]],
            body=payload[4 + length :],
            time=header["time"],
            seed=header["seed"],
        )


class RequestLog:
    """Appends records to an open log file. `append` queues a record's bytes (callers serialise it, so
    the queue is in record order) and returns the offset after it; `write(offset)` returns once the
    file holds everything up to `offset` (in the page cache: it survives kill -9), one `write` for every
    record queued by then; `sync(offset)` also makes it durable, one fdatasync covering every thread
    waiting. Callers write after letting go of the lock that orders the records, so the system call is
    not made while other writers wait for it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.size = os.fstat(self.fd).st_size  # including what is queued
        self.written = self.size
        self.synced = self.size
        self.records = 0
        self.closed = False
        self._queued: collections.deque[bytes] = collections.deque()
        self._write_lock = threading.Lock()
        self._sync_lock = threading.Lock()
        if self.size == 0:
            self.sync(self.append_bytes(_HEADER))

    def append(self, record: LogRecord) -> int:
        """Queue one record (not yet written); returns the offset to `write` or `sync` to."""
        self.records += 1
        return self.append_bytes(record.encode())

    def append_bytes(self, data: bytes) -> int:
        self._queued.append(data)
        self.size += len(data)
        return self.size

    def write(self, offset: int | None = None) -> None:
        """Write the queued records up to `offset` (all of them without one), in order."""
        if self.written >= (self.size if offset is None else offset):
            return
        with self._write_lock:
            queued = self._queued
            pieces = []
            while queued:
                pieces.append(queued.popleft())
            if not pieces or self.closed:
                return
            data = pieces[0] if len(pieces) == 1 else b"".join(pieces)
            self._write_all(data)
            self.written += len(data)

    def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]

    def append_body_file(self, record: LogRecord, fd: int, size: int) -> int:
        """`append` for a record whose body is a file of `size` bytes (a spooled request body), read in
        pieces twice (its CRC, then the copy) and never whole in memory; written at once, after what
        is queued."""
        head = record._head()
        length = len(head) + size
        if length > _MAX_PAYLOAD:
            raise ValueError(f"a request body of {size} bytes does not fit one log record")
        crc = zlib.crc32(head)
        for piece in _pieces(fd, size):
            crc = zlib.crc32(piece, crc)
        self.records += 1
        self.write()
        with self._write_lock:
            frame = _FRAME.pack(b"R", length, crc) + head
            self._write_all(frame)
            for piece in _pieces(fd, size):
                self._write_all(piece)
            self.size += len(frame) + size
            self.written = self.size
        return self.size

    def sync(self, offset: int) -> None:
        self.write(offset)
        if self.synced >= offset:
            return
        with self._sync_lock:
            if self.synced >= offset or self.closed:
                # Closed: a snapshot taken since holds this write, and it was fsynced.
                return
            target = self.written
            os.fdatasync(self.fd)
            self.synced = target

    def close(self) -> None:
        self.write()
        with self._sync_lock, self._write_lock:
            self.closed = True
            os.close(self.fd)


_MAX_PAYLOAD = 0xFFFFFFFF
_PIECE = 1024 * 1024


def _pieces(fd: int, size: int) -> Iterator[bytes]:
    position = 0
    while position < size:
        piece = os.pread(fd, min(_PIECE, size - position), position)
        if not piece:
            raise OSError(f"request body file ended at byte {position} of {size}")
        position += len(piece)
        yield piece


def create_empty(path: Path) -> None:
    """A log holding only its header (written atomically by the caller's temp-and-rename)."""
    with open(path, "wb") as handle:
        handle.write(_HEADER)


def is_current(path: Path) -> bool:
    """Whether the log's header names this version (an older one is rewritten once replayed)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_HEADER)) == _HEADER
    except FileNotFoundError:
        return False


def read_records(path: Path, end: list[int] | None = None) -> Iterator[LogRecord]:
    """Every complete record of the log in order; a torn tail ends the iteration, corruption raises.
    `end[0]` is kept at the offset after the last complete record (where a torn tail begins)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return
    if not data:
        return
    if not data.startswith(MAGIC + b" "):
        raise StateFileError(path, "not a request log (bad header)")
    end_of_line = data.find(b"\n")
    version = data[len(MAGIC) + 1 : end_of_line]
    if not version.isdigit():
        raise StateFileError(path, "not a request log (bad header)")
    if int(version) not in READABLE_VERSIONS:
        raise StateFileError(
            path,
            f"request log format version {int(version)}; this localstack reads versions "
            f"{', '.join(map(str, READABLE_VERSIONS))}",
        )
    offset = end_of_line + 1
    if end is not None:
        end[0] = offset
    while offset < len(data):
        problem = _frame_problem(data, offset)
        if problem is not None:
            if _is_torn_tail(data, offset):
                return
            raise StateFileError(path, f"corrupt record at byte {offset} ({problem})")
        _, length, _ = _FRAME.unpack_from(data, offset)
        start = offset + _FRAME.size
        try:
            record = LogRecord.decode(data[start : start + length])
        except (ValueError, KeyError, struct.error) as error:
            raise StateFileError(path, f"corrupt record at byte {offset} ({error})") from None
        offset = start + length
        if end is not None:
            end[0] = offset
        yield record


def _frame_problem(data: bytes, offset: int) -> str | None:
    if len(data) - offset < _FRAME.size:
        return "incomplete frame"
    marker, length, crc = _FRAME.unpack_from(data, offset)
    if marker != b"R":
        return "bad record marker"
    start = offset + _FRAME.size
    if start + length > len(data):
        return "incomplete record"
    if zlib.crc32(data[start : start + length]) != crc:
        return "checksum mismatch"
    return None


def _is_torn_tail(data: bytes, offset: int) -> bool:
    """A crash mid-append leaves a prefix of one record, or that record's space filled with zeros:
    nothing valid can follow it."""
    if len(data) - offset < _FRAME.size:
        return True
    marker, length, _ = _FRAME.unpack_from(data, offset)
    end = offset + _FRAME.size + length
    if marker == b"R" and end >= len(data):
        return True
    return not data[offset:].strip(b"\x00") or (marker == b"R" and not data[end:].strip(b"\x00"))
