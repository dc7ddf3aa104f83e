"""Checksums of multipart uploads: each part's kept and listed by ListParts, the parts' checksums named in
CompleteMultipartUpload checked (InvalidPart), a FULL_OBJECT checksum the client sends checked (BadDigest),
and the object's checksum in the completion's answer."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.s3 import checksums, models
from localstack.services.s3.operation import S3Call
from localstack.services.s3.parts import invalid_part
from localstack.services.s3.s3_errors import S3Error, invalid_request

# Carries the completed upload's checksum settings from the request to its answer.
ALGORITHM_HEADER = "x-localstack-mpu-checksum-algorithm"
TYPE_HEADER = "x-localstack-mpu-checksum-type"


def _settings(upload: Any) -> tuple[str | None, str | None]:
    metadata = getattr(upload, "metadata", None) or {}
    algorithm = metadata.get("x-amz-checksum-algorithm")
    kind = metadata.get("x-amz-checksum-type")
    if algorithm and not kind:
        kind = "FULL_OBJECT" if algorithm.upper() == "CRC64NVME" else "COMPOSITE"
    return (algorithm.upper() if algorithm else None), kind


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def check_create(call: S3Call) -> None:
    """CreateMultipartUpload: the algorithm and checksum type must be known and suit each other."""
    requested = (call.header("x-amz-checksum-algorithm") or "").upper()
    if requested and requested not in checksums.ALGORITHMS:
        raise invalid_request(
            "Checksum algorithm provided is unsupported. Please try again with any of the "
            "valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"
        )
    kind = call.header("x-amz-checksum-type")
    if kind is None:
        return
    kind = kind.upper()
    algorithm = (call.header("x-amz-checksum-algorithm") or "").upper()
    if kind not in ("COMPOSITE", "FULL_OBJECT"):
        raise invalid_request("Value for x-amz-checksum-type header is invalid.")
    if not algorithm:
        raise invalid_request(
            "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header."
        )
    crc64_composite = kind == "COMPOSITE" and algorithm == "CRC64NVME"
    if crc64_composite or (kind == "FULL_OBJECT" and algorithm.startswith("SHA")):
        raise invalid_request(
            f"The {kind} checksum type cannot be used with the {algorithm.lower()} checksum algorithm."
        )


def check_part(call: S3Call, bucket: Any) -> None:
    """UploadPart: a part's checksum (a header or the trailer it announces) is of its upload's algorithm."""
    upload = bucket.multiparts.get(call.query.get("uploadId", "")) if bucket is not None else None
    expected = _settings(upload)[0] if upload is not None else None
    if expected is None:
        return
    actual = checksums.requested_algorithm(call.headers)
    if actual is not None and actual != expected:
        raise invalid_request(
            f"Checksum Type mismatch occurred, expected checksum Type: {expected.lower()}, "
            f"actual checksum Type: {actual.lower()}"
        )


def check_complete(call: S3Call, bucket: Any, data: bytes) -> None:
    upload = bucket.multiparts.get(call.query.get("uploadId", "")) if bucket is not None else None
    if upload is None:
        return
    algorithm, kind = _settings(upload)
    if algorithm is None:
        return
    call.headers[ALGORITHM_HEADER] = algorithm
    call.headers[TYPE_HEADER] = kind or "COMPOSITE"
    try:
        root = ElementTree.fromstring(data or b"<x/>")
    except ElementTree.ParseError:
        return
    numbers = []
    for part in root.iter():
        if _local(part.tag) != "Part":
            continue
        fields = {_local(child.tag): (child.text or "").strip() for child in part}
        number = int(fields.get("PartNumber", "0") or 0)
        numbers.append(number)
        given = fields.get(f"Checksum{algorithm}")
        stored = upload.parts.get(number)
        if given and stored is not None and getattr(stored, "checksum_value", None) not in (None, given):
            raise invalid_part(call.query.get("uploadId", ""), number, fields.get("ETag", ""))
        if not given and stored is not None and kind == "COMPOSITE":
            # S3 joins the part checksums the request lists into the composite one.
            raise invalid_request(
                f"The upload was created using a {algorithm.lower()} checksum. The complete request must "
                f"include the checksum for each part. It was missing for part {number} in the request."
            )
    declared = call.header(checksums.header_name(algorithm))
    if declared and kind == "FULL_OBJECT":
        from localstack.services.s3.streaming import stored_pieces

        joined = [upload.parts[n] for n in numbers if n in upload.parts]
        known = [
            (part.checksum_value, part.contentsize)
            for part in joined
            if getattr(part, "checksum_algorithm", None) == algorithm
            and getattr(part, "checksum_value", None)
        ]
        computed = checksums.combined(known, algorithm) if len(known) == len(joined) else None
        if computed is None:
            # Some part's own checksum is unknown (or the algorithm is a SHA): read the parts.
            hasher = checksums.Hasher(algorithm)
            for part in joined:
                for piece in stored_pieces(part):
                    hasher.update(piece)
            computed = hasher.encoded()
        if computed != declared:
            raise S3Error(
                "BadDigest", f"The {algorithm} you specified did not match the calculated checksum."
            )


def record_part(call: S3Call) -> None:
    """UploadPart: keep the part's checksum with the part."""
    algorithm = call.header("x-amz-sdk-checksum-algorithm")
    if not algorithm:
        return
    value = call.header(checksums.header_name(algorithm))
    bucket = models.find_bucket(call.bucket)
    upload = bucket.multiparts.get(call.query.get("uploadId", "")) if bucket is not None else None
    part = upload.parts.get(int(call.query.get("partNumber", "0"))) if upload is not None else None
    if part is not None and value:
        part.checksum_algorithm = algorithm.upper()
        part.checksum_value = value


