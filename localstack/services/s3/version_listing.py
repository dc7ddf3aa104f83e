"""ListObjectVersions from the sorted key index: versions and delete markers newest first per key, paged by
KeyMarker and VersionIdMarker, with common prefixes and EncodingType=url on every key field."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any, Iterator
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack.services.s3.listing import MAX_KEYS, OWNER_ID, encode_key, sorted_names, successor
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import invalid_argument
from localstack.services.s3.validation import is_version_id
from localstack.services.s3.versioning import version_time

_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"


def _entries(
    bucket: Any, prefix: str, delimiter: str, key_marker: str, version_marker: str
) -> Iterator[tuple[str, Any, bool]]:
    """(key or common prefix, version or None, is latest), in S3's order."""
    store = bucket.keys
    names = sorted_names(store)
    if key_marker and version_marker:
        position = bisect_left(names, key_marker)
    elif key_marker:
        position = bisect_right(names, key_marker)
    else:
        position = bisect_left(names, prefix)
    position = max(position, bisect_left(names, prefix))
    while position < len(names):
        name = names[position]
        if not name.startswith(prefix):
            return
        if delimiter:
            cut = name.find(delimiter, len(prefix))
            if cut >= 0:
                common = name[: cut + len(delimiter)]
                position = bisect_left(names, successor(common), position)
                if not key_marker or common > key_marker:
                    yield common, None, False
                continue
        position += 1
        versions = list(reversed(dict.get(store, name) or []))
        if name == key_marker and version_marker:
            ids = [str(version.version_id) for version in versions]
            if version_marker in ids:
                start = ids.index(version_marker) + 1
            else:
                # A deleted version still places the listing: after it are the versions made before it.
                start = _after_deleted(ids, version_marker)
        else:
            start = 0
        for index in range(start, len(versions)):
            yield name, versions[index], index == 0


def _after_deleted(ids: list[str], version_marker: str) -> int:
    marker_time = version_time(version_marker)
    if marker_time is None:
        return len(ids)
    return next(
        (index for index, version in enumerate(ids) if (version_time(version) or 0) < marker_time), len(ids)
    )


def _owner() -> str:
    return f"<Owner><ID>{OWNER_ID}</ID></Owner>"


def _version(name: str, version: Any, latest: bool, url: bool) -> str:
    # S3 writes a version's Owner before its StorageClass (ListObjects the other way round).
    common = (
        f"<Key>{escape(encode_key(name, url))}</Key><VersionId>{escape(str(version.version_id))}</VersionId>"
        f"<IsLatest>{'true' if latest else 'false'}</IsLatest>"
        f"<LastModified>{version.last_modified_ISO8601}</LastModified>"
    )
    if type(version).__name__ == "FakeDeleteMarker":
        return f"<DeleteMarker>{common}{_owner()}</DeleteMarker>"
    extra = ""
    if version.checksum_algorithm:
        kind = version.checksum_type or "FULL_OBJECT"
        extra = (
            f"<ChecksumAlgorithm>{version.checksum_algorithm}</ChecksumAlgorithm>"
            f"<ChecksumType>{kind}</ChecksumType>"
        )
    return (
        f"<Version>{common}<ETag>{escape(version.etag)}</ETag>{extra}<Size>{version.size}</Size>"
        f"{_owner()}<StorageClass>{version.storage_class}</StorageClass></Version>"
    )


def answer(call: S3Call, bucket: Any) -> Response | None:
    if bucket is None or type(bucket).__name__ != "FakeBucket":
        return None
    _check_version_marker(call)
    encoding = call.query.get("encoding-type")
    if encoding is not None and encoding != "url":
        raise invalid_argument("Invalid Encoding Method specified in Request", "encoding-type", encoding)
    url = encoding == "url"
    prefix = call.query.get("prefix", "")
    delimiter = call.query.get("delimiter", "")
    key_marker = call.query.get("key-marker", "")
    version_marker = call.query.get("version-id-marker", "")
    for name, value in (("key-marker", key_marker), ("prefix", prefix)):
        if "\x00" in value:
            raise invalid_argument(
                "Value must be a sequence of Unicode characters and cannot include Null.", name, value
            )
    raw_max = call.query.get("max-keys")
    echoed = int(raw_max) if raw_max is not None else MAX_KEYS
    limit = min(echoed, MAX_KEYS)
    page: list[tuple[str, Any, bool]] = []
    truncated = False
    if limit:
        for entry in _entries(bucket, prefix, delimiter, key_marker, version_marker):
            if len(page) == limit:
                truncated = True
                break
            page.append(entry)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<ListVersionsResult xmlns="{_XMLNS}">']
    out.append(f"<Name>{escape(bucket.name)}</Name><Prefix>{escape(encode_key(prefix, url))}</Prefix>")
    out.append(f"<KeyMarker>{escape(encode_key(key_marker, url))}</KeyMarker>")
    out.append(f"<VersionIdMarker>{escape(version_marker)}</VersionIdMarker>")
    if truncated and page:
        last_name, last_version, _ = page[-1]
        out.append(f"<NextKeyMarker>{escape(encode_key(last_name, url))}</NextKeyMarker>")
        if last_version is not None:
            out.append(f"<NextVersionIdMarker>{escape(str(last_version.version_id))}</NextVersionIdMarker>")
    out.append(f"<MaxKeys>{echoed}</MaxKeys>")
    if delimiter:
        out.append(f"<Delimiter>{escape(encode_key(delimiter, url))}</Delimiter>")
    if encoding:
        out.append(f"<EncodingType>{encoding}</EncodingType>")
    out.append(f"<IsTruncated>{'true' if truncated else 'false'}</IsTruncated>")
    commons = []
    for name, version, latest in page:
        if version is None:
            commons.append(
                f"<CommonPrefixes><Prefix>{escape(encode_key(name, url))}</Prefix></CommonPrefixes>"
            )
        else:
            out.append(_version(name, version, latest, url))
    out.extend(commons)
    out.append("</ListVersionsResult>")
    headers = {"x-amz-bucket-region": bucket.region_name}
    return Response("".join(out), status=200, headers=headers, mimetype="application/xml")


def _check_version_marker(call: S3Call) -> None:
    """S3's refusals of a version-id-marker, after max-keys and before encoding-type (as S3 orders them): a
    key-marker parameter must be present, even empty; the marker is neither empty nor malformed."""
    marker = call.query.get("version-id-marker")
    if marker is None:
        return
    if "key-marker" not in call.query:
        raise invalid_argument(
            "A version-id marker cannot be specified without a key marker.", "version-id-marker", marker
        )
    if not marker:
        raise invalid_argument("A version-id marker cannot be empty.", "version-id-marker", marker)
    if not is_version_id(marker):
        raise invalid_argument("Invalid version id specified", "version-id-marker", marker)
