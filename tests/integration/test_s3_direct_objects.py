"""Parity of S3's direct PutObject/GetObject path (services/s3/direct_objects.py) with moto's request
layer: the same calls go to the session's server (direct path on) and to a server started with
DIRECT_OPS=0 (moto answers every request), and their answers are compared header by header."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from localstack import constants
from localstack.services.s3 import crc
from tests.server_process import start_server

# Differ between any two answers: ids, clocks, random version ids.
_VOLATILE = {
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-amz-id-2",
    "date",
    "last-modified",
    "x-amz-version-id",
}


@pytest.fixture(scope="module")
def general_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    process = start_server(
        tmp_path_factory.mktemp("s3-general"), services=["s3"], extra_env={"DIRECT_OPS": "0"}
    )
    yield process
    process.stop()


def _client(url: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=url,
        region_name=constants.DEFAULT_REGION,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 0}, s3={"addressing_style": "path"}),
    )


@pytest.fixture
def both(server: Any, general_server: Any) -> tuple[Any, Any]:
    return _client(server.edge_url), _client(general_server.edge_url)


def _answer(call: Callable[[], dict]) -> dict[str, Any]:
    """Status, headers (less the volatile ones) and body of one call, an error's included."""
    try:
        result = call()
    except ClientError as error:
        meta = error.response["ResponseMetadata"]
        body = {"Error": error.response.get("Error")}
    else:
        meta = result.pop("ResponseMetadata")
        body = {k: (v.read() if hasattr(v, "read") else v) for k, v in result.items()}
    body = _without_volatile(body)
    headers = {k: v for k, v in meta["HTTPHeaders"].items() if k not in _VOLATILE}
    for name in _VOLATILE & set(meta["HTTPHeaders"]):
        headers[name] = "<present>"
    return {"status": meta["HTTPStatusCode"], "headers": headers, "body": body}


def _without_volatile(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: "<volatile>" if k in ("VersionId", "LastModified") else _without_volatile(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_without_volatile(v) for v in value]
    return value


def _same(both: tuple[Any, Any], operation: str, **params: Any) -> dict[str, Any]:
    direct, general = (_answer(lambda c=c: getattr(c, operation)(**params)) for c in both)
    for part in ("status", "headers", "body"):
        assert direct[part] == general[part], (operation, part, direct[part], general[part])
    return direct


def _bucket(both: tuple[Any, Any], name: str, versioned: bool = False) -> None:
    for client in both:
        client.create_bucket(Bucket=name)
        if versioned:
            client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})


def test_plain_put_and_get_answer_as_moto_does(both, unique_name, server):
    bucket = unique_name("direct")
    _bucket(both, bucket)
    body = b"x" * 1024
    put = _same(both, "put_object", Bucket=bucket, Key="k1", Body=body)
    assert any(name.startswith("x-amz-checksum-") for name in put["headers"])
    got = _same(both, "get_object", Bucket=bucket, Key="k1")
    assert got["body"]["Body"] == body
    _same(both, "get_object", Bucket=bucket, Key="k1", ChecksumMode="ENABLED")
    _same(both, "put_object", Bucket=bucket, Key="empty", Body=b"")
    _same(both, "get_object", Bucket=bucket, Key="empty")
    # What other operations read of a directly stored key.
    _same(both, "head_object", Bucket=bucket, Key="k1")
    _same(both, "get_object_acl", Bucket=bucket, Key="k1")
    _same(both, "get_object_tagging", Bucket=bucket, Key="k1")
    _same(
        both,
        "get_object_attributes",
        Bucket=bucket,
        Key="k1",
        ObjectAttributes=["ETag", "Checksum", "ObjectSize"],
    )
    _same(both, "copy_object", Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "k1"})
    listed = _same(both, "list_objects_v2", Bucket=bucket)
    assert [o["Key"] for o in listed["body"]["Contents"]] == ["copy", "empty", "k1"]


