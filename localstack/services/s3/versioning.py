"""Versioning as S3 keeps it where moto does not: suspended buckets' null versions, delete markers of keys
never written, NoSuchVersion's fields.

moto treats a suspended bucket as an unversioned one: a PUT replaced every version of the key and a DELETE
removed them all (data loss), and no delete marker was left. S3 keeps the versions made while versioning
was enabled; a PUT replaces the null version, a DELETE without a version id replaces it by a delete marker
whose version id is "null", and a DELETE of a version id removes only that version.
"""

from __future__ import annotations

import base64
import os
import threading
import time
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

NULL = "null"


def _suspended(backend: Any, bucket_name: str) -> Any:
    bucket = backend.get_bucket(bucket_name)
    return bucket if bucket.versioning_status == "Suspended" else None


def put_keeping_versions(original: Callable[..., Any]) -> Callable[..., Any]:
    def put_object(self: Any, bucket_name: str, key_name: str, *args: Any, **kwargs: Any) -> Any:
        bucket = _suspended(self, bucket_name)
        if bucket is None:
            return original(self, bucket_name, key_name, *args, **kwargs)
        kept = [v for v in bucket.keys.getlist(key_name, []) if str(v.version_id) != NULL]
        new_key = original(self, bucket_name, key_name, *args, **kwargs)
        bucket.keys.setlist(key_name, kept + [new_key])
        return new_key

    return put_object


def new_version_id() -> str:
    """A version id shaped as S3's: 32 characters of letters, digits, '.' and '_' (moto made UUIDs). Like
    S3's, it carries its creation time, so a version-id-marker still places a listing after the version
    was deleted."""
    stamp = time.time_ns().to_bytes(8, "big")
    return base64.urlsafe_b64encode(stamp + os.urandom(16)).decode().replace("-", ".")


# Creation times a version id of ours can carry (2020 to 2200, in nanoseconds): others carry none.
_PLAUSIBLE_TIMES = (1_577_836_800 * 10**9, 7_258_118_400 * 10**9)


def version_time(version_id: str) -> int | None:
    """The creation time `new_version_id` put in a version id, or None."""
    if len(version_id) != 32:
        return None
    try:
        raw = base64.urlsafe_b64decode(version_id.replace(".", "-"))
    except (ValueError, TypeError):
        return None
    moment = int.from_bytes(raw[:8], "big")
    return moment if _PLAUSIBLE_TIMES[0] <= moment <= _PLAUSIBLE_TIMES[1] else None


def s3_version_id(version_id: Any) -> Any:
    """moto's UUID version id replaced by one of S3's shape; "null" and ids already given are kept."""
    if isinstance(version_id, str) and len(version_id) == 36 and version_id[8:9] == "-":
        return new_version_id()
    return version_id


def delete_marker(name: str, version_id: str = NULL) -> Any:
    """A delete marker hiding no stored version (moto's always wraps the key it hides)."""
    from moto.core.utils import utcnow
    from moto.s3.models import FakeDeleteMarker

    marker = FakeDeleteMarker.__new__(FakeDeleteMarker)
    marker.key = None
    marker.name = name
    marker.last_modified = utcnow()
    marker._version_id = version_id
    return marker


def delete_keeping_versions(original: Callable[..., Any]) -> Callable[..., Any]:
    def delete_object(
        self: Any, bucket_name: str, key_name: str, version_id: str | None = None, *args: Any, **kwargs: Any
    ) -> tuple[bool, dict[str, Any]]:
        bucket = _suspended(self, bucket_name)
        if bucket is None:
            bucket = self.get_bucket(bucket_name)
            if bucket.is_versioned and version_id is None and key_name not in bucket.keys:
                # A versioned bucket hides even a key it never held behind a new delete marker.
                marker = delete_marker(key_name, new_version_id())
                bucket.keys.setlist(key_name, [marker])
                return True, {"version-id": marker.version_id, "delete-marker": "true"}
            return original(self, bucket_name, key_name, version_id, *args, **kwargs)
        versions = bucket.keys.getlist(key_name, [])
        if version_id is None:
            kept = [v for v in versions if str(v.version_id) != NULL]
            bucket.keys.setlist(key_name, kept + [delete_marker(key_name)])
            return True, {"version-id": NULL, "delete-marker": "true"}
        meta: dict[str, Any] = {"version-id": version_id}
        gone = [v for v in versions if str(v.version_id) == version_id]
        if not gone:
            return False, meta
        if type(gone[0]).__name__ == "FakeDeleteMarker":
            meta["delete-marker"] = "true"
        kept = [v for v in versions if str(v.version_id) != version_id]
        bucket.keys.setlist(key_name, kept)
        if not kept:
            # After emptying the list: moto's pop disposes each version, which a delete marker cannot.
            bucket.keys.pop(key_name)
        return True, meta

    return delete_object


