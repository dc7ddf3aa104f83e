"""S3's request rules without a server: bucket names, policy conditions, aws-chunked bodies, checksums,
conditional request order, presigned expiry."""

from __future__ import annotations

import datetime
import json

import pytest
from werkzeug.datastructures import Headers

from localstack.services.s3 import aws_chunked, checksums, identity, policy, validation
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error


@pytest.mark.parametrize("name", ["abc", "my.bucket-1", "a" * 63, "1bucket"])
def test_valid_bucket_names(name):
    assert validation.is_valid_bucket_name(name)


@pytest.mark.parametrize(
    "name", ["ab", "Bad_Bucket", "a" * 64, "-a-", "a..b", "192.168.1.1", "xn--a", "a-s3alias", "foo-.bar"]
)
def test_invalid_bucket_names(name):
    assert not validation.is_valid_bucket_name(name)


@pytest.mark.parametrize(
    "method, path, headers, operation",
    [
        ("GET", "/", {}, "ListBuckets"),
        ("GET", "/b?list-type=2", {}, "ListObjectsV2"),
        ("GET", "/b?versions", {}, "ListObjectVersions"),
        ("PUT", "/b/k", {"x-amz-copy-source": "/a/b"}, "CopyObject"),
        ("PUT", "/b/k?partNumber=1&uploadId=x", {}, "UploadPart"),
        ("POST", "/b/k?uploadId=x", {}, "CompleteMultipartUpload"),
        ("GET", "/b/k?retention", {}, "GetObjectRetention"),
        ("PUT", "/b?publicAccessBlock", {}, "PutPublicAccessBlock"),
    ],
)
def test_operation_names(method, path, headers, operation):
    assert S3Call.of(method, path, Headers(headers)).operation == operation


def _context(values: dict, account: str | None = None) -> policy.RequestContext:
    return policy.RequestContext("s3:GetObject", "arn:aws:s3:::b/k", account, values)


def _document(condition: dict | None = None, principal: object = "*", effect: str = "Allow") -> str:
    statement = {
        "Effect": effect,
        "Principal": principal,
        "Action": "s3:Get*",
        "Resource": "arn:aws:s3:::b/*",
    }
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Statement": [statement]})


def test_policy_allows_and_denies():
    assert policy.evaluate(_document(), _context({})) == policy.ALLOW
    assert policy.evaluate(_document(effect="Deny"), _context({})) == policy.DENY
    other = _document(principal={"AWS": "arn:aws:iam::111111111111:root"})
    assert policy.evaluate(other, _context({}, "222222222222")) is None
    assert policy.evaluate(other, _context({}, "111111111111")) == policy.ALLOW


@pytest.mark.parametrize(
    "condition, values, expected",
    [
        ({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:sourceip": ["10.1.2.3"]}, True),
        ({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:sourceip": ["10.1.2.3"]}, False),
        ({"StringLike": {"s3:prefix": ["home/*"]}}, {"s3:prefix": ["home/me"]}, True),
        ({"StringEquals": {"s3:prefix": "x"}}, {}, False),
        ({"StringNotEquals": {"s3:x-amz-acl": "public-read"}}, {}, True),
        ({"StringEqualsIfExists": {"s3:x-amz-acl": "private"}}, {}, True),
        ({"Null": {"s3:x-amz-acl": "true"}}, {}, True),
        ({"Bool": {"aws:SecureTransport": "false"}}, {"aws:securetransport": ["false"]}, True),
        ({"NumericLessThan": {"s3:max-keys": "10"}}, {"s3:max-keys": ["5"]}, True),
        (
            {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}},
            {"aws:currenttime": ["2026-01-01T00:00:00Z"]},
            True,
        ),
        (
            {"ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["a", "b"]}},
            {"s3:requestobjecttagkeys": ["a", "c"]},
            False,
        ),
        (
            {"ForAnyValue:StringEquals": {"s3:RequestObjectTagKeys": ["a"]}},
            {"s3:requestobjecttagkeys": ["a", "c"]},
            True,
        ),
    ],
)
def test_policy_conditions(condition, values, expected):
    assert policy.conditions_hold(condition, values) is expected


def test_public_policy_detection():
    assert policy.is_public(_document())
    assert not policy.is_public(_document({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    assert not policy.is_public(_document(principal={"AWS": "arn:aws:iam::111111111111:root"}))


def test_aws_chunked_decoding_with_trailer():
    body = b"5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
    data, trailers = aws_chunked.decode(body)
    assert data == b"hello world"
    assert trailers == {"x-amz-checksum-crc32": "DUoRhQ=="}


def test_aws_chunked_truncated_body():
    with pytest.raises(S3Error) as excinfo:
        aws_chunked.decode(b"a\r\nshort")
    assert excinfo.value.code == "IncompleteBody"


def test_checksum_mismatch_and_format():
    headers = Headers({"x-amz-checksum-crc32": checksums.encoded(b"other", "CRC32")})
    with pytest.raises(S3Error) as excinfo:
        checksums.check_upload(headers, b"data")
    assert excinfo.value.code == "BadDigest"
    assert checksums.check_upload(Headers({"x-amz-sdk-checksum-algorithm": "SHA1"}), b"data") == (
        "SHA1",
        checksums.encoded(b"data", "SHA1"),
    )


def test_presigned_expiry():
    query = {"X-Amz-Credential": "k/20200101/us-east-1/s3/aws4_request", "X-Amz-Date": "20200101T000000Z"}
    query["X-Amz-Expires"] = "60"
    with pytest.raises(S3Error) as excinfo:
        identity.of_request(
            Headers(), query, now=datetime.datetime(2020, 1, 1, 0, 2, tzinfo=datetime.timezone.utc)
        )
    assert excinfo.value.message == "Request has expired"
    who = identity.of_request(
        Headers(), query, now=datetime.datetime(2020, 1, 1, 0, 0, 30, tzinfo=datetime.timezone.utc)
    )
    assert who.auth_type == "REST-QUERY-STRING"
    assert identity.of_request(Headers(), {}).anonymous


@pytest.mark.parametrize(
    "document",
    [
        "[]",
        '"text"',
        '{"Statement": "x"}',
        '{"Statement": [{"Effect": "Allow", "Principal": "*", "Condition": []}]}',
        '{"Statement": [{"Effect": "Allow", "Principal": "*", "Condition": {"StringEquals": []}}]}',
        "not json",
    ],
)
def test_malformed_policies_decide_nothing(document):
    assert policy.evaluate(document, _context({})) in (None, policy.ALLOW)
    assert policy.is_public(document) in (True, False)
