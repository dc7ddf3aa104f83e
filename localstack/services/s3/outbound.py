"""Every successful S3 answer before it leaves: the fields moto leaves out or gets wrong added from the
stored object (checksums with ChecksumMode, their type, the bucket's region)."""

from __future__ import annotations

import re
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.s3 import (
    checksums,
    directory_buckets,
    encryption_block,
    expiration_header,
    listing,
    models,
    parts,
    sse_c,
    sse_kms,
    versioning,
)
from localstack.services.s3.operation import S3Call
from localstack.services.s3.sse_kms import KEY_HEADER

# The attribute of a direct answer (direct_objects.py) that carries the (bucket, key) it was made of: read
# here instead of looking both up again in moto's store.
DIRECT_STORED = "_s3_direct_stored"


def _bucket(call: S3Call, response: Response) -> Any:
    stored = response.__dict__.get(DIRECT_STORED)
    return stored[0] if stored is not None else models.find_bucket(call.bucket)


def _regional_location(call: S3Call, bucket: Any, headers: Any) -> None:
    """S3 answers a bucket created outside us-east-1 with its virtual-host URL, `/<name>` otherwise."""
    region = getattr(bucket, "region_name", None)
    if not region or region == "us-east-1" or directory_buckets.location_of(bucket) is not None:
        return
    from localstack.constants import LOCALHOST_DOMAIN
    from localstack.services.s3.virtual_host import split_host

    port = split_host(call.header("Host") or "")[1]
    headers["Location"] = f"http://{bucket.name}.s3.{LOCALHOST_DOMAIN}{port}/"


def finish(call: S3Call, response: Response) -> None:
    """Complete a successful response in place."""
    headers = response.headers
    # A request header of moto's making that AWS never answers with.
    _drop(headers, "x-amz-sdk-checksum-algorithm")
    operation = call.operation
    sse_c.finish(call, response)
    if KEY_HEADER in headers or headers.get("x-amz-server-side-encryption", "").startswith("aws:kms"):
        sse_kms.finish(call, _bucket(call, response), headers)
        sse_kms.own_etag(call, response.__dict__.get(DIRECT_STORED), response)
    if operation in ("GetObject", "HeadObject"):
        # moto stores these upload headers with the object's metadata; AWS never answers with them, nor
        # with a stored checksum unless asked (added back by `_checksum_headers`): one pass drops both.
        _drop_names(headers, _UPLOAD_ONLY_HEADERS, "x-amz-checksum-")
        _checksum_headers(call, response)
        versioning.name_null_version(_bucket(call, response), response)
        parts.finish(call, response)
        _encode_metadata(response)
    elif operation == "DeleteObjects":
        from localstack.services.s3 import conditional_deletes

        conditional_deletes.finish(response)
    elif operation == "CreateBucket":
        created = models.find_bucket(call.bucket)
        directory_buckets.finish_create(call, created, True)
        from localstack.services.s3 import creation_tags

        creation_tags.apply(call, created, True)
        _regional_location(call, created, headers)
    elif operation == "HeadBucket":
        # Never an access point alias here: access points are not served.
        headers["x-amz-access-point-alias"] = "false"
        headers.update(directory_buckets.head_headers(models.find_bucket(call.bucket)))
    elif operation == "GetBucketEncryption":
        encryption_block.finish_get(models.find_bucket(call.bucket), response)
    elif operation == "GetObjectAttributes":
        _object_parts(call, response)
    elif operation == "ListParts":
        from localstack.services.s3 import multipart_checksums

        multipart_checksums.list_parts(call, response)
    if operation == "CreateMultipartUpload":
        algorithm = (call.header("x-amz-checksum-algorithm") or "").upper()
        if algorithm and "x-amz-checksum-type" not in headers:
            # S3 answers the type the upload will combine its parts' checksums by, the default included.
            default = "FULL_OBJECT" if algorithm == "CRC64NVME" else "COMPOSITE"
            headers["x-amz-checksum-type"] = (call.header("x-amz-checksum-type") or "").upper() or default
    if operation in ("UploadPart", "CompleteMultipartUpload"):
        from localstack.services.s3 import multipart_checksums
    if operation == "UploadPart":
        multipart_checksums.record_part(call)
    elif operation == "CompleteMultipartUpload":
        multipart_checksums.complete(call, response)
        bucket = models.find_bucket(call.bucket)
        if bucket is not None and not getattr(bucket, "versioning_status", None):
            # A bucket never versioned has no version ids to answer with.
            headers.pop("x-amz-version-id", None)
    elif operation in ("PutObject", "UploadPart", "CopyObject", "CompleteMultipartUpload"):
        # One string search over every name rather than a generator step per header.
        if "\nx-amz-checksum-" in "\n" + "\n".join([name for name, _ in headers.to_wsgi_list()]).lower():
            headers.setdefault("x-amz-checksum-type", "FULL_OBJECT")
        elif operation == "PutObject":
            _default_checksum_header(call, response)
    if operation == "CopyObject":
        _copy_checksum_type(response)
    elif operation in ("PutObjectTagging", "DeleteObjectTagging"):
        _tagged_version(call, response)
    elif operation in ("GetBucketTagging", "GetObjectTagging") and response.status_code == 200:
        _empty_tag_values(response)
    if operation in expiration_header.OPERATIONS:
        expiration_header.finish(call, response)
    if operation in _OWNER_OPERATIONS:
        _owner_ids(call, operation, response)
    if operation in _DISPLAY_NAME_OPERATIONS:
        _drop_display_names(response)
    if (
        operation in ("HeadBucket", "ListObjectVersions")
        and call.bucket
        and "x-amz-bucket-region" not in headers
    ):
        bucket = models.find_bucket(call.bucket)
        if bucket is not None:
            headers["x-amz-bucket-region"] = bucket.region_name


