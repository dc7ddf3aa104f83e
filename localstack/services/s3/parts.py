"""GetObject and HeadObject with PartNumber: the part's bytes of a multipart object as a range, with
x-amz-mp-parts-count, and S3's InvalidPartNumber past the last part; an upload's parts as later calls name
them (NoSuchUpload, a part under 5 MiB that is not the last)."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.s3 import models
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error

PARTS_COUNT_HEADER = "x-amz-mp-parts-count"
# The part a read asked for, kept for the response's checksum (its query no longer names it).
PART_NUMBER_HEADER = "x-localstack-part-number"


def _part_sizes(key: Any) -> list[int]:
    multipart = getattr(key, "multipart", None)
    if multipart is None:
        return [key.size]
    from localstack.services.s3.streaming import completed_part_numbers

    numbers = completed_part_numbers(multipart)
    return [multipart.parts[number].size for number in numbers if number in multipart.parts]


def check(call: S3Call, bucket: Any) -> None:
    """Turn a PartNumber read into the byte range of that part."""
    raw = call.query.get("partNumber")
    if raw is None:
        ranged = call.header("Range")
        if ranged is not None and ranged.count("=") != 1:
            # S3 serves a Range it cannot read as the whole object; moto failed on one without its unit.
            call.headers.pop("Range", None)
        return
    if not raw.isdigit() or not 1 <= int(raw) <= 10000:
        raise S3Error(
            "InvalidArgument",
            "Part number must be an integer between 1 and 10000, inclusive",
            ArgumentName="partNumber",
            ArgumentValue=raw,
        )
    if call.header("Range") is not None:
        raise S3Error("InvalidRequest", "Cannot specify both Range header and partNumber query parameter")
    key = models.find_key(bucket, call.key, call.query.get("versionId"))
    if key is None:
        return
    sizes = _part_sizes(key)
    number = int(raw)
    if number > len(sizes):
        raise S3Error(
            "InvalidPartNumber",
            "The requested partnumber is not satisfiable",
            416,
            PartNumberRequested=number,
            ActualPartCount=len(sizes),
        )
    start = sum(sizes[: number - 1])
    size = sizes[number - 1]
    call.headers[PART_NUMBER_HEADER] = str(number)
    if call.method == "HEAD":
        # moto heads the part itself (its ETag, its size as the total): head the object, answer the part.
        call.headers["x-localstack-part-range"] = f"{start}-{start + size - 1}/{key.size}"
    elif size:
        call.headers["Range"] = f"bytes={start}-{start + size - 1}"
    if getattr(key, "multipart", None) is not None:
        call.headers["x-localstack-parts-count"] = str(len(sizes))


def part_checksum(call: S3Call, key: Any) -> tuple[str, str] | None:
    """(value, type) of the checksum a PartNumber read answers with: a COMPOSITE object's part checksum,
    or a FULL_OBJECT one's whole-object value when that part is the whole object; None otherwise."""
    number = int(call.header(PART_NUMBER_HEADER) or "0")
    multipart = getattr(key, "multipart", None)
    if key.checksum_type == "COMPOSITE" and multipart is not None:
        part = multipart.parts.get(number)
        value = getattr(part, "checksum_value", None) if part is not None else None
        return (value, "COMPOSITE") if value else None
    sizes = _part_sizes(key)
    if len(sizes) == 1 and key.checksum_value:
        return key.checksum_value, key.checksum_type or "FULL_OBJECT"
    return None


def without_part_number(path: str) -> str:
    raw_path, _, query = path.partition("?")
    kept = [part for part in query.split("&") if part and not part.startswith("partNumber=")]
    return raw_path + ("?" + "&".join(kept) if kept else "")


# ListParts reads these empty as absent (S3 answered the defaults, 0 and 1000, in the recordings).
EMPTY_AS_DEFAULT = ("part-number-marker", "max-parts")


def without_empty(path: str, names: tuple[str, ...]) -> str:
    raw_path, _, query = path.partition("?")
    kept = [part for part in query.split("&") if part and part.rstrip("=") not in names]
    return raw_path + ("?" + "&".join(kept) if kept else "")


def finish(call: S3Call, response: Response) -> None:
    count = call.header("x-localstack-parts-count")
    if count is not None:
        response.headers[PARTS_COUNT_HEADER] = count
    part_range = call.header("x-localstack-part-range")
    if part_range is not None:
        span, _, total = part_range.partition("/")
        first, _, last = span.partition("-")
        response.status_code = 206
        response.headers["Content-Range"] = f"bytes {span}/{total}"
        response.headers["Content-Length"] = str(int(last) - int(first) + 1)


_UPLOAD_OPERATIONS = (
    "UploadPart",
    "UploadPartCopy",
    "ListParts",
    "CompleteMultipartUpload",
    "AbortMultipartUpload",
)
MIN_PART_SIZE = 5 * 1024 * 1024


def check_upload(call: S3Call, bucket: Any, data: bytes) -> None:
    """NoSuchUpload for an upload id the bucket does not hold; on completion, EntityTooSmall (with the part)
    for a listed part under 5 MiB that is not the last."""
    if call.operation not in _UPLOAD_OPERATIONS or bucket is None:
        return
    upload_id = call.query.get("uploadId", "")
    upload = bucket.multiparts.get(upload_id)
    # An upload belongs to its key: the id with another key is no upload (moto served it).
    if upload is None or upload.key_name != call.key:
        raise S3Error(
            "NoSuchUpload",
            "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
            "aborted or completed.",
            404,
            UploadId=upload_id,
        )
    if call.operation == "CompleteMultipartUpload":
        length = call.header("Content-Length") or "0"
        if not data.strip() and not (length.isdigit() and int(length) > 0):
            # No body at all (a large one is spooled, so its data is empty here but its length is not).
            raise S3Error("InvalidRequest", "You must specify at least one part")
        if data:
            _check_part_sizes(upload, data, upload_id)


def invalid_part(upload_id: str, number: int, etag: str) -> S3Error:
    """AWS names the first part it could not match, with the upload, in its InvalidPart error."""
    return S3Error(
        "InvalidPart",
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the "
        "specified entity tag may not match the part's entity tag.",
        400,
        UploadId=upload_id,
        PartNumber=str(number),
        ETag=etag.strip('"'),
    )


def _check_part_sizes(upload: Any, data: bytes, upload_id: str) -> None:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return  # moto answers MalformedXML
    listed = []
    for element in root.iter():
        if element.tag.rpartition("}")[2] != "Part":
            continue
        fields = {child.tag.rpartition("}")[2]: (child.text or "").strip() for child in element}
        number, etag = fields.get("PartNumber", ""), fields.get("ETag", "")
        if not number.isdigit():
            return
        listed.append((int(number), etag))
    previous: tuple[int, Any] | None = None
    for number, etag in listed:
        part = upload.parts.get(number)
        if previous is not None and number <= previous[0]:
            raise S3Error(
                "InvalidPartOrder",
                "The list of parts was not in ascending order. Parts must be ordered by part number.",
                400,
                UploadId=upload_id,
            )
        if part is None or part.etag.strip('"') != etag.strip('"'):
            raise invalid_part(upload_id, number, etag)
        if previous is not None and previous[1].contentsize < MIN_PART_SIZE:
            small_number, small = previous
            raise S3Error(
                "EntityTooSmall",
                "Your proposed upload is smaller than the minimum allowed size",
                400,
                ProposedSize=str(small.contentsize),
                MinSizeAllowed=str(MIN_PART_SIZE),
                PartNumber=str(small_number),
                ETag=small.etag.strip('"'),
            )
        previous = (number, part)
