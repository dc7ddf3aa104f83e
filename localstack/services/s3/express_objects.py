"""Writes only directory buckets serve: appends (PutObject with `x-amz-write-offset-bytes`) and RenameObject,
both done on the stored object in place, as S3 Express One Zone does them."""

from __future__ import annotations

import datetime
import secrets
import threading
from typing import IO, Any
from urllib.parse import unquote

from werkzeug.wrappers import Response

from localstack.services.s3 import checksums, conditions, models
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error, invalid_argument, no_such_key
from localstack.utils.http import Request

OFFSET_HEADER = "x-amz-write-offset-bytes"
# Marks an append whose body the streamer holds; the value is secret, so no client can send it.
SPOOLED_MARK = "x-localstack-spooled-append"
_TOKEN = secrets.token_hex(16)
_CHUNK = 1024 * 1024
# An object is at most 10,000 parts: its upload's parts, or 1, plus one per append (user guide).
MAX_PARTS = 10_000
# An append reads the size it checks and writes after it; two at once must not both pass the check.
_lock = threading.RLock()


def _invalid_offset() -> S3Error:
    return S3Error(
        "InvalidWriteOffset",
        "The write offset value that you specified does not match the current object size.",
    )


def _offset(call: S3Call) -> int:
    raw = call.header(OFFSET_HEADER) or ""
    if not raw.strip().isdigit():
        raise invalid_argument("Invalid write offset value", OFFSET_HEADER, raw)
    return int(raw)


def append(call: S3Call, bucket: Any, request: Request, spooled: bool) -> Request | Response:
    """An append to a directory bucket's object; offset 0 of a missing object is a plain PutObject. A body
    spooled to disk is appended by the body streamer (`append_spooled`), which holds it."""
    offset = _offset(call)
    if not spooled and not request.data:
        raise S3Error("InvalidRequest", "Request body cannot be empty when 'write offset' is specified.")
    with _lock:
        current = models.find_key(bucket, call.key)
        if current is None:
            if offset != 0:
                raise _invalid_offset()
            request.headers.pop(OFFSET_HEADER, None)
            return request
        algorithm = _check_append(current, offset, request.headers)
        if spooled:
            request.headers[SPOOLED_MARK] = _TOKEN
            return request
        _extend(current, request.data, algorithm)
        return _answer(current, algorithm)


def is_spooled_append(headers: Any) -> bool:
    return headers.get(SPOOLED_MARK) == _TOKEN


def append_spooled(request: Request, data: IO[bytes]) -> Response:
    """The append `append` passed on, its body's checksum already verified by the streamer."""
    call = S3Call.of(request.method, request.path, request.headers)
    bucket = models.find_bucket(call.bucket)
    with _lock:
        current = models.find_key(bucket, call.key)
        if current is None or _offset(call) != current.size:
            raise _invalid_offset()
        algorithm = _check_append(current, current.size, request.headers)
        _extend(current, data, algorithm)
        return _answer(current, algorithm)


def _check_append(current: Any, offset: int, headers: Any) -> str:
    """The refusals of an append to an existing object; the checksum algorithm it keeps."""
    if any(name.lower().startswith("x-amz-meta-") for name in headers.keys()):
        raise S3Error(
            "InvalidRequest",
            "Cannot specify both a write offset value and user-defined object metadata for existing objects.",
        )
    if offset != current.size:
        raise _invalid_offset()
    if _parts(current) >= MAX_PARTS:
        raise S3Error(
            "TooManyParts",
            f"You have attempted to add more parts than the maximum of {MAX_PARTS} that are allowed for this "
            "object. You can use the CopyObject operation to copy this object to another and then add more "
            "data to the newly copied object.",
        )
    algorithm = current.checksum_algorithm or checksums.DEFAULT_ALGORITHM
    sent = checksums.requested_algorithm(headers)
    if sent is not None and sent.upper() != algorithm.upper():
        raise S3Error(
            "InvalidRequest",
            f"Checksum Type mismatch occurred, expected checksum Type: {algorithm.lower()}, "
            f"actual checksum Type: {sent.lower()}",
        )
    return algorithm