# Set while this thread serves a HeadObject: moto refused (400) a HEAD naming a version in any bucket whose
# versioning is not Enabled, where S3 serves it (the null version, or one made before suspending).
_heading = threading.local()


def head_any_version(original: Callable[..., Any]) -> Callable[..., Any]:
    def head_object(self: Any, *args: Any, **kwargs: Any) -> Any:
        _heading.active = True
        try:
            return original(self, *args, **kwargs)
        finally:
            _heading.active = False

    return head_object


def versioned_while_heading(original: Any) -> property:
    def is_versioned(self: Any) -> bool:
        # A read only: a HEAD finds versions by id in a suspended or never-versioned bucket as in any.
        return bool(getattr(_heading, "active", False)) or bool(original.fget(self))

    return property(is_versioned)


def delete_each_once(original: Callable[..., Any]) -> Callable[..., Any]:
    """DeleteObjects acts once on a key (and version) named twice, and reports it once, as S3 does: moto
    deleted it twice, leaving two delete markers in a versioned bucket."""

    def delete_objects(
        self: Any, bucket_name: str, objects: list[dict[str, Any]], *args: Any, **kwargs: Any
    ) -> Any:
        seen: set[tuple[Any, Any]] = set()
        once = []
        for entry in objects:
            identity = (entry.get("Key"), entry.get("VersionId"))
            if identity not in seen:
                seen.add(identity)
                once.append(entry)
        return original(self, bucket_name, once, *args, **kwargs)

    return delete_objects


def _shaped_marker_ids(original: Callable[..., None]) -> Callable[..., None]:
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self._version_id = new_version_id()

    return init


def apply() -> None:
    from moto.s3.models import FakeBucket, FakeDeleteMarker, S3Backend
    from moto.s3.responses import S3Response

    # Version ids of S3's shape (moto's were UUIDs); FakeKey's are reshaped in `defaults`.
    FakeDeleteMarker.__init__ = _shaped_marker_ids(FakeDeleteMarker.__init__)  # type: ignore[method-assign]

    S3Backend.put_object = put_keeping_versions(S3Backend.put_object)  # type: ignore[method-assign]
    S3Backend.delete_object = delete_keeping_versions(S3Backend.delete_object)  # type: ignore[method-assign]
    S3Backend.delete_objects = delete_each_once(S3Backend.delete_objects)  # type: ignore[method-assign]
    S3Response.head_object = head_any_version(S3Response.head_object)  # type: ignore[method-assign]
    FakeBucket.is_versioned = versioned_while_heading(FakeBucket.is_versioned)  # type: ignore[method-assign]


def name_missing_version(key: str, version_id: str | None, response: Response) -> None:
    """S3's NoSuchVersion names the key and the version asked for; moto's named neither."""
    if response.status_code != 404 or not version_id or not key:
        return
    body = response.get_data()
    if b"<Code>NoSuchVersion</Code>" not in body or b"<Key>" in body:
        return
    fields = f"<Key>{escape(key)}</Key><VersionId>{escape(version_id)}</VersionId>".encode()
    response.set_data(body.replace(b"</Message>", b"</Message>" + fields, 1))


def name_null_version(bucket: Any, response: Response) -> None:
    """GET and HEAD in a bucket that has had versioning name the null version they answer with, as S3
    does (x-amz-version-id: null); a bucket never versioned names none."""
    if bucket is None or not getattr(bucket, "versioning_status", None):
        return
    response.headers.setdefault("x-amz-version-id", NULL)


def refuse_version_of_unversioned(version_id: str | None, bucket: Any) -> None:
    """A bucket never versioned holds only null versions: S3 refuses any other version id of a GET or
    DELETE as invalid (as recorded; moto's DELETE removed the object whatever version it named)."""
    if bucket is None or not version_id or version_id == NULL or getattr(bucket, "versioning_status", None):
        return
    from localstack.services.s3.s3_errors import invalid_argument

    raise invalid_argument("Invalid version id specified", "versionId", version_id)


def refuse_delete_of_versioned(bucket: Any) -> None:
    """S3 tells the owner of a versioned bucket that is not empty that every version must go (as recorded;
    moto's sentence stopped at "not empty")."""
    if bucket is None or not getattr(bucket, "versioning_status", None) or not len(bucket.keys):
        return
    from localstack.services.s3.s3_errors import S3Error

    raise S3Error(
        "BucketNotEmpty",
        "The bucket you tried to delete is not empty. You must delete all versions in the bucket.",
        409,
        BucketName=bucket.name,
    )
