"""Large S3 objects stream through the emulator: put, get, ranges and multipart round trips keep every
byte (checked by digest), whatever way the SDK frames the body."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zlib

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

MIB = 1024 * 1024


def payload(size: int, seed: int = 0) -> bytes:
    """Non-repeating bytes (so a misplaced range shows), quick to make."""
    block = hashlib.sha256(str(seed).encode()).digest() + os.urandom(4064)
    pieces = bytearray()
    counter = 0
    while len(pieces) < size:
        pieces += counter.to_bytes(8, "big") + block[: 4096 - 8]
        counter += 1
    return bytes(pieces[:size])


@pytest.fixture
def bucket(aws_client, unique_name, cleanup):
    s3 = aws_client("s3")
    name = unique_name("large")
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def test_50_mib_object_round_trip_with_ranges(aws_client, bucket) -> None:
    s3 = aws_client("s3")
    data = payload(50 * MIB)
    put = s3.put_object(Bucket=bucket, Key="big", Body=data)
    assert put["ETag"] == f'"{md5(data)}"'
    head = s3.head_object(Bucket=bucket, Key="big")
    assert head["ContentLength"] == len(data)
    got = s3.get_object(Bucket=bucket, Key="big")
    assert got["ContentLength"] == len(data)
    assert md5(got["Body"].read()) == md5(data)
    ranged = s3.get_object(Bucket=bucket, Key="big", Range="bytes=1000-20000000")
    assert ranged["ContentRange"] == f"bytes 1000-20000000/{len(data)}"
    assert ranged["Body"].read() == data[1000:20000001]
    tail = s3.get_object(Bucket=bucket, Key="big", Range="bytes=-100")
    assert tail["Body"].read() == data[-100:]
    beyond = s3.get_object(Bucket=bucket, Key="big", Range=f"bytes={len(data) - 10}-")
    assert beyond["Body"].read() == data[-10:]
    with pytest.raises(ClientError) as error:
        s3.get_object(Bucket=bucket, Key="big", Range=f"bytes={len(data)}-")
    assert error.value.response["Error"]["Code"] == "InvalidRange"


def test_large_object_is_listed_overwritten_and_deleted(aws_client, bucket) -> None:
    s3 = aws_client("s3")
    data = payload(3 * MIB, seed=1)
    s3.put_object(Bucket=bucket, Key="k", Body=data)
    assert s3.list_objects_v2(Bucket=bucket)["Contents"][0]["Size"] == len(data)
    s3.put_object(Bucket=bucket, Key="k", Body=b"small now")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"small now"
    s3.put_object(Bucket=bucket, Key="k", Body=data)
    assert md5(s3.get_object(Bucket=bucket, Key="k")["Body"].read()) == md5(data)
    s3.delete_object(Bucket=bucket, Key="k")
    with pytest.raises(ClientError) as error:
        s3.get_object(Bucket=bucket, Key="k")
    assert error.value.response["Error"]["Code"] == "NoSuchKey"


def test_large_object_is_copied(aws_client, bucket) -> None:
    s3 = aws_client("s3")
    data = payload(2 * MIB, seed=2)
    s3.put_object(Bucket=bucket, Key="source", Body=data)
    s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "source"})
    assert md5(s3.get_object(Bucket=bucket, Key="copy")["Body"].read()) == md5(data)


def test_multipart_upload_round_trip(aws_client, bucket) -> None:
    s3 = aws_client("s3")
    parts_data = [payload(8 * MIB, seed=3), payload(6 * MIB, seed=4), payload(3 * MIB, seed=5)]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="multi")
    parts = []
    for number, data in enumerate(parts_data, start=1):
        answer = s3.upload_part(
            Bucket=bucket, Key="multi", UploadId=upload["UploadId"], PartNumber=number, Body=data
        )
        assert answer["ETag"] == f'"{md5(data)}"'
        parts.append({"PartNumber": number, "ETag": answer["ETag"]})
    listed = s3.list_parts(Bucket=bucket, Key="multi", UploadId=upload["UploadId"])["Parts"]
    assert [p["Size"] for p in listed] == [len(d) for d in parts_data]
    done = s3.complete_multipart_upload(
        Bucket=bucket, Key="multi", UploadId=upload["UploadId"], MultipartUpload={"Parts": parts}
    )
    combined = hashlib.md5(b"".join(bytes.fromhex(md5(d)) for d in parts_data)).hexdigest()
    assert done["ETag"] == f'"{combined}-3"'
    whole = b"".join(parts_data)
    got = s3.get_object(Bucket=bucket, Key="multi")
    assert got["ContentLength"] == len(whole)
    assert md5(got["Body"].read()) == md5(whole)
    # A range across the boundary of the first two parts.
    start, end = 8 * MIB - 5000, 8 * MIB + 5000
    ranged = s3.get_object(Bucket=bucket, Key="multi", Range=f"bytes={start}-{end}")
    assert ranged["Body"].read() == whole[start : end + 1]


def test_multipart_with_a_wrong_etag_is_refused(aws_client, bucket) -> None:
    s3 = aws_client("s3")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="bad")
    s3.upload_part(Bucket=bucket, Key="bad", UploadId=upload["UploadId"], PartNumber=1, Body=payload(2 * MIB))
    with pytest.raises(ClientError) as error:
        s3.complete_multipart_upload(
            Bucket=bucket,
            Key="bad",
            UploadId=upload["UploadId"],
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"0123456789abcdef0123456789abcdef"'}]},
        )
    assert error.value.response["Error"]["Code"] == "InvalidPart"


def test_transfer_manager_upload_and_download(aws_client, bucket) -> None:
    s3 = aws_client("s3", config={"max_pool_connections": 10})
    data = payload(24 * MIB, seed=6)
    config = TransferConfig(multipart_threshold=8 * MIB, multipart_chunksize=8 * MIB, max_concurrency=4)
    s3.upload_fileobj(io.BytesIO(data), bucket, "managed", Config=config)
    target = io.BytesIO()
    s3.download_fileobj(bucket, "managed", target, Config=config)
    assert md5(target.getvalue()) == md5(data)


@pytest.mark.parametrize("algorithm", ["CRC32", "SHA256"])
def test_flexible_checksums_of_a_large_body(aws_client, bucket, algorithm) -> None:
    s3 = aws_client("s3")
    data = payload(4 * MIB, seed=7)
    if algorithm == "CRC32":
        expected = base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()
    else:
        expected = base64.b64encode(hashlib.sha256(data).digest()).decode()
    put = s3.put_object(Bucket=bucket, Key="sum", Body=data, ChecksumAlgorithm=algorithm)
    assert put[f"Checksum{algorithm}"] == expected
    got = s3.get_object(Bucket=bucket, Key="sum", ChecksumMode="ENABLED")
    assert got[f"Checksum{algorithm}"] == expected
    assert md5(got["Body"].read()) == md5(data)


def test_aws_chunked_upload_with_a_checksum_trailer_is_decoded(server, aws_client, bucket) -> None:
    """What SDKs send for streams of unknown content (STREAMING-UNSIGNED-PAYLOAD-TRAILER)."""
    import http.client

    s3 = aws_client("s3")
    data = payload(3 * MIB + 123, seed=8)
    checksum = base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()
    framed = bytearray()
    for start in range(0, len(data), MIB):
        chunk = data[start : start + MIB]
        framed += b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    framed += f"0\r\nx-amz-checksum-crc32:{checksum}\r\n\r\n".encode()
    connection = http.client.HTTPConnection("127.0.0.1", server.edge_port, timeout=30)
    connection.request(
        "PUT",
        f"/{bucket}/chunked",
        body=bytes(framed),
        headers={
            "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, "
            "SignedHeaders=host, Signature=0000",
            "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            "Content-Encoding": "aws-chunked",
            "x-amz-decoded-content-length": str(len(data)),
            "x-amz-trailer": "x-amz-checksum-crc32",
            "x-amz-sdk-checksum-algorithm": "CRC32",
        },
    )
    answer = connection.getresponse()
    assert answer.status == 200, answer.read()
    assert answer.getheader("ETag") == f'"{md5(data)}"'
    connection.close()
    got = s3.get_object(Bucket=bucket, Key="chunked", ChecksumMode="ENABLED")
    assert got["ChecksumCRC32"] == checksum
    assert got.get("ContentEncoding") in (None, "")
    assert md5(got["Body"].read()) == md5(data)


def test_versions_of_a_large_object_are_listed_and_read(aws_client, bucket) -> None:
    s3 = aws_client("s3")
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    first, second = payload(2 * MIB, seed=9), payload(2 * MIB + 1, seed=10)
    v1 = s3.put_object(Bucket=bucket, Key="v", Body=first)["VersionId"]
    s3.put_object(Bucket=bucket, Key="v", Body=second)
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert sorted(v["Size"] for v in versions) == [len(first), len(second)]
    old = s3.get_object(Bucket=bucket, Key="v", VersionId=v1)["Body"].read()
    assert md5(old) == md5(first)
    assert md5(s3.get_object(Bucket=bucket, Key="v")["Body"].read()) == md5(second)
    for version in versions:
        s3.delete_object(Bucket=bucket, Key="v", VersionId=version["VersionId"])


def test_upload_part_copy_of_ranges_of_a_large_object(aws_client, bucket) -> None:
    s3 = aws_client("s3")
    data = payload(12 * MIB, seed=11)
    s3.put_object(Bucket=bucket, Key="source", Body=data)
    upload = s3.create_multipart_upload(Bucket=bucket, Key="assembled")["UploadId"]
    ranges = [(6 * MIB, 12 * MIB - 1), (0, 6 * MIB - 1)]
    parts = []
    for number, (start, end) in enumerate(ranges, start=1):
        answer = s3.upload_part_copy(
            Bucket=bucket,
            Key="assembled",
            UploadId=upload,
            PartNumber=number,
            CopySource={"Bucket": bucket, "Key": "source"},
            CopySourceRange=f"bytes={start}-{end}",
        )
        assert answer["CopyPartResult"]["ETag"] == f'"{md5(data[start : end + 1])}"'
        parts.append({"PartNumber": number, "ETag": answer["CopyPartResult"]["ETag"]})
    s3.complete_multipart_upload(
        Bucket=bucket, Key="assembled", UploadId=upload, MultipartUpload={"Parts": parts}
    )
    got = s3.get_object(Bucket=bucket, Key="assembled")["Body"].read()
    assert md5(got) == md5(data[6 * MIB :] + data[: 6 * MIB])


def _spooled_files(server) -> int:  # type: ignore[no-untyped-def]
    """Files the server holds open in its spool directory (unlinked temporary files)."""
    spool = os.path.join(server.env["DATA_DIR"], "spool")
    fd_dir = f"/proc/{server.process.pid}/fd"
    count = 0
    for fd in os.listdir(fd_dir):
        try:
            count += os.readlink(os.path.join(fd_dir, fd)).startswith(spool)
        except OSError:
            pass
    return count


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc")
def test_deleting_large_objects_frees_their_storage(server, aws_client, bucket) -> None:
    s3 = aws_client("s3")
    before = _spooled_files(server)
    for index in range(3):
        s3.put_object(Bucket=bucket, Key=f"gone-{index}", Body=payload(2 * MIB, seed=index))
    s3.copy_object(Bucket=bucket, Key="gone-copy", CopySource={"Bucket": bucket, "Key": "gone-0"})
    assert _spooled_files(server) >= before + 4
    s3.delete_objects(
        Bucket=bucket,
        Delete={"Objects": [{"Key": f"gone-{index}"} for index in range(3)] + [{"Key": "gone-copy"}]},
    )
    assert _spooled_files(server) == before


def test_large_objects_stream_through_an_http_backend(server, bucket, tmp_path) -> None:
    """S3_BACKEND=<url>: the front emulator forwards bodies both ways without holding them."""
    import boto3
    from botocore.config import Config as BotoConfig

    from tests.server_process import start_server

    front = start_server(tmp_path, services=["s3"], extra_env={"S3_BACKEND": server.edge_url})
    try:
        s3 = boto3.client(
            "s3",
            endpoint_url=front.edge_url,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=BotoConfig(retries={"max_attempts": 1}),
        )
        data = payload(5 * MIB, seed=12)
        s3.put_object(Bucket=bucket, Key="forwarded", Body=data)
        got = s3.get_object(Bucket=bucket, Key="forwarded")
        assert got["ContentLength"] == len(data)
        assert md5(got["Body"].read()) == md5(data)
        ranged = s3.get_object(Bucket=bucket, Key="forwarded", Range="bytes=100-199")
        assert ranged["Body"].read() == data[100:200]
        s3.delete_object(Bucket=bucket, Key="forwarded")
    finally:
        front.stop()


def test_large_object_events_carry_size_and_etag(aws_client, bucket, unique_name, cleanup) -> None:
    import json
    import time

    from tests.integration.s3_notification_support import allow_s3

    s3, sqs = aws_client("s3"), aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("large-events"))["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    arn = allow_s3(sqs, url)
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:ObjectCreated:*"]}]
        },
    )
    data = payload(3 * MIB, seed=13)
    s3.put_object(Bucket=bucket, Key="noted", Body=data)
    records: list[dict] = []
    deadline = time.monotonic() + 10
    while not records and time.monotonic() < deadline:
        for message in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", []):
            records += json.loads(message["Body"]).get("Records", [])
    (record,) = records
    assert record["eventName"] == "ObjectCreated:Put"
    assert record["s3"]["object"]["size"] == len(data)
    assert record["s3"]["object"]["eTag"] == md5(data)


def test_chunked_transfer_encoding_upload_of_unknown_length(server, aws_client, bucket) -> None:
    """What `curl -T -`, `requests` with a generator and Node streams send."""
    import http.client

    data = payload(5 * MIB + 7, seed=14)
    connection = http.client.HTTPConnection("127.0.0.1", server.edge_port, timeout=30)
    pieces = (data[start : start + 300_000] for start in range(0, len(data), 300_000))
    connection.request(
        "PUT",
        f"/{bucket}/piped",
        body=pieces,
        encode_chunked=True,
        headers={
            "Transfer-Encoding": "chunked",
            "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, "
            "SignedHeaders=host, Signature=0000",
            "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
        },
    )
    answer = connection.getresponse()
    assert answer.status == 200, answer.read()
    assert answer.getheader("ETag") == f'"{md5(data)}"'
    connection.close()
    got = aws_client("s3").get_object(Bucket=bucket, Key="piped")
    assert md5(got["Body"].read()) == md5(data)


@pytest.mark.parametrize("algorithm", ["CRC32C", "CRC64NVME"])
def test_large_body_crc_is_verified_without_awscrt(aws_client, bucket, algorithm):
    from localstack.services.s3 import checksums

    s3 = aws_client("s3")
    data = payload(20 * MIB, seed=7)
    wrong = checksums.encoded(data[:-1] + b"?", algorithm)
    with pytest.raises(ClientError) as error:
        s3.put_object(Bucket=bucket, Key="crc", Body=data, **{f"Checksum{algorithm}": wrong})
    assert error.value.response["Error"]["Code"] == "BadDigest"
    assert error.value.response["Error"]["Message"] == (
        f"The {algorithm} you specified did not match the calculated checksum."
    )
    right = checksums.encoded(data, algorithm)
    put = s3.put_object(Bucket=bucket, Key="crc", Body=data, **{f"Checksum{algorithm}": right})
    assert put[f"Checksum{algorithm}"] == right
    head = s3.head_object(Bucket=bucket, Key="crc", ChecksumMode="ENABLED")
    assert head[f"Checksum{algorithm}"] == right


def test_large_upload_without_checksum_gets_its_crc64nvme(aws_client, bucket):
    from localstack.services.s3 import checksums

    s3 = aws_client("s3", config={"request_checksum_calculation": "when_required"})
    data = payload(18 * MIB, seed=8)
    s3.put_object(Bucket=bucket, Key="plain", Body=data)
    head = s3.head_object(Bucket=bucket, Key="plain", ChecksumMode="ENABLED")
    assert head["ChecksumCRC64NVME"] == checksums.encoded(data, "CRC64NVME")
    assert head["ChecksumType"] == "FULL_OBJECT"