def _drop(headers: Any, lower_name: str) -> None:
    """`headers.pop(name, None)` by position: werkzeug's pop lowers every name twice (to find, to delete)."""
    pairs = headers.to_wsgi_list()
    lowered = "\n".join([name for name, _ in pairs]).lower().split("\n")
    if len(lowered) != len(pairs):  # a name with a line break, or no headers
        headers.pop(lower_name, None)
        return
    for index in reversed([i for i, name in enumerate(lowered) if name == lower_name]):
        del headers[index]


def _drop_names(headers: Any, lower_names: frozenset[str], lower_prefix: str) -> None:
    """Every header named in `lower_names` or starting with `lower_prefix`, removed in one pass over the
    names (werkzeug's `pop` of an absent name lowers every name and raises and catches a KeyError)."""
    pairs = headers.to_wsgi_list()
    lowered = "\n".join([name for name, _ in pairs]).lower().split("\n")
    if len(lowered) != len(pairs):  # a name with a line break, or no headers: one at a time
        lowered = [name.lower() for name, _ in pairs]
    doomed = [i for i, name in enumerate(lowered) if name in lower_names or name.startswith(lower_prefix)]
    for index in reversed(doomed):
        del headers[index]


# moto's answers that name an owner's or grantee's DisplayName, which S3 stopped answering on
# November 21, 2025.
_DISPLAY_NAME_OPERATIONS = frozenset({"ListParts", "GetBucketLogging", "GetObjectAcl", "GetBucketAcl"})
_DISPLAY_NAME = re.compile(rb"<DisplayName>[^<]*</DisplayName>")


def _drop_display_names(response: Response) -> None:
    body = response.get_data()
    if b"<DisplayName>" in body:
        response.set_data(_DISPLAY_NAME.sub(b"", body))


_UPLOAD_ONLY_HEADERS = frozenset(
    {"x-amz-content-sha256", "x-amz-content-crc32", "x-amz-content-crc32c", "x-amz-content-sha1"}
)
_OWNER_OPERATIONS = (
    "ListBuckets",
    "ListObjects",
    "ListObjectsV2",
    "ListObjectVersions",
    "ListMultipartUploads",
    "ListParts",
    "GetBucketAcl",
    "GetObjectAcl",
)


def _owner_ids(call: S3Call, operation: str, response: Response) -> None:
    """Owners and grantees carry the canonical id of the owning account (moto wrote one id for all)."""
    if operation == "ListBuckets":
        from localstack.utils.aws import request_context

        account = request_context.account_for_access_key(
            request_context.access_key_of(call.headers, "&".join(f"{k}={v}" for k, v in call.query.items()))
        )
    else:
        bucket = models.find_bucket(call.bucket)
        account = bucket.account_id if bucket is not None else None
    owner = listing.canonical_id(account)
    if owner != listing.OWNER_ID:
        response.set_data(response.get_data().replace(listing.OWNER_ID.encode(), owner.encode()))


