"""PutObject, GetObject and HeadObject served straight against moto's S3 backend, past its request layer.

moto's request layer (its URL rules, `S3Response.setup_class` re-reading the URL, headers and body, the
key-response dispatch, the response enrichment and the WSGI round trip) was about half of a plain
PutObject's or GetObject's server time. This module calls the same backend methods with the same
arguments moto's `S3Response.put_object`/`get_object`/`head_object` pass, and answers the headers
moto's Flask view answers, so the stored key is the one moto would store (versioning, notifications,
checksums, SSE defaults, persistence and every other operation see no difference). It runs where the
backend is called: after the S3 listener's inbound checks and before its outbound step, both unchanged.

Only the plain form of each operation comes here; a request with anything else (conditions, ranges,
SSE-C or KMS, ACL, tagging, object lock, storage class, CORS origin, a subresource or override in the
query, an escaped key, an object-lock or logging bucket, moto's IAM checks on) is left to moto. The
parity test (tests/integration/test_s3_direct_objects.py) compares both answers; `DIRECT_OPS=0`
in the server's environment turns this path off.
"""

from __future__ import annotations

import os
import random
import re
from typing import Any

from werkzeug.datastructures import Headers as ResponseHeaders
from werkzeug.wrappers import Response

from localstack import constants
from localstack.config import get_config
from localstack.services.s3 import checksums, outbound, s3_errors, streaming
from localstack.services.s3.s3_errors import S3Error
from localstack.utils.aws import request_context
from localstack.utils.http import SPOOLED_BODY, Headers, Request

ENABLED = get_config().direct_ops

# The x-amz- headers moto's PutObject and GetObject read nothing from (or read the way done here);
# x-amz-meta-* are the object's metadata, read by moto's own `metadata_from_headers`.
_COMMON = frozenset(
    {
        "x-amz-date",
        "x-amz-content-sha256",
        "x-amz-security-token",
        "x-amz-user-agent",
        "x-amz-expected-bucket-owner",
        "x-amz-sdk-checksum-algorithm",
        "x-amz-checksum-crc32",
        "x-amz-checksum-crc32c",
        "x-amz-checksum-crc64nvme",
        "x-amz-checksum-sha1",
        "x-amz-checksum-sha256",
    }
)
_GET_ALLOWED = _COMMON | {"x-amz-checksum-mode"}
# Plain request headers either operation reads a meaning from.
_REFUSED = frozenset(
    {
        "if-match",
        "if-none-match",
        "if-modified-since",
        "if-unmodified-since",
        "range",
        "origin",
    }
)
# An x-amz- name other than metadata, or an internal caller's, at the start of a line of names.
_DECLINED_NAME = re.compile(r"\n(?:x-amz-(?!meta-)|x-localstack)")
_QUERIES = {"PUT": ("", "x-id=PutObject"), "GET": ("", "x-id=GetObject"), "HEAD": ("",)}
_AGENT_REGION = re.compile(r"region/([a-z]{2}-[a-z]+-\d{1})")
_PRESERVED_NAMES = "moto.preserved_header_names"
# moto's settings and recorder modules, S3 backends and get_partition, once first needed.
_MOTO: list[Any] = []


def serve(request: Request) -> Response | None:
    """The answer to a plain PutObject, GetObject or HeadObject, or None for moto to answer it."""
    method = request.method
    queries = _QUERIES.get(method)
    if queries is None or not ENABLED:
        return None
    raw_path, _, query = request.path.partition("?")
    if query not in queries:
        return None
    bucket_name, _, key_name = raw_path.lstrip("/").partition("/")
    if not bucket_name or not key_name or "%" in raw_path or "+" in raw_path or "//" in raw_path:
        return None
    if "." in key_name and any(part in (".", "..") for part in key_name.split("/")):
        return None  # moto's URL handling may read dot segments its own way
    headers = request.headers
    allowed = _COMMON if method == "PUT" else _GET_ALLOWED
    # Our Headers keep their lower-cased names (the index every lookup reads): no lowering here.
    names = headers.lower_names() if isinstance(headers, Headers) else {n.lower(): 1 for n in headers.keys()}
    if not _plain_names(names, allowed):
        return None
    backend = _backend(headers, query)
    if backend is None:
        return None
    bucket = backend.buckets.get(bucket_name)
    if bucket is None or bucket.object_lock_enabled or bucket.logging:
        return None
    if method == "PUT":
        return _put(request, backend, bucket, key_name)
    if method == "HEAD":
        return _head(request, backend, bucket, key_name)
    return _get(request, backend, bucket, key_name)


