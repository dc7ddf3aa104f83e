"""The shape checks of SigV4 headers, regions and S3 presigned URLs (no sockets)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest

from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.request_checks.signature import check_signature, is_valid_region

GOOD = (
    "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=" + "a" * 64
)


@pytest.mark.parametrize(
    "region", ["us-east-1", "eu-fake-1", "us-gov-west-1", "us-isob-east-1", "cn-north-1"]
)
def test_well_formed_regions(region):
    assert is_valid_region(region)


@pytest.mark.parametrize("region", ["us-east1", "useast-1", "US-EAST-1", "", "us-east-1-", "x" * 40])
def test_malformed_regions(region):
    assert not is_valid_region(region)


def refused(service: str, auth: str = "", query: str = "") -> AWSError:
    with pytest.raises(AWSError) as info:
        check_signature(service, {"Authorization": auth} if auth else {}, query)
    return info.value


def test_sdk_headers_and_other_schemes_pass():
    check_signature("sqs", {"Authorization": GOOD}, "")
    check_signature("sqs", {"Authorization": GOOD.replace("us-east-1", "eu-fake-1")}, "")
    check_signature("s3", {"Authorization": "AWS test:signature"}, "")  # SigV2
    check_signature("apigateway", {"Authorization": "Bearer token"}, "")
    check_signature("sqs", {}, "")


@pytest.mark.parametrize(
    "service,auth,status,code,message",
    [
        (
            "sqs",
            "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request",
            400,
            "IncompleteSignature",
            "Authorization header requires 'Signature' parameter. Authorization header requires "
            "'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 "
            "Credential=test/20240101/us-east-1/sqs/aws4_request",
        ),
        (
            "dynamodb",
            GOOD.replace("us-east-1", "us-east1"),
            400,
            "InvalidSignatureException",
            "Credential should be scoped to a valid region, not 'us-east1'. ",
        ),
        (
            "sqs",
            GOOD.replace("us-east-1", "us-east1"),
            403,
            "SignatureDoesNotMatch",
            "Credential should be scoped to a valid region, not 'us-east1'. ",
        ),
        (
            "s3",
            GOOD.replace("us-east-1", "us-east1"),
            400,
            "AuthorizationHeaderMalformed",
            "The authorization header is malformed; the region 'us-east1' is wrong; expecting 'us-east-1'",
        ),
        (
            "s3",
            GOOD.replace("Credential=test/", "Credential=/"),
            403,
            "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.",
        ),
        (
            "kinesis",
            GOOD.replace("Credential=test/", "Credential=/"),
            400,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ),
    ],
)
def test_malformed_headers(service, auth, status, code, message):
    error = refused(service, auth)
    assert (error.status, error.code, error.message) == (status, code, message)


def presigned(**overrides: str) -> str:
    params = {
        "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
        "X-Amz-Credential": "test/20240101/us-east-1/s3/aws4_request",
        "X-Amz-Date": time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()),
        "X-Amz-Expires": "60",
        "X-Amz-SignedHeaders": "host",
        "X-Amz-Signature": "a" * 64,
    }
    params.update(overrides)
    return urlencode({k: v for k, v in params.items() if v is not None})


def test_presigned_urls():
    check_signature("s3", {}, presigned())
    # An expired SigV4 URL passes here: S3's own check answers it, with X-Amz-Expires and ServerTime.
    check_signature("s3", {}, presigned(**{"X-Amz-Date": "20200101T000000Z"}))
    for override in (
        {"X-Amz-Algorithm": "HMAC"},
        {"X-Amz-Credential": "garbage"},
        {"X-Amz-Expires": "604801"},
        {"X-Amz-Date": "yesterday"},
        {"X-Amz-Signature": None},
    ):
        error = refused("s3", query=presigned(**override))
        assert (error.status, error.code) == (400, "AuthorizationQueryParametersError"), override
    # An expired SigV2 URL passes here too (S3's check answers it with Expires and ServerTime); a
    # malformed expiry does not.
    check_signature("s3", {}, "AWSAccessKeyId=test&Signature=x&Expires=1")
    v2 = refused("s3", query="AWSAccessKeyId=test&Signature=x&Expires=soon")
    assert (v2.status, v2.code) == (403, "AccessDenied")
