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


@pytest.mark.parametrize("algorithm", checksums.ALGORITHMS)
def test_hasher_in_pieces_equals_the_whole(algorithm):
    data = bytes(range(256)) * 33
    hasher = checksums.Hasher(algorithm)
    for start in range(0, len(data), 1000):
        hasher.update(data[start : start + 1000])
    assert hasher.encoded() == checksums.encoded(data, algorithm)


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({"x-amz-checksum-sha1": "x"}, "SHA1"),
        ({"x-amz-trailer": "x-amz-checksum-crc32c"}, "CRC32C"),
        ({"x-amz-sdk-checksum-algorithm": "crc64nvme"}, "CRC64NVME"),
        ({"x-amz-sdk-checksum-algorithm": "MD5"}, None),
        ({}, None),
    ],
)
def test_algorithm_requested_before_the_body_is_read(headers, expected):
    assert checksums.requested_algorithm(Headers(headers)) == expected


def test_spooled_checksum_is_compared_or_filled_in():
    data = b"spooled body"
    hasher = checksums.Hasher("CRC32")
    hasher.update(data)
    right = checksums.encoded(data, "CRC32")
    assert checksums.check_spooled(Headers({"x-amz-checksum-crc32": right}), hasher) == ("CRC32", right)
    assert checksums.check_spooled(Headers({"x-amz-sdk-checksum-algorithm": "CRC32"}), hasher) == (
        "CRC32",
        right,
    )
    with pytest.raises(S3Error) as error:
        checksums.check_spooled(Headers({"x-amz-checksum-crc32": checksums.encoded(b"x", "CRC32")}), hasher)
    assert error.value.code == "BadDigest"
    with pytest.raises(S3Error) as error:
        checksums.check_spooled(Headers({"x-amz-checksum-crc32": "AAA="}), hasher)
    assert error.value.message == "Value for x-amz-checksum-crc32 header is invalid."


def _byte_loop_crc(polynomial: int, width: int, data: bytes) -> int:
    mask = (1 << width) - 1
    crc = mask
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ polynomial if crc & 1 else crc >> 1
    return crc ^ mask


