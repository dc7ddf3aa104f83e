"""What an S3 request asks for: bucket, key, query parameters and the operation, read off a path-style
request without touching the body, so validation and access checks share one reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Generic, TypeVar
from urllib.parse import parse_qsl, unquote

from localstack.utils import memory

# Bucket sub-resources that name an operation of their own (GET/PUT/DELETE ?<name>).
BUCKET_SUBRESOURCES = (
    "accelerate",
    "acl",
    "analytics",
    "cors",
    "encryption",
    "intelligent-tiering",
    "inventory",
    "lifecycle",
    "location",
    "logging",
    "metadataTable",
    "metrics",
    "notification",
    "object-lock",
    "ownershipControls",
    "policy",
    "policyStatus",
    "publicAccessBlock",
    "replication",
    "requestPayment",
    "tagging",
    "versioning",
    "versions",
    "website",
    "uploads",
    "delete",
    "session",
)
OBJECT_SUBRESOURCES = (
    "acl",
    "tagging",
    "retention",
    "legal-hold",
    "attributes",
    "torrent",
    "restore",
    "select",
)


_T = TypeVar("_T")


class _computed_once(Generic[_T]):  # noqa: N801 - used as a decorator, as `functools.cached_property`
    """`functools.cached_property` without its lock: on Python 3.11 one RLock per property, shared by every
    instance, serialized the first read of each request's `operation` across the server's threads (a
    thread switched out while holding it made the others wait on it). Two threads computing the same
    call's operation at once would compute the same value."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self._compute = compute
        self._name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        # A non-data descriptor: the value stored in the instance is found before this is asked again.
        value = instance.__dict__[self._name] = self._compute(instance)
        return value


@dataclass
class S3Call:
    method: str
    bucket: str
    key: str
    query: dict[str, str] = field(default_factory=dict)
    headers: Any = None

    @classmethod
    def of(cls, method: str, path: str, headers: Any) -> S3Call:
        raw_path, _, query = path.partition("?")
        bucket, _, key = raw_path.lstrip("/").partition("/")
        params = _parsed_query(query) if query else {}
        return cls(
            method.upper(),
            unquote(bucket) if "%" in bucket else bucket,
            unquote(key) if "%" in key else key,
            params,
            headers,
        )

    def has(self, name: str) -> bool:
        return name in self.query

    def header(self, name: str) -> str | None:
        return self.headers.get(name) if self.headers is not None else None

    @property
    def subresource(self) -> str | None:
        names = OBJECT_SUBRESOURCES if self.key else BUCKET_SUBRESOURCES
        for name in names:
            if name in self.query:
                return name
        return None

    @_computed_once
    def operation(self) -> str:
        """The S3 operation name (as in the API reference), best effort from method, path and query."""
        m, sub = self.method, self.subresource
        if not self.bucket:
            return "ListBuckets" if m == "GET" else "Unknown"
        if not self.key:
            return _bucket_operation(m, sub, self)
        return _object_operation(m, sub, self)


# Short queries parsed, by query string: a request's is read twice (listener in and out), and most
# requests' are one of a few (`x-id=PutObject`, `list-type=2&prefix=...`); a presigned URL's long, unique
# query is not kept. Readers get a copy.
_QUERIES: dict[str, dict[str, str]] = {}
_QUERIES_KEPT = 256
_QUERY_KEPT_LENGTH = 128
memory.release_after_large_deletes(_QUERIES.clear)


def _parsed_query(query: str) -> dict[str, str]:
    parsed = _QUERIES.get(query)
    if parsed is None:
        parsed = dict(parse_qsl(query, keep_blank_values=True))
        if len(query) > _QUERY_KEPT_LENGTH:
            return parsed
        if len(_QUERIES) >= _QUERIES_KEPT:
            _QUERIES.clear()
        _QUERIES[query] = parsed
    return parsed.copy()


_BUCKET_OPS = {
    ("GET", None): "ListObjects",
    ("PUT", None): "CreateBucket",
    ("DELETE", None): "DeleteBucket",
    ("HEAD", None): "HeadBucket",
    ("POST", None): "PostObject",
    ("GET", "versions"): "ListObjectVersions",
    ("GET", "uploads"): "ListMultipartUploads",
    ("POST", "delete"): "DeleteObjects",
    ("GET", "location"): "GetBucketLocation",
    ("GET", "policyStatus"): "GetBucketPolicyStatus",
    ("GET", "session"): "CreateSession",
}
_PREFIX = {"GET": "Get", "PUT": "Put", "DELETE": "Delete"}
_SUB_NAMES = {
    "acl": "BucketAcl",
    "cors": "BucketCors",
    "encryption": "BucketEncryption",
    "lifecycle": "BucketLifecycleConfiguration",
    "logging": "BucketLogging",
    "notification": "BucketNotificationConfiguration",
    "object-lock": "ObjectLockConfiguration",
    "ownershipControls": "BucketOwnershipControls",
    "policy": "BucketPolicy",
    "publicAccessBlock": "PublicAccessBlock",
    "tagging": "BucketTagging",
    "versioning": "BucketVersioning",
    "website": "BucketWebsite",
    "replication": "BucketReplication",
    "accelerate": "BucketAccelerateConfiguration",
    "requestPayment": "BucketRequestPayment",
}


def _bucket_operation(method: str, sub: str | None, call: S3Call) -> str:
    if (method, sub) in _BUCKET_OPS:
        op = _BUCKET_OPS[(method, sub)]
        if op == "ListObjects" and call.query.get("list-type") == "2":
            return "ListObjectsV2"
        return op
    if sub in _SUB_NAMES and method in _PREFIX:
        return _PREFIX[method] + _SUB_NAMES[sub]
    return f"{method.title()}Bucket{(sub or '').title()}"


def _object_operation(method: str, sub: str | None, call: S3Call) -> str:
    if "uploadId" in call.query:
        if method == "PUT":
            return "UploadPartCopy" if call.header("x-amz-copy-source") else "UploadPart"
        return {"GET": "ListParts", "POST": "CompleteMultipartUpload", "DELETE": "AbortMultipartUpload"}.get(
            method, "Unknown"
        )
    if method == "POST" and "uploads" in call.query:
        return "CreateMultipartUpload"
    names = {
        "acl": "ObjectAcl",
        "tagging": "ObjectTagging",
        "retention": "ObjectRetention",
        "legal-hold": "ObjectLegalHold",
        "attributes": "ObjectAttributes",
        "torrent": "ObjectTorrent",
    }
    if sub in names and method in _PREFIX:
        return _PREFIX[method] + names[sub]
    if sub == "restore":
        return "RestoreObject"
    if sub == "select":
        return "SelectObjectContent"
    if method == "PUT":
        return "CopyObject" if call.header("x-amz-copy-source") else "PutObject"
    return {"GET": "GetObject", "HEAD": "HeadObject", "DELETE": "DeleteObject"}.get(method, "Unknown")
