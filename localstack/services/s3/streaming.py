"""S3 object bodies kept out of memory: PutObject and UploadPart adopt the spooled request body as the
object's storage, CompleteMultipartUpload joins its parts without copying them, CopyObject and
UploadPartCopy copy file to file, GetObject answers with a stream of the stored file (ranges included),
and a replaced or deleted version's storage is freed once the last request reading it is done."""

from __future__ import annotations

import contextlib
import copy
import hashlib
import threading
import weakref
from pathlib import Path
from typing import IO, Any, Iterator

from werkzeug.wrappers import Response

from localstack.services.backends import BodyStreamer
from localstack.services.s3 import checksums, s3_errors, validation
from localstack.services.s3.s3_errors import S3Error
from localstack.utils.http import SPOOLED_BODY, Request, WSGIApp, call_wsgi
from localstack.utils.http_body import SpooledBody, new_spool_file

# Small enough that freed read buffers do not stay resident (glibc's mmap threshold follows them).
_CHUNK = 256 * 1024
# Query parameters of PutObject and UploadPart; any other names a sub-resource with an XML body.
_OBJECT_PUT_PARAMS = frozenset(
    {"uploadId", "partNumber", "x-id", "versionId", "AWSAccessKeyId", "Signature", "Expires"}
)

# Per request thread: the body the next FakeKey created takes as its storage, and whether reading a
# FakeKey's value may answer a stream instead of bytes (only while moto serves a GET).
_local = threading.local()


# express_objects.SPOOLED_MARK, named here so that plain requests leave that module unimported.
_SPOOLED_APPEND = "x-localstack-spooled-append"


class ObjectBodyStreamer(BodyStreamer):
    """S3's side of the gateway's body streaming (registered for the s3 service)."""

    def __init__(self, spool_dir: Path | None, memory_limit: int) -> None:
        self.spool_dir = spool_dir
        self.memory_limit = memory_limit

    def keeps_spooled(self, request: Request) -> bool:
        if request.method != "PUT" or "x-amz-copy-source" in request.headers:
            return False
        query = request.query_string
        if not query:
            return True
        names = (pair.partition("=")[0] for pair in query.split("&") if pair)
        return all(name in _OBJECT_PUT_PARAMS or name.lower().startswith("x-amz-") for name in names)

    def call(self, app: WSGIApp, request: Request) -> Response:
        from localstack.services.s3 import direct_objects

        if request.method == "PUT" and not request.data and _SPOOLED_APPEND in request.headers:
            from localstack.services.s3 import express_objects

            appended = request.environ.get(SPOOLED_BODY)
            if appended is not None and express_objects.is_spooled_append(request.headers):
                return self._append(request, appended)
        direct = direct_objects.serve(request)  # plain PutObject/GetObject, past moto's request layer
        if direct is not None:
            return direct
        spooled = None if request.data else request.environ.get(SPOOLED_BODY)
        if spooled is not None:
            return self._put(app, request, spooled)
        if request.method == "GET":
            return call_wsgi(app, request.to_environ(), buffered=False)
        try:
            return call_wsgi(app, request.to_environ())
        finally:
            # A completed upload that moto then refused must not become the next key of this thread.
            _local.pending = None

    def digests(self, headers: Any) -> dict[str, Any]:
        wanted: dict[str, Any] = {}
        if validation.is_payload_hash(headers.get("x-amz-content-sha256")):
            wanted["sha256"] = hashlib.sha256()
        algorithm = checksums.requested_algorithm(headers)
        if algorithm is not None:
            wanted["checksum"] = checksums.Hasher(algorithm)
        elif checksums.NATIVE:
            # S3's default checksum of an upload without one, computed as the body arrives (no second pass).
            wanted["default"] = checksums.Hasher(checksums.DEFAULT_ALGORITHM)
        return wanted

    def chunk_signatures(self, headers: Any) -> Any:
        from localstack.config import get_config
        from localstack.services.s3 import signatures
        from localstack.utils.aws.internal_client import HEADER_INTERNAL

        if get_config().s3_skip_access_checks or headers.get(HEADER_INTERNAL):
            return None
        return signatures.chunk_signatures(headers)

    def _append(self, request: Request, spooled: SpooledBody) -> Response:
        from localstack.services.s3 import express_objects

        request.environ.pop(SPOOLED_BODY, None)
        try:
            _verify(spooled, request.headers.copy())
            return express_objects.append_spooled(request, spooled.file)
        except S3Error as error:
            return s3_errors.to_response(error, request.method)
        finally:
            spooled.close()

    def _put(self, app: WSGIApp, request: Request, spooled: SpooledBody) -> Response:
        request.environ.pop(SPOOLED_BODY, None)
        headers = request.headers.copy()
        try:
            _verify(spooled, headers)
        except S3Error as error:
            spooled.close()
            return s3_errors.to_response(error, request.method)
        moto_request = Request(request.method, request.path, b"", headers, request.environ)
        _local.pending = spooled
        try:
            return call_wsgi(app, moto_request.to_environ())
        finally:
            leftover = getattr(_local, "pending", None)
            _local.pending = None
            if leftover is not None:
                # moto refused the request (no such bucket or upload): nothing keeps the body.
                leftover.close()


