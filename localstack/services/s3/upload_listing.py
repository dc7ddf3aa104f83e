"""ListMultipartUploads as S3 answers it: uploads in key then initiation order, filtered by Prefix, grouped by
Delimiter, paged by MaxUploads, KeyMarker and UploadIdMarker, EncodingType=url on key fields, each upload
with its real initiation time and checksum settings (moto ignored paging and answered a fixed date)."""

from __future__ import annotations

import datetime
from typing import Any
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack.services.s3.listing import OWNER_ID, encode_key
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import invalid_argument

MAX_UPLOADS = 1000
_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def _initiated(upload: Any) -> datetime.datetime:
    return getattr(upload, "initiated", None) or _EPOCH


def _iso(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _upload_xml(upload: Any, url: bool) -> str:
    person = f"<ID>{OWNER_ID}</ID>"
    metadata = getattr(upload, "metadata", None) or {}
    algorithm = metadata.get("x-amz-checksum-algorithm")
    checksum = ""
    if algorithm:
        kind = metadata.get("x-amz-checksum-type") or (
            "FULL_OBJECT" if algorithm == "CRC64NVME" else "COMPOSITE"
        )
        checksum = f"<ChecksumAlgorithm>{algorithm}</ChecksumAlgorithm><ChecksumType>{kind}</ChecksumType>"
    return (
        f"<Upload><Key>{escape(encode_key(upload.key_name, url))}</Key><UploadId>{upload.id}</UploadId>"
        f"<Initiator>{person}</Initiator><Owner>{person}</Owner>"
        f"<StorageClass>{upload.storage or 'STANDARD'}</StorageClass>"
        f"<Initiated>{_iso(_initiated(upload))}</Initiated>{checksum}</Upload>"
    )


def answer(call: S3Call, bucket: Any) -> Response | None:
    if bucket is None or type(bucket).__name__ != "FakeBucket":
        return None
    encoding = call.query.get("encoding-type")
    if encoding is not None and encoding != "url":
        raise invalid_argument("Invalid Encoding Method specified in Request", "encoding-type", encoding)
    url = encoding == "url"
    prefix = call.query.get("prefix", "")
    delimiter = call.query.get("delimiter", "")
    key_marker = call.query.get("key-marker", "")
    upload_marker = call.query.get("upload-id-marker", "")
    raw_max = call.query.get("max-uploads")
    echoed = int(raw_max) if raw_max is not None else MAX_UPLOADS
    limit = min(echoed, MAX_UPLOADS)
    uploads = sorted(
        (u for u in list(bucket.multiparts.values()) if u.key_name.startswith(prefix)),
        key=lambda u: (u.key_name, _initiated(u)),
    )
    if not key_marker:
        # S3 ignores an upload-id-marker without a key-marker, and echoes it empty.
        upload_marker = ""
    if key_marker:
        if upload_marker:
            ids = [u.id for u in uploads if u.key_name == key_marker]
            if upload_marker not in ids:
                raise invalid_argument("Invalid uploadId marker", "upload-id-marker", upload_marker)
            start = [u.id for u in uploads].index(upload_marker) + 1
            uploads = uploads[start:]
        else:
            uploads = [u for u in uploads if u.key_name > key_marker]
    page: list[tuple[str, Any]] = []
    truncated = False
    seen_prefixes: set[str] = set()
    for upload in uploads:
        entry: tuple[str, Any] = (upload.key_name, upload)
        if delimiter:
            cut = upload.key_name.find(delimiter, len(prefix))
            if cut >= 0:
                common = upload.key_name[: cut + len(delimiter)]
                if common in seen_prefixes:
                    continue
                seen_prefixes.add(common)
                entry = (common, None)
        if len(page) == limit:
            truncated = True
            break
        page.append(entry)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<ListMultipartUploadsResult xmlns="{_XMLNS}">']
    out.append(f"<Bucket>{escape(bucket.name)}</Bucket>")
    out.append(f"<KeyMarker>{escape(encode_key(key_marker, url))}</KeyMarker>")
    out.append(f"<UploadIdMarker>{escape(upload_marker)}</UploadIdMarker>")
    # S3 names the last upload of the page (truncated or not), and empty markers when the page holds none.
    last = next((entry for entry in reversed(page) if entry[1] is not None), None)
    out.append(f"<NextKeyMarker>{escape(encode_key(last[0], url)) if last else ''}</NextKeyMarker>")
    out.append(f"<NextUploadIdMarker>{last[1].id if last else ''}</NextUploadIdMarker>")
    if prefix:
        out.append(f"<Prefix>{escape(encode_key(prefix, url))}</Prefix>")
    if delimiter:
        out.append(f"<Delimiter>{escape(encode_key(delimiter, url))}</Delimiter>")
    out.append(f"<MaxUploads>{echoed}</MaxUploads>")
    if encoding:
        out.append(f"<EncodingType>{encoding}</EncodingType>")
    out.append(f"<IsTruncated>{'true' if truncated else 'false'}</IsTruncated>")
    commons = []
    for name, upload in page:
        if upload is None:
            commons.append(
                f"<CommonPrefixes><Prefix>{escape(encode_key(name, url))}</Prefix></CommonPrefixes>"
            )
        else:
            out.append(_upload_xml(upload, url))
    out.extend(commons)
    out.append("</ListMultipartUploadsResult>")
    return Response("".join(out), status=200, mimetype="application/xml")
