"""SSE-C (server-side encryption with customer-provided keys): the key headers validated on upload, the
key's MD5 kept with the object, reads and copies refused without the same key, and the
x-amz-server-side-encryption-customer-* headers on answers."""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.s3 import models
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error, access_denied, invalid_argument

PREFIX = "x-amz-server-side-encryption-customer-"
COPY_PREFIX = "x-amz-copy-source-server-side-encryption-customer-"
ALGORITHM_HEADER = PREFIX + "algorithm"
MD5_HEADER = PREFIX + "key-MD5"
# Carries the MD5 of a completed multipart upload's key from the request to its answer.
PENDING_HEADER = "x-localstack-sse-c-md5"
_UPLOADS = ("PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart", "UploadPartCopy")
_ARGUMENT = "x-amz-server-side-encryption"


def _stored_elsewhere() -> S3Error:
    return S3Error(
        "InvalidRequest",
        "The object was stored using a form of Server Side Encryption. The correct parameters must be "
        "provided to retrieve the object.",
    )


def customer_key(headers: Any, prefix: str = PREFIX) -> str | None:
    """The key MD5 of valid SSE-C headers, None if there are none; raises for invalid ones."""
    has_name_prefix = getattr(headers, "has_name_prefix", None)
    if has_name_prefix is not None and not has_name_prefix(prefix):
        return None
    algorithm = headers.get(prefix + "algorithm")
    key = headers.get(prefix + "key")
    key_md5 = headers.get(prefix + "key-MD5")
    if algorithm is None and key is None and key_md5 is None:
        return None
    if algorithm is None:
        raise invalid_argument(
            "Requests specifying Server Side Encryption with Customer provided keys must provide a valid "
            "encryption algorithm.",
            _ARGUMENT,
            None,
        )
    if algorithm != "AES256":
        raise S3Error(
            "InvalidEncryptionAlgorithmError",
            "The Encryption request you specified is not valid. Supported value: AES256.",
            ArgumentName=_ARGUMENT,
            ArgumentValue=algorithm,
        )
    if not key:
        raise invalid_argument(
            "Requests specifying Server Side Encryption with Customer provided keys must provide an "
            "appropriate secret key.",
            _ARGUMENT,
            None,
        )
    try:
        raw = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise invalid_argument("The secret key was invalid for the specified algorithm.", _ARGUMENT, None)
    actual = base64.b64encode(hashlib.md5(raw, usedforsecurity=False).digest()).decode()
    if key_md5 is not None and key_md5 != actual:
        raise invalid_argument(
            "The calculated MD5 hash of the key did not match the hash that was provided.", _ARGUMENT, None
        )
    return actual


def _check_access(stored: str | None, given: str | None) -> None:
    if stored is None:
        if given is not None:
            raise S3Error("InvalidRequest", "The encryption parameters are not applicable to this object.")
        return
    if given is None:
        raise _stored_elsewhere()
    if given != stored:
        raise access_denied(
            "Requests specifying Server Side Encryption with Customer provided keys must provide the correct "
            "secret key."
        )


def check(call: S3Call, bucket: Any) -> None:
    operation = call.operation
    headers = call.headers
    given = customer_key(headers)
    if given is not None and headers.get("x-amz-server-side-encryption"):
        raise invalid_argument(
            "Server Side Encryption with Customer provided key is incompatible with the encryption method "
            "specified",
            _ARGUMENT,
            headers.get("x-amz-server-side-encryption"),
        )
    if operation in ("GetObject", "HeadObject", "GetObjectAttributes"):
        key = models.find_key(bucket, call.key, call.query.get("versionId"))
        if key is not None:
            _check_access(getattr(key, "sse_customer_key_md5", None), given)
    elif operation in ("UploadPart", "CompleteMultipartUpload"):
        upload = bucket.multiparts.get(call.query.get("uploadId", "")) if bucket is not None else None
        stored = getattr(upload, "sse_customer_key_md5", None)
        if operation == "UploadPart" and (stored is None) != (given is None):
            raise S3Error(
                "InvalidRequest",
                "The multipart upload initiate requested encryption. "
                "Subsequent part requests must include the appropriate encryption parameters.",
            )
        if operation == "UploadPart" and stored is not None and given != stored:
            raise S3Error(
                "InvalidRequest", "The provided encryption parameters did not match the ones used originally."
            )
        if operation == "CompleteMultipartUpload" and stored is not None:
            headers[PENDING_HEADER] = stored
    if operation in ("CopyObject", "UploadPartCopy"):
        _check_copy_source(call)


def _check_copy_source(call: S3Call) -> None:
    from urllib.parse import unquote

    source = unquote(call.header("x-amz-copy-source") or "").lstrip("/")
    source, _, query = source.partition("?")
    bucket_name, _, key_name = source.partition("/")
    version = query.partition("versionId=")[2] or None
    key = models.find_key(models.find_bucket(bucket_name), key_name, version)
    if key is not None:
        _check_access(getattr(key, "sse_customer_key_md5", None), customer_key(call.headers, COPY_PREFIX))


def finish(call: S3Call, response: Response) -> None:
    """Record the key MD5 of a successful SSE-C upload and answer with the SSE-C headers."""
    operation = call.operation
    headers = call.headers
    given = headers.get(PENDING_HEADER) if operation == "CompleteMultipartUpload" else None
    if given is None and operation in _UPLOADS:
        try:
            given = customer_key(headers)
        except S3Error:
            given = None
    if given is None and operation == "PutObject":
        # moto's PutObject stores a new key, which carries no SSE-C key MD5 to clear.
        return
    bucket = models.find_bucket(call.bucket)
    if operation in ("PutObject", "CopyObject", "CompleteMultipartUpload"):
        key = models.find_key(bucket, call.key, response.headers.get("x-amz-version-id"))
        if key is not None:
            key.sse_customer_key_md5 = given
            if given is not None:
                key.encryption = None
    elif operation == "CreateMultipartUpload" and given is not None and bucket is not None:
        upload_id = _upload_id(response.get_data())
        upload = bucket.multiparts.get(upload_id) if upload_id else None
        if upload is not None:
            upload.sse_customer_key_md5 = given
    elif operation in ("GetObject", "HeadObject"):
        key = models.find_key(bucket, call.key, call.query.get("versionId"))
        given = getattr(key, "sse_customer_key_md5", None)
    if given is not None:
        response.headers.pop("x-amz-server-side-encryption", None)
        response.headers[ALGORITHM_HEADER] = "AES256"
        response.headers[MD5_HEADER] = given


def _upload_id(body: bytes) -> str | None:
    start = body.find(b"<UploadId>")
    end = body.find(b"</UploadId>")
    if start < 0 or end < 0:
        return None
    return body[start + len(b"<UploadId>") : end].decode()