def test_metadata_and_content_headers_answer_as_moto_does(both, unique_name):
    bucket = unique_name("direct")
    _bucket(both, bucket)
    _same(
        both,
        "put_object",
        Bucket=bucket,
        Key="doc.json",
        Body=b'{"a": 1}',
        ContentType="application/json",
        CacheControl="max-age=60",
        ContentDisposition='attachment; filename="doc.json"',
        ContentLanguage="en",
        ContentEncoding="identity",
        Metadata={"Owner": "me", "snake_case": "v", "dash-ed": "w"},
    )
    got = _same(both, "get_object", Bucket=bucket, Key="doc.json")
    assert got["body"]["Metadata"]["owner"] == "me"
    _same(both, "head_object", Bucket=bucket, Key="doc.json")


@pytest.mark.parametrize("algorithm", ["CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME"])
def test_checksummed_puts_answer_as_moto_does(both, unique_name, algorithm):
    bucket = unique_name("direct")
    _bucket(both, bucket)
    body = b"hello" * 100
    if algorithm in ("CRC32C", "CRC64NVME"):
        # botocore computes these only with awscrt: the value is sent as a header.
        value = getattr(crc, algorithm.lower())(body).to_bytes(4 if algorithm == "CRC32C" else 8, "big")
        param = {f"Checksum{algorithm}": base64.b64encode(value).decode()}
        _same(both, "put_object", Bucket=bucket, Key="k", Body=body, **param)
    else:
        _same(both, "put_object", Bucket=bucket, Key="k", Body=body, ChecksumAlgorithm=algorithm)
    _same(both, "get_object", Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    _same(both, "head_object", Bucket=bucket, Key="k", ChecksumMode="ENABLED")


def test_md5_and_refusals_answer_as_moto_does(both, unique_name):
    bucket = unique_name("direct")
    _bucket(both, bucket)
    body = b"some bytes"
    md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
    _same(both, "put_object", Bucket=bucket, Key="k", Body=body, ContentMD5=md5)
    wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    refused = _same(both, "put_object", Bucket=bucket, Key="k", Body=body, ContentMD5=wrong)
    assert refused["status"] == 400
    missing = _same(both, "get_object", Bucket=bucket, Key="nope")
    assert missing["status"] == 404
    _same(both, "put_object", Bucket=unique_name("absent"), Key="k", Body=body)


def test_versioned_bucket_answers_as_moto_does(both, unique_name):
    bucket = unique_name("direct")
    _bucket(both, bucket, versioned=True)
    first = _same(both, "put_object", Bucket=bucket, Key="k", Body=b"one")
    assert first["headers"]["x-amz-version-id"] == "<present>"
    _same(both, "put_object", Bucket=bucket, Key="k", Body=b"two")
    got = _same(both, "get_object", Bucket=bucket, Key="k")
    assert got["body"]["Body"] == b"two"
    _same(both, "head_object", Bucket=bucket, Key="k")
    _same(both, "delete_object", Bucket=bucket, Key="k")
    _same(both, "head_object", Bucket=bucket, Key="k")  # the delete marker's answer is moto's
    versions = _same(both, "list_object_versions", Bucket=bucket)
    assert len(versions["body"]["Versions"]) == 2


def test_direct_path_serves_the_plain_calls(server, aws_client, unique_name):
    """The session's server takes the direct path (its debug log does not say so; the figure is in
    bench/RESULTS.md): this checks what a user sees of it, a stored object read back whole."""
    s3 = aws_client("s3")
    bucket = unique_name("direct")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="a/b.txt", Body=b"payload", Metadata={"k": "v"})
    got = s3.get_object(Bucket=bucket, Key="a/b.txt")
    assert got["Body"].read() == b"payload"
    assert got["Metadata"] == {"k": "v"}
    assert re.fullmatch(r'"[0-9a-f]{32}"', got["ETag"])


