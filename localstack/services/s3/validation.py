"""S3's own request rules that botocore's model does not state: bucket names, key length, Content-MD5,
paging arguments, location constraints, tag and metadata limits."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from urllib.parse import parse_qsl, unquote

from localstack.services.s3 import directory_buckets
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error, invalid_argument, no_such_key, no_such_version

MAX_KEY_BYTES = 1024
MAX_METADATA_BYTES = 2048
MAX_OBJECT_TAGS = 10
MAX_BUCKET_TAGS = 50
MAX_INT = 2147483647

_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_HEX = re.compile(r"^[0-9a-fA-F]{64}$")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
# Regions a LocationConstraint may name (besides the botocore partition list read lazily below).
_EXTRA_REGIONS = {"EU"}
_PAGING_ARGUMENTS = {
    "ListObjects": ("max-keys", "maxKeys"),
    "ListObjectsV2": ("max-keys", "maxKeys"),
    "ListObjectVersions": ("max-keys", "maxKeys"),
    "ListMultipartUploads": ("max-uploads", "maxUploads"),
    "ListParts": ("max-parts", "maxParts"),
}


# Operations on one version of an object; a versionId that no version could have is InvalidArgument.
_VERSIONED_OPERATIONS = frozenset(
    (
        "GetObject",
        "HeadObject",
        "DeleteObject",
        "GetObjectTagging",
        "PutObjectTagging",
        "DeleteObjectTagging",
        "GetObjectAcl",
        "PutObjectAcl",
        "GetObjectAttributes",
        "GetObjectRetention",
        "PutObjectRetention",
        "GetObjectLegalHold",
        "PutObjectLegalHold",
    )
)
# AWS's are 32 URL-safe characters; UUIDs are taken too (stores written before ids had S3's shape).
_VERSION_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9._-]{32}")


def is_version_id(value: str) -> bool:
    return value == "null" or _VERSION_ID.fullmatch(value) is not None


def is_valid_bucket_name(name: str) -> bool:
    if not _BUCKET_NAME.match(name) or ".." in name or _IPV4.match(name):
        return False
    if ".-" in name or "-." in name:
        return False
    return not name.startswith(_RESERVED_PREFIXES) and not name.endswith(_RESERVED_SUFFIXES)


def check_request(call: S3Call, data: bytes, region: str, body_spooled: bool = False) -> None:
    """Raise the S3Error AWS answers for this request, if any; body-independent rules first.

    A body the gateway kept on disk (`body_spooled`, `data` empty) has its digests compared by the streaming
    store (`check_spooled_digests`), with the values computed while it was spooled."""
    op = call.operation
    if op == "CreateBucket" and not directory_buckets.is_directory_create(call, data):
        if not is_valid_bucket_name(call.bucket):
            raise S3Error("InvalidBucketName", "The specified bucket is not valid.", BucketName=call.bucket)
        check_location_constraint(data, region)
    if op == "Unknown" and call.key:
        # An object request naming no operation (a POST without a sub-resource): moto has no answer for it.
        raise S3Error(
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
            405,
            Method=call.method,
            ResourceType="OBJECT",
        )
    if call.key and len(call.key.encode("utf-8")) > MAX_KEY_BYTES:
        raise S3Error(
            "KeyTooLongError",
            "Your key is too long",
            MaxSizeAllowed=MAX_KEY_BYTES,
            Size=len(call.key.encode("utf-8")),
        )
    version_id = call.query.get("versionId")
    if version_id is not None and op in _VERSIONED_OPERATIONS and not is_version_id(version_id):
        if not version_id:
            raise invalid_argument("Version id cannot be the empty string", "versionId", "")
        raise invalid_argument("Invalid version id specified", "versionId", version_id)
    _check_copy_source_version(call, op)
    if op == "GetObjectTagging" and not version_id:
        _check_tags_owner(call)
    if op in ("DeleteObjectTagging", "RestoreObject"):
        # moto failed on a missing one with a 400, or (RestoreObject) a NoSuchKey naming no key.
        _check_tagged_key(call, version_id)
    if op in ("UploadPart", "UploadPartCopy"):
        number = call.query.get("partNumber", "")
        if not number.isdigit() or not 1 <= int(number) <= 10000:
            raise invalid_argument(
                "Part number must be an integer between 1 and 10000, inclusive", "partNumber", number
            )
    if op in _PAGING_ARGUMENTS:
        check_paging(call, *_PAGING_ARGUMENTS[op])
    if op == "ListParts":
        _check_integer_argument(call, "part-number-marker")
    if op in ("PutObject", "CopyObject", "CreateMultipartUpload", "PostObject"):
        check_metadata(call.headers)
        tagging = call.header("x-amz-tagging")
        if tagging is not None:
            pairs = parse_qsl(tagging, keep_blank_values=True)
            _check_tagging_header(tagging, pairs)
            check_tags(pairs, MAX_OBJECT_TAGS, "object")
    if op == "PutObjectTagging" and data:
        check_tags(tags_of_xml(data), MAX_OBJECT_TAGS, "object")
    if op == "PutBucketTagging" and data:
        check_tags(tags_of_xml(data), MAX_BUCKET_TAGS, "bucket")
    if op == "DeleteObjects" and not call.header("Content-MD5") and not _has_checksum(call):
        raise S3Error("InvalidRequest", "Missing required header for this request: Content-MD5")
    if body_spooled:
        _declared_md5(call.header("Content-MD5"))
    else:
        check_content_md5(call.header("Content-MD5"), data)
        check_content_sha256(call.header("x-amz-content-sha256"), data)


def _check_tagging_header(raw: str, pairs: list[tuple[str, str]]) -> None:
    """S3 reads x-amz-tagging as a query string: a repeated tag name, or one that is no `name=value` list
    (`key1=val1,key2=val2`), is InvalidArgument on the header (as recorded)."""
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)) or any("=" in name or "=" in value for name, value in pairs):
        raise invalid_argument(
            "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters "
            "without tag name duplicates.",
            "x-amz-tagging",
            raw,
        )


def _check_tags_owner(call: S3Call) -> None:
    """GetObjectTagging of a key never written: S3's NoSuchKey names it as `<bucket>/<key>` (recorded)."""
    from localstack.services.s3 import models

    bucket = models.find_bucket(call.bucket)
    if bucket is not None and not bucket.keys.getlist(call.key, []):
        raise S3Error("NoSuchKey", "The specified key does not exist.", 404, Key=f"{call.bucket}/{call.key}")


