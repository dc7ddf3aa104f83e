"""S3 under concurrent writers: the last writer wins cleanly, as on S3."""

from __future__ import annotations

import threading
import time

from botocore.exceptions import ClientError, FlexibleChecksumError

from tests.integration.s3_support import remove_bucket


def test_concurrent_puts_of_one_key_never_fail(aws_client, unique_name, cleanup) -> None:
    s3 = aws_client("s3", config={"max_pool_connections": 32})
    bucket = unique_name("race")
    s3.create_bucket(Bucket=bucket)
    cleanup.append(lambda: remove_bucket(s3, bucket))
    errors: list[str] = []
    written: list[bytes] = []
    deadline = time.monotonic() + 3

    def writer(number: int) -> None:
        count = 0
        while time.monotonic() < deadline:
            body = f"writer {number} put {count} ".encode() * (1 + count % 50) * 200
            try:
                s3.put_object(Bucket=bucket, Key="k", Body=body)
                # With ChecksumMode (boto3's default), the checksum must be the one of the body sent.
                s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")["Body"].read()
            except (ClientError, FlexibleChecksumError) as error:
                errors.append(str(error))
            written.append(body)
            count += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(written) > 16
    final = s3.get_object(Bucket=bucket, Key="k")
    body = final["Body"].read()
    assert body in written
    import hashlib

    assert final["ETag"].strip('"') == hashlib.md5(body).hexdigest()


def test_concurrent_puts_to_a_versioned_key_keep_every_version(aws_client, unique_name, cleanup) -> None:
    s3 = aws_client("s3", config={"max_pool_connections": 32})
    bucket = unique_name("race-versions")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    cleanup.append(lambda: remove_bucket(s3, bucket))
    version_ids: list[str] = []
    errors: list[str] = []

    def writer(number: int) -> None:
        for count in range(15):
            try:
                answer = s3.put_object(Bucket=bucket, Key="k", Body=f"{number}-{count}".encode())
                version_ids.append(answer["VersionId"])
            except ClientError as error:
                errors.append(str(error))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    listed = []
    paginator = s3.get_paginator("list_object_versions")
    for page in paginator.paginate(Bucket=bucket):
        listed += [version["VersionId"] for version in page.get("Versions", [])]
    assert errors == []
    assert sorted(listed) == sorted(version_ids)
