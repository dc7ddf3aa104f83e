"""Every S3 request before moto sees it: its body decoded (aws-chunked), validated as AWS does, its access
decided, its checksum verified; what passes goes on as a plain request moto stores."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from localstack import constants
from localstack.config import get_config
from localstack.services.s3 import (
    access,
    acl,
    aws_chunked,
    checksums,
    conditions,
    configuration_checks,
    directory_buckets,
    encryption_block,
    identity,
    listing,
    models,
    object_lock,
    ownership,
    parts,
    signatures,
    sse_c,
    sse_kms,
    validation,
    versioning,
)
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error
from localstack.utils.aws import request_context
from localstack.utils.aws.internal_client import HEADER_INTERNAL
from localstack.utils.http import Request

_CHECKSUMMED = ("PutObject", "UploadPart")
_ACL_OPERATIONS = (
    "CreateBucket",
    "PutObject",
    "CopyObject",
    "CreateMultipartUpload",
    "PutObjectAcl",
    "PutBucketAcl",
)
_RESPONSE_OVERRIDES = (
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
)
# A PutObject, CopyObject or CreateMultipartUpload naming none of these has no ACL for `acl` or `ownership`
# to check (their other refusals need a body, which only PutObjectAcl and PutBucketAcl read).
_ACL_HEADER_NAMES = frozenset({"x-amz-acl", *acl.GRANT_HEADERS})
_ACL_SKIPPABLE = ("PutObject", "CopyObject", "CreateMultipartUpload")
_READ_CONDITIONS = ("If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since")


def prepare(request: Request) -> Request | Response:
    """The request moto should see, or our own answer; raises S3Error for one AWS refuses."""
    if aws_chunked.is_aws_chunked(request.headers) and (
        request.data or aws_chunked.DECODED_HEADER in request.headers
    ):
        request = aws_chunked.to_plain(request)
    call = S3Call.of(request.method, request.path, request.headers)
    who = None
    if call.operation == "PostObject":
        from localstack.services.s3 import post_form

        if not post_form.is_form_post(request):
            raise post_form.not_multipart()
        request, who = post_form.to_put(request, call.bucket)
        call = S3Call.of(request.method, request.path, request.headers)
    if call.operation == "ListParts" and any(call.query.get(name) == "" for name in parts.EMPTY_AS_DEFAULT):
        request.path = parts.without_empty(request.path, parts.EMPTY_AS_DEFAULT)
        call = S3Call.of(request.method, request.path, request.headers)
    config = get_config()
    region = request_context.region_of(request.headers, request.query_string, config.default_region)
    bucket = models.find_bucket(call.bucket)
    operation = call.operation
    who = who or identity.of_request(request.headers, call.query)
    if not config.s3_skip_access_checks and not request.headers.get(HEADER_INTERNAL):
        try:
            access.check(call, who, bucket, source_ip(request))
        except S3Error as error:
            if operation == "HeadBucket" and bucket is not None:
                # The region is answered even to those denied access (SDKs find a bucket's region so).
                error.headers["x-amz-bucket-region"] = bucket.region_name
            raise
    length = request.headers.get("Content-Length") or ""
    spooled = not request.data and length.isdigit() and int(length) > 0
    validation.check_request(call, request.data, region, spooled)
    if operation == "CreateBucket":
        from localstack.services.s3 import creation_tags

        creation_tags.remember(call, request.data)
    if directory_buckets.is_directory_create(call, request.data):
        _replace_body(request, directory_buckets.prepare_create(call, request.data, region))
    elif operation == "CreateSession":
        return directory_buckets.create_session(call, bucket)
    elif operation in ("PutObject", "CreateMultipartUpload", "CopyObject"):
        directory_buckets.storage_class(call, bucket)
    directory_buckets.refuse_unsupported(call, bucket)
    if operation == "DeleteObjects":
        from localstack.services.s3 import conditional_deletes

        kept = conditional_deletes.prepare(call, bucket, request.data)
        if kept is not None:
            all_refused = conditional_deletes.answer_if_all_refused(kept)
            if all_refused is not None:
                return all_refused
            _replace_body(request, kept)
    # Each of these answers or refuses only a request with a query, and one naming an object only for
    # renameObject: a plain object request leaves their modules unimported.
    if call.query and (not call.key or "renameObject" in call.query):
        from localstack.services.s3 import id_configurations, request_payment

        configured = id_configurations.answer(call, bucket, request.data) or request_payment.answer(
            call, bucket, request.data
        )
        if configured is not None:
            return configured
        id_configurations.refuse_unserved(call, bucket)
        if "renameObject" in call.query and bucket is not None:
            from localstack.services.s3 import express_objects

            return express_objects.rename(call, bucket)
    configuration_checks.check(call, request.data)
    if operation == "PutBucketPolicy":
        access.check_policy_change(call, who, bucket, request.data)
    if operation not in _ACL_SKIPPABLE or not _ACL_HEADER_NAMES.isdisjoint(_lower_names(request.headers)):
        if operation in _ACL_OPERATIONS:
            acl.check_request(call, request.data)
        ownership.check(call, bucket, request.data)
    if operation == "PutBucketEncryption":
        encryption_block.record(bucket, encryption_block.check_configuration(request.data))
    encryption_block.check_write(call, who, bucket)
    sse_c.check(call, bucket)
    sse_kms.check(call, bucket)
    if operation in ("GetObjectRetention", "PutObjectRetention") and "versionId" in call.query:
        # A delete marker has no retention: 405 naming it, as S3 answered in the recordings.
        _refuse_delete_marker_version(call, bucket)
    answer = object_lock.check(call, bucket, request.data)
    if answer is not None:
        return answer
    if operation == "GetBucketPolicyStatus":
        status = access.policy_status(bucket)
        if status is not None:
            return status
    if operation == "ListBuckets" and directory_buckets.is_directory_listing(call):
        return directory_buckets.list_directory_buckets(call, who.account_id or constants.DEFAULT_ACCOUNT_ID)
    if operation == "ListBuckets":
        from localstack.services.s3 import bucket_listing

        listed_buckets = bucket_listing.list_buckets(call, who.account_id or constants.DEFAULT_ACCOUNT_ID)
        if listed_buckets is not None:
            return listed_buckets
    if operation == "GetObject" and who.anonymous and any(name in call.query for name in _RESPONSE_OVERRIDES):
        raise S3Error(
            "InvalidRequest", "Request specific response headers cannot be used for anonymous GET requests."
        )
    if operation in ("GetObjectAcl", "PutObjectAcl", "GetObjectTagging", "DeleteObjectTagging"):
        _refuse_delete_marker_version(call, bucket)
    elif operation in ("CopyObject", "UploadPartCopy"):
        _refuse_delete_marker_source(call)
    if operation in ("GetObject", "DeleteObject"):
        versioning.refuse_version_of_unversioned(call.query.get("versionId"), bucket)
    elif operation == "DeleteBucket":
        versioning.refuse_delete_of_versioned(bucket)
    if operation in ("GetObject", "HeadObject"):
        _refuse_delete_marker_version(call, bucket)
        parts.check(call, bucket)
        if operation == "HeadObject" and "partNumber" in call.query:
            request.path = parts.without_part_number(request.path)
    if operation in ("ListObjects", "ListObjectsV2"):
        listed = listing.answer(call, bucket)
        if listed is not None:
            return listed
    if operation == "ListMultipartUploads":
        from localstack.services.s3 import upload_listing

        uploads = upload_listing.answer(call, bucket)
        if uploads is not None:
            return uploads
    if operation == "ListObjectVersions":
        from localstack.services.s3 import version_listing

        versions = version_listing.answer(call, bucket)
        if versions is not None:
            return versions
    if operation in ("GetObject", "HeadObject"):
        refused = conditions.check_read(call)
        if refused is not None:
            raise refused
        # Decided here, in RFC 7232's order; moto would weigh them again in its own.
        for name in _READ_CONDITIONS:
            request.headers.pop(name, None)
    elif operation in ("CopyObject", "UploadPartCopy"):
        conditions.check_copy_source(call)
    elif operation == "DeleteObject":
        conditions.check_delete(call, bucket)
    parts.check_upload(call, bucket, request.data)
    if operation in ("CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload"):
        from localstack.services.s3 import multipart_checksums
    if operation == "CreateMultipartUpload":
        multipart_checksums.check_create(call)
    elif operation == "UploadPart":
        multipart_checksums.check_part(call, bucket)
    if operation in ("PutObject", "CopyObject", "CompleteMultipartUpload"):
        conditions.check_write(call, operation)
    if operation == "CompleteMultipartUpload":
        multipart_checksums.check_complete(call, bucket, request.data)
    if operation in _CHECKSUMMED and spooled:
        # Body-independent refusals now; the value is compared by the streaming store (`check_spooled`).
        checksums.declared(request.headers)
    elif operation in _CHECKSUMMED:
        stored = checksums.check_upload(request.headers, request.data)
        if stored is None:
            # moto would compute an algorithm named without a value itself, at Python speed.
            request.headers.pop("x-amz-sdk-checksum-algorithm", None)
        else:
            algorithm, value = stored
            request.headers["x-amz-sdk-checksum-algorithm"] = algorithm
            request.headers[checksums.header_name(algorithm)] = value
    if operation == "PutObject" and call.header("x-amz-write-offset-bytes") is not None:
        from localstack.services.s3 import express_objects

        return express_objects.append(call, bucket, request, spooled)
    return request


def _refuse_delete_marker_version(call: S3Call, bucket: object) -> None:
    """A read naming a delete marker's version: 405 MethodNotAllowed (Allow: DELETE) with the marker's
    headers; a read of a key whose current version is a delete marker: NoSuchKey with them. PutObjectAcl
    of such a key is the 405 without them, as S3 answered each."""
    version_id = call.query.get("versionId")
    if bucket is None:
        return
    read = call.operation in ("GetObject", "HeadObject")
    if not version_id:
        current = bucket.keys.get(call.key) if call.key else None  # type: ignore[attr-defined]
        if type(current).__name__ != "FakeDeleteMarker":
            return
        if call.method == "PUT":
            raise _delete_marker_method(call.method, {"Allow": "DELETE"})
        # NoSuchKey naming the marker (and, since September 2023, its Last-Modified).
        headers = _marker_headers(current, read)
        raise S3Error("NoSuchKey", "The specified key does not exist.", 404, headers, Key=call.key)
    for candidate in bucket.keys.getlist(call.key, []):  # type: ignore[attr-defined]
        if str(candidate.version_id) == version_id and type(candidate).__name__ == "FakeDeleteMarker":
            headers = {**_marker_headers(candidate, read), "Allow": "DELETE"}
            raise _delete_marker_method(call.method, headers)


def _delete_marker_method(method: str, headers: dict[str, str]) -> S3Error:
    return S3Error(
        "MethodNotAllowed",
        "The specified method is not allowed against this resource.",
        405,
        headers,
        Method=method,
        ResourceType="DeleteMarker",
    )


def _refuse_delete_marker_source(call: S3Call) -> None:
    """A copy whose source is a delete marker: NoSuchKey with the marker's headers when it is the current
    version, InvalidRequest when named by its version id (as S3 answered both)."""
    from urllib.parse import unquote

    raw = unquote(call.header("x-amz-copy-source") or "").lstrip("/")
    path, _, version_id = raw.partition("?versionId=")
    bucket_name, _, key = path.partition("/")
    bucket = models.find_bucket(bucket_name) if key else None
    if bucket is None:
        return
    if not version_id:
        current = bucket.keys.get(key)
        if type(current).__name__ == "FakeDeleteMarker":
            raise S3Error(
                "NoSuchKey", "The specified key does not exist.", 404, _marker_headers(current), Key=key
            )
        return
    for candidate in bucket.keys.getlist(key, []):
        if str(candidate.version_id) == version_id and type(candidate).__name__ == "FakeDeleteMarker":
            raise S3Error(
                "InvalidRequest",
                "The source of a copy request may not specifically refer to a delete marker by version id.",
            )


def _marker_headers(marker: Any, with_time: bool = False) -> dict[str, str]:
    """The marker's headers; GetObject and HeadObject name its Last-Modified too (S3 since September 2023,
    not on its ACL or copy answers)."""
    import datetime
    from email.utils import format_datetime

    headers = {"x-amz-delete-marker": "true", "x-amz-version-id": str(marker.version_id)}
    if not with_time:
        return headers
    modified = getattr(marker, "last_modified", None)
    if isinstance(modified, datetime.datetime):
        moment = modified if modified.tzinfo else modified.replace(tzinfo=datetime.timezone.utc)
        headers["Last-Modified"] = format_datetime(moment, usegmt=True)
    return headers


def _lower_names(headers: Any) -> Any:
    lower_names = getattr(headers, "lower_names", None)
    return lower_names() if lower_names is not None else {name.lower() for name in headers.keys()}


def source_ip(request: Request) -> str:
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.environ.get("REMOTE_ADDR") or "127.0.0.1"


def _replace_body(request: Request, body: bytes) -> None:
    request.data = body
    request.headers["Content-Length"] = str(len(body))
    # Checksums of the body as sent (already verified) would not match the one moto gets.
    for name in [n for n in request.headers.keys() if n.lower().startswith("x-amz-checksum-")]:
        request.headers.pop(name, None)
    request.headers.pop("Content-MD5", None)
    if validation.is_payload_hash(request.headers.get("x-amz-content-sha256")):
        request.headers.pop("x-amz-content-sha256", None)


def check_signature(method: str, path: str, headers: object) -> None:
    """Requests signed with a key IAM issued must carry its signature (checked on the path as signed)."""
    if get_config().s3_skip_access_checks or headers.get(HEADER_INTERNAL):  # type: ignore[attr-defined]
        return
    if headers.get("Authorization"):  # type: ignore[attr-defined]
        if not identity.replaying():
            identity.check_request_time(headers)
        signatures.verify_header(method, path, headers)
    elif "Signature=" in path:
        signatures.verify_presigned(method, path, headers)