def _check_tagged_key(call: S3Call, version_id: str | None) -> None:
    """The object (or version) whose tags are deleted exists; moto failed on a missing one (a 400)."""
    from localstack.services.s3 import models

    bucket = models.find_bucket(call.bucket)
    if bucket is None:
        return
    # A delete marker is refused later, with its headers (405 by version id, NoSuchKey as the current one).
    versions = bucket.keys.getlist(call.key, [])
    if version_id and version_id != "null":
        if not any(str(version.version_id) == version_id for version in versions):
            raise no_such_version(call.key, version_id)
    elif not versions:
        raise no_such_key(call.key)


def check_spooled_digests(headers: object, md5: bytes, sha256: str | None) -> None:
    """Content-MD5 and x-amz-content-sha256 of a spooled body, against its digests (`sha256` is None
    where its header names no payload hash)."""
    check_content_md5(headers.get("Content-MD5"), b"", md5)  # type: ignore[attr-defined]
    if sha256 is not None:
        check_content_sha256(headers.get("x-amz-content-sha256"), b"", sha256)  # type: ignore[attr-defined]


def is_payload_hash(value: str | None) -> bool:
    return bool(value) and len(value) == 64 and bool(_HEX.match(value))  # type: ignore[arg-type]


def _has_checksum(call: S3Call) -> bool:
    return any(
        name.lower().startswith(("x-amz-checksum-", "x-amz-sdk-checksum")) for name in call.headers.keys()
    )


def check_content_sha256(declared: str | None, data: bytes, actual: str | None = None) -> None:
    """A payload hash in x-amz-content-sha256 (not UNSIGNED-PAYLOAD or a streaming mode) must match."""
    if not is_payload_hash(declared):
        return
    actual = actual or hashlib.sha256(data).hexdigest()
    if actual != declared.lower():
        raise S3Error(
            "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
            ClientComputedContentSHA256=declared,
            S3ComputedContentSHA256=actual,
        )