def _extend(key: Any, data: bytes | IO[bytes], algorithm: str) -> None:
    """The object's bytes followed by `data`, in a fresh buffer (the stored one may be a completed upload's
    read-only parts or an adopted spool file), copied piece by piece, never whole in memory."""
    import tempfile

    from localstack.services.s3.streaming import stored_pieces

    buffer = tempfile.SpooledTemporaryFile(key._max_buffer_size)
    hasher = checksums.Hasher(algorithm)
    for piece in stored_pieces(key):
        buffer.write(piece)
        hasher.update(piece)
    if isinstance(data, bytes):
        pieces: Any = (data,)
    else:
        data.seek(0)
        pieces = iter(lambda: data.read(_CHUNK), b"")
    for piece in pieces:
        buffer.write(piece)
        hasher.update(piece)
    with key.lock:
        old, key._value_buffer = key._value_buffer, buffer
        key.contentsize = buffer.tell()
        key._etag = None
    try:
        old.close()
    except (OSError, ValueError):
        pass
    # Each append is one more part of the object (a copy starts the count again).
    key.append_parts = _parts(key) + 1
    key.multipart = None
    key.checksum_value = hasher.encoded()
    key.checksum_algorithm = algorithm
    key.checksum_type = "FULL_OBJECT"
    key.checksum_parts = None
    key.last_modified = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _parts(key: Any) -> int:
    counted = getattr(key, "append_parts", None)
    if counted is not None:
        return counted
    multipart = getattr(key, "multipart", None)
    if multipart is None:
        return 1
    from localstack.services.s3.streaming import completed_part_numbers

    return max(1, len(completed_part_numbers(multipart)))


def _answer(key: Any, algorithm: str) -> Response:
    response = Response(b"", status=200)
    response.headers["ETag"] = key.etag
    response.headers["x-amz-server-side-encryption"] = "AES256"
    response.headers["x-amz-object-size"] = str(key.size)
    response.headers[checksums.header_name(algorithm)] = key.checksum_value
    response.headers["x-amz-checksum-type"] = "FULL_OBJECT"
    return response


def _source_key(call: S3Call, bucket: Any) -> str:
    raw = call.header("x-amz-rename-source")
    if not raw:
        raise invalid_argument("Rename source must be specified", "x-amz-rename-source", raw or "")
    path = unquote(raw).lstrip("/")
    source_bucket, slash, key = path.partition("/")
    if not slash or not key:
        raise invalid_argument("Invalid rename source", "x-amz-rename-source", raw)
    if source_bucket != bucket.name:
        raise invalid_argument(
            "The source and destination of a rename must be in the same bucket", "x-amz-rename-source", raw
        )
    return key


def _check(key: Any, values: list[str | None], prefix: str) -> None:
    """If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since (in that order) against one object."""
    outcome = conditions.evaluate(key, values[0], values[1], values[2], values[3], prefix=prefix)
    if outcome == "304":
        # What a read answers 304 to, a write refuses.
        outcome = f"{prefix}If-None-Match" if values[1] is not None else f"{prefix}If-Modified-Since"
    if outcome is not None:
        raise conditions.precondition_failed(outcome)


def rename(call: S3Call, bucket: Any) -> Response:
    """RenameObject: the source object (data, metadata, checksum, dates) under the new key, atomically."""
    source_name = _source_key(call, bucket)
    if call.key.endswith("/") or source_name.endswith("/"):
        raise invalid_argument(
            "Object names ending with '/' cannot be renamed", "x-amz-rename-source", source_name
        )
    with _lock:
        source = models.find_key(bucket, source_name)
        if source is None:
            raise no_such_key(source_name)
        _check(
            source,
            [call.header(f"x-amz-rename-source-{name}") for name in _CONDITION_NAMES],
            "x-amz-rename-source-",
        )
        destination = models.find_key(bucket, call.key)
        if destination is None:
            if call.header("If-Match") is not None:
                raise no_such_key(call.key)
        else:
            _check(destination, [call.header(name) for name in _DESTINATION_NAMES], "")
        if source_name == call.key:
            return Response(b"", status=200)
        source.name = call.key
        bucket.keys.setlist(call.key, [source])
        del bucket.keys[source_name]
    return Response(b"", status=200)


_CONDITION_NAMES = ("if-match", "if-none-match", "if-modified-since", "if-unmodified-since")
_DESTINATION_NAMES = ("If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since")
