"""Writing a delivery stream's buffered records to S3 as AWS does: key layout, prefixes with
`!{timestamp:...}` / `!{firehose:...}` expressions, compression, and the buffering hints."""

from __future__ import annotations

import gzip
import io
import logging
import re
import secrets
import string
import uuid
import zipfile
from datetime import datetime, timezone
from typing import Any

from localstack.services.firehose.models import BufferedRecord
from localstack.utils.aws.internal_client import connect_to

LOG = logging.getLogger(__name__)

DEFAULT_SIZE_MB = 5
DEFAULT_INTERVAL_SECONDS = 300
SUPPORTED_COMPRESSION = ("UNCOMPRESSED", "GZIP", "ZIP")
_EXTENSIONS = {"GZIP": ".gz", "ZIP": ".zip"}
_EXPRESSION = re.compile(r"!\{([a-zA-Z]+):([^}]*)\}")
# Java DateTimeFormatter letters -> strftime, longest first; quoted text stays literal.
_JAVA_DATE = re.compile(r"'([^']*)'|yyyy|yy|MM|dd|HH|mm|ss")
_STRFTIME = {"yyyy": "%Y", "yy": "%y", "MM": "%m", "dd": "%d", "HH": "%H", "mm": "%M", "ss": "%S"}


def s3_destination(delivery_stream: Any) -> dict | None:
    """The S3 destination config of a moto delivery stream (ExtendedS3 wins), or None."""
    for destination in delivery_stream.destinations:
        for kind in ("ExtendedS3", "S3"):
            if destination.get(kind):
                return destination[kind]
    return None


def buffering_limits(destination: dict) -> tuple[int, float]:
    hints = destination.get("BufferingHints") or {}
    size = int(hints.get("SizeInMBs") or DEFAULT_SIZE_MB) * 1024 * 1024
    interval = hints.get("IntervalInSeconds")
    return size, float(DEFAULT_INTERVAL_SECONDS if interval is None else interval)


def has_expressions(prefix: str | None) -> bool:
    return bool(prefix and _EXPRESSION.search(prefix))


def _java_date(pattern: str, moment: datetime) -> str:
    def convert(match: re.Match) -> str:
        if match.group(1) is not None:
            return match.group(1).replace("%", "%%") or "'"
        return _STRFTIME[match.group(0)]

    return moment.strftime(_JAVA_DATE.sub(convert, pattern.replace("%", "%%")))


def _random_string() -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(11))


def evaluate_prefix(prefix: str | None, moment: datetime, error_type: str | None = None) -> str:
    """The prefix with its expressions evaluated; the default hourly folders when it has none."""
    prefix = prefix or ""
    if not has_expressions(prefix):
        if error_type is not None:
            prefix = f"{prefix}{error_type}/"
        return f"{prefix}{moment.strftime('%Y/%m/%d/%H')}/"

    def evaluate(match: re.Match) -> str:
        namespace, value = match.group(1), match.group(2)
        if namespace == "timestamp":
            return _java_date(value, moment)
        if namespace == "firehose" and value == "random-string":
            return _random_string()
        if namespace == "firehose" and value == "error-output-type":
            return error_type or ""
        return match.group(0)

    return _EXPRESSION.sub(evaluate, prefix)


def object_key(
    destination: dict, stream_name: str, version: str, moment: datetime, error_type: str | None = None
) -> str:
    """<evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid><extension>."""
    raw_prefix = destination.get("ErrorOutputPrefix") if error_type else destination.get("Prefix")
    prefix = evaluate_prefix(raw_prefix, moment, error_type)
    suffix = f"{stream_name}-{version}-{moment.strftime('%Y-%m-%d-%H-%M-%S')}-{uuid.uuid4()}"
    extension = "" if error_type else _EXTENSIONS.get(compression_of(destination), "")
    return f"{prefix}{suffix}{extension}"


def compression_of(destination: dict) -> str:
    return (destination.get("CompressionFormat") or "UNCOMPRESSED").upper()


def compress(data: bytes, compression: str, name: str) -> bytes:
    if compression == "GZIP":
        return gzip.compress(data)
    if compression == "ZIP":
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, data)
        return output.getvalue()
    return data


def bucket_of(destination: dict) -> str:
    return str(destination.get("BucketARN") or "").split(":")[-1]


def write_objects(
    account_id: str,
    region: str,
    stream_name: str,
    version: str,
    destination: dict,
    records: list[BufferedRecord],
) -> str | None:
    """Write the records as one object through S3's API (so bucket notifications fire); its key."""
    if not records:
        return None
    moment = datetime.fromtimestamp(records[0].arrival, tz=timezone.utc)
    key = object_key(destination, stream_name, version, moment)
    body = compress(b"".join(record.data for record in records), compression_of(destination), stream_name)
    connect_to("s3", account_id, region).put_object(Bucket=bucket_of(destination), Key=key, Body=body)
    LOG.debug(
        "firehose %s: wrote %d records to s3://%s/%s", stream_name, len(records), bucket_of(destination), key
    )
    return key


def write_errors(
    account_id: str,
    region: str,
    stream_name: str,
    version: str,
    destination: dict,
    failures: list[dict],
    error_type: str,
) -> str | None:
    """Write failed records (one JSON document per line, as AWS does) under ErrorOutputPrefix."""
    import json

    if not failures:
        return None
    moment = datetime.fromtimestamp(failures[0]["arrivalTimestamp"] / 1000, tz=timezone.utc)
    key = object_key(destination, stream_name, version, moment, error_type=error_type)
    body = "".join(json.dumps(failure) + "\n" for failure in failures).encode("utf-8")
    connect_to("s3", account_id, region).put_object(Bucket=bucket_of(destination), Key=key, Body=body)
    return key
