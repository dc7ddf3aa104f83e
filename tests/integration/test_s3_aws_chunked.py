"""`aws-chunked` uploads decoded and checked the same way on every path: PutObject and UploadPart, bodies
held in memory and bodies spooled to disk, signed (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) and unsigned with a
trailing checksum (STREAMING-UNSIGNED-PAYLOAD-TRAILER), through the edge and the legacy port."""

from __future__ import annotations

import base64
import hashlib
import http.client
import xml.etree.ElementTree as ElementTree
import zlib
from urllib.parse import urlparse

import pytest

from tests.integration.s3_support import remove_bucket

MIB = 1024 * 1024
_AUTH = (
    "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, "
    "SignedHeaders=content-encoding;host;x-amz-content-sha256;x-amz-decoded-content-length, Signature=0000"
)
_SIGNATURE = "0" * 64
# S3's own sentence for a body shorter than announced (its error code list).
_INCOMPLETE = "You did not provide the number of bytes specified by the Content-Length HTTP header."
SIZES = {"in-memory": 5000, "spooled": 2 * MIB + 17}


def _body(size: int) -> bytes:
    block = hashlib.sha256(str(size).encode()).digest() * 128
    return (block * (size // len(block) + 1))[:size]


def _crc32(data: bytes) -> str:
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def _framed(data: bytes, mode: str, trailer: str | None = None, chunk: int = 64 * 1024) -> bytes:
    """The body an SDK sends: signed chunks carry chunk-signature extensions; a trailer ends unsigned ones."""
    out = bytearray()
    signed = mode == "signed"
    for start in range(0, len(data), chunk):
        piece = data[start : start + chunk]
        extension = f";chunk-signature={_SIGNATURE}" if signed else ""
        out += f"{len(piece):x}{extension}\r\n".encode() + piece + b"\r\n"
    out += f"0{';chunk-signature=' + _SIGNATURE if signed else ''}\r\n".encode()
    if trailer:
        out += f"{trailer}\r\n".encode()
    return bytes(out) + b"\r\n"


def _headers(data: bytes, mode: str, **extra: str) -> dict[str, str]:
    headers = {
        "Authorization": _AUTH,
        "Content-Encoding": "aws-chunked",
        "x-amz-decoded-content-length": str(len(data)),
        "x-amz-content-sha256": (
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" if mode == "signed" else "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
        ),
    }
    if mode == "trailer":
        headers["x-amz-trailer"] = "x-amz-checksum-crc32"
    headers.update(extra)
    return headers


def _send(url: str, method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict, bytes]:
    parsed = urlparse(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        connection.close()


def _error(body: bytes) -> dict[str, str]:
    return {child.tag: child.text or "" for child in ElementTree.fromstring(body)}


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("chunked")
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


@pytest.fixture(params=["edge", "legacy"])
def url(request, server):
    return server.endpoint_url if request.param == "edge" else server.legacy_url("s3")


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize("mode", ["signed", "trailer"])
def test_put_object_is_decoded(s3, url, bucket, mode, size) -> None:
    data = _body(size)
    trailer = f"x-amz-checksum-crc32:{_crc32(data)}" if mode == "trailer" else None
    status, headers, body = _send(
        url, "PUT", f"/{bucket}/k", _framed(data, mode, trailer), _headers(data, mode)
    )
    assert status == 200, body
    assert headers["etag"] == f'"{hashlib.md5(data).hexdigest()}"'
    if mode == "trailer":
        assert headers["x-amz-checksum-crc32"] == _crc32(data)
    got = s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert got["Body"].read() == data
    assert got["ContentLength"] == size
    # aws-chunked is how the body travelled, never what the object is encoded with.
    assert not got.get("ContentEncoding")
    if mode == "trailer":
        assert got["ChecksumCRC32"] == _crc32(data)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize("mode", ["signed", "trailer"])
def test_upload_part_is_decoded(s3, url, bucket, mode, size) -> None:
    upload = s3.create_multipart_upload(
        Bucket=bucket, Key="mp", **({"ChecksumAlgorithm": "CRC32"} if mode == "trailer" else {})
    )["UploadId"]
    data = _body(size)
    trailer = f"x-amz-checksum-crc32:{_crc32(data)}" if mode == "trailer" else None
    status, headers, body = _send(
        url,
        "PUT",
        f"/{bucket}/mp?partNumber=1&uploadId={upload}",
        _framed(data, mode, trailer),
        _headers(data, mode),
    )
    assert status == 200, body
    assert headers["etag"] == f'"{hashlib.md5(data).hexdigest()}"'
    part = {"PartNumber": 1, "ETag": headers["etag"]}
    if mode == "trailer":
        assert headers["x-amz-checksum-crc32"] == _crc32(data)
        part["ChecksumCRC32"] = _crc32(data)
    listed = s3.list_parts(Bucket=bucket, Key="mp", UploadId=upload)["Parts"]
    assert [p["Size"] for p in listed] == [size]
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload, MultipartUpload={"Parts": [part]})
    got = s3.get_object(Bucket=bucket, Key="mp")
    assert got["Body"].read() == data
    assert not got.get("ContentEncoding")


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize("mode", ["signed", "trailer"])
@pytest.mark.parametrize("operation", ["PutObject", "UploadPart"])
def test_decoded_length_that_contradicts_the_body_is_incomplete_body(
    s3, url, bucket, mode, size, operation
) -> None:
    path = f"/{bucket}/k"
    if operation == "UploadPart":
        upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
        path += f"?partNumber=1&uploadId={upload}"
    data = _body(size)
    trailer = f"x-amz-checksum-crc32:{_crc32(data)}" if mode == "trailer" else None
    headers = _headers(data, mode, **{"x-amz-decoded-content-length": str(size + 1)})
    status, _, body = _send(url, "PUT", path, _framed(data, mode, trailer), headers)
    assert status == 400
    error = _error(body)
    assert (error["Code"], error["Message"]) == ("IncompleteBody", _INCOMPLETE)
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize("operation", ["PutObject", "UploadPart"])
def test_trailing_checksum_that_contradicts_the_body_is_bad_digest(s3, url, bucket, size, operation) -> None:
    path = f"/{bucket}/k"
    if operation == "UploadPart":
        upload = s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="CRC32")["UploadId"]
        path += f"?partNumber=1&uploadId={upload}"
    data = _body(size)
    wrong = _crc32(data + b"!")
    status, _, body = _send(
        url,
        "PUT",
        path,
        _framed(data, "trailer", f"x-amz-checksum-crc32:{wrong}"),
        _headers(data, "trailer"),
    )
    assert status == 400
    error = _error(body)
    assert (error["Code"], error["Message"]) == (
        "BadDigest",
        "The CRC32 you specified did not match the calculated checksum.",
    )
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_body_cut_short_is_incomplete_body(s3, url, bucket, size) -> None:
    data = _body(size)
    framed = _framed(data, "signed")
    cut = framed[: len(framed) // 2]
    # The Content-Length announced is the length sent: the framing itself is cut short.
    status, _, body = _send(url, "PUT", f"/{bucket}/k", cut, _headers(data, "signed"))
    assert status == 400
    assert _error(body)["Code"] == "IncompleteBody"
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


@pytest.mark.parametrize(("sent", "stored"), [("aws-chunked", None), ("aws-chunked,gzip", "gzip")])
def test_content_encoding_keeps_only_what_the_object_is_encoded_with(s3, url, bucket, sent, stored) -> None:
    """S3 strips aws-chunked from the stored Content-Encoding: only aws-chunked leaves none, and HEAD and GET
    then answer no Content-Encoding header at all (not an empty one)."""
    data = _body(5000)
    status, _, body = _send(
        url,
        "PUT",
        f"/{bucket}/enc",
        _framed(data, "signed"),
        _headers(data, "signed", **{"Content-Encoding": sent}),
    )
    assert status == 200, body
    auth = {"Authorization": _AUTH, "x-amz-content-sha256": "UNSIGNED-PAYLOAD"}
    for method in ("HEAD", "GET"):
        status, headers, _ = _send(url, method, f"/{bucket}/enc", b"", auth)
        assert status == 200
        assert headers.get("content-encoding") == stored, method
    assert s3.head_object(Bucket=bucket, Key="enc").get("ContentEncoding") == stored
