"""Conditional requests, evaluated as RFC 7232 and S3 do: If-Match, If-None-Match, If-Modified-Since and
If-Unmodified-Since on reads (304, 412), x-amz-copy-source-if-* on copies, and conditional writes on
PutObject and CompleteMultipartUpload (412 PreconditionFailed, 409 ConditionalRequestConflict)."""

from __future__ import annotations

import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote

from localstack.services.s3 import models
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error, no_such_key

PRECONDITION_MESSAGE = "At least one of the pre-conditions you specified did not hold"


def precondition_failed(condition: str) -> S3Error:
    return S3Error("PreconditionFailed", PRECONDITION_MESSAGE, 412, Condition=condition)


def _etag_matches(header: str, etag: str) -> bool:
    bare = etag.strip('"')
    return any(part.strip() in ("*", bare, f'"{bare}"') for part in header.split(","))


def _date(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # S3 ignores a date it cannot parse
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)


def _modified(key: Any) -> datetime.datetime:
    stamp = key.last_modified.replace(microsecond=0)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=datetime.timezone.utc)


def evaluate(
    key: Any,
    if_match: str | None,
    if_none_match: str | None,
    since: str | None,
    unmodified: str | None,
    prefix: str = "",
) -> str | None:
    """ "304", the failed condition's name for a 412, or None when the request may proceed."""
    etag = key.etag
    modified = _modified(key)
    if if_match is not None:
        if not _etag_matches(if_match, etag):
            return f"{prefix}If-Match"
    elif (limit := _date(unmodified)) is not None and modified > limit:
        return f"{prefix}If-Unmodified-Since"
    if if_none_match is not None:
        if _etag_matches(if_none_match, etag):
            return "304"
    elif (limit := _date(since)) is not None and modified <= limit <= _now():
        # A date later than the server's clock is invalid and ignored (RFC 2616 14.25), as S3 does.
        return "304"
    return None


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def check_read(call: S3Call) -> S3Error | None:
    """GetObject and HeadObject: the 304 or 412 S3 answers instead of the object, if any."""
    headers = call.headers
    names = ("If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since")
    if not any(headers.get(name) for name in names):
        return None
    key = models.find_key(models.find_bucket(call.bucket), call.key, call.query.get("versionId"))
    if key is None:
        return None  # moto answers NoSuchKey
    outcome = evaluate(key, *(headers.get(name) for name in names))
    if outcome is None:
        return None
    if outcome == "304":
        return S3Error("NotModified", "Not Modified", 304, headers=_not_modified_headers(key))
    return precondition_failed(outcome)


# What S3 repeats of the object on a 304: its validators, how it is encrypted, which version it is.
_NOT_MODIFIED_HEADERS = (
    "x-amz-server-side-encryption",
    "x-amz-server-side-encryption-aws-kms-key-id",
    "x-amz-server-side-encryption-bucket-key-enabled",
    "x-amz-server-side-encryption-customer-algorithm",
    "x-amz-server-side-encryption-customer-key-MD5",
    "x-amz-version-id",
)


def _not_modified_headers(key: Any) -> dict[str, str]:
    answer = {"ETag": key.etag, "Last-Modified": key.last_modified_RFC1123}
    stored = key.response_dict
    for name in _NOT_MODIFIED_HEADERS:
        value = stored.get(name)
        if value is not None:
            answer[name] = str(value)
    # RFC 7232 4.1: a 304 repeats the Cache-Control and Expires a 200 would carry.
    for name, value in key.metadata.items():
        if name.lower() in ("cache-control", "expires"):
            answer[name] = value
    return answer


def check_copy_source(call: S3Call) -> None:
    headers = call.headers
    names = [
        f"x-amz-copy-source-{n}"
        for n in ("if-match", "if-none-match", "if-modified-since", "if-unmodified-since")
    ]
    if not any(headers.get(name) for name in names):
        return
    source = unquote(headers.get("x-amz-copy-source") or "").lstrip("/")
    source, _, query = source.partition("?")
    bucket_name, _, key_name = source.partition("/")
    version = query.partition("versionId=")[2] or None
    key = models.find_key(models.find_bucket(bucket_name), key_name, version)
    if key is None:
        return
    values = [headers.get(name) for name in names]
    outcome = evaluate(key, *values, prefix="x-amz-copy-source-")
    if outcome == "304":
        name = (
            "x-amz-copy-source-If-None-Match"
            if headers.get(names[1])
            else "x-amz-copy-source-If-Modified-Since"
        )
        raise precondition_failed(name)
    if outcome is not None:
        raise precondition_failed(outcome)


