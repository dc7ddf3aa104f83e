"""ListObjects and ListObjectsV2 answered from a sorted index of each bucket's key names, at a cost in
proportion to the page returned (moto sorted every key of the bucket on each call), with AWS's exact
fields: Marker/NextMarker, continuation tokens, KeyCount, FetchOwner, EncodingType=url on every key field."""

from __future__ import annotations

import base64
import binascii
import re
from bisect import bisect_left, bisect_right, insort
from typing import Any, Callable, Iterator
from urllib.parse import quote_plus
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import invalid_argument

MAX_KEYS = 1000
OWNER_ID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
OWNER_NAME = "webfile"


def canonical_id(account_id: str | None) -> str:
    """An account's canonical user id: moto's fixed one for the default account, a stable digest otherwise."""
    import hashlib

    from localstack import constants

    if not account_id or account_id == constants.DEFAULT_ACCOUNT_ID:
        return OWNER_ID
    return hashlib.sha256(f"canonical-user:{account_id}".encode()).hexdigest()


_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"
_TOKEN_PREFIX = b"ls1:"


# --- the sorted index, kept by moto's key store as keys come and go


def sorted_names(store: Any) -> list[str]:
    names = store.__dict__.get("_sorted_names")
    if names is None or len(names) != len(store):
        # First use, or a change that bypassed the store's methods: rebuild once.
        names = sorted(dict.keys(store))
        store.__dict__["_sorted_names"] = names
    return names


def _index_add(store: Any, key: str) -> None:
    names = store.__dict__.get("_sorted_names")
    if names is not None and len(names) == len(store) - 1:
        insort(names, key)


def _index_remove(store: Any, key: str) -> None:
    names = store.__dict__.get("_sorted_names")
    if names is None:
        return
    position = bisect_left(names, key)
    if position < len(names) and names[position] == key:
        del names[position]


def indexed_setter(original: Callable[..., Any]) -> Callable[..., Any]:
    def set_item(self: Any, key: str, value: Any) -> Any:
        new = not dict.__contains__(self, key)
        result = original(self, key, value)
        if new:
            _index_add(self, key)
        return result

    return set_item


def indexed_remover(original: Callable[..., Any]) -> Callable[..., Any]:
    def remove(self: Any, key: str, *args: Any) -> Any:
        result = original(self, key, *args)
        if not dict.__contains__(self, key):
            _index_remove(self, key)
        return result

    return remove


# --- listing


def encode_key(value: str, url: bool) -> str:
    return quote_plus(value, safe="/") if url else value