def _plain_names(names: dict[str, Any], allowed: frozenset[str]) -> bool:
    """Whether a request with these lower-cased header names is one this path serves: none of the refused
    names, no x-amz- name outside `allowed` but metadata, no internal caller's x-localstack-* (moto's path,
    as before). Set and string operations in C, where a loop over the names asked up to three
    `startswith` per name."""
    if not _REFUSED.isdisjoint(names):
        return False
    others = names.keys() - allowed
    return not (others and _DECLINED_NAME.search("\n" + "\n".join(others)))


def _backend(headers: Any, query: str) -> Any:
    """moto's backend for the request's account and partition, as `S3Response.backend` picks them;
    None while moto's IAM checks or request recorder would have a say."""
    if not _MOTO:
        # Looked up once: a `from package import name` in the function ran importlib's Python per call.
        from moto import settings
        from moto.moto_api import recorder
        from moto.s3.models import s3_backends
        from moto.utilities.utils import get_partition

        _MOTO.extend((settings, recorder, s3_backends, get_partition))
    settings, recorder, s3_backends, get_partition = _MOTO
    if settings.INITIAL_NO_AUTH_ACTION_COUNT != float("inf") or getattr(recorder, "_enabled", False):
        return None
    if "amazonaws.com" in (headers.get("Host") or "") or "MOTO_ACCOUNT_ID" in os.environ:
        return None  # moto reads the region from such a host, or the account from its environment
    scope = request_context.credential_scope(headers, query)
    if scope is None:
        return None
    # moto prefers a region named in the user agent to the signature's.
    named = _AGENT_REGION.search(headers.get("User-Agent") or "")
    region = named.group(1) if named else scope[1]
    account = headers.get(constants.HEADER_ACCOUNT) or constants.DEFAULT_ACCOUNT_ID
    return s3_backends[account][get_partition(region)]


def _moto_metadata(headers: Any, environ: dict) -> Any:
    """The object's metadata as moto's `metadata_from_headers` reads it from the WSGI environ
    `Request.to_environ` builds: one value per name, names title-cased with underscores as dashes (but
    metadata names as the server received them, moto's `EnvironHeaders`).

    Only names that can be metadata are rebuilt so: x-amz-meta-*, moto's settable fields and any name
    with an underscore (which the environ reads as a dash); no other name shares an environ key with one
    of those, so the values kept are the same."""
    from moto.s3.utils import metadata_from_headers, user_settable_fields

    seen: dict[str, str] = {}
    pairs = headers.to_wsgi_list()
    # The names lowered in one C call (a name with a line break, which no HTTP header has, one at a time).
    lowered = "\n".join([name for name, _ in pairs]).lower().split("\n")
    if len(lowered) != len(pairs):
        lowered = [name.lower() for name, _ in pairs]
    for (name, value), lower in zip(pairs, lowered, strict=True):
        if lower in user_settable_fields or lower[:11] == "x-amz-meta-" or "_" in lower:
            key = name.upper().replace("-", "_")
            if key not in ("CONTENT_LENGTH", "TRANSFER_ENCODING"):
                seen[key] = value
    metadata = metadata_from_headers({})  # moto's (empty) mapping type
    if seen:
        # `metadata_from_headers` over the headers these pairs make, without building them (werkzeug checks
        # each added value): one value per name, so its first-value reads are these values.
        preserved = environ.get(_PRESERVED_NAMES) or {}
        for key, value in seen.items():
            name = preserved.get(key if key == "CONTENT_TYPE" else "HTTP_" + key)
            name = name or key.replace("_", "-").title()
            if _META_NAME.match(name):
                metadata[name.lower()] = value
            elif name.lower() in user_settable_fields:
                metadata[name] = value
    return metadata


# moto's test of a metadata header name (`metadata_from_headers`).
_META_NAME = re.compile(r"^x-amz-meta-([a-zA-Z0-9\-_.]+)$", flags=re.IGNORECASE)