def _check_copy_source_version(call: S3Call, op: str) -> None:
    """Version ids of copies and parts, as S3 answered each: a part takes none; a copy source's must not
    be empty, and one no version could have is CopyObject's bare InvalidRequest."""
    if op == "UploadPart" and "versionId" in call.query:
        raise invalid_argument(
            "This operation does not accept a version-id.", "versionId", call.query["versionId"]
        )
    if op not in ("CopyObject", "UploadPartCopy"):
        return
    source, marker, version_id = (call.header("x-amz-copy-source") or "").partition("?versionId=")
    source_bucket, _, source_key = unquote(source).lstrip("/").partition("/")
    if not source_bucket or not source_key:
        # A source without a key (moto failed on it with a 500); S3 names the header as its value too.
        raise invalid_argument("Invalid copy source object key", "x-amz-copy-source", "x-amz-copy-source")
    if not marker:
        return
    version_id = unquote(version_id)
    if not version_id:
        raise invalid_argument("Version id cannot be the empty string", "x-amz-copy-source", "")
    if is_version_id(version_id):
        return
    if op == "CopyObject":
        raise S3Error("InvalidRequest", "Invalid Request")
    raise invalid_argument("Invalid version id specified", "x-amz-copy-source", version_id)


def check_paging(call: S3Call, param: str, name: str) -> None:
    """S3 reads the limit as a 32-bit integer: what does not parse as one (1.5, 2147483648) is "not an
    integer or within integer range"; a negative one is refused per operation, as S3 words it."""
    raw = call.query.get(param)
    if raw is None:
        return
    value = int(raw) if _INTEGER.fullmatch(raw) else None
    if value is None or not -MAX_INT - 1 <= value <= MAX_INT:
        raise invalid_argument(f"Provided {param} not an integer or within integer range", param, raw)
    if value >= 0:
        return
    if call.operation == "ListObjectVersions":
        raise S3Error("InvalidArgument", f"{param} cannot be negative", ArgumentName=param)
    raise invalid_argument(f"Argument {name} must be an integer between 0 and {MAX_INT}", name, raw)


_INTEGER = re.compile(r"[+-]?[0-9]+")


def _check_integer_argument(call: S3Call, param: str) -> None:
    """A query argument S3 reads as a 32-bit integer, in its sentence for max-keys and max-parts (the
    model-driven check answered a ValidationException, a code S3 never sends)."""
    raw = call.query.get(param)
    if raw is None:
        return
    if not _INTEGER.fullmatch(raw) or not -MAX_INT - 1 <= int(raw) <= MAX_INT:
        raise invalid_argument(f"Provided {param} not an integer or within integer range", param, raw)


def _declared_md5(content_md5: str | None) -> bytes | None:
    if content_md5 is None:
        return None
    try:
        digest = base64.b64decode(content_md5, validate=True)
    except (binascii.Error, ValueError):
        digest = b""
    if len(digest) != 16:
        raise S3Error(
            "InvalidDigest", "The Content-MD5 you specified was invalid.", **{"Content-MD5": content_md5}
        )
    return digest


def check_content_md5(content_md5: str | None, data: bytes, actual: bytes | None = None) -> None:
    digest = _declared_md5(content_md5)
    if digest is None:
        return
    actual = actual or hashlib.md5(data, usedforsecurity=False).digest()
    if actual != digest:
        raise S3Error(
            "BadDigest",
            "The Content-MD5 you specified did not match what we received.",
            ExpectedDigest=content_md5,
            CalculatedDigest=base64.b64encode(actual).decode(),
        )


def check_metadata(headers: object) -> None:
    has_name_prefix = getattr(headers, "has_name_prefix", None)
    if has_name_prefix is not None and not has_name_prefix("x-amz-meta-"):
        return
    size = 0
    for name, value in headers.items():  # type: ignore[attr-defined]
        lower = name.lower()
        if lower.startswith("x-amz-meta-"):
            size += len(lower[len("x-amz-meta-") :].encode("utf-8")) + len(value.encode("utf-8"))
    if size > MAX_METADATA_BYTES:
        raise S3Error(
            "MetadataTooLarge",
            "Your metadata headers exceed the maximum allowed metadata size.",
            Size=size,
            MaxSizeAllowed=MAX_METADATA_BYTES,
        )