def successor(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _entries(bucket: Any, prefix: str, delimiter: str, after: str | None) -> Iterator[tuple[str, Any]]:
    """(name, key) for objects and (common prefix, None) in key order, strictly after `after`."""
    store = bucket.keys
    names = sorted_names(store)
    if after is not None and after >= prefix:
        position = bisect_right(names, after)
    else:
        position = bisect_left(names, prefix)
    while position < len(names):
        name = names[position]
        if not name.startswith(prefix):
            return
        if delimiter:
            cut = name.find(delimiter, len(prefix))
            if cut >= 0:
                common = name[: cut + len(delimiter)]
                position = bisect_left(names, successor(common), position)
                if after is None or common > after:
                    yield common, None
                continue
        position += 1
        versions = dict.get(store, name)
        key = versions[-1] if versions else None
        if key is None or type(key).__name__ == "FakeDeleteMarker":
            continue
        yield name, key


def _page(bucket: Any, prefix: str, delimiter: str, after: str | None, max_keys: int) -> tuple[list, bool]:
    page: list[tuple[str, Any]] = []
    if max_keys == 0:
        return page, False
    for entry in _entries(bucket, prefix, delimiter, after):
        if len(page) == max_keys:
            return page, True
        page.append(entry)
    return page, False


def _max_keys(call: S3Call) -> tuple[int, int]:
    """(the value to echo, the page size)."""
    raw = call.query.get("max-keys")
    requested = int(raw) if raw is not None else MAX_KEYS
    return requested, min(requested, MAX_KEYS)


def _token_to_name(token: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii") + b"=" * (-len(token) % 4))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raw = b""
    if not raw.startswith(_TOKEN_PREFIX):
        raise invalid_argument("The continuation token provided is incorrect", "continuation-token", token)
    return raw[len(_TOKEN_PREFIX) :].decode("utf-8")


def _name_to_token(name: str) -> str:
    return base64.urlsafe_b64encode(_TOKEN_PREFIX + name.encode("utf-8")).decode("ascii").rstrip("=")


def _xml_text(value: str) -> str:
    return escape(value) if ("&" in value or "<" in value or ">" in value) else value


def _last_modified(key: Any) -> str:
    """The key's LastModified text, formatted once per write of the key (strftime per key per page was
    a third of a listing's cost)."""
    stamp = key.last_modified
    cached = key.__dict__.get("_ls_last_modified")
    if cached is None or cached[0] is not stamp:
        cached = (stamp, key.last_modified_ISO8601)
        key.__dict__["_ls_last_modified"] = cached
    return cached[1]


def _contents(key: Any, name: str, url: bool, owner: bool) -> str:
    etag = key._etag
    etag = f'"{etag}"' if etag is not None else key.etag
    if url and not _URL_SAFE(name):
        name = quote_plus(name, safe="/")
    algorithm = key.checksum_algorithm
    checksum = (
        f"<ChecksumAlgorithm>{algorithm}</ChecksumAlgorithm>"
        f"<ChecksumType>{key.checksum_type or 'FULL_OBJECT'}</ChecksumType>"
        if algorithm
        else ""
    )
    return (
        f"<Contents><Key>{_xml_text(name)}</Key><LastModified>{_last_modified(key)}</LastModified>"
        f"<ETag>{_xml_text(etag)}</ETag>{checksum}<Size>{key.size}</Size>"
        f"<StorageClass>{key.storage_class}</StorageClass>{_OWNER if owner else ''}</Contents>"
    )


# Names quote_plus(safe="/") leaves as they are.
_URL_SAFE = re.compile(r"[A-Za-z0-9_.~/-]*\Z").match
# S3 stopped answering an owner's DisplayName on November 21, 2025.
_OWNER = f"<Owner><ID>{OWNER_ID}</ID></Owner>"


def _restore_status(key: Any) -> str:
    """An archived object's restored copy, asked for with OptionalObjectAttributes (restores finish at
    once here: none is ever in progress)."""
    expiry = key._expiry.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return (
        "<RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress>"
        f"<RestoreExpiryDate>{expiry}</RestoreExpiryDate></RestoreStatus></Contents>"
    )


def _element(name: str, value: object) -> str:
    return f"<{name}>{escape(str(value))}</{name}>"


def list_objects(call: S3Call, bucket: Any) -> Response:
    """ListObjects (v1) and ListObjectsV2."""
    v2 = call.query.get("list-type") == "2"
    encoding = call.query.get("encoding-type")
    if encoding is not None and encoding != "url":
        raise invalid_argument("Invalid Encoding Method specified in Request", "encoding-type", encoding)
    url = encoding == "url"
    prefix = call.query.get("prefix", "")
    delimiter = call.query.get("delimiter", "")
    echoed_max, max_keys = _max_keys(call)
    token = call.query.get("continuation-token")
    start_after = call.query.get("start-after")
    marker = call.query.get("marker", "")
    if v2:
        after = _token_to_name(token) if token is not None else (start_after or None)
    else:
        after = marker or None
    page, truncated = _page(bucket, prefix, delimiter, after, max_keys)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<ListBucketResult xmlns="{_XMLNS}">']
    out.append(_element("Name", bucket.name))
    out.append(_element("Prefix", encode_key(prefix, url)))
    if not v2:
        out.append(_element("Marker", encode_key(marker, url)))
        if truncated and delimiter and page:
            out.append(_element("NextMarker", encode_key(page[-1][0], url)))
    if v2 and token is not None:
        out.append(_element("ContinuationToken", token))
    if v2 and start_after is not None:
        out.append(_element("StartAfter", encode_key(start_after, url)))
    if v2 and truncated and page:
        out.append(_element("NextContinuationToken", _name_to_token(page[-1][0])))
    if v2:
        out.append(_element("KeyCount", len(page)))
    out.append(_element("MaxKeys", echoed_max))
    if delimiter:
        out.append(_element("Delimiter", encode_key(delimiter, url)))
    if encoding:
        out.append(_element("EncodingType", encoding))
    out.append(_element("IsTruncated", "true" if truncated else "false"))
    owner = not v2 or call.query.get("fetch-owner", "").lower() == "true"
    restore = "RestoreStatus" in (call.header("x-amz-optional-object-attributes") or "")
    commons = []
    for name, key in page:
        if key is None:
            commons.append(
                f"<CommonPrefixes><Prefix>{escape(encode_key(name, url))}</Prefix></CommonPrefixes>"
            )
        elif restore and key._expiry is not None:
            out.append(_contents(key, name, url, owner)[: -len("</Contents>")] + _restore_status(key))
        else:
            out.append(_contents(key, name, url, owner))
    out.extend(commons)
    out.append("</ListBucketResult>")
    headers = {"x-amz-bucket-region": bucket.region_name}
    return Response("".join(out), status=200, headers=headers, mimetype="application/xml")


def answer(call: S3Call, bucket: Any) -> Response | None:
    """Our answer to a listing; None for moto's NoSuchBucket (and its table buckets)."""
    if bucket is None or type(bucket).__name__ != "FakeBucket":
        return None
    return list_objects(call, bucket)