def test_large_and_escaped_keys_answer_as_moto_does(both, unique_name):
    """A body past the memory limit is stored from its spool file; escaped keys go to moto."""
    bucket = unique_name("direct")
    _bucket(both, bucket)
    big = bytes(range(256)) * (5 * 1024 + 3)  # ~1.3 MB, past BODY_MEMORY_LIMIT's 1 MiB
    _same(both, "put_object", Bucket=bucket, Key="big", Body=big)
    got = _same(both, "get_object", Bucket=bucket, Key="big")
    assert got["body"]["Body"] == big
    _same(both, "head_object", Bucket=bucket, Key="big")
    for key in ("with space", "plus+sign", "ünï", "dir/", "a//b", "x/./y", "semi;colon=eq"):
        _same(both, "put_object", Bucket=bucket, Key=key, Body=b"v")
        _same(both, "get_object", Bucket=bucket, Key=key)


@pytest.mark.parametrize("size", [1, 1024, 64 * 1024, 64 * 1024 + 1])
def test_default_checksum_of_an_unchecksummed_put_answers_as_moto_does(both, unique_name, size):
    """A PutObject without a checksum: the direct path takes the CRC64NVME from the request's bytes (up to
    64 KiB), moto's path reads it back from the stored object; the answers and later reads are the same."""
    bucket = unique_name("direct")
    _bucket(both, bucket)
    unchecksummed = tuple(
        boto3.client(
            "s3",
            endpoint_url=client.meta.endpoint_url,
            region_name=constants.DEFAULT_REGION,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=Config(
                retries={"max_attempts": 0},
                s3={"addressing_style": "path"},
                request_checksum_calculation="when_required",
            ),
        )
        for client in both
    )
    body = bytes(range(256)) * (size // 256) + b"z" * (size % 256)
    put = _same(unchecksummed, "put_object", Bucket=bucket, Key="k", Body=body)
    expected = base64.b64encode(crc.crc64nvme(body).to_bytes(8, "big")).decode()
    assert put["headers"]["x-amz-checksum-crc64nvme"] == expected
    assert put["headers"]["x-amz-checksum-type"] == "FULL_OBJECT"
    got = _same(both, "get_object", Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert got["body"]["Body"] == body and got["body"]["ChecksumCRC64NVME"] == expected
    _same(both, "head_object", Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    _same(both, "get_object", Bucket=bucket, Key="k")


def test_plain_put_over_a_tagged_key_drops_its_tags_as_moto_does(both, unique_name):
    """The direct path keeps no empty tag set per key: a plain PutObject over a tagged key still leaves
    it untagged, and a later PutObjectTagging/DeleteObjectTagging answers as moto's path does."""
    bucket = unique_name("tagged")
    _bucket(both, bucket)
    tagged = _same(both, "put_object", Bucket=bucket, Key="k", Body=b"1", Tagging="a=1&b=2")
    assert tagged["status"] == 200
    assert _same(both, "get_object_tagging", Bucket=bucket, Key="k")["body"]["TagSet"] == [
        {"Key": "a", "Value": "1"},
        {"Key": "b", "Value": "2"},
    ]
    _same(both, "put_object", Bucket=bucket, Key="k", Body=b"2")
    assert _same(both, "get_object_tagging", Bucket=bucket, Key="k")["body"]["TagSet"] == []
    got = _same(both, "get_object", Bucket=bucket, Key="k")
    assert "x-amz-tagging-count" not in got["headers"]
    _same(both, "delete_object_tagging", Bucket=bucket, Key="k")
    _same(
        both, "put_object_tagging", Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "c", "Value": "3"}]}
    )
    got = _same(both, "get_object", Bucket=bucket, Key="k")
    assert got["headers"]["x-amz-tagging-count"] == "1"
    _same(both, "put_object", Bucket=bucket, Key="k", Body=b"3")
    assert _same(both, "get_object_tagging", Bucket=bucket, Key="k")["body"]["TagSet"] == []