def _verify(spooled: SpooledBody, headers: Any) -> None:
    """The checks a body in memory gets in the listener, with the digests computed while spooling; the
    checksum to store (the one declared, or computed where only its algorithm was named) set as headers."""
    sha256 = spooled.digests.get("sha256")
    validation.check_spooled_digests(
        headers, spooled.md5.digest(), sha256.hexdigest() if sha256 is not None else None
    )
    stored = checksums.check_spooled(headers, spooled.digests.get("checksum"))
    if stored is None:
        # moto would compute an algorithm named without a value itself, from the empty body it sees.
        headers.pop("x-amz-sdk-checksum-algorithm", None)
        return
    algorithm, value = stored
    headers["x-amz-sdk-checksum-algorithm"] = algorithm
    headers[checksums.header_name(algorithm)] = value


def _read_chunks(file: IO[bytes], start: int = 0, length: int | None = None) -> Iterator[bytes]:
    file.seek(start)
    left = length
    while left is None or left > 0:
        piece = file.read(_CHUNK if left is None else min(_CHUNK, left))
        if not piece:
            return
        if left is not None:
            left -= len(piece)
        yield piece


def checksum_of(pieces: Any, algorithm: str, encode: bool = True) -> Any:
    """The S3 checksum of a stream of pieces."""
    hasher = checksums.Hasher(algorithm)
    for piece in pieces:
        hasher.update(piece)
    return hasher.encoded() if encode else hasher.digest()


class StoredRange:
    """Bytes `start`..`start+length` of a stored object, read in pieces under the key's lock.

    moto's GetObject measures and slices the value (ranges) and hands it to Flask as the body:
    this answers all three without loading the object.
    """

    def __init__(self, key: Any, start: int, length: int) -> None:
        self.key = key
        self.start = start
        self.length = length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, item: slice) -> StoredRange:
        start, stop, step = item.indices(self.length)
        if step != 1:
            raise ValueError("stored object ranges have no step")
        return StoredRange(self.key, self.start + start, max(0, stop - start))

    def __iter__(self) -> Iterator[bytes]:
        position, end = self.start, self.start + self.length
        while position < end:
            with self.key.lock:
                buffer = self.key._value_buffer
                buffer.seek(position)
                piece = buffer.read(min(_CHUNK, end - position))
            if not piece:
                raise OSError(f"stored object {self.key.name!r} ended at byte {position} of {end}")
            position += len(piece)
            yield piece


class PartsFile:
    """A read-only file over a completed upload's parts, in order: the object, without a copy."""

    def __init__(self, parts: list[Any]) -> None:
        self._parts = parts
        self._offsets = []
        total = 0
        for part in parts:
            self._offsets.append(total)
            total += part.size
        self.size = total
        self._position = 0
        self.closed = False

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._position, self.size)[whence]
        self._position = max(0, base + offset)
        return self._position

    def tell(self) -> int:
        return self._position

    def read(self, size: int = -1) -> bytes:
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        end = self.size if size is None or size < 0 else min(self.size, self._position + size)
        pieces = []
        for part, offset in zip(self._parts, self._offsets, strict=True):
            if offset + part.size <= self._position or offset >= end:
                continue
            start = self._position - offset
            length = min(part.size, end - offset) - start
            with part.lock:
                buffer = part._value_buffer
                buffer.seek(start)
                piece = buffer.read(length)
            pieces.append(piece)
            self._position += len(piece)
            if len(piece) < length:
                break
        return b"".join(pieces)

    def truncate(self, size: int | None = None) -> int:
        raise OSError("a completed multipart object is read-only")

    def write(self, data: bytes) -> int:
        raise OSError("a completed multipart object is read-only")

    def close(self) -> None:
        self.closed = True


