"""Blocked encryption types (BlockedEncryptionTypes of a bucket's default encryption rule): SSE-C is blocked
on new buckets since April 2026, PutBucketEncryption blocks or allows it, GetBucketEncryption shows it, and
an SSE-C write to a bucket that blocks it is refused with 403 AccessDenied."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.s3.identity import Identity
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error, access_denied

SSE_C = "SSE-C"
NONE = "NONE"
ENCRYPTION_TYPES = (NONE, SSE_C)
# Writes that store a new object or version, and so name its encryption.
_WRITES = ("PutObject", "CopyObject", "CreateMultipartUpload", "PostObject")
_CUSTOMER_HEADERS = (
    "x-amz-server-side-encryption-customer-algorithm",
    "x-amz-server-side-encryption-customer-key",
)
MALFORMED_XML = "The XML you provided was not well-formed or did not validate against our published schema"


def blocked_of(bucket: Any) -> list[str]:
    """The bucket's blocked types; a bucket stored before this setting existed blocks nothing."""
    return list(getattr(bucket, "blocked_encryption_types", None) or [])


def block_new_bucket(bucket: Any) -> None:
    bucket.blocked_encryption_types = [SSE_C]


def requested_types(data: bytes) -> list[str] | None:
    """The EncryptionType values of a PutBucketEncryption body; None when the rule names none."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None
    found = None
    for element in root.iter():
        if element.tag.rpartition("}")[2] == "BlockedEncryptionTypes":
            found = found or []
            for child in element:
                if child.tag.rpartition("}")[2] == "EncryptionType":
                    found.append((child.text or "").strip())
    return found


def check_configuration(data: bytes) -> list[str] | None:
    """The types a PutBucketEncryption names (NONE: nothing blocked; None: left as they are); MalformedXML
    for a value outside the enumeration, or NONE together with a type."""
    types = requested_types(data)
    if types is None:
        return None
    if any(value not in ENCRYPTION_TYPES for value in types) or (NONE in types and len(types) > 1):
        raise S3Error("MalformedXML", MALFORMED_XML)
    return types


def record(bucket: Any, types: list[str] | None) -> None:
    if bucket is not None and types is not None:
        bucket.blocked_encryption_types = types


def check_write(call: S3Call, who: Identity, bucket: Any) -> None:
    """403 AccessDenied for an SSE-C upload to a bucket that blocks SSE-C."""
    if call.operation not in _WRITES or bucket is None:
        return
    has_name_prefix = getattr(call.headers, "has_name_prefix", None)
    if has_name_prefix is not None and not has_name_prefix("x-amz-server-side-encryption-customer-"):
        return  # neither of _CUSTOMER_HEADERS
    if SSE_C not in blocked_of(bucket):
        return
    if not any(call.header(name) for name in _CUSTOMER_HEADERS):
        return
    resource = f"arn:aws:s3:::{call.bucket}/{call.key}" if call.key else f"arn:aws:s3:::{call.bucket}"
    raise access_denied(
        f"User: {who.arn or 'anonymous'} is not authorized to perform: s3:PutObject on resource: "
        f'"{resource}" because this bucket has blocked upload requests that specify Server Side Encryption '
        "with Customer provided keys (SSE-C)"
    )


def finish_get(bucket: Any, response: Response) -> None:
    """GetBucketEncryption's rule shows the blocked types (moto's answer leaves them out)."""
    types = blocked_of(bucket)
    if not types or bucket is None:
        return
    body = response.get_data()
    listed = "".join(f"<EncryptionType>{value}</EncryptionType>" for value in types)
    element = f"<BlockedEncryptionTypes>{listed}</BlockedEncryptionTypes></Rule>".encode()
    if b"<BlockedEncryptionTypes>" not in body and b"</Rule>" in body:
        response.set_data(body.replace(b"</Rule>", element))
