"""Object Lock as S3 enforces it: retention (GOVERNANCE, COMPLIANCE) and legal holds that protect locked
versions from deletion and from shortened retention, x-amz-bypass-governance-retention, lock headers on
uploads, bucket default retention, and GetObjectRetention/GetObjectLegalHold answers."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ElementTree
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.s3 import models
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error, access_denied, no_such_key, no_such_version

MODES = ("GOVERNANCE", "COMPLIANCE")
_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"
_UPLOADS = ("PutObject", "CopyObject", "CreateMultipartUpload")


def _missing_configuration() -> S3Error:
    return S3Error("InvalidRequest", "Bucket is missing Object Lock Configuration")


# S3's plain sentence (moto's said "... because object protected by object lock.").
PROTECTED_MESSAGE = "Access Denied"
RETENTION_MESSAGE = "Access Denied because object protected by object lock."


def _protected() -> S3Error:
    return access_denied(PROTECTED_MESSAGE)


def _no_configuration() -> S3Error:
    return S3Error(
        "NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock configuration", 404
    )


def parse_date(value: Any) -> datetime.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        try:
            parsed = datetime.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _bypass(call: S3Call) -> bool:
    return (call.header("x-amz-bypass-governance-retention") or "").lower() == "true"


def is_protected(key: Any, bypass: bool) -> bool:
    """A version that a delete may not remove."""
    if getattr(key, "lock_legal_status", None) == "ON":
        return True
    until = parse_date(getattr(key, "lock_until", None))
    if until is None or until <= _now():
        return False
    mode = getattr(key, "lock_mode", None)
    return mode == "COMPLIANCE" or (mode == "GOVERNANCE" and not bypass)


def delete_refusal(key: Any, bypass: bool) -> str | None:
    """The message of DeleteObject's AccessDenied (and DeleteObjects' per-object one) for a version it
    may not remove, or None. Recorded answers: a legal hold's is S3's plain sentence, a retention's
    (moto's AWS-verified suite; AWS CLI output of `delete-object --version-id`) names the lock."""
    if getattr(key, "lock_legal_status", None) == "ON":
        return PROTECTED_MESSAGE
    return RETENTION_MESSAGE if is_protected(key, bypass) else None


def _xml_fields(data: bytes) -> dict[str, str]:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise S3Error(
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema",
        ) from None
    return {element.tag.rpartition("}")[2]: (element.text or "").strip() for element in root.iter()}


def check(call: S3Call, bucket: Any, data: bytes) -> Response | None:
    """Raise what S3 refuses; a Response where we answer ourselves (GetObjectRetention)."""
    operation = call.operation
    if bucket is None:
        return None
    locked_bucket = bool(getattr(bucket, "object_lock_enabled", False))
    if (
        operation in ("DeleteObject", "DeleteObjects")
        and not locked_bucket
        and call.header("x-amz-bypass-governance-retention") is not None
    ):
        raise S3Error(
            "InvalidArgument",
            "x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.",
            ArgumentName="x-amz-bypass-governance-retention",
        )
    if operation in _UPLOADS:
        _check_upload_headers(call, locked_bucket)
    elif operation == "DeleteObject" and call.query.get("versionId"):
        key = models.find_key(bucket, call.key, call.query["versionId"])
        refusal = delete_refusal(key, _bypass(call)) if key is not None else None
        if refusal is not None:
            raise access_denied(refusal)
    elif operation in (
        "GetObjectRetention",
        "GetObjectLegalHold",
        "PutObjectRetention",
        "PutObjectLegalHold",
    ):
        if not locked_bucket:
            raise _missing_configuration()
        key = models.find_key(bucket, call.key, call.query.get("versionId"))
        if key is None:
            # moto's PutObjectRetention crashed on a key it did not find.
            version_id = call.query.get("versionId")
            if version_id and version_id != "null":
                raise no_such_version(call.key, version_id)
            raise no_such_key(call.key)
        if operation == "GetObjectRetention":
            return _retention_answer(key)
        if operation == "GetObjectLegalHold" and not getattr(key, "lock_legal_status", None):
            raise _no_configuration()
        if operation == "PutObjectRetention":
            _check_retention_change(call, key, data)
        if operation == "PutObjectLegalHold" and _xml_fields(data or b"<LegalHold/>").get("Status") not in (
            "ON",
            "OFF",
        ):
            raise _malformed()
    elif operation == "PutObjectLockConfiguration":
        _check_configuration(data)
        if not locked_bucket and getattr(bucket, "versioning_status", None) != "Enabled":
            # A conflict with the bucket's state, as for suspending versioning on a locked bucket.
            raise S3Error(
                "InvalidBucketState",
                "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
                409,
            )
    elif operation == "PutBucketVersioning" and locked_bucket and b"Suspended" in (data or b""):
        raise S3Error(
            "InvalidBucketState",
            "An Object Lock configuration is present on this bucket, so the versioning state cannot be "
            "changed.",
            409,
        )
    return None


def _check_upload_headers(call: S3Call, locked_bucket: bool) -> None:
    has_name_prefix = getattr(call.headers, "has_name_prefix", None)
    if has_name_prefix is not None and not has_name_prefix("x-amz-object-lock-"):
        return  # none of the three headers below
    mode = call.header("x-amz-object-lock-mode")
    until = call.header("x-amz-object-lock-retain-until-date")
    hold = call.header("x-amz-object-lock-legal-hold")
    if not (mode or until or hold):
        return
    if not locked_bucket:
        raise _missing_configuration()
    if bool(mode) != bool(until):
        raise S3Error(
            "InvalidArgument",
            "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied",
            ArgumentName="x-amz-object-lock-retain-until-date" if mode else "x-amz-object-lock-mode",
        )
    if mode and mode not in MODES:
        raise S3Error(
            "InvalidArgument",
            "Unknown wormMode directive.",
            ArgumentName="x-amz-object-lock-mode",
            ArgumentValue=mode,
        )
    if until:
        parsed = parse_date(until)
        if parsed is None:
            raise S3Error(
                "InvalidArgument",
                "The retain until date must be provided in ISO 8601 format",
                ArgumentName="x-amz-object-lock-retain-until-date",
                ArgumentValue=until,
            )
        if parsed <= _now():
            raise S3Error(
                "InvalidArgument",
                "The retain until date must be in the future!",
                ArgumentName="x-amz-object-lock-retain-until-date",
                ArgumentValue=until,
            )
    if hold and hold not in ("ON", "OFF"):
        raise S3Error(
            "InvalidArgument",
            "Legal Hold must be either of 'ON' or 'OFF'",
            ArgumentName="x-amz-object-lock-legal-hold",
            ArgumentValue=hold,
        )


def _check_retention_change(call: S3Call, key: Any, data: bytes) -> None:
    fields = _xml_fields(data or b"<Retention/>")
    mode = fields.get("Mode") or None
    until = parse_date(fields.get("RetainUntilDate"))
    # Mode and RetainUntilDate come together, or neither (an empty Retention lifts it).
    if (mode and mode not in MODES) or bool(mode) != bool(fields.get("RetainUntilDate")):
        raise S3Error(
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema",
        )
    if until is not None and until <= _now():
        raise S3Error("InvalidArgument", "The retain until date must be in the future!")
    current_until = parse_date(getattr(key, "lock_until", None))
    current_mode = getattr(key, "lock_mode", None)
    if current_until is None or current_until <= _now() or current_mode not in MODES:
        return
    weaker = until is None or until < current_until or mode != current_mode
    if (
        current_mode == "COMPLIANCE"
        and weaker
        and not (mode == "COMPLIANCE" and until and until >= current_until)
    ):
        raise _protected()
    if current_mode == "GOVERNANCE" and weaker and mode != "COMPLIANCE" and not _bypass(call):
        raise _protected()


def _retention_answer(key: Any) -> Response:
    mode = getattr(key, "lock_mode", None)
    until = parse_date(getattr(key, "lock_until", None))
    if not mode or until is None:
        raise _no_configuration()
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Retention xmlns="{_XMLNS}"><Mode>{mode}</Mode><RetainUntilDate>{_iso(until)}</RetainUntilDate>'
        "</Retention>"
    )
    return Response(body, status=200, mimetype="application/xml")


