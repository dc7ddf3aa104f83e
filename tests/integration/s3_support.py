"""Shared S3 test helpers: removing a bucket whatever a test left in it; opening a bucket to
anonymous reads."""

from __future__ import annotations

import json
from collections.abc import Iterator

from botocore.exceptions import ClientError

DELETE_BATCH = 1000  # DeleteObjects takes at most 1,000 keys per call


def is_directory_bucket(bucket: str) -> bool:
    """Directory buckets are named `base--zone-id--x-s3`."""
    return bucket.endswith("--x-s3")


def allow_public_reads(client, bucket: str) -> None:
    """Lift the bucket's Block Public Access and let anyone GetObject (a public bucket policy)."""
    client.delete_public_access_block(Bucket=bucket)
    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    client.put_bucket_policy(
        Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    )


def remove_bucket(client, bucket: str) -> None:
    """Abort in-progress multipart uploads, delete every object version and delete marker (those
    Object Lock keeps with a governance bypass, lifting legal holds), then delete the bucket.
    Directory buckets keep no versions, so only their objects are deleted."""
    for page in client.get_paginator("list_multipart_uploads").paginate(Bucket=bucket):
        for upload in page.get("Uploads", []):
            client.abort_multipart_upload(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
    entries = list(_entries(client, bucket))
    if is_directory_bucket(bucket):
        for entry in entries:
            client.delete_object(Bucket=bucket, **entry)
    else:
        for start in range(0, len(entries), DELETE_BATCH):
            batch = entries[start : start + DELETE_BATCH]
            client.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
        # What is left, Object Lock kept (asked for without a bypass, which only locked buckets take).
        for entry in _entries(client, bucket):
            _delete_locked(client, bucket, entry)
    client.delete_bucket(Bucket=bucket)


def _entries(client, bucket: str) -> Iterator[dict[str, str]]:
    if is_directory_bucket(bucket):
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                yield {"Key": item["Key"]}
        return
    for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for item in page.get("Versions", []) + page.get("DeleteMarkers", []):
            yield {"Key": item["Key"], "VersionId": item["VersionId"]}


def _delete_locked(client, bucket: str, entry: dict[str, str]) -> None:
    try:
        client.delete_object(Bucket=bucket, BypassGovernanceRetention=True, **entry)
    except ClientError:
        # A legal hold keeps a version even from a governance bypass.
        client.put_object_legal_hold(Bucket=bucket, LegalHold={"Status": "OFF"}, **entry)
        client.delete_object(Bucket=bucket, BypassGovernanceRetention=True, **entry)