def apply(spool_dir: Path | None, memory_limit: int) -> None:
    """Patch moto's S3 model for streamed bodies and register the streamer (from s3 patches.apply)."""
    from moto.s3.models import FakeKey, FakeMultipart, S3Backend
    from moto.s3.responses import S3Response

    from localstack.services.backends import register_body_streamer

    original_value = FakeKey.value

    def get_value(key: Any) -> Any:
        if getattr(_local, "copy_source", None) is key:
            # A copy being made: its bytes are already in `_local.pending`, copied file to file.
            _local.copy_source = None
            return b""
        if getattr(_local, "stream_values", False) and key.contentsize > memory_limit:
            return StoredRange(key, 0, key.contentsize)
        return original_value.fget(key)

    def set_value(key: Any, new_value: Any) -> None:
        pending = getattr(_local, "pending", None)
        if pending is not None and not new_value:
            # The request body, already on disk, becomes the object's storage: no copy in memory.
            _local.pending = None
            key._value_buffer.close()
            key._value_buffer = pending.file
            key.contentsize = pending.size
            if key._etag is None and pending.md5 is not None:
                key._etag = pending.md5.hexdigest()
            default = (pending.digests or {}).get("default")
            if default is not None:
                # Kept for a multipart upload's default checksum, joined from its parts' (no second pass).
                key.__dict__["_body_crc64nvme"] = int.from_bytes(default.digest(), "big")
            return
        key.__dict__.pop("_body_crc64nvme", None)
        original_value.fset(key, new_value)

    # Two requests on one key: the ETag was read while another request moved the file position.
    def etag(key: Any) -> str:
        if key._etag is None:
            with key.lock:
                digest = hashlib.md5(usedforsecurity=False)
                for piece in _read_chunks(key._value_buffer):
                    digest.update(piece)
                key._etag = digest.hexdigest()
        return f'"{key._etag}"'

    original_dispose = FakeKey.dispose

    # An overwrite or delete closed the storage of a version that other requests were still
    # answering with (500 "I/O operation on closed file"): it is freed when the last one lets go.
    def dispose(key: Any, garbage: bool = False) -> None:
        if key.__dict__.get("_shares_storage"):
            return
        if garbage:
            original_dispose(key)
        else:
            key.disposed = True

    # ListObjectVersions deep-copies every version to read its metadata: the copy shares the
    # stored bytes instead of reading them all into memory and writing them out again.
    def deepcopy(key: Any, memo: dict) -> Any:
        clone = FakeKey.__new__(FakeKey)
        clone.__dict__.update(key.__dict__)
        clone._metadata = copy.deepcopy(key._metadata, memo)
        clone._shares_storage = True
        return clone

    original_get_object = S3Response.get_object

    def get_object(response: Any) -> Any:
        _local.stream_values = True
        try:
            return original_get_object(response)
        finally:
            _local.stream_values = False

    def complete(upload: Any, body: Any) -> tuple[bytes | None, str, Any]:
        return _complete_upload(upload, body, spool_dir)

    original_copy_object = S3Backend.copy_object
    original_upload_part_copy = S3Backend.upload_part_copy

    def copy_object(backend: Any, src_key: Any, *args: Any, **kwargs: Any) -> Any:
        if src_key.contentsize <= memory_limit:
            return original_copy_object(backend, src_key, *args, **kwargs)
        with _copying(src_key, 0, src_key.contentsize, spool_dir):
            return original_copy_object(backend, src_key, *args, **kwargs)

    def upload_part_copy(
        backend: Any,
        dest_bucket_name: str,
        multipart_id: str,
        part_id: int,
        src_bucket_name: str,
        src_key_name: str,
        src_version_id: str | None,
        start_byte: int | None,
        end_byte: int | None,
    ) -> Any:
        arguments = (dest_bucket_name, multipart_id, part_id, src_bucket_name, src_key_name, src_version_id)
        src_key = backend.get_object(src_bucket_name, src_key_name, version_id=src_version_id)
        if src_key is None or src_key.contentsize <= memory_limit:
            return original_upload_part_copy(backend, *arguments, start_byte, end_byte)
        start = start_byte or 0
        end = src_key.contentsize - 1 if end_byte is None else min(end_byte, src_key.contentsize - 1)
        with _copying(src_key, start, max(0, end - start + 1), spool_dir):
            # The range is applied to the copy already made: moto slices an empty value.
            return original_upload_part_copy(backend, *arguments, None, None)

    FakeKey.value = property(get_value, set_value)
    # moto kept every key and upload ever made in a list (for its dashboard), so a deleted object's
    # storage could only be closed by hand, under requests still reading it: track them weakly, and
    # storage is freed when the last holder lets go.
    FakeKey.instances_tracked = _WeakTracker()
    FakeMultipart.instances_tracked = _WeakTracker()
    S3Backend.copy_object = copy_object
    S3Backend.upload_part_copy = upload_part_copy
    FakeKey.etag = property(etag)
    FakeKey.dispose = dispose
    FakeKey.__deepcopy__ = deepcopy
    S3Response.get_object = get_object
    FakeMultipart.complete = complete
    register_body_streamer("s3", ObjectBodyStreamer(spool_dir, memory_limit))