def _request_id() -> str:
    """52 letters and digits, as moto's request ids are (its one `choice` per character cost more)."""
    return f"{random.getrandbits(208):052x}"


def _put(request: Request, backend: Any, bucket: Any, key_name: str) -> Response | None:
    spooled = None if request.data else request.environ.get(SPOOLED_BODY)
    # Only a spooled body's checks set headers (the checksum to store), on a copy as moto's path does.
    checked = request.headers if spooled is None else request.headers.copy()
    if spooled is not None:
        try:
            streaming._verify(spooled, checked)
        except S3Error as error:
            request.environ.pop(SPOOLED_BODY, None)
            spooled.close()
            return s3_errors.to_response(error, request.method)
    algorithm = checked.get("x-amz-sdk-checksum-algorithm", "")
    checksum_header = f"x-amz-checksum-{algorithm.lower()}"
    checksum = checked.get(checksum_header)
    if algorithm and not checksum:
        return None  # moto reads it from a trailer in the body
    if spooled is not None:
        request.environ.pop(SPOOLED_BODY, None)
    metadata = _moto_metadata(checked, request.environ)
    response_headers: dict[str, Any] = {}
    if checksum:
        response_headers[checksum_header] = checksum
    streaming._local.pending = spooled
    try:
        new_key = backend.put_object(
            bucket.name,
            key_name,
            request.data or b"",
            storage="STANDARD",
            encryption=None,
            kms_key_id=None,
            bucket_key_enabled=None,
            lock_mode=None,
            lock_legal_status=None,
            lock_until=None,
            checksum_value=checksum,
        )
    finally:
        leftover = getattr(streaming._local, "pending", None)
        streaming._local.pending = None
        if leftover is not None:
            leftover.close()
    if not checksum and request.data and len(request.data) <= _INLINE_CHECKSUM_BYTES:
        _default_checksum_from_body(new_key, request.data)
    new_key.set_metadata(metadata)
    new_key.set_acl(bucket.acl)
    new_key.website_redirect_location = None
    if algorithm:
        new_key.checksum_algorithm = algorithm
    _clear_tags(backend, bucket, new_key)
    response_headers.update(new_key.response_dict)
    response_headers.pop("content-length", None)
    response_headers["x-amzn-requestid"] = _request_id()
    response = _answer(b"", response_headers)
    response.__dict__[outbound.DIRECT_STORED] = (bucket, new_key)
    return response


def _clear_tags(backend: Any, bucket: Any, key: Any) -> None:
    """moto's `put_object_tagging(key, {})` (as its PutObject handler calls it) without its steps that
    do nothing for no tags (conversion, validation, the bucket looked up again): the key's earlier tags
    dropped, the ObjectTagging:Put event offered as moto offers it.

    moto then keeps an empty tag set under the key's ARN; none is kept here (every reader of the tagger
    answers the same for an ARN without tags, as a restored object has none): an ARN string and a dict
    fewer kept per stored key."""
    from moto.s3 import notifications as moto_notifications

    backend.tagger.tags.pop(key.arn, None)
    # Through the module, as moto calls it: the start-up patch replaces `send_event`.
    moto_notifications.send_event(
        backend.account_id, moto_notifications.S3NotificationEvent.OBJECT_TAGGING_PUT_EVENT, bucket, key
    )


# A body in memory up to this size gets its default checksum from the request's bytes: reading it back
# from moto's stored file (as `defaults._get_checksum_value` does when the answer asks) costs more.
_INLINE_CHECKSUM_BYTES = 64 * 1024


def _default_checksum_from_body(key: Any, body: bytes) -> None:
    """The CRC64NVME S3 gives an object uploaded without a checksum, from the bytes just stored."""
    if key.__dict__.get("_default_checksum") and key.__dict__.get("_checksum_value") is None:
        key.__dict__["_checksum_value"] = checksums.encoded(body, key.checksum_algorithm)