def put_lock_configuration(
    backend: Any,
    bucket_name: str,
    lock_enabled: bool,
    mode: str | None = None,
    days: int | None = None,
    years: int | None = None,
) -> None:
    """moto refused it on a bucket with objects; S3 allows it on any versioned bucket."""
    from moto.s3.exceptions import InvalidBucketState

    bucket = backend.get_bucket(bucket_name)
    if not bucket.is_versioned:
        raise InvalidBucketState(
            "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration"
        )
    if lock_enabled:
        bucket.object_lock_enabled = True
        bucket.versioning_status = "Enabled"
    bucket.default_lock_mode = mode
    bucket.default_lock_days = days
    bucket.default_lock_years = years


def _malformed() -> S3Error:
    return S3Error(
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema",
    )


def _check_configuration(data: bytes) -> None:
    try:
        root = ElementTree.fromstring(data or b"")
    except ElementTree.ParseError:
        raise _malformed() from None
    fields = {element.tag.rpartition("}")[2]: (element.text or "").strip() for element in root.iter()}
    if fields.get("ObjectLockEnabled") != "Enabled":
        raise _malformed()
    if "Rule" not in fields:
        return
    days, years = fields.get("Days"), fields.get("Years")
    if fields.get("Mode") not in MODES or (days is None) == (years is None):
        raise _malformed()
    name, value = ("Days", days) if days is not None else ("Years", years)
    if not (value or "").lstrip("-").isdigit():
        raise _malformed()
    if int(value or "0") <= 0:
        raise S3Error(
            "InvalidArgument",
            "Default retention period must be a positive integer value",
            ArgumentName=name,
            ArgumentValue=value,
        )
