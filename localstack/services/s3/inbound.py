"""Every S3 request before moto sees it: its body decoded (aws-chunked), validated as AWS does, its access
decided, its checksum verified; what passes goes on as a plain request moto stores."""

from __future__ import annotations

from localstack.config import get_config
from localstack.services.s3 import aws_chunked, checksums, conditions, models, ownership, validation
from localstack.services.s3.operation import S3Call
from localstack.utils.aws import request_context
from localstack.utils.http import Request

_CHECKSUMMED = ("PutObject", "UploadPart")
_READ_CONDITIONS = ("If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since")


def prepare(request: Request) -> Request:
    """The request moto should see; raises S3Error for one AWS refuses."""
    if request.data and aws_chunked.is_aws_chunked(request.headers):
        request = aws_chunked.to_plain(request)
    call = S3Call.of(request.method, request.path, request.headers)
    region = request_context.region_of(request.headers, request.query_string, get_config().default_region)
    validation.check_request(call, request.data, region)
    bucket = models.find_bucket(call.bucket)
    operation = call.operation
    ownership.check(call, bucket, request.data)
    if operation in ("GetObject", "HeadObject"):
        refused = conditions.check_read(call)
        if refused is not None:
            raise refused
        # Decided here, in RFC 7232's order; moto would weigh them again in its own.
        for name in _READ_CONDITIONS:
            request.headers.pop(name, None)
    elif operation in ("CopyObject", "UploadPartCopy"):
        conditions.check_copy_source(call)
    if operation in ("PutObject", "CopyObject", "CompleteMultipartUpload"):
        conditions.check_write(call, operation)
    if operation in _CHECKSUMMED:
        stored = checksums.check_upload(request.headers, request.data)
        if stored is not None:
            algorithm, value = stored
            request.headers["x-amz-sdk-checksum-algorithm"] = algorithm
            request.headers[checksums.header_name(algorithm)] = value
    return request