def _get(request: Request, backend: Any, bucket: Any, key_name: str) -> Response | None:
    from moto.s3.utils import ARCHIVE_STORAGE_CLASSES

    key = backend.get_object(bucket.name, key_name)
    if key is None or key.storage_class in ARCHIVE_STORAGE_CLASSES:
        return None
    if key.contentsize > get_config().body_memory_limit:
        return None  # moto answers it as a stream of the stored file
    response_headers: dict[str, Any] = {}
    if key.version_id != "null":
        response_headers["x-amz-version-id"] = key.version_id
    response_headers.update(key.response_dict)
    if request.headers.get("x-amz-checksum-mode") == "ENABLED" and key.checksum_algorithm:
        value = key.checksum_value
        if key.checksum_type == "COMPOSITE":
            value = f"{value}-{key.checksum_parts}"
        response_headers[f"x-amz-checksum-{key.checksum_algorithm.lower()}"] = value
        if key.checksum_type:
            response_headers["x-amz-checksum-type"] = key.checksum_type
    response_headers.update(key.metadata)
    response_headers["Accept-Ranges"] = "bytes"
    response_headers["x-amzn-requestid"] = _request_id()
    body = key.value
    if body and not _names_content_type(response_headers):
        response_headers["content-type"] = "application/xml"
    response = _answer(body, response_headers)
    response.__dict__[outbound.DIRECT_STORED] = (bucket, key)
    return response


def _names_content_type(headers: dict[str, Any]) -> bool:
    """Whether any name is Content-Type in any case: the names lowered in one C call where a generator
    lowered each (a line break in a name, which no HTTP header has, takes the name-by-name way)."""
    lowered = "\n".join(headers).lower()
    if lowered.count("\n") != len(headers) - 1:
        return any(name.lower() == "content-type" for name in headers)
    return "\ncontent-type\n" in f"\n{lowered}\n"


def _head(request: Request, backend: Any, bucket: Any, key_name: str) -> Response | None:
    from moto.s3.models import FakeKey

    key = backend.get_object(bucket.name, key_name, None, None, return_delete_marker=True)
    if not isinstance(key, FakeKey):
        return None  # a delete marker's or a missing key's answer is moto's
    response_headers: dict[str, Any] = {}
    response_headers.update(key.metadata)
    response_headers.update(key.response_dict)
    response_headers["Accept-Ranges"] = "bytes"
    if request.headers.get("x-amz-checksum-mode") == "ENABLED" and key.checksum_algorithm:
        response_headers[f"x-amz-checksum-{key.checksum_algorithm.lower()}"] = key.checksum_value
    response_headers["x-amzn-requestid"] = _request_id()
    response = _answer(b"", response_headers)
    response.__dict__[outbound.DIRECT_STORED] = (bucket, key)
    if "content-length" in response_headers:
        # As moto's Flask view: a HEAD answer tells the length of the body it leaves out.
        response.headers["Content-Length"] = response_headers["content-length"]
    return response


def _answer(body: bytes, headers: dict[str, Any]) -> Response:
    """The 200 answer with these headers, as `_FlaskDefaultsResponse(body, 200, headers)` builds it,
    without werkzeug checking each value one call at a time."""
    pairs: list[tuple[str, str]] = []
    for name, value in headers.items():
        if value.__class__ is not str or "\n" in value or "\r" in value:
            # Lists (one header each), other types and refused values: werkzeug's own way.
            return _FlaskDefaultsResponse(body, 200, headers)
        pairs.append((name, value))
    answer_headers = ResponseHeaders()
    answer_headers._list = pairs
    return _FlaskDefaultsResponse(body, 200, answer_headers)


class _FlaskDefaultsResponse(Response):
    """As moto's Flask view builds it: a body without a content type is text/html."""

    default_mimetype = "text/html"

    def get_wsgi_headers(self, environ: Any) -> ResponseHeaders:
        """werkzeug's copy of the headers to send, taken as a list: a 200 answer that names its
        Content-Length and no (Content-)Location is one werkzeug copies unchanged, one `add` (a type check
        and a regex search) per header. Every value in the list was checked when added (werkzeug's
        `add`/`set`, `_answer`'s own test), as the copy would check it."""
        pairs = self.headers.to_wsgi_list()
        names = "\n" + "\n".join([name for name, _ in pairs]).lower() + "\n"
        if (
            self.status_code != 200
            or names.count("\n") != len(pairs) + 1
            or "\ncontent-length\n" not in names
            or "location\n" in names
        ):
            return super().get_wsgi_headers(environ)
        headers = ResponseHeaders()
        headers._list = pairs
        return headers
