"""S3 under concurrent writers: the last writer wins cleanly, as on S3."""

from __future__ import annotations

import threading
import time

from botocore.exceptions import ClientError


def test_concurrent_puts_of_one_key_never_fail(aws_client, unique_name, cleanup) -> None:
    s3 = aws_client("s3", config={"max_pool_connections": 32})
    bucket = unique_name("race")
    s3.create_bucket(Bucket=bucket)
    cleanup.append(lambda: s3.delete_bucket(Bucket=bucket))
    cleanup.append(lambda: s3.delete_object(Bucket=bucket, Key="k"))
    errors: list[str] = []
    written: list[bytes] = []
    deadline = time.monotonic() + 3

    def writer(number: int) -> None:
        count = 0
        while time.monotonic() < deadline:
            body = f"writer {number} put {count} ".encode() * (1 + count % 50) * 200
            try:
                s3.put_object(Bucket=bucket, Key="k", Body=body)
                s3.get_object(Bucket=bucket, Key="k")["Body"].read()
            except ClientError as error:
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