class _WeakTracker(weakref.WeakSet):
    """moto's `instances_tracked` list, holding its models weakly."""

    def append(self, item: Any) -> None:
        self.add(item)


@contextlib.contextmanager
def _copying(src_key: Any, start: int, length: int, spool_dir: Path | None) -> Iterator[None]:
    """CopyObject and UploadPartCopy read the source's whole value: copy the bytes file to file
    instead, for the key moto creates next to take."""
    target = new_spool_file(spool_dir)
    md5 = hashlib.md5(usedforsecurity=False)
    for piece in StoredRange(src_key, start, length):
        target.write(piece)
        md5.update(piece)
    target.flush()
    target.seek(0)
    _local.pending = SpooledBody(target, length, md5)
    _local.copy_source = src_key
    try:
        yield
    finally:
        _local.copy_source = None
        leftover = getattr(_local, "pending", None)
        _local.pending = None
        if leftover is not None:
            leftover.close()


def _complete_upload(upload: Any, body: Any, spool_dir: Path | None) -> tuple[bytes, str, Any]:
    """moto's FakeMultipart.complete without joining the parts in memory: the object becomes a
    PartsFile over them, taken by the FakeKey that put_object creates next."""
    from moto.s3.exceptions import EntityTooSmall, InvalidPart, InvalidPartOrder, MalformedXML
    from moto.s3.models import S3_UPLOAD_PART_MIN_SIZE

    parts = []
    numbers: list[int] = []
    md5s = bytearray()
    for number, etag in body:
        if numbers and number <= numbers[-1]:
            raise InvalidPartOrder()
        numbers.append(number)
        part = upload.parts.get(number)
        if part is None or part.etag.strip('"') != etag.strip('"'):
            raise InvalidPart()
        if parts and parts[-1].contentsize < S3_UPLOAD_PART_MIN_SIZE:
            raise EntityTooSmall()
        md5s.extend(bytes.fromhex(part.etag.strip('"')))
        parts.append(part)
    if not parts:
        raise MalformedXML()
    # The parts the object is made of: uploaded parts left out of the list are not among them.
    upload.completed_part_numbers = numbers
    checksum = _upload_checksum(upload, parts)
    combined = hashlib.md5(bytes(md5s), usedforsecurity=False).hexdigest()
    joined = PartsFile(parts)
    _local.pending = SpooledBody(joined, joined.size, None)  # type: ignore[arg-type]
    return b"", f"{combined}-{len(parts)}", checksum


def _upload_checksum(upload: Any, parts: list[Any]) -> tuple[str, str | None, int]:
    # As moto: without an algorithm asked for, a full-object CRC64NVME (S3's default since 2025).
    algorithm = upload.metadata.get("x-amz-checksum-algorithm") or "CRC64NVME"
    kind = upload.metadata.get("x-amz-checksum-type")
    if not kind:
        kind = "FULL_OBJECT" if algorithm == "CRC64NVME" else "COMPOSITE"
    if kind == "COMPOSITE":
        joined = b"".join(checksum_of(_part_chunks(part), algorithm, encode=False) for part in parts)
        return kind, checksum_of([joined], algorithm), len(parts)
    # Computed from the stored object when first asked for (defaults.checksum_value_property).
    return kind, None, 1  # type: ignore[return-value]


def _part_chunks(part: Any) -> Iterator[bytes]:
    return iter(StoredRange(part, 0, part.contentsize))


def parts_crc64nvme(multipart: Any) -> int:
    """The CRC64NVME of a completed upload, joined from each part's (computed while the part arrived, or
    now from its stored bytes)."""
    from localstack.services.s3 import crc

    value: int | None = None
    for number in completed_part_numbers(multipart):
        part = multipart.parts[number]
        part_crc = part.__dict__.get("_body_crc64nvme")
        if part_crc is None:
            part_crc = 0
            for piece in _part_chunks(part):
                part_crc = checksums.crc64nvme(piece, part_crc)
        value = part_crc if value is None else crc.crc64nvme.combine(value, part_crc, part.contentsize)
    return value or 0


def stored_pieces(key: Any) -> Iterator[bytes]:
    """A stored object's bytes in pieces, read under its lock (never whole in memory)."""
    return iter(StoredRange(key, 0, key.contentsize))


def completed_part_numbers(multipart: Any) -> list[int]:
    """The part numbers a completed multipart object is made of, in order."""
    numbers = getattr(multipart, "completed_part_numbers", None)
    return list(numbers) if numbers is not None else list(multipart.partlist)