# Without the native CRC (_native_crc.c not compiled), PutObject answers the default CRC64NVME up to this
# size (under 20 ms of CPU on the request thread); a larger object's is then computed in the background
# (background_checksum.py) and is answered by reads, not by its upload. With it, every upload answers it:
# a spooled body's was computed while it arrived.
_INLINE_DEFAULT_CHECKSUM_BYTES = 1024 * 1024


def _default_checksum_header(call: S3Call, response: Response) -> None:
    """PutObject without a checksum answers with the CRC64NVME S3 gave the object, as S3 does."""
    stored = response.__dict__.get(DIRECT_STORED)
    if stored is not None:
        key = stored[1]  # the key this PutObject just stored
    else:
        key = models.find_key(
            models.find_bucket(call.bucket), call.key, response.headers.get("x-amz-version-id")
        )
    if key is None or not key.__dict__.get("_default_checksum"):
        return
    if (
        not checksums.NATIVE
        and key.size > _INLINE_DEFAULT_CHECKSUM_BYTES
        and key.__dict__.get("_checksum_value") is None
    ):
        return
    value = key.checksum_value
    if value:
        # Added, not set: `finish` calls this only for an answer with no x-amz-checksum-* header at all.
        response.headers.add(f"x-amz-checksum-{key.checksum_algorithm.lower()}", value)
        response.headers.add("x-amz-checksum-type", "FULL_OBJECT")


def _checksum_headers(call: S3Call, response: Response) -> None:
    headers = response.headers
    if (call.header("x-amz-checksum-mode") or "").upper() != "ENABLED":
        return
    if call.header(parts.PART_NUMBER_HEADER):
        version = call.query.get("versionId") or headers.get("x-amz-version-id")
        key = models.find_key(models.find_bucket(call.bucket), call.key, version)
        found = parts.part_checksum(call, key) if key is not None and key.checksum_algorithm else None
        if found is not None:
            headers[f"x-amz-checksum-{key.checksum_algorithm.lower()}"] = found[0]
            headers["x-amz-checksum-type"] = found[1]
        return
    if call.header("Range") or "partNumber" in call.query:
        return  # S3 answers a range without the whole object's checksum
    stored = response.__dict__.get(DIRECT_STORED)
    if stored is not None:
        key = stored[1]  # the key this answer's body and headers were read from
    else:
        version = call.query.get("versionId") or headers.get("x-amz-version-id")
        key = models.find_key(models.find_bucket(call.bucket), call.key, version)
    if key is None or not key.checksum_algorithm:
        return
    if headers.get("ETag") and key.etag != headers["ETag"]:
        # Replaced by a concurrent write since moto answered: this checksum is not of the body sent.
        return
    value: Any = key.checksum_value
    if value is None:
        return
    if key.checksum_type == "COMPOSITE" and key.checksum_parts and "-" not in value:
        value = f"{value}-{key.checksum_parts}"
    # Added, not set (a set lowers every name): `finish` dropped every x-amz-checksum-* name just before.
    headers.add(f"x-amz-checksum-{key.checksum_algorithm.lower()}", value)
    headers.add("x-amz-checksum-type", key.checksum_type or "FULL_OBJECT")


def _listed_parts(call: S3Call, key: Any, numbers: list[int]) -> str:
    """A COMPOSITE object's parts with their checksums, a page at a time as ListParts pages (S3 lists no
    parts of a FULL_OBJECT one)."""
    algorithm = key.checksum_algorithm
    if key.checksum_type != "COMPOSITE" or not algorithm:
        return ""
    marker = call.header("x-amz-part-number-marker") or "0"
    maximum = call.header("x-amz-max-parts") or "1000"
    marker_number = int(marker) if marker.isdigit() else 0
    max_parts = min(int(maximum), 1000) if maximum.isdigit() else 1000
    following = [number for number in numbers if number > marker_number]
    page = following[:max_parts]
    truncated = len(following) > len(page)
    text = f"<PartNumberMarker>{marker_number}</PartNumberMarker>"
    if page:
        text += f"<NextPartNumberMarker>{page[-1]}</NextPartNumberMarker>"
    text += f"<MaxParts>{max_parts}</MaxParts><IsTruncated>{str(truncated).lower()}</IsTruncated>"
    for number in page:
        part = key.multipart.parts[number]
        value = getattr(part, "checksum_value", None)
        checksum = f"<Checksum{algorithm}>{value}</Checksum{algorithm}>" if value else ""
        text += f"<Part><PartNumber>{number}</PartNumber><Size>{part.size}</Size>{checksum}</Part>"
    return text


