"""Writes logged as what they stored rather than as their request: a plain S3 PutObject into a bucket
without versioning is logged as the object it left (its pickle and its body). Replaying such a record
puts the object back in tens of microseconds, where replaying the request runs the whole S3 stack
again (about a millisecond): after a kill -9, start-up replays thousands of them.

Only a request this module can vouch for is logged so: `PUT /bucket/key` with no query (but a
presigned URL's signature) and no copy source, whose handling called moto's `put_object` exactly once
and left that object as the only version under its name. Everything else (versioned buckets, copies,
bodies spooled to disk) is logged as its request, as before. Deliveries the put started run on other
threads and are logged as their own requests either way.

Record: method `OBJECT`, path `/s3-object`, body = pickle length (u32), the pickle of {account,
partition, bucket, key, tags} (the key without its body, as in snapshots), then the raw body.
"""

from __future__ import annotations

import io
import struct
import threading
from typing import Any, Callable

from localstack.persistence import pickling

METHOD = "OBJECT"
PATH = "/s3-object"
_U32 = struct.Struct(">I")


class _ThreadState(threading.local):
    puts: list | None = None


_local = _ThreadState()
_installed = False
_install_lock = threading.Lock()


def ensure_installed() -> None:
    """Note each object moto's S3 stores while a watched request runs (once; S3 is built by then)."""
    global _installed
    if _installed:
        return
    with _install_lock:
        if _installed:
            return
        from moto.s3.models import S3Backend

        original = S3Backend.put_object

        def put_object(self: Any, *args: Any, **kwargs: Any) -> Any:
            key = original(self, *args, **kwargs)
            puts = _local.puts
            if puts is not None:
                puts.append((self, key))
            return key

        S3Backend.put_object = put_object  # type: ignore[method-assign]
        _installed = True


# Query parameters of a presigned URL's signature: such a PUT is a PutObject as well.
_SIGNATURE_PARAMETERS = ("X-Amz-", "AWSAccessKeyId=", "Signature=", "Expires=")


def watches(service: str, request: Any) -> bool:
    """Whether the request may be a PutObject this module can log by its effect."""
    if service != "s3" or request.method != "PUT" or "x-amz-copy-source" in request.headers:
        return False
    query = request.query_string
    return not query or all(part.startswith(_SIGNATURE_PARAMETERS) for part in query.split("&"))


def begin() -> None:
    _local.puts = []


def end() -> None:
    _local.puts = None


def take() -> bytes | None:
    """The record body for the object the watched request stored, or None (log the request)."""
    puts = _local.puts
    _local.puts = None
    if not puts or len(puts) != 1:
        return None
    backend, key = puts[0]
    bucket = backend.buckets.get(key.bucket_name)
    if bucket is None or bucket.is_versioned or getattr(bucket, "versioning_status", None):
        return None
    versions = bucket.keys.getlist(key.name, [])
    if len(versions) != 1 or versions[0] is not key:
        return None
    tags = backend.tagger.tags.get(key.arn)
    state = {
        "account": backend.account_id,
        "partition": backend.region_name,
        "bucket": key.bucket_name,
        "key": key,
        "tags": dict(tags) if tags else None,
    }
    data = pickling.dumps(state, pickling.BodySink())
    return b"".join((_U32.pack(len(data)), data, key.value))


def apply(body: bytes) -> None:
    """Put back the object an `OBJECT` record holds, as the put left it."""
    from moto.s3.models import s3_backends

    size = _U32.unpack_from(body)[0]
    raw = body[4 + size :]

    def opener(digest: str) -> Callable[[], io.BytesIO]:
        return lambda: io.BytesIO(raw)

    state = pickling.loads(body[4 : 4 + size], pickling.BodySource(opener))
    backend = s3_backends[state["account"]][state["partition"]]
    key = state["key"]
    backend.buckets[state["bucket"]].keys.setlist(key.name, [key])
    backend.tagger.delete_all_tags_for_resource(key.arn)
    if state["tags"]:
        backend.tagger.tags[key.arn] = state["tags"]
