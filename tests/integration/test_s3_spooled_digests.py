"""Bodies over BODY_MEMORY_LIMIT (spooled to disk) get the digest checks of bodies held in memory:
Content-MD5, x-amz-content-sha256 and the x-amz-checksum-* values, sent as headers or aws-chunked trailers,
answered with S3's codes and fields; nothing is stored after a refusal."""

from __future__ import annotations

import base64
import hashlib
import http.client
import xml.etree.ElementTree as ElementTree
import zlib

import pytest
from botocore.exceptions import ClientError

from localstack.services.s3 import checksums
from tests.integration.s3_support import remove_bucket

MIB = 1024 * 1024
_AUTH = (
    "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0000"
)


def _body(size: int) -> bytes:
    block = hashlib.sha256(str(size).encode()).digest() * 128
    return (block * (size // len(block) + 1))[:size]


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _crc32(data: bytes) -> str:
    return _b64(zlib.crc32(data).to_bytes(4, "big"))


def _aws_chunked(data: bytes, trailer: str) -> bytes:
    framed = bytearray()
    for start in range(0, len(data), MIB):
        chunk = data[start : start + MIB]
        framed += b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    return bytes(framed) + f"0\r\n{trailer}\r\n\r\n".encode()


@pytest.fixture
def bucket(aws_client, unique_name, cleanup):
    s3 = aws_client("s3")
    name = unique_name("spooled")
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _put(server, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.edge_port, timeout=60)
    try:
        connection.request("PUT", path, body=body, headers={"Authorization": _AUTH, **headers})
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        connection.close()


def _error(body: bytes) -> dict[str, str]:
    root = ElementTree.fromstring(body)
    return {child.tag: child.text or "" for child in root}


def _absent(aws_client, bucket: str, key: str) -> bool:
    try:
        aws_client("s3").head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        return error.response["Error"]["Code"] == "404"
    raise AssertionError(f"{key} was stored")


def test_wrong_content_md5_of_a_spooled_body_is_bad_digest(server, aws_client, bucket) -> None:
    data = _body(2 * MIB + 3)
    wrong = _b64(hashlib.md5(b"other").digest())
    status, _, body = _put(
        server,
        f"/{bucket}/md5",
        data,
        {"Content-MD5": wrong, "x-amz-content-sha256": "UNSIGNED-PAYLOAD"},
    )
    assert status == 400
    error = _error(body)
    assert error["Code"] == "BadDigest"
    assert error["Message"] == "The Content-MD5 you specified did not match what we received."
    assert error["ExpectedDigest"] == wrong
    assert error["CalculatedDigest"] == _b64(hashlib.md5(data).digest())
    assert _absent(aws_client, bucket, "md5")


def test_right_content_md5_of_a_spooled_body_is_stored(server, aws_client, bucket) -> None:
    data = _body(2 * MIB + 5)
    status, headers, body = _put(
        server,
        f"/{bucket}/md5-ok",
        data,
        {
            "Content-MD5": _b64(hashlib.md5(data).digest()),
            "x-amz-content-sha256": hashlib.sha256(data).hexdigest(),
        },
    )
    assert status == 200, body
    assert headers["ETag"] == f'"{hashlib.md5(data).hexdigest()}"'


def test_malformed_content_md5_of_a_spooled_body_is_invalid_digest(server, bucket) -> None:
    status, _, body = _put(
        server,
        f"/{bucket}/md5-bad",
        _body(2 * MIB),
        {"Content-MD5": "not-base64", "x-amz-content-sha256": "UNSIGNED-PAYLOAD"},
    )
    assert status == 400
    assert _error(body)["Code"] == "InvalidDigest"
    assert _error(body)["Message"] == "The Content-MD5 you specified was invalid."


def test_wrong_payload_sha256_of_a_spooled_body_is_a_mismatch(server, aws_client, bucket) -> None:
    data = _body(2 * MIB + 7)
    declared = hashlib.sha256(b"other").hexdigest()
    status, _, body = _put(server, f"/{bucket}/sha", data, {"x-amz-content-sha256": declared})
    assert status == 400
    error = _error(body)
    assert error["Code"] == "XAmzContentSHA256Mismatch"
    assert error["Message"] == "The provided 'x-amz-content-sha256' header does not match what was computed."
    assert error["ClientComputedContentSHA256"] == declared
    assert error["S3ComputedContentSHA256"] == hashlib.sha256(data).hexdigest()
    assert _absent(aws_client, bucket, "sha")


@pytest.mark.parametrize("algorithm", ["CRC32", "CRC32C", "SHA1", "SHA256"])
def test_declared_checksum_of_a_spooled_body_is_verified(server, aws_client, bucket, algorithm) -> None:
    data = _body(MIB + 11)
    header = f"x-amz-checksum-{algorithm.lower()}"
    wrong = checksums.encoded(b"other", algorithm)
    status, _, body = _put(
        server, f"/{bucket}/sum", data, {header: wrong, "x-amz-content-sha256": "UNSIGNED-PAYLOAD"}
    )
    assert status == 400
    error = _error(body)
    assert error["Code"] == "BadDigest"
    assert error["Message"] == f"The {algorithm} you specified did not match the calculated checksum."
    assert _absent(aws_client, bucket, "sum")
    right = checksums.encoded(data, algorithm)
    status, headers, body = _put(
        server, f"/{bucket}/sum", data, {header: right, "x-amz-content-sha256": "UNSIGNED-PAYLOAD"}
    )
    assert status == 200, body
    assert headers[header] == right
    got = aws_client("s3").head_object(Bucket=bucket, Key="sum", ChecksumMode="ENABLED")
    assert got[f"Checksum{algorithm}"] == right


def test_checksum_value_of_the_wrong_size_is_invalid_request(server, bucket) -> None:
    status, _, body = _put(
        server,
        f"/{bucket}/short",
        _body(2 * MIB),
        {"x-amz-checksum-crc32": _b64(b"\x00\x01"), "x-amz-content-sha256": "UNSIGNED-PAYLOAD"},
    )
    assert status == 400
    assert _error(body)["Code"] == "InvalidRequest"
    assert _error(body)["Message"] == "Value for x-amz-checksum-crc32 header is invalid."


def test_algorithm_without_a_value_gets_the_computed_checksum(server, aws_client, bucket) -> None:
    data = _body(2 * MIB + 1)
    status, headers, body = _put(
        server,
        f"/{bucket}/computed",
        data,
        {"x-amz-sdk-checksum-algorithm": "CRC32", "x-amz-content-sha256": "UNSIGNED-PAYLOAD"},
    )
    assert status == 200, body
    assert headers["x-amz-checksum-crc32"] == _crc32(data)


def test_wrong_trailing_checksum_of_a_spooled_aws_chunked_body_is_bad_digest(
    server, aws_client, bucket
) -> None:
    data = _body(3 * MIB + 9)
    framed = _aws_chunked(data, f"x-amz-checksum-crc32:{_crc32(b'other')}")
    status, _, body = _put(
        server,
        f"/{bucket}/trailer",
        framed,
        {
            "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            "Content-Encoding": "aws-chunked",
            "x-amz-decoded-content-length": str(len(data)),
            "x-amz-trailer": "x-amz-checksum-crc32",
        },
    )
    assert status == 400
    assert _error(body)["Code"] == "BadDigest"
    assert _error(body)["Message"] == "The CRC32 you specified did not match the calculated checksum."
    assert _absent(aws_client, bucket, "trailer")


def test_small_aws_chunked_body_with_a_trailer_is_verified_and_stored(server, aws_client, bucket) -> None:
    data = b"small streamed body"
    headers = {
        "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "Content-Encoding": "aws-chunked",
        "x-amz-decoded-content-length": str(len(data)),
        "x-amz-trailer": "x-amz-checksum-crc32",
    }
    status, _, body = _put(
        server, f"/{bucket}/small", _aws_chunked(data, f"x-amz-checksum-crc32:{_crc32(b'x')}"), headers
    )
    assert status == 400 and _error(body)["Code"] == "BadDigest"
    status, _, body = _put(
        server, f"/{bucket}/small", _aws_chunked(data, f"x-amz-checksum-crc32:{_crc32(data)}"), headers
    )
    assert status == 200, body
    got = aws_client("s3").get_object(Bucket=bucket, Key="small", ChecksumMode="ENABLED")
    assert got["ChecksumCRC32"] == _crc32(data)
    assert got["Body"].read() == data
    assert got.get("ContentEncoding") in (None, "")


def test_decoded_length_that_contradicts_the_body_is_incomplete(server, bucket) -> None:
    data = _body(2 * MIB)
    status, _, body = _put(
        server,
        f"/{bucket}/lying",
        _aws_chunked(data, f"x-amz-checksum-crc32:{_crc32(data)}"),
        {
            "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            "Content-Encoding": "aws-chunked",
            "x-amz-decoded-content-length": str(len(data) + 1),
            "x-amz-trailer": "x-amz-checksum-crc32",
        },
    )
    assert status == 400
    assert _error(body)["Code"] == "IncompleteBody"