def check_write(call: S3Call, operation: str) -> None:
    """PutObject, CopyObject and CompleteMultipartUpload with If-Match or If-None-Match."""
    if_match = call.header("If-Match")
    if_none_match = call.header("If-None-Match")
    if if_match is None and if_none_match is None:
        return
    if if_match is not None and if_none_match is not None:
        raise _not_implemented(
            "If-Match,If-None-Match", "Multiple conditional request headers present in the request"
        )
    if if_none_match is not None and if_none_match.strip() != "*":
        raise _not_implemented(
            "If-None-Match", "We don't accept the provided value of If-None-Match header for this API"
        )
    if if_match is not None and if_match.strip() == "*":
        raise _not_implemented(
            "If-Match", "We don't accept the provided value of If-Match header for this API"
        )
    bucket = models.find_bucket(call.bucket)
    if bucket is None:
        return
    current = models.find_key(bucket, call.key)
    if if_none_match is not None and current is not None:
        raise precondition_failed("If-None-Match")
    if if_match is not None:
        if current is None:
            raise no_such_key(call.key)
        if not _etag_matches(if_match, current.etag):
            raise precondition_failed("If-Match")
    if operation == "CompleteMultipartUpload":
        _check_no_conflict(call, bucket, current, "If-Match" if if_match is not None else "If-None-Match")


def _not_implemented(header: str, detail: str) -> S3Error:
    return S3Error(
        "NotImplemented",
        "A header you provided implies functionality that is not implemented",
        501,
        Header=header,
        AdditionalMessage=detail,
    )


def _check_no_conflict(call: S3Call, bucket: Any, current: Any, condition: str) -> None:
    """The object changed (written, overwritten or deleted) after the upload began: S3 cannot honour the
    condition it was checked against and answers 409."""
    upload = bucket.multiparts.get(call.query.get("uploadId", ""))
    started = getattr(upload, "initiated", None)
    if upload is None or started is None:
        return
    latest = bucket.keys.get(call.key)
    if latest is None:
        if getattr(upload, "key_deleted", False):
            raise _conflict(call, condition)
        return
    changed = latest.last_modified
    if changed.tzinfo is None:
        changed = changed.replace(tzinfo=datetime.timezone.utc)
    if changed > started or getattr(upload, "key_deleted", False):
        raise _conflict(call, condition)


def _conflict(call: S3Call, condition: str) -> S3Error:
    return S3Error(
        "ConditionalRequestConflict",
        "The conditional request cannot succeed due to a conflicting operation against this resource.",
        409,
        Condition=condition,
        Key=call.key,
    )


def check_delete(call: S3Call, bucket: Any) -> None:
    """DeleteObject in a directory bucket with x-amz-if-match-size or x-amz-if-match-last-modified-time:
    412 unless the object has that size and time; a missing object is deleted (204) as it is."""
    if (
        bucket is not None
        and call.header("If-Match") is not None
        and not call.query.get("versionId")
        and models.find_key(bucket, call.key) is None
    ):
        # A conditional delete of a missing object is 404 (S3's user guide); moto's NoSuchKey named no key.
        raise no_such_key(call.key)
    size = call.header("x-amz-if-match-size")
    stamp = call.header("x-amz-if-match-last-modified-time")
    if size is None and stamp is None or bucket is None:
        return
    if getattr(bucket, "directory_location", None) is None:
        # Directory buckets only: a general-purpose bucket refuses them (it would delete regardless).
        raise S3Error(
            "NotImplemented",
            "A header you provided implies functionality that is not implemented",
            501,
            Header="x-amz-if-match-last-modified-time" if stamp is not None else "x-amz-if-match-size",
        )
    key = models.find_key(bucket, call.key)
    if key is None:
        return
    if size is not None and (not size.strip().isdigit() or int(size) != key.size):
        raise precondition_failed("x-amz-if-match-size")
    if stamp is not None and _date(stamp) != _modified(key):
        raise precondition_failed("x-amz-if-match-last-modified-time")


def record_initiation(original: Any) -> Any:
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.initiated = datetime.datetime.now(datetime.timezone.utc)

    return init


def record_deletes(original: Any) -> Any:
    """A delete of a key marks the uploads in progress for it: their conditional completion then conflicts
    (409), even once the condition holds again, as S3 answers."""

    def delete_object(self: Any, bucket_name: str, key_name: str, *args: Any, **kwargs: Any) -> Any:
        result = original(self, bucket_name, key_name, *args, **kwargs)
        uploads = getattr(self.buckets.get(bucket_name), "multiparts", None)
        if uploads:
            for upload in list(uploads.values()):
                if upload.key_name == key_name:
                    upload.key_deleted = True
        return result

    return delete_object
