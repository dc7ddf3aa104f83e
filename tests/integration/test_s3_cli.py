"""The AWS CLI's S3 commands against today's S3 behaviour: multipart uploads with checksums, sync, presign,
and the default encryption and ownership a new bucket shows."""

from __future__ import annotations

import json

import requests

from tests.integration.s3_support import remove_bucket
from tests.integration.test_awslocal_cli import AWS, cli_env, pytestmark, run  # noqa: F401


def test_cli_multipart_cp_sync_and_presign(server, aws_client, tmp_path, unique_name, cleanup):
    env = cli_env(tmp_path)
    endpoint = ["--endpoint-url", server.edge_url]
    bucket = unique_name("cli-s3")
    s3 = aws_client("s3")

    run([AWS, *endpoint, "s3", "mb", f"s3://{bucket}"], env, tmp_path)
    cleanup.append(lambda: remove_bucket(s3, bucket))
    big = tmp_path / "big.bin"
    big.write_bytes(
        b"0123456789abcdef" * (10 * 1024 * 1024 // 16)
    )  # over the CLI's 8 MiB multipart threshold
    run([AWS, *endpoint, "s3", "cp", big, f"s3://{bucket}/big.bin"], env, tmp_path)
    head = s3.head_object(Bucket=bucket, Key="big.bin")
    assert head["ContentLength"] == big.stat().st_size
    assert head["ETag"].endswith('-2"')
    assert head["ServerSideEncryption"] == "AES256"
    back = tmp_path / "back.bin"
    run([AWS, *endpoint, "s3", "cp", f"s3://{bucket}/big.bin", back], env, tmp_path)
    assert back.read_bytes() == big.read_bytes()

    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_text("a")
    (tree / "sub" / "b c.txt").write_text("b")
    run([AWS, *endpoint, "s3", "sync", tree, f"s3://{bucket}/tree"], env, tmp_path)
    listing = run([AWS, *endpoint, "s3", "ls", "--recursive", f"s3://{bucket}/tree/"], env, tmp_path)
    assert "tree/a.txt" in listing and "tree/sub/b c.txt" in listing

    url = run([AWS, *endpoint, "s3", "presign", f"s3://{bucket}/tree/a.txt"], env, tmp_path).strip()
    assert requests.get(url).content == b"a"
    ownership = json.loads(
        run([AWS, *endpoint, "s3api", "get-bucket-ownership-controls", "--bucket", bucket], env, tmp_path)
    )
    assert ownership["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