def check_tags(tags: list[tuple[str, str]], limit: int, kind: str = "") -> None:
    """S3's tag rules in its order: the count, then per tag a repeated key, the reserved `aws:` prefix
    (each kind of tagging words it its own way), then the key's and the value's characters and lengths."""
    if len(tags) > limit:
        noun = "Object" if limit == MAX_OBJECT_TAGS else "Bucket"
        raise S3Error("InvalidTag", f"{noun} tags cannot be greater than {limit}")
    seen = set()
    for key, value in tags:
        if key in seen:
            raise S3Error("InvalidTag", "Cannot provide multiple Tags with the same key", TagKey=key)
        if key.startswith("aws:"):
            if kind == "create-bucket":
                raise S3Error("InvalidTag", _CREATE_BUCKET_AWS_PREFIX)
            message = _AWS_PREFIX.get(kind, "Your TagKey cannot be prefixed with aws:")
            raise S3Error("InvalidTag", message, TagKey=key)
        if not key or len(key) > 128 or not _tag_text(key):
            raise S3Error("InvalidTag", "The TagKey you have provided is invalid", TagKey=key)
        if len(value) > 256 or not _tag_text(value):
            raise S3Error(
                "InvalidTag", "The TagValue you have provided is invalid", TagKey=key, TagValue=value
            )
        seen.add(key)


_AWS_PREFIX = {"bucket": "System tags cannot be added/updated by requester"}
_CREATE_BUCKET_AWS_PREFIX = (
    'User-defined tag keys can\'t start with "aws:". This prefix is reserved for system tags. '
    'Remove "aws:" from your tag keys and try again.'
)
_TAG_PUNCTUATION = frozenset("_.:/=+-@")


def _tag_text(text: str) -> bool:
    """AWS's tag alphabet, [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*: Unicode letters, separators (spaces) and numbers,
    and seven punctuation marks; a comma, semicolon, tab or emoji is refused."""
    if text.isascii() and (text.isalnum() or not text):
        return True
    for char in text:
        if char in _TAG_PUNCTUATION or char.isalpha() or char.isnumeric():
            continue
        if unicodedata.category(char)[0] == "Z":
            continue
        return False
    return True


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def tags_of_xml(data: bytes) -> list[tuple[str, str]]:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return []  # the model check answers MalformedXML
    tags = []
    for element in root.iter():
        if _local(element.tag) == "Tag":
            fields = {_local(child.tag): child.text or "" for child in element}
            tags.append((fields.get("Key", ""), fields.get("Value", "")))
    return tags


def known_regions() -> set[str]:
    import botocore.session

    loader = botocore.session.get_session().get_component("data_loader")
    endpoints = loader.load_data("endpoints")
    regions = set(_EXTRA_REGIONS)
    for partition in endpoints["partitions"]:
        regions.update(partition["regions"])
    return regions


def check_location_constraint(data: bytes, region: str) -> None:
    constraint = ""
    if data and data.strip():
        try:
            root = ElementTree.fromstring(data)
        except ElementTree.ParseError:
            return
        for element in root.iter():
            if _local(element.tag) == "LocationConstraint":
                constraint = (element.text or "").strip()
    if not constraint:
        if region != "us-east-1":
            raise S3Error(
                "IllegalLocationConstraintException",
                "The unspecified location constraint is incompatible for the region specific endpoint "
                "this request was sent to.",
            )
        return
    if constraint == "us-east-1" or constraint not in known_regions():
        raise S3Error(
            "InvalidLocationConstraint",
            "The specified location-constraint is not valid",
            LocationConstraint=constraint,
        )
    if constraint != region and not (constraint == "EU" and region == "eu-west-1"):
        raise S3Error(
            "IllegalLocationConstraintException",
            f"The {constraint} location constraint is incompatible for the region specific endpoint "
            "this request was sent to.",
        )