def list_parts(call: S3Call, response: Response) -> None:
    """ListParts: each part's checksum, and the upload's algorithm and type."""
    bucket = models.find_bucket(call.bucket)
    upload = bucket.multiparts.get(call.query.get("uploadId", "")) if bucket is not None else None
    if upload is None:
        return
    algorithm, kind = _settings(upload)
    if algorithm is None:
        return
    body = response.get_data()

    def add_checksum(match: re.Match) -> bytes:
        number = int(match.group(1))
        part = upload.parts.get(number)
        value = getattr(part, "checksum_value", None) if part is not None else None
        extra = f"<Checksum{algorithm}>{value}</Checksum{algorithm}>".encode() if value else b""
        return match.group(0) + extra

    body = re.sub(rb"<PartNumber>(\d+)</PartNumber>", add_checksum, body)
    marker = b"<PartNumberMarker>"
    settings = (
        f"<ChecksumAlgorithm>{algorithm}</ChecksumAlgorithm><ChecksumType>{kind}</ChecksumType>".encode()
    )
    position = body.find(marker)
    if position >= 0:
        body = body[:position] + settings + body[position:]
    response.set_data(body)


def complete(call: S3Call, response: Response) -> None:
    """CompleteMultipartUpload's answer carries the object's checksum and type."""
    algorithm = call.header(ALGORITHM_HEADER)
    key = models.find_key(models.find_bucket(call.bucket), call.key, response.headers.get("x-amz-version-id"))
    if not algorithm:
        # An upload without a checksum: S3's default CRC64NVME, when joined from the parts' at completion.
        state = key.__dict__ if key is not None else {}
        if not state.get("_default_checksum") or not state.get("_checksum_value"):
            return
        algorithm, kind = key.checksum_algorithm, "FULL_OBJECT"
    else:
        kind = call.header(TYPE_HEADER) or "COMPOSITE"
    value = getattr(key, "checksum_value", None) if key is not None else None
    if not value:
        return
    if kind == "COMPOSITE" and key.checksum_parts and "-" not in value:
        value = f"{value}-{key.checksum_parts}"
    extra = f"<Checksum{algorithm}>{value}</Checksum{algorithm}><ChecksumType>{kind}</ChecksumType>".encode()
    body = response.get_data()
    closing = body.rfind(b"</CompleteMultipartUploadResult>")
    if closing >= 0:
        response.set_data(body[:closing] + extra + body[closing:])