@pytest.mark.parametrize("size", [0, 1, 4287, 4288, 70_001, 1024 * 1031 + 256 * 257 + 64 * 67 + 5])
def test_lane_parallel_crcs_equal_the_byte_loop(size):
    from localstack.services.s3 import crc

    data = bytes((i * 131 + i // 7) & 0xFF for i in range(size))
    assert crc.crc32c(data) == _byte_loop_crc(0x82F63B78, 32, data)
    assert crc.crc64nvme(data) == _byte_loop_crc(0x9A6C9329AC4BC9B5, 64, data)
    cut = size // 3
    assert crc.crc64nvme(data[cut:], crc.crc64nvme(data[:cut])) == crc.crc64nvme(data)


@pytest.mark.skipif(not checksums.NATIVE, reason="the native CRC module (_native_crc.c) was not compiled")
@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 65_535, 65_536, 70_001])
def test_native_crcs_equal_the_byte_loop(size):
    from localstack.services.s3 import _native_crc

    data = bytes((i * 131 + i // 7) & 0xFF for i in range(size))
    assert _native_crc.crc32c(data) == _byte_loop_crc(0x82F63B78, 32, data)
    assert _native_crc.crc64nvme(data) == _byte_loop_crc(0x9A6C9329AC4BC9B5, 64, data)
    cut = size // 3
    view = memoryview(bytearray(data))
    assert _native_crc.crc64nvme(view[cut:], _native_crc.crc64nvme(view[:cut])) == _native_crc.crc64nvme(data)
    assert _native_crc.crc32c(view[cut:], _native_crc.crc32c(view[:cut])) == _native_crc.crc32c(data)


def test_hasher_fed_small_pieces_equals_one_call(monkeypatch):
    monkeypatch.setattr(checksums, "NATIVE", False)
    data = bytes(range(256)) * 9000
    for algorithm in ("CRC32C", "CRC64NVME"):
        hasher = checksums.Hasher(algorithm)
        for offset in range(0, len(data), 65536):
            hasher.update(memoryview(data)[offset : offset + 65536])
        assert hasher.encoded() == checksums.encoded(data, algorithm)
    # a large body is verified like a small one: every algorithm is checked
    hasher = checksums.Hasher("CRC64NVME")
    hasher.update(data)
    with pytest.raises(S3Error) as error:
        wrong = checksums.encoded(b"x", "CRC64NVME")
        checksums.check_spooled(Headers({"x-amz-checksum-crc64nvme": wrong}), hasher)
    assert error.value.code == "BadDigest"


def test_content_md5_and_sha256_of_a_spooled_body():
    import base64
    import hashlib

    data = b"body"
    md5 = hashlib.md5(data).digest()
    good = Headers(
        {
            "Content-MD5": base64.b64encode(md5).decode(),
            "x-amz-content-sha256": hashlib.sha256(data).hexdigest(),
        }
    )
    validation.check_spooled_digests(good, md5, hashlib.sha256(data).hexdigest())
    with pytest.raises(S3Error) as error:
        validation.check_spooled_digests(good, hashlib.md5(b"other").digest(), None)
    assert error.value.code == "BadDigest"
    with pytest.raises(S3Error) as error:
        validation.check_spooled_digests(good, md5, hashlib.sha256(b"other").hexdigest())
    assert error.value.code == "XAmzContentSHA256Mismatch"


def _signed_headers(version: str, secret: str, path: str) -> Headers:
    from botocore.auth import HmacV1Auth, S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(method="PUT", url=f"http://127.0.0.1:4566{path}", data=b"body")
    credentials = Credentials("AKIAUNITTESTKEY00001", secret)
    signer = S3SigV4Auth(credentials, "s3", "us-east-1") if version == "v4" else HmacV1Auth(credentials)
    request.headers["x-amz-meta-a"] = "one  two"
    signer.add_auth(request)
    headers = Headers(dict(request.headers.items()))
    headers["Host"] = "127.0.0.1:4566"
    return headers


@pytest.mark.parametrize("version", ["v4", "v2"])
def test_header_signatures_of_an_iam_key(monkeypatch, version):
    from localstack.services.s3 import signatures

    monkeypatch.setattr(signatures, "secret_for", lambda key: "s3cret" if key.startswith("AKIA") else None)
    path = "/bkt/a%20b/%C3%BC?tagging="
    signatures.verify_header("PUT", path, _signed_headers(version, "s3cret", path))
    with pytest.raises(S3Error) as error:
        signatures.verify_header("PUT", path, _signed_headers(version, "wrong", path))
    assert error.value.code == "SignatureDoesNotMatch"
    assert error.value.status == 403
    tampered = _signed_headers(version, "s3cret", path)
    tampered["x-amz-meta-a"] = "changed"
    with pytest.raises(S3Error):
        signatures.verify_header("PUT", path, tampered)


def test_request_time_skew_is_not_checked_on_replay(monkeypatch):
    import datetime

    from localstack.persistence import background
    from localstack.services.s3 import identity, inbound

    old = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    headers = Headers(
        {
            "x-amz-date": old,
            "Authorization": f"AWS4-HMAC-SHA256 Credential=test/{old[:8]}/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64,
        }
    )
    with pytest.raises(S3Error) as error:
        inbound.check_signature("GET", "/", headers)
    assert error.value.code == "RequestTimeTooSkewed"
    assert error.value.fields["RequestTime"] == old
    monkeypatch.setattr(background, "replaying", True)
    inbound.check_signature("GET", "/", headers)
    assert identity.of_request(Headers(), {"X-Amz-Credential": "a", "X-Amz-Date": old, "X-Amz-Expires": "1"})


@pytest.mark.parametrize("algorithm", ["CRC32", "CRC32C", "CRC64NVME"])
def test_full_object_crc_combined_from_part_crcs(algorithm):
    pieces = [bytes(range(256)) * 40, b"middle" * 9000, b"z"]
    parts = [(checksums.encoded(piece, algorithm), len(piece)) for piece in pieces]
    assert checksums.combined(parts, algorithm) == checksums.encoded(b"".join(pieces), algorithm)
    assert checksums.combined(parts, "SHA256") is None


def _in_process_upload(body: bytes, **headers: str):
    from localstack.utils.http import Request

    sent = {
        "Content-Encoding": "aws-chunked, gzip",
        "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "x-amz-trailer": "x-amz-checksum-crc32",
        **headers,
    }
    return Request("PUT", "/b/k", body, Headers(sent))


def test_in_process_aws_chunked_body_follows_the_gateways_rules():
    body = b"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\nx-amz-other:kept-out\r\n\r\n"
    request = aws_chunked.to_plain(_in_process_upload(body, **{"x-amz-decoded-content-length": "5"}))
    assert request.data == b"hello"
    assert request.headers["Content-Length"] == "5"
    assert request.headers["x-amz-checksum-crc32"] == "NhCmhg=="
    # Only checksum trailers become headers, as the gateway adopts them; aws-chunked leaves the encoding.
    assert "x-amz-other" not in request.headers
    assert request.headers["Content-Encoding"] == "gzip"
    assert "x-amz-decoded-content-length" not in request.headers


@pytest.mark.parametrize(
    ("body", "headers", "code", "message"),
    [
        (
            b"5\r\nhello\r\n0\r\n\r\n",
            {"x-amz-decoded-content-length": "6"},
            "IncompleteBody",
            "You did not provide the number of bytes specified by the Content-Length HTTP header.",
        ),
        (
            b"zz\r\nhello\r\n0\r\n\r\n",
            {},
            "InvalidRequest",
            "The chunked request body is malformed: invalid chunk size b'zz\\r\\n'.",
        ),
        (
            b"5\r\nhelloXX0\r\n\r\n",
            {},
            "InvalidRequest",
            "The chunked request body is malformed: chunk data is not followed by CRLF.",
        ),
    ],
)
def test_in_process_aws_chunked_refusals_match_the_gateways(body, headers, code, message):
    with pytest.raises(S3Error) as excinfo:
        aws_chunked.to_plain(_in_process_upload(body, **headers))
    assert (excinfo.value.code, excinfo.value.message) == (code, message)


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"5\r\nhello\r\n0\r\n\r\n", {}),  # declared, never sent
        (b"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n", {"x-amz-trailer": ""}),  # undeclared
        (
            b"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n",
            {"x-amz-trailer": "x-amz-checksum-sha1"},
        ),
    ],
)
def test_in_process_trailer_other_than_declared_is_malformed(body, headers):
    with pytest.raises(S3Error) as excinfo:
        aws_chunked.to_plain(_in_process_upload(body, **headers))
    assert excinfo.value.code == "MalformedTrailerError"
    assert excinfo.value.message == (
        "The request contained trailing data that was not well-formed or did not conform to our published "
        "schema."
    )


def test_in_process_decoded_length_that_is_no_number_is_a_missing_length():
    body = b"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n"
    with pytest.raises(S3Error) as excinfo:
        aws_chunked.to_plain(_in_process_upload(body, **{"x-amz-decoded-content-length": "abc"}))
    assert (excinfo.value.code, excinfo.value.message, excinfo.value.status) == (
        "MissingContentLength",
        "You must provide the Content-Length HTTP header.",
        411,
    )