def _copy_checksum_type(response: Response) -> None:
    """CopyObjectResult names the type of the checksum it carries (a copy's is of the whole object)."""
    body = response.get_data()
    if b"<ChecksumType>" in body or b"</CopyObjectResult>" not in body:
        return
    found = re.search(rb"<Checksum(CRC32C?|CRC64NVME|SHA1|SHA256)>", body)
    if found is not None:
        at = found.start()
        response.set_data(body[:at] + b"<ChecksumType>FULL_OBJECT</ChecksumType>" + body[at:])


def _encode_metadata(response: Response) -> None:
    """Non-ASCII metadata values leave encoded as RFC 2047 words (S3 keeps headers mail-safe)."""
    pairs = response.headers.to_wsgi_list()
    if "".join([value for _, value in pairs]).isascii():
        return  # the common answer: nothing to encode, asked in one C call rather than per header
    import base64

    for name, value in pairs:
        if not name.lower().startswith("x-amz-meta-") or value.isascii():
            continue
        try:
            raw = value.encode("latin-1")
        except UnicodeEncodeError:
            raw = value.encode("utf-8")
        response.headers[name] = f"=?UTF-8?B?{base64.b64encode(raw).decode()}?="


def _object_parts(call: S3Call, response: Response) -> None:
    """ObjectParts (a multipart object's part count, a COMPOSITE one's parts), which moto leaves out."""
    wanted = call.header("x-amz-object-attributes") or ""
    if "ObjectParts" not in wanted:
        return
    key = models.find_key(models.find_bucket(call.bucket), call.key, call.query.get("versionId"))
    multipart = getattr(key, "multipart", None)
    if multipart is None:
        return
    import re

    body = re.sub(rb"<ObjectParts\s*/>|<ObjectParts>.*?</ObjectParts>", b"", response.get_data(), flags=re.S)
    from localstack.services.s3.streaming import completed_part_numbers

    numbers = completed_part_numbers(multipart)
    listed = _listed_parts(call, key, numbers)
    parts = f"<ObjectParts><PartsCount>{len(numbers)}</PartsCount>{listed}</ObjectParts>".encode()
    root_end = body.rfind(b"</")
    if root_end < 0:
        # An empty root element (`<GetObjectAttributesOutput .../>`): open it to hold the parts.
        self_closed = body.rfind(b"/>")
        if self_closed < 0:
            return
        start = body.rfind(b"<", 0, self_closed)
        name = body[start + 1 :].split()[0].rstrip(b"/>")
        body = body[:self_closed] + b">" + parts + b"</" + name + b">" + body[self_closed + 2 :]
    else:
        body = body[:root_end] + parts + body[root_end:]
    response.set_data(body)


def _tagged_version(call: S3Call, response: Response) -> None:
    """PutObjectTagging and DeleteObjectTagging answer the version they changed, in a bucket that has
    versions (moto answers none)."""
    bucket = models.find_bucket(call.bucket)
    if (
        bucket is None
        or not getattr(bucket, "versioning_status", None)
        or "x-amz-version-id" in response.headers
    ):
        return
    key = models.find_key(bucket, call.key, call.query.get("versionId"))
    version = getattr(key, "version_id", None)
    if version:
        response.headers["x-amz-version-id"] = str(version)


_VALUELESS_TAG = re.compile(rb"(<Key>[^<]*</Key>)(\s*</Tag>)")


def _empty_tag_values(response: Response) -> None:
    """A tag with an empty value keeps its <Value></Value>, as S3 writes it; moto's serializer left an empty
    string out, so SDKs read the tag as having no value at all."""
    body, count = _VALUELESS_TAG.subn(rb"\1<Value></Value>\2", response.get_data())
    if count:
        response.set_data(body)
