"""S3 in the dashboard: buckets, then their objects, with download and upload."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from werkzeug.wrappers import Response

from localstack.dashboard.scope import Scope, required

MAX_KEYS = 1000


def buckets(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    listed = aws.client("s3").list_buckets()
    # ListBuckets names every bucket of the account; the page shows those of its region.
    return [
        {"Name": b["Name"], "CreationDate": b["CreationDate"], "Region": b.get("BucketRegion", "")}
        for b in listed.get("Buckets", [])
        if b.get("BucketRegion", aws.region) == aws.region
    ]


def objects(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    kwargs = {"Bucket": required(params, "bucket"), "MaxKeys": MAX_KEYS}
    if params.get("prefix"):
        kwargs["Prefix"] = params["prefix"]
    listed = aws.client("s3").list_objects_v2(**kwargs)
    return {
        "objects": [
            {"Key": o["Key"], "Size": o["Size"], "LastModified": o["LastModified"], "ETag": o["ETag"]}
            for o in listed.get("Contents", [])
        ],
        "truncated": listed.get("IsTruncated", False),
    }


def download(aws: Scope, params: dict[str, str], body: bytes) -> Response:
    bucket, key = required(params, "bucket"), required(params, "key")
    got = aws.client("s3").get_object(Bucket=bucket, Key=key)
    filename = key.rsplit("/", 1)[-1] or "object"
    return Response(
        got["Body"].read(),
        mimetype=got.get("ContentType") or "application/octet-stream",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


def upload(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    bucket, key = required(params, "bucket"), required(params, "key")
    kwargs = {"Bucket": bucket, "Key": key, "Body": body}
    if params.get("contentType"):
        kwargs["ContentType"] = params["contentType"]
    put = aws.client("s3").put_object(**kwargs)
    return {"Bucket": bucket, "Key": key, "ETag": put.get("ETag"), "Size": len(body)}


ACTIONS = {"buckets": buckets, "objects": objects, "download": download, "upload": upload}
