"""Tags sent with CreateBucket (CreateBucketConfiguration/Tags): checked like PutBucketTagging's and set
on the bucket once it exists. moto ignores them."""

from __future__ import annotations

import threading
from typing import Any

from localstack.services.s3 import validation
from localstack.services.s3.operation import S3Call

# Bucket name -> tags of a CreateBucket in flight.
_pending: dict[str, list[tuple[str, str]]] = {}
_lock = threading.Lock()


def remember(call: S3Call, data: bytes) -> None:
    tags = validation.tags_of_xml(data) if data and b"Tag" in data else []
    if tags:
        validation.check_tags(tags, validation.MAX_BUCKET_TAGS, "create-bucket")
    with _lock:
        # A refused CreateBucket leaves its entry: the next one of that name replaces it.
        if tags:
            _pending[call.bucket] = tags
        else:
            _pending.pop(call.bucket, None)


def apply(call: S3Call, bucket: Any, succeeded: bool) -> None:
    with _lock:
        tags = _pending.pop(call.bucket, None)
    if not succeeded or not tags or bucket is None:
        return
    from moto.s3.models import s3_backends

    backend = s3_backends[bucket.account_id][bucket.partition]
    backend.put_bucket_tagging(bucket.name, dict(tags))
